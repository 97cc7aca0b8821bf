//! The GP practices file of `[system.csv]` (scenarios/data/README.md).

use serde::Deserialize;

use super::check::{MAX_GP_APPOINTMENTS, MAX_LIST_SIZE};
use super::csv_files::{Defined, location, new_id};
use super::csv_table::{Column, Row, accepted, issue_at};
use super::published as p;
use super::{GpPracticeSpec, ReferralRatesSpec, TravelTimes};
use crate::scenario::Scenario;
use crate::scenario::error::{ScenarioIssue, closest};

pub(super) const PRACTICE_COLUMNS: &[Column] = &[
    Column {
        name: "id",
        required: true,
        accepted: "a unique identifier (e.g. an ODS code)",
    },
    Column {
        name: "name",
        required: false,
        accepted: "text",
    },
    Column {
        name: "region",
        required: false,
        accepted: "text",
    },
    Column {
        name: "latitude",
        required: false,
        accepted: "-90 to 90 degrees (WGS 84), or empty",
    },
    Column {
        name: "longitude",
        required: false,
        accepted: "-180 to 180 degrees (WGS 84), or empty",
    },
    Column {
        name: "list_size",
        required: true,
        accepted: "1 to 200000 registered patients",
    },
    Column {
        name: "appointments_per_working_day",
        required: false,
        accepted: "[0, 100000] appointments per working day (empty: 0.0221 per registered patient)",
    },
    Column {
        name: "home_trust",
        required: false,
        accepted: "the id of an acute trust (empty: the nearest trust)",
    },
];

/// One row of the GP practices file.
#[derive(Deserialize)]
pub(super) struct PracticeRow {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    region: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    list_size: u32,
    appointments_per_working_day: Option<f64>,
    #[serde(default)]
    home_trust: String,
}

/// Adds the practices, each referred to its `home_trust` or, when that is
/// empty, to the nearest trust.
pub(super) fn practices(
    file: &str,
    rows: Vec<Row<PracticeRow>>,
    scenario: &mut Scenario,
    defined: &mut Defined,
    references: bool,
    issues: &mut Vec<ScenarioIssue>,
) {
    let trust_ids: Vec<String> = scenario.trusts.iter().map(|t| t.id.clone()).collect();
    let mut locations: Vec<Option<(f64, f64)>> = scenario
        .trusts
        .iter()
        .map(|t| t.location.map(|l| (l.latitude, l.longitude)))
        .collect();
    let located_trusts: Vec<usize> = (0..trust_ids.len())
        .filter(|&i| locations[i].is_some())
        .collect();
    let probe = locations.len();
    locations.push(None);
    for Row { line, value: row } in rows {
        let before = issues.len();
        new_id(file, line, &row.id, defined, issues);
        let at = location(file, line, row.latitude, row.longitude, issues);
        if !(1..=MAX_LIST_SIZE).contains(&row.list_size) {
            issues.push(
                issue_at(
                    file,
                    line,
                    "list_size",
                    format!("{} is out of range", row.list_size),
                )
                .accepted(accepted(PRACTICE_COLUMNS, "list_size")),
            );
        }
        let appointments = row.appointments_per_working_day.unwrap_or_else(|| {
            (f64::from(row.list_size) * p::gp_appointments_per_patient_per_working_day() * 10.0)
                .round()
                / 10.0
        });
        if !(appointments.is_finite() && (0.0..=MAX_GP_APPOINTMENTS).contains(&appointments)) {
            issues.push(
                issue_at(
                    file,
                    line,
                    "appointments_per_working_day",
                    format!("{appointments} is out of range"),
                )
                .accepted(accepted(PRACTICE_COLUMNS, "appointments_per_working_day")),
            );
        }
        let home_trust = if !references {
            row.home_trust
        } else if row.home_trust.is_empty() {
            // Nearest trust: put the practice in the probe slot and ask.
            locations[probe] = at.map(|l| (l.latitude, l.longitude));
            let travel = TravelTimes::new(&locations, &scenario.geography, &[]);
            match (at, travel.nearest(probe, located_trusts.iter().copied())) {
                (Some(_), Some(t)) => trust_ids[t].clone(),
                _ => {
                    issues.push(issue_at(file, line, "home_trust", "is empty, and the nearest trust cannot be found").accepted("a trust id, or a practice location and at least one trust with a location"));
                    String::new()
                }
            }
        } else if trust_ids.contains(&row.home_trust) {
            row.home_trust
        } else {
            issues.push(
                issue_at(
                    file,
                    line,
                    "home_trust",
                    format!("no trust has id `{}`", row.home_trust),
                )
                .accepted(accepted(PRACTICE_COLUMNS, "home_trust"))
                .suggest(closest(
                    &row.home_trust,
                    trust_ids.iter().map(String::as_str),
                )),
            );
            String::new()
        };
        if issues.len() > before {
            continue;
        }
        scenario.gp_practices.push(GpPracticeSpec {
            id: row.id,
            name: row.name,
            region: row.region,
            location: at,
            list_size: row.list_size,
            appointments_per_working_day: appointments,
            home_trust,
            referrals_per_1000_per_working_day: ReferralRatesSpec::default(),
        });
    }
}
