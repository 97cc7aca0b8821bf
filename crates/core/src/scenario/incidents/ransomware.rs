//! Targeted ransomware, supplier outages and precautionary isolation.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::super::validate::{Bound, Checks};
use super::super::{CivilDateTime, DistributionKind, DistributionSpec, ItSystem};
use super::{Context, MAX_HOURS, share};
use crate::scenario::ScenarioIssue;

/// Ransomware detonated inside one or more organisations (HSE 2021).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetedRansomwareSpec {
    /// The ids of the organisations hit.
    pub organisations: Vec<String>,
    /// When the attacker got in (HSE: 18 March 2021, eight weeks before
    /// detonation). Recorded for the dwell time; the model does nothing
    /// before detonation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_access_at: Option<CivilDateTime>,
    /// Local date and time of encryption.
    pub detonates_at: CivilDateTime,
    /// The systems encrypted. Absent: each system independently with
    /// probability `share_encrypted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub systems: Option<Vec<ItSystem>>,
    /// Probability each system is encrypted when `systems` is absent.
    /// Default 0.8: CONFIRMED as a share of the HSE's environment ("about
    /// 80% encrypted", secondary, PwC 2021).
    #[serde(default = "default_share_encrypted")]
    pub share_encrypted: f64,
    /// Whether the organisation switches every system off at detonation
    /// (the HSE did); switched-off systems come back on the same recovery
    /// curve as encrypted ones. Default false.
    #[serde(default)]
    pub switch_everything_off: bool,
    /// Probability, in each replication, that the attacker gets in at all
    /// (the initial compromise: in the HSE's case an opened phishing
    /// email). Default 1: the scenario's attack happens, so the run is
    /// "given that an attacker is in". Drawn once per incident and
    /// replication on its own stream; `controls.phishing_awareness`
    /// multiplies it by 1 - `compromise_reduction`.
    #[serde(default = "default_initial_compromise_probability")]
    pub initial_compromise_probability: f64,
}

fn default_share_encrypted() -> f64 {
    0.8
}

fn default_initial_compromise_probability() -> f64 {
    1.0
}

/// A shared service fails (Synnovis 2024): every organisation it serves
/// works at a reduced share of its capacity for a while.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplierOutageSpec {
    /// The id of the shared service that fails.
    pub service: String,
    /// Local date and time it fails.
    pub starts_at: CivilDateTime,
    /// The share of normal capacity it delivers, from each day after the
    /// start (the first step must be `from_day = 0`). Default: Synnovis,
    /// 10% in week 1, 45% in week 3, 54% in week 4 (secondary, NHS
    /// England London updates 2024); from day 28 the last step holds.
    #[serde(default = "default_trajectory")]
    pub capacity_trajectory: Vec<CapacityStep>,
    /// Days from the start until full service (Synnovis: about 73 days,
    /// 3 June to 15 August 2024).
    pub restored_after_days: f64,
}

/// One step of a supplier's degraded capacity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapacityStep {
    /// Days after the start from which this share applies.
    pub from_day: f64,
    /// Share of normal capacity delivered, 0 to 1.
    pub capacity_share: f64,
}

fn default_trajectory() -> Vec<CapacityStep> {
    let step = |from_day, capacity_share| CapacityStep {
        from_day,
        capacity_share,
    };
    // Week 2 is not reported: it keeps week 1's share until week 3 begins.
    vec![step(0.0, 0.10), step(14.0, 0.45), step(21.0, 0.54)]
}

/// Organisations that are not infected disconnect after an alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrecautionaryIsolationSpec {
    /// When the alert goes out. Absent: the first detection of a worm
    /// infection (its first infection plus the response's detection delay),
    /// or `response.alert_at` if that is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_at: Option<CivilDateTime>,
    /// Systems disconnected. Default: email and the e-Referral link (the
    /// national-network links). ASSUMPTION: `network` is left out because
    /// it would take every local system down with it.
    #[serde(default = "default_isolation_systems")]
    pub systems: Vec<ItSystem>,
    /// Probability that an organisation not infected isolates. Default
    /// 0.23: DERIVED, 46 of the 202 trusts not infected were disrupted
    /// (NAO 2017).
    #[serde(default = "default_isolation_probability")]
    pub probability: f64,
    /// How long an isolation lasts, in hours. Default log-normal, mean 72,
    /// sd 36: ASSUMPTION (most reconnected within the incident's 7 days).
    #[serde(default = "default_isolation_hours")]
    pub duration_hours: DistributionSpec,
    /// Hours over which organisations react after the alert (each isolates
    /// at a uniform moment within it). Default 4: ASSUMPTION.
    #[serde(default = "default_reaction_hours")]
    pub reaction_hours: f64,
    /// Whether GP practices isolate too. Default false (the NAO counts
    /// trusts).
    #[serde(default)]
    pub gp_practices_included: bool,
    /// Groups of organisations that share systems: when one is infected
    /// the others lose `systems` from that moment, for a draw of
    /// `duration_hours`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shares_systems_with: Vec<Vec<String>>,
    /// Probability that an organisation in the same region as an infected
    /// one shares a system with it, when no list says. Default 0.
    #[serde(default)]
    pub same_region_share: f64,
}

fn default_isolation_systems() -> Vec<ItSystem> {
    vec![ItSystem::Email, ItSystem::EReferral]
}
fn default_isolation_probability() -> f64 {
    0.23
}
fn default_isolation_hours() -> DistributionSpec {
    DistributionSpec {
        distribution: DistributionKind::Lognormal,
        mean: 72.0,
        sd: Some(36.0),
    }
}
fn default_reaction_hours() -> f64 {
    4.0
}

pub(super) fn check_targeted(c: &mut Checks, cx: &Context, key: &str, t: &TargetedRansomwareSpec) {
    if t.organisations.is_empty() {
        c.push(
            ScenarioIssue::new(format!("{key}.organisations"), "is an empty list")
                .accepted("one or more organisation ids"),
        );
    }
    for (j, id) in t.organisations.iter().enumerate() {
        cx.organisation(c, &format!("{key}.organisations[{j}]"), id);
    }
    cx.moment(c, &format!("{key}.detonates_at"), &t.detonates_at);
    if let Some(access) = &t.initial_access_at
        && access.0 > t.detonates_at.0
    {
        c.push(
            ScenarioIssue::new(
                format!("{key}.initial_access_at"),
                format!("{access} is after detonates_at {}", t.detonates_at),
            )
            .accepted("a moment at or before detonates_at"),
        );
    }
    cx.systems(c, &format!("{key}.systems"), t.systems.as_deref());
    share(c, &format!("{key}.share_encrypted"), t.share_encrypted);
    share(
        c,
        &format!("{key}.initial_compromise_probability"),
        t.initial_compromise_probability,
    );
}

pub(super) fn check_supplier(c: &mut Checks, cx: &Context, key: &str, s: &SupplierOutageSpec) {
    cx.service(c, &format!("{key}.service"), &s.service);
    cx.moment(c, &format!("{key}.starts_at"), &s.starts_at);
    c.real(
        &format!("{key}.restored_after_days"),
        s.restored_after_days,
        Bound::Open(0.0),
        MAX_HOURS / 24.0,
        "days",
    );
    let k = format!("{key}.capacity_trajectory");
    match s.capacity_trajectory.first() {
        None => c.push(
            ScenarioIssue::new(&k, "is an empty list")
                .accepted("steps { from_day, capacity_share }, the first from day 0"),
        ),
        Some(first) if first.from_day != 0.0 => c.push(
            ScenarioIssue::new(format!("{k}[0].from_day"), format!("is {}", first.from_day))
                .accepted("0: the first step starts with the outage"),
        ),
        Some(_) => {}
    }
    for (j, step) in s.capacity_trajectory.iter().enumerate() {
        c.real(
            &format!("{k}[{j}].from_day"),
            step.from_day,
            Bound::Closed(0.0),
            MAX_HOURS / 24.0,
            "days",
        );
        share(c, &format!("{k}[{j}].capacity_share"), step.capacity_share);
        if j > 0 && step.from_day <= s.capacity_trajectory[j - 1].from_day {
            c.push(
                ScenarioIssue::new(format!("{k}[{j}].from_day"), "does not increase")
                    .accepted("days in increasing order"),
            );
        }
    }
}

pub(super) fn check_isolation(
    c: &mut Checks,
    cx: &Context,
    key: &str,
    p: &PrecautionaryIsolationSpec,
) {
    if let Some(alert) = &p.alert_at {
        cx.moment(c, &format!("{key}.alert_at"), alert);
    }
    cx.systems(c, &format!("{key}.systems"), Some(&p.systems));
    share(c, &format!("{key}.probability"), p.probability);
    c.distribution(
        &format!("{key}.duration_hours"),
        &p.duration_hours,
        MAX_HOURS,
        "hours",
    );
    c.real(
        &format!("{key}.reaction_hours"),
        p.reaction_hours,
        Bound::Closed(0.0),
        MAX_HOURS,
        "hours",
    );
    for (g, group) in p.shares_systems_with.iter().enumerate() {
        if group.len() < 2 {
            c.push(
                ScenarioIssue::new(
                    format!("{key}.shares_systems_with[{g}]"),
                    format!("has {} organisation(s)", group.len()),
                )
                .accepted("two or more organisation ids that share systems"),
            );
        }
        for (j, id) in group.iter().enumerate() {
            cx.organisation(c, &format!("{key}.shares_systems_with[{g}][{j}]"), id);
        }
    }
    share(c, &format!("{key}.same_region_share"), p.same_region_share);
}
