//! `downtime sensitivity`: one-way low/high variation of the parameters
//! that matter, ranked by their effect on the headline harm.
//!
//! Every point runs with the harm parameters at their central values
//! (`--fixed-parameters`), so the effect of the one parameter a point
//! moves is isolated: the central point, then for each parameter a low
//! and a high point. Harm parameters go to the 2.5th and 97.5th
//! percentiles of their uncertainty (through `harm.overrides`); scenario
//! inputs follow the rules of [`ranges::SCENARIO_PARAMETERS`]. All points
//! share the seeds (common random numbers). One-way analysis ignores
//! interactions; `downtime run` (which samples every harm parameter
//! jointly) covers joint uncertainty.

pub mod ranges;

use std::path::PathBuf;

use downtime_core::metrics::{METRICS, Metric};
use downtime_core::model::Model;
use downtime_core::scenario::{self, Loaded, SourceReader};

use super::sweep::{
    PairedPoints, SweepError, experiment_manifest, load_points,
    tables::{finish, manifest_bytes, write_all},
};
use crate::output::{Extras, HarmParameterMode, OutputError, RunFolder, RunMeta, maybe, number};
use crate::stats::Summary;

/// The metric parameters are ranked by (difference arm).
pub const HEADLINE_METRIC: Metric = Metric::QalysLost;

/// The columns of `sensitivity.csv`.
pub const SENSITIVITY_COLUMNS: [&str; 16] = [
    "rank",
    "parameter",
    "kind",
    "unit",
    "central_value",
    "low_value",
    "high_value",
    "headline_metric",
    "central_mean",
    "low_mean",
    "low_ci95_low",
    "low_ci95_high",
    "high_mean",
    "high_ci95_low",
    "high_ci95_high",
    "swing",
];

/// The files of a sensitivity folder, in the order they are written.
pub const SENSITIVITY_FILES: [&str; 3] = ["sensitivity.csv", "sensitivity.json", "scenario.toml"];

/// Whether a parameter is a harm parameter or a scenario input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A harm parameter (`harm-parameters.toml`).
    Harm,
    /// A scenario input ([`ranges::SCENARIO_PARAMETERS`]).
    Scenario,
}

impl Kind {
    /// Its name in `sensitivity.csv`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Harm => "harm",
            Kind::Scenario => "scenario",
        }
    }
}

/// One parameter varied low and high.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Its name.
    pub name: String,
    /// Harm parameter or scenario input.
    pub kind: Kind,
    /// Its unit.
    pub unit: String,
    /// Its value in the scenario.
    pub central: f64,
    /// Its low value.
    pub low: f64,
    /// Its high value.
    pub high: f64,
    /// The `--set` overrides of the low point.
    pub low_sets: Vec<String>,
    /// The `--set` overrides of the high point.
    pub high_sets: Vec<String>,
}

/// A parameter not varied, and why: `(name, reason)`.
pub type Skipped = (String, String);

/// What a sensitivity analysis will run: the parameters, the ones left
/// out and why, and every point's scenario (central first, then low and
/// high of each parameter in turn).
#[derive(Debug, Clone)]
pub struct Plan {
    /// The parameters varied.
    pub parameters: Vec<Parameter>,
    /// `(name, why)` of parameters not varied.
    pub skipped: Vec<(String, String)>,
    /// The points' scenarios: `1 + 2 × parameters`.
    pub points: Vec<Loaded>,
}

/// Every parameter the analysis could vary in `base` (harm parameters in
/// file order, then scenario inputs in table order), and the harm
/// parameters skipped for having no uncertainty.
pub fn candidates(base: &Loaded) -> Result<(Vec<Parameter>, Vec<Skipped>), SweepError> {
    let model = Model::build(&base.scenario).map_err(|source| SweepError::Point {
        what: "the base scenario".into(),
        source,
    })?;
    let mut parameters = Vec::new();
    let mut skipped = Vec::new();
    for e in model.harm.entries() {
        let name = e.parameter.name();
        match ranges::harm_range(e) {
            None => skipped.push((
                name.to_string(),
                "no uncertainty (fixed, or overridden by the scenario)".to_string(),
            )),
            Some((low, high)) => parameters.push(Parameter {
                name: name.to_string(),
                kind: Kind::Harm,
                unit: e.unit.clone(),
                central: e.central,
                low,
                high,
                low_sets: vec![format!("harm.overrides.{name}={}", number(low))],
                high_sets: vec![format!("harm.overrides.{name}={}", number(high))],
            }),
        }
    }
    let table: toml::Table = scenario::to_toml(&base.scenario)
        .parse()
        .map_err(|e: toml::de::Error| SweepError::Output(OutputError::Toml(e)))?;
    for p in ranges::SCENARIO_PARAMETERS {
        if let Some(found) = ranges::find(p, &table) {
            parameters.push(Parameter {
                name: p.name.to_string(),
                kind: Kind::Scenario,
                unit: p.unit.to_string(),
                central: found.central,
                low: found.low,
                high: found.high,
                low_sets: found.low_sets,
                high_sets: found.high_sets,
            });
        }
    }
    Ok((parameters, skipped))
}

/// Keeps the parameters named in `only` (all when empty); an unknown name
/// is refused with the accepted names.
pub fn select(parameters: Vec<Parameter>, only: &[String]) -> Result<Vec<Parameter>, SweepError> {
    if only.is_empty() {
        return Ok(parameters);
    }
    if let Some(unknown) = only
        .iter()
        .find(|n| !parameters.iter().any(|p| &p.name == *n))
    {
        let names: Vec<&str> = parameters.iter().map(|p| p.name.as_str()).collect();
        return Err(SweepError::Selection(format!(
            "--only {unknown}: not a parameter this scenario can vary\n    accepted: {}",
            names.join(", ")
        )));
    }
    Ok(parameters
        .into_iter()
        .filter(|p| only.contains(&p.name))
        .collect())
}

/// Loads the central point and every parameter's low and high points. A
/// parameter whose low or high scenario does not validate (a rule pushed
/// a key past a limit this scenario sets) is skipped, with the reason.
pub fn plan(
    base: &Loaded,
    scenario_name: &str,
    base_sets: &[String],
    only: &[String],
    reader: &dyn SourceReader,
) -> Result<Plan, SweepError> {
    let (all, mut skipped) = candidates(base)?;
    let selected = select(all, only)?;
    let mut points = load_points(scenario_name, base_sets, &[vec![]], reader, &|_| {
        "the central point".into()
    })?;
    let mut parameters = Vec::new();
    for p in selected {
        let what = |i: usize| format!("{} {}", p.name, ["low", "high"][i]);
        match load_points(
            scenario_name,
            base_sets,
            &[p.low_sets.clone(), p.high_sets.clone()],
            reader,
            &what,
        ) {
            Ok(loaded) => {
                points.extend(loaded);
                parameters.push(p);
            }
            Err(e) => skipped.push((p.name.clone(), first_line(&e.to_string()))),
        }
    }
    Ok(Plan {
        parameters,
        skipped,
        points,
    })
}

fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One row of `sensitivity.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// The parameter.
    pub parameter: Parameter,
    /// The headline metric at the low point.
    pub low: Option<Summary>,
    /// The headline metric at the high point.
    pub high: Option<Summary>,
    /// `|high mean − low mean|`; `None` if either was not observed.
    pub swing: Option<f64>,
}

/// The parameters with their low and high results, sorted by swing
/// (largest first; unobserved last), ties by name.
pub fn rank(parameters: &[Parameter], results: &PairedPoints) -> Vec<Ranked> {
    let m = HEADLINE_METRIC as usize;
    let mut rows: Vec<Ranked> = parameters
        .iter()
        .enumerate()
        .map(|(j, p)| {
            let low = results.summary(1 + 2 * j, m);
            let high = results.summary(2 + 2 * j, m);
            Ranked {
                parameter: p.clone(),
                swing: low.zip(high).map(|(l, h)| (h.mean - l.mean).abs()),
                low,
                high,
            }
        })
        .collect();
    sort_by_swing(&mut rows);
    rows
}

fn sort_by_swing(rows: &mut [Ranked]) {
    use std::cmp::Ordering;
    rows.sort_by(|a, b| {
        match (a.swing, b.swing) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
        .then_with(|| a.parameter.name.cmp(&b.parameter.name))
    });
}

/// `sensitivity.csv`: one row per parameter, in rank order.
pub fn sensitivity_csv(rows: &[Ranked], central: Option<Summary>) -> Result<Vec<u8>, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(SENSITIVITY_COLUMNS)?;
    let mean = |s: Option<Summary>| s.map(|s| number(s.mean)).unwrap_or_default();
    let low = |s: Option<Summary>| maybe(s.and_then(|s| s.ci95_low));
    let high = |s: Option<Summary>| maybe(s.and_then(|s| s.ci95_high));
    for (i, r) in rows.iter().enumerate() {
        let p = &r.parameter;
        w.write_record([
            (i + 1).to_string(),
            p.name.clone(),
            p.kind.name().to_string(),
            p.unit.clone(),
            number(p.central),
            number(p.low),
            number(p.high),
            METRICS[HEADLINE_METRIC as usize].name.to_string(),
            mean(central),
            mean(r.low),
            low(r.low),
            high(r.low),
            mean(r.high),
            low(r.high),
            high(r.high),
            maybe(r.swing),
        ])?;
    }
    finish(w)
}

/// Writes every file of a sensitivity analysis (and whatever `extras`
/// makes of them, e.g. the tornado chart) into `folder` and commits it.
pub fn write_sensitivity(
    folder: RunFolder,
    meta: &RunMeta<'_>,
    plan: &Plan,
    results: &PairedPoints,
    replications: u64,
    extras: Option<&Extras<'_>>,
) -> Result<PathBuf, OutputError> {
    let rows = rank(&plan.parameters, results);
    let central = results.summary(0, HEADLINE_METRIC as usize);
    let mut manifest = experiment_manifest(
        "sensitivity",
        meta,
        replications,
        HarmParameterMode::Central,
        results,
        SENSITIVITY_FILES.to_vec(),
    );
    manifest.parameters = Some(rows.iter().map(|r| r.parameter.name.clone()).collect());
    manifest.skipped_parameters = Some(
        plan.skipped
            .iter()
            .map(|(n, why)| format!("{n}: {why}"))
            .collect(),
    );
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("sensitivity.csv", sensitivity_csv(&rows, central)?),
        ("sensitivity.json", manifest_bytes(&manifest)?),
        (
            "scenario.toml",
            scenario::to_toml(&meta.loaded.scenario).into_bytes(),
        ),
    ];
    write_all(folder, &files, extras)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parameter(name: &str) -> Parameter {
        Parameter {
            name: name.into(),
            kind: Kind::Harm,
            unit: "u".into(),
            central: 1.0,
            low: 0.5,
            high: 1.5,
            low_sets: vec![],
            high_sets: vec![],
        }
    }

    /// Points: central, then (low, high) per parameter; headline values
    /// per replication.
    fn results(points: &[[f64; 2]]) -> PairedPoints {
        let values = points
            .iter()
            .map(|reps| {
                let mut per_metric = vec![vec![None; 2]; METRICS.len()];
                per_metric[HEADLINE_METRIC as usize] = reps.iter().map(|v| Some(*v)).collect();
                per_metric
            })
            .collect();
        PairedPoints {
            values,
            threads: 1,
            wall_time_s: 0.0,
        }
    }

    #[test]
    fn parameters_rank_by_swing_then_name() {
        let params = [
            parameter("b"),
            parameter("a"),
            parameter("c"),
            parameter("d"),
        ];
        let r = results(&[
            [5.0, 5.0],
            // b: 4 -> 6, swing 2
            [4.0, 4.0],
            [6.0, 6.0],
            // a: 6 -> 4, swing 2 (tie with b; a first by name)
            [6.0, 6.0],
            [4.0, 4.0],
            // c: 1 -> 9, swing 8
            [1.0, 1.0],
            [9.0, 9.0],
            // d: no change
            [5.0, 5.0],
            [5.0, 5.0],
        ]);
        let ranked = rank(&params, &r);
        let names: Vec<&str> = ranked.iter().map(|r| r.parameter.name.as_str()).collect();
        assert_eq!(names, ["c", "a", "b", "d"]);
        assert_eq!(ranked[0].swing, Some(8.0));
        assert_eq!(ranked[3].swing, Some(0.0));
        let csv = String::from_utf8(sensitivity_csv(&ranked, r.summary(0, 0)).unwrap()).unwrap();
        assert_eq!(csv.lines().next().unwrap(), SENSITIVITY_COLUMNS.join(","));
        assert!(
            csv.lines()
                .nth(1)
                .unwrap()
                .starts_with("1,c,harm,u,1,0.5,1.5,qalys_lost,")
        );
    }

    #[test]
    fn unobserved_swings_rank_last() {
        let mut rows = vec![
            Ranked {
                parameter: parameter("a"),
                low: None,
                high: None,
                swing: None,
            },
            Ranked {
                parameter: parameter("z"),
                low: None,
                high: None,
                swing: Some(0.0),
            },
        ];
        sort_by_swing(&mut rows);
        assert_eq!(rows[0].parameter.name, "z");
    }

    #[test]
    fn only_refuses_unknown_names_listing_the_accepted() {
        let all = vec![parameter("a"), parameter("b")];
        let kept = select(all.clone(), &["b".to_string()]).unwrap();
        assert_eq!(kept, [parameter("b")]);
        let err = select(all, &["nope".to_string()]).unwrap_err().to_string();
        assert!(
            err.contains("--only nope") && err.contains("accepted: a, b"),
            "{err}"
        );
    }
}
