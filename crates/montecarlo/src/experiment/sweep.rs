//! `downtime sweep`: one scenario run at every point of a one-way or
//! two-way grid of scenario keys, every point with the same seeds.
//!
//! A point is the scenario loaded with the base `--set` overrides plus one
//! `key=value` per varied key, so keys and values take exactly the syntax
//! of `--set` and are checked by the scenario's own validation. Every point
//! runs replications `0..N` with the same master seed: replication `i` of
//! every point sees the same patients and the same draws wherever the
//! points share them (common random numbers), so the paired difference
//! between two points is far less noisy than the difference of their means.
//!
//! The runner keeps, per point and replication, the difference-arm total
//! (attack − counterfactual) of every metric; [`tables`] writes them out.

pub(crate) mod tables;

pub use tables::{
    ExperimentManifest, SWEEP_COLUMNS, SWEEP_FILES, SWEEP_POINTS_COLUMNS, experiment_manifest,
    sweep_csv, sweep_points_csv, write_sweep,
};

use downtime_core::metrics::METRIC_COUNT;
use downtime_core::model::Model;
use downtime_core::scenario::{self, Loaded, ScenarioError, SourceReader};
use serde::Serialize;

use crate::output::OutputError;
use crate::replication_summary::ReportArm;
use crate::runner::{RunError, for_each_replication};
use crate::stats::{Summary, summarise};

/// A sweep varies one key (one-way) or two (two-way).
pub const MAX_VARIES: usize = 2;

/// The most points a sweep may have: each is a whole Monte Carlo run.
pub const MAX_POINTS: usize = 200;

/// One `--vary KEY=V1,V2,...`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vary {
    /// The scenario key, in `--set` syntax (e.g. `incidents[0].duration_hours`).
    pub key: String,
    /// Its values, TOML literals as `--set` takes them, in the order given.
    pub values: Vec<String>,
}

/// Why a sweep or sensitivity analysis cannot run.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// `--vary` is not `KEY=V1,V2,...`.
    #[error(
        "--vary `{0}`: expected KEY=V1,V2,... e.g. --vary incidents[0].duration_hours=24,48,72"
    )]
    Syntax(String),
    /// A value in the list is empty (`24,,48`, a trailing comma, or no values).
    #[error(
        "--vary {key}: `{text}` has an empty value\n    accepted: one or more TOML values separated by commas, e.g. {key}=24,48"
    )]
    EmptyValue {
        /// The key.
        key: String,
        /// The list as given.
        text: String,
    },
    /// No `--vary` at all.
    #[error("give one or two --vary KEY=V1,V2,... options")]
    NoVary,
    /// More keys than a sweep varies.
    #[error(
        "{0} --vary options: a sweep varies one key (one-way) or two (two-way)\n    accepted: 1 or 2 --vary options"
    )]
    TooManyVaries(usize),
    /// The same key twice.
    #[error("--vary {0} is given twice; give each key once with all its values")]
    DuplicateKey(String),
    /// The grid is too large.
    #[error(
        "the sweep has {0} points\n    accepted: at most {MAX_POINTS} points (the product of the numbers of values)"
    )]
    TooManyPoints(usize),
    /// A point's scenario does not load or validate.
    #[error("at {what}:\n{source}")]
    Point {
        /// Which point, in words.
        what: String,
        /// The scenario's own error, which names the key and its range.
        source: ScenarioError,
    },
    /// A bad `--only` or similar selection (sensitivity).
    #[error("{0}")]
    Selection(String),
    /// The simulation failed.
    #[error(transparent)]
    Run(#[from] RunError),
    /// A file could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
}

impl Vary {
    /// Parses `KEY=V1,V2,...`. Values are split at commas outside quotes
    /// and brackets, so `key=["epr","pas"],["epr"]` gives two lists.
    pub fn parse(text: &str) -> Result<Vary, SweepError> {
        let (key, list) = text
            .split_once('=')
            .ok_or_else(|| SweepError::Syntax(text.to_string()))?;
        let key = key.trim();
        if key.is_empty() {
            return Err(SweepError::Syntax(text.to_string()));
        }
        let values = split_values(list);
        if values.iter().any(String::is_empty) {
            return Err(SweepError::EmptyValue {
                key: key.to_string(),
                text: list.to_string(),
            });
        }
        Ok(Vary {
            key: key.to_string(),
            values,
        })
    }
}

/// Splits at commas that are outside quotes, brackets and braces; each
/// piece is trimmed.
fn split_values(list: &str) -> Vec<String> {
    let mut values = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for c in list.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            (None, ',') if depth == 0 => {
                values.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    values.push(current.trim().to_string());
    values
}

/// One point of a sweep: a value for each varied key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    /// `(key, value)` in `--vary` order.
    pub settings: Vec<(String, String)>,
}

impl Point {
    /// The point's overrides, in `--set` syntax.
    pub fn sets(&self) -> Vec<String> {
        self.settings
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect()
    }

    /// `key=value; key2=value2`, as in `sweep.csv`.
    pub fn label(&self) -> String {
        self.sets().join("; ")
    }
}

/// Every combination of the varied values: the cartesian product with the
/// first `--vary` outermost, so point `i·|V2| + j` takes value `i` of the
/// first key and value `j` of the second. Refuses no keys, more than
/// [`MAX_VARIES`], a key given twice, and more than [`MAX_POINTS`] points.
pub fn points(varies: &[Vary]) -> Result<Vec<Point>, SweepError> {
    if varies.is_empty() {
        return Err(SweepError::NoVary);
    }
    if varies.len() > MAX_VARIES {
        return Err(SweepError::TooManyVaries(varies.len()));
    }
    for (i, v) in varies.iter().enumerate() {
        if varies[..i].iter().any(|w| w.key == v.key) {
            return Err(SweepError::DuplicateKey(v.key.clone()));
        }
    }
    let count = varies
        .iter()
        .map(|v| v.values.len())
        .try_fold(1usize, usize::checked_mul)
        .unwrap_or(usize::MAX);
    if count > MAX_POINTS {
        return Err(SweepError::TooManyPoints(count));
    }
    let mut points = vec![Point {
        settings: Vec::new(),
    }];
    for v in varies {
        points = points
            .into_iter()
            .flat_map(|p| {
                v.values.iter().map(move |value| {
                    let mut settings = p.settings.clone();
                    settings.push((v.key.clone(), value.clone()));
                    Point { settings }
                })
            })
            .collect();
    }
    Ok(points)
}

/// Loads (and checks, by building its model) the scenario of every point
/// before anything is simulated, so a bad key or value at any point fails
/// at once. `what(i)` names point `i` in an error.
pub fn load_points(
    scenario_name: &str,
    base_sets: &[String],
    point_sets: &[Vec<String>],
    reader: &dyn SourceReader,
    what: &dyn Fn(usize) -> String,
) -> Result<Vec<Loaded>, SweepError> {
    point_sets
        .iter()
        .enumerate()
        .map(|(i, sets)| {
            let all: Vec<String> = base_sets.iter().chain(sets).cloned().collect();
            let point_error = |source| SweepError::Point {
                what: what(i),
                source,
            };
            let loaded = scenario::load(scenario_name, &all, reader).map_err(point_error)?;
            Model::build(&loaded.scenario).map_err(point_error)?;
            Ok(loaded)
        })
        .collect()
}

/// Per point, per metric (`METRICS` order), per replication: the
/// difference-arm total (`None` where the metric was not observed).
pub type PointValues = Vec<Vec<Option<f64>>>;

/// What the runs of every point produced.
#[derive(Debug, Clone)]
pub struct PairedPoints {
    /// `values[point][metric][replication]`.
    pub values: Vec<PointValues>,
    /// Worker threads used.
    pub threads: usize,
    /// Wall-clock seconds of all the simulation.
    pub wall_time_s: f64,
}

impl PairedPoints {
    /// The summary of `metric` at `point` over the replications that
    /// observed it.
    pub fn summary(&self, point: usize, metric: usize) -> Option<Summary> {
        summarise(&observed(&self.values[point][metric]))
    }

    /// The summary of the paired difference (`point` − `base`) of `metric`,
    /// replication by replication, where both observed it.
    pub fn paired_summary(&self, point: usize, base: usize, metric: usize) -> Option<Summary> {
        summarise(&paired_differences(
            &self.values[point][metric],
            &self.values[base][metric],
        ))
    }
}

/// The observed values, in replication order.
pub fn observed(values: &[Option<f64>]) -> Vec<f64> {
    values.iter().flatten().copied().collect()
}

/// `a − b` replication by replication, where both are observed.
pub fn paired_differences(a: &[Option<f64>], b: &[Option<f64>]) -> Vec<f64> {
    a.iter()
        .zip(b)
        .filter_map(|(x, y)| x.zip(*y).map(|(x, y)| x - y))
        .collect()
}

/// Runs replications `0..replications` of every point's scenario with the
/// same `seed`, one point after another (the replications of a point in
/// parallel), keeping the difference-arm totals. With `fixed_harm`, every
/// replication uses the harm parameters' central values.
/// `progress(done)` counts replications over all points.
pub fn run_points(
    points: &[Loaded],
    fixed_harm: bool,
    seed: u64,
    replications: u64,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<PairedPoints, SweepError> {
    let mut values = Vec::with_capacity(points.len());
    let mut used_threads = 0;
    let mut wall_time_s = 0.0;
    for (i, loaded) in points.iter().enumerate() {
        let mut model = Model::build(&loaded.scenario).map_err(|source| SweepError::Point {
            what: format!("point {i}"),
            source,
        })?;
        model.fixed_harm_parameters = fixed_harm;
        let mut point: PointValues = (0..METRIC_COUNT)
            .map(|_| Vec::with_capacity(replications as usize))
            .collect();
        let offset = i as u64 * replications;
        let (t, wall) = for_each_replication(
            &model,
            seed,
            0..replications,
            threads,
            &|done| progress(offset + done),
            &mut |r| {
                for (series, v) in point
                    .iter_mut()
                    .zip(&r.totals[ReportArm::Difference as usize])
                {
                    series.push(*v);
                }
                Ok(())
            },
        )?;
        used_threads = t;
        wall_time_s += wall;
        values.push(point);
    }
    Ok(PairedPoints {
        values,
        threads: used_threads,
        wall_time_s,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vary(text: &str) -> Vary {
        Vary::parse(text).unwrap()
    }

    #[test]
    fn values_split_at_top_level_commas() {
        let v = vary(" incidents[0].duration_hours = 12, 24 ,48");
        assert_eq!(v.key, "incidents[0].duration_hours");
        assert_eq!(v.values, ["12", "24", "48"]);
        let lists = vary(r#"trusts[0].beds.discharge_needs=["epr","pas"],["epr"]"#);
        assert_eq!(lists.values, [r#"["epr","pas"]"#, r#"["epr"]"#]);
        let quoted = vary(r#"name="a,b","c""#);
        assert_eq!(quoted.values, [r#""a,b""#, r#""c""#]);
    }

    #[test]
    fn bad_vary_syntax_is_refused() {
        assert!(matches!(Vary::parse("novalue"), Err(SweepError::Syntax(_))));
        assert!(matches!(Vary::parse("=1,2"), Err(SweepError::Syntax(_))));
        for empty in ["k=", "k=1,,2", "k=1,"] {
            assert!(
                matches!(Vary::parse(empty), Err(SweepError::EmptyValue { .. })),
                "{empty}"
            );
        }
    }

    #[test]
    fn points_are_the_cartesian_product_first_vary_outermost() {
        let p = points(&[vary("a=1,2,3"), vary("b=x,y")]).unwrap();
        let labels: Vec<String> = p.iter().map(Point::label).collect();
        assert_eq!(
            labels,
            [
                "a=1; b=x", "a=1; b=y", "a=2; b=x", "a=2; b=y", "a=3; b=x", "a=3; b=y"
            ]
        );
        assert_eq!(p[3].sets(), ["a=2", "b=y"]);
        let one = points(&[vary("a=1,2")]).unwrap();
        assert_eq!(one.len(), 2);
        assert_eq!(one[1].label(), "a=2");
    }

    #[test]
    fn grids_are_bounded() {
        assert!(matches!(points(&[]), Err(SweepError::NoVary)));
        let three = [vary("a=1"), vary("b=1"), vary("c=1")];
        assert!(matches!(points(&three), Err(SweepError::TooManyVaries(3))));
        assert!(matches!(
            points(&[vary("a=1,2"), vary("a=3")]),
            Err(SweepError::DuplicateKey(_))
        ));
        let many: Vec<String> = (0..15).map(|i| i.to_string()).collect();
        let big = vary(&format!("a={}", many.join(",")));
        let big2 = vary(&format!("b={}", many.join(",")));
        assert!(matches!(
            points(&[big, big2]),
            Err(SweepError::TooManyPoints(225))
        ));
    }

    #[test]
    fn paired_differences_skip_unobserved_replications() {
        let a = [Some(3.0), None, Some(5.0)];
        let b = [Some(1.0), Some(2.0), None];
        assert_eq!(paired_differences(&a, &b), [2.0]);
        assert_eq!(observed(&a), [3.0, 5.0]);
    }
}
