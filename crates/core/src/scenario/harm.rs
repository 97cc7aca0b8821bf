//! The `[harm]` table of a scenario: overrides of the harm parameters.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::error::ScenarioIssue;
use super::validate::Checks;
use crate::harm::{Domain, HarmParameter, MAX_RATIO, override_problem};

/// Harm settings of a scenario.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HarmSpec {
    /// Harm parameters fixed at a value instead of the harm file's
    /// central value and uncertainty, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(schema_with = "overrides_schema")]
    pub overrides: BTreeMap<String, f64>,
}

/// The schema of `[harm] overrides`: one optional number per harm
/// parameter, with its range, so an editor completes the names and flags
/// a value out of range.
fn overrides_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let properties: serde_json::Map<String, serde_json::Value> = HarmParameter::ALL
        .iter()
        .map(|p| {
            let mut schema = serde_json::json!({
                "type": "number",
                "description": format!(
                    "Fixes `{}` at this value (accepted: {}); see crates/core/harm-parameters.toml.",
                    p.name(),
                    p.domain().describe()
                ),
            });
            let (lower, upper) = match p.domain() {
                Domain::Fraction => ("minimum", 1.0),
                Domain::Ratio => ("exclusiveMinimum", MAX_RATIO),
                Domain::NonNegative { max } => ("minimum", max),
            };
            schema[lower] = 0.0.into();
            schema["maximum"] = upper.into();
            (p.name().to_string(), schema)
        })
        .collect();
    schemars::json_schema!({
        "description": "Harm parameters fixed at a value instead of the harm file's central value and uncertainty, by name.",
        "type": "object",
        "properties": properties,
        "additionalProperties": false
    })
}

/// Checks the harm settings: every override names a harm parameter and
/// gives a finite value inside that parameter's range (probabilities in
/// [0, 1], ratios above 0, ...).
pub(super) fn check(c: &mut Checks, harm: &HarmSpec) {
    for (name, &value) in &harm.overrides {
        let key = format!("harm.overrides.{name}");
        match HarmParameter::from_name(name) {
            None => c.push(
                ScenarioIssue::new(key, "is not a harm parameter")
                    .accepted("a name from `crates/core/harm-parameters.toml`")
                    .suggest(HarmParameter::suggest(name).map(|s| format!("harm.overrides.{s}"))),
            ),
            Some(parameter) => {
                if let Err(problem) = override_problem(name, value) {
                    c.push(
                        ScenarioIssue::new(key, problem).accepted(parameter.domain().describe()),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issues(pairs: &[(&str, f64)]) -> Vec<ScenarioIssue> {
        let harm = HarmSpec {
            overrides: pairs.iter().map(|(n, v)| (n.to_string(), *v)).collect(),
        };
        let mut c = Checks::default();
        check(&mut c, &harm);
        c.issues
    }

    #[test]
    fn good_overrides_pass() {
        assert!(issues(&[("cancer_treatment_delay_hr_per_4_weeks", 1.1)]).is_empty());
        assert!(issues(&[("lost_result_harm_probability", 0.0)]).is_empty());
    }

    #[test]
    fn unknown_names_get_a_suggestion_and_bad_values_a_range() {
        let found = issues(&[
            ("lost_result_harm_probabilty", 0.01),
            ("lost_result_harm_probability", 1.5),
            ("ambulance_distance_death_or_per_km", 0.0),
            ("elective_wait_qalys_lost_per_week", f64::INFINITY),
        ]);
        assert_eq!(found.len(), 4, "{found:?}");
        let typo = found
            .iter()
            .find(|i| i.key.ends_with("probabilty"))
            .unwrap();
        assert_eq!(
            typo.suggestion.as_deref(),
            Some("harm.overrides.lost_result_harm_probability")
        );
        let range = found
            .iter()
            .find(|i| i.key == "harm.overrides.lost_result_harm_probability")
            .unwrap();
        assert_eq!(range.accepted.as_deref(), Some("[0, 1]"));
    }
}
