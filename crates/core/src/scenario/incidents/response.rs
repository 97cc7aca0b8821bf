//! How the system responds to and recovers from incidents.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::super::validate::{Bound, Checks};
use super::super::{CivilDateTime, DistributionKind, DistributionSpec, ItSystem};
use super::{Context, MAX_HOURS, share};
use crate::scenario::ScenarioIssue;

/// How the system responds to and recovers from incidents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    /// Hours from an organisation's infection until it notices and starts
    /// containment and recovery. Default 2: ASSUMPTION (WannaCry infections
    /// began in the morning of 12 May; the Department was alerted at 13:00).
    #[serde(default = "default_detection_delay_hours")]
    pub detection_delay_hours: f64,
    /// When the national alert goes out. Absent: the first detection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_at: Option<CivilDateTime>,
    /// When an emergency department diverts ambulances (the engine applies it).
    #[serde(default)]
    pub diversion: DiversionSpec,
    /// Cancellation policy by service (the engine applies it). Services
    /// not listed follow the scheduled-care model.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cancellation: BTreeMap<CancellableService, CancellationSpec>,
    /// Mutual aid between trusts.
    #[serde(default)]
    pub mutual_aid: MutualAidSpec,
    /// What the organisations' backups are like. Default `online`:
    /// ASSUMPTION for 2017 (controls' `offline_backups` sets
    /// `offline_immutable`).
    #[serde(default = "default_backup_quality")]
    pub backup_quality: BackupQuality,
    /// Hours to recover one encrypted system, by backup quality.
    #[serde(default)]
    pub recovery_hours: RecoveryHoursSpec,
    /// The order systems are restored in: the first listed comes back
    /// first. Systems not listed follow, in the estate's order. Default:
    /// dependencies first (network, directory, PAS, EPR ...): ASSUMPTION.
    #[serde(default = "default_restoration_order")]
    pub restoration_order: Vec<ItSystem>,
    /// Hours to re-image an infected GP practice. Default log-normal mean
    /// 84, sd 20: DERIVED so that 95% are back within 5 days and 99.9%
    /// within 7 (WannaCry: 95% by 17 May, all by 19 May; NAO 2017).
    #[serde(default = "default_gp_reimaging_hours")]
    pub gp_reimaging_hours: DistributionSpec,
    /// Share of systems restored by days after a targeted detonation,
    /// linear in between. Default: the HSE's (PwC 2021).
    #[serde(default = "default_ransomware_progress")]
    pub ransomware_progress: Vec<ProgressPoint>,
}

impl Default for ResponseSpec {
    fn default() -> Self {
        Self {
            detection_delay_hours: default_detection_delay_hours(),
            alert_at: None,
            diversion: DiversionSpec::default(),
            cancellation: BTreeMap::new(),
            mutual_aid: MutualAidSpec::default(),
            backup_quality: default_backup_quality(),
            recovery_hours: RecoveryHoursSpec::default(),
            restoration_order: default_restoration_order(),
            gp_reimaging_hours: default_gp_reimaging_hours(),
            ransomware_progress: default_ransomware_progress(),
        }
    }
}

/// What sets a policy off at an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DisruptionTrigger {
    /// While a system the emergency department needs is effectively down.
    EdSystemsDown,
    /// From the organisation's infection (or detonation).
    Infected,
    /// Never.
    Never,
}

/// Ambulance diversion away from an affected emergency department.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiversionSpec {
    /// What starts a diversion. Default `infected`: ASSUMPTION.
    pub trigger: DisruptionTrigger,
    /// The longest a diversion lasts. Default 48: ASSUMPTION.
    pub max_hours: f64,
}

impl Default for DiversionSpec {
    fn default() -> Self {
        Self {
            trigger: DisruptionTrigger::Infected,
            max_hours: 48.0,
        }
    }
}

/// Services whose activity a trust may cancel during an incident.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CancellableService {
    /// Outpatient appointments.
    Outpatient,
    /// Elective operations.
    Elective,
    /// GP appointments.
    GpAppointment,
}

/// A cancellation policy for one service.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CancellationSpec {
    /// What starts cancelling.
    pub trigger: DisruptionTrigger,
    /// Share of booked activity cancelled while it applies, 0 to 1.
    pub share: f64,
    /// The longest it applies, in days.
    pub max_days: f64,
}

/// Mutual aid: other trusts take a share of an affected trust's work.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MutualAidSpec {
    /// Whether it is offered. Default false.
    #[serde(default)]
    pub enabled: bool,
    /// The share of an affected trust's demand taken elsewhere. Default
    /// 0.1: ASSUMPTION.
    #[serde(default = "default_mutual_aid_share")]
    pub share: f64,
}

impl Default for MutualAidSpec {
    fn default() -> Self {
        Self {
            enabled: false,
            share: default_mutual_aid_share(),
        }
    }
}

/// How recoverable an organisation's data are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BackupQuality {
    /// Offline or immutable copies: restore cleanly from backup.
    OfflineImmutable,
    /// Backups reachable from the network, often encrypted too.
    Online,
    /// No usable backups: rebuild.
    None,
}

/// Recovery time of one encrypted system, in hours, by backup quality.
/// Every default is an ASSUMPTION (docs/model/attacks.md, section 3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecoveryHoursSpec {
    /// Default log-normal mean 48, sd 36 (restore from clean copies).
    #[serde(default = "default_offline_hours")]
    pub offline_immutable: DistributionSpec,
    /// Default log-normal mean 120, sd 72 (WannaCry trusts were mostly
    /// back within the incident's week).
    #[serde(default = "default_online_hours")]
    pub online: DistributionSpec,
    /// Default log-normal mean 480, sd 240 (rebuild from scratch).
    #[serde(default = "default_none_hours")]
    pub none: DistributionSpec,
}

impl Default for RecoveryHoursSpec {
    fn default() -> Self {
        Self {
            offline_immutable: default_offline_hours(),
            online: default_online_hours(),
            none: default_none_hours(),
        }
    }
}

impl RecoveryHoursSpec {
    /// The distribution for one backup quality.
    pub fn for_quality(&self, quality: BackupQuality) -> &DistributionSpec {
        match quality {
            BackupQuality::OfflineImmutable => &self.offline_immutable,
            BackupQuality::Online => &self.online,
            BackupQuality::None => &self.none,
        }
    }
}

/// A point of a recovery curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressPoint {
    /// Days after detonation.
    pub day: f64,
    /// Share of systems restored by then, 0 to 1.
    pub share_restored: f64,
}

fn lognormal(mean: f64, sd: f64) -> DistributionSpec {
    DistributionSpec {
        distribution: DistributionKind::Lognormal,
        mean,
        sd: Some(sd),
    }
}
fn default_detection_delay_hours() -> f64 {
    2.0
}
fn default_mutual_aid_share() -> f64 {
    0.1
}
fn default_backup_quality() -> BackupQuality {
    BackupQuality::Online
}
fn default_offline_hours() -> DistributionSpec {
    lognormal(48.0, 36.0)
}
fn default_online_hours() -> DistributionSpec {
    lognormal(120.0, 72.0)
}
fn default_none_hours() -> DistributionSpec {
    lognormal(480.0, 240.0)
}
fn default_gp_reimaging_hours() -> DistributionSpec {
    lognormal(84.0, 20.0)
}
fn default_restoration_order() -> Vec<ItSystem> {
    use ItSystem::*;
    vec![
        Network,
        Directory,
        Telephony,
        Pas,
        Epr,
        Lims,
        Pacs,
        Email,
        EReferral,
        MedicalDevices,
    ]
}
/// HSE 2021, days after detonation on 14 May (PwC 2021): nothing before
/// recovery began on 24 May (day 10); about half by three weeks after
/// the attack (day 21; DERIVED, "about half of servers within three
/// weeks"); 75% by 23 June (day 40); over 95% by 12 August (day 90, taken
/// as 0.95); all by about four months (day 120, ASSUMPTION).
fn default_ransomware_progress() -> Vec<ProgressPoint> {
    let p = |day, share_restored| ProgressPoint {
        day,
        share_restored,
    };
    vec![
        p(0.0, 0.0),
        p(10.0, 0.0),
        p(21.0, 0.5),
        p(40.0, 0.75),
        p(90.0, 0.95),
        p(120.0, 1.0),
    ]
}

pub(super) fn check(c: &mut Checks, cx: &Context, r: &ResponseSpec) {
    let key = "response";
    c.real(
        &format!("{key}.detection_delay_hours"),
        r.detection_delay_hours,
        Bound::Closed(0.0),
        MAX_HOURS,
        "hours",
    );
    if let Some(alert) = &r.alert_at {
        cx.moment(c, &format!("{key}.alert_at"), alert);
    }
    c.real(
        &format!("{key}.diversion.max_hours"),
        r.diversion.max_hours,
        Bound::Closed(0.0),
        MAX_HOURS,
        "hours",
    );
    for (service, policy) in &r.cancellation {
        let name = match service {
            CancellableService::Outpatient => "outpatient",
            CancellableService::Elective => "elective",
            CancellableService::GpAppointment => "gp_appointment",
        };
        let k = format!("{key}.cancellation.{name}");
        share(c, &format!("{k}.share"), policy.share);
        c.real(
            &format!("{k}.max_days"),
            policy.max_days,
            Bound::Closed(0.0),
            MAX_HOURS / 24.0,
            "days",
        );
    }
    share(c, &format!("{key}.mutual_aid.share"), r.mutual_aid.share);
    for (name, d) in [
        ("offline_immutable", &r.recovery_hours.offline_immutable),
        ("online", &r.recovery_hours.online),
        ("none", &r.recovery_hours.none),
    ] {
        c.distribution(
            &format!("{key}.recovery_hours.{name}"),
            d,
            MAX_HOURS,
            "hours",
        );
    }
    let mut seen = 0u16;
    for (j, system) in r.restoration_order.iter().enumerate() {
        if seen & system.bit() != 0 {
            c.push(
                ScenarioIssue::new(
                    format!("{key}.restoration_order[{j}]"),
                    format!("`{}` is listed twice", system.name()),
                )
                .accepted("each system at most once"),
            );
        }
        seen |= system.bit();
    }
    c.distribution(
        &format!("{key}.gp_reimaging_hours"),
        &r.gp_reimaging_hours,
        MAX_HOURS,
        "hours",
    );
    check_progress(
        c,
        &format!("{key}.ransomware_progress"),
        &r.ransomware_progress,
    );
}

fn check_progress(c: &mut Checks, key: &str, points: &[ProgressPoint]) {
    let accepted = "points { day, share_restored } with days increasing from 0, shares \
                    not decreasing, the last share 1";
    if points.len() < 2 {
        c.push(
            ScenarioIssue::new(key, format!("has {} point(s)", points.len())).accepted(accepted),
        );
        return;
    }
    for (j, p) in points.iter().enumerate() {
        c.real(
            &format!("{key}[{j}].day"),
            p.day,
            Bound::Closed(0.0),
            MAX_HOURS / 24.0,
            "days",
        );
        share(c, &format!("{key}[{j}].share_restored"), p.share_restored);
        if j > 0 {
            let q = points[j - 1];
            if p.day <= q.day || p.share_restored < q.share_restored {
                c.push(
                    ScenarioIssue::new(format!("{key}[{j}]"), "goes back in days or share")
                        .accepted(accepted),
                );
            }
        }
    }
    if points[0].day != 0.0 || points[0].share_restored != 0.0 {
        c.push(
            ScenarioIssue::new(format!("{key}[0]"), "does not start at day 0, share 0")
                .accepted(accepted),
        );
    }
    if points.last().is_some_and(|p| p.share_restored != 1.0) {
        c.push(
            ScenarioIssue::new(
                format!("{key}[{}]", points.len() - 1),
                "does not reach share 1",
            )
            .accepted(accepted),
        );
    }
}
