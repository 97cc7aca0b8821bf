//! Charts and reports of the experiment commands (`downtime compare`,
//! `sweep`, `sensitivity`), from the files each writes, given as
//! (name, bytes): the same shape as `plot_command::charts_and_report`, so
//! the command can add the result to its folder before committing it.

use downtime_plot::{
    Artifact, ChartOptions, CompareTables, PlotError, SensitivityTables, SweepTables,
};

/// The report's file name in an experiment folder.
const REPORT: &str = "report.html";

fn options(png_width_px: u32) -> ChartOptions {
    ChartOptions {
        png_width_px,
        ..ChartOptions::default()
    }
}

/// The text of the file `name`, or "" when it is not among `files`.
fn text(files: &[(&str, Vec<u8>)], name: &str) -> String {
    files
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default()
}

/// The charts as (path, bytes), then the report.
fn with_report(charts: Vec<Artifact>, report: String) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = charts.into_iter().map(|a| (a.path, a.bytes)).collect();
    out.push((REPORT.to_string(), report.into_bytes()));
    out
}

fn message(e: &PlotError) -> String {
    format!("cannot draw the charts: {e}")
}

/// Charts and report of `downtime compare`, from `compare.csv`,
/// `cost_effectiveness.csv`, `ce_replications.csv`, `ceac.csv` and
/// `compare.json`.
pub fn compare_charts_and_report(
    files: &[(&str, Vec<u8>)],
    png_width_px: u32,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let tables = CompareTables {
        compare_csv: text(files, "compare.csv"),
        cost_effectiveness_csv: text(files, "cost_effectiveness.csv"),
        ce_replications_csv: text(files, "ce_replications.csv"),
        ceac_csv: text(files, "ceac.csv"),
        compare_json: text(files, "compare.json"),
    };
    let charts =
        downtime_plot::draw_compare(&tables, &options(png_width_px)).map_err(|e| message(&e))?;
    let report = downtime_plot::compare_report_html(&tables, &charts).map_err(|e| message(&e))?;
    Ok(with_report(charts, report))
}

/// Charts and report of `downtime sweep`, from `sweep.csv`,
/// `sweep_points.csv` and `sweep.json`.
pub fn sweep_charts(
    files: &[(&str, Vec<u8>)],
    png_width_px: u32,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let tables = SweepTables {
        sweep_csv: text(files, "sweep.csv"),
        sweep_points_csv: text(files, "sweep_points.csv"),
        sweep_json: text(files, "sweep.json"),
    };
    let charts =
        downtime_plot::draw_sweep(&tables, &options(png_width_px)).map_err(|e| message(&e))?;
    let report = downtime_plot::sweep_report_html(&tables, &charts).map_err(|e| message(&e))?;
    Ok(with_report(charts, report))
}

/// Charts and report of `downtime sensitivity`, from `sensitivity.csv`
/// and `sensitivity.json`.
pub fn sensitivity_charts(
    files: &[(&str, Vec<u8>)],
    png_width_px: u32,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let tables = SensitivityTables {
        sensitivity_csv: text(files, "sensitivity.csv"),
        sensitivity_json: text(files, "sensitivity.json"),
    };
    let charts = downtime_plot::draw_sensitivity(&tables, &options(png_width_px))
        .map_err(|e| message(&e))?;
    let report =
        downtime_plot::sensitivity_report_html(&tables, &charts).map_err(|e| message(&e))?;
    Ok(with_report(charts, report))
}
