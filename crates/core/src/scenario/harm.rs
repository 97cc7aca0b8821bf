//! The `[harm]` table of a scenario: overrides of the harm parameters.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::validate::Checks;

/// Harm settings of a scenario.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HarmSpec {
    /// Harm parameters fixed at a value instead of the harm file's
    /// central value and uncertainty, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub overrides: BTreeMap<String, f64>,
}

/// Checks the harm settings.
pub(super) fn check(c: &mut Checks, harm: &HarmSpec) {
    let _ = (c, harm);
}
