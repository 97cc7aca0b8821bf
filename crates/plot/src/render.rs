//! Drawing one chart twice (SVG and PNG) and the parts every chart shares:
//! the palette, the title/subtitle/footer frame and the legend strip.
//!
//! Every chart is laid out on a logical canvas [`SVG_WIDTH`] pixels wide.
//! The SVG is drawn at that size; the PNG is drawn at the requested width
//! with every length (fonts, strokes, margins) multiplied by the same
//! factor `s`, so the two look the same.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::crisp::CrispBitMap;
use crate::font::{FAMILY, ensure_fonts};
use crate::{Artifact, PlotError};

/// Width of the SVG charts, and of the logical canvas.
pub(crate) const SVG_WIDTH: u32 = 1000;
/// PNGs are never narrower than this.
pub(crate) const MIN_PNG_WIDTH: u32 = 1600;

/// The Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008), plus
/// neutral greys for text and grid lines.
pub(crate) mod palette {
    use plotters::style::RGBColor;
    pub const BLACK: RGBColor = RGBColor(0x00, 0x00, 0x00);
    pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
    pub const SKY_BLUE: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
    pub const BLUISH_GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
    pub const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
    pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
    pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
    pub const REDDISH_PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
    /// Body text.
    pub const INK: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);
    /// Subtitles, footers, reference lines.
    pub const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
    /// Grid lines.
    pub const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
    /// The whole palette, in its usual order, for charts with many series.
    #[allow(dead_code)]
    pub const ALL: [RGBColor; 8] = [
        BLACK,
        ORANGE,
        SKY_BLUE,
        BLUISH_GREEN,
        YELLOW,
        BLUE,
        VERMILLION,
        REDDISH_PURPLE,
    ];
}

use palette::{GRID, INK, MUTED};

/// A drawing failure, as text (plotters' errors are generic over the backend).
pub(crate) type DrawResult<T = ()> = Result<T, String>;

pub(crate) fn de<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> String {
    e.to_string()
}

/// One chart: drawn once as SVG (`s` = 1) and once as PNG.
pub(crate) trait Chart {
    /// Artifact path without extension, e.g. `charts/daily_ed_wait_min_mean`.
    fn stem(&self) -> &str;
    /// Height on the logical canvas.
    fn height(&self) -> u32;
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, s: f64) -> DrawResult;
}

/// Draws `chart` as `<stem>.png` (`png_width` wide) and `<stem>.svg`.
pub(crate) fn render<C: Chart>(chart: &C, png_width: u32) -> Result<[Artifact; 2], PlotError> {
    ensure_fonts()?;
    let draw_err = |message| PlotError::Draw {
        chart: chart.stem().to_string(),
        message,
    };
    let h = chart.height();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (SVG_WIDTH, h)).into_drawing_area();
        chart.draw(&root, 1.0).map_err(draw_err)?;
        root.present().map_err(|e| draw_err(de(e)))?;
    }
    let png_width = png_width.max(MIN_PNG_WIDTH);
    let s = f64::from(png_width) / f64::from(SVG_WIDTH);
    let png_height = (f64::from(h) * s).round() as u32;
    let mut rgb = vec![255u8; png_width as usize * png_height as usize * 3];
    {
        let root = CrispBitMap::with_buffer(&mut rgb, (png_width, png_height)).into_drawing_area();
        chart.draw(&root, s).map_err(draw_err)?;
        root.present().map_err(|e| draw_err(de(e)))?;
    }
    Ok([
        Artifact {
            path: format!("{}.png", chart.stem()),
            bytes: encode_png(&rgb, png_width, png_height)?,
        },
        Artifact {
            path: format!("{}.svg", chart.stem()),
            bytes: svg.into_bytes(),
        },
    ])
}

/// Encodes an RGB buffer as PNG, in memory, tagged as 144 dpi.
fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, PlotError> {
    let mut out = Vec::with_capacity(rgb.len() / 20);
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        encoder.set_pixel_dims(Some(png::PixelDimensions {
            xppu: 5669, // 144 dpi
            yppu: 5669,
            unit: png::Unit::Meter,
        }));
        let mut writer = encoder.write_header()?;
        writer.write_image_data(rgb)?;
        writer.finish()?;
    }
    Ok(out)
}

/// A text style of `size` logical pixels, scaled by `s`.
pub(crate) fn text(size: f64, s: f64) -> TextStyle<'static> {
    (FAMILY, size * s).into_font().color(&INK)
}

pub(crate) fn muted_text(size: f64, s: f64) -> TextStyle<'static> {
    (FAMILY, size * s).into_font().color(&MUTED)
}

pub(crate) fn bold_text(size: f64, s: f64) -> TextStyle<'static> {
    // Not `.into_font().style(Bold)`: in plotters 0.3.7 that keeps the
    // Normal face's glyphs and only changes the SVG attribute.
    (FAMILY, size * s, FontStyle::Bold).into_font().color(&INK)
}

/// A length of `v` logical pixels, scaled.
pub(crate) fn px(v: f64, s: f64) -> i32 {
    (v * s).round() as i32
}

pub(crate) fn upx(v: f64, s: f64) -> u32 {
    (v * s).round().max(0.0) as u32
}

/// `t`, shortened with "…" until it fits in `max_width` pixels.
pub(crate) fn fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    t: &str,
    style: &TextStyle,
    max_width: u32,
) -> DrawResult<String> {
    let width = |t: &str| {
        area.estimate_text_size(t, style)
            .map(|(w, _)| w)
            .map_err(de)
    };
    if width(t)? <= max_width {
        return Ok(t.to_string());
    }
    let chars: Vec<char> = t.chars().collect();
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_string()
            + "…";
        if width(&candidate)? <= max_width {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Ok(chars[..lo]
        .iter()
        .collect::<String>()
        .trim_end()
        .to_string()
        + "…")
}

/// Header height on the logical canvas (title and subtitle).
pub(crate) const HEADER: f64 = 98.0;
/// Footer height on the logical canvas.
pub(crate) const FOOTER: f64 = 40.0;
/// Legend strip height on the logical canvas.
pub(crate) const LEGEND: f64 = 40.0;
/// Left and right padding.
pub(crate) const PAD: f64 = 24.0;

/// Fills the background, draws the title, subtitle and footer, and returns
/// the area left for the plot.
pub(crate) fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    s: f64,
    title: &str,
    subtitle: &str,
    footer: &str,
) -> DrawResult<DrawingArea<DB, Shift>> {
    root.fill(&WHITE).map_err(de)?;
    let (w, h) = root.dim_in_pixel();
    let pad = px(PAD, s);
    let max_w = w.saturating_sub(2 * pad as u32);
    let title_style = bold_text(28.0, s);
    let title = fit(root, title, &title_style, max_w)?;
    root.draw(&Text::new(title, (pad, px(18.0, s)), title_style))
        .map_err(de)?;
    let sub_style = muted_text(18.0, s);
    let subtitle = fit(root, subtitle, &sub_style, max_w)?;
    root.draw(&Text::new(subtitle, (pad, px(60.0, s)), sub_style))
        .map_err(de)?;
    let foot_y = h as i32 - px(FOOTER, s);
    root.draw(&PathElement::new(
        vec![(pad, foot_y), (w as i32 - pad, foot_y)],
        GRID.stroke_width(upx(1.0, s).max(1)),
    ))
    .map_err(de)?;
    let foot_style = muted_text(15.0, s);
    let footer = fit(root, footer, &foot_style, max_w)?;
    root.draw(&Text::new(
        footer,
        (pad, foot_y + px(FOOTER / 2.0, s)),
        foot_style.pos(Pos::new(HPos::Left, VPos::Center)),
    ))
    .map_err(de)?;
    Ok(root.margin(
        upx(HEADER, s),
        upx(FOOTER + 6.0, s),
        upx(PAD / 2.0, s),
        upx(PAD, s),
    ))
}

/// What a legend entry's symbol looks like.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Key {
    /// A line (solid or dashed).
    Line { color: RGBColor, dashed: bool },
    /// A filled box.
    Box(RGBColor),
    /// A mean line over a translucent band.
    LineOverBand(RGBColor),
    /// A dot.
    Dot(RGBColor),
    /// A horizontal interval with end caps.
    Whisker(RGBColor),
}

/// Splits off a legend strip at the top of `area`, draws the entries in a
/// row and returns the rest of the area.
pub(crate) fn legend_strip<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: f64,
    entries: &[(Key, String)],
) -> DrawResult<DrawingArea<DB, Shift>> {
    let (strip, rest) = area.split_vertically(upx(LEGEND, s));
    let style = text(17.0, s).pos(Pos::new(HPos::Left, VPos::Center));
    let y = px(LEGEND / 2.0 - 4.0, s);
    let mut x = px(PAD / 2.0, s);
    let sw = px(26.0, s);
    let thick = upx(3.0, s).max(1);
    for (key, label) in entries {
        match *key {
            Key::Line { color, dashed } => {
                if dashed {
                    // Three dashes with two gaps, ending flush with the symbol.
                    let dash = sw * 6 / 26;
                    let step = (sw - dash) / 2;
                    for k in 0..3 {
                        let x0 = x + k * step;
                        strip
                            .draw(&PathElement::new(
                                vec![(x0, y), (x0 + dash, y)],
                                color.stroke_width(thick),
                            ))
                            .map_err(de)?;
                    }
                } else {
                    strip
                        .draw(&PathElement::new(
                            vec![(x, y), (x + sw, y)],
                            color.stroke_width(thick),
                        ))
                        .map_err(de)?;
                }
            }
            Key::Box(color) => {
                strip
                    .draw(&Rectangle::new(
                        [(x, y - px(7.0, s)), (x + sw, y + px(7.0, s))],
                        color.filled(),
                    ))
                    .map_err(de)?;
            }
            Key::LineOverBand(color) => {
                strip
                    .draw(&Rectangle::new(
                        [(x, y - px(8.0, s)), (x + sw, y + px(8.0, s))],
                        color.mix(0.2).filled(),
                    ))
                    .map_err(de)?;
                strip
                    .draw(&PathElement::new(
                        vec![(x, y), (x + sw, y)],
                        color.stroke_width(thick),
                    ))
                    .map_err(de)?;
            }
            Key::Dot(color) => {
                strip
                    .draw(&Circle::new((x + sw / 2, y), px(6.0, s), color.filled()))
                    .map_err(de)?;
            }
            Key::Whisker(color) => {
                let st = color.stroke_width(upx(2.0, s).max(1));
                let cap = px(6.0, s);
                strip
                    .draw(&PathElement::new(vec![(x, y), (x + sw, y)], st))
                    .map_err(de)?;
                for cx in [x, x + sw] {
                    strip
                        .draw(&PathElement::new(vec![(cx, y - cap), (cx, y + cap)], st))
                        .map_err(de)?;
                }
            }
        }
        x += sw + px(8.0, s);
        strip
            .draw(&Text::new(label.clone(), (x, y), style.clone()))
            .map_err(de)?;
        let (tw, _) = strip.estimate_text_size(label, &style).map_err(de)?;
        x += tw as i32 + px(24.0, s);
    }
    Ok(rest)
}

/// Type-7 percentile (Hyndman & Fan 1996) of sorted values; `q` in [0, 1].
pub(crate) fn percentile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// Tick label text for an axis value: no float noise, no "-0".
pub(crate) fn tick(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 {
        "0".to_string()
    } else if a >= 1000.0 {
        crate::metrics::fmt(v)
    } else {
        // Six significant figures, then trailing zeros trimmed.
        let decimals = (5 - a.log10().floor() as i32).clamp(0, 12) as usize;
        let t = format!("{v:.decimals$}");
        let t = t.trim_end_matches('0').trim_end_matches('.').to_string();
        if t == "-0" { "0".into() } else { t }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_type_7() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(percentile(&v, 0.5), Some(3.0));
        assert_eq!(percentile(&v, 0.05), Some(1.2));
        assert_eq!(percentile(&v, 0.95), Some(4.8));
        assert_eq!(percentile(&[7.0], 0.95), Some(7.0));
        assert_eq!(percentile(&[], 0.5), None);
    }

    #[test]
    fn ticks() {
        assert_eq!(tick(0.30000000000000004), "0.3");
        assert_eq!(tick(-0.0), "0");
        assert_eq!(tick(2500.0), "2,500");
        assert_eq!(tick(12.0), "12");
        assert_eq!(tick(0.01615), "0.01615");
        assert_eq!(tick(-0.000001), "-0.000001");
        assert_eq!(tick(123.4567891), "123.457");
    }
}
