//! The tornado chart of a one-way sensitivity analysis: for each
//! parameter, the headline metric with the parameter at its low and at
//! its high end, as bars from the central estimate.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::charts::{row_chart, row_chart_height};
use crate::render::palette::{BLACK, BLUE, ORANGE};
use crate::render::{
    Chart, DrawResult, Key, de, fit, frame, legend_strip, muted_text, px, text, upx,
};

/// At most this many parameters are shown, the largest swings first.
pub(crate) const TOP_PARAMETERS: usize = 20;

/// One parameter's bar.
#[derive(Debug, Clone)]
pub(crate) struct Bar {
    pub parameter: String,
    /// The parameter's low and high values, as text for the labels.
    pub low_value: String,
    pub high_value: String,
    pub low_mean: f64,
    pub high_mean: f64,
}

pub(crate) struct Tornado {
    pub stem: String,
    pub title: String,
    pub subtitle: String,
    pub x_desc: String,
    pub footer: String,
    pub central: f64,
    pub bars: Vec<Bar>,
}

/// Colours of the two ends (Okabe–Ito blue and orange).
const LOW: RGBColor = BLUE;
const HIGH: RGBColor = ORANGE;
const ROW_HEIGHT: f64 = 40.0;

impl Chart for Tornado {
    fn stem(&self) -> &str {
        &self.stem
    }

    fn height(&self) -> u32 {
        row_chart_height(self.bars.len(), ROW_HEIGHT)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, s: f64) -> DrawResult {
        let area = frame(root, s, &self.title, &self.subtitle, &self.footer)?;
        let area = legend_strip(
            &area,
            s,
            &[
                (Key::Box(LOW), "Parameter at its low value".into()),
                (Key::Box(HIGH), "Parameter at its high value".into()),
                (
                    Key::Line {
                        color: BLACK,
                        dashed: false,
                    },
                    format!("Central estimate: {}", crate::metrics::fmt(self.central)),
                ),
            ],
        )?;
        let label_style = text(16.0, s).pos(Pos::new(HPos::Right, VPos::Center));
        let (aw, _) = area.dim_in_pixel();
        let max_label = upx(330.0, s).min(aw * 2 / 5);
        let mut labels = Vec::with_capacity(self.bars.len());
        let mut widest = upx(60.0, s);
        for b in &self.bars {
            let l = fit(&area, &b.parameter, &label_style, max_label)?;
            let (w, _) = area.estimate_text_size(&l, &label_style).map_err(de)?;
            widest = widest.max(w);
            labels.push(l);
        }
        let (mut lo, mut hi) = (self.central, self.central);
        for b in &self.bars {
            lo = lo.min(b.low_mean).min(b.high_mean);
            hi = hi.max(b.low_mean).max(b.high_mean);
        }
        let span = if hi > lo {
            hi - lo
        } else {
            self.central.abs().max(1.0)
        };
        // Room either side for the value labels at the bar ends.
        let (x0, x1) = (lo - span * 0.16, hi + span * 0.16);
        let n = self.bars.len().max(1) as f64;
        let mut chart = row_chart(&area, s, (x0, x1), n, widest, 16.0, &self.x_desc)?;
        let value_style = |left: bool| {
            muted_text(14.0, s).pos(Pos::new(
                if left { HPos::Right } else { HPos::Left },
                VPos::Center,
            ))
        };
        for (i, (b, l)) in self.bars.iter().zip(&labels).enumerate() {
            let yc = n - i as f64 - 0.5;
            // The low end in the upper half of the row, the high end in the
            // lower half: both stay visible when they fall on the same side.
            for (end, value, colour, (ya, yb)) in [
                (b.low_mean, &b.low_value, LOW, (yc, yc + 0.36)),
                (b.high_mean, &b.high_value, HIGH, (yc - 0.36, yc)),
            ] {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(self.central, ya), (end, yb)],
                        colour.filled(),
                    )))
                    .map_err(de)?;
                if !value.is_empty() {
                    let left = end < self.central;
                    let (vx, vy) = chart.backend_coord(&(end, (ya + yb) / 2.0));
                    let dx = if left { -px(6.0, s) } else { px(6.0, s) };
                    root.draw(&Text::new(value.clone(), (vx + dx, vy), value_style(left)))
                        .map_err(de)?;
                }
            }
            let (ax, ay) = chart.backend_coord(&(x0, yc));
            root.draw(&Text::new(
                l.clone(),
                (ax - px(10.0, s), ay),
                label_style.clone(),
            ))
            .map_err(de)?;
        }
        chart
            .draw_series(LineSeries::new(
                [(self.central, 0.0), (self.central, n)],
                BLACK.stroke_width(upx(2.5, s).max(1)),
            ))
            .map_err(de)?;
        Ok(())
    }
}
