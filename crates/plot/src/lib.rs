//! Charts and a board-paper report from a Downtime run folder.
//!
//! This crate does **no file I/O**. It takes the *text* of a run folder's
//! files ([`RunTables`], see `docs/outputs.md` for what they hold) and
//! returns bytes ([`Artifact`]s, with paths relative to the run folder) or
//! an HTML string. The CLI reads the files; the runner's `RunFolder`
//! writes what comes back.
//!
//! ```no_run
//! # fn read(_: &str) -> String { String::new() }
//! use downtime_plot::{ChartOptions, RunTables, draw_run, report_html};
//!
//! let run = RunTables {
//!     summary_csv: read("summary.csv"),
//!     daily_csv: read("daily.csv"),
//!     organisations_csv: read("organisations.csv"),
//!     replications_csv: read("replications.csv"),
//!     run_json: read("run.json"),
//!     parameters_csv: String::new(),
//! };
//! let charts = draw_run(&run, &ChartOptions::default())?;
//! let html = report_html(&run, &charts)?;
//! // write each `charts[i].bytes` to `<run folder>/<charts[i].path>`,
//! // and `html` to `<run folder>/report.html`.
//! # Ok::<(), downtime_plot::PlotError>(())
//! ```
//!
//! # Charts
//!
//! Each chart comes as a PNG (at least 1600 pixels wide, drawn in memory
//! and encoded with the `png` crate) and an SVG, under `charts/`:
//!
//! | Path (without `.png`/`.svg`) | What it shows | From |
//! | --- | --- | --- |
//! | `charts/daily_<metric>` | Daily mean, attack and counterfactual, each with a 90% band (5th–95th percentile across replications); day 0 (attack day) marked | `daily.csv`, group `all` |
//! | `charts/distribution_<metric>` | Histogram of the `difference` arm across replications, with the mean and the 5th and 95th percentiles | `replications.csv` |
//! | `charts/organisations_<metric>` | Top 20 organisations by the size of the `difference` mean, bars with 95% CI whiskers, for the first headline metric | `organisations.csv` |
//! | `charts/harm_distribution_{excess_deaths,qalys_lost}` | The board's harm spread: histogram of the `difference` arm with the mean and the middle 95% of replications (chance and parameter uncertainty together), titled in plain words; replaces `distribution_<metric>` for these two | `replications.csv` |
//! | `charts/harm_by_pathway_{qalys_lost,excess_deaths}` | Bars per care pathway (`<total>_{emergency,cancer,elective,outpatient,diagnostics,inpatient}`), `difference` mean with 95% CI | `summary.csv` |
//! | `charts/hidden_harm` | Two bars: extra `harm_events` and extra `harm_events_reported`, with 95% CIs | `summary.csv` |
//! | `charts/backlog_{outpatient,elective,referral}_backlog` | Daily backlog in both arms with 90% bands, the attack day, and the mean `days_to_recover_*` as a dotted line | `daily.csv` (group `all`), `summary.csv` |
//! | `charts/comparison_<metric>` | Forest plot ([`draw_comparison`]): one row per run, `difference` mean with its 95% CI | each run's `summary.csv` |
//!
//! The experiment commands' charts ([`draw_compare`], [`draw_sweep`],
//! [`draw_sensitivity`]; their reports: [`compare_report_html`],
//! [`sweep_report_html`], [`sensitivity_report_html`]):
//!
//! | Path (without `.png`/`.svg`) | What it shows | From |
//! | --- | --- | --- |
//! | `charts/forest_qalys_averted`, `charts/forest_deaths_averted` | One row per alternative: harm averted per incident (base − alternative), mean with the paired 95% CI as whiskers and the unpaired CI as a fainter, wider bar behind; zero line | `compare.csv` (`qalys_lost`, `excess_deaths`) |
//! | `charts/forest_{outpatient_appointments,elective_operations}_cancelled` | The same for cancellations averted, when present | `compare.csv` |
//! | `charts/ce_plane` | QALYs gained against incremental cost, a dot per replication per alternative, means outlined, £20k/£30k/£70k per QALY lines through the origin | `ce_replications.csv` |
//! | `charts/ceac` | Probability cost-effective by threshold (£/QALY), a line per alternative, £20k/£30k/£70k marked | `ceac.csv` |
//! | `charts/sweep_<metric>` | Headline metric by the varied value with its 95% band (numeric or categorical axis); two-way: a line per value of the second key | `sweep.csv`, `sweep_points.csv` |
//! | `charts/sweep_vs_first_qalys_lost` | Paired change in QALYs lost from the first point, with its band | `sweep.csv` |
//! | `charts/tornado_<metric>` | Top 20 parameters by swing: bars from the central estimate to the low- and high-value results, labelled with the values | `sensitivity.csv` |
//!
//! The harm charts come first and are drawn whenever their metrics are in
//! the tables, whatever [`ChartOptions::metrics`] says; each is left out
//! when its metrics are missing (older run folders, scenarios without
//! scheduled care), and a backlog that is zero throughout is not charted.
//!
//! Which metrics: [`ChartOptions::metrics`] if given, otherwise the
//! *headline* metrics present in the tables, in this order: harm metrics
//! first (`qalys_lost`, `excess_deaths`, then any other name mentioning
//! QALYs, deaths, harm or mortality, except the per-pathway breakdowns,
//! `qaly_value_gbp_*` and `harm_events_reported`, which the harm charts
//! show), then `ed_wait_min_mean`,
//! `ed_4h_breaches`, `ed_12h_stays`, `ed_attendances`,
//! `downtime_procedure_hours`. If none of those is present, every metric
//! in `summary.csv` is charted. Units are read from the metric name
//! (`_min…` minutes, `_hours` hours, otherwise patients).
//!
//! Colours are the Okabe–Ito colour-blind-safe palette. Every chart has a
//! title, axis labels with units, a legend strip and the footer
//! "scenario NAME · N replications · seed S" from `run.json`.
//!
//! # Fonts
//!
//! plotters is used without its `ttf` feature (so without font-kit and
//! fontconfig): text is drawn with Noto Sans embedded in the binary (crate
//! `notosans`, SIL Open Font License 1.1), registered once per process.
//! Do not enable plotters' default features anywhere in the workspace:
//! `ttf` would take precedence and bring fontconfig back
//! (`cargo tree -i font-kit` must find nothing).

mod charts;
mod crisp;
mod error;
mod experiment;
mod font;
mod harm;
mod metrics;
mod render;
mod report;
mod tables;

pub use error::PlotError;
pub use experiment::{
    CompareTables, SensitivityTables, SweepTables, draw_compare, draw_sensitivity, draw_sweep,
};
pub use report::{compare_report_html, report_html, sensitivity_report_html, sweep_report_html};

use charts::{DailyChart, Distribution, Mark, Row, RowsChart};
use render::render;
use tables::Run;

/// The text of a run folder's files.
///
/// Only `summary.csv` and `run.json` are required; a CSV file given as an
/// empty string is treated as having no rows, and the charts that need it
/// are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunTables {
    /// `summary.csv`.
    pub summary_csv: String,
    /// `daily.csv`.
    pub daily_csv: String,
    /// `organisations.csv`.
    pub organisations_csv: String,
    /// `replications.csv`.
    pub replications_csv: String,
    /// `run.json`.
    pub run_json: String,
    /// `parameters.csv`, if the run folder has one (the report then links
    /// to it); empty otherwise.
    pub parameters_csv: String,
}

/// A file to write into the run folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    /// Path relative to the run folder, with `/` separators, e.g.
    /// `charts/daily_ed_wait_min_mean.png`.
    pub path: String,
    /// The file's content.
    pub bytes: Vec<u8>,
}

/// What to chart, and how large.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartOptions {
    /// Width of the PNG charts in pixels (default 1800; values below 1600
    /// are raised to 1600). SVGs are always 1000 units wide and scale freely.
    pub png_width_px: u32,
    /// Metrics to chart, in order. Empty: the headline set present in the
    /// tables (see the crate documentation).
    pub metrics: Vec<String>,
}

impl Default for ChartOptions {
    fn default() -> Self {
        Self {
            png_width_px: 1800,
            metrics: Vec::new(),
        }
    }
}

/// The metrics to chart: the requested ones (each must be in `available`),
/// or the headline set.
fn choose_metrics(
    available: &[String],
    requested: &[String],
    place: &str,
) -> Result<Vec<String>, PlotError> {
    if available.is_empty() {
        return Err(PlotError::NoData(format!("{place} has no metrics")));
    }
    if requested.is_empty() {
        return Ok(metrics::headline(available));
    }
    let mut out: Vec<String> = Vec::new();
    for m in requested {
        if !available.contains(m) {
            return Err(PlotError::UnknownMetric {
                metric: m.clone(),
                place: place.to_string(),
                available: available.join(", "),
            });
        }
        if !out.contains(m) {
            out.push(m.clone());
        }
    }
    Ok(out)
}

/// Any of the charts, so a list of them can be rendered together.
enum AnyChart {
    Daily(DailyChart),
    Distribution(Distribution),
    Rows(RowsChart),
    Plane(experiment::cost_effectiveness::CePlane),
    Ceac(experiment::cost_effectiveness::Ceac),
    Sweep(experiment::sweep::SweepChart),
    Tornado(experiment::tornado::Tornado),
}

fn render_all(charts: &[AnyChart], png_width: u32) -> Result<Vec<Artifact>, PlotError> {
    let one = |c: &AnyChart| match c {
        AnyChart::Daily(c) => render(c, png_width),
        AnyChart::Distribution(c) => render(c, png_width),
        AnyChart::Rows(c) => render(c, png_width),
        AnyChart::Plane(c) => render(c, png_width),
        AnyChart::Ceac(c) => render(c, png_width),
        AnyChart::Sweep(c) => render(c, png_width),
        AnyChart::Tornado(c) => render(c, png_width),
    };
    // Charts are independent: draw them on a few threads.
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(charts.len())
        .max(1);
    let results: Vec<Result<[Artifact; 2], PlotError>> = if threads == 1 {
        charts.iter().map(one).collect()
    } else {
        let chunk = charts.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = charts
                .chunks(chunk)
                .map(|part| scope.spawn(move || part.iter().map(one).collect::<Vec<_>>()))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("chart drawing thread panicked"))
                .collect()
        })
    };
    let mut out = Vec::with_capacity(results.len() * 2);
    for r in results {
        out.extend(r?);
    }
    Ok(out)
}

/// Draws the charts of one run: for each chosen metric, its daily time
/// series (if it is in `daily.csv`) and its distribution across
/// replications (if it is in `replications.csv`); then the organisations
/// most affected for the first chosen metric that `organisations.csv`
/// has. Each chart is returned as a `.png` and a `.svg` artifact, in that
/// order.
pub fn draw_run(run: &RunTables, options: &ChartOptions) -> Result<Vec<Artifact>, PlotError> {
    let run = Run::parse(run)?;
    let chosen = choose_metrics(&run.summary.metrics(), &options.metrics, "summary.csv")?;
    let footer = run.info.footer();
    let day0_date = run
        .daily
        .date_of(0)
        .map(str::to_string)
        .or_else(|| run.info.calendar_str("attack_date").map(str::to_string));
    // The board's harm charts lead, whatever metrics were chosen.
    let mut charts = harm::harm_charts(&run, &footer, day0_date.as_deref());
    for m in &chosen {
        if let Some(group) = run.daily.main_group(m)
            && let Some(c) = DailyChart::new(
                m,
                group,
                run.daily.series(m, group, "attack"),
                run.daily.series(m, group, "counterfactual"),
                day0_date.clone(),
                run.info.replications,
                footer.clone(),
            )
        {
            charts.push(AnyChart::Daily(c));
        }
        let board_drawn = harm::BOARD_DISTRIBUTIONS.iter().any(|(b, _)| b == m);
        if !board_drawn
            && let Some(c) =
                Distribution::new(m, run.replications.values(m, "difference"), footer.clone())
        {
            charts.push(AnyChart::Distribution(c));
        }
    }
    if let Some(c) = organisations_chart(&run, &chosen, &footer) {
        charts.push(AnyChart::Rows(c));
    }
    if charts.is_empty() {
        return Err(PlotError::NoData(
            "the tables have no values for the chosen metrics".into(),
        ));
    }
    render_all(&charts, options.png_width_px)
}

/// At most this many organisations are shown.
const TOP_ORGANISATIONS: usize = 20;

fn organisations_chart(run: &Run, chosen: &[String], footer: &str) -> Option<RowsChart> {
    let total = run.organisations.count();
    chosen.iter().find_map(|m| {
        let mut rows: Vec<Row> = run
            .organisations
            .rows_for(m, "difference")
            .filter_map(|r| {
                Some(Row {
                    label: r.name.clone(),
                    mean: r.stats.mean.filter(|v| v.is_finite())?,
                    low: r.stats.ci95_low,
                    high: r.stats.ci95_high,
                    outer: None,
                })
            })
            .collect();
        if rows.is_empty() {
            return None;
        }
        // Most affected first: the largest effect in either direction.
        rows.sort_by(|a, b| b.mean.abs().total_cmp(&a.mean.abs()));
        rows.truncate(TOP_ORGANISATIONS);
        let shown = if rows.len() < total {
            format!("the {} most affected of {total} organisations", rows.len())
        } else {
            metrics_plural(rows.len())
        };
        Some(RowsChart {
            stem: format!("charts/organisations_{}", metrics::file_stem(m)),
            title: format!("Organisations most affected: {}", metrics::label(m)),
            subtitle: format!(
                "Attack minus counterfactual, mean over replications with its 95% confidence interval; {shown}"
            ),
            x_desc: format!("Attack minus counterfactual ({})", metrics::unit(m)),
            footer: footer.to_string(),
            rows,
            mark: Mark::Bar,
        })
    })
}

fn metrics_plural(n: usize) -> String {
    if n == 1 {
        "1 organisation".into()
    } else {
        format!("all {n} organisations")
    }
}

/// Draws a forest plot per metric comparing several runs: one row per run
/// (labelled with its scenario name), the `difference` mean with its 95%
/// confidence interval from each run's `summary.csv`. The metrics are
/// [`ChartOptions::metrics`] or the headline metrics present in *every*
/// run. Artifacts are `charts/comparison_<metric>.png` and `.svg`.
pub fn draw_comparison(
    runs: &[RunTables],
    options: &ChartOptions,
) -> Result<Vec<Artifact>, PlotError> {
    if runs.is_empty() {
        return Err(PlotError::NoData("no runs to compare".into()));
    }
    let runs: Vec<Run> = runs.iter().map(Run::parse).collect::<Result<_, _>>()?;
    let common: Vec<String> = runs[0]
        .summary
        .metrics()
        .into_iter()
        .filter(|m| {
            runs.iter()
                .all(|r| r.summary.get(m, "difference").is_some())
        })
        .collect();
    let chosen = choose_metrics(&common, &options.metrics, "every run's summary.csv")?;
    let labels = run_labels(&runs);
    let footer = format!(
        "runs: {}",
        runs.iter()
            .zip(&labels)
            .map(|(r, label)| {
                let reps = r.info.replications.map_or_else(
                    || "? replications".to_string(),
                    |n| tables::plural(n, "replication"),
                );
                let seed = r
                    .info
                    .seed
                    .map_or_else(|| "?".to_string(), |s| s.to_string());
                format!("{label} ({reps}, seed {seed})")
            })
            .collect::<Vec<_>>()
            .join(" · ")
    );
    let mut charts = Vec::new();
    for m in &chosen {
        let rows: Vec<Row> = runs
            .iter()
            .zip(&labels)
            .filter_map(|(r, label)| {
                let st = r.summary.get(m, "difference")?;
                Some(Row {
                    label: label.clone(),
                    mean: st.mean.filter(|v| v.is_finite())?,
                    low: st.ci95_low,
                    high: st.ci95_high,
                    outer: None,
                })
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        charts.push(AnyChart::Rows(RowsChart {
            stem: format!("charts/comparison_{}", metrics::file_stem(m)),
            title: format!("{}: the incident's effect in each run", metrics::label(m)),
            subtitle: format!(
                "Attack minus counterfactual, mean over replications with its 95% confidence interval; {} runs",
                rows.len()
            ),
            x_desc: format!("Attack minus counterfactual ({})", metrics::unit(m)),
            footer: footer.clone(),
            rows,
            mark: Mark::Dot,
        }));
    }
    if charts.is_empty() {
        return Err(PlotError::NoData(
            "no chosen metric has a value in any run".into(),
        ));
    }
    render_all(&charts, options.png_width_px)
}

/// Row labels for a comparison: the scenario name, with the seed (and then
/// a number) added where names repeat.
fn run_labels(runs: &[Run]) -> Vec<String> {
    let names: Vec<&str> = runs.iter().map(|r| r.info.name.as_str()).collect();
    let mut labels: Vec<String> = runs
        .iter()
        .map(|r| {
            let name = r.info.name.as_str();
            if names.iter().filter(|n| **n == name).count() > 1 {
                match r.info.seed {
                    Some(seed) => format!("{name} (seed {seed})"),
                    None => name.to_string(),
                }
            } else {
                name.to_string()
            }
        })
        .collect();
    let before = labels.clone();
    for (i, label) in labels.iter_mut().enumerate() {
        if before.iter().filter(|l| *l == label).count() > 1 {
            *label = format!("{label} #{}", i + 1);
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requested_metrics_must_exist() {
        let available = vec!["a".to_string(), "b".to_string()];
        assert_eq!(
            choose_metrics(&available, &["b".into(), "b".into()], "summary.csv").unwrap(),
            vec!["b".to_string()]
        );
        let err = choose_metrics(&available, &["c".into()], "summary.csv").unwrap_err();
        assert!(err.to_string().contains("`c`"), "{err}");
        assert!(choose_metrics(&[], &[], "summary.csv").is_err());
    }
}
