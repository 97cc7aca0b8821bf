//! `downtime plot`, and the charts `downtime run` draws by default.

use std::fs;
use std::path::Path;

use downtime_montecarlo::output::{self, RunFolder};
use downtime_plot::{Artifact, ChartOptions, RunTables};

use crate::args::PlotArgs;
use crate::commands::CliError;

/// The report's file name in a run folder.
const REPORT: &str = "report.html";

fn options(png_width_px: u32) -> ChartOptions {
    ChartOptions {
        png_width_px,
        ..ChartOptions::default()
    }
}

/// Charts and report for a run whose files are given as (name, bytes).
pub fn charts_and_report(
    files: &[(&str, Vec<u8>)],
    png_width_px: u32,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let text = |name: &str| {
        files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default()
    };
    let tables = RunTables {
        summary_csv: text("summary.csv"),
        daily_csv: text("daily.csv"),
        organisations_csv: text("organisations.csv"),
        replications_csv: text("replications.csv"),
        run_json: text("run.json"),
        parameters_csv: text("parameters.csv"),
    };
    draw(&tables, png_width_px).map_err(|e| format!("cannot draw the charts: {e}"))
}

fn draw(
    tables: &RunTables,
    png_width_px: u32,
) -> Result<Vec<(String, Vec<u8>)>, downtime_plot::PlotError> {
    let charts = downtime_plot::draw_run(tables, &options(png_width_px))?;
    let report = downtime_plot::report_html(tables, &charts)?;
    let mut out: Vec<(String, Vec<u8>)> = charts
        .into_iter()
        .map(|a: Artifact| (a.path, a.bytes))
        .collect();
    out.push((REPORT.to_string(), report.into_bytes()));
    Ok(out)
}

fn read_tables(dir: &Path) -> Result<RunTables, CliError> {
    let read = |name: &str, required: bool| -> Result<String, CliError> {
        match fs::read_to_string(dir.join(name)) {
            Ok(t) => Ok(t),
            Err(_) if !required => Ok(String::new()),
            Err(e) => Err(CliError::BadInput(format!(
                "{}: not a run folder (cannot read {name}: {e})",
                dir.display()
            ))),
        }
    };
    Ok(RunTables {
        summary_csv: read("summary.csv", true)?,
        daily_csv: read("daily.csv", false)?,
        organisations_csv: read("organisations.csv", false)?,
        replications_csv: read("replications.csv", false)?,
        run_json: read("run.json", true)?,
        parameters_csv: read("parameters.csv", false)?,
    })
}

/// Files to add to a folder: (path, bytes).
type Files = Vec<(String, Vec<u8>)>;

/// The charts and report of an experiment folder (`compare`, `sweep`,
/// `sensitivity`), told apart by the table each writes; `None` for a run
/// folder.
fn experiment_files(dir: &Path, png_width_px: u32) -> Result<Option<Files>, CliError> {
    type Draw = fn(&[(&str, Vec<u8>)], u32) -> Result<Files, String>;
    let kinds: [(&str, &[&str], Draw); 3] = [
        (
            "compare.csv",
            &[
                "cost_effectiveness.csv",
                "ce_replications.csv",
                "ceac.csv",
                "compare.json",
            ],
            crate::experiment_charts::compare_charts_and_report,
        ),
        (
            "sweep.csv",
            &["sweep_points.csv", "sweep.json"],
            crate::experiment_charts::sweep_charts,
        ),
        (
            "sensitivity.csv",
            &["sensitivity.json"],
            crate::experiment_charts::sensitivity_charts,
        ),
    ];
    for (marker, others, draw) in kinds {
        if !dir.join(marker).is_file() {
            continue;
        }
        let mut files = Vec::new();
        for name in std::iter::once(&marker).chain(others) {
            let bytes = fs::read(dir.join(name)).map_err(|e| {
                CliError::BadInput(format!(
                    "{}: an experiment folder without {name}: {e}",
                    dir.display()
                ))
            })?;
            files.push((*name, bytes));
        }
        let drawn = draw(&files, png_width_px)
            .map_err(|e| CliError::BadInput(format!("{}: {e}", dir.display())))?;
        return Ok(Some(drawn));
    }
    Ok(None)
}

/// `downtime plot`.
pub fn plot(a: &PlotArgs) -> Result<(), CliError> {
    let width = a.charts.png_width.max(1600);
    if let [dir] = a.runs.as_slice() {
        if let Some(files) = experiment_files(dir, width)? {
            output::add_to_run_folder(dir, &files)?;
            out!(
                "{} charts and {REPORT} written to {}",
                files.len() - 1,
                dir.display()
            );
            return Ok(());
        }
        let tables = read_tables(dir)?;
        let files = draw(&tables, width)
            .map_err(|e| CliError::BadInput(format!("{}: {e}", dir.display())))?;
        output::add_to_run_folder(dir, &files)?;
        out!(
            "{} charts and {REPORT} written to {}",
            files.len() - 1,
            dir.display()
        );
        return Ok(());
    }
    let runs = a
        .runs
        .iter()
        .map(|d| read_tables(d))
        .collect::<Result<Vec<_>, _>>()?;
    let artifacts = downtime_plot::draw_comparison(&runs, &options(width))
        .map_err(|e| CliError::BadInput(format!("cannot compare these runs: {e}")))?;
    let out = a.out.clone().unwrap_or_else(|| {
        output::default_run_dir(Path::new("outputs"), "comparison", jiff::Timestamp::now())
    });
    let folder = RunFolder::prepare(&out, a.force)?;
    for art in &artifacts {
        folder.write(&art.path, &art.bytes)?;
    }
    let listing: String = a
        .runs
        .iter()
        .map(|d| format!("{}\n", d.display()))
        .collect();
    folder.write("runs.txt", listing.as_bytes())?;
    let path = folder.commit()?;
    out!("Comparison of {} runs: {}", a.runs.len(), path.display());
    Ok(())
}
