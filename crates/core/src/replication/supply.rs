//! A supplier working at a reduced share of its capacity (Synnovis 2024):
//! what its dependants get of the service over time.
//!
//! A supplier outage reaches each dependant as windows holding the
//! service's system (pathology → `lims`) with `capacity_share = Some(c)`.
//! With `c > 0` the system is not down at the dependant: the service
//! still works, at share `c` of its normal throughput, so
//!
//! - scheduled care whose needs include the system loses `1 − c` of its
//!   sessions (the tests, pre-operative or otherwise, that cannot be
//!   processed), time-weighted over the working hours;
//! - an emergency department's pathology requests take `1 / c` times
//!   their normal turnaround (the same work through a fraction of the
//!   throughput), capped at the department's paper-mode pathology factor
//!   (×1.62, Larsen et al. 2019); no result is lost.
//!
//! A window with `c = 0` delivers nothing and holds the system down like
//! any outage (paper mode). See `docs/model/attacks.md`, section 2.

use crate::attack::SystemWindow;
use crate::clock::{MINUTES_PER_DAY, SimTime};
use crate::model::{DiagnosticOutcome, EmergencyDepartment, WaitingPatient};

use super::timeline::{WORKING_DAY_END_MIN, WORKING_DAY_START_MIN};

/// Index of pathology among the emergency department's diagnostics.
const PATHOLOGY: usize = 1;

/// Whether a window holds its systems down (an outage, or a supplier
/// delivering nothing) rather than delivering them at reduced capacity.
pub(super) fn holds_down(w: &SystemWindow) -> bool {
    w.capacity_share.is_none_or(|c| c <= 0.0)
}

/// One organisation's reduced-capacity windows.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Supply {
    /// (start, end, systems, capacity share), share in (0, 1].
    windows: Vec<(SimTime, SimTime, u16, f64)>,
}

impl Supply {
    /// The reduced-capacity windows among `windows`.
    pub(super) fn new<'a>(windows: impl IntoIterator<Item = &'a SystemWindow>) -> Self {
        Self {
            windows: windows
                .into_iter()
                .filter(|w| !holds_down(w) && w.end > w.start)
                .filter_map(|w| {
                    let share = w.capacity_share?.min(1.0);
                    (share < 1.0).then_some((w.start, w.end, w.systems, share))
                })
                .collect(),
        }
    }

    /// Whether any reduced capacity ever applies.
    #[cfg(test)]
    pub(super) fn is_empty(&self) -> bool {
        self.windows.is_empty()
    }

    /// The share of normal capacity delivered at `t` to a service needing
    /// `needs`: the lowest of the windows covering `t`, 1 if none.
    pub(super) fn share_at(&self, t: SimTime, needs: u16) -> f64 {
        self.windows
            .iter()
            .filter(|w| w.2 & needs != 0 && w.0 <= t && t < w.1)
            .map(|w| w.3)
            .fold(1.0, f64::min)
    }

    /// The share of day `day`'s working hours' sessions a service needing
    /// `needs` loses: Σ over windows of (share of the working hours they
    /// cover) × (1 − capacity share), at most 1.
    pub(super) fn working_day_lost_share(&self, day: u32, needs: u16) -> f64 {
        if needs == 0 {
            return 0.0;
        }
        let midnight = f64::from(day) * MINUTES_PER_DAY;
        let (from, to) = (
            midnight + WORKING_DAY_START_MIN,
            midnight + WORKING_DAY_END_MIN,
        );
        let lost: f64 = self
            .windows
            .iter()
            .filter(|w| w.2 & needs != 0)
            .map(|w| {
                let overlap = (w.1.min(to) - w.0.max(from)).max(0.0) / (to - from);
                overlap * (1.0 - w.3)
            })
            .sum();
        lost.clamp(0.0, 1.0)
    }
}

/// A patient's diagnostics with pathology slowed by a supplier delivering
/// `share` of its capacity: turnaround × min(1 / share, paper-mode factor).
///
/// The cap is an ASSUMPTION: a laboratory short of capacity triages the
/// emergency department's samples first and processes them by hand (in
/// June 2024 GPs were asked to send only urgent bloods), so an emergency
/// sample is delayed no more than in any downtime on paper, for which the
/// department's `paper_turnaround_factor` (×1.62, Larsen et al. 2019) is
/// the published figure. No turnaround was published for Synnovis.
/// A request already delayed by a system down
/// at the trust keeps that (paper) outcome. Draws nothing.
pub(super) fn slow_pathology(
    ed: &EmergencyDepartment,
    patient: &WaitingPatient,
    share: f64,
    mut dx: DiagnosticOutcome,
) -> DiagnosticOutcome {
    let Some(request) = patient.diagnostics[PATHOLOGY] else {
        return dx;
    };
    if share >= 1.0 || dx.delayed[PATHOLOGY] || ed.diagnostics.len() <= PATHOLOGY {
        return dx;
    }
    let factor = turnaround_factor(share, ed.diagnostics[PATHOLOGY].paper_turnaround_factor);
    let actual = request.turnaround_min * factor;
    dx.turnaround_min[PATHOLOGY] = actual;
    dx.delayed[PATHOLOGY] = true;
    dx.extra_min = dx.extra_min.max(actual - request.turnaround_min);
    dx
}

/// How much longer a turnaround takes at `share` of a laboratory's
/// capacity: `1 / share`, at most `paper_factor` (see [`slow_pathology`]).
fn turnaround_factor(share: f64, paper_factor: f64) -> f64 {
    (1.0 / share.max(f64::MIN_POSITIVE))
        .min(paper_factor.max(1.0))
        .max(1.0)
}

/// The pathology needs of a department (0 if it models none).
pub(super) fn pathology_needs(ed: &EmergencyDepartment) -> u16 {
    ed.diagnostics.get(PATHOLOGY).map_or(0, |d| d.needs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(start: SimTime, end: SimTime, share: Option<f64>) -> SystemWindow {
        SystemWindow {
            start,
            end,
            systems: 1 << 5,
            capacity_share: share,
        }
    }

    #[test]
    fn a_share_of_half_loses_half_the_sessions_and_full_share_none() {
        let day = 2u32;
        let d = f64::from(day) * MINUTES_PER_DAY;
        let s = Supply::new(&[
            window(d, d + MINUTES_PER_DAY, Some(0.5)),
            window(d + MINUTES_PER_DAY, d + 2.0 * MINUTES_PER_DAY, Some(1.0)),
        ]);
        assert_eq!(s.working_day_lost_share(day, 1 << 5), 0.5);
        assert_eq!(s.working_day_lost_share(day + 1, 1 << 5), 0.0);
        assert_eq!(s.working_day_lost_share(day, 1 << 4), 0.0);
        assert_eq!(s.share_at(d + 600.0, 1 << 5), 0.5);
        assert_eq!(s.share_at(d + MINUTES_PER_DAY + 600.0, 1 << 5), 1.0);
    }

    #[test]
    fn reduced_capacity_slows_pathology_up_to_the_paper_factor() {
        assert_eq!(turnaround_factor(1.0, 1.62), 1.0);
        assert!((turnaround_factor(0.8, 1.62) - 1.25).abs() < 1e-12);
        // Below 1/1.62 of capacity the laboratory triages: paper-mode delay.
        assert_eq!(turnaround_factor(0.5, 1.62), 1.62);
        assert_eq!(turnaround_factor(0.1, 1.62), 1.62);
        assert_eq!(turnaround_factor(0.1, 0.9), 1.0);
    }

    #[test]
    fn a_window_over_half_the_working_hours_counts_half() {
        // From 13:00: 5 of the 10 working hours at share 0.2.
        let d = MINUTES_PER_DAY;
        let s = Supply::new(&[window(
            d + 13.0 * 60.0,
            d + 3.0 * MINUTES_PER_DAY,
            Some(0.2),
        )]);
        let lost = s.working_day_lost_share(1, 1 << 5);
        assert!((lost - 0.4).abs() < 1e-12, "{lost}");
    }

    #[test]
    fn a_supplier_delivering_nothing_holds_the_system_down() {
        assert!(holds_down(&window(0.0, 1.0, Some(0.0))));
        assert!(holds_down(&window(0.0, 1.0, None)));
        assert!(!holds_down(&window(0.0, 1.0, Some(0.1))));
        assert!(Supply::new(&[window(0.0, 10.0, Some(0.0))]).is_empty());
    }
}
