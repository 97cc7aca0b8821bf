//! The emergency department as a multi-server queue.
//!
//! Patients arrive by ambulance or on foot, are triaged into three acuity
//! bands, wait for a cubicle (highest band first, first come first served
//! within a band; a walk-in of the two lower bands may give up and leave
//! without being seen), are treated (imaging and pathology turnaround is
//! part of treatment) and leave, or wait in the cubicle for a bed. While the trust's IT is down the department works on downtime
//! procedures: fewer cubicles can be worked (the capacity factor) and each
//! patient takes longer (the service-time factor), by how much depending
//! on which of the systems it needs are down. Capacity falls without
//! pre-emption: a patient already in a cubicle finishes; the next one waits
//! until the number in treatment is below the reduced capacity.
//! Imaging and pathology act per patient: while a system a diagnostic
//! needs is down, its turnaround is longer and a result may be lost and
//! the test repeated; the extra time lengthens the stay.

use std::collections::VecDeque;

use crate::clock::SimTime;
use crate::distributions::Sampler;
use crate::model::{ArrivalProfile, ScanNeed};

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
    /// Who arrives.
    pub casemix: Casemix,
    /// Imaging (index 0) and pathology (index 1).
    pub diagnostics: [Diagnostic; 2],
    /// How long a walk-in of the lower bands waits before leaving, if
    /// anyone leaves.
    pub patience_min: Option<Sampler>,
}

/// The compiled casemix.
#[derive(Debug, Clone)]
pub struct Casemix {
    /// Probability of ambulance conveyance.
    pub ambulance_share: f64,
    /// Cumulative acuity shares (bands 0, 1; band 2 takes the rest).
    pub acuity_cumulative: [f64; 2],
    /// Per-attendance probability of each [`TimeCritical`] group, in
    /// [`TimeCritical::ALL`] order.
    pub time_critical_share: [f64; 4],
    /// Minutes from the start of assessment to the key intervention under
    /// normal working, per group.
    pub to_intervention_min: [f64; 4],
}

/// A time-critical condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum TimeCritical {
    /// Stroke: door to thrombolysis (needle), after a CT scan.
    Stroke,
    /// ST-elevation heart attack: door to reperfusion (balloon).
    Stemi,
    /// Sepsis: door to antibiotics.
    Sepsis,
    /// Major trauma: door to CT.
    MajorTrauma,
}

impl TimeCritical {
    /// Every group, in index order.
    pub const ALL: [TimeCritical; 4] = [
        TimeCritical::Stroke,
        TimeCritical::Stemi,
        TimeCritical::Sepsis,
        TimeCritical::MajorTrauma,
    ];

    /// The diagnostic the key intervention waits for (0 imaging), if any.
    pub fn waits_for(self) -> Option<usize> {
        match self {
            TimeCritical::Stroke | TimeCritical::MajorTrauma => Some(0),
            TimeCritical::Stemi | TimeCritical::Sepsis => None,
        }
    }
}

/// One diagnostic service as the department uses it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Share of attendances with a request.
    pub request_share: f64,
    /// Normal turnaround, minutes.
    pub turnaround_min: Sampler,
    /// Mask of the systems it needs.
    pub needs: u16,
    /// Turnaround multiplier while a needed system is down.
    pub paper_turnaround_factor: f64,
    /// Probability a result is lost while a needed system is down.
    pub lost_result_probability: f64,
}

/// A patient's request for one diagnostic, drawn on arrival.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DiagnosticRequest {
    /// Normal turnaround, minutes.
    pub turnaround_min: f64,
    /// A uniform draw deciding whether a result is lost on paper.
    pub loss_draw: f64,
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

/// A patient waiting for a cubicle. Everything random about them is drawn
/// on arrival, so both arms treat the same patient the same way unless the
/// attack changes how the department works.
#[derive(Debug, Clone, Copy)]
pub struct WaitingPatient {
    /// Order of joining this department's queues (set by [`EdState::join`]);
    /// identifies the patient when their patience runs out.
    pub serial: u64,
    /// When they arrived at this department.
    pub arrived_at: SimTime,
    /// Their treatment time under normal working.
    pub service_min: f64,
    /// For a patient who will be admitted, their stay in a bed; `None` for
    /// a patient who leaves after treatment.
    pub admission: Option<super::Admission>,
    /// Acuity band: 0 highest.
    pub acuity: u8,
    /// Their time-critical condition, if any.
    pub time_critical: Option<TimeCritical>,
    /// Conveyed by ambulance.
    pub ambulance: bool,
    /// Imaging and pathology requests.
    pub diagnostics: [Option<DiagnosticRequest>; 2],
    /// The scan of an imaging request, where the trust models scanners.
    pub scan: Option<ScanNeed>,
    /// How long they will wait before leaving (infinite for those who
    /// never leave).
    pub patience_min: f64,
    /// Extra minutes of ambulance journey because their department was on
    /// divert (0 for everyone else).
    pub diverted_extra_min: f64,
}

/// Acuity bands.
pub const ACUITY_BANDS: usize = 3;

/// The changing state of one department.
#[derive(Debug, Clone)]
pub struct EdState {
    /// Patients in a cubicle.
    pub in_treatment: u32,
    /// Patients waiting, one queue per acuity band, each in arrival order.
    pub queues: [VecDeque<WaitingPatient>; ACUITY_BANDS],
    /// How it works now.
    pub working: Working,
    /// The systems effectively down now (for the diagnostics).
    pub down: u16,
    /// Whether ambulances are being diverted away.
    pub on_divert: bool,
    /// The next queue serial number.
    next_serial: u64,
}

impl EdState {
    /// An empty department working normally.
    pub fn new(ed: &EmergencyDepartment) -> Self {
        Self {
            in_treatment: 0,
            queues: Default::default(),
            working: ed.working(0),
            down: 0,
            on_divert: false,
            next_serial: 0,
        }
    }

    /// Whether the department is on downtime procedures.
    pub fn on_downtime(&self) -> bool {
        self.working.on_paper
    }

    /// Patients waiting for a cubicle.
    pub fn waiting(&self) -> usize {
        self.queues.iter().map(VecDeque::len).sum()
    }

    /// Adds an arrival to the back of its band's queue and returns its
    /// serial number.
    pub fn join(&mut self, mut patient: WaitingPatient) -> u64 {
        patient.serial = self.next_serial;
        self.next_serial += 1;
        self.queues[usize::from(patient.acuity)].push_back(patient);
        patient.serial
    }

    /// Removes the waiting patient `serial` of band `acuity` (their
    /// patience ran out); `None` if they are no longer waiting. Queues are
    /// in serial order, so this is a binary search.
    pub fn leave(&mut self, acuity: u8, serial: u64) -> Option<WaitingPatient> {
        let queue = &mut self.queues[usize::from(acuity)];
        let i = queue.binary_search_by_key(&serial, |p| p.serial).ok()?;
        queue.remove(i)
    }

    /// The next patient to treat, if a cubicle is free: the longest-waiting
    /// patient of the highest band. The caller starts their treatment.
    pub fn next_to_treat(&mut self) -> Option<WaitingPatient> {
        if self.in_treatment < self.working.cubicles {
            let p = self.queues.iter_mut().find_map(VecDeque::pop_front)?;
            self.in_treatment += 1;
            Some(p)
        } else {
            None
        }
    }

    /// Treatment time for a patient starting now, before diagnostics.
    pub fn treatment_min(&self, patient: &WaitingPatient) -> f64 {
        patient.service_min * self.working.service_time_factor
    }
}

/// What a patient's diagnostics do to their stay when treatment starts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DiagnosticOutcome {
    /// Minutes added to the stay (the longest of the parallel extras).
    pub extra_min: f64,
    /// Turnaround of each requested diagnostic as it happens (0 if none).
    pub turnaround_min: [f64; 2],
    /// Requests made while a system the diagnostic needs was down.
    pub delayed: [bool; 2],
    /// Results lost and repeated.
    pub lost: [bool; 2],
}

impl EmergencyDepartment {
    /// How a patient's requests turn out if their treatment starts while
    /// the systems in `down` are down.
    pub fn diagnose(&self, patient: &WaitingPatient, down: u16) -> DiagnosticOutcome {
        let mut out = DiagnosticOutcome::default();
        for (i, (service, request)) in self
            .diagnostics
            .iter()
            .zip(&patient.diagnostics)
            .enumerate()
        {
            let Some(r) = request else { continue };
            if down & service.needs == 0 {
                out.turnaround_min[i] = r.turnaround_min;
                continue;
            }
            let slow = r.turnaround_min * service.paper_turnaround_factor;
            let lost = r.loss_draw < service.lost_result_probability;
            // A lost result is found missing when it is due and repeated.
            let actual = if lost { 2.0 * slow } else { slow };
            out.turnaround_min[i] = actual;
            out.delayed[i] = true;
            out.lost[i] = lost;
            out.extra_min = out.extra_min.max(actual - r.turnaround_min);
        }
        out
    }
}
