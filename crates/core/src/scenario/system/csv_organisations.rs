//! The organisations file of `[system.csv]`: acute trusts, ambulance
//! services and shared services, one a row (scenarios/data/README.md).

use serde::Deserialize;

use super::csv_files::{Defined, in_range, location, new_id};
use super::csv_table::{Column, Row, accepted, issue_at};
use super::england::{beds, ed_cubicles};
use super::published as p;
use super::{AmbulanceServiceSpec, SharedServiceKind, SharedServiceSpec};
use crate::scenario::error::{ScenarioIssue, closest};
use crate::scenario::{
    DistributionKind, DistributionSpec, EmergencyDepartmentSpec, Scenario, ScheduledCareSpec,
    ScheduledVolumes, TheatresSpec, TrustSpec,
};

/// The values of the organisations file's `kind` column.
const KINDS: [&str; 5] = [
    "acute_trust",
    "ambulance_service",
    "shared_service:pathology",
    "shared_service:e_referral",
    "shared_service:national_network",
];

pub(super) const ORGANISATION_COLUMNS: &[Column] = &[
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
        name: "kind",
        required: true,
        accepted: "acute_trust, ambulance_service, shared_service:pathology, shared_service:e_referral or shared_service:national_network",
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
        name: "ed_cubicles",
        required: false,
        accepted: "1 to 10000 cubicles (acute_trust; empty: square-root staffing)",
    },
    Column {
        name: "ed_arrivals_per_day",
        required: false,
        accepted: "(0, 100000] patients per day (acute_trust, required)",
    },
    Column {
        name: "beds",
        required: false,
        accepted: "1 to 10000 general and acute beds (acute_trust; empty: no bed model)",
    },
    Column {
        name: "outpatient_booked_per_day",
        required: false,
        accepted: "[0, 100000] appointments per day, averaged over the week (acute_trust)",
    },
    Column {
        name: "elective_day_case_per_day",
        required: false,
        accepted: "[0, 100000] day cases per day, averaged over the week (acute_trust)",
    },
    Column {
        name: "elective_inpatient_per_day",
        required: false,
        accepted: "[0, 100000] admissions per day, averaged over the week (acute_trust)",
    },
    Column {
        name: "theatres",
        required: false,
        accepted: "1 to 1000 operating theatres for elective lists (acute_trust; empty: capacity from headroom)",
    },
    Column {
        name: "serves",
        required: false,
        accepted: "ids separated by ';' (shared services; empty: everyone)",
    },
];

/// One row of the organisations file.
#[derive(Deserialize)]
pub(super) struct OrganisationRow {
    id: String,
    #[serde(default)]
    name: String,
    kind: String,
    #[serde(default)]
    region: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    ed_cubicles: Option<u32>,
    ed_arrivals_per_day: Option<f64>,
    beds: Option<u32>,
    outpatient_booked_per_day: Option<f64>,
    elective_day_case_per_day: Option<f64>,
    elective_inpatient_per_day: Option<f64>,
    theatres: Option<u32>,
    #[serde(default)]
    serves: String,
}

/// Adds one organisations row to the scenario; for a shared service,
/// returns where it is, so its `serves` ids can be checked once all are
/// known.
pub(super) fn organisation(
    file: &str,
    Row { line, value: row }: Row<OrganisationRow>,
    scenario: &mut Scenario,
    defined: &mut Defined,
    issues: &mut Vec<ScenarioIssue>,
) -> Option<(String, usize, usize)> {
    let before = issues.len();
    let kind = match KINDS.iter().position(|k| *k == row.kind) {
        Some(k) => k,
        None => {
            issues.push(
                issue_at(file, line, "kind", format!("unknown kind `{}`", row.kind))
                    .accepted(accepted(ORGANISATION_COLUMNS, "kind"))
                    .suggest(closest(&row.kind, KINDS)),
            );
            return None;
        }
    };
    new_id(file, line, &row.id, defined, issues);
    let at = location(file, line, row.latitude, row.longitude, issues);
    let trust_only = [
        ("ed_cubicles", row.ed_cubicles.is_some()),
        ("ed_arrivals_per_day", row.ed_arrivals_per_day.is_some()),
        ("beds", row.beds.is_some()),
        (
            "outpatient_booked_per_day",
            row.outpatient_booked_per_day.is_some(),
        ),
        (
            "elective_day_case_per_day",
            row.elective_day_case_per_day.is_some(),
        ),
        (
            "elective_inpatient_per_day",
            row.elective_inpatient_per_day.is_some(),
        ),
        ("theatres", row.theatres.is_some()),
    ];
    if kind != 0 {
        for (column, given) in trust_only {
            if given {
                issues.push(
                    issue_at(
                        file,
                        line,
                        column,
                        format!("is only used by acute_trust rows, not {}", row.kind),
                    )
                    .accepted("empty"),
                );
            }
        }
    }
    let serves: Vec<String> = row
        .serves
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    if kind < 2 && !serves.is_empty() {
        issues.push(
            issue_at(
                file,
                line,
                "serves",
                format!("is only used by shared services, not {}", row.kind),
            )
            .accepted("empty"),
        );
    }
    match kind {
        0 => {
            let Some(arrivals) = row.ed_arrivals_per_day else {
                issues.push(
                    issue_at(
                        file,
                        line,
                        "ed_arrivals_per_day",
                        "is required for an acute_trust",
                    )
                    .accepted(accepted(ORGANISATION_COLUMNS, "ed_arrivals_per_day")),
                );
                return None;
            };
            in_range(
                file,
                line,
                "ed_arrivals_per_day",
                Some(arrivals),
                (0.0, true),
                100_000.0,
                issues,
            );
            in_range(
                file,
                line,
                "ed_cubicles",
                row.ed_cubicles.map(f64::from),
                (1.0, false),
                10_000.0,
                issues,
            );
            in_range(
                file,
                line,
                "beds",
                row.beds.map(f64::from),
                (1.0, false),
                10_000.0,
                issues,
            );
            in_range(
                file,
                line,
                "theatres",
                row.theatres.map(f64::from),
                (1.0, false),
                1_000.0,
                issues,
            );
            for (column, v) in [
                ("outpatient_booked_per_day", row.outpatient_booked_per_day),
                ("elective_day_case_per_day", row.elective_day_case_per_day),
                ("elective_inpatient_per_day", row.elective_inpatient_per_day),
            ] {
                in_range(file, line, column, v, (0.0, false), 100_000.0, issues);
            }
            if issues.len() > before {
                return None;
            }
            let mut ed = EmergencyDepartmentSpec::new(
                row.ed_cubicles.unwrap_or_else(|| ed_cubicles(arrivals)),
                arrivals,
                DistributionSpec {
                    distribution: DistributionKind::Lognormal,
                    mean: p::ED_SERVICE_MEAN_MIN,
                    sd: Some(p::ED_SERVICE_SD_MIN),
                },
            );
            ed.hourly_arrival_weights = Some(p::ED_HOURLY_WEIGHTS.to_vec());
            ed.weekday_arrival_weights = Some(p::ED_WEEKDAY_WEIGHTS.to_vec());
            let mut trust = TrustSpec::new(row.id, ed);
            trust.name = row.name;
            trust.region = row.region;
            trust.location = at;
            trust.beds = row.beds.map(|b| beds(f64::from(b)));
            trust.theatres = row.theatres.map(TheatresSpec::new);
            let volumes = [
                row.outpatient_booked_per_day,
                row.elective_day_case_per_day,
                row.elective_inpatient_per_day,
            ];
            if volumes.iter().any(Option::is_some) {
                let per_working_day = |v: Option<f64>| v.unwrap_or(0.0) * p::WORKING_DAY_FACTOR;
                trust.scheduled_care = Some(ScheduledCareSpec::from_volumes(&ScheduledVolumes {
                    outpatient_booked_per_working_day: per_working_day(volumes[0]),
                    elective_day_case_per_working_day: per_working_day(volumes[1]),
                    elective_inpatient_per_working_day: per_working_day(volumes[2]),
                }));
            }
            scenario.trusts.push(trust);
            None
        }
        1 => {
            if issues.len() == before {
                scenario.ambulance_services.push(AmbulanceServiceSpec {
                    id: row.id,
                    name: row.name,
                    region: row.region,
                });
            }
            None
        }
        _ => {
            if issues.len() > before {
                return None;
            }
            let kind = match kind {
                2 => SharedServiceKind::Pathology,
                3 => SharedServiceKind::EReferral,
                _ => SharedServiceKind::NationalNetwork,
            };
            scenario.shared_services.push(SharedServiceSpec {
                id: row.id,
                name: row.name,
                kind,
                serves,
            });
            Some((file.to_string(), line, scenario.shared_services.len() - 1))
        }
    }
}
