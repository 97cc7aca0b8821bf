//! The one place that gives plotters its font.
//!
//! plotters is built without system fonts (no `ttf` feature, so no
//! font-kit or fontconfig): text is laid out and rasterised with `ab_glyph`
//! from Noto Sans embedded in the binary (crate `notosans`, SIL OFL 1.1).
//! plotters looks fonts up in a process-wide table, so they are registered
//! once, here, before anything draws. When plotters replaces
//! `register_font` with per-area font contexts (plotters-rs/plotters#736),
//! only this file needs to change.

use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use plotters::style::{FontStyle, register_font};

use crate::PlotError;

/// The family name used by every text style in the charts.
pub(crate) const FAMILY: &str = "sans-serif";

static REGISTER: Once = Once::new();
static REGISTERED: AtomicBool = AtomicBool::new(false);

/// Registers Noto Sans Regular and Bold as the `sans-serif` family; the
/// work is done on the first call only.
pub(crate) fn ensure_fonts() -> Result<(), PlotError> {
    REGISTER.call_once(|| {
        let ok = register_font(FAMILY, FontStyle::Normal, notosans::REGULAR_TTF).is_ok()
            && register_font(FAMILY, FontStyle::Bold, notosans::BOLD_TTF).is_ok();
        REGISTERED.store(ok, Ordering::Release);
    });
    if REGISTERED.load(Ordering::Acquire) {
        Ok(())
    } else {
        Err(PlotError::Font)
    }
}

#[cfg(test)]
mod tests {
    use plotters::prelude::*;

    fn ink(bold: bool) -> usize {
        super::ensure_fonts().unwrap();
        let mut buf = vec![255u8; 400 * 80 * 3];
        {
            let root = BitMapBackend::with_buffer(&mut buf, (400, 80)).into_drawing_area();
            let style = if bold {
                FontStyle::Bold
            } else {
                FontStyle::Normal
            };
            let f = (super::FAMILY, 40.0, style).into_font();
            root.draw(&Text::new("Mean wait", (5, 5), f.color(&BLACK)))
                .unwrap();
            root.present().unwrap();
        }
        buf.iter().filter(|&&b| b < 128).count()
    }

    #[test]
    fn bold_is_heavier() {
        let (n, b) = (ink(false), ink(true));
        assert!(b > n * 11 / 10, "normal {n}, bold {b}");
    }
}
