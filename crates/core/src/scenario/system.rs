//! Where a scenario's organisations come from, besides its explicit
//! `[[trusts]]`: GP practices, ambulance services, shared services, their
//! locations, the built-in England-like generator and a user's CSV files.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::validate::Checks;
use super::{Scenario, ScenarioError, Source, SourceReader};

/// Generates or loads organisations into the scenario (see [`expand`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SystemSpec {}

/// A place, in decimal degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Latitude, -90 to 90.
    pub latitude: f64,
    /// Longitude, -180 to 180.
    pub longitude: f64,
}

/// A GP practice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GpPracticeSpec {
    /// Unique identifier across the system.
    pub id: String,
}

/// An ambulance service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmbulanceServiceSpec {
    /// Unique identifier across the system.
    pub id: String,
}

/// A service shared by several organisations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedServiceSpec {
    /// Unique identifier across the system.
    pub id: String,
}

/// Replaces `scenario.system` by the organisations it generates or loads
/// (reading CSV files through `reader`, relative to `entry`), so the
/// resolved scenario lists every organisation explicitly.
pub(super) fn expand(
    scenario: &mut Scenario,
    reader: &dyn SourceReader,
    entry: &Source,
) -> Result<(), ScenarioError> {
    let _ = (scenario, reader, entry);
    Ok(())
}

/// Checks GP practices, ambulance services and shared services, adding
/// their ids to `ids` (which holds the trusts' already).
pub(super) fn check<'a>(c: &mut Checks, scenario: &'a Scenario, ids: &mut BTreeSet<&'a str>) {
    let _ = (c, scenario, ids);
}
