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
use downtime_montecarlo::runner::{self, RunConfig, Shard};
use downtime_montecarlo::shards::{self, MergeError};
use downtime_montecarlo::slurm::{self, SlurmPlan};
use downtime_montecarlo::stats::summarise;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::args::{ExplainArgs, ExplainFormat, MergeArgs, RunArgs, ScenarioArgs, SlurmArgs};
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
    out!(
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

/// `downtime explain`: every parameter in effect.
pub fn explain(a: &ExplainArgs) -> Result<(), CliError> {
    let (loaded, mut model) = load(&a.scenario)?;
    model.fixed_harm_parameters = a.fixed_parameters;
    let s = &loaded.scenario;
    let harm = output::harm_parameters_in_effect(&model, s);
    if a.format == ExplainFormat::Csv {
        let bytes = output::parameters_csv(&harm)?;
        out!("{}", String::from_utf8_lossy(&bytes).trim_end());
        return Ok(());
    }
    out!(
        "# {}: the scenario's keys (units are in the names)",
        loaded.files[0]
    );
    out!(
        "# lists of more than {} entries are summarised\n",
        output::MAX_LISTED_ENTRIES
    );
    for (key, value) in output::scenario_settings(s)? {
        out!("{key} = {value}");
    }
    let sampled = if model.fixed_harm_parameters {
        "central values in every replication (--fixed-parameters)"
    } else {
        "drawn per replication where uncertain"
    };
    out!(
        "\n# harm parameters: {} ({sampled}; * = overridden by the scenario)",
        harm.len()
    );
    for p in &harm {
        let r = &p.row;
        out!(
            "\n{}{} = {} {}",
            if p.overridden { "* " } else { "" },
            r.name,
            output::number(r.value),
            r.unit
        );
        let fixed = if p.fixed_in_run {
            ", fixed in a run"
        } else {
            ""
        };
        out!("    uncertainty: {}{fixed}", r.uncertainty);
        out!("    population:  {}", r.population);
        out!("    source:      {}", r.source);
        out!("    status:      {}", r.status);
    }
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
        out!("{name:<width$}  {description}");
    }
    Ok(())
}

pub(crate) fn check_replications(replications: u64) -> Result<u64, CliError> {
    if replications == 0 || replications > u64::from(scenario::MAX_REPLICATIONS) {
        return Err(CliError::BadInput(format!(
            "--replications {replications} is out of range\n    accepted: 1 to {}",
            scenario::MAX_REPLICATIONS
        )));
    }
    Ok(replications)
}

pub(crate) fn progress_bar(quiet: bool, len: u64, message: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {msg} [{bar:40}] {pos}/{len} replications, {eta} left",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(message.to_string());
    bar
}

pub(crate) fn meta(loaded: &Loaded, seed: u64, started: jiff::Timestamp) -> RunMeta<'_> {
    RunMeta {
        loaded,
        version: env!("CARGO_PKG_VERSION"),
        git_commit: Some(env!("DOWNTIME_GIT_COMMIT")).filter(|c| !c.is_empty()),
        seed,
        started,
        partial: None,
        merged_from: None,
    }
}

/// `downtime run`.
pub fn run(a: &RunArgs) -> Result<(), CliError> {
    let shard = a
        .shard
        .as_deref()
        .map(Shard::parse)
        .transpose()
        .map_err(|e| CliError::BadInput(format!("--shard {e}")))?;
    if shard.is_some() && a.fixed_parameters {
        // A partial folder does not record the choice yet, so a merge
        // would label the run as sampled.
        return Err(CliError::BadInput(
            "--fixed-parameters cannot be combined with --shard yet".into(),
        ));
    }
    let (loaded, mut model) = load(&a.scenario)?;
    model.fixed_harm_parameters = a.fixed_parameters;
    let s = &loaded.scenario;
    let replications = check_replications(
        a.replications
            .unwrap_or(u64::from(s.monte_carlo.replications)),
    )?;
    let seed = a.seed.unwrap_or(s.monte_carlo.seed);
    let started = jiff::Timestamp::now();
    let out = a.out.clone().unwrap_or_else(|| {
        let name = match shard {
            Some(sh) => format!("{}-shard-{}-of-{}", s.name, sh.index, sh.count),
            None => s.name.clone(),
        };
        output::default_run_dir(Path::new("outputs"), &name, started)
    });
    let folder = RunFolder::prepare(&out, a.force)?;
    let config = RunConfig {
        replications,
        seed,
        threads: a.threads,
    };
    let meta = meta(&loaded, seed, started);

    if let Some(shard) = shard {
        let range = shard.range(replications);
        let bar = progress_bar(a.quiet, range.end - range.start, &s.name);
        let path = shards::run_shard(&model, config, shard, folder, &meta, &|done| {
            bar.set_position(done)
        })
        .map_err(|e| CliError::Failed(e.to_string()))?;
        bar.finish_and_clear();
        out!(
            "{}: shard {}/{} (replications {} to {} of {}), seed {}\nPartial results: {}",
            s.name,
            shard.index,
            shard.count,
            range.start,
            range.end.saturating_sub(1),
            replications,
            seed,
            path.display()
        );
        return Ok(());
    }

    let bar = progress_bar(a.quiet, replications, &s.name);
    let outcome = runner::run(&model, config, &|done| bar.set_position(done))
        .map_err(|e| CliError::Failed(e.to_string()))?;
    bar.finish_and_clear();
    let width = a.charts.png_width.max(1600);
    let charts = |files: &[(&str, Vec<u8>)]| crate::plot_command::charts_and_report(files, width);
    let extras: Option<&output::Extras<'_>> = if a.no_charts { None } else { Some(&charts) };
    let path = output::write_run(folder, &model, &outcome, &meta, extras)?;

    out!(
        "{}: {} replications, seed {}, {} thread{}, {:.1} s\n",
        s.name,
        replications,
        seed,
        outcome.threads,
        plural(outcome.threads),
        outcome.wall_time_s
    );
    print_headline(&outcome.aggregate);
    out!("\nResults: {}", path.display());
    Ok(())
}

/// `downtime merge`.
pub fn merge(a: &MergeArgs) -> Result<(), CliError> {
    let bad = |e: MergeError| match e {
        MergeError::Output(OutputError::Io { .. }) => CliError::Failed(e.to_string()),
        _ => CliError::BadInput(e.to_string()),
    };
    let partials = shards::read_partials(&a.partials).map_err(bad)?;
    let (loaded, model) = shards::scenario_of(&partials).map_err(bad)?;
    let folder = RunFolder::prepare(&a.out, a.force)?;
    let seed = shards::seed_of(&partials);
    let meta = meta(&loaded, seed, jiff::Timestamp::now());
    let path = shards::merge(&partials, &model, folder, &meta).map_err(bad)?;
    out!(
        "{}: merged {} shards\nResults: {}",
        loaded.scenario.name,
        partials.len(),
        path.display()
    );
    Ok(())
}

/// `downtime slurm`.
pub fn slurm(a: &SlurmArgs) -> Result<(), CliError> {
    let (loaded, _model) = load(&a.scenario)?;
    let s = &loaded.scenario;
    let replications = check_replications(a.replications)?;
    if a.shards == 0 || a.shards > replications {
        return Err(CliError::BadInput(format!(
            "--shards {} is out of range\n    accepted: 1 to the number of replications ({replications})",
            a.shards
        )));
    }
    if a.cpus_per_task == 0 {
        return Err(CliError::BadInput(
            "--cpus-per-task must be at least 1".into(),
        ));
    }
    let seed = a.seed.unwrap_or(s.monte_carlo.seed);
    let started = jiff::Timestamp::now();
    let out = a.out.clone().unwrap_or_else(|| {
        output::default_run_dir(Path::new("outputs"), &format!("{}-slurm", s.name), started)
    });
    let folder = RunFolder::prepare(&out, a.force)?;
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let binary = std::env::current_exe()
        .map_err(|e| CliError::Failed(format!("cannot find the downtime binary: {e}")))?;
    let plan = SlurmPlan {
        binary: absolute(&binary).display().to_string(),
        study: absolute(&out).display().to_string(),
        name: s.name.clone(),
        replications,
        seed,
        shards: a.shards,
        partition: a.partition.clone(),
        time: a.time.clone(),
        cpus_per_task: a.cpus_per_task,
    };
    folder.write("scenario.toml", scenario::to_toml(s).as_bytes())?;
    folder.write("array.sbatch", slurm::array_script(&plan).as_bytes())?;
    folder.write("merge.sbatch", slurm::merge_script(&plan).as_bytes())?;
    folder.write("submit.sh", slurm::submit_script(&plan).as_bytes())?;
    let study = folder.commit()?;
    out!(
        "{}: {} replications in {} shards, seed {}\nStudy folder: {}\nSubmit with: bash {}/submit.sh",
        s.name,
        replications,
        a.shards,
        seed,
        study.display(),
        study.display()
    );
    if a.submit {
        let out = std::process::Command::new("bash")
            .arg(study.join("submit.sh"))
            .output()
            .map_err(|e| CliError::Failed(format!("cannot run submit.sh: {e}")))?;
        out!("{}", String::from_utf8_lossy(&out.stdout).trim_end());
        if !out.status.success() {
            return Err(CliError::Failed(format!(
                "sbatch failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
    }
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
        out!(
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
            out!("{}", "-".repeat(widths.iter().sum::<usize>() + 6));
        }
    }
    out!("(mean over replications, 95% confidence interval of the mean in brackets)");
}

pub(crate) fn human(v: f64) -> String {
    let a = v.abs();
    if a >= 1000.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
