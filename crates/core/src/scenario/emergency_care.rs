//! The emergency department's patients in scenario files: who arrives
//! (ambulance or walk-in, acuity, the time-critical groups), the imaging and
//! pathology they need, and how long they will wait before leaving.
//!
//! Every default is an input of the model, documented with its source or
//! marked ASSUMPTION in docs/MODEL.md (assumptions A18–A22).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{DistributionKind, DistributionSpec, ItSystem};

/// Who arrives at the department.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CasemixSpec {
    /// Share of attendances conveyed by ambulance. Default 0.31: DERIVED
    /// (about 24,000 ambulance incidents a day in England, about 60% of them
    /// conveyed (ASSUMPTION), over 132 type 1 trusts of 347.5 attendances a
    /// day).
    #[serde(default = "default_ambulance_share")]
    pub ambulance_share: f64,
    /// Shares of the three acuity bands (immediate or very urgent; urgent;
    /// standard or non-urgent). They must add up to 1. Default 0.10, 0.45,
    /// 0.45: ASSUMPTION (A18).
    #[serde(default = "default_acuity_shares")]
    pub acuity_shares: [f64; 3],
    /// Probability that an attendance is each time-critical condition.
    #[serde(default)]
    pub time_critical: TimeCriticalSpec,
}

fn default_ambulance_share() -> f64 {
    0.31
}
fn default_acuity_shares() -> [f64; 3] {
    [0.10, 0.45, 0.45]
}

impl Default for CasemixSpec {
    fn default() -> Self {
        Self {
            ambulance_share: default_ambulance_share(),
            acuity_shares: default_acuity_shares(),
            time_critical: TimeCriticalSpec::default(),
        }
    }
}

/// The time-critical groups: per-attendance probability of each and the
/// minutes from the start of assessment to the key intervention under
/// normal working (before any diagnostic turnaround).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeCriticalSpec {
    /// Stroke (key intervention: thrombolysis after a CT scan).
    #[serde(default = "default_stroke")]
    pub stroke: TimeCriticalGroupSpec,
    /// ST-elevation heart attack (key intervention: reperfusion).
    #[serde(default = "default_stemi")]
    pub stemi: TimeCriticalGroupSpec,
    /// Sepsis (key intervention: antibiotics).
    #[serde(default = "default_sepsis")]
    pub sepsis: TimeCriticalGroupSpec,
    /// Major trauma (key intervention: the CT scan).
    #[serde(default = "default_major_trauma")]
    pub major_trauma: TimeCriticalGroupSpec,
}

/// One time-critical group.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeCriticalGroupSpec {
    /// Probability that an attendance belongs to the group.
    pub share: f64,
    /// Minutes from the start of assessment to the key intervention under
    /// normal working, excluding the diagnostic it waits for.
    pub to_intervention_min: f64,
}

// ASSUMPTIONS (A19, UNCONFIRMED orders of magnitude): about 90,000 stroke,
// 30,000 primary-PCI heart attack, 150,000 ED sepsis and 20,000 major
// trauma patients a year in England, over 132 trusts of 347.5 attendances a
// day; normal door-to-intervention times of the national audits' order.
fn default_stroke() -> TimeCriticalGroupSpec {
    TimeCriticalGroupSpec {
        share: 0.0054,
        to_intervention_min: 30.0,
    }
}
fn default_stemi() -> TimeCriticalGroupSpec {
    TimeCriticalGroupSpec {
        share: 0.0018,
        to_intervention_min: 60.0,
    }
}
fn default_sepsis() -> TimeCriticalGroupSpec {
    TimeCriticalGroupSpec {
        share: 0.009,
        to_intervention_min: 60.0,
    }
}
fn default_major_trauma() -> TimeCriticalGroupSpec {
    TimeCriticalGroupSpec {
        share: 0.0012,
        to_intervention_min: 15.0,
    }
}

impl Default for TimeCriticalSpec {
    fn default() -> Self {
        Self {
            stroke: default_stroke(),
            stemi: default_stemi(),
            sepsis: default_sepsis(),
            major_trauma: default_major_trauma(),
        }
    }
}

/// Imaging and pathology requests from the department.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiagnosticsSpec {
    /// Imaging (and its pathology counterpart) for one kind of test.
    #[serde(default = "default_imaging")]
    pub imaging: DiagnosticSpec,
    /// Pathology (laboratory tests).
    #[serde(default = "default_pathology")]
    pub pathology: DiagnosticSpec,
}

/// One diagnostic service as the department uses it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiagnosticSpec {
    /// Share of attendances with a request.
    pub request_share: f64,
    /// Turnaround from request to result under normal working, minutes.
    /// Part of the treatment time already: only the extra time on paper
    /// lengthens a stay.
    pub turnaround_min: DistributionSpec,
    /// The systems the service needs.
    pub needs: Vec<ItSystem>,
    /// Multiplier on turnaround while a needed system is down (results
    /// phoned, faxed or run on stand-alone analysers).
    pub paper_turnaround_factor: f64,
    /// Probability that a result is lost while a needed system is down
    /// (the test is repeated, with a second turnaround).
    pub lost_result_probability: f64,
}

fn default_imaging() -> DiagnosticSpec {
    // ASSUMPTIONS (A20): about 45% of attendances are imaged; mean 60 min
    // from request to report; on paper (no PACS, scanners isolated) half as
    // long again; 1% of results lost while the systems are down.
    DiagnosticSpec {
        request_share: 0.45,
        turnaround_min: DistributionSpec {
            distribution: DistributionKind::Lognormal,
            mean: 60.0,
            sd: Some(40.0),
        },
        needs: vec![ItSystem::Pacs, ItSystem::MedicalDevices],
        paper_turnaround_factor: 1.5,
        lost_result_probability: 0.01,
    }
}

fn default_pathology() -> DiagnosticSpec {
    // Turnaround: median 51.1 min (IQR 41.1-65.0) for a standard ED panel
    // (BMC Emerg Med 2022, doi:10.1186/s12873-022-00763-w) → log-normal
    // mean 55, sd 22. On paper: +62% (Larsen et al., Appl Clin Inform 2019).
    // Share with a request and lost-result probability: ASSUMPTIONS (A20).
    DiagnosticSpec {
        request_share: 0.6,
        turnaround_min: DistributionSpec {
            distribution: DistributionKind::Lognormal,
            mean: 55.0,
            sd: Some(22.0),
        },
        needs: vec![ItSystem::Lims],
        paper_turnaround_factor: 1.62,
        lost_result_probability: 0.02,
    }
}

impl Default for DiagnosticsSpec {
    fn default() -> Self {
        Self {
            imaging: default_imaging(),
            pathology: default_pathology(),
        }
    }
}

/// Leaving without being seen: patients of the two lower acuity bands give
/// up after waiting longer than their patience.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LeftWithoutBeingSeenSpec {
    /// Whether anyone leaves (off for queueing-theory checks).
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// How long a patient will wait for a cubicle, minutes. Default
    /// log-normal mean 360, sd 240: ASSUMPTION (A21).
    #[serde(default = "default_patience")]
    pub patience_min: DistributionSpec,
}

fn default_true() -> bool {
    true
}
fn default_patience() -> DistributionSpec {
    DistributionSpec {
        distribution: DistributionKind::Lognormal,
        mean: 360.0,
        sd: Some(240.0),
    }
}

impl Default for LeftWithoutBeingSeenSpec {
    fn default() -> Self {
        Self {
            enabled: true,
            patience_min: default_patience(),
        }
    }
}
