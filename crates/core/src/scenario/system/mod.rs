//! Where a scenario's organisations come from, besides its explicit
//! `[[trusts]]`: GP practices, ambulance services, shared services, their
//! locations, the built-in England-like generator and a user's CSV files.
//! See docs/model/system.md.

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod check;
mod csv_files;
mod csv_organisations;
mod csv_practices;
mod csv_table;
mod england;
mod geography;
mod published;
mod regions;

pub use csv_files::CsvSystemSpec;
pub use england::EnglandSpec;
pub use geography::{GeographySpec, TravelTimeSpec, TravelTimes};

use super::validate::Checks;
use super::{Scenario, ScenarioError, ScenarioIssue, Source, SourceReader};

/// Where the scenario's generated or loaded organisations come from: the
/// built-in England-like generator or a user's CSV files (one of the two).
/// Expanded when the scenario is loaded, so a loaded scenario has none.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SystemSpec {
    /// `[system.england]`: the built-in England-like generator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub england: Option<EnglandSpec>,
    /// `[system.csv]`: organisations, GP practices and travel times from
    /// CSV files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv: Option<CsvSystemSpec>,
}

/// A place, in decimal degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Latitude, -90 to 90.
    pub latitude: f64,
    /// Longitude, -180 to 180.
    pub longitude: f64,
}

/// A GP practice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GpPracticeSpec {
    /// Unique identifier across the system (e.g. an ODS code).
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Region, for grouping.
    #[serde(default)]
    pub region: String,
    /// Where the practice is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Registered patients.
    pub list_size: u32,
    /// GP appointments offered per working day (Monday to Friday).
    pub appointments_per_working_day: f64,
    /// The `id` of the acute trust its referrals go to.
    pub home_trust: String,
    /// Referrals to the home trust per 1,000 registered patients per
    /// working day, by priority. Default: the England-wide rates
    /// (docs/MODEL.md).
    #[serde(default)]
    pub referrals_per_1000_per_working_day: ReferralRatesSpec,
}

/// GP referral rates by priority, per 1,000 registered patients per
/// working day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralRatesSpec {
    /// Routine referrals.
    pub routine: f64,
    /// Urgent (not suspected cancer) referrals.
    pub urgent: f64,
    /// Urgent suspected-cancer referrals (the two-week-wait pathway).
    pub urgent_suspected_cancer: f64,
}

impl Default for ReferralRatesSpec {
    /// England-wide rates. Urgent suspected cancer 0.21: DERIVED, 286,720
    /// referrals a month (July 2024, NHS England) / 21.75 working days /
    /// 63.4 million registered patients (6,277 practices × 10,100). Routine
    /// 0.6 and urgent 0.15: ASSUMPTIONS (no figure in the evidence).
    fn default() -> Self {
        Self {
            routine: 0.6,
            urgent: 0.15,
            urgent_suspected_cancer: 0.21,
        }
    }
}

/// An ambulance service: conveys emergency patients to the nearest open
/// emergency department.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AmbulanceServiceSpec {
    /// Unique identifier across the system.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// The region it covers.
    #[serde(default)]
    pub region: String,
}

/// What a shared service provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SharedServiceKind {
    /// A pathology laboratory serving several organisations (Synnovis).
    Pathology,
    /// The national e-Referral Service.
    EReferral,
    /// The national network (N3/HSCN) linking organisations.
    NationalNetwork,
}

/// A service shared by several organisations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SharedServiceSpec {
    /// Unique identifier across the system.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// What it provides.
    pub kind: SharedServiceKind,
    /// The ids of the organisations (trusts, GP practices) that depend on
    /// it. Empty: every trust and practice.
    #[serde(default)]
    pub serves: Vec<String>,
}

/// Replaces `scenario.system` (and `geography.travel_time_matrix`) by
/// what they generate or load (reading CSV files through `reader`,
/// relative to `entry`), so the resolved scenario lists every organisation
/// and travel time explicitly.
pub(super) fn expand(
    scenario: &mut Scenario,
    reader: &dyn SourceReader,
    entry: &Source,
) -> Result<(), ScenarioError> {
    let mut issues = Vec::new();
    match scenario.system.take() {
        Some(SystemSpec {
            england: Some(_),
            csv: Some(_),
        }) => issues.push(
            ScenarioIssue::new("system", "has both `england` and `csv`")
                .accepted("either [system.england] or [system.csv]"),
        ),
        Some(SystemSpec {
            england: Some(spec),
            ..
        }) => match england::generate(&spec, &scenario.geography) {
            Ok(generated) => {
                scenario.trusts.extend(generated.trusts);
                scenario.gp_practices.extend(generated.gp_practices);
                scenario
                    .ambulance_services
                    .extend(generated.ambulance_services);
                scenario.shared_services.extend(generated.shared_services);
            }
            Err(found) => issues.extend(found),
        },
        Some(SystemSpec {
            csv: Some(spec), ..
        }) => {
            issues.extend(csv_files::load(&spec, scenario, reader, entry));
        }
        _ => {}
    }
    if let Some(path) = scenario.geography.travel_time_matrix.take() {
        csv_files::travel_times(
            &path,
            "geography.travel_time_matrix",
            scenario,
            &Default::default(),
            reader,
            entry,
            &mut issues,
        );
    }
    if issues.is_empty() {
        Ok(())
    } else {
        Err(ScenarioError::Invalid(issues))
    }
}

/// Checks GP practices, ambulance services, shared services, locations and
/// geography, adding their ids to `ids` (which holds the trusts' already):
/// ids are unique across all organisations.
pub(super) fn check<'a>(c: &mut Checks, scenario: &'a Scenario, ids: &mut BTreeSet<&'a str>) {
    check::check(c, scenario, ids);
}

#[cfg(test)]
mod csv_tests;
