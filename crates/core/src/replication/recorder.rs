//! Attributing measurements to totals and report days.

use crate::clock::{Calendar, MINUTES_PER_DAY, SimTime};
use crate::metrics::{Metric, MetricValues};
use crate::model::{FOUR_HOURS_MIN, TWELVE_HOURS_MIN};

/// One organisation's totals and daily series.
pub(super) struct Recorder {
    pub(super) totals: MetricValues,
    pub(super) daily: Vec<MetricValues>,
}

impl Recorder {
    pub(super) fn new(report_days: usize) -> Self {
        Self {
            totals: MetricValues::default(),
            daily: vec![MetricValues::default(); report_days],
        }
    }

    /// Adds `amount` to a sum, on the day `attributed_to` falls in (nothing
    /// outside the reporting window).
    pub(super) fn add(&mut self, cal: &Calendar, attributed_to: SimTime, m: Metric, amount: f64) {
        if let Some(day) = cal.report_day_index(attributed_to) {
            self.totals.add(m, amount);
            self.daily[day].add(m, amount);
        }
    }

    /// Adds to a ratio's numerator and denominator.
    pub(super) fn add_ratio(
        &mut self,
        cal: &Calendar,
        attributed_to: SimTime,
        m: Metric,
        num: f64,
        den: f64,
    ) {
        if let Some(day) = cal.report_day_index(attributed_to) {
            self.totals.add_ratio(m, num, den);
            self.daily[day].add_ratio(m, num, den);
        }
    }

    /// Counts a stay of `stay` minutes from `arrived_at` against the 4-hour
    /// and 12-hour measures.
    pub(super) fn long_stay(&mut self, cal: &Calendar, arrived_at: SimTime, stay: f64) {
        if stay > FOUR_HOURS_MIN {
            self.add(cal, arrived_at, Metric::Ed4hBreaches, 1.0);
        }
        if stay > TWELVE_HOURS_MIN {
            self.add(cal, arrived_at, Metric::Ed12hStays, 1.0);
        }
    }

    /// Adds time-weighted levels over [from, to), split at day boundaries and
    /// clipped to the reporting window.
    pub(super) fn integrate(&mut self, cal: &Calendar, from: SimTime, to: SimTime, levels: Levels) {
        let mut t = from.max(cal.report_start());
        let end = to.min(cal.horizon());
        while t < end {
            let Some(day) = cal.report_day_index(t) else {
                break;
            };
            let day_end = cal.report_start() + (day as f64 + 1.0) * MINUTES_PER_DAY;
            let dt = end.min(day_end) - t;
            for target in [&mut self.totals, &mut self.daily[day]] {
                target.add_ratio(Metric::EdQueueLengthMean, levels.waiting * dt, dt);
                target.add_ratio(
                    Metric::EdUtilisation,
                    levels.in_treatment * dt,
                    levels.cubicles * dt,
                );
                target.add(Metric::DowntimeProcedureHours, levels.downtime * dt / 60.0);
                target.add(Metric::SystemsDownHours, levels.systems_down * dt / 60.0);
                target.add(Metric::EdDivertHours, levels.on_divert * dt / 60.0);
                if levels.systems_mask != 0 {
                    for (i, m) in SYSTEM_DOWN_METRICS.iter().enumerate() {
                        if levels.systems_mask & (1 << i) != 0 {
                            target.add(*m, dt / 60.0);
                        }
                    }
                }
                if levels.beds > 0.0 {
                    target.add_ratio(
                        Metric::BedOccupancy,
                        levels.beds_occupied * dt,
                        levels.beds * dt,
                    );
                    target.add(
                        Metric::DelayedDischargeBedDays,
                        levels.delay_rate * dt / MINUTES_PER_DAY,
                    );
                }
            }
            t += dt;
        }
    }
}

/// The per-system down-hours metrics, in `ItSystem::ALL` (bit) order.
const SYSTEM_DOWN_METRICS: [Metric; 10] = [
    Metric::NetworkDownHours,
    Metric::DirectoryDownHours,
    Metric::PasDownHours,
    Metric::EprDownHours,
    Metric::PacsDownHours,
    Metric::LimsDownHours,
    Metric::EmailDownHours,
    Metric::EReferralDownHours,
    Metric::TelephonyDownHours,
    Metric::MedicalDevicesDownHours,
];

/// Piecewise-constant levels between two state changes.
#[derive(Clone, Copy)]
pub(super) struct Levels {
    pub(super) waiting: f64,
    pub(super) in_treatment: f64,
    pub(super) cubicles: f64,
    pub(super) downtime: f64,
    pub(super) systems_down: f64,
    /// The systems effectively down (bits in `ItSystem::ALL` order).
    pub(super) systems_mask: u16,
    pub(super) on_divert: f64,
    pub(super) beds: f64,
    pub(super) beds_occupied: f64,
    /// Bed-days of delay added per day: occupied beds × (1 − pace).
    pub(super) delay_rate: f64,
}
