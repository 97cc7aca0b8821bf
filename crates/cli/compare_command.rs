//! `downtime compare`, and the `--target-precision` options it shares with
//! `downtime run`.

use std::path::Path;

use clap::Args;
use downtime_core::metrics::Metric;
use downtime_core::model::Model;
use downtime_core::scenario::{self, Loaded};
use downtime_montecarlo::experiment::compare::{
    self, AlternativeResult, CompareMeta, CompareScenario,
};
use downtime_montecarlo::experiment::precision::{
    DEFAULT_MAX_REPLICATIONS, PrecisionRecord, TargetPrecision,
};
use downtime_montecarlo::output::{self, HarmParameterMode, RunFolder};

use crate::args::{PrecisionArgs, RunOutputArgs};
use crate::commands::{CliError, human, plural, progress_bar};
use crate::sources::ScenarioSources;

pub const COMPARE_EXAMPLES: &str = "\
Every scenario runs the same replications with the same seed (common random
numbers), so harm averted is estimated replication by replication: the paired
95% interval is the estimate; the unpaired (Welch) interval beside it ignores
the pairing and shows how much narrower pairing makes it.

Examples:
  downtime compare single-trust-ransomware my-rehearsed-variant.toml -n 20
  downtime compare wannacry-2017 what-if/offline-backups what-if/segmentation -n 200
  downtime compare base.toml alt.toml -n 10 --target-precision 0.1 --max-replications 500
  downtime compare base.toml alt.toml --incident-probability 0.05";

/// `downtime compare`.
// `-n`, `--seed` and `--out` come from `RunOutputArgs`, whose help speaks
// of a sweep's points; these `mut_arg`s reword it for scenarios (clap
// shows help without the final full stop).
#[derive(Debug, Args)]
#[command(
    mut_arg("replications", |a| a.help(
        "Replications of each scenario, at least 2 (default: the base's `monte_carlo.replications`)"
    )),
    mut_arg("seed", |a| a.help(
        "Master seed for every scenario (default: the base's `monte_carlo.seed`)"
    )),
    mut_arg("out", |a| a.help(
        "Folder to write (default: outputs/compare-<base>-<UTC timestamp>)"
    )),
)]
pub struct CompareArgs {
    /// The base scenario, then one or more alternatives: files, or names of
    /// bundled scenarios (see `downtime scenarios`).
    #[arg(required = true, value_name = "SCENARIO")]
    pub scenarios: Vec<String>,
    /// Override a key in every scenario, e.g. `--set calendar.follow_up_days=90` (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    #[command(flatten)]
    pub common: RunOutputArgs,
    /// The chance that the incident happens in the year the controls are
    /// paid for, more than 0 and at most 1 (1: "had this incident happened").
    /// Scales QALYs gained and costs averted against the annual control cost.
    #[arg(long, value_name = "P", default_value_t = 1.0)]
    pub incident_probability: f64,
    /// Use the central value of every harm parameter in every replication.
    #[arg(long)]
    pub fixed_parameters: bool,
    #[command(flatten)]
    pub precision: PrecisionArgs,
    /// Do not draw charts and the report.
    #[arg(long)]
    pub no_charts: bool,
    #[command(flatten)]
    pub charts: crate::args::ChartArgs,
}

/// The checked target precision, if one was asked for; `initial` is `-n`.
pub fn target_precision(
    a: &PrecisionArgs,
    initial: u64,
) -> Result<Option<TargetPrecision>, CliError> {
    let Some(p) = a.target_precision else {
        return Ok(None);
    };
    let cap = a
        .max_replications
        .unwrap_or(DEFAULT_MAX_REPLICATIONS.max(initial));
    TargetPrecision::new(p, initial, cap, u64::from(scenario::MAX_REPLICATIONS))
        .map(Some)
        .map_err(CliError::BadInput)
}

/// One line on what `--target-precision` did.
pub fn print_precision(r: &PrecisionRecord) {
    let achieved = r
        .relative_half_width
        .map_or("undefined (a mean of 0)".to_string(), |w| {
            format!("±{:.1}%", w * 100.0)
        });
    if r.reached {
        out!(
            "Target precision ±{:.1}% of {} reached after {} replications (confirmed at {}); achieved {achieved}.",
            r.target_relative_half_width * 100.0,
            r.headline,
            r.replications_needed.unwrap_or(r.replications),
            r.replications
        );
    } else if r.relative_half_width.is_none() {
        out!(
            "Target precision ±{:.1}% of {} NOT reached: its mean is 0, which no relative precision can reach; stopped at the cap of {} replications.",
            r.target_relative_half_width * 100.0,
            r.headline,
            r.replications
        );
    } else {
        out!(
            "Target precision ±{:.1}% of {} NOT reached: stopped at the cap of {} replications with {achieved}; raise --max-replications or relax the target.",
            r.target_relative_half_width * 100.0,
            r.headline,
            r.replications
        );
    }
}

fn load_all(a: &CompareArgs) -> Result<Vec<(Loaded, Model)>, CliError> {
    a.scenarios
        .iter()
        .map(|name| {
            let loaded = scenario::load(name, &a.set, &ScenarioSources)?;
            let mut model = Model::build(&loaded.scenario)?;
            model.fixed_harm_parameters = a.fixed_parameters;
            Ok((loaded, model))
        })
        .collect()
}

/// `downtime compare`.
pub fn compare(a: &CompareArgs) -> Result<(), CliError> {
    let p = a.incident_probability;
    if !(p > 0.0 && p <= 1.0) {
        return Err(CliError::BadInput(format!(
            "--incident-probability {p} is out of range\n    accepted: more than 0 and at most 1 \
             (the chance of the incident in the year the controls are paid for)"
        )));
    }
    if a.scenarios.len() < 2 {
        return Err(CliError::BadInput(format!(
            "compare needs a base scenario and at least one alternative; got only `{}`\n    \
             e.g. downtime compare {} my-alternative.toml -n 20",
            a.scenarios[0], a.scenarios[0]
        )));
    }
    let scenarios = load_all(a)?;
    let named: Vec<(&str, &Model)> = scenarios
        .iter()
        .map(|(l, m)| (l.scenario.name.as_str(), m))
        .collect();
    compare::check_pairable(&named).map_err(CliError::BadInput)?;
    let base = &scenarios[0].0.scenario;
    let replications = a
        .common
        .replications
        .unwrap_or(u64::from(base.monte_carlo.replications));
    if replications < 2 || replications > u64::from(scenario::MAX_REPLICATIONS) {
        return Err(CliError::BadInput(format!(
            "--replications {replications} is out of range\n    accepted: 2 to {} (an interval needs two replications)",
            scenario::MAX_REPLICATIONS
        )));
    }
    let target = target_precision(&a.precision, replications)?;
    let seed = a.common.seed.unwrap_or(base.monte_carlo.seed);
    let started = jiff::Timestamp::now();
    let out = a.common.out.clone().unwrap_or_else(|| {
        output::default_run_dir(
            Path::new("outputs"),
            &format!("compare-{}", base.name),
            started,
        )
    });
    let folder = RunFolder::prepare(&out, a.common.force)?;

    let models: Vec<&Model> = scenarios.iter().map(|(_, m)| m).collect();
    let per_scenario = target.map_or(replications, |t| t.max_replications);
    let bar = progress_bar(
        a.common.quiet,
        per_scenario * models.len() as u64,
        &format!("compare {}", base.name),
    );
    let run = compare::run(
        &models,
        seed,
        a.common.threads,
        replications,
        target.as_ref(),
        &|d| bar.set_position(d),
    )
    .map_err(|e| CliError::Failed(e.to_string()))?;
    bar.finish_and_clear();

    let names: Vec<&str> = named.iter().map(|(n, _)| *n).collect();
    let meta = CompareMeta {
        version: env!("CARGO_PKG_VERSION"),
        git_commit: Some(env!("DOWNTIME_GIT_COMMIT")).filter(|c| !c.is_empty()),
        seed,
        started,
        incident_probability: p,
        harm_parameters: HarmParameterMode::of(&scenarios[0].1),
        scenarios: compare::labels(&names)
            .into_iter()
            .zip(&scenarios)
            .map(|(label, (loaded, _))| CompareScenario { label, loaded })
            .collect(),
    };
    let costs: Vec<f64> = scenarios
        .iter()
        .map(|(l, _)| l.scenario.controls.annual_cost_gbp())
        .collect();
    let results = compare::analyse(&run, &costs, p);
    // The charts and the board report are drawn from the files written,
    // so `downtime plot`-style redraws need nothing else.
    let width = a.charts.png_width.max(1600);
    let charts = |files: &[(&str, Vec<u8>)]| {
        crate::experiment_charts::compare_charts_and_report(files, width)
    };
    let extras: Option<&output::Extras<'_>> = if a.no_charts { None } else { Some(&charts) };
    let path = compare::write_compare(folder, &meta, &run, &results, extras)?;

    out!(
        "compare {}: {} scenario{}, {} replications each, seed {}, {} thread{}, {:.1} s",
        meta.scenarios[0].label,
        models.len(),
        plural(models.len()),
        run.replications(),
        seed,
        run.threads,
        plural(run.threads),
        run.wall_time_s
    );
    if let Some(record) = &run.precision {
        print_precision(record);
    }
    for r in &results {
        print_alternative(&meta, r);
    }
    out!(
        "\nThe paired interval (common random numbers) is the estimate; the unpaired one\n\
         ignores the pairing and shows how much wider two independent runs would be."
    );
    if p < 1.0 {
        out!("Costs and QALYs are expected per year at an incident probability of {p}.");
    }
    out!("\nResults: {}", path.display());
    Ok(())
}

fn gbp(v: f64) -> String {
    let sign = if v < 0.0 { "-" } else { "" };
    let digits = format!("{:.0}", v.abs());
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}£{grouped}")
}

fn print_alternative(meta: &CompareMeta<'_>, r: &AlternativeResult) {
    out!(
        "\n{} against {}",
        meta.scenarios[r.scenario].label,
        meta.scenarios[0].label
    );
    let qalys = r.metrics.iter().find(|m| m.metric == Metric::QalysLost);
    let interval = |i: Option<compare::Interval>| {
        i.map_or("-".to_string(), |i| {
            format!("{} to {}", human(i.low), human(i.high))
        })
    };
    let rows: Vec<(&str, String)> = match &r.cost_effectiveness {
        None => vec![("QALYs averted", "fewer than 2 replications".into())],
        Some(ce) => {
            let icer = match (ce.icer_gbp_per_qaly, ce.icer_note) {
                // Cheaper and worse: the ratio is money saved per QALY lost.
                (Some(v), _) if ce.qalys_gained.mean < 0.0 => {
                    format!("{} saved per QALY lost (cheaper and worse)", gbp(v))
                }
                (Some(v), _) => format!("{} per QALY", gbp(v)),
                (None, compare::IcerNote::Dominant) => "dominant (cheaper and better)".to_string(),
                (None, compare::IcerNote::Dominated) => "dominated (dearer and worse)".to_string(),
                (None, compare::IcerNote::None) => "- (no QALYs gained)".to_string(),
            };
            let at30 = &ce.nmb[1];
            vec![
                (
                    "QALYs averted",
                    format!(
                        "{} (95% CI {}) [unpaired: {}]",
                        human(ce.qalys_gained.mean),
                        interval(qalys.and_then(|m| m.paired)),
                        interval(qalys.and_then(|m| m.unpaired))
                    ),
                ),
                (
                    "deaths averted",
                    format!(
                        "{} (95% CI {})",
                        human(ce.deaths_averted.mean),
                        interval(Some(ce.deaths_averted))
                    ),
                ),
                (
                    "control cost",
                    format!("{} a year (more than the base)", gbp(ce.control_cost_gbp)),
                ),
                ("ICER", icer),
                (
                    "NMB at £30,000/QALY",
                    format!(
                        "{} (95% CI {} to {})",
                        gbp(at30.nmb_gbp.mean),
                        gbp(at30.nmb_gbp.low),
                        gbp(at30.nmb_gbp.high)
                    ),
                ),
                (
                    "P(cost-effective at £30k)",
                    format!("{:.2}", at30.probability_cost_effective),
                ),
            ]
        }
    };
    for (k, v) in rows {
        out!("  {k:<27} {v}");
    }
}

#[cfg(test)]
mod tests {
    use super::gbp;

    #[test]
    fn pounds_are_grouped() {
        assert_eq!(gbp(1_775_000.0), "£1,775,000");
        assert_eq!(gbp(-999.6), "-£1,000");
        assert_eq!(gbp(12.0), "£12");
    }
}
