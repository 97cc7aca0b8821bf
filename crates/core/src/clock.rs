//! Simulation time and the calendar it maps onto.
//!
//! The engine counts time in **minutes** from midnight at the start of the
//! scenario's first simulated day ([`SimTime`]). Because that day is a real
//! calendar date, the engine can ask which weekday and hour a moment falls
//! on, which drives arrival profiles (Monday mornings are busier than Sunday
//! nights) and clinic sessions.
//!
//! A run is laid out in days around the attack day (day 0 of every report):
//!
//! ```text
//! |-- warm-up --|-- days before attack --|-- day 0 (attack) ... follow-up --|
//! start_date                              attack_date                  horizon
//! ```
//!
//! Statistics from the warm-up are discarded: it exists only so that queues
//! and beds are at a realistic level when reporting starts.

use jiff::civil::{Date, DateTime, Weekday};

/// Minutes in one day.
pub const MINUTES_PER_DAY: f64 = 1440.0;

/// A moment in simulated time: minutes since midnight of the first simulated day.
pub type SimTime = f64;

/// The calendar of one run: where simulated minute 0 sits in real time and
/// which days are warm-up, reported, before and after the attack.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    start_date: Date,
    attack_date: Date,
    warm_up_days: u32,
    days_before_attack: u32,
    follow_up_days: u32,
}

impl Calendar {
    /// Lays out a run: `warm_up_days` of discarded warm-up, then
    /// `days_before_attack` reported days, then the attack day and
    /// `follow_up_days - 1` further days.
    pub fn new(
        attack_date: Date,
        warm_up_days: u32,
        days_before_attack: u32,
        follow_up_days: u32,
    ) -> Self {
        let lead_days = i64::from(warm_up_days) + i64::from(days_before_attack);
        let start_date = attack_date
            .checked_sub(jiff::Span::new().days(lead_days))
            .unwrap_or(attack_date);
        Self {
            start_date,
            attack_date,
            warm_up_days,
            days_before_attack,
            follow_up_days,
        }
    }

    /// The first simulated day (warm-up starts at its midnight).
    pub fn start_date(&self) -> Date {
        self.start_date
    }

    /// Day 0 of every report.
    pub fn attack_date(&self) -> Date {
        self.attack_date
    }

    /// Minutes from the start at which reporting (and statistics) begin.
    pub fn report_start(&self) -> SimTime {
        f64::from(self.warm_up_days) * MINUTES_PER_DAY
    }

    /// The attack day as a simulated day number (0 = the first simulated day).
    pub fn attack_day(&self) -> u32 {
        self.warm_up_days + self.days_before_attack
    }

    /// Minutes from the start at which the run ends.
    pub fn horizon(&self) -> SimTime {
        f64::from(self.warm_up_days + self.days_before_attack + self.follow_up_days)
            * MINUTES_PER_DAY
    }

    /// Length of the reporting window in minutes.
    pub fn report_window_min(&self) -> f64 {
        self.horizon() - self.report_start()
    }

    /// Number of reported days (before the attack, the attack day and after).
    pub fn report_days(&self) -> usize {
        (self.days_before_attack + self.follow_up_days) as usize
    }

    /// The report day (0-based index into reported days) that `t` falls in,
    /// or `None` during warm-up or after the horizon.
    pub fn report_day_index(&self, t: SimTime) -> Option<usize> {
        if t < self.report_start() || t >= self.horizon() {
            return None;
        }
        Some(((t - self.report_start()) / MINUTES_PER_DAY) as usize)
    }

    /// The day relative to the attack (day 0) of a report-day index.
    pub fn relative_day(&self, report_day_index: usize) -> i64 {
        report_day_index as i64 - i64::from(self.days_before_attack)
    }

    /// The calendar date of a report-day index.
    pub fn report_date(&self, report_day_index: usize) -> Date {
        self.attack_date
            .checked_add(jiff::Span::new().days(self.relative_day(report_day_index)))
            .unwrap_or(self.attack_date)
    }

    /// Simulated minutes of a civil date and time (may be negative or past
    /// the horizon; callers check).
    pub fn minutes_at(&self, at: DateTime) -> SimTime {
        let start = self.start_date.to_datetime(jiff::civil::Time::midnight());
        let span = start
            .until((jiff::Unit::Second, at))
            .map(|s| s.get_seconds())
            .unwrap_or(0);
        span as f64 / 60.0
    }

    /// Hour of the day (0–23) at `t`.
    pub fn hour_of_day(&self, t: SimTime) -> usize {
        ((t.rem_euclid(MINUTES_PER_DAY)) / 60.0) as usize % 24
    }

    /// Weekday at `t`, Monday = 0 … Sunday = 6.
    pub fn weekday_index(&self, t: SimTime) -> usize {
        let start = weekday_monday0(self.start_date.weekday());
        let days = (t / MINUTES_PER_DAY).floor() as i64;
        (start as i64 + days).rem_euclid(7) as usize
    }
}

fn weekday_monday0(w: Weekday) -> usize {
    w.to_monday_zero_offset() as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn layout_around_the_attack_day() {
        // WannaCry: Friday 12 May 2017.
        let c = Calendar::new(date(2017, 5, 12), 14, 7, 28);
        assert_eq!(c.start_date(), date(2017, 4, 21));
        assert_eq!(c.report_start(), 14.0 * MINUTES_PER_DAY);
        assert_eq!(c.horizon(), 49.0 * MINUTES_PER_DAY);
        assert_eq!(c.report_days(), 35);
        let attack_min = c.minutes_at(date(2017, 5, 12).at(0, 0, 0, 0));
        let idx = c.report_day_index(attack_min).unwrap();
        assert_eq!(c.relative_day(idx), 0);
        assert_eq!(c.report_date(idx), date(2017, 5, 12));
        assert_eq!(c.report_day_index(0.0), None);
        assert_eq!(c.report_day_index(c.horizon()), None);
    }

    #[test]
    fn weekdays_and_hours_are_real() {
        let c = Calendar::new(date(2017, 5, 12), 0, 0, 7);
        assert_eq!(c.weekday_index(0.0), 4); // Friday
        assert_eq!(c.weekday_index(MINUTES_PER_DAY * 3.0 + 1.0), 0); // Monday
        assert_eq!(c.hour_of_day(13.0 * 60.0 + 5.0), 13);
        assert_eq!(c.hour_of_day(MINUTES_PER_DAY + 59.0), 0);
    }
}
