//! General and acute beds with a discharge process that slows while a
//! system it needs is down.
//!
//! Each inpatient's length of stay is *work* measured at the normal pace of
//! discharge. While a system their discharge needs is effectively down, the
//! ward works through that work more slowly: the stay still to run is
//! stretched by the delay factor of the slowest held-up step for as long as
//! the system is down.
//!
//! Not every discharge waits on the same steps. Every patient needs the
//! discharge summary and take-home medicines; only those going home with a
//! new or restarted package of care (the NHS "discharge pathways" 1–3)
//! also wait on the hand-off to social and community care. The ward keeps
//! one **discharge clock per discharge route**, each running at pace 1
//! normally and 1/factor while a step of that route is held up; a patient
//! is discharged when their route's clock reaches their admission reading
//! plus their length of stay. Only the ward's next discharge is on the
//! event list at any time: a change of pace reschedules it, and a stale
//! event is recognised by its token and ignored.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use crate::clock::SimTime;
use crate::distributions::Sampler;

/// General and acute beds fed by emergency admissions and elective
/// inpatients.
#[derive(Debug, Clone)]
pub struct Beds {
    /// Staffed beds.
    pub count: u32,
    /// Probability that an ED patient is admitted.
    pub admission_share: f64,
    /// Length of stay of an emergency admission, in days.
    pub los_days: Sampler,
    /// Length of stay of an elective inpatient, in days.
    pub elective_los_days: Sampler,
    /// What discharge depends on: the discharge summary (EPR), take-home
    /// medicines (pharmacy) and the hand-off to social care, in that order
    /// ([`SOCIAL_CARE_STEP`] is the last).
    pub discharge: [DischargeDependency; 3],
    /// Share of emergency admissions discharged with a new or restarted
    /// package of care, whose discharge waits on the social-care hand-off.
    pub with_support_share: f64,
    /// Multiplier on an emergency admission's drawn length of stay, per
    /// acuity band, averaging 1 over admissions.
    pub los_factor_by_acuity: [f64; 3],
}

/// Index of the social-care hand-off in [`Beds::discharge`].
pub const SOCIAL_CARE_STEP: usize = 2;

/// One step of discharge and the systems it needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DischargeDependency {
    /// The systems it needs, as a mask.
    pub needs: u16,
    /// How many times more slowly the stay still to run advances while a
    /// system it needs is down (>= 1).
    pub delay_factor: f64,
}

/// Which discharge steps a patient waits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DischargeRoute {
    /// Home with no new support (discharge pathway 0): the summary and
    /// take-home medicines only.
    Simple = 0,
    /// Home or to a bed elsewhere with a new or restarted package of care
    /// (pathways 1–3): the social-care hand-off too.
    WithSupport = 1,
}

impl DischargeRoute {
    /// Both routes, in lane order.
    pub const ALL: [DischargeRoute; 2] = [DischargeRoute::Simple, DischargeRoute::WithSupport];
}

/// How a patient came to be in a bed (for the patient accounting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AdmissionKind {
    /// Through the emergency department.
    Emergency,
    /// A booked elective inpatient.
    Elective,
}

/// A patient to be put in a bed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Admission {
    /// Length of stay, minutes at the normal pace of discharge.
    pub los_min: f64,
    /// The steps their discharge waits on.
    pub route: DischargeRoute,
}

impl Beds {
    /// The pace of discharge on `route` while the systems in `down` are
    /// effectively down: 1 over the largest delay factor of the route's
    /// steps held up. The steps run side by side, so a discharge waits for
    /// the slowest one, not for the product of their delays (A17).
    pub fn discharge_pace(&self, down: u16, route: DischargeRoute) -> f64 {
        let slowest = self
            .discharge
            .iter()
            .enumerate()
            .filter(|(step, _)| route == DischargeRoute::WithSupport || *step != SOCIAL_CARE_STEP)
            .filter(|(_, d)| down & d.needs != 0)
            .map(|(_, d)| d.delay_factor)
            .fold(1.0, f64::max);
        1.0 / slowest
    }

    /// The pace of each route's discharge clock while `down` is down.
    pub fn discharge_paces(&self, down: u16) -> [f64; 2] {
        DischargeRoute::ALL.map(|route| self.discharge_pace(down, route))
    }
}

/// Relative lengths of stay per acuity band, rescaled so their mean over
/// admissions is 1 (admission does not depend on the band, so admissions
/// have the bands' shares).
pub(super) fn los_factors(relative: [f64; 3], band_shares: [f64; 3]) -> [f64; 3] {
    let mean: f64 = relative.iter().zip(band_shares).map(|(r, s)| r * s).sum();
    if mean > 0.0 {
        relative.map(|r| r / mean)
    } else {
        [1.0; 3]
    }
}

/// A discharge-clock reading, ordered totally (never NaN), and who is due
/// at it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Due(f64, AdmissionKind);
impl Eq for Due {}
impl PartialOrd for Due {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Due {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0).then(self.1.cmp(&other.1))
    }
}

/// An admitted patient, treated, waiting in a cubicle for a bed.
#[derive(Debug, Clone, Copy)]
pub struct AwaitingBed {
    /// When they arrived at the department.
    pub arrived_at: SimTime,
    /// When their treatment ended (exit block starts).
    pub since: SimTime,
    /// Their stay in a bed.
    pub admission: Admission,
}

/// The inpatients on one discharge route and that route's clock.
#[derive(Debug, Clone)]
struct Lane {
    /// Discharge-clock readings at which each inpatient is discharged.
    due: BinaryHeap<Reverse<Due>>,
    clock: f64,
    clock_at: SimTime,
    pace: f64,
}

impl Default for Lane {
    fn default() -> Self {
        Self {
            due: BinaryHeap::new(),
            clock: 0.0,
            clock_at: 0.0,
            pace: 1.0,
        }
    }
}

impl Lane {
    fn advance(&mut self, now: SimTime) {
        self.clock += (now - self.clock_at) * self.pace;
        self.clock_at = now;
    }

    /// When the next patient is due, at the present pace.
    fn next_at(&self, now: SimTime) -> Option<SimTime> {
        let Reverse(Due(due, _)) = self.due.peek()?;
        Some(now + (due - self.clock).max(0.0) / self.pace)
    }
}

/// The changing state of one trust's beds.
#[derive(Debug, Clone, Default)]
pub struct Ward {
    /// Admitted patients waiting in a cubicle for a bed, first come first served.
    pub awaiting: VecDeque<AwaitingBed>,
    lanes: [Lane; 2],
    /// The lane of the discharge last scheduled.
    next_lane: usize,
    token: u64,
}

impl Ward {
    /// Beds occupied.
    pub fn occupied(&self) -> u32 {
        self.lanes.iter().map(|l| l.due.len() as u32).sum()
    }

    /// Beds occupied by elective inpatients (counted at the end of a run).
    pub fn elective_occupied(&self) -> u32 {
        self.lanes
            .iter()
            .flat_map(|l| l.due.iter())
            .filter(|Reverse(Due(_, kind))| *kind == AdmissionKind::Elective)
            .count() as u32
    }

    /// Bed-days of delay accruing per day now: each inpatient whose
    /// discharge runs at pace p adds 1 − p.
    pub fn delay_rate(&self) -> f64 {
        self.lanes
            .iter()
            .map(|l| l.due.len() as f64 * (1.0 - l.pace))
            .sum()
    }

    /// Sets each route's pace of discharge at `now` (1, or 1/factor while
    /// a step it needs is held up). Returns whether any changed (the next
    /// discharge must then be rescheduled).
    pub fn set_pace(&mut self, now: SimTime, paces: [f64; 2]) -> bool {
        let mut changed = false;
        for (lane, pace) in self.lanes.iter_mut().zip(paces) {
            lane.advance(now);
            changed |= pace != lane.pace;
            lane.pace = pace;
        }
        changed
    }

    /// Puts a patient in a bed at `now`.
    pub fn admit(&mut self, now: SimTime, admission: Admission, kind: AdmissionKind) {
        let lane = &mut self.lanes[admission.route as usize];
        lane.advance(now);
        lane.due
            .push(Reverse(Due(lane.clock + admission.los_min, kind)));
    }

    /// The discharge event with `token` fired at `now`: discharges the
    /// patient due, unless the event is stale. Returns who left.
    pub fn discharge(&mut self, now: SimTime, token: u64) -> Option<AdmissionKind> {
        if token != self.token {
            return None;
        }
        let lane = &mut self.lanes[self.next_lane];
        lane.advance(now);
        let Reverse(Due(due, kind)) = lane.due.pop()?;
        lane.clock = lane.clock.max(due);
        Some(kind)
    }

    /// The next discharge as (time, token), invalidating any earlier one.
    pub fn next_discharge(&mut self, now: SimTime) -> Option<(SimTime, u64)> {
        self.token += 1;
        let mut next: Option<(SimTime, usize)> = None;
        for (i, lane) in self.lanes.iter_mut().enumerate() {
            lane.advance(now);
            if let Some(at) = lane.next_at(now)
                && next.is_none_or(|(t, _)| at < t)
            {
                next = Some((at, i));
            }
        }
        let (at, lane) = next?;
        self.next_lane = lane;
        Some((at, self.token))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{DistributionKind, DistributionSpec, ItSystem};

    fn beds() -> Beds {
        let dep = |s: ItSystem, delay_factor| DischargeDependency {
            needs: s.bit(),
            delay_factor,
        };
        let fixed = |mean| {
            Sampler::new(&DistributionSpec {
                distribution: DistributionKind::Fixed,
                mean,
                sd: None,
            })
            .unwrap()
        };
        Beds {
            count: 10,
            admission_share: 0.3,
            los_days: fixed(5.0),
            elective_los_days: fixed(3.0),
            with_support_share: 0.5,
            discharge: [
                dep(ItSystem::Pas, 1.5),
                dep(ItSystem::Lims, 1.2),
                dep(ItSystem::Email, 1.3),
            ],
            los_factor_by_acuity: [1.0; 3],
        }
    }

    #[test]
    fn each_discharge_dependency_slows_discharge_and_the_slowest_rules() {
        let b = beds();
        let pace = |down| b.discharge_pace(down, DischargeRoute::WithSupport);
        assert_eq!(pace(0), 1.0);
        assert_eq!(pace(ItSystem::Pas.bit()), 1.0 / 1.5);
        assert_eq!(pace(ItSystem::Lims.bit()), 1.0 / 1.2);
        assert_eq!(pace(ItSystem::Email.bit()), 1.0 / 1.3);
        assert_eq!(pace(ItSystem::Telephony.bit()), 1.0);
        let all = ItSystem::Pas.bit() | ItSystem::Lims.bit() | ItSystem::Email.bit();
        assert_eq!(pace(all), 1.0 / 1.5);
    }

    #[test]
    fn only_discharges_with_support_wait_on_the_social_care_hand_off() {
        let b = beds();
        let email = ItSystem::Email.bit();
        assert_eq!(b.discharge_paces(email), [1.0, 1.0 / 1.3]);
        let pas = ItSystem::Pas.bit();
        assert_eq!(b.discharge_paces(pas | email), [1.0 / 1.5, 1.0 / 1.5]);
    }

    #[test]
    fn each_route_keeps_its_own_clock() {
        let simple = |los_min| Admission {
            los_min,
            route: DischargeRoute::Simple,
        };
        let supported = |los_min| Admission {
            los_min,
            route: DischargeRoute::WithSupport,
        };
        let mut w = Ward::default();
        w.admit(0.0, simple(100.0), AdmissionKind::Emergency);
        w.admit(0.0, supported(90.0), AdmissionKind::Elective);
        assert_eq!(w.occupied(), 2);
        assert_eq!(w.elective_occupied(), 1);
        // Email down from 0: only the supported patient slows (factor 2).
        assert!(w.set_pace(0.0, [1.0, 0.5]));
        assert_eq!(w.delay_rate(), 0.5);
        let (t, token) = w.next_discharge(0.0).unwrap();
        assert_eq!(t, 100.0, "the simple discharge is now first");
        assert_eq!(w.discharge(t, token), Some(AdmissionKind::Emergency));
        let (t, token) = w.next_discharge(t).unwrap();
        assert_eq!(t, 180.0);
        assert_eq!(w.discharge(t, token), Some(AdmissionKind::Elective));
        assert_eq!((w.occupied(), w.elective_occupied()), (0, 0));
    }

    #[test]
    fn length_of_stay_by_acuity_keeps_the_configured_mean() {
        let shares = [0.1, 0.45, 0.45];
        let f = los_factors([1.5, 1.0, 0.75], shares);
        let mean: f64 = f.iter().zip(shares).map(|(f, s)| f * s).sum();
        assert!((mean - 1.0).abs() < 1e-12);
        assert!((f[0] / f[2] - 2.0).abs() < 1e-12, "ratios are kept");
        assert_eq!(los_factors([1.0; 3], shares), [1.0; 3]);
    }

    #[test]
    fn a_slowed_clock_stretches_the_stay_still_to_run() {
        let mut w = Ward::default();
        let admission = Admission {
            los_min: 100.0,
            route: DischargeRoute::Simple,
        };
        w.admit(0.0, admission, AdmissionKind::Emergency);
        assert_eq!(w.next_discharge(0.0).map(|x| x.0), Some(100.0));
        // Down from 40 to 60 at factor 2: 20 minutes do 10 minutes' work.
        w.set_pace(40.0, [0.5, 0.5]);
        let (t, _) = w.next_discharge(40.0).unwrap();
        assert_eq!(t, 160.0);
        w.set_pace(60.0, [1.0, 1.0]);
        let (t, token) = w.next_discharge(60.0).unwrap();
        assert_eq!(t, 110.0);
        assert_eq!(w.discharge(t, token - 1), None, "a stale event is ignored");
        assert_eq!(w.discharge(t, token), Some(AdmissionKind::Emergency));
        assert_eq!(w.occupied(), 0);
    }
}
