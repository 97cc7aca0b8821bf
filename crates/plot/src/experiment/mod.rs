//! Charts of the experiment commands: `downtime compare` (forest plots of
//! harm averted, the cost-effectiveness plane and acceptability curve),
//! `downtime sweep` (line charts with bands) and `downtime sensitivity`
//! (tornado). Like the run charts, they are drawn from the text of the
//! files the commands write and come back as [`Artifact`]s.

pub(crate) mod cost_effectiveness;
pub(crate) mod money;
pub(crate) mod sweep;
pub(crate) mod tables;
pub(crate) mod tornado;

use plotters::style::RGBColor;

use crate::charts::{Mark, Row, RowsChart};
use crate::metrics;
use crate::render::palette;
use crate::tables::plural;
use crate::{AnyChart, Artifact, ChartOptions, PlotError, render_all};
use cost_effectiveness::{CePlane, Ceac, PlaneSeries};
use sweep::{SweepChart, XAxis};
use tables::{
    CePoint, CompareRow, CostEffectRow, ExperimentInfo, SensitivityRow, Sweep,
    parse_ce_replications, parse_ceac, parse_compare, parse_cost_effectiveness, parse_info,
    parse_sensitivity, parse_sweep,
};
use tornado::{Bar, TOP_PARAMETERS, Tornado};

/// The colour of the `i`th alternative (or line): the Okabe–Ito palette
/// with yellow last, as it is faint on white.
pub(crate) fn series_colour(i: usize) -> RGBColor {
    const ORDER: [RGBColor; 8] = [
        palette::BLUE,
        palette::VERMILLION,
        palette::BLUISH_GREEN,
        palette::REDDISH_PURPLE,
        palette::ORANGE,
        palette::SKY_BLUE,
        palette::BLACK,
        palette::YELLOW,
    ];
    ORDER[i % ORDER.len()]
}

/// The text of a `downtime compare` folder's files. Only `compare.csv` is
/// required; a file given as empty text leaves out what needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompareTables {
    /// `compare.csv`: paired differences per alternative and metric.
    pub compare_csv: String,
    /// `cost_effectiveness.csv`: one row per alternative.
    pub cost_effectiveness_csv: String,
    /// `ce_replications.csv`: QALYs gained and incremental cost per replication.
    pub ce_replications_csv: String,
    /// `ceac.csv`: probability cost-effective by threshold.
    pub ceac_csv: String,
    /// `compare.json`: seed, replications and scenario names are read.
    pub compare_json: String,
}

/// The text of a `downtime sweep` folder's files (`sweep.csv` and
/// `sweep_points.csv` are required).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SweepTables {
    pub sweep_csv: String,
    pub sweep_points_csv: String,
    pub sweep_json: String,
}

/// The text of a `downtime sensitivity` folder's files (`sensitivity.csv`
/// is required).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SensitivityTables {
    pub sensitivity_csv: String,
    pub sensitivity_json: String,
}

/// A comparison, parsed.
pub(crate) struct Compare {
    pub base: String,
    pub rows: Vec<CompareRow>,
    pub ce: Vec<CostEffectRow>,
    pub replications: Vec<CePoint>,
    pub ceac: Vec<(String, f64, f64)>,
    pub info: ExperimentInfo,
}

impl Compare {
    pub fn parse(t: &CompareTables) -> Result<Self, PlotError> {
        let (base_csv, rows) = parse_compare(&t.compare_csv)?;
        let info = parse_info("compare.json", &t.compare_json)?;
        let base = if base_csv.is_empty() {
            info.scenarios
                .first()
                .cloned()
                .unwrap_or_else(|| "the base".into())
        } else {
            base_csv
        };
        Ok(Self {
            base,
            rows,
            ce: parse_cost_effectiveness(&t.cost_effectiveness_csv)?,
            replications: parse_ce_replications(&t.ce_replications_csv)?,
            ceac: parse_ceac(&t.ceac_csv)?,
            info,
        })
    }

    /// The alternatives in the order the files first name them.
    pub fn alternatives(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let names = self
            .rows
            .iter()
            .map(|r| &r.alternative)
            .chain(self.ce.iter().map(|r| &r.alternative))
            .chain(self.replications.iter().map(|r| &r.alternative))
            .chain(self.ceac.iter().map(|r| &r.0));
        for n in names {
            if !out.contains(n) {
                out.push(n.clone());
            }
        }
        out
    }

    pub fn row(&self, alternative: &str, metric: &str) -> Option<&CompareRow> {
        self.rows
            .iter()
            .find(|r| r.alternative == alternative && r.metric == metric)
    }

    pub fn metrics(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in &self.rows {
            if !out.contains(&r.metric) {
                out.push(r.metric.clone());
            }
        }
        out
    }

    pub fn footer(&self) -> String {
        format!(
            "comparison with {} · {} · {}",
            self.base,
            reps_each(self.info.replications, "each"),
            seed(self.info.seed)
        )
    }
}

/// "40 replications each, paired" (`per`: "each", "per point", …).
fn reps_each(n: Option<u64>, per: &str) -> String {
    n.map_or_else(
        || "? replications".into(),
        |n| format!("{} {per}, paired", plural(n, "replication")),
    )
}

fn seed(s: Option<u64>) -> String {
    format!(
        "seed {}",
        s.map_or_else(|| "?".to_string(), |s| s.to_string())
    )
}

/// The forest plots of a comparison: `(metric, file stem, title, what
/// the x axis counts)`.
pub(crate) const FORESTS: [(&str, &str, &str, &str); 4] = [
    (
        "qalys_lost",
        "forest_qalys_averted",
        "Quality-adjusted life years saved by each option",
        "QALYs saved",
    ),
    (
        "excess_deaths",
        "forest_deaths_averted",
        "Deaths averted by each option",
        "Deaths averted",
    ),
    (
        "outpatient_appointments_cancelled",
        "forest_outpatient_appointments_cancelled",
        "Outpatient appointment cancellations averted by each option",
        "Cancellations averted",
    ),
    (
        "elective_operations_cancelled",
        "forest_elective_operations_cancelled",
        "Elective operation cancellations averted by each option",
        "Cancellations averted",
    ),
];

fn forest(c: &Compare, metric: &str, footer: &str) -> Option<RowsChart> {
    let (stem, title, axis) = FORESTS
        .iter()
        .find(|f| f.0 == metric)
        .map(|f| (format!("charts/{}", f.1), f.2.to_string(), f.3.to_string()))
        .unwrap_or_else(|| {
            (
                format!("charts/forest_{}", metrics::file_stem(metric)),
                format!("{}: harm averted by each option", metrics::label(metric)),
                format!("{} averted", metrics::label(metric)),
            )
        });
    let rows: Vec<Row> = c
        .alternatives()
        .iter()
        .filter_map(|a| {
            let r = c.row(a, metric)?;
            Some(Row {
                label: a.clone(),
                mean: r.averted.mean?,
                low: r.averted.low,
                high: r.averted.high,
                outer: r.unpaired_low.zip(r.unpaired_high),
            })
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let unit = c
        .row(&rows[0].label, metric)
        .map(|r| r.unit.clone())
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| metrics::unit(metric).to_string());
    Some(RowsChart {
        stem,
        title: format!("{title}, compared with {}", c.base),
        subtitle: "Per incident, base minus option (positive: averted); mean with its paired and unpaired 95% intervals".into(),
        x_desc: format!("{axis} per incident ({unit})"),
        footer: footer.to_string(),
        rows,
        mark: Mark::Paired,
    })
}

/// Draws the charts of a comparison: a forest plot per harm metric
/// ([`ChartOptions::metrics`], or QALYs, deaths and the two cancellation
/// counts where present), the cost-effectiveness plane (if
/// `ce_replications.csv` has rows) and the acceptability curve (if
/// `ceac.csv` has rows).
pub fn draw_compare(
    tables: &CompareTables,
    options: &ChartOptions,
) -> Result<Vec<Artifact>, PlotError> {
    let c = Compare::parse(tables)?;
    let available = c.metrics();
    let chosen: Vec<String> = if options.metrics.is_empty() {
        FORESTS
            .iter()
            .map(|f| f.0.to_string())
            .filter(|m| available.contains(m))
            .collect()
    } else {
        crate::choose_metrics(&available, &options.metrics, "compare.csv")?
    };
    let footer = c.footer();
    let mut charts: Vec<AnyChart> = chosen
        .iter()
        .filter_map(|m| forest(&c, m, &footer))
        .map(AnyChart::Rows)
        .collect();
    let alternatives = c.alternatives();
    let plane: Vec<PlaneSeries> = alternatives
        .iter()
        .map(|a| PlaneSeries {
            label: a.clone(),
            points: c
                .replications
                .iter()
                .filter(|p| &p.alternative == a)
                .map(|p| (p.qalys_gained, p.incremental_cost_gbp))
                .collect(),
        })
        .filter(|s| !s.points.is_empty())
        .collect();
    if !plane.is_empty() {
        charts.push(AnyChart::Plane(CePlane {
            series: plane,
            footer: footer.clone(),
        }));
    }
    let curves: Vec<(String, Vec<(f64, f64)>)> = alternatives
        .iter()
        .map(|a| {
            let mut pts: Vec<(f64, f64)> = c
                .ceac
                .iter()
                .filter(|p| &p.0 == a)
                .map(|p| (p.1, p.2))
                .collect();
            pts.sort_by(|x, y| x.0.total_cmp(&y.0));
            (a.clone(), pts)
        })
        .filter(|s| !s.1.is_empty())
        .collect();
    if !curves.is_empty() {
        charts.push(AnyChart::Ceac(Ceac {
            series: curves,
            footer,
        }));
    }
    if charts.is_empty() {
        return Err(PlotError::NoData(
            "compare.csv has no harm metric to chart (qalys_lost, excess_deaths, …) and there are no cost-effectiveness rows".into(),
        ));
    }
    render_all(&charts, options.png_width_px)
}

/// A sweep, parsed.
pub(crate) struct SweepRun {
    pub sweep: Sweep,
    pub info: ExperimentInfo,
}

impl SweepRun {
    pub fn parse(t: &SweepTables) -> Result<Self, PlotError> {
        Ok(Self {
            sweep: parse_sweep(&t.sweep_points_csv, &t.sweep_csv)?,
            info: parse_info("sweep.json", &t.sweep_json)?,
        })
    }

    pub fn footer(&self) -> String {
        let name = self.info.scenarios.first().map_or("?", String::as_str);
        format!(
            "sweep of {name} · {} · {}",
            reps_each(self.info.replications, "per point"),
            seed(self.info.seed)
        )
    }
}

/// Draws a sweep: `charts/sweep_<metric>` for each chosen metric
/// ([`ChartOptions::metrics`] or the headline metrics in `sweep.csv`),
/// and `charts/sweep_vs_first_qalys_lost` when `qalys_lost` has the paired
/// change from the first point.
pub fn draw_sweep(
    tables: &SweepTables,
    options: &ChartOptions,
) -> Result<Vec<Artifact>, PlotError> {
    let run = SweepRun::parse(tables)?;
    let sweep = &run.sweep;
    let chosen = crate::choose_metrics(&sweep.metrics(), &options.metrics, "sweep.csv")?;
    let axis = XAxis::of(sweep);
    let footer = run.footer();
    let key1 = sweep.keys.first().cloned().unwrap_or_default();
    let by = match sweep.keys.get(1) {
        Some(k2) => format!("{key1}, one line per {k2}"),
        None => key1.clone(),
    };
    let mut charts = Vec::new();
    let mut add = |metric: &str, vs_first: bool| {
        let series = sweep::lines(sweep, &axis, metric, vs_first);
        if series.is_empty() {
            return;
        }
        let (stem, title, subtitle) = if vs_first {
            (
                format!("charts/sweep_vs_first_{}", metrics::file_stem(metric)),
                format!("{}: change from the first setting, by {key1}", metrics::label(metric)),
                "Paired difference from the first point of the sweep (same patients and attack draws), mean with its 95% confidence band".to_string(),
            )
        } else {
            (
                format!("charts/sweep_{}", metrics::file_stem(metric)),
                format!("{} by {by}", metrics::label(metric)),
                "Attack minus counterfactual at each point of the sweep, mean over replications with its 95% confidence band".to_string(),
            )
        };
        charts.push(AnyChart::Sweep(SweepChart {
            stem,
            title,
            subtitle,
            x_desc: key1.clone(),
            y_desc: sweep::y_desc(metric, vs_first),
            footer: footer.clone(),
            series,
            categories: axis.categories.clone(),
        }));
    };
    for m in &chosen {
        add(m, false);
    }
    if sweep.metrics().iter().any(|m| m == "qalys_lost") {
        add("qalys_lost", true);
    }
    if charts.is_empty() {
        return Err(PlotError::NoData(
            "sweep.csv has no values for the chosen metrics at the points of sweep_points.csv"
                .into(),
        ));
    }
    render_all(&charts, options.png_width_px)
}

/// A sensitivity analysis, parsed.
pub(crate) struct SensitivityRun {
    pub rows: Vec<SensitivityRow>,
    pub info: ExperimentInfo,
}

impl SensitivityRun {
    pub fn parse(t: &SensitivityTables) -> Result<Self, PlotError> {
        let mut rows = parse_sensitivity(&t.sensitivity_csv)?;
        // By rank as written; rows without a rank last, by swing.
        rows.sort_by(|a, b| {
            let key = |r: &SensitivityRow| r.rank.unwrap_or(f64::MAX);
            key(a)
                .total_cmp(&key(b))
                .then(b.swing.unwrap_or(0.0).total_cmp(&a.swing.unwrap_or(0.0)))
        });
        Ok(Self {
            rows,
            info: parse_info("sensitivity.json", &t.sensitivity_json)?,
        })
    }

    pub fn footer(&self) -> String {
        let name = self.info.scenarios.first().map_or("?", String::as_str);
        format!(
            "sensitivity of {name} · {} · {}",
            reps_each(self.info.replications, "per variation"),
            seed(self.info.seed)
        )
    }

    /// The headline metrics, in file order.
    pub fn metrics(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in &self.rows {
            if !out.contains(&r.headline_metric) {
                out.push(r.headline_metric.clone());
            }
        }
        out
    }
}

/// A parameter value as the chart labels it: as written, with large
/// numbers grouped in thousands ("1,500,000").
fn value_text(v: &str) -> String {
    match v.parse::<f64>() {
        Ok(x) if x.is_finite() && x.abs() >= 1000.0 => metrics::fmt(x),
        _ => v.to_string(),
    }
}

/// Draws the tornado chart(s) of a sensitivity analysis:
/// `charts/tornado_<headline metric>`, the top 20 parameters by swing.
pub fn draw_sensitivity(
    tables: &SensitivityTables,
    options: &ChartOptions,
) -> Result<Vec<Artifact>, PlotError> {
    let run = SensitivityRun::parse(tables)?;
    let footer = run.footer();
    let mut charts = Vec::new();
    for metric in run.metrics() {
        let rows: Vec<&SensitivityRow> = run
            .rows
            .iter()
            .filter(|r| r.headline_metric == metric)
            .collect();
        let Some(central) = rows.iter().find_map(|r| r.central_mean) else {
            continue;
        };
        let mut bars: Vec<Bar> = rows
            .iter()
            .filter_map(|r| {
                Some(Bar {
                    parameter: r.parameter.clone(),
                    low_value: value_text(&r.low_value),
                    high_value: value_text(&r.high_value),
                    low_mean: r.low.mean?,
                    high_mean: r.high.mean?,
                })
            })
            .collect();
        let total = bars.len();
        bars.truncate(TOP_PARAMETERS);
        if bars.is_empty() {
            continue;
        }
        let shown = if bars.len() < total {
            format!("the {} parameters of {total} that move it most", bars.len())
        } else {
            format!("all {} parameters, largest effect first", bars.len())
        };
        charts.push(AnyChart::Tornado(Tornado {
            stem: format!("charts/tornado_{}", metrics::file_stem(&metric)),
            title: format!("What moves the estimate most: {}", metrics::label(&metric).to_lowercase()),
            subtitle: format!(
                "Each parameter set to its low and its high value, the others at their central values; {shown}"
            ),
            x_desc: sweep::y_desc(&metric, false),
            footer: footer.clone(),
            central,
            bars,
        }));
    }
    if charts.is_empty() {
        return Err(PlotError::NoData(
            "sensitivity.csv has no row with a central, low and high mean".into(),
        ));
    }
    render_all(&charts, options.png_width_px)
}
