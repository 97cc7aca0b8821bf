//! `[system.csv]`: a user's organisations, GP practices and travel times
//! from CSV files (formats in scenarios/data/README.md). Every value is
//! range-checked here, where its file and line are known.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::check::{MAX_TRAVEL_MIN, location_problem};
use super::csv_organisations::{ORGANISATION_COLUMNS, OrganisationRow, organisation};
use super::csv_practices::{PRACTICE_COLUMNS, PracticeRow, practices};
use super::csv_table::{Column, Row, accepted, issue_at, read};
use super::{Location, TravelTimeSpec};
use crate::scenario::error::{ScenarioIssue, closest};
use crate::scenario::{Scenario, Source, SourceReader};

/// `[system.csv]`: CSV files, relative to the scenario file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CsvSystemSpec {
    /// Acute trusts, ambulance services and shared services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisations: Option<String>,
    /// GP practices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gp_practices: Option<String>,
    /// Travel times, `from,to,minutes` (added to `[geography]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub travel_times: Option<String>,
}

const TRAVEL_COLUMNS: &[Column] = &[
    Column {
        name: "from",
        required: true,
        accepted: "the id of an organisation",
    },
    Column {
        name: "to",
        required: true,
        accepted: "the id of an organisation",
    },
    Column {
        name: "minutes",
        required: true,
        accepted: "[0, 10000] minutes",
    },
];

#[derive(Deserialize)]
struct TravelRow {
    from: String,
    to: String,
    minutes: f64,
}

/// Where each id was defined, for duplicate messages.
pub(super) type Defined = BTreeMap<String, String>;

/// Reads the files `spec` names into `scenario`; every problem found.
pub(super) fn load(
    spec: &CsvSystemSpec,
    scenario: &mut Scenario,
    reader: &dyn SourceReader,
    entry: &Source,
) -> Vec<ScenarioIssue> {
    let mut issues = Vec::new();
    let mut defined: Defined = Defined::new();
    let written = scenario
        .trusts
        .iter()
        .map(|t| &t.id)
        .chain(scenario.gp_practices.iter().map(|g| &g.id))
        .chain(scenario.ambulance_services.iter().map(|a| &a.id))
        .chain(scenario.shared_services.iter().map(|s| &s.id));
    for id in written {
        defined.insert(id.clone(), "the scenario file".into());
    }
    let mut serves_at = Vec::new();
    if let Some(path) = &spec.organisations {
        let (file, rows) = read::<OrganisationRow>(
            path,
            "system.csv.organisations",
            ORGANISATION_COLUMNS,
            reader,
            entry,
            &mut issues,
        );
        for row in rows {
            if let Some(at) = organisation(&file, row, scenario, &mut defined, &mut issues) {
                serves_at.push(at);
            }
        }
    }
    // A bad organisations row would make every reference to it an error
    // too: check references only once the organisations read cleanly.
    let references = issues.is_empty();
    if let Some(path) = &spec.gp_practices {
        let (file, rows) = read::<PracticeRow>(
            path,
            "system.csv.gp_practices",
            PRACTICE_COLUMNS,
            reader,
            entry,
            &mut issues,
        );
        practices(&file, rows, scenario, &mut defined, references, &mut issues);
    }
    if !references {
        return issues;
    }
    for (file, line, shared) in serves_at {
        for id in &scenario.shared_services[shared].serves {
            if !defined.contains_key(id) {
                issues.push(
                    issue_at(
                        &file,
                        line,
                        "serves",
                        format!("no organisation has id `{id}`"),
                    )
                    .accepted(accepted(ORGANISATION_COLUMNS, "serves"))
                    .suggest(closest(id, defined.keys().map(String::as_str))),
                );
            }
        }
    }
    if let Some(path) = &spec.travel_times {
        travel_times(
            path,
            "system.csv.travel_times",
            scenario,
            &defined,
            reader,
            entry,
            &mut issues,
        );
    }
    issues
}

/// Reads a `from,to,minutes` file into `scenario.geography.travel_times`.
pub(super) fn travel_times(
    path: &str,
    key: &str,
    scenario: &mut Scenario,
    known: &Defined,
    reader: &dyn SourceReader,
    entry: &Source,
    issues: &mut Vec<ScenarioIssue>,
) {
    let (file, rows) = read::<TravelRow>(path, key, TRAVEL_COLUMNS, reader, entry, issues);
    let mut entries = Vec::new();
    {
        // Ids written in the scenario itself are known too (when called for
        // `[geography] travel_time_matrix` without CSV organisations).
        let mut ids: Vec<&str> = known.keys().map(String::as_str).collect();
        ids.extend(scenario.trusts.iter().map(|t| t.id.as_str()));
        ids.extend(scenario.gp_practices.iter().map(|g| g.id.as_str()));
        ids.extend(scenario.ambulance_services.iter().map(|a| a.id.as_str()));
        ids.extend(scenario.shared_services.iter().map(|s| s.id.as_str()));
        ids.sort_unstable();
        ids.dedup();
        for Row { line, value: row } in rows {
            let mut ok = true;
            for (column, id) in [("from", &row.from), ("to", &row.to)] {
                if ids.binary_search(&id.as_str()).is_err() {
                    ok = false;
                    issues.push(
                        issue_at(
                            &file,
                            line,
                            column,
                            format!("no organisation has id `{id}`"),
                        )
                        .accepted(accepted(TRAVEL_COLUMNS, column))
                        .suggest(closest(id, ids.iter().copied())),
                    );
                }
            }
            if !(row.minutes.is_finite() && (0.0..=MAX_TRAVEL_MIN).contains(&row.minutes)) {
                ok = false;
                issues.push(
                    issue_at(
                        &file,
                        line,
                        "minutes",
                        format!("{} is out of range", row.minutes),
                    )
                    .accepted(accepted(TRAVEL_COLUMNS, "minutes")),
                );
            }
            if ok {
                entries.push(TravelTimeSpec {
                    from: row.from,
                    to: row.to,
                    minutes: row.minutes,
                });
            }
        }
    }
    scenario.geography.travel_times.extend(entries);
}

/// Checks `id` is new, recording where it was defined.
pub(super) fn new_id(
    file: &str,
    line: usize,
    id: &str,
    defined: &mut Defined,
    issues: &mut Vec<ScenarioIssue>,
) -> bool {
    if id.is_empty() {
        issues.push(issue_at(file, line, "id", "is empty").accepted("a non-empty identifier"));
        return false;
    }
    if let Some(first) = defined.get(id) {
        issues.push(
            issue_at(
                file,
                line,
                "id",
                format!("`{id}` is already used, in {first}"),
            )
            .accepted("identifiers unique across all organisations"),
        );
        return false;
    }
    defined.insert(id.to_string(), format!("{file}:{line}"));
    true
}

/// A location from optional columns: both or neither.
pub(super) fn location(
    file: &str,
    line: usize,
    lat: Option<f64>,
    lon: Option<f64>,
    issues: &mut Vec<ScenarioIssue>,
) -> Option<Location> {
    match (lat, lon) {
        (Some(latitude), Some(longitude)) => match location_problem(latitude, longitude) {
            Some((column, message, range)) => {
                issues.push(issue_at(file, line, column, message).accepted(range));
                None
            }
            None => Some(Location {
                latitude,
                longitude,
            }),
        },
        (None, None) => None,
        (Some(_), None) => {
            issues.push(
                issue_at(file, line, "longitude", "is empty but latitude is given")
                    .accepted("both coordinates, or neither"),
            );
            None
        }
        (None, Some(_)) => {
            issues.push(
                issue_at(file, line, "latitude", "is empty but longitude is given")
                    .accepted("both coordinates, or neither"),
            );
            None
        }
    }
}

/// Checks an optional number in `[min, max]` (`min` excluded when `open`).
pub(super) fn in_range(
    file: &str,
    line: usize,
    column: &str,
    v: Option<f64>,
    (min, open): (f64, bool),
    max: f64,
    issues: &mut Vec<ScenarioIssue>,
) {
    if let Some(v) = v {
        let low_ok = if open { v > min } else { v >= min };
        if !(v.is_finite() && low_ok && v <= max) {
            issues.push(
                issue_at(file, line, column, format!("{v} is out of range"))
                    .accepted(accepted(ORGANISATION_COLUMNS, column)),
            );
        }
    }
}
