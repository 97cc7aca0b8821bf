//! General and acute beds with a discharge process that slows while a
//! system it needs is down.
//!
//! Each inpatient's length of stay is *work* measured at the normal pace of
//! discharge. While a system discharge needs is effectively down, the ward
//! works through that work `discharge_delay_factor` times more slowly: the
//! length of stay still to run is stretched by the factor for as long as
//! the system is down. The ward keeps one **discharge clock** that runs at
//! pace 1 normally and 1/factor during an outage; a patient is discharged
//! when the clock reaches their admission reading plus their length of
//! stay. Only the next discharge is on the event list at any time: a
//! change of pace reschedules it, and a stale event is recognised by its
//! token and ignored.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use crate::clock::SimTime;
use crate::distributions::Sampler;

/// General and acute beds fed by emergency admissions.
#[derive(Debug, Clone)]
pub struct Beds {
    /// Staffed beds.
    pub count: u32,
    /// Probability that an ED patient is admitted.
    pub admission_share: f64,
    /// Length of stay, in days.
    pub los_days: Sampler,
    /// What discharge depends on: the discharge summary (EPR), take-home
    /// medicines (pharmacy) and the hand-off to social care.
    pub discharge: [DischargeDependency; 3],
    /// Multiplier on an emergency admission's drawn length of stay, per
    /// acuity band, averaging 1 over admissions.
    pub los_factor_by_acuity: [f64; 3],
}

/// One step of discharge and the systems it needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DischargeDependency {
    /// The systems it needs, as a mask.
    pub needs: u16,
    /// How many times more slowly the stay still to run advances while a
    /// system it needs is down (>= 1).
    pub delay_factor: f64,
}

impl Beds {
    /// The pace of discharge while the systems in `down` are effectively
    /// down: 1 over the largest delay factor of the steps held up. The
    /// steps run side by side, so a discharge waits for the slowest one,
    /// not for the product of their delays (A17).
    pub fn discharge_pace(&self, down: u16) -> f64 {
        let slowest = self
            .discharge
            .iter()
            .filter(|d| down & d.needs != 0)
            .map(|d| d.delay_factor)
            .fold(1.0, f64::max);
        1.0 / slowest
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

/// A discharge-clock reading, ordered totally (never NaN).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Reading(f64);
impl Eq for Reading {}
impl PartialOrd for Reading {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Reading {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// An admitted patient, treated, waiting in a cubicle for a bed.
#[derive(Debug, Clone, Copy)]
pub struct AwaitingBed {
    /// When they arrived at the department.
    pub arrived_at: SimTime,
    /// When their treatment ended (exit block starts).
    pub since: SimTime,
    /// Their length of stay, minutes at the normal pace.
    pub los_min: f64,
}

/// The changing state of one trust's beds.
#[derive(Debug, Clone)]
pub struct Ward {
    /// Admitted patients waiting in a cubicle for a bed, first come first served.
    pub awaiting: VecDeque<AwaitingBed>,
    /// Discharge-clock readings at which each inpatient is discharged.
    due: BinaryHeap<Reverse<Reading>>,
    clock: f64,
    clock_at: SimTime,
    pace: f64,
    token: u64,
}

impl Default for Ward {
    fn default() -> Self {
        Self {
            awaiting: VecDeque::new(),
            due: BinaryHeap::new(),
            clock: 0.0,
            clock_at: 0.0,
            pace: 1.0,
            token: 0,
        }
    }
}

impl Ward {
    /// Beds occupied.
    pub fn occupied(&self) -> u32 {
        self.due.len() as u32
    }

    /// The pace of discharge now (1 normally).
    pub fn pace(&self) -> f64 {
        self.pace
    }

    fn advance(&mut self, now: SimTime) {
        self.clock += (now - self.clock_at) * self.pace;
        self.clock_at = now;
    }

    /// Sets the pace of discharge at `now` (1, or 1/factor while a needed
    /// system is down). Returns whether it changed (the next discharge must
    /// then be rescheduled).
    pub fn set_pace(&mut self, now: SimTime, pace: f64) -> bool {
        self.advance(now);
        let changed = pace != self.pace;
        self.pace = pace;
        changed
    }

    /// Puts a patient in a bed at `now` for `los_min` at the normal pace.
    pub fn admit(&mut self, now: SimTime, los_min: f64) {
        self.advance(now);
        self.due.push(Reverse(Reading(self.clock + los_min)));
    }

    /// The discharge event with `token` fired at `now`: discharges the
    /// patient due, unless the event is stale. Returns whether someone left.
    pub fn discharge(&mut self, now: SimTime, token: u64) -> bool {
        if token != self.token {
            return false;
        }
        self.advance(now);
        match self.due.pop() {
            Some(Reverse(Reading(due))) => {
                self.clock = self.clock.max(due);
                true
            }
            None => false,
        }
    }

    /// The next discharge as (time, token), invalidating any earlier one.
    pub fn next_discharge(&mut self, now: SimTime) -> Option<(SimTime, u64)> {
        self.advance(now);
        self.token += 1;
        let Reverse(Reading(due)) = self.due.peek()?;
        Some((now + (due - self.clock).max(0.0) / self.pace, self.token))
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
        Beds {
            count: 10,
            admission_share: 0.3,
            los_days: Sampler::new(&DistributionSpec {
                distribution: DistributionKind::Fixed,
                mean: 5.0,
                sd: None,
            })
            .unwrap(),
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
        assert_eq!(b.discharge_pace(0), 1.0);
        assert_eq!(b.discharge_pace(ItSystem::Pas.bit()), 1.0 / 1.5);
        assert_eq!(b.discharge_pace(ItSystem::Lims.bit()), 1.0 / 1.2);
        assert_eq!(b.discharge_pace(ItSystem::Email.bit()), 1.0 / 1.3);
        assert_eq!(b.discharge_pace(ItSystem::Telephony.bit()), 1.0);
        let all = ItSystem::Pas.bit() | ItSystem::Lims.bit() | ItSystem::Email.bit();
        assert_eq!(b.discharge_pace(all), 1.0 / 1.5);
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
        w.admit(0.0, 100.0);
        assert_eq!(w.next_discharge(0.0).map(|x| x.0), Some(100.0));
        // Down from 40 to 60 at factor 2: 20 minutes do 10 minutes' work.
        w.set_pace(40.0, 0.5);
        let (t, _) = w.next_discharge(40.0).unwrap();
        assert_eq!(t, 160.0);
        w.set_pace(60.0, 1.0);
        let (t, token) = w.next_discharge(60.0).unwrap();
        assert_eq!(t, 110.0);
        assert!(!w.discharge(t, token - 1), "a stale event is ignored");
        assert!(w.discharge(t, token));
        assert_eq!(w.occupied(), 0);
    }
}
