//! Arrivals that vary by hour of day and weekday: a non-homogeneous Poisson
//! process sampled by thinning (Lewis & Shedler 1979).
//!
//! Candidate arrivals are drawn at the highest rate the profile ever
//! reaches; each is kept with probability (rate now / highest rate). The
//! result is exactly a Poisson process with the time-varying rate, and the
//! draws depend only on the arrival stream, never on the state of the
//! hospital, so both arms of a replication see the same arrivals.

use crate::clock::{Calendar, MINUTES_PER_DAY, SimTime};
use crate::distributions::{exp1, uniform};
use crate::random::Stream;

/// Arrival rate as a function of calendar time.
#[derive(Debug, Clone)]
pub struct ArrivalProfile {
    base_per_min: f64,
    hourly: [f64; 24],
    weekday: [f64; 7],
    max_per_min: f64,
}

impl ArrivalProfile {
    /// `per_day` arrivals on an average day; weights are relative and are
    /// rescaled to mean 1 (absent means flat).
    pub fn new(per_day: f64, hourly: Option<&[f64]>, weekday: Option<&[f64]>) -> Self {
        let hourly: [f64; 24] = normalised(hourly);
        let weekday: [f64; 7] = normalised(weekday);
        let base_per_min = per_day / MINUTES_PER_DAY;
        let peak = |w: &[f64]| w.iter().copied().fold(0.0, f64::max);
        Self {
            base_per_min,
            hourly,
            weekday,
            max_per_min: base_per_min * peak(&hourly) * peak(&weekday),
        }
    }

    /// Arrivals per minute at `t`.
    pub fn rate_per_min(&self, calendar: &Calendar, t: SimTime) -> f64 {
        self.base_per_min
            * self.hourly[calendar.hour_of_day(t)]
            * self.weekday[calendar.weekday_index(t)]
    }

    /// The first arrival after `t`, or `None` if it falls at or after `horizon`.
    pub fn next_after(
        &self,
        calendar: &Calendar,
        mut t: SimTime,
        horizon: SimTime,
        rng: &mut Stream,
    ) -> Option<SimTime> {
        loop {
            t += exp1(rng) / self.max_per_min;
            if t >= horizon {
                return None;
            }
            let keep = self.rate_per_min(calendar, t) / self.max_per_min;
            // A flat profile keeps every candidate; skipping the draw there
            // makes the constant-rate case a plain Poisson process.
            if keep >= 1.0 || uniform(rng) < keep {
                return Some(t);
            }
        }
    }
}

fn normalised<const N: usize>(weights: Option<&[f64]>) -> [f64; N] {
    let mut out = [1.0; N];
    if let Some(w) = weights.filter(|w| w.len() == N) {
        let mean = w.iter().sum::<f64>() / N as f64;
        if mean > 0.0 {
            for (o, x) in out.iter_mut().zip(w) {
                *o = x / mean;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::{Process, StreamKey};
    use jiff::civil::date;

    #[test]
    fn profile_shapes_arrivals_by_hour_and_keeps_the_daily_mean() {
        let cal = Calendar::new(date(2017, 5, 12), 0, 0, 70);
        let mut hourly = [1.0; 24];
        hourly[10] = 3.0; // a busy late morning
        hourly[4] = 0.0; // nobody at 4am
        let p = ArrivalProfile::new(240.0, Some(&hourly), None);
        let mut rng = StreamKey {
            seed: 1,
            replication: 0,
            process: Process::EdArrivals,
            organisation: 0,
        }
        .stream();
        let (mut t, mut n, mut at4, mut at10) = (0.0, 0u32, 0u32, 0u32);
        while let Some(next) = p.next_after(&cal, t, cal.horizon(), &mut rng) {
            t = next;
            n += 1;
            match cal.hour_of_day(t) {
                4 => at4 += 1,
                10 => at10 += 1,
                _ => {}
            }
        }
        let per_day = f64::from(n) / 70.0;
        assert!((per_day - 240.0).abs() < 240.0 * 0.03, "{per_day}");
        assert_eq!(at4, 0);
        // hour 10 should carry 3/25.. of arrivals: 3 / (22 + 3) = 12%
        let share10 = f64::from(at10) / f64::from(n);
        assert!((share10 - 0.12).abs() < 0.01, "{share10}");
    }
}
