//! Pounds for people: chart ticks ("£20k", "−£1.2m") and report text
//! ("£45,000", "−£0.4m (−£1.2m to £0.3m)").

use crate::metrics::fmt;

/// U+2212, the minus sign typeset in the report and on the charts
/// (Noto Sans has it): a hyphen before "£" reads as a dash.
const MINUS: char = '\u{2212}';

fn signed(negative: bool, body: String) -> String {
    if negative {
        format!("{MINUS}{body}")
    } else {
        body
    }
}

/// Trims "1.50" to "1.5" and "2.0" to "2".
fn trim(t: String) -> String {
    if t.contains('.') {
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        t
    }
}

/// An axis tick in pounds: "£0", "£500", "£20k", "£1.25m".
pub(crate) fn tick(v: f64) -> String {
    let a = v.abs();
    let body = if a >= 1e6 {
        format!("£{}m", trim(format!("{:.2}", a / 1e6)))
    } else if a >= 1e3 {
        format!("£{}k", trim(format!("{:.1}", a / 1e3)))
    } else if a == 0.0 {
        return "£0".into();
    } else {
        format!("£{}", trim(format!("{a:.0}")))
    };
    signed(v < 0.0 && body != "£0", body)
}

/// The scale a set of amounts is written in: millions when the largest
/// is at least £1m, otherwise whole pounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scale {
    Pounds,
    Millions,
}

pub(crate) fn scale_for(values: &[f64]) -> Scale {
    if values.iter().any(|v| v.abs() >= 1e6) {
        Scale::Millions
    } else {
        Scale::Pounds
    }
}

/// An amount in the given scale: "£45,000", "−£412", "£1.2m", "−£0.4m".
pub(crate) fn text_in(v: f64, scale: Scale) -> String {
    if !v.is_finite() {
        return "not available".into();
    }
    let body = match scale {
        Scale::Pounds => {
            let r = v.abs().round();
            format!("£{}", fmt(r))
        }
        Scale::Millions => {
            let m = v.abs() / 1e6;
            let decimals = if m >= 100.0 { 0 } else { 1 };
            format!("£{m:.decimals$}m")
        }
    };
    let zero = body == "£0" || body == "£0.0m";
    signed(v < 0.0 && !zero, body)
}

/// One amount on its own scale.
pub(crate) fn text(v: f64) -> String {
    text_in(v, scale_for(&[v]))
}

/// "£X (£A to £B)" on a shared scale; the interval left out if missing.
pub(crate) fn with_interval(mean: f64, low: Option<f64>, high: Option<f64>) -> String {
    match (low, high) {
        (Some(l), Some(h)) => {
            let sc = scale_for(&[mean, l, h]);
            format!(
                "{} ({} to {})",
                text_in(mean, sc),
                text_in(l, sc),
                text_in(h, sc)
            )
        }
        _ => text(mean),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks() {
        assert_eq!(tick(0.0), "£0");
        assert_eq!(tick(20_000.0), "£20k");
        assert_eq!(tick(-1_250_000.0), "−£1.25m");
        assert_eq!(tick(500.0), "£500");
        assert_eq!(tick(2_500.0), "£2.5k");
    }

    #[test]
    fn amounts() {
        assert_eq!(text(45_000.0), "£45,000");
        assert_eq!(text(-412.4), "−£412");
        assert_eq!(
            with_interval(-400_000.0, Some(-1_200_000.0), Some(300_000.0)),
            "−£0.4m (−£1.2m to £0.3m)"
        );
        assert_eq!(text(-20.0e6), "−£20.0m");
        assert_eq!(text_in(-10.0, Scale::Millions), "£0.0m");
    }
}
