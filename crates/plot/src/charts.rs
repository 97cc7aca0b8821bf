//! The charts: a histogram across replications, a daily time series with
//! bands, and horizontal rows with intervals (organisations, comparisons).

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::metrics::{self, axis_label, fmt, label, unit};
use crate::render::palette::{BLACK, BLUE, BLUISH_GREEN, GRID, MUTED, SKY_BLUE, VERMILLION};
use crate::render::{
    Chart, DrawResult, FOOTER, HEADER, Key, LEGEND, de, fit, frame, legend_strip, muted_text,
    percentile, px, text, tick, upx,
};
use crate::tables::DailyPoint;

/// Chart-wide tick and axis-description sizes (logical pixels).
const TICK: f64 = 17.0;
const AXIS_DESC: f64 = 18.0;

/// Values this close together (relative to their size) are "all the same".
fn nearly_constant(min: f64, max: f64) -> bool {
    (max - min) <= 1e-9 * min.abs().max(max.abs()).max(1.0)
}

/// The axes every chart shares, run and experiment charts alike: major
/// grid lines in light grey and no minor ones, muted axis lines, tick
/// labels and axis descriptions in the chart-wide sizes, 5-pixel tick
/// marks. The caller adds what is its own (descriptions, label formatters
/// and counts, a grid direction to leave out) and draws.
pub(crate) fn house_axes<'m, 'a, 'b, X: Ranged, Y: Ranged, DB: DrawingBackend>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
    s: f64,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB> {
    mesh.light_line_style(TRANSPARENT)
        .bold_line_style(GRID.stroke_width(upx(1.0, s).max(1)))
        .axis_style(MUTED.stroke_width(upx(1.0, s).max(1)))
        .label_style(text(TICK, s))
        .axis_desc_style(text(AXIS_DESC, s))
        .set_all_tick_mark_size(px(5.0, s))
}

/// The height of a horizontal-rows chart ([`RowsChart`], the tornado) of
/// `rows` rows `row_height` logical pixels tall, title, legend and axis
/// included (at least two rows, so one row does not look squashed).
pub(crate) fn row_chart_height(rows: usize, row_height: f64) -> u32 {
    let fixed = HEADER + FOOTER + LEGEND + 8.0 + 70.0 + 20.0;
    (fixed + row_height * rows.max(2) as f64).round() as u32
}

/// The plotting area of a chart of horizontal rows (the forest plots of
/// [`RowsChart`], the tornado), its axes drawn: `rows` rows of height 1
/// stacked from the top (row `i` is centred on `rows - i - 0.5`), a numeric
/// x axis from `x.0` to `x.1` described by `x_desc`, vertical grid lines
/// only, and no y tick labels: the caller writes each row's label left of
/// the axis, where `label_width` pixels (its widest label) are kept free.
/// `margin_right` (logical pixels) leaves room for values at the bar ends.
pub(crate) fn row_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    s: f64,
    x: (f64, f64),
    rows: f64,
    label_width: u32,
    margin_right: f64,
    x_desc: &str,
) -> DrawResult<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>> {
    let mut chart = ChartBuilder::on(area)
        .margin_top(upx(8.0, s))
        .margin_right(upx(margin_right, s))
        .x_label_area_size(upx(52.0, s))
        .y_label_area_size(label_width + upx(18.0, s))
        .build_cartesian_2d(x.0..x.1, 0.0..rows)
        .map_err(de)?;
    let x_fmt = |v: &f64| tick(*v);
    let no_label = |_: &f64| String::new();
    house_axes(&mut chart.configure_mesh(), s)
        .disable_y_mesh()
        .x_desc(x_desc)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&no_label)
        .y_labels(1)
        .x_labels(8)
        .draw()
        .map_err(de)?;
    Ok(chart)
}

// ---------------------------------------------------------------------------
// 1. Distribution of the difference across replications.

/// Histogram of one metric's `difference` arm across replications, with
/// the mean and the 5th–95th percentile marked.
pub(crate) struct Distribution {
    stem: String,
    metric: String,
    footer: String,
    n: usize,
    mean: f64,
    /// The ends of the marked interval of replications (5th–95th
    /// percentile by default; 2.5th–97.5th for the board's harm charts).
    p5: f64,
    p95: f64,
    /// Share of replications inside `p5..p95` (0.90 or 0.95).
    coverage: f64,
    /// A board-facing title replacing the generic one.
    title: Option<String>,
    /// `(low edge, high edge, count)`.
    bins: Vec<(f64, f64, u32)>,
    constant: bool,
    x_range: (f64, f64),
}

impl Distribution {
    /// `None` when no replication has a value.
    pub fn new(metric: &str, values: Vec<f64>, footer: String) -> Option<Self> {
        Self::with_coverage(metric, values, footer, 0.90)
    }

    /// The same chart under another file stem and a board-facing title.
    pub fn titled(mut self, stem: String, title: String) -> Self {
        self.stem = stem;
        self.title = Some(title);
        self
    }

    /// As [`Distribution::new`], marking the middle `coverage` share of
    /// replications (e.g. 0.95: the 2.5th and 97.5th percentiles).
    pub fn with_coverage(
        metric: &str,
        mut values: Vec<f64>,
        footer: String,
        coverage: f64,
    ) -> Option<Self> {
        if values.is_empty() {
            return None;
        }
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let mean = values.iter().sum::<f64>() / n as f64;
        let tail = (1.0 - coverage.clamp(0.0, 1.0)) / 2.0;
        let (p5, p95) = (percentile(&values, tail)?, percentile(&values, 1.0 - tail)?);
        let (min, max) = (values[0], values[n - 1]);
        let constant = nearly_constant(min, max);
        let bins = if constant {
            let half = if mean == 0.0 { 0.5 } else { mean.abs() * 0.02 };
            vec![(mean - half, mean + half, n as u32)]
        } else if values.iter().all(|v| v.fract() == 0.0) && max - min <= 40.0 {
            // Whole numbers with a small spread: one bar per value.
            let (lo, hi) = (min as i64, max as i64);
            (lo..=hi)
                .map(|k| {
                    let c = values.iter().filter(|&&v| v as i64 == k).count() as u32;
                    (k as f64 - 0.5, k as f64 + 0.5, c)
                })
                .collect()
        } else {
            let k = ((n as f64).sqrt().ceil() as usize).clamp(5, 40);
            let width = (max - min) / k as f64;
            let mut counts = vec![0u32; k];
            for v in &values {
                let i = (((v - min) / width) as usize).min(k - 1);
                counts[i] += 1;
            }
            counts
                .into_iter()
                .enumerate()
                .map(|(i, c)| (min + i as f64 * width, min + (i + 1) as f64 * width, c))
                .collect()
        };
        let lo = bins[0].0.min(p5);
        let hi = bins[bins.len() - 1].1.max(p95);
        let pad = if constant {
            (hi - lo) * 2.5
        } else {
            (hi - lo) * 0.06
        };
        Some(Self {
            stem: format!("charts/distribution_{}", metrics::file_stem(metric)),
            metric: metric.to_string(),
            footer,
            n,
            mean,
            p5,
            p95,
            coverage,
            title: None,
            bins,
            constant,
            x_range: (lo - pad, hi + pad),
        })
    }
}

impl Chart for Distribution {
    fn stem(&self) -> &str {
        &self.stem
    }

    fn height(&self) -> u32 {
        560
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let title = self.title.clone().unwrap_or_else(|| {
            format!(
                "{}: the incident's effect in each replication",
                label(&self.metric)
            )
        });
        let subtitle = if self.constant {
            format!(
                "Attack minus counterfactual: every one of the {} replications gave {}",
                self.n,
                metrics::with_unit(&fmt(self.mean), &self.metric)
            )
        } else {
            format!(
                "Attack minus counterfactual in each of {} replications (same patients with and without the incident)",
                self.n
            )
        };
        let area = frame(root, s, &title, &subtitle, &self.footer)?;
        let u = unit(&self.metric);
        let mut legend = vec![
            (Key::Box(SKY_BLUE), "Replications".to_string()),
            (
                Key::Line {
                    color: BLACK,
                    dashed: false,
                },
                format!(
                    "Mean: {}",
                    metrics::with_unit(&fmt(self.mean), &self.metric)
                ),
            ),
        ];
        if !self.constant {
            legend.push((
                Key::Line {
                    color: VERMILLION,
                    dashed: true,
                },
                {
                    let (lo, hi) = metrics::fmt_range(self.p5, self.p95);
                    format!(
                        "{}% of replications: {lo} to {}",
                        fmt(self.coverage * 100.0),
                        metrics::with_unit(&hi, &self.metric)
                    )
                },
            ));
        }
        let area = legend_strip(&area, s, &legend)?;
        let y_max = self.bins.iter().map(|b| b.2).max().unwrap_or(1).max(1);
        let y_top = (f64::from(y_max) * 1.08).ceil() as u32 + 1;
        let mut chart = ChartBuilder::on(&area)
            .margin_top(upx(8.0, s))
            .x_label_area_size(upx(52.0, s))
            .y_label_area_size(upx(70.0, s))
            .build_cartesian_2d(self.x_range.0..self.x_range.1, 0u32..y_top)
            .map_err(de)?;
        let x_fmt = |v: &f64| tick(*v);
        house_axes(&mut chart.configure_mesh(), s)
            .disable_x_mesh()
            .x_desc(format!("Attack minus counterfactual ({u})"))
            .y_desc("Number of replications")
            .x_label_formatter(&x_fmt)
            .x_labels(8)
            .y_labels(6)
            .draw()
            .map_err(de)?;
        let gap = (self.x_range.1 - self.x_range.0) * 0.0015;
        chart
            .draw_series(self.bins.iter().filter(|b| b.2 > 0).map(|&(lo, hi, c)| {
                Rectangle::new([(lo + gap, 0), (hi - gap, c)], SKY_BLUE.filled())
            }))
            .map_err(de)?;
        let line_top = y_top;
        if !self.constant {
            for x in [self.p5, self.p95] {
                chart
                    .draw_series(DashedLineSeries::new(
                        [(x, 0), (x, line_top)],
                        px(9.0, s),
                        px(6.0, s),
                        VERMILLION.stroke_width(upx(3.0, s)),
                    ))
                    .map_err(de)?;
            }
        }
        chart
            .draw_series(LineSeries::new(
                [(self.mean, 0), (self.mean, line_top)],
                BLACK.stroke_width(upx(3.0, s)),
            ))
            .map_err(de)?;
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// 2. Daily time series, attack vs counterfactual.

/// Daily mean of one metric in both arms with 90% bands, day 0 marked.
pub(crate) struct DailyChart {
    stem: String,
    metric: String,
    footer: String,
    group: String,
    attack: Vec<DailyPoint>,
    counterfactual: Vec<DailyPoint>,
    day0_date: Option<String>,
    replications: Option<u64>,
    /// A board-facing title replacing the generic one.
    title: Option<String>,
    /// A day to mark with a dotted line, with its legend text (e.g. the
    /// mean day a backlog is back to normal).
    marker: Option<(f64, String)>,
}

impl DailyChart {
    /// The same chart under another file stem and title, with a marked day.
    pub fn retitled(mut self, stem: String, title: String, marker: Option<(f64, String)>) -> Self {
        self.stem = stem;
        self.title = Some(title);
        self.marker = marker;
        self
    }

    /// `None` when neither arm has a day.
    pub fn new(
        metric: &str,
        group: &str,
        attack: Vec<DailyPoint>,
        counterfactual: Vec<DailyPoint>,
        day0_date: Option<String>,
        replications: Option<u64>,
        footer: String,
    ) -> Option<Self> {
        if attack.is_empty() && counterfactual.is_empty() {
            return None;
        }
        Some(Self {
            stem: format!("charts/daily_{}", metrics::file_stem(metric)),
            metric: metric.to_string(),
            footer,
            group: group.to_string(),
            attack,
            counterfactual,
            day0_date,
            replications,
            title: None,
            marker: None,
        })
    }
}

/// "2017-05-12" → "12 May 2017" (the text unchanged if it is not a date).
pub(crate) fn long_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parts: Vec<&str> = iso.split('-').collect();
    if let [y, m, d] = parts[..]
        && let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<usize>(), d.parse::<u32>())
        && (1..=12).contains(&m)
    {
        return format!("{d} {} {y}", MONTHS[m - 1]);
    }
    iso.to_string()
}

impl Chart for DailyChart {
    fn stem(&self) -> &str {
        &self.stem
    }

    fn height(&self) -> u32 {
        580
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let title = self.title.clone().unwrap_or_else(|| {
            format!(
                "{} per day, with and without the incident",
                label(&self.metric)
            )
        });
        let reps = self
            .replications
            .map_or_else(String::new, |n| format!(" over {n} replications"));
        let group = if self.group == "all" {
            "all organisations".to_string()
        } else {
            format!("organisations: {}", self.group)
        };
        let identical = self.attack == self.counterfactual;
        let subtitle = if identical {
            format!(
                "Lines: mean{reps}; shading: 90% of replications; {group}; identical with and without the incident"
            )
        } else {
            format!(
                "Lines: mean{reps}; shading: 90% of replications (5th to 95th percentile); {group}"
            )
        };
        let area = frame(root, s, &title, &subtitle, &self.footer)?;
        let mut keys = vec![
            (Key::LineOverBand(VERMILLION), "With the incident".into()),
            (
                Key::LineOverBand(BLUE),
                "Without the incident (counterfactual)".into(),
            ),
            (
                Key::Line {
                    color: BLACK,
                    dashed: true,
                },
                "Attack day (day 0)".into(),
            ),
        ];
        if let Some((_, text)) = &self.marker {
            keys.push((
                Key::Line {
                    color: BLUISH_GREEN,
                    dashed: true,
                },
                text.clone(),
            ));
        }
        let area = legend_strip(&area, s, &keys)?;
        let all = self.attack.iter().chain(&self.counterfactual);
        let (mut d0, mut d1, mut lo, mut hi) = (i64::MAX, i64::MIN, f64::MAX, f64::MIN);
        for p in all {
            d0 = d0.min(p.day);
            d1 = d1.max(p.day);
            lo = lo.min(p.p5).min(p.mean);
            hi = hi.max(p.p95).max(p.mean);
        }
        let lo = lo.min(0.0);
        let hi = if nearly_constant(lo, hi) {
            lo + 1.0
        } else {
            hi + (hi - lo) * 0.06
        };
        let (x0, x1) = (d0 as f64 - 0.5, d1 as f64 + 0.5);
        let mut chart = ChartBuilder::on(&area)
            .margin_top(upx(8.0, s))
            .x_label_area_size(upx(52.0, s))
            .y_label_area_size(upx(80.0, s))
            .build_cartesian_2d(x0..x1, lo..hi)
            .map_err(de)?;
        let x_fmt = |v: &f64| {
            if (v - v.round()).abs() < 1e-9 {
                format!("{}", v.round() as i64)
            } else {
                String::new()
            }
        };
        let y_fmt = |v: &f64| tick(*v);
        let day0 = self
            .day0_date
            .as_deref()
            .map(|d| format!(" (day 0 = {})", long_date(d)))
            .unwrap_or_default();
        let days = (d1 - d0 + 1) as usize;
        house_axes(&mut chart.configure_mesh(), s)
            .disable_x_mesh()
            .x_desc(format!("Day relative to the attack{day0}"))
            .y_desc(axis_label(&self.metric))
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_labels(days.clamp(2, 15))
            .y_labels(7)
            .draw()
            .map_err(de)?;
        for (series, color) in [(&self.counterfactual, BLUE), (&self.attack, VERMILLION)] {
            if series.is_empty() {
                continue;
            }
            let band: Vec<(f64, f64)> = series
                .iter()
                .map(|p| (p.day as f64, p.p95))
                .chain(series.iter().rev().map(|p| (p.day as f64, p.p5)))
                .collect();
            chart
                .draw_series(std::iter::once(Polygon::new(
                    band,
                    color.mix(0.18).filled(),
                )))
                .map_err(de)?;
        }
        if (x0..=x1).contains(&0.0) {
            chart
                .draw_series(DashedLineSeries::new(
                    [(0.0, lo), (0.0, hi)],
                    px(8.0, s),
                    px(6.0, s),
                    BLACK.stroke_width(upx(2.0, s).max(1)),
                ))
                .map_err(de)?;
        }
        if let Some((day, _)) = self.marker
            && (x0..=x1).contains(&day)
        {
            chart
                .draw_series(DashedLineSeries::new(
                    [(day, lo), (day, hi)],
                    px(4.0, s),
                    px(5.0, s),
                    BLUISH_GREEN.stroke_width(upx(3.0, s).max(1)),
                ))
                .map_err(de)?;
        }
        // The counterfactual goes on top, thinner, so that where the two
        // arms coincide (before the attack, after recovery) both show.
        for (series, color, width, radius) in [
            (&self.attack, VERMILLION, 4.5, 5.0),
            (&self.counterfactual, BLUE, 2.5, 3.5),
        ] {
            chart
                .draw_series(LineSeries::new(
                    series.iter().map(|p| (p.day as f64, p.mean)),
                    color.stroke_width(upx(width, s)),
                ))
                .map_err(de)?;
            if days <= 45 {
                chart
                    .draw_series(series.iter().map(|p| {
                        Circle::new((p.day as f64, p.mean), px(radius, s), color.filled())
                    }))
                    .map_err(de)?;
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// 3 and 4. Rows with intervals: organisations (bars) and runs (forest plot).

/// How a row's mean is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// A bar from zero to the mean.
    Bar,
    /// A dot at the mean (forest plot).
    Dot,
    /// A dot at the mean with the paired 95% CI as whiskers and the
    /// unpaired 95% CI ([`Row::outer`]) as a fainter, wider bar behind it
    /// (forest plot of a paired comparison).
    Paired,
}

/// The faint bar of an unpaired interval: sky blue at about 35% on white.
pub(crate) const UNPAIRED_FILL: RGBColor = RGBColor(0xC2, 0xE3, 0xF7);

/// One row: a label, the mean and its 95% confidence interval.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub label: String,
    pub mean: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// A second, wider interval drawn behind the first ([`Mark::Paired`]).
    pub outer: Option<(f64, f64)>,
}

/// Horizontal rows, top to bottom, each with a mean and a 95% CI whisker.
pub(crate) struct RowsChart {
    pub stem: String,
    pub title: String,
    pub subtitle: String,
    pub x_desc: String,
    pub footer: String,
    pub rows: Vec<Row>,
    pub mark: Mark,
}

const ROW_HEIGHT: f64 = 42.0;

impl Chart for RowsChart {
    fn stem(&self) -> &str {
        &self.stem
    }

    fn height(&self) -> u32 {
        row_chart_height(self.rows.len(), ROW_HEIGHT)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let area = frame(root, s, &self.title, &self.subtitle, &self.footer)?;
        let keys = match self.mark {
            Mark::Bar | Mark::Dot => vec![
                (
                    if self.mark == Mark::Bar {
                        Key::Box(BLUE)
                    } else {
                        Key::Dot(BLUE)
                    },
                    "Mean difference".to_string(),
                ),
                (
                    Key::Whisker(BLACK),
                    "95% confidence interval of the mean".into(),
                ),
            ],
            Mark::Paired => vec![
                (Key::Dot(BLUE), "Mean".to_string()),
                (
                    Key::Whisker(BLACK),
                    "95% interval, paired (common random numbers)".into(),
                ),
                (Key::Box(UNPAIRED_FILL), "95% interval, unpaired".into()),
            ],
        };
        let area = legend_strip(&area, s, &keys)?;
        let label_style = text(17.0, s).pos(Pos::new(HPos::Right, VPos::Center));
        let (aw, _) = area.dim_in_pixel();
        let max_label = upx(380.0, s).min(aw / 2);
        let mut labels = Vec::with_capacity(self.rows.len());
        let mut widest = upx(60.0, s);
        for r in &self.rows {
            let l = fit(&area, &r.label, &label_style, max_label)?;
            let (w, _) = area.estimate_text_size(&l, &label_style).map_err(de)?;
            widest = widest.max(w);
            labels.push(l);
        }
        let (mut lo, mut hi) = (0.0f64, 0.0f64);
        for r in &self.rows {
            let (olo, ohi) = (r.outer.map(|o| o.0), r.outer.map(|o| o.1));
            for v in [Some(r.mean), r.low, r.high, olo, ohi]
                .into_iter()
                .flatten()
            {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
        if nearly_constant(lo, hi) {
            hi = lo + 1.0;
        }
        let span = hi - lo;
        // Room on the right for the value labels.
        let (x0, x1) = (
            if lo < 0.0 { lo - span * 0.06 } else { lo },
            hi + span * 0.16,
        );
        let n = self.rows.len().max(1) as f64;
        let mut chart = row_chart(&area, s, (x0, x1), n, widest, 12.0, &self.x_desc)?;
        // Zero line.
        if x0 <= 0.0 && 0.0 <= x1 {
            chart
                .draw_series(LineSeries::new(
                    [(0.0, 0.0), (0.0, n)],
                    MUTED.stroke_width(upx(1.5, s).max(1)),
                ))
                .map_err(de)?;
        }
        let value_style = muted_text(16.0, s).pos(Pos::new(HPos::Left, VPos::Center));
        let whisker = BLACK.stroke_width(upx(2.5, s).max(1));
        for (i, (r, l)) in self.rows.iter().zip(&labels).enumerate() {
            let yc = n - i as f64 - 0.5;
            match self.mark {
                Mark::Bar => {
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(0.0, yc - 0.3), (r.mean, yc + 0.3)],
                            BLUE.filled(),
                        )))
                        .map_err(de)?;
                }
                Mark::Dot => {}
                Mark::Paired => {
                    if let Some((a, b)) = r.outer {
                        chart
                            .draw_series(std::iter::once(Rectangle::new(
                                [(a, yc - 0.26), (b, yc + 0.26)],
                                UNPAIRED_FILL.filled(),
                            )))
                            .map_err(de)?;
                    }
                }
            }
            if let (Some(a), Some(b)) = (r.low, r.high) {
                chart
                    .draw_series(LineSeries::new([(a, yc), (b, yc)], whisker))
                    .map_err(de)?;
                for x in [a, b] {
                    chart
                        .draw_series(LineSeries::new([(x, yc - 0.17), (x, yc + 0.17)], whisker))
                        .map_err(de)?;
                }
            }
            if self.mark != Mark::Bar {
                chart
                    .draw_series(std::iter::once(Circle::new(
                        (r.mean, yc),
                        px(7.0, s),
                        BLUE.filled(),
                    )))
                    .map_err(de)?;
            }
            // The label left of the axis, the value right of the whisker,
            // both positioned in pixels on the root area.
            let (ax, ay) = chart.backend_coord(&(x0, yc));
            root.draw(&Text::new(
                l.clone(),
                (ax - px(10.0, s), ay),
                label_style.clone(),
            ))
            .map_err(de)?;
            let right = r
                .high
                .unwrap_or(r.mean)
                .max(r.mean)
                .max(r.outer.map_or(r.mean, |o| o.1))
                .max(0.0);
            let (vx, vy) = chart.backend_coord(&(right, yc));
            root.draw(&Text::new(
                fmt(r.mean),
                (vx + px(10.0, s), vy),
                value_style.clone(),
            ))
            .map_err(de)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates() {
        assert_eq!(long_date("2017-05-12"), "12 May 2017");
        assert_eq!(long_date("soon"), "soon");
    }

    #[test]
    fn distribution_of_whole_numbers_has_a_bar_per_value() {
        let d = Distribution::new("x", vec![1.0, 2.0, 2.0, 4.0], String::new()).unwrap();
        assert_eq!(d.bins.len(), 4);
        assert_eq!(d.bins[1], (1.5, 2.5, 2));
        assert!(!d.constant);
    }

    #[test]
    fn constant_distribution() {
        let d = Distribution::new(
            "x",
            vec![72.00000000000001, 71.99999999999986],
            String::new(),
        )
        .unwrap();
        assert!(d.constant);
        assert_eq!(d.bins.len(), 1);
        assert!(Distribution::new("x", vec![], String::new()).is_none());
    }
}
