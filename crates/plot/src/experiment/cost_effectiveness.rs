//! The cost-effectiveness plane and the cost-effectiveness acceptability
//! curve of a comparison.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::money;
use crate::charts::house_axes;
use crate::render::palette::{BLACK, MUTED};
use crate::render::{Chart, DrawResult, Key, de, frame, legend_strip, muted_text, px, upx};

use super::series_colour;

/// The willingness-to-pay thresholds marked on both charts (£ per QALY):
/// NICE's lower and upper thresholds and the HM Treasury Green Book value.
pub(crate) const THRESHOLDS_GBP: [f64; 3] = [20_000.0, 30_000.0, 70_000.0];

/// "£20k".
fn threshold_label(t: f64) -> String {
    money::tick(t)
}

/// One alternative's replications on the plane, and their mean.
pub(crate) struct PlaneSeries {
    pub label: String,
    /// `(QALYs gained, incremental cost £)`.
    pub points: Vec<(f64, f64)>,
}

/// QALYs gained (x) against incremental cost (y), one dot per replication
/// per alternative, the means marked, willingness-to-pay lines through
/// the origin.
pub(crate) struct CePlane {
    pub series: Vec<PlaneSeries>,
    pub footer: String,
}

fn padded(lo: f64, hi: f64) -> (f64, f64) {
    let (lo, hi) = (lo.min(0.0), hi.max(0.0));
    let span = if hi - lo > 0.0 {
        hi - lo
    } else {
        lo.abs().max(1.0)
    };
    (lo - span * 0.06, hi + span * 0.06)
}

impl Chart for CePlane {
    fn stem(&self) -> &str {
        "charts/ce_plane"
    }

    fn height(&self) -> u32 {
        720
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let n: usize = self.series.iter().map(|x| x.points.len()).sum();
        let area = frame(
            root,
            s,
            "Cost-effectiveness plane: health gained against extra cost",
            &format!(
                "Each dot is one replication ({n} in all); large dots: the means. Lines: £20k, £30k and £70k per QALY gained; below a line is cost-effective at that price"
            ),
            &self.footer,
        )?;
        let keys: Vec<(Key, String)> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, x)| (Key::Dot(series_colour(i)), x.label.clone()))
            .collect();
        let area = legend_strip(&area, s, &keys)?;
        let all = self.series.iter().flat_map(|x| x.points.iter());
        let (mut x0, mut x1, mut y0, mut y1) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
        for &(x, y) in all {
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
        let (x0, x1) = padded(x0, x1);
        let (y0, y1) = padded(y0, y1);
        let mut chart = ChartBuilder::on(&area)
            .margin_top(upx(8.0, s))
            .margin_right(upx(16.0, s))
            .x_label_area_size(upx(52.0, s))
            .y_label_area_size(upx(96.0, s))
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(de)?;
        let x_fmt = |v: &f64| crate::render::tick(*v);
        let y_fmt = |v: &f64| money::tick(*v);
        house_axes(&mut chart.configure_mesh(), s)
            .x_desc("QALYs gained per incident (base minus alternative)")
            .y_desc("Incremental cost (£, control cost less expected costs averted)")
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_labels(8)
            .y_labels(8)
            .draw()
            .map_err(de)?;
        let axis = MUTED.stroke_width(upx(1.5, s).max(1));
        chart
            .draw_series(LineSeries::new([(x0, 0.0), (x1, 0.0)], axis))
            .map_err(de)?;
        chart
            .draw_series(LineSeries::new([(0.0, y0), (0.0, y1)], axis))
            .map_err(de)?;
        // Willingness-to-pay lines y = λx, clipped to the plot by hand so
        // that the label sits at the visible end.
        let label_style = muted_text(15.0, s).pos(Pos::new(HPos::Right, VPos::Bottom));
        for t in THRESHOLDS_GBP {
            let lo = x0.max(y0 / t);
            let hi = x1.min(y1 / t);
            if lo >= hi {
                continue;
            }
            chart
                .draw_series(DashedLineSeries::new(
                    [(lo, lo * t), (hi, hi * t)],
                    px(8.0, s),
                    px(6.0, s),
                    BLACK.mix(0.55).stroke_width(upx(2.0, s).max(1)),
                ))
                .map_err(de)?;
            let (bx, by) = chart.backend_coord(&(hi, hi * t));
            root.draw(&Text::new(
                format!("{}/QALY", threshold_label(t)),
                (bx - px(4.0, s), by - px(2.0, s)),
                label_style.clone(),
            ))
            .map_err(de)?;
        }
        // Points first, then every mean on top, outlined in black.
        for (i, x) in self.series.iter().enumerate() {
            let c = series_colour(i);
            chart
                .draw_series(
                    x.points
                        .iter()
                        .map(|&p| Circle::new(p, px(3.5, s), c.mix(0.45).filled())),
                )
                .map_err(de)?;
        }
        for (i, x) in self.series.iter().enumerate() {
            if x.points.is_empty() {
                continue;
            }
            let k = x.points.len() as f64;
            let mean = (
                x.points.iter().map(|p| p.0).sum::<f64>() / k,
                x.points.iter().map(|p| p.1).sum::<f64>() / k,
            );
            chart
                .draw_series([
                    Circle::new(mean, px(10.0, s), BLACK.filled()),
                    Circle::new(mean, px(7.5, s), series_colour(i).filled()),
                ])
                .map_err(de)?;
        }
        Ok(())
    }
}

/// Probability cost-effective against the threshold, one line per
/// alternative, the three thresholds marked.
pub(crate) struct Ceac {
    /// `(label, [(threshold £/QALY, probability)])`, thresholds ascending.
    pub series: Vec<(String, Vec<(f64, f64)>)>,
    pub footer: String,
}

impl Chart for Ceac {
    fn stem(&self) -> &str {
        "charts/ceac"
    }

    fn height(&self) -> u32 {
        600
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let area = frame(
            root,
            s,
            "How likely each option is to be cost-effective, by the price of a QALY",
            "Share of replications with a positive net monetary benefit at each willingness to pay (cost-effectiveness acceptability curve)",
            &self.footer,
        )?;
        let keys: Vec<(Key, String)> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, (l, _))| {
                (
                    Key::Line {
                        color: series_colour(i),
                        dashed: false,
                    },
                    l.clone(),
                )
            })
            .collect();
        let area = legend_strip(&area, s, &keys)?;
        let x1 = self
            .series
            .iter()
            .flat_map(|(_, p)| p.iter().map(|q| q.0))
            .fold(THRESHOLDS_GBP[2], f64::max);
        let mut chart = ChartBuilder::on(&area)
            .margin_top(upx(30.0, s))
            .margin_right(upx(24.0, s))
            .x_label_area_size(upx(52.0, s))
            .y_label_area_size(upx(80.0, s))
            .build_cartesian_2d(0.0..x1, 0.0..1.0)
            .map_err(de)?;
        let x_fmt = |v: &f64| money::tick(*v);
        let y_fmt = |v: &f64| format!("{}%", (v * 100.0).round());
        house_axes(&mut chart.configure_mesh(), s)
            .x_desc("Willingness to pay (£ per QALY gained)")
            .y_desc("Probability cost-effective")
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_labels(11)
            .y_labels(6)
            .draw()
            .map_err(de)?;
        let label_style = muted_text(15.0, s).pos(Pos::new(HPos::Center, VPos::Bottom));
        for t in THRESHOLDS_GBP {
            chart
                .draw_series(DashedLineSeries::new(
                    [(t, 0.0), (t, 1.0)],
                    px(8.0, s),
                    px(6.0, s),
                    BLACK.mix(0.55).stroke_width(upx(2.0, s).max(1)),
                ))
                .map_err(de)?;
            let (bx, by) = chart.backend_coord(&(t, 1.0));
            root.draw(&Text::new(
                threshold_label(t),
                (bx, by - px(6.0, s)),
                label_style.clone(),
            ))
            .map_err(de)?;
        }
        for (i, (_, points)) in self.series.iter().enumerate() {
            chart
                .draw_series(LineSeries::new(
                    points.iter().copied(),
                    series_colour(i).stroke_width(upx(3.5, s)),
                ))
                .map_err(de)?;
        }
        Ok(())
    }
}
