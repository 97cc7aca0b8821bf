//! The subcommands.

use std::fmt;
use std::io::IsTerminal;
use std::path::Path;

use downtime_core::metrics::{METRICS, Metric};
use downtime_core::model::Model;
use downtime_core::scenario::{self, Loaded, ScenarioError};
use downtime_montecarlo::aggregate::RunAggregate;
use downtime_montecarlo::output::{self, OutputError, RunFolder, RunMeta};
use downtime_montecarlo::replication_summary::ReportArm;
use downtime_montecarlo::runner::{self, RunConfig};
use downtime_montecarlo::stats::summarise;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::args::{RunArgs, ScenarioArgs};
use crate::sources::{ScenarioSources, bundled};

/// A failure, sorted by whose it is.
pub enum CliError {
    /// The user's input is wrong: exit 2.
    BadInput(String),
    /// Something else failed (disk full, ...): exit 1.
    Failed(String),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::BadInput(_) => crate::EXIT_BAD_INPUT,
            CliError::Failed(_) => 1,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::BadInput(m) | CliError::Failed(m) => f.write_str(m),
        }
    }
}

impl From<ScenarioError> for CliError {
    fn from(e: ScenarioError) -> Self {
        CliError::BadInput(e.to_string())
    }
}

impl From<OutputError> for CliError {
    fn from(e: OutputError) -> Self {
        match e {
            OutputError::Exists(_) => CliError::BadInput(e.to_string()),
            _ => CliError::Failed(e.to_string()),
        }
    }
}

fn load(a: &ScenarioArgs) -> Result<(Loaded, Model), CliError> {
    let loaded = scenario::load(&a.scenario, &a.set, &ScenarioSources)?;
    let model = Model::build(&loaded.scenario)?;
    Ok((loaded, model))
}

/// `downtime validate`.
pub fn validate(a: &ScenarioArgs) -> Result<(), CliError> {
    let (loaded, model) = load(a)?;
    let s = &loaded.scenario;
    println!(
        "{}: valid. {} trust{}, {} incident{}, {} reported days ({} to {}) after {} warm-up days.",
        loaded.files[0],
        model.organisations.len(),
        plural(model.organisations.len()),
        s.incidents.len(),
        plural(s.incidents.len()),
        model.calendar.report_days(),
        model.calendar.report_date(0),
        model
            .calendar
            .report_date(model.calendar.report_days().saturating_sub(1)),
        s.calendar.warm_up_days,
    );
    Ok(())
}

/// `downtime scenarios`.
pub fn scenarios() -> Result<(), CliError> {
    let rows: Vec<(&str, String)> = bundled()
        .map(|(name, _)| {
            let description = scenario::load(name, &[], &ScenarioSources)
                .map(|l| l.scenario.description)
                .unwrap_or_else(|e| {
                    format!(
                        "(does not load: {})",
                        e.to_string().lines().next().unwrap_or_default()
                    )
                });
            (name, description)
        })
        .collect();
    let width = rows.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    for (name, description) in rows {
        println!("{name:<width$}  {description}");
    }
    Ok(())
}

/// `downtime run`.
pub fn run(a: &RunArgs) -> Result<(), CliError> {
    let (loaded, model) = load(&a.scenario)?;
    let s = &loaded.scenario;
    let replications = a
        .replications
        .unwrap_or(u64::from(s.monte_carlo.replications));
    if replications == 0 || replications > u64::from(scenario::MAX_REPLICATIONS) {
        return Err(CliError::BadInput(format!(
            "--replications {replications} is out of range\n    accepted: 1 to {}",
            scenario::MAX_REPLICATIONS
        )));
    }
    let seed = a.seed.unwrap_or(s.monte_carlo.seed);
    let started = jiff::Timestamp::now();
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| output::default_run_dir(Path::new("outputs"), &s.name, started));
    let folder = RunFolder::prepare(&out, a.force)?;

    let bar = if a.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(Some(replications), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} {msg} [{bar:40}] {pos}/{len} replications, {eta} left",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(s.name.clone());
        bar
    };
    let config = RunConfig {
        replications,
        seed,
        threads: a.threads,
    };
    let outcome = runner::run(&model, config, &|done| bar.set_position(done))
        .map_err(|e| CliError::Failed(e.to_string()))?;
    bar.finish_and_clear();

    let meta = RunMeta {
        loaded: &loaded,
        version: env!("CARGO_PKG_VERSION"),
        git_commit: Some(env!("DOWNTIME_GIT_COMMIT")).filter(|c| !c.is_empty()),
        seed,
        started,
    };
    let path = output::write_run(folder, &model, &outcome, &meta)?;

    println!(
        "{}: {} replications, seed {}, {} thread{}, {:.1} s\n",
        s.name,
        replications,
        seed,
        outcome.threads,
        plural(outcome.threads),
        outcome.wall_time_s
    );
    print_headline(&outcome.aggregate);
    println!("\nResults: {}", path.display());
    Ok(())
}

/// The headline metrics: mean and 95% confidence interval per arm.
fn print_headline(agg: &RunAggregate) {
    let mut rows = vec![[
        "metric".to_string(),
        "attack".to_string(),
        "counterfactual".to_string(),
        "difference".to_string(),
    ]];
    for m in Metric::ALL
        .iter()
        .filter(|m| METRICS[**m as usize].headline)
    {
        let cell = |arm: ReportArm| match summarise(&agg.values(arm as usize, *m as usize)) {
            Some(s) => match (s.ci95_low, s.ci95_high) {
                (Some(lo), Some(hi)) => {
                    format!("{} ({} to {})", human(s.mean), human(lo), human(hi))
                }
                _ => human(s.mean),
            },
            None => "-".to_string(),
        };
        rows.push([
            m.name().to_string(),
            cell(ReportArm::Attack),
            cell(ReportArm::Counterfactual),
            cell(ReportArm::Difference),
        ]);
    }
    let widths: Vec<usize> = (0..4)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for (i, r) in rows.iter().enumerate() {
        println!(
            "{:<w0$}  {:>w1$}  {:>w2$}  {:>w3$}",
            r[0],
            r[1],
            r[2],
            r[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3]
        );
        if i == 0 {
            println!("{}", "-".repeat(widths.iter().sum::<usize>() + 6));
        }
    }
    println!("(mean over replications, 95% confidence interval of the mean in brackets)");
}

fn human(v: f64) -> String {
    let a = v.abs();
    if a >= 1000.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
