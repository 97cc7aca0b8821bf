//! An organisation's IT over the run as a piecewise-constant timeline, and
//! the share of each working day its services spend without a system they
//! need.
//!
//! Scheduled care is booked by the day, so it does not need the event
//! loop: the incident windows, known when a replication starts, give each
//! organisation's effectively-down systems at every moment, from which the
//! share of the working hours (08:00-18:00) each service was without a
//! system it needs follows directly.

use crate::clock::{MINUTES_PER_DAY, SimTime};
use crate::model::{ItEstate, SystemsState};

/// Start of the working hours of scheduled care, minutes after midnight.
pub const WORKING_DAY_START_MIN: f64 = 8.0 * 60.0;
/// End of the working hours, minutes after midnight.
pub const WORKING_DAY_END_MIN: f64 = 18.0 * 60.0;

/// The systems effectively down at one organisation over time: from each
/// segment's start until the next one's, the mask is constant. Empty: all
/// up all the time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timeline {
    segments: Vec<(SimTime, u16)>,
}

impl Timeline {
    /// The timeline of the windows `(start, end, systems held down)`.
    pub fn new(
        windows: impl IntoIterator<Item = (SimTime, SimTime, u16)>,
        estate: &ItEstate,
    ) -> Self {
        // Releases sort before holds at the same instant, so back-to-back
        // windows do not leave a zero-length gap or overlap.
        let mut changes: Vec<(SimTime, bool, u16)> = Vec::new();
        for (start, end, systems) in windows {
            if end > start {
                changes.push((start.max(0.0), true, systems));
                changes.push((end, false, systems));
            }
        }
        changes.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut state = SystemsState::default();
        let mut segments: Vec<(SimTime, u16)> = Vec::new();
        for (t, down, systems) in changes {
            if down {
                state.take_down(estate, systems);
            } else {
                state.release(estate, systems);
            }
            match segments.last_mut() {
                Some(last) if last.0 == t => last.1 = state.effective(),
                _ => segments.push((t, state.effective())),
            }
        }
        Self { segments }
    }

    /// Whether anything is ever down.
    pub fn is_empty(&self) -> bool {
        self.segments.iter().all(|s| s.1 == 0)
    }

    /// When a system in `needs` first goes effectively down, if ever.
    pub fn first_down(&self, needs: u16) -> Option<SimTime> {
        self.segments.iter().find(|s| s.1 & needs != 0).map(|s| s.0)
    }

    /// Minutes of [from, to) during which a system in `needs` was
    /// effectively down.
    pub fn minutes_down(&self, from: SimTime, to: SimTime, needs: u16) -> f64 {
        let mut total = 0.0;
        for (i, &(start, mask)) in self.segments.iter().enumerate() {
            if mask & needs == 0 {
                continue;
            }
            let end = self.segments.get(i + 1).map_or(f64::INFINITY, |s| s.0);
            let overlap = end.min(to) - start.max(from);
            if overlap > 0.0 {
                total += overlap;
            }
        }
        total
    }

    /// Share of day `day`'s working hours during which a system in `needs`
    /// was effectively down, in [0, 1].
    pub fn working_day_down_share(&self, day: u32, needs: u16) -> f64 {
        if self.segments.is_empty() || needs == 0 {
            return 0.0;
        }
        let midnight = f64::from(day) * MINUTES_PER_DAY;
        let (from, to) = (
            midnight + WORKING_DAY_START_MIN,
            midnight + WORKING_DAY_END_MIN,
        );
        (self.minutes_down(from, to, needs) / (to - from)).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{ItSystem, default_dependencies};

    fn estate() -> ItEstate {
        ItEstate::new(&default_dependencies())
    }

    #[test]
    fn a_window_over_the_whole_working_day_downs_it_entirely() {
        let t = Timeline::new([(1440.0, 3.0 * 1440.0, ItSystem::Pas.bit())], &estate());
        assert_eq!(t.working_day_down_share(0, ItSystem::Pas.bit()), 0.0);
        assert_eq!(t.working_day_down_share(1, ItSystem::Pas.bit()), 1.0);
        assert_eq!(t.working_day_down_share(2, ItSystem::Pas.bit()), 1.0);
        assert_eq!(t.working_day_down_share(3, ItSystem::Pas.bit()), 0.0);
        // A service that does not need the PAS is untouched.
        assert_eq!(t.working_day_down_share(1, ItSystem::Email.bit()), 0.0);
    }

    #[test]
    fn a_network_outage_from_noon_takes_dependants_for_the_afternoon() {
        let noon = 1440.0 + 12.0 * 60.0;
        let t = Timeline::new(
            [(noon, noon + 48.0 * 60.0, ItSystem::Network.bit())],
            &estate(),
        );
        // 12:00-18:00 of the 10 working hours.
        let share = t.working_day_down_share(1, ItSystem::Epr.bit());
        assert!((share - 0.6).abs() < 1e-12, "{share}");
        assert_eq!(
            t.working_day_down_share(1, ItSystem::MedicalDevices.bit()),
            0.0
        );
    }

    #[test]
    fn overlapping_windows_count_once_and_back_to_back_ones_leave_no_gap() {
        let d = 1440.0;
        let t = Timeline::new(
            [
                (d + 480.0, d + 720.0, ItSystem::Lims.bit()),
                (d + 600.0, d + 840.0, ItSystem::Lims.bit()),
                (d + 840.0, d + 1080.0, ItSystem::Lims.bit()),
            ],
            &estate(),
        );
        assert_eq!(t.working_day_down_share(1, ItSystem::Lims.bit()), 1.0);
    }
}
