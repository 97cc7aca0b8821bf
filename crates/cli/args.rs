//! The command line, as clap sees it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  downtime scenarios
  downtime validate scenarios/single-trust-it-outage.toml
  downtime explain single-trust-it-outage
  downtime run single-trust-it-outage -n 200 --seed 7
  downtime run single-trust-it-outage -n 200 --fixed-parameters
  downtime run scenarios/single-trust-it-outage.toml --set incidents[0].duration_hours=24 --out outputs/short-outage
  downtime run verification/erlang-c -n 40 --threads 2";

/// Downtime: simulate what an IT outage or cyberattack does to patients.
#[derive(Debug, Parser)]
#[command(name = "downtime", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario as a Monte Carlo experiment and write a run folder.
    #[command(after_help = EXAMPLES)]
    Run(RunArgs),
    /// Print every parameter in effect: the resolved scenario's keys and
    /// values, and every harm parameter with its source and status.
    #[command(
        after_help = "Lists of more than 20 entries (e.g. thousands of generated GP practices) \
are shown as one line: their length and first entry.\n\n\
Examples:\n  downtime explain single-trust-it-outage\n  \
downtime explain my.toml --set harm.overrides.cancer_qalys_per_life_year=0.8\n  \
downtime explain single-trust-it-outage --format csv > parameters.csv"
    )]
    Explain(ExplainArgs),
    /// Check a scenario without running it.
    #[command(
        after_help = "Examples:\n  downtime validate scenarios/single-trust-it-outage.toml\n  downtime validate my.toml --set calendar.follow_up_days=90"
    )]
    Validate(ScenarioArgs),
    /// List the scenarios bundled with Downtime.
    Scenarios,
    /// Choose a scenario's warm-up length by MSER (White 1997) from pilot
    /// runs of its counterfactual arm started empty.
    #[command(
        after_help = "Examples:\n  downtime warmup single-trust-it-outage\n  downtime warmup verification/erlang-c -n 100\n  downtime warmup verification/erlang-c -n 100 --days 200"
    )]
    Warmup(crate::warmup_command::WarmupArgs),
    /// Draw the charts and the report of a run folder again, or compare
    /// several runs in a forest plot.
    #[command(
        after_help = "Examples:\n  downtime plot outputs/single-trust-it-outage-20261128T165401Z\n  downtime plot outputs/base-* outputs/what-if-* --out outputs/comparison"
    )]
    Plot(PlotArgs),
    /// Merge the partial folders of a sharded run into one run folder.
    #[command(
        after_help = "Examples:\n  downtime run s.toml -n 1000 --shard 0/2 --out part0\n  downtime run s.toml -n 1000 --shard 1/2 --out part1\n  downtime merge part0 part1 --out run"
    )]
    Merge(MergeArgs),
    /// Write (and with --submit, submit) a Slurm job array that runs a
    /// scenario in shards, and a merge job that runs after it.
    #[command(
        after_help = "Examples:\n  downtime slurm wannacry.toml -n 5000 --shards 50 --partition short --time 02:00:00 --cpus-per-task 8\n  bash outputs/<study>/submit.sh"
    )]
    Slurm(SlurmArgs),
    /// Compare a base scenario with alternatives on the same random
    /// numbers: harm averted (paired 95% intervals) and cost-effectiveness.
    #[command(after_help = crate::compare_command::COMPARE_EXAMPLES)]
    Compare(crate::compare_command::CompareArgs),
    /// Run a scenario at every value (one-way) or every combination of
    /// values (two-way) of one or two keys, every point with the same
    /// seeds, and write a sweep folder.
    #[command(after_help = SWEEP_EXAMPLES)]
    Sweep(SweepArgs),
    /// Vary each harm parameter and doubtful scenario input to its low and
    /// high value, one at a time with the others central, and rank them by
    /// their effect on QALYs lost.
    #[command(after_help = SENSITIVITY_EXAMPLES)]
    Sensitivity(SensitivityArgs),
    /// Write the JSON Schema of scenario files (for completion and
    /// checking in editors such as VS Code with Even Better TOML).
    #[command(
        after_help = "Examples:\n  downtime schema > scenario.schema.json\n  downtime schema --out schemas/scenario.schema.json --force"
    )]
    Schema(crate::schema_command::SchemaArgs),
    /// Write a commented starter scenario NAME.toml, or a what-if that
    /// extends a bundled scenario or a file (--from).
    #[command(
        after_help = "Examples:\n  downtime init my-trust\n  downtime init my-what-if --from wannacry-2017\n  downtime init scenarios/mine.toml --from scenarios/single-trust-ransomware.toml --force"
    )]
    Init(crate::init_command::InitArgs),
}

/// `--target-precision` and its cap, shared by `run` and `compare`.
#[derive(Debug, Args)]
pub struct PrecisionArgs {
    /// Keep adding replications until the 95% interval of the headline
    /// harm (QALYs lost; for compare, QALYs gained by every alternative) is
    /// within ±P of its mean, 0 < P < 1 (e.g. 0.05 for ±5%); -n is then the
    /// initial number (at least 3). Checkpoints are fixed counts, so the
    /// result does not depend on --threads.
    #[arg(long, value_name = "P")]
    pub target_precision: Option<f64>,
    /// The most replications --target-precision may run (default 1000).
    #[arg(long, value_name = "M", requires = "target_precision")]
    pub max_replications: Option<u64>,
}

const SWEEP_EXAMPLES: &str = "\
Values are TOML literals as --set takes them (a bare word is a string), separated
by commas; commas inside quotes or brackets do not separate values.

Examples:
  downtime sweep single-trust-it-outage --vary incidents[0].duration_hours=12,24,48 -n 50
  downtime sweep single-trust-ransomware --vary incidents[0].share_encrypted=0.4,0.8 --vary response.backup_quality=online,offline_immutable -n 50";

const SENSITIVITY_EXAMPLES: &str = "\
Runs (1 + 2 x parameters) x N replications; see docs/MODEL.md, \"Sensitivity analysis\".

Examples:
  downtime sensitivity single-trust-ransomware -n 20
  downtime sensitivity single-trust-ransomware -n 20 --only share_encrypted,elective_wait_qalys_lost_per_week";

/// What every experiment command (`compare`, `sweep`, `sensitivity`)
/// shares: how many replications, with which seed and threads, and where
/// the folder goes. The help of `-n`, `--seed` and `--out` is worded for
/// the points of a sweep or sensitivity analysis; `compare` rewords it
/// for its scenarios (see `CompareArgs`).
#[derive(Debug, Args)]
pub struct RunOutputArgs {
    /// Replications per point (default: the scenario's `monte_carlo.replications`).
    #[arg(short = 'n', long)]
    pub replications: Option<u64>,
    /// Master seed, the same at every point (default: the scenario's `monte_carlo.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Folder to write (default: outputs/<experiment>-<scenario>-<UTC timestamp>).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace the folder if it exists.
    #[arg(long)]
    pub force: bool,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
}

/// What `sweep` and `sensitivity` share: how to run and where to write.
#[derive(Debug, Args)]
pub struct ExperimentArgs {
    #[command(flatten)]
    pub common: RunOutputArgs,
    /// Do not draw charts and the report.
    #[arg(long)]
    pub no_charts: bool,
    #[command(flatten)]
    pub charts: ChartArgs,
}

/// `downtime sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// A key and its values, `KEY=V1,V2,...` (the key as in --set); give
    /// it once for a one-way sweep, twice for a two-way sweep.
    #[arg(long = "vary", value_name = "KEY=V1,V2,...")]
    pub vary: Vec<String>,
    #[command(flatten)]
    pub run: ExperimentArgs,
    /// Use the central value of every harm parameter (as `run --fixed-parameters`).
    #[arg(long)]
    pub fixed_parameters: bool,
}

/// `downtime sensitivity`.
#[derive(Debug, Args)]
pub struct SensitivityArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub run: ExperimentArgs,
    /// Vary only these parameters (names as in sensitivity.csv, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "NAME,...")]
    pub only: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ChartArgs {
    /// Width of PNG charts in pixels (at least 1600, sharp enough for print).
    #[arg(long, default_value_t = 1800, value_name = "PX")]
    pub png_width: u32,
}

#[derive(Debug, Args)]
pub struct PlotArgs {
    /// One run folder (charts and report are added to it), or several (a
    /// comparison is written to --out).
    #[arg(required = true, value_name = "RUN_DIR")]
    pub runs: Vec<PathBuf>,
    /// Where a comparison of several runs goes (default: outputs/comparison-<UTC timestamp>).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace the comparison folder if it exists.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub charts: ChartArgs,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The partial folders written by `downtime run --shard I/K`, one per shard.
    #[arg(required = true, value_name = "PARTIAL_DIR")]
    pub partials: Vec<PathBuf>,
    /// The run folder to write.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace the run folder if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct SlurmArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// Replications of the whole study.
    #[arg(short = 'n', long)]
    pub replications: u64,
    /// Master seed (default: the scenario's `monte_carlo.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Number of shards: array tasks.
    #[arg(long, value_name = "K")]
    pub shards: u64,
    /// Slurm partition.
    #[arg(long)]
    pub partition: Option<String>,
    /// Time limit per task (Slurm syntax, e.g. 01:00:00).
    #[arg(long, default_value = "01:00:00")]
    pub time: String,
    /// CPUs per task (each task's worker threads).
    #[arg(long, default_value_t = 1)]
    pub cpus_per_task: u32,
    /// The study folder to write (default: outputs/<scenario>-<UTC timestamp>-slurm).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace the study folder if it exists.
    #[arg(long)]
    pub force: bool,
    /// Submit the jobs with sbatch and print their ids.
    #[arg(long)]
    pub submit: bool,
}

/// A scenario and overrides of its keys.
#[derive(Debug, Args)]
pub struct ScenarioArgs {
    /// A scenario file, or the name of a bundled scenario (see `downtime scenarios`).
    pub scenario: String,
    /// Override a scenario key, e.g. `--set calendar.follow_up_days=90`
    /// or `--set trusts[0].emergency_department.cubicles=30` (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

/// How `downtime explain` prints the harm parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// The scenario's keys, then the harm parameters, for reading.
    Text,
    /// Only the harm parameters, with the columns of `parameters.csv`.
    Csv,
}

/// `downtime explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
    /// Show the parameters as `downtime run --fixed-parameters` uses them.
    #[arg(long)]
    pub fixed_parameters: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// Replications (default: the scenario's `monte_carlo.replications`).
    #[arg(short = 'n', long)]
    pub replications: Option<u64>,
    /// Master seed (default: the scenario's `monte_carlo.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Run folder to write (default: outputs/<scenario>-<UTC timestamp>).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// Replace the run folder if it exists.
    #[arg(long)]
    pub force: bool,
    /// Do not draw charts and the report.
    #[arg(long)]
    pub no_charts: bool,
    #[command(flatten)]
    pub charts: ChartArgs,
    /// Run only shard I of K (0 <= I < K) and write a partial folder for
    /// `downtime merge`. Shard I runs replications floor(I*N/K) to floor((I+1)*N/K)-1.
    #[arg(long, value_name = "I/K")]
    pub shard: Option<String>,
    /// Use the central value of every harm parameter in every replication
    /// instead of drawing them (no probabilistic sensitivity analysis);
    /// recorded as `harm_parameters: "central"` in run.json.
    #[arg(long)]
    pub fixed_parameters: bool,
    #[command(flatten)]
    pub precision: PrecisionArgs,
}
