//! The emergency department as a multi-server queue.
//!
//! Patients arrive, wait first-come first-served for a cubicle, are treated
//! and leave. While the trust's IT is down the department works on downtime
//! procedures: fewer cubicles can be worked (the capacity factor) and each
//! patient takes longer (the service-time factor), by how much depending
//! on which of the systems it needs are down. Capacity falls without
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

/// How the department works without one IT system it needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PaperMode {
    /// The system's bit (see `ItSystem::bit`).
    pub system_bit: u16,
    /// Share of cubicles workable on paper.
    pub capacity_factor: f64,
    /// Multiplier on treatment time on paper.
    pub service_time_factor: f64,
}

/// The fixed parameters of one department.
#[derive(Debug, Clone)]
pub struct EmergencyDepartment {
    /// Cubicles under normal working.
    pub cubicles: u32,
    /// Arrival process.
    pub arrivals: ArrivalProfile,
    /// Treatment time under normal working, minutes.
    pub service_min: Sampler,
    /// The systems it needs and how it works without each.
    pub needs: Vec<PaperMode>,
}

impl EmergencyDepartment {
    /// How the department works while the systems in `down` are
    /// (effectively) down: the cubicles that can be worked (at least one)
    /// and the treatment-time multiplier. Factors of several missing
    /// systems multiply: each is a separate loss of information.
    pub fn working(&self, down: u16) -> Working {
        let mut capacity_factor = 1.0;
        let mut service_time_factor = 1.0;
        let mut on_paper = false;
        for need in self.needs.iter().filter(|n| down & n.system_bit != 0) {
            on_paper = true;
            capacity_factor *= need.capacity_factor;
            service_time_factor *= need.service_time_factor;
        }
        Working {
            cubicles: if on_paper {
                ((f64::from(self.cubicles) * capacity_factor).round() as u32).max(1)
            } else {
                self.cubicles
            },
            service_time_factor,
            on_paper,
        }
    }
}

/// How a department works at the moment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Working {
    /// Cubicles that can be worked.
    pub cubicles: u32,
    /// Multiplier on treatment time.
    pub service_time_factor: f64,
    /// Whether any needed system is down (downtime procedures in force).
    pub on_paper: bool,
}

/// A patient waiting for a cubicle.
#[derive(Debug, Clone, Copy)]
pub struct WaitingPatient {
    /// When they arrived.
    pub arrived_at: SimTime,
    /// Their treatment time under normal working (drawn on arrival so that
    /// both arms treat the same patient for the same time).
    pub service_min: f64,
    /// For a patient who will be admitted, their length of stay in a bed in
    /// minutes (drawn on arrival, like the service time); `None` for a
    /// patient who leaves the department after treatment.
    pub admit_los_min: Option<f64>,
}

/// The changing state of one department.
#[derive(Debug, Clone)]
pub struct EdState {
    /// Patients in a cubicle.
    pub in_treatment: u32,
    /// Patients waiting, first come first served.
    pub queue: VecDeque<WaitingPatient>,
    /// How it works now.
    pub working: Working,
}

impl EdState {
    /// An empty department working normally.
    pub fn new(ed: &EmergencyDepartment) -> Self {
        Self {
            in_treatment: 0,
            queue: VecDeque::new(),
            working: ed.working(0),
        }
    }

    /// Whether the department is on downtime procedures.
    pub fn on_downtime(&self) -> bool {
        self.working.on_paper
    }

    /// The next waiting patient, if a cubicle is free; the caller starts
    /// their treatment.
    pub fn next_to_treat(&mut self) -> Option<WaitingPatient> {
        if self.in_treatment < self.working.cubicles {
            let p = self.queue.pop_front()?;
            self.in_treatment += 1;
            Some(p)
        } else {
            None
        }
    }

    /// Treatment time for a patient starting now.
    pub fn treatment_min(&self, patient: &WaitingPatient) -> f64 {
        patient.service_min * self.working.service_time_factor
    }
}
