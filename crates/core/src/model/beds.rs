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
    /// Systems discharge needs, as a mask.
    pub discharge_needs: u16,
    /// How many times more slowly the length of stay runs while a system
    /// discharge needs is down (>= 1).
    pub discharge_delay_factor: f64,
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

    /// Whether discharge is slowed now.
    pub fn slowed(&self) -> bool {
        self.pace < 1.0
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
