//! The emergency department as a multi-server queue.
//!
//! Patients arrive, wait first-come first-served for a cubicle, are treated
//! and leave. While the trust's IT is down the department works on downtime
//! procedures: fewer cubicles can be worked (the capacity factor) and each
//! patient takes longer (the service-time factor). Capacity falls without
//! pre-emption: a patient already in a cubicle finishes; the next one waits
//! until the number in treatment is below the reduced capacity.
//!
//! The health-system issue replaces this with the full pathway (acuity,
//! time-critical groups, diagnostics, beds); it keeps this interface.

use std::collections::VecDeque;

use crate::clock::SimTime;
use crate::distributions::Sampler;
use crate::model::ArrivalProfile;

/// 4 hours, the English emergency-care standard.
pub const FOUR_HOURS_MIN: f64 = 240.0;
/// 12 hours from arrival, the long-stay measure.
pub const TWELVE_HOURS_MIN: f64 = 720.0;

/// The fixed parameters of one department.
#[derive(Debug, Clone)]
pub struct EmergencyDepartment {
    /// Cubicles under normal working.
    pub cubicles: u32,
    /// Cubicles that can be worked on downtime procedures (at least 1).
    pub downtime_cubicles: u32,
    /// Arrival process.
    pub arrivals: ArrivalProfile,
    /// Treatment time under normal working, minutes.
    pub service_min: Sampler,
    /// Multiplier on treatment time on downtime procedures.
    pub downtime_service_factor: f64,
}

/// A patient waiting for a cubicle.
#[derive(Debug, Clone, Copy)]
pub struct WaitingPatient {
    /// When they arrived.
    pub arrived_at: SimTime,
    /// Their treatment time under normal working (drawn on arrival so that
    /// both arms treat the same patient for the same time).
    pub service_min: f64,
}

/// The changing state of one department.
#[derive(Debug, Clone)]
pub struct EdState {
    /// Patients in a cubicle.
    pub in_treatment: u32,
    /// Patients waiting, first come first served.
    pub queue: VecDeque<WaitingPatient>,
    /// Outages in force (they may overlap).
    pub outages_active: u32,
}

impl EdState {
    /// An empty department.
    pub fn new() -> Self {
        Self {
            in_treatment: 0,
            queue: VecDeque::new(),
            outages_active: 0,
        }
    }

    /// Whether the department is on downtime procedures.
    pub fn on_downtime(&self) -> bool {
        self.outages_active > 0
    }

    /// Cubicles that can be worked now.
    pub fn capacity(&self, ed: &EmergencyDepartment) -> u32 {
        if self.on_downtime() {
            ed.downtime_cubicles
        } else {
            ed.cubicles
        }
    }

    /// The next waiting patient, if a cubicle is free; the caller starts
    /// their treatment.
    pub fn next_to_treat(&mut self, ed: &EmergencyDepartment) -> Option<WaitingPatient> {
        if self.in_treatment < self.capacity(ed) {
            let p = self.queue.pop_front()?;
            self.in_treatment += 1;
            Some(p)
        } else {
            None
        }
    }

    /// Treatment time for a patient starting now.
    pub fn treatment_min(&self, ed: &EmergencyDepartment, patient: &WaitingPatient) -> f64 {
        if self.on_downtime() {
            patient.service_min * ed.downtime_service_factor
        } else {
            patient.service_min
        }
    }
}

impl Default for EdState {
    fn default() -> Self {
        Self::new()
    }
}
