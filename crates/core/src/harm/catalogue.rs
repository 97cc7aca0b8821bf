//! The harm file (`crates/core/harm-parameters.toml`), parsed and checked.
//!
//! The file is compiled into the binary, so core reads nothing at run time
//! and a run's parameters are fixed by its build. Scenario overrides make a
//! modified copy ([`HarmCatalogue::with_overrides`]); the embedded one is
//! never changed.

use std::sync::OnceLock;

use serde::Deserialize;

use super::parameters::{HARM_PARAMETER_COUNT, HarmParameter};
use super::uncertainty::Uncertainty;
use crate::scenario::HarmSpec;

/// The text of the harm file, as built into the binary.
pub const HARM_PARAMETERS_TOML: &str = include_str!("../../harm-parameters.toml");

/// One parameter of the harm file.
#[derive(Debug, Clone, PartialEq)]
pub struct HarmEntry {
    /// Which parameter.
    pub parameter: HarmParameter,
    /// What it means, in one sentence.
    pub meaning: String,
    /// The central (base-case) value, used by `--fixed-parameters`.
    pub central: f64,
    /// Its unit, spelt out.
    pub unit: String,
    /// The distribution a replication draws it from.
    pub uncertainty: Uncertainty,
    /// The population the figure was measured in.
    pub population: String,
    /// Full citation.
    pub source: String,
    /// CONFIRMED / CONFIRMED (secondary) / DERIVED / ASSUMPTION /
    /// UNCONFIRMED, with the working for derived values.
    pub status: String,
}

/// One row of `parameters.csv` and `downtime explain`.
#[derive(Debug, Clone, PartialEq)]
pub struct HarmParameterRow {
    /// The parameter's name.
    pub name: &'static str,
    /// What it means.
    pub meaning: String,
    /// The central value.
    pub value: f64,
    /// Its unit.
    pub unit: String,
    /// Its uncertainty, in words.
    pub uncertainty: String,
    /// The population measured.
    pub population: String,
    /// The citation.
    pub source: String,
    /// The evidence status.
    pub status: String,
}

/// The harm file could not be used. Only a broken build can cause this:
/// the file is embedded and a test parses it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HarmFileError {
    /// Not valid TOML, or a table of the wrong shape.
    #[error("harm parameter file: {0}")]
    Syntax(String),
    /// Parsed, but some parameters are wrong: (name, problem).
    #[error("harm parameter file: {}", .0.iter().map(|(n, p)| format!("`{n}`: {p}")).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<(String, String)>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HarmFile {
    parameter: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    name: String,
    meaning: String,
    central: f64,
    unit: String,
    uncertainty: Uncertainty,
    population: String,
    source: String,
    status: String,
}

/// Every harm parameter with its value, uncertainty and source, in file
/// (draw) order: entry `i` is `HarmParameter::ALL[i]`.
#[derive(Debug, Clone, PartialEq)]
pub struct HarmCatalogue {
    entries: Vec<HarmEntry>,
}

impl HarmCatalogue {
    /// The catalogue built into the binary, parsed once.
    pub fn embedded() -> &'static HarmCatalogue {
        static EMBEDDED: OnceLock<HarmCatalogue> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            // The text is part of the build and the `embedded_file_is_valid`
            // test parses it, so failing here is a bug, not bad input.
            HarmCatalogue::parse(HARM_PARAMETERS_TOML)
                .unwrap_or_else(|e| panic!("the embedded harm file is invalid: {e}"))
        })
    }

    /// Parses and checks a harm file: every [`HarmParameter`] exactly once,
    /// in enum order, each central value inside its domain and interval.
    pub fn parse(text: &str) -> Result<HarmCatalogue, HarmFileError> {
        let file: HarmFile =
            toml::from_str(text).map_err(|e| HarmFileError::Syntax(e.to_string()))?;
        let mut problems = Vec::new();
        let mut entries = Vec::with_capacity(file.parameter.len());
        for (i, raw) in file.parameter.into_iter().enumerate() {
            let Some(parameter) = HarmParameter::from_name(&raw.name) else {
                problems.push((raw.name, "is not a HarmParameter".to_string()));
                continue;
            };
            if HarmParameter::ALL.get(i) != Some(&parameter) {
                // Draw order is file order: a moved row would silently
                // change every later parameter's draws.
                problems.push((
                    raw.name,
                    format!(
                        "is row {i}, but HarmParameter puts it at {}",
                        parameter as usize
                    ),
                ));
                continue;
            }
            let entry = HarmEntry {
                parameter,
                meaning: raw.meaning,
                central: raw.central,
                unit: raw.unit,
                uncertainty: raw.uncertainty,
                population: raw.population,
                source: raw.source,
                status: raw.status,
            };
            if let Some(problem) = entry_problem(&entry) {
                problems.push((raw.name, problem));
            }
            entries.push(entry);
        }
        if problems.is_empty() && entries.len() != HARM_PARAMETER_COUNT {
            for p in &HarmParameter::ALL[entries.len()..] {
                problems.push((p.name().to_string(), "is missing from the file".to_string()));
            }
        }
        if problems.is_empty() {
            Ok(HarmCatalogue { entries })
        } else {
            Err(HarmFileError::Invalid(problems))
        }
    }

    /// The entry of one parameter.
    pub fn entry(&self, parameter: HarmParameter) -> &HarmEntry {
        &self.entries[parameter as usize]
    }

    /// Every entry, in draw order.
    pub fn entries(&self) -> &[HarmEntry] {
        &self.entries
    }

    /// A copy in which the scenario's overridden parameters are fixed at
    /// the given values (no uncertainty). Errors are (name, problem) for
    /// every unknown name or value outside the parameter's domain.
    pub fn with_overrides(&self, spec: &HarmSpec) -> Result<HarmCatalogue, Vec<(String, String)>> {
        let mut out = self.clone();
        let mut problems = Vec::new();
        for (name, &value) in &spec.overrides {
            match override_problem(name, value) {
                Err(problem) => problems.push((name.clone(), problem)),
                Ok(parameter) => {
                    let e = &mut out.entries[parameter as usize];
                    e.status = format!(
                        "OVERRIDDEN by the scenario (file: {} {}; {})",
                        e.central,
                        e.uncertainty.describe(),
                        e.status
                    );
                    e.central = value;
                    e.uncertainty = Uncertainty::Fixed;
                }
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }

    /// One row per parameter for `parameters.csv` and `downtime explain`.
    pub fn rows(&self) -> Vec<HarmParameterRow> {
        self.entries
            .iter()
            .map(|e| HarmParameterRow {
                name: e.parameter.name(),
                meaning: e.meaning.clone(),
                value: e.central,
                unit: e.unit.clone(),
                uncertainty: e.uncertainty.describe(),
                population: e.population.clone(),
                source: e.source.clone(),
                status: e.status.clone(),
            })
            .collect()
    }
}

/// The parameter an override names, or why the override is refused.
pub fn override_problem(name: &str, value: f64) -> Result<HarmParameter, String> {
    let Some(parameter) = HarmParameter::from_name(name) else {
        return Err(match HarmParameter::suggest(name) {
            Some(s) => format!("is not a harm parameter (did you mean `{s}`?)"),
            None => "is not a harm parameter".to_string(),
        });
    };
    let domain = parameter.domain();
    if domain.contains(value) {
        Ok(parameter)
    } else {
        Err(format!(
            "{value} is outside the accepted range {}",
            domain.describe()
        ))
    }
}

fn entry_problem(e: &HarmEntry) -> Option<String> {
    let domain = e.parameter.domain();
    let texts = [&e.meaning, &e.unit, &e.population, &e.source, &e.status];
    if texts.iter().any(|t| t.trim().is_empty()) {
        return Some("meaning, unit, population, source and status must be filled in".into());
    }
    if !domain.contains(e.central) {
        return Some(format!(
            "central {} is outside {}",
            e.central,
            domain.describe()
        ));
    }
    e.uncertainty.problem(e.central, domain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harm::uncertainty::normal_quantile_two_sided;

    #[test]
    fn embedded_file_is_valid() {
        let parsed = HarmCatalogue::parse(HARM_PARAMETERS_TOML);
        assert!(parsed.is_ok(), "{parsed:?}");
        assert_eq!(
            HarmCatalogue::embedded().entries().len(),
            HARM_PARAMETER_COUNT
        );
    }

    /// The enum and the file list the same names, both ways and in order.
    #[test]
    fn enum_and_file_name_the_same_parameters() {
        let file: HarmFile = toml::from_str(HARM_PARAMETERS_TOML).unwrap();
        let in_file: Vec<&str> = file.parameter.iter().map(|r| r.name.as_str()).collect();
        let in_enum: Vec<&str> = HarmParameter::ALL.iter().map(|p| p.name()).collect();
        for name in &in_file {
            assert!(
                in_enum.contains(name),
                "{name} is in the file, not the enum"
            );
        }
        for name in &in_enum {
            assert!(
                in_file.contains(name),
                "{name} is in the enum, not the file"
            );
        }
        assert_eq!(in_file, in_enum, "same order");
    }

    #[test]
    fn every_central_value_lies_inside_its_interval() {
        for e in HarmCatalogue::embedded().entries() {
            let inside = match e.uncertainty {
                Uncertainty::Fixed => true,
                Uncertainty::Uniform { low, high } => low <= e.central && e.central <= high,
                Uncertainty::Lognormal {
                    ci_low, ci_high, ..
                }
                | Uncertainty::Beta {
                    ci_low, ci_high, ..
                } => ci_low <= e.central && e.central <= ci_high,
            };
            assert!(inside, "{}", e.parameter.name());
        }
    }

    /// A log-normal's fitted interval covers the published one and is not
    /// more than twice as wide (on the log scale) on either side.
    #[test]
    fn log_normals_fit_their_intervals() {
        for e in HarmCatalogue::embedded().entries() {
            if let Uncertainty::Lognormal {
                ci_low,
                ci_high,
                ci_level,
            } = e.uncertainty
            {
                let z = normal_quantile_two_sided(ci_level).unwrap();
                let sigma = Uncertainty::lognormal_sigma(e.central, ci_low, ci_high, ci_level);
                let (lo, hi) = (
                    (e.central.ln() - z * sigma).exp(),
                    (e.central.ln() + z * sigma).exp(),
                );
                let name = e.parameter.name();
                assert!(
                    lo <= ci_low * (1.0 + 1e-12) && hi >= ci_high * (1.0 - 1e-12),
                    "{name}"
                );
                assert!(
                    (e.central / lo).ln() <= 2.0 * (e.central / ci_low).ln(),
                    "{name}"
                );
                assert!(
                    (hi / e.central).ln() <= 2.0 * (ci_high / e.central).ln(),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn rows_describe_uncertainty_in_words() {
        let rows = HarmCatalogue::embedded().rows();
        assert_eq!(rows.len(), HARM_PARAMETER_COUNT);
        let ambulance = rows
            .iter()
            .find(|r| r.name == "ambulance_distance_death_or_per_km")
            .unwrap();
        assert_eq!(ambulance.uncertainty, "log-normal, 95% interval 1.01–1.03");
        assert_eq!(ambulance.value, 1.02);
        assert!(ambulance.source.contains("Nicholl"));
        assert!(rows.iter().all(|r| !r.status.is_empty()));
    }

    #[test]
    fn overrides_fix_values_and_refuse_bad_ones() {
        let cat = HarmCatalogue::embedded();
        let mut spec = HarmSpec::default();
        spec.overrides
            .insert("cancer_treatment_delay_hr_per_4_weeks".into(), 1.2);
        let fixed = cat.with_overrides(&spec).unwrap();
        let e = fixed.entry(HarmParameter::CancerTreatmentDelayHrPer4Weeks);
        assert_eq!((e.central, &e.uncertainty), (1.2, &Uncertainty::Fixed));
        assert!(e.status.starts_with("OVERRIDDEN"));
        assert_eq!(
            cat.entry(HarmParameter::CancerTreatmentDelayHrPer4Weeks)
                .central,
            1.07
        );

        spec.overrides
            .insert("cancer_treatment_delay_hr_per_4_week".into(), 1.2);
        spec.overrides
            .insert("lost_result_harm_probability".into(), 1.5);
        spec.overrides
            .insert("ambulance_distance_death_or_per_km".into(), f64::NAN);
        let errors = cat.with_overrides(&spec).unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        let typo = errors.iter().find(|(n, _)| n.ends_with("4_week")).unwrap();
        assert!(
            typo.1
                .contains("did you mean `cancer_treatment_delay_hr_per_4_weeks`")
        );
    }

    #[test]
    fn a_broken_file_is_refused_with_reasons() {
        let moved = HARM_PARAMETERS_TOML.replacen("central = 1.07", "central = 1.5", 1);
        match HarmCatalogue::parse(&moved) {
            Err(HarmFileError::Invalid(p)) => assert!(p[0].1.contains("outside"), "{p:?}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            HarmCatalogue::parse("[[parameter]]\nname = 1"),
            Err(HarmFileError::Syntax(_))
        ));
    }
}
