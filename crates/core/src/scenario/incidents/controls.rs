//! Defensive controls: each changes stated parameters of the attack model
//! and carries an annual cost, so scenarios compare on harm per pound.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::super::validate::{Bound, Checks};
use super::{BackupQuality, MAX_HOURS, share};

/// Defensive controls in force. Absent controls change nothing and cost
/// nothing. No cost has a published default: the planner states it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ControlsSpec {
    /// Share of organisations patched: sets a worm's
    /// `unpatched_organisation_share` to 1 - `level`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch_coverage: Option<LevelControlSpec>,
    /// Network segmentation: a worm's `segmentation` becomes at least `level`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segmentation: Option<LevelControlSpec>,
    /// Offline or immutable backups: recovery uses `offline_immutable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offline_backups: Option<ControlSpec>,
    /// Rehearsed downtime procedures: paper-mode capacity is multiplied by
    /// 1 + `capacity_uplift` (the engine caps it at normal capacity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub downtime_procedures: Option<DowntimeProceduresSpec>,
    /// Detection and response: the detection delay becomes at most
    /// `detection_delay_hours`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detection: Option<DetectionControlSpec>,
    /// Staff phishing-awareness training: a targeted-ransomware incident's
    /// `initial_compromise_probability` is multiplied by
    /// 1 - `compromise_reduction`. Not applied to worms (WannaCry was not
    /// email-borne).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phishing_awareness: Option<PhishingAwarenessSpec>,
}

/// Staff phishing-awareness training (courses and simulated phishing).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhishingAwarenessSpec {
    /// Share by which the training cuts the chance of an initial
    /// compromise, 0 to 1. Required: no defensible default. Randomised
    /// trials found training cuts phishing clicks by about 2 percentage
    /// points or not at all (Ho et al. 2025; Lain et al. 2022), and a
    /// click is one route in among several (docs/model/attacks.md).
    pub compromise_reduction: f64,
    /// What it costs a year across the system, in pounds.
    pub annual_cost_gbp: f64,
}

/// A control that is simply in force or not.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ControlSpec {
    /// What it costs a year across the system, in pounds.
    pub annual_cost_gbp: f64,
}

/// A control with a level from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelControlSpec {
    /// The level reached, 0 to 1.
    pub level: f64,
    /// What it costs a year across the system, in pounds.
    pub annual_cost_gbp: f64,
}

/// Rehearsed downtime procedures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DowntimeProceduresSpec {
    /// Extra share of normal capacity worked on paper. Default 0.1:
    /// ASSUMPTION (no published effect size).
    #[serde(default = "default_capacity_uplift")]
    pub capacity_uplift: f64,
    /// What it costs a year across the system, in pounds.
    pub annual_cost_gbp: f64,
}

/// Faster detection and response.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetectionControlSpec {
    /// Hours from infection to detection with the control.
    pub detection_delay_hours: f64,
    /// What it costs a year across the system, in pounds.
    pub annual_cost_gbp: f64,
}

fn default_capacity_uplift() -> f64 {
    0.1
}

impl ControlsSpec {
    /// The multiplier on paper-mode capacity factors (1 without rehearsed
    /// procedures). The engine caps the product at 1.
    pub fn paper_capacity_multiplier(&self) -> f64 {
        self.downtime_procedures
            .map_or(1.0, |d| 1.0 + d.capacity_uplift)
    }

    /// The share of organisations left unpatched, if patching is a control.
    pub fn unpatched_organisation_share(&self) -> Option<f64> {
        self.patch_coverage.map(|p| 1.0 - p.level)
    }

    /// The least segmentation, if segmentation is a control.
    pub fn segmentation(&self) -> Option<f64> {
        self.segmentation.map(|s| s.level)
    }

    /// The backup quality the controls impose, if any.
    pub fn backup_quality(&self) -> Option<BackupQuality> {
        self.offline_backups
            .map(|_| BackupQuality::OfflineImmutable)
    }

    /// The longest detection delay the controls allow, if any.
    pub fn detection_delay_hours(&self) -> Option<f64> {
        self.detection.map(|d| d.detection_delay_hours)
    }

    /// The factor on an incident's chance of initial compromise (1 without
    /// phishing-awareness training).
    pub fn compromise_multiplier(&self) -> f64 {
        self.phishing_awareness
            .map_or(1.0, |p| 1.0 - p.compromise_reduction)
    }

    /// The controls' total annual cost, in pounds.
    pub fn annual_cost_gbp(&self) -> f64 {
        self.patch_coverage.map_or(0.0, |c| c.annual_cost_gbp)
            + self.segmentation.map_or(0.0, |c| c.annual_cost_gbp)
            + self.offline_backups.map_or(0.0, |c| c.annual_cost_gbp)
            + self.downtime_procedures.map_or(0.0, |c| c.annual_cost_gbp)
            + self.detection.map_or(0.0, |c| c.annual_cost_gbp)
            + self.phishing_awareness.map_or(0.0, |c| c.annual_cost_gbp)
    }
}

pub(super) fn check(c: &mut Checks, controls: &ControlsSpec) {
    let cost = |c: &mut Checks, name: &str, v: f64| {
        c.real(
            &format!("controls.{name}.annual_cost_gbp"),
            v,
            Bound::Closed(0.0),
            1e12,
            "pounds a year",
        );
    };
    if let Some(p) = controls.patch_coverage {
        share(c, "controls.patch_coverage.level", p.level);
        cost(c, "patch_coverage", p.annual_cost_gbp);
    }
    if let Some(s) = controls.segmentation {
        share(c, "controls.segmentation.level", s.level);
        cost(c, "segmentation", s.annual_cost_gbp);
    }
    if let Some(b) = controls.offline_backups {
        cost(c, "offline_backups", b.annual_cost_gbp);
    }
    if let Some(d) = controls.downtime_procedures {
        c.real(
            "controls.downtime_procedures.capacity_uplift",
            d.capacity_uplift,
            Bound::Closed(0.0),
            1.0,
            "extra share of normal capacity",
        );
        cost(c, "downtime_procedures", d.annual_cost_gbp);
    }
    if let Some(d) = controls.detection {
        c.real(
            "controls.detection.detection_delay_hours",
            d.detection_delay_hours,
            Bound::Closed(0.0),
            MAX_HOURS,
            "hours",
        );
        cost(c, "detection", d.annual_cost_gbp);
    }
    if let Some(p) = controls.phishing_awareness {
        share(
            c,
            "controls.phishing_awareness.compromise_reduction",
            p.compromise_reduction,
        );
        cost(c, "phishing_awareness", p.annual_cost_gbp);
    }
}
