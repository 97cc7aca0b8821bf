//! `downtime compare`: a base scenario against alternatives, paired.
//!
//! Every scenario runs the same replication indices with the same master
//! seed, so replication `i` of every scenario sees the same patients, the
//! same harm-parameter draws and the same attack draws where the scenarios
//! share them. Of each replication only the difference arm (attack −
//! counterfactual) of every metric is kept: N × metrics × scenarios
//! numbers. Harm averted by an alternative is then `base_i − alt_i`,
//! replication by replication, and its paired t interval is narrower than
//! the unpaired (Welch) one by as much noise as the scenarios share; both
//! are written so a reader can see what pairing buys.

mod cost_effectiveness;
mod files;
mod intervals;

pub use cost_effectiveness::{
    CePairs, CostEffectiveness, IcerNote, NMB_THRESHOLDS_GBP_PER_QALY, NetMonetaryBenefit,
    ceac_thresholds_gbp_per_qaly, cost_effectiveness, icer, probability_cost_effective,
};
pub use files::{COMPARE_FILES, CompareMeta, CompareScenario, write_compare};
pub use intervals::{Interval, paired_ci95, welch_ci95};

use downtime_core::metrics::{METRIC_COUNT, Metric};
use downtime_core::model::Model;

use super::precision::{PrecisionRecord, TargetPrecision, relative_half_width, until_precise};
use crate::replication_summary::ReportArm;
use crate::runner::{RunError, for_each_replication};

/// The difference arm of every metric in one replication (`None`: not
/// observed, e.g. a mean wait with no patients).
pub type DifferenceRow = [Option<f64>; METRIC_COUNT];

/// The metrics whose sum is the money an incident costs, in pounds.
pub const COST_METRICS: [Metric; 3] = [
    Metric::LostActivityGbp,
    Metric::RecoveryCostGbp,
    Metric::ItSupportCostGbp,
];

/// Names for the scenarios in the output: their names, with anything but
/// letters, digits, `-`, `_` and `.` replaced by `_` (each also names a
/// file, `scenarios/<label>.toml`), and `-2`, `-3`, … added to repeats (a
/// scenario compared with a variant of itself that kept its name).
pub fn labels(names: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        let name: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let name = if name.is_empty() || name.starts_with('.') {
            format!("scenario{name}")
        } else {
            name
        };
        let mut label = name.clone();
        let mut k = 2;
        while out.contains(&label) {
            label = format!("{name}-{k}");
            k += 1;
        }
        out.push(label);
    }
    out
}

/// Checks that the scenarios can be paired: at least two, and the same
/// number of organisations (replication `i` of each must simulate the
/// same system for the pairing to mean anything).
pub fn check_pairable(scenarios: &[(&str, &Model)]) -> Result<(), String> {
    let Some((base, base_model)) = scenarios.first() else {
        return Err("compare needs a base scenario and at least one alternative".into());
    };
    if scenarios.len() < 2 {
        return Err(format!(
            "compare needs at least two scenarios (a base and an alternative); got only `{base}`"
        ));
    }
    let n = base_model.organisations.len();
    for (name, model) in &scenarios[1..] {
        let m = model.organisations.len();
        if m != n {
            return Err(format!(
                "`{name}` has {m} organisations but the base `{base}` has {n}: paired \
                 replications need the same system in every scenario (same trusts, \
                 practices and services)"
            ));
        }
    }
    Ok(())
}

/// What a comparison ran.
#[derive(Debug, Clone)]
pub struct CompareRun {
    /// `differences[scenario][replication]`, the base first.
    pub differences: Vec<Vec<DifferenceRow>>,
    /// Worker threads used.
    pub threads: usize,
    /// Wall-clock seconds spent simulating.
    pub wall_time_s: f64,
    /// With a target precision: what happened.
    pub precision: Option<PrecisionRecord>,
}

impl CompareRun {
    /// Replications run (the same for every scenario).
    pub fn replications(&self) -> u64 {
        self.differences.first().map_or(0, |d| d.len() as u64)
    }
}

/// Runs every model on replications `0..replications` (or, with `target`,
/// checkpoint by checkpoint until the QALYs gained by every alternative are
/// precise enough) with the same master seed. `progress(done)` counts
/// replications over all scenarios.
pub fn run(
    models: &[&Model],
    seed: u64,
    threads: usize,
    replications: u64,
    target: Option<&TargetPrecision>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<CompareRun, RunError> {
    let mut state = Running {
        models,
        seed,
        threads,
        progress,
        run: CompareRun {
            differences: vec![Vec::new(); models.len()],
            threads: 0,
            wall_time_s: 0.0,
            precision: None,
        },
    };
    match target {
        None => state.advance(0..replications)?,
        Some(target) => {
            let record = until_precise(
                target,
                "qalys_lost averted by every alternative (paired)",
                |range| {
                    state.advance(range)?;
                    Ok::<_, RunError>(qalys_gained_precision(&state.run.differences))
                },
            )?;
            state.run.precision = Some(record);
        }
    }
    Ok(state.run)
}

/// A comparison under way.
struct Running<'a> {
    models: &'a [&'a Model],
    seed: u64,
    threads: usize,
    progress: &'a (dyn Fn(u64) + Sync),
    run: CompareRun,
}

impl Running<'_> {
    /// Runs replications `range` of every scenario, in scenario order.
    fn advance(&mut self, range: std::ops::Range<u64>) -> Result<(), RunError> {
        let scenarios = self.models.len() as u64;
        let progress = self.progress;
        for (s, (model, rows)) in self
            .models
            .iter()
            .zip(self.run.differences.iter_mut())
            .enumerate()
        {
            // Progress counts every scenario's replications.
            let before = range.start * scenarios + s as u64 * (range.end - range.start);
            let (threads, wall) = for_each_replication(
                model,
                self.seed,
                range.clone(),
                self.threads,
                &|d| progress(before + d),
                &mut |r| {
                    rows.push(r.totals[ReportArm::Difference as usize]);
                    Ok(())
                },
            )?;
            self.run.threads = threads;
            self.run.wall_time_s += wall;
        }
        Ok(())
    }
}

fn qalys_gained_precision(differences: &[Vec<DifferenceRow>]) -> Vec<Option<f64>> {
    let base = &differences[0];
    differences[1..]
        .iter()
        .map(|alt| relative_half_width(&paired(base, alt, Metric::QalysLost).averted))
        .collect()
}

/// The replications where a metric was observed in both scenarios.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paired {
    /// Replication indices.
    pub replication: Vec<u64>,
    /// The base's values.
    pub base: Vec<f64>,
    /// The alternative's values.
    pub alternative: Vec<f64>,
    /// base − alternative: harm averted by the alternative.
    pub averted: Vec<f64>,
}

/// Pairs one metric of the base and an alternative, replication by replication.
pub fn paired(base: &[DifferenceRow], alt: &[DifferenceRow], metric: Metric) -> Paired {
    let mut p = Paired::default();
    for (i, (b, a)) in base.iter().zip(alt).enumerate() {
        if let (Some(b), Some(a)) = (b[metric as usize], a[metric as usize]) {
            p.replication.push(i as u64);
            p.base.push(b);
            p.alternative.push(a);
            p.averted.push(b - a);
        }
    }
    p
}

/// One metric of one alternative against the base.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricComparison {
    /// The metric.
    pub metric: Metric,
    /// Replications where both observed it.
    pub replications: usize,
    /// Mean of the base's difference arm over those replications.
    pub base_mean: Option<f64>,
    /// The alternative's.
    pub alternative_mean: Option<f64>,
    /// Mean harm averted.
    pub averted_mean: Option<f64>,
    /// Paired 95% interval of the mean averted (the estimate).
    pub paired: Option<Interval>,
    /// Welch's unpaired 95% interval, ignoring the pairing.
    pub unpaired: Option<Interval>,
}

/// Compares one metric.
pub fn compare_metric(
    base: &[DifferenceRow],
    alt: &[DifferenceRow],
    metric: Metric,
) -> MetricComparison {
    let p = paired(base, alt, metric);
    let mean = |v: &[f64]| crate::stats::summarise(v).map(|s| s.mean);
    MetricComparison {
        metric,
        replications: p.averted.len(),
        base_mean: mean(&p.base),
        alternative_mean: mean(&p.alternative),
        averted_mean: mean(&p.averted),
        paired: paired_ci95(&p.averted),
        unpaired: welch_ci95(&p.base, &p.alternative),
    }
}

/// The cost-effectiveness inputs of an alternative: the replications where
/// QALYs, deaths and every cost were observed in both scenarios.
pub fn ce_pairs(base: &[DifferenceRow], alt: &[DifferenceRow]) -> CePairs {
    let mut pairs = CePairs {
        replication: Vec::new(),
        qalys_gained: Vec::new(),
        deaths_averted: Vec::new(),
        costs_averted_gbp: Vec::new(),
    };
    let averted = |b: &DifferenceRow, a: &DifferenceRow, m: Metric| {
        b[m as usize].zip(a[m as usize]).map(|(b, a)| b - a)
    };
    for (i, (b, a)) in base.iter().zip(alt).enumerate() {
        let costs: Option<f64> = COST_METRICS.iter().map(|m| averted(b, a, *m)).sum();
        if let (Some(q), Some(d), Some(c)) = (
            averted(b, a, Metric::QalysLost),
            averted(b, a, Metric::ExcessDeaths),
            costs,
        ) {
            pairs.replication.push(i as u64);
            pairs.qalys_gained.push(q);
            pairs.deaths_averted.push(d);
            pairs.costs_averted_gbp.push(c);
        }
    }
    pairs
}

/// Everything reported of one alternative.
#[derive(Debug, Clone)]
pub struct AlternativeResult {
    /// Index of the scenario (1 = the first alternative).
    pub scenario: usize,
    /// Every metric, in catalogue order.
    pub metrics: Vec<MetricComparison>,
    /// Per-replication inputs of the cost-effectiveness plane.
    pub pairs: CePairs,
    /// `None` with fewer than two replications.
    pub cost_effectiveness: Option<CostEffectiveness>,
}

/// Analyses every alternative against the base. `control_costs_gbp[s]` is
/// scenario `s`'s annual control cost.
pub fn analyse(
    run: &CompareRun,
    control_costs_gbp: &[f64],
    incident_probability: f64,
) -> Vec<AlternativeResult> {
    let base = &run.differences[0];
    (1..run.differences.len())
        .map(|s| {
            let alt = &run.differences[s];
            let pairs = ce_pairs(base, alt);
            let control_cost = control_costs_gbp[s] - control_costs_gbp[0];
            AlternativeResult {
                scenario: s,
                metrics: Metric::ALL
                    .iter()
                    .map(|m| compare_metric(base, alt, *m))
                    .collect(),
                cost_effectiveness: cost_effectiveness(&pairs, control_cost, incident_probability),
                pairs,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(qalys: f64, deaths: f64, cost: f64) -> DifferenceRow {
        let mut r = [Some(0.0); METRIC_COUNT];
        r[Metric::QalysLost as usize] = Some(qalys);
        r[Metric::ExcessDeaths as usize] = Some(deaths);
        r[Metric::LostActivityGbp as usize] = Some(cost);
        r[Metric::EdWaitMinMean as usize] = None;
        r
    }

    #[test]
    fn labels_are_unique() {
        assert_eq!(labels(&["a", "b", "a", "a"]), ["a", "b", "a-2", "a-3"]);
        assert_eq!(
            labels(&["x/y", "x_y", "..", ""]),
            ["x_y", "x_y-2", "scenario..", "scenario"]
        );
    }

    #[test]
    fn a_scenario_against_itself_averts_exactly_nothing() {
        let base: Vec<DifferenceRow> = (0..6).map(|i| row(f64::from(i), 1.0, 10.0)).collect();
        let c = compare_metric(&base, &base, Metric::QalysLost);
        assert_eq!(c.replications, 6);
        assert_eq!(c.averted_mean, Some(0.0));
        let p = c.paired.unwrap();
        assert_eq!((p.low, p.high), (0.0, 0.0));
        assert!(c.unpaired.unwrap().half_width() > 0.0);
        // A metric never observed: no pairs, nothing to say.
        let w = compare_metric(&base, &base, Metric::EdWaitMinMean);
        assert_eq!((w.replications, w.averted_mean, w.paired), (0, None, None));
    }

    #[test]
    fn costs_and_qalys_pair_by_replication() {
        let base = vec![
            row(10.0, 1.0, 100.0),
            row(20.0, 2.0, 300.0),
            row(30.0, 3.0, 200.0),
        ];
        let alt = vec![
            row(8.0, 1.0, 50.0),
            row(15.0, 1.0, 100.0),
            row(27.0, 2.0, 200.0),
        ];
        let pairs = ce_pairs(&base, &alt);
        assert_eq!(pairs.replication, [0, 1, 2]);
        assert_eq!(pairs.qalys_gained, [2.0, 5.0, 3.0]);
        assert_eq!(pairs.deaths_averted, [0.0, 1.0, 1.0]);
        assert_eq!(pairs.costs_averted_gbp, [50.0, 200.0, 0.0]);
        let run = CompareRun {
            differences: vec![base, alt],
            threads: 1,
            wall_time_s: 0.0,
            precision: None,
        };
        let results = analyse(&run, &[5.0, 1005.0], 1.0);
        let ce = results[0].cost_effectiveness.as_ref().unwrap();
        assert_eq!(ce.control_cost_gbp, 1000.0);
        // c = 1000 − (50, 200, 0) = 950, 800, 1000; mean 916.67; ICER / 10/3.
        assert!((ce.icer_gbp_per_qaly.unwrap() - (2750.0 / 3.0) / (10.0 / 3.0)).abs() < 1e-9);
        assert_eq!(results[0].metrics.len(), Metric::ALL.len());
    }

    #[test]
    fn scenarios_must_be_pairable() {
        assert!(check_pairable(&[]).is_err());
    }
}
