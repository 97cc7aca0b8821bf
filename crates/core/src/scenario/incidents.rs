//! What goes wrong, and how the system responds: the incidents of a
//! scenario, its response and recovery policy, and the defensive controls
//! in force. The attack model (`crate::attack`) compiles these; the
//! equations and every default's source are in `docs/model/attacks.md`.

mod controls;
mod ransomware;
mod response;
mod worm;

pub use controls::{
    ControlSpec, ControlsSpec, DetectionControlSpec, DowntimeProceduresSpec, LevelControlSpec,
    PhishingAwarenessSpec,
};
pub use ransomware::{
    CapacityStep, PrecautionaryIsolationSpec, SupplierOutageSpec, TargetedRansomwareSpec,
};
pub use response::{
    BackupQuality, CancellableService, CancellationSpec, DisruptionTrigger, DiversionSpec,
    MutualAidSpec, ProgressPoint, RecoveryHoursSpec, ResponseSpec,
};
pub use worm::{VulnerableShareSpec, WormLinksSpec, WormSpec};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use std::collections::BTreeSet;

use super::error::{ScenarioIssue, closest};
use super::validate::{Bound, Checks, MAX_RUN_DAYS};
use super::{CivilDateTime, ItSystem, Scenario};
use crate::clock::Calendar;

/// Something that goes wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum IncidentSpec {
    /// One organisation's IT is down for a window: its services work on
    /// downtime procedures.
    ItOutage(ItOutageSpec),
    /// A self-propagating worm (WannaCry 2017) spreading between
    /// organisations until a kill switch.
    Worm(WormSpec),
    /// Ransomware detonated inside chosen organisations (Irish HSE 2021).
    TargetedRansomware(TargetedRansomwareSpec),
    /// A shared service fails for everyone who depends on it (Synnovis 2024).
    SupplierOutage(SupplierOutageSpec),
    /// Organisations that are not infected disconnect as a precaution.
    PrecautionaryIsolation(PrecautionaryIsolationSpec),
}

/// An IT outage window at one organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItOutageSpec {
    /// The `id` of the affected trust.
    pub organisation: String,
    /// Local date and time the outage starts.
    pub starts_at: CivilDateTime,
    /// How long the IT stays down.
    pub duration_hours: f64,
    /// The systems that go down (default: all of them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub systems: Option<Vec<ItSystem>>,
}

impl IncidentSpec {
    /// Deserialises the table of one incident of kind `kind` (without its
    /// `kind` key) on its own, to find where inside it an error lies: serde
    /// loses that path inside an internally tagged enum. `None` if the
    /// kind is unknown or the table is fine.
    pub(crate) fn locate_error(
        kind: &str,
        table: toml::Table,
    ) -> Option<serde_path_to_error::Error<toml::de::Error>> {
        use serde_path_to_error::deserialize;
        let value = toml::Value::Table(table);
        match kind {
            "it_outage" => deserialize::<_, ItOutageSpec>(value).err(),
            "worm" => deserialize::<_, WormSpec>(value).err(),
            "targeted_ransomware" => deserialize::<_, TargetedRansomwareSpec>(value).err(),
            "supplier_outage" => deserialize::<_, SupplierOutageSpec>(value).err(),
            "precautionary_isolation" => deserialize::<_, PrecautionaryIsolationSpec>(value).err(),
            _ => None,
        }
    }
}

/// What the incident checks need to know about the scenario: every
/// organisation id, the shared services' ids, the run's calendar.
pub(super) struct Context<'a> {
    pub(super) ids: &'a BTreeSet<&'a str>,
    pub(super) services: BTreeSet<&'a str>,
    pub(super) regions: BTreeSet<&'a str>,
    pub(super) calendar: &'a Calendar,
    pub(super) total_days: u64,
}

impl Context<'_> {
    /// Refuses an id that names no organisation.
    pub(super) fn organisation(&self, c: &mut Checks, key: &str, id: &str) {
        self.organisation_named(c, key, id, "organisation");
    }

    /// As [`Context::organisation`], calling the organisation `what` in the
    /// message (an IT outage names a trust).
    fn organisation_named(&self, c: &mut Checks, key: &str, id: &str, what: &str) {
        if !self.ids.contains(id) {
            c.push(
                ScenarioIssue::new(key, format!("no {what} has id `{id}`"))
                    .accepted(format!("one of the {what} ids: {}", quoted(self.ids)))
                    .suggest(closest(id, self.ids.iter().copied())),
            );
        }
    }

    /// Refuses an id that names no shared service.
    pub(super) fn service(&self, c: &mut Checks, key: &str, id: &str) {
        if !self.services.contains(id) {
            c.push(
                ScenarioIssue::new(key, format!("no shared service has id `{id}`"))
                    .accepted(format!(
                        "one of the shared-service ids: {}",
                        quoted(&self.services)
                    ))
                    .suggest(closest(id, self.services.iter().copied())),
            );
        }
    }

    /// Refuses a region that no organisation is in.
    pub(super) fn region(&self, c: &mut Checks, key: &str, region: &str) {
        if !self.regions.contains(region) {
            c.push(
                ScenarioIssue::new(key, format!("no organisation is in region `{region}`"))
                    .accepted(format!("one of the regions: {}", quoted(&self.regions)))
                    .suggest(closest(region, self.regions.iter().copied())),
            );
        }
    }

    /// Refuses a moment outside the simulated period.
    pub(super) fn moment(&self, c: &mut Checks, key: &str, at: &CivilDateTime) {
        let t = self.calendar.minutes_at(at.0);
        if t < 0.0 || t >= self.calendar.horizon() {
            let end = self
                .calendar
                .start_date()
                .checked_add(jiff::Span::new().days(i64::try_from(self.total_days).unwrap_or(0)))
                .unwrap_or(self.calendar.start_date());
            c.push(
                ScenarioIssue::new(key, format!("{at} is outside the simulated period")).accepted(
                    format!(
                        "from {}T00:00:00 to before {}T00:00:00",
                        self.calendar.start_date(),
                        end
                    ),
                ),
            );
        }
    }

    /// Refuses an empty list of systems where one was given.
    pub(super) fn systems(&self, c: &mut Checks, key: &str, systems: Option<&[ItSystem]>) {
        if systems.is_some_and(<[ItSystem]>::is_empty) {
            c.push(
                ScenarioIssue::new(key, "is an empty list")
                    .accepted("one or more systems, or leave it out for the default"),
            );
        }
    }
}

fn quoted<'a>(items: impl IntoIterator<Item = &'a &'a str>) -> String {
    items
        .into_iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The longest duration any incident key accepts, in hours.
pub(super) const MAX_HOURS: f64 = MAX_RUN_DAYS as f64 * 24.0;

/// Checks a probability or share in [0, 1].
pub(super) fn share(c: &mut Checks, key: &str, v: f64) {
    c.real(key, v, Bound::Closed(0.0), 1.0, "share (0 to 1)");
}

/// Range and reference checks for every incident, the response and the
/// controls. `ids` holds every organisation's id; `total` is the run's
/// length in days.
pub(super) fn check(
    c: &mut Checks,
    scenario: &Scenario,
    ids: &BTreeSet<&str>,
    calendar: &Calendar,
    total: u64,
) {
    let cx = Context {
        ids,
        services: scenario
            .shared_services
            .iter()
            .map(|s| s.id.as_str())
            .collect(),
        regions: scenario
            .trusts
            .iter()
            .map(|t| t.region.as_str())
            .chain(scenario.gp_practices.iter().map(|g| g.region.as_str()))
            .chain(
                scenario
                    .ambulance_services
                    .iter()
                    .map(|a| a.region.as_str()),
            )
            .collect(),
        calendar,
        total_days: total,
    };
    for (i, incident) in scenario.incidents.iter().enumerate() {
        let key = format!("incidents[{i}]");
        match incident {
            IncidentSpec::ItOutage(spec) => check_it_outage(c, &cx, &key, spec),
            IncidentSpec::Worm(spec) => worm::check(c, &cx, &key, spec),
            IncidentSpec::TargetedRansomware(spec) => {
                ransomware::check_targeted(c, &cx, &key, spec)
            }
            IncidentSpec::SupplierOutage(spec) => ransomware::check_supplier(c, &cx, &key, spec),
            IncidentSpec::PrecautionaryIsolation(spec) => {
                ransomware::check_isolation(c, &cx, &key, spec)
            }
        }
    }
    response::check(c, &cx, &scenario.response);
    controls::check(c, &scenario.controls);
}

fn check_it_outage(c: &mut Checks, cx: &Context, key: &str, spec: &ItOutageSpec) {
    cx.systems(c, &format!("{key}.systems"), spec.systems.as_deref());
    cx.organisation_named(
        c,
        &format!("{key}.organisation"),
        &spec.organisation,
        "trust",
    );
    cx.moment(c, &format!("{key}.starts_at"), &spec.starts_at);
    c.real(
        &format!("{key}.duration_hours"),
        spec.duration_hours,
        Bound::Open(0.0),
        MAX_HOURS,
        "hours",
    );
}
