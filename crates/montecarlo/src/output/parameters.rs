//! Every parameter in effect: `parameters.csv` (the harm parameters a run
//! used) and the flat listing of a resolved scenario behind `downtime
//! explain`. Columns are documented in `docs/outputs.md`.

use downtime_core::harm::{HarmParameterRow, Uncertainty};
use downtime_core::model::Model;
use downtime_core::scenario::{self, Scenario};
use serde::Serialize;

use super::{OutputError, number};

/// The columns of `parameters.csv`, in order.
pub const PARAMETERS_COLUMNS: [&str; 9] = [
    "name",
    "value",
    "unit",
    "uncertainty",
    "fixed_in_run",
    "overridden",
    "population",
    "source",
    "status",
];

/// How a run used the harm parameters (`harm_parameters` in `run.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HarmParameterMode {
    /// Each replication draws the uncertain parameters (probabilistic
    /// sensitivity analysis): the default.
    Sampled,
    /// Every replication uses the central values (`--fixed-parameters`).
    Central,
}

impl HarmParameterMode {
    /// The mode a model runs in.
    pub fn of(model: &Model) -> Self {
        if model.fixed_harm_parameters {
            Self::Central
        } else {
            Self::Sampled
        }
    }

    /// Its name in `run.json`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sampled => "sampled",
            Self::Central => "central",
        }
    }
}

/// One harm parameter as a run uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct HarmParameterInEffect {
    /// The parameter's row of the harm file (after the scenario's overrides).
    pub row: HarmParameterRow,
    /// Whether every replication used `row.value`: the run used central
    /// values, or the parameter has no uncertainty (a convention, a price,
    /// or a scenario override).
    pub fixed_in_run: bool,
    /// Whether the scenario's `[harm] overrides` set it.
    pub overridden: bool,
}

/// Every harm parameter of `model`, in the harm file's order, marked with
/// whether the scenario overrode it and whether the run held it fixed.
pub fn harm_parameters_in_effect(model: &Model, scenario: &Scenario) -> Vec<HarmParameterInEffect> {
    let central = model.fixed_harm_parameters;
    model
        .harm
        .entries()
        .iter()
        .zip(model.harm.rows())
        .map(|(entry, row)| HarmParameterInEffect {
            fixed_in_run: central || entry.uncertainty == Uncertainty::Fixed,
            overridden: scenario.harm.overrides.contains_key(row.name),
            row,
        })
        .collect()
}

/// `parameters.csv`: one row per harm parameter, [`PARAMETERS_COLUMNS`].
pub fn parameters_csv(parameters: &[HarmParameterInEffect]) -> Result<Vec<u8>, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(PARAMETERS_COLUMNS)?;
    let yes_no = |b: bool| if b { "true" } else { "false" };
    for p in parameters {
        let r = &p.row;
        w.write_record([
            r.name,
            &number(r.value),
            &r.unit,
            &r.uncertainty,
            yes_no(p.fixed_in_run),
            yes_no(p.overridden),
            &r.population,
            &r.source,
            &r.status,
        ])?;
    }
    w.into_inner()
        .map_err(|e| OutputError::Csv(e.into_error().into()))
}

/// Lists longer than this are summarised in [`scenario_settings`].
pub const MAX_LISTED_ENTRIES: usize = 20;

/// A summarised list's first entry is cut to this many characters.
const FIRST_ENTRY_CHARS: usize = 120;

/// The resolved scenario as flat `(key, value)` pairs sorted by key, keys
/// in `--set` syntax (`trusts[0].emergency_department.cubicles`), values as
/// TOML text. A list of more than [`MAX_LISTED_ENTRIES`] entries (e.g.
/// thousands of generated GP practices) is one pair, `N entries (first:
/// ...)`, so the listing stays readable.
pub fn scenario_settings(scenario: &Scenario) -> Result<Vec<(String, String)>, OutputError> {
    let table: toml::Table = toml::from_str(&scenario::to_toml(scenario))?;
    let mut out = Vec::new();
    for (key, value) in &table {
        flatten(key.clone(), value, &mut out);
    }
    Ok(out)
}

fn flatten(key: String, value: &toml::Value, out: &mut Vec<(String, String)>) {
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t {
                flatten(format!("{key}.{k}"), v, out);
            }
        }
        toml::Value::Array(items) if items.len() > MAX_LISTED_ENTRIES => {
            let first = items.first().map(inline).unwrap_or_default();
            let first: String = if first.chars().count() > FIRST_ENTRY_CHARS {
                first
                    .chars()
                    .take(FIRST_ENTRY_CHARS)
                    .chain("...".chars())
                    .collect()
            } else {
                first
            };
            out.push((key, format!("{} entries (first: {first})", items.len())));
        }
        // Lists of tables read best one key per line; lists of plain values
        // (a dependency list, weekday rates) stay on one line.
        toml::Value::Array(items) if items.iter().any(toml::Value::is_table) => {
            for (i, v) in items.iter().enumerate() {
                flatten(format!("{key}[{i}]"), v, out);
            }
        }
        other => out.push((key, inline(other))),
    }
}

/// A value as one line of TOML.
fn inline(value: &toml::Value) -> String {
    match value {
        toml::Value::Table(t) => {
            let fields: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{k} = {}", inline(v)))
                .collect();
            format!("{{ {} }}", fields.join(", "))
        }
        toml::Value::Array(items) => {
            let items: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downtime_core::scenario::TextSource;

    fn value(text: &str) -> toml::Value {
        toml::Value::Table(toml::from_str(text).unwrap())
    }

    #[test]
    fn long_lists_are_summarised_and_short_ones_listed() {
        let practices: Vec<String> = (0..25)
            .map(|i| format!("{{ code = \"P{i}\", list_size = {} }}", 1000 + i))
            .collect();
        let text = format!(
            "a = {{ b = 1, c = [1, 2] }}\nt = [{{ x = 1 }}, {{ x = 2 }}]\ngp = [{}]\n",
            practices.join(", ")
        );
        let mut out = Vec::new();
        flatten("s".into(), &value(&text), &mut out);
        let get = |k: &str| {
            out.iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("s.a.b"), Some("1"));
        assert_eq!(get("s.a.c"), Some("[1, 2]"));
        assert_eq!(get("s.t[1].x"), Some("2"));
        assert_eq!(
            get("s.gp"),
            Some("25 entries (first: { code = \"P0\", list_size = 1000 })")
        );
        assert!(!out.iter().any(|(k, _)| k.starts_with("s.gp[")));
    }

    fn model(overrides: &[String]) -> (Scenario, Model) {
        let file = format!(
            "{}/../../scenarios/single-trust-it-outage.toml",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(file).unwrap();
        let loaded = scenario::load("s.toml", overrides, &TextSource(text)).unwrap();
        let model = Model::build(&loaded.scenario).unwrap();
        (loaded.scenario, model)
    }

    #[test]
    fn parameters_csv_marks_overrides_and_central_runs() {
        let name = "cancer_treatment_delay_hr_per_4_weeks";
        let (s, mut m) = model(&[format!("harm.overrides.{name}=1.5")]);
        let sampled = harm_parameters_in_effect(&m, &s);
        assert_eq!(sampled.len(), m.harm.entries().len());
        let other = |ps: &[HarmParameterInEffect]| {
            ps.iter()
                .find(|p| p.row.name == "cancer_treatment_baseline_5_year_mortality_probability")
                .cloned()
                .unwrap()
        };
        assert!(!other(&sampled).fixed_in_run && !other(&sampled).overridden);

        let csv = String::from_utf8(parameters_csv(&sampled).unwrap()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], PARAMETERS_COLUMNS.join(","));
        assert_eq!(lines.len(), sampled.len() + 1);
        let row = lines.iter().find(|l| l.starts_with(name)).unwrap();
        assert!(row.starts_with(&format!("{name},1.5,")), "{row}");
        assert!(row.contains(",true,true,"), "{row}");

        m.fixed_harm_parameters = true;
        assert_eq!(HarmParameterMode::of(&m), HarmParameterMode::Central);
        let central = harm_parameters_in_effect(&m, &s);
        assert!(central.iter().all(|p| p.fixed_in_run));
        assert!(!other(&central).overridden);
    }

    #[test]
    fn a_real_scenario_lists_its_keys_with_units_in_the_names() {
        let (s, _) = model(&[]);
        let settings = scenario_settings(&s).unwrap();
        assert!(
            settings.iter().any(|(k, _)| k == "calendar.follow_up_days"),
            "{settings:?}"
        );
        assert!(settings.iter().any(|(k, _)| k.starts_with("trusts[0].")));
    }
}
