//! Sweep line charts: a metric's mean at each point of a sweep with its
//! 95% confidence band; one line, or one per value of a second key.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::series_colour;
use super::tables::Sweep;
use crate::charts::house_axes;
use crate::metrics;
use crate::render::palette::BLACK;
use crate::render::{Chart, DrawResult, Key, de, frame, legend_strip, px, tick, upx};

/// One point of a line: x, mean and its 95% CI.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Point {
    pub x: f64,
    pub mean: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// A sweep chart.
pub(crate) struct SweepChart {
    pub stem: String,
    pub title: String,
    pub subtitle: String,
    pub x_desc: String,
    pub y_desc: String,
    pub footer: String,
    /// `(legend label, points by x)`; one unlabelled series for a one-way sweep.
    pub series: Vec<(Option<String>, Vec<Point>)>,
    /// For a categorical x: the label of x = 0, 1, 2, ….
    pub categories: Option<Vec<String>>,
}

/// The x axis of a sweep: numbers when every value of the first key
/// parses as one, otherwise the values' positions in order of appearance.
pub(crate) struct XAxis {
    pub categories: Option<Vec<String>>,
}

impl XAxis {
    pub fn of(sweep: &Sweep) -> Self {
        let key = sweep.keys.first().map_or("", String::as_str);
        let mut values: Vec<String> = Vec::new();
        for (_, k, v) in &sweep.settings {
            if k == key && !values.contains(v) {
                values.push(v.clone());
            }
        }
        let numeric = values.iter().all(|v| v.trim().parse::<f64>().is_ok());
        Self {
            categories: (!numeric).then_some(values),
        }
    }

    pub fn x(&self, value: &str) -> Option<f64> {
        match &self.categories {
            None => value.trim().parse().ok(),
            Some(c) => c.iter().position(|v| v == value).map(|i| i as f64),
        }
    }
}

/// The lines of one metric: `use_vs_first` picks the paired change from
/// the first point instead of the mean.
pub(crate) fn lines(
    sweep: &Sweep,
    axis: &XAxis,
    metric: &str,
    use_vs_first: bool,
) -> Vec<(Option<String>, Vec<Point>)> {
    let key1 = sweep.keys.first().map_or("", String::as_str);
    let key2 = sweep.keys.get(1).map(String::as_str);
    let mut out: Vec<(Option<String>, Vec<Point>)> = Vec::new();
    for r in sweep.rows.iter().filter(|r| r.metric == metric) {
        let (mean, low, high) = if use_vs_first {
            (r.vs_first.mean, r.vs_first.low, r.vs_first.high)
        } else {
            (r.mean, r.low, r.high)
        };
        let (Some(mean), Some(x)) = (mean, sweep.value(&r.point, key1).and_then(|v| axis.x(v)))
        else {
            continue;
        };
        let label = key2.map(|k| {
            format!(
                "{k} = {}",
                sweep.value(&r.point, k).unwrap_or("not available")
            )
        });
        let p = Point { x, mean, low, high };
        match out.iter_mut().find(|(l, _)| *l == label) {
            Some((_, pts)) => pts.push(p),
            None => out.push((label, vec![p])),
        }
    }
    for (_, pts) in &mut out {
        pts.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    out
}

impl SweepChart {
    /// The y range: every mean and band, with zero, padded.
    fn y_range(&self) -> (f64, f64) {
        let (mut lo, mut hi) = (0.0f64, 0.0f64);
        for p in self.series.iter().flat_map(|(_, p)| p) {
            for v in [Some(p.mean), p.low, p.high].into_iter().flatten() {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
        let span = if hi > lo { hi - lo } else { 1.0 };
        (
            if lo < 0.0 { lo - span * 0.06 } else { lo },
            hi + span * 0.08,
        )
    }
}

impl Chart for SweepChart {
    fn stem(&self) -> &str {
        &self.stem
    }

    fn height(&self) -> u32 {
        600
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let area = frame(root, s, &self.title, &self.subtitle, &self.footer)?;
        let keys: Vec<(Key, String)> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, (l, _))| {
                (
                    Key::LineOverBand(series_colour(i)),
                    l.clone()
                        .unwrap_or_else(|| "Mean, with its 95% confidence band".into()),
                )
            })
            .collect();
        let area = legend_strip(&area, s, &keys)?;
        let xs = self.series.iter().flat_map(|(_, p)| p.iter().map(|q| q.x));
        let (mut x0, mut x1) = (f64::MAX, f64::MIN);
        for x in xs {
            x0 = x0.min(x);
            x1 = x1.max(x);
        }
        if x0 > x1 {
            (x0, x1) = (0.0, 1.0);
        }
        let pad = if self.categories.is_some() {
            0.5
        } else if x1 > x0 {
            (x1 - x0) * 0.04
        } else {
            x0.abs().max(1.0) * 0.5
        };
        let (x0, x1) = (x0 - pad, x1 + pad);
        let (y0, y1) = self.y_range();
        let mut chart = ChartBuilder::on(&area)
            .margin_top(upx(8.0, s))
            .margin_right(upx(24.0, s))
            .x_label_area_size(upx(52.0, s))
            .y_label_area_size(upx(84.0, s))
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(de)?;
        let cats = self.categories.clone();
        let x_fmt = move |v: &f64| match &cats {
            None => tick(*v),
            Some(c) => {
                let i = v.round();
                if (v - i).abs() < 1e-6 && i >= 0.0 {
                    c.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            }
        };
        let y_fmt = |v: &f64| tick(*v);
        let x_labels = match &self.categories {
            Some(c) => (c.len() * 2 + 1).max(3),
            None => 8,
        };
        house_axes(&mut chart.configure_mesh(), s)
            .disable_x_mesh()
            .x_desc(self.x_desc.clone())
            .y_desc(self.y_desc.clone())
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_labels(x_labels)
            .y_labels(7)
            .draw()
            .map_err(de)?;
        if y0 < 0.0 {
            chart
                .draw_series(LineSeries::new(
                    [(x0, 0.0), (x1, 0.0)],
                    BLACK.mix(0.5).stroke_width(upx(1.5, s).max(1)),
                ))
                .map_err(de)?;
        }
        for (i, (_, pts)) in self.series.iter().enumerate() {
            let c = series_colour(i);
            let banded: Vec<&Point> = pts
                .iter()
                .filter(|p| p.low.is_some() && p.high.is_some())
                .collect();
            if banded.len() >= 2 {
                let band: Vec<(f64, f64)> = banded
                    .iter()
                    .map(|p| (p.x, p.high.unwrap_or(p.mean)))
                    .chain(banded.iter().rev().map(|p| (p.x, p.low.unwrap_or(p.mean))))
                    .collect();
                chart
                    .draw_series(std::iter::once(Polygon::new(band, c.mix(0.18).filled())))
                    .map_err(de)?;
            }
            // A lone point (or a single point) gets a whisker instead.
            for p in pts {
                if let (Some(a), Some(b), true) = (p.low, p.high, banded.len() < 2) {
                    chart
                        .draw_series(LineSeries::new(
                            [(p.x, a), (p.x, b)],
                            c.stroke_width(upx(2.5, s)),
                        ))
                        .map_err(de)?;
                }
            }
            chart
                .draw_series(LineSeries::new(
                    pts.iter().map(|p| (p.x, p.mean)),
                    c.stroke_width(upx(3.5, s)),
                ))
                .map_err(de)?;
            chart
                .draw_series(
                    pts.iter()
                        .map(|p| Circle::new((p.x, p.mean), px(5.5, s), c.filled())),
                )
                .map_err(de)?;
        }
        Ok(())
    }
}

/// The y-axis description of a metric in a sweep.
pub(crate) fn y_desc(metric: &str, vs_first: bool) -> String {
    if vs_first {
        format!("Change from the first point ({})", metrics::unit(metric))
    } else {
        format!("Attack minus counterfactual ({})", metrics::unit(metric))
    }
}
