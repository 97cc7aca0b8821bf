//! `downtime warmup`: choose a scenario's warm-up length by MSER.
//!
//! The method (pilot runs of the counterfactual arm from an empty
//! department, the replication-averaged daily series, MSER or MSER-5, and
//! Welch's moving average as a cross-check) and its references are in
//! `downtime_montecarlo::warmup`; this file only loads, runs and prints.

use downtime_core::model::Model;
use downtime_core::scenario::{self, MAX_REPLICATIONS, MAX_RUN_DAYS};
use downtime_montecarlo::warmup::{self, MSER5_FROM_POINTS, WarmUpEstimate};

use crate::commands::CliError;
use crate::sources::ScenarioSources;

/// Half-width of Welch's centred moving average: 3 gives 7 days.
const WELCH_HALF_WINDOW: usize = 3;

/// `downtime warmup`'s arguments.
#[derive(Debug, clap::Args)]
pub struct WarmupArgs {
    /// A scenario file, or the name of a bundled scenario (see `downtime scenarios`).
    pub scenario: String,
    /// Override a scenario key, e.g. `--set trusts[0].emergency_department.cubicles=30`
    /// (repeatable). The calendar and incidents are then overridden for the pilot runs.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Pilot replications of the counterfactual arm.
    #[arg(short = 'n', long, default_value_t = 100)]
    pub replications: u64,
    /// Master seed (default: the scenario's `monte_carlo.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Days to simulate from an empty department and analyse. Below 100 days
    /// MSER uses daily values; from 100 days, batches of 5 days (MSER-5).
    #[arg(long, default_value_t = 60)]
    pub days: u32,
    /// Days shown in the table of daily means.
    #[arg(long, default_value_t = 28)]
    pub rows: usize,
}

/// `downtime warmup`.
pub fn warmup(a: &WarmupArgs) -> Result<(), CliError> {
    if a.replications == 0 || a.replications > u64::from(MAX_REPLICATIONS) {
        return Err(CliError::BadInput(format!(
            "--replications {} is out of range\n    accepted: 1 to {MAX_REPLICATIONS}",
            a.replications
        )));
    }
    // One extra day is simulated (and not analysed): see `pilot_overrides`.
    if a.days < 4 || a.days >= MAX_RUN_DAYS {
        return Err(CliError::BadInput(format!(
            "--days {} is out of range\n    accepted: 4 to {}",
            a.days,
            MAX_RUN_DAYS - 1
        )));
    }
    // The scenario as the user would run it: its name, seed and warm-up.
    let original = scenario::load(&a.scenario, &a.set, &ScenarioSources)?;
    let mut overrides = a.set.clone();
    let pilot_overrides = warmup::pilot_overrides(a.days);
    overrides.extend(pilot_overrides.iter().cloned());
    let loaded = scenario::load(&a.scenario, &overrides, &ScenarioSources)?;
    let model = Model::build(&loaded.scenario)?;
    let s = &original.scenario;
    let seed = a.seed.unwrap_or(s.monte_carlo.seed);
    let days = a.days as usize;

    let estimate = warmup::estimate(&model, seed, a.replications, days)
        .map_err(|e| CliError::BadInput(format!("cannot estimate the warm-up: {e}")))?;
    let batch = estimate.metrics.first().map_or(1, |m| m.mser.batch);

    let method = if batch == 1 {
        format!("MSER (White 1997) on daily values (MSER-5 from {MSER5_FROM_POINTS} days)")
    } else {
        format!("MSER-5 (White 1997; White, Cobb & Spratt 2000), batches of {batch} days")
    };
    out!("{}: warm-up by {method}.", s.name);
    out!(
        "Pilot: the counterfactual arm, {} replications (seed {seed}) of {days} days from an empty\ndepartment, averaged day by day. Overrides: {}",
        a.replications,
        pilot_overrides.join(" "),
    );
    if a.rows > 0 {
        out!();
        print_table(&estimate, a.rows.min(days));
    }
    out!();
    print_summary(&estimate);
    out!();
    let unsettled: Vec<&str> = estimate
        .metrics
        .iter()
        .filter(|m| m.mser.at_search_limit)
        .map(|m| m.metric.name())
        .collect();
    if !unsettled.is_empty() {
        return Err(CliError::Failed(format!(
            "no warm-up recommended: MSER's minimum for {} is at the search limit (half of {days} days), \
             so the output may not have settled (or may never: check that the departments can keep up \
             with arrivals). Rerun with a larger --days.",
            unsettled.join(" and ")
        )));
    }
    out!(
        "Recommended: calendar.warm_up_days = {} (the largest over the metrics). The scenario uses {}.",
        estimate.warm_up_days,
        s.calendar.warm_up_days
    );
    Ok(())
}

/// Day (1 = first simulated day), then per metric the mean over
/// replications and Welch's 7-day centred moving average.
fn print_table(estimate: &WarmUpEstimate, rows: usize) {
    let averages: Vec<Vec<f64>> = estimate
        .metrics
        .iter()
        .map(|m| warmup::welch_moving_average(&m.series, WELCH_HALF_WINDOW))
        .collect();
    let widths: Vec<usize> = estimate
        .metrics
        .iter()
        .map(|m| m.metric.name().len().max(10))
        .collect();
    let mut header = String::from("day");
    for (m, w) in estimate.metrics.iter().zip(&widths) {
        header += &format!("  {:>w$}  {:>9}", m.metric.name(), "7-day avg");
    }
    out!("{header}");
    for day in 0..rows {
        let mut line = format!("{:>3}", day + 1);
        for ((m, avg), w) in estimate.metrics.iter().zip(&averages).zip(&widths) {
            let ma = avg
                .get(day)
                .map_or_else(|| "-".to_string(), |v| format!("{v:.3}"));
            line += &format!("  {:>w$.3}  {ma:>9}", m.series[day]);
        }
        let ends: Vec<&str> = estimate
            .metrics
            .iter()
            .filter(|m| m.mser.truncate_points == day + 1)
            .map(|m| m.metric.name())
            .collect();
        if !ends.is_empty() {
            line += &format!("  <- warm-up ends ({})", ends.join(", "));
        }
        out!("{line}");
    }
}

fn print_summary(estimate: &WarmUpEstimate) {
    let width = estimate
        .metrics
        .iter()
        .map(|m| m.metric.name().len())
        .max()
        .unwrap_or(0)
        .max(6);
    out!(
        "{:<width$}  {:>13}  {:>12}  {:>12}  {:>16}  {:>13}",
        "metric",
        "warm-up, days",
        "MSER(d*)",
        "MSER(0)",
        "MSER(0)/MSER(d*)",
        "mean after it"
    );
    for m in &estimate.metrics {
        let ratio = if m.mser.statistic > 0.0 {
            format!("{:.3}", m.mser.statistic_untruncated / m.mser.statistic)
        } else {
            "-".to_string()
        };
        out!(
            "{:<width$}  {:>13}  {:>12.5e}  {:>12.5e}  {ratio:>16}  {:>13.4}",
            m.metric.name(),
            m.warm_up_days,
            m.mser.statistic,
            m.mser.statistic_untruncated,
            m.mser.truncated_mean
        );
    }
    out!(
        "MSER(d) is about the squared standard error of the mean of the days kept after discarding\n\
         the first d; d* minimises it over the first half of the series. MSER(0)/MSER(d*) near 1 means\n\
         the start-up bias is small against the noise, so d* is poorly determined: more replications\n\
         (-n) sharpen it. Check by eye that the 7-day average has levelled off by d* (Welch 1983)."
    );
}
