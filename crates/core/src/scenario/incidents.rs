//! What goes wrong, and how the system responds: the incidents of a
//! scenario, its response and recovery policy, and the defensive controls
//! in force.

use serde::{Deserialize, Serialize};

use std::collections::BTreeSet;

use super::error::{ScenarioIssue, closest};
use super::validate::{Bound, Checks, MAX_RUN_DAYS};
use super::{CivilDateTime, ItSystem, Scenario};
use crate::clock::Calendar;

/// Something that goes wrong. More kinds arrive with the attack model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum IncidentSpec {
    /// One organisation's IT is down for a window: its services work on
    /// downtime procedures.
    ItOutage(ItOutageSpec),
}

/// How the system responds to and recovers from incidents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {}

/// Defensive controls in force, each changing stated parameters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlsSpec {}

/// An IT outage window at one organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
        let value = toml::Value::Table(table);
        match kind {
            "it_outage" => serde_path_to_error::deserialize::<_, ItOutageSpec>(value).err(),
            _ => None,
        }
    }
}

/// Range and reference checks for every incident. `ids` holds every
/// organisation's id; `total_days` is the run's length.
pub(super) fn check(
    c: &mut Checks,
    scenario: &Scenario,
    ids: &BTreeSet<&str>,
    calendar: &Calendar,
    total: u64,
) {
    for (i, incident) in scenario.incidents.iter().enumerate() {
        let key = format!("incidents[{i}]");
        match incident {
            IncidentSpec::ItOutage(ItOutageSpec {
                organisation,
                starts_at,
                duration_hours,
                systems,
            }) => {
                if systems.as_ref().is_some_and(Vec::is_empty) {
                    c.push(
                        ScenarioIssue::new(format!("{key}.systems"), "is an empty list")
                            .accepted("one or more systems, or leave it out for all systems"),
                    );
                }
                if !ids.contains(organisation.as_str()) {
                    c.push(
                        ScenarioIssue::new(
                            format!("{key}.organisation"),
                            format!("no trust has id `{organisation}`"),
                        )
                        .accepted(format!(
                            "one of the trust ids: {}",
                            ids.iter()
                                .map(|s| format!("`{s}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ))
                        .suggest(closest(organisation, ids.iter().copied())),
                    );
                }
                let t = calendar.minutes_at(starts_at.0);
                if t < 0.0 || t >= calendar.horizon() {
                    let end = calendar
                        .start_date()
                        .checked_add(jiff::Span::new().days(i64::from(total as u32)))
                        .unwrap_or(calendar.start_date());
                    c.push(
                        ScenarioIssue::new(
                            format!("{key}.starts_at"),
                            format!("{starts_at} is outside the simulated period"),
                        )
                        .accepted(format!(
                            "from {}T00:00:00 to before {}T00:00:00",
                            calendar.start_date(),
                            end
                        )),
                    );
                }
                c.real(
                    &format!("{key}.duration_hours"),
                    *duration_hours,
                    Bound::Open(0.0),
                    f64::from(MAX_RUN_DAYS) * 24.0,
                    "hours",
                );
            }
        }
    }
}
