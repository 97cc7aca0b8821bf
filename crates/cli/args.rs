//! The command line, as clap sees it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

const EXAMPLES: &str = "\
Examples:
  downtime scenarios
  downtime validate scenarios/single-trust-it-outage.toml
  downtime run single-trust-it-outage -n 200 --seed 7
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
    /// Check a scenario without running it.
    #[command(
        after_help = "Examples:\n  downtime validate scenarios/single-trust-it-outage.toml\n  downtime validate my.toml --set calendar.follow_up_days=90"
    )]
    Validate(ScenarioArgs),
    /// List the scenarios bundled with Downtime.
    Scenarios,
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
}
