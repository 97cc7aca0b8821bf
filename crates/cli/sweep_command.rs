//! `downtime sweep` and `downtime sensitivity`: a scenario run at many
//! points with the same seeds. The experiment (points, pairing, files)
//! lives in `downtime_montecarlo::experiment`; this file loads, runs and
//! prints.

use std::path::{Path, PathBuf};

use downtime_core::metrics::{METRICS, Metric};
use downtime_core::scenario::{self, Loaded};
use downtime_montecarlo::experiment::sensitivity::{self, HEADLINE_METRIC, Kind};
use downtime_montecarlo::experiment::sweep::{self, PairedPoints, SweepError, Vary};
use downtime_montecarlo::output::{self, HarmParameterMode, RunFolder};
use downtime_montecarlo::stats::Summary;

use crate::args::{RunOutputArgs, SensitivityArgs, SweepArgs};
use crate::commands::{CliError, check_replications, human, meta, plural, progress_bar};
use crate::sources::ScenarioSources;

impl From<SweepError> for CliError {
    fn from(e: SweepError) -> Self {
        match e {
            SweepError::Output(e) => e.into(),
            SweepError::Run(_) => CliError::Failed(e.to_string()),
            _ => CliError::BadInput(e.to_string()),
        }
    }
}

/// The base scenario, replications and seed, as `run` takes them.
fn base(
    a: &crate::args::ScenarioArgs,
    run: &RunOutputArgs,
) -> Result<(Loaded, u64, u64), CliError> {
    let loaded = scenario::load(&a.scenario, &a.set, &ScenarioSources)?;
    let mc = &loaded.scenario.monte_carlo;
    let replications = check_replications(run.replications.unwrap_or(u64::from(mc.replications)))?;
    let seed = run.seed.unwrap_or(mc.seed);
    Ok((loaded, replications, seed))
}

fn out_dir(run: &RunOutputArgs, experiment: &str, name: &str, now: jiff::Timestamp) -> PathBuf {
    run.out.clone().unwrap_or_else(|| {
        output::default_run_dir(Path::new("outputs"), &format!("{experiment}-{name}"), now)
    })
}

/// `downtime sweep`.
pub fn sweep(a: &SweepArgs) -> Result<(), CliError> {
    let varies = a
        .vary
        .iter()
        .map(|v| Vary::parse(v))
        .collect::<Result<Vec<_>, _>>()?;
    let points = sweep::points(&varies)?;
    let (base, replications, seed) = base(&a.scenario, &a.run.common)?;
    let sets: Vec<Vec<String>> = points.iter().map(sweep::Point::sets).collect();
    let loaded = sweep::load_points(
        &a.scenario.scenario,
        &a.scenario.set,
        &sets,
        &ScenarioSources,
        &|i| format!("sweep point {i} ({})", points[i].label()),
    )?;
    let name = &base.scenario.name;
    let started = jiff::Timestamp::now();
    let folder = RunFolder::prepare(
        &out_dir(&a.run.common, "sweep", name, started),
        a.run.common.force,
    )?;
    let total = points.len() as u64 * replications;
    let bar = progress_bar(a.run.common.quiet, total, &format!("sweep {name}"));
    let results = sweep::run_points(
        &loaded,
        a.fixed_parameters,
        seed,
        replications,
        a.run.common.threads,
        &|done| bar.set_position(done),
    )?;
    bar.finish_and_clear();
    let mode = if a.fixed_parameters {
        HarmParameterMode::Central
    } else {
        HarmParameterMode::Sampled
    };
    let meta = meta(&base, seed, started);
    let width = a.run.charts.png_width.max(1600);
    let charts = |files: &[(&str, Vec<u8>)]| crate::experiment_charts::sweep_charts(files, width);
    let extras: Option<&output::Extras<'_>> = if a.run.no_charts { None } else { Some(&charts) };
    let path = sweep::write_sweep(
        folder,
        &meta,
        &varies,
        &points,
        &results,
        replications,
        mode,
        extras,
    )?;

    out!(
        "{name}: sweep of {} point{} x {replications} replications, seed {seed}, {} thread{}, {:.1} s\n",
        points.len(),
        plural(points.len()),
        results.threads,
        plural(results.threads),
        results.wall_time_s
    );
    print_sweep(&points, &results);
    out!("\nResults: {}", path.display());
    Ok(())
}

/// `mean (low to high)`, or `-` when nothing was observed.
fn with_interval(s: Option<Summary>) -> String {
    match s {
        Some(s) => match (s.ci95_low, s.ci95_high) {
            (Some(lo), Some(hi)) => format!("{} ({} to {})", human(s.mean), human(lo), human(hi)),
            _ => human(s.mean),
        },
        None => "-".into(),
    }
}

fn print_sweep(points: &[sweep::Point], results: &PairedPoints) {
    let headline = [Metric::ExcessDeaths, Metric::QalysLost];
    let mut rows = vec![
        ["point".to_string(), "settings".to_string()]
            .into_iter()
            .chain(headline.iter().map(|m| m.name().to_string()))
            .collect::<Vec<_>>(),
    ];
    for (i, p) in points.iter().enumerate() {
        let mut row = vec![i.to_string(), p.label()];
        row.extend(
            headline
                .iter()
                .map(|m| with_interval(results.summary(i, *m as usize))),
        );
        rows.push(row);
    }
    print_table(&rows);
    out!("(attack - counterfactual: mean over replications, 95% confidence interval in brackets)");
}

/// Prints rows as a table: first column left-aligned, the rest right.
fn print_table(rows: &[Vec<String>]) {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for (i, r) in rows.iter().enumerate() {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, w))| {
                if c <= 1 {
                    format!("{cell:<w$}")
                } else {
                    format!("{cell:>w$}")
                }
            })
            .collect();
        out!("{}", line.join("  ").trim_end());
        if i == 0 {
            out!(
                "{}",
                "-".repeat(widths.iter().sum::<usize>() + 2 * (columns - 1))
            );
        }
    }
}

/// `downtime sensitivity`.
pub fn sensitivity(a: &SensitivityArgs) -> Result<(), CliError> {
    let (base, replications, seed) = base(&a.scenario, &a.run.common)?;
    let only: Vec<String> = a
        .only
        .iter()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    let plan = sensitivity::plan(
        &base,
        &a.scenario.scenario,
        &a.scenario.set,
        &only,
        &ScenarioSources,
    )?;
    if plan.parameters.is_empty() {
        return Err(CliError::BadInput(
            "no parameter to vary: every one selected was skipped (see above)".into(),
        ));
    }
    let name = &base.scenario.name;
    let started = jiff::Timestamp::now();
    let folder = RunFolder::prepare(
        &out_dir(&a.run.common, "sensitivity", name, started),
        a.run.common.force,
    )?;
    let count = plan.parameters.len();
    let harm = plan
        .parameters
        .iter()
        .filter(|p| p.kind == Kind::Harm)
        .count();
    let total = plan.points.len() as u64 * replications;
    out!(
        "{name}: {count} parameter{} ({harm} harm, {} scenario): (1 + 2 x {count}) x {replications} = {total} replications",
        plural(count),
        count - harm,
    );
    // Parameters left out, grouped by why (with --only, only those named).
    let mut reasons: Vec<(&str, Vec<&str>)> = Vec::new();
    for (n, why) in &plan.skipped {
        if !only.is_empty() && !only.contains(n) {
            continue;
        }
        match reasons.iter_mut().find(|(w, _)| w == why) {
            Some((_, names)) => names.push(n),
            None => reasons.push((why, vec![n])),
        }
    }
    for (why, names) in reasons {
        out!("not varied ({why}): {}", names.join(", "));
    }
    let bar = progress_bar(a.run.common.quiet, total, &format!("sensitivity {name}"));
    let results = sweep::run_points(
        &plan.points,
        true,
        seed,
        replications,
        a.run.common.threads,
        &|done| bar.set_position(done),
    )?;
    bar.finish_and_clear();
    let meta = meta(&base, seed, started);
    let width = a.run.charts.png_width.max(1600);
    let charts =
        |files: &[(&str, Vec<u8>)]| crate::experiment_charts::sensitivity_charts(files, width);
    let extras: Option<&output::Extras<'_>> = if a.run.no_charts { None } else { Some(&charts) };
    let path =
        sensitivity::write_sensitivity(folder, &meta, &plan, &results, replications, extras)?;

    let headline = METRICS[HEADLINE_METRIC as usize].name;
    out!(
        "seed {seed}, {} thread{}, {:.1} s; harm parameters central except the one varied\n",
        results.threads,
        plural(results.threads),
        results.wall_time_s
    );
    out!(
        "central {headline}: {}",
        with_interval(results.summary(0, HEADLINE_METRIC as usize))
    );
    let mut rows = vec![
        ["rank", "parameter", "low -> high", "low", "high", "swing"]
            .map(String::from)
            .to_vec(),
    ];
    for (i, r) in sensitivity::rank(&plan.parameters, &results)
        .iter()
        .take(10)
        .enumerate()
    {
        let p = &r.parameter;
        rows.push(vec![
            (i + 1).to_string(),
            p.name.clone(),
            format!("{} -> {}", output::number(p.low), output::number(p.high)),
            with_interval(r.low),
            with_interval(r.high),
            r.swing.map_or("-".into(), human),
        ]);
    }
    print_table(&rows);
    out!(
        "({headline}, attack - counterfactual, at the low and high value: mean and 95% confidence interval; top 10 by swing)"
    );
    out!("\nResults: {}", path.display());
    Ok(())
}
