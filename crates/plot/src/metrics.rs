//! What the charts and the report know about metric names: which to show
//! first, their units, plain-English labels and headline sentences.
//!
//! Nothing here limits which metrics can be charted: the tables decide
//! that. The lists only set a preferred order and nicer wording; any other
//! metric gets a label and unit derived from its name.

/// Harm metrics, charted before everything else when a run has them.
const HARM_FIRST: &[&str] = &["qalys_lost", "excess_deaths"];

/// Harm-like names left out of the headline set: per-pathway breakdowns,
/// money and the reported share have their own charts (`harm.rs`), and a
/// daily and a distribution chart for each would bury the board's charts.
const NOT_HEADLINE_PREFIXES: &[&str] = &[
    "excess_deaths_",
    "qalys_lost_",
    "qaly_value_gbp_",
    "harm_events_reported",
];

/// The preferred headline order after the harm metrics.
const HEADLINE: &[&str] = &[
    "ed_wait_min_mean",
    "ed_4h_breaches",
    "ed_12h_stays",
    "ed_attendances",
    "downtime_procedure_hours",
];

/// Whether a metric's name says it measures patient harm.
pub(crate) fn is_harm(metric: &str) -> bool {
    let m = metric.to_ascii_lowercase();
    ["qaly", "death", "harm", "mortality", "daly"]
        .iter()
        .any(|w| m.contains(w))
}

/// The headline metrics among `available` (in file order): harm metrics
/// first (the known ones in preferred order, then any other harm-like
/// name), then [`HEADLINE`]. If none of those is present, every metric.
pub(crate) fn headline(available: &[String]) -> Vec<String> {
    let has = |m: &str| available.iter().any(|a| a == m);
    let mut out: Vec<String> = Vec::new();
    for m in HARM_FIRST {
        if has(m) {
            out.push((*m).to_string());
        }
    }
    for m in available {
        let breakdown = NOT_HEADLINE_PREFIXES.iter().any(|p| m.starts_with(p));
        if is_harm(m) && !breakdown && !out.contains(m) {
            out.push(m.clone());
        }
    }
    for m in HEADLINE {
        if has(m) && !out.iter().any(|o| o == m) {
            out.push((*m).to_string());
        }
    }
    if out.is_empty() {
        available.to_vec()
    } else {
        out
    }
}

/// A metric's unit, for axis labels and sentences.
pub(crate) fn unit(metric: &str) -> &'static str {
    let m = metric;
    if m.ends_with("_min_mean") || m.ends_with("_min") || m.contains("_min_") {
        "minutes"
    } else if m.ends_with("_hours") || m.contains("_hours_") {
        "hours"
    } else if m.ends_with("_days") || m.contains("_days_") || m.starts_with("days_") {
        "days"
    } else if m.contains("utilisation") || m.ends_with("_share") || m.ends_with("_rate") {
        "share"
    } else if m.ends_with("_gbp") || m.contains("_gbp_") || m.contains("cost") {
        "GBP"
    } else if m.contains("qaly") {
        "QALYs"
    } else if m.contains("death") {
        "deaths"
    } else {
        "patients"
    }
}

/// A short plain-English label for chart titles and tables.
pub(crate) fn label(metric: &str) -> String {
    let known = match metric {
        "ed_attendances" => "ED attendances",
        "ed_wait_min_mean" => "Mean wait for an ED cubicle",
        "ed_time_in_department_min_mean" => "Mean time in the ED",
        "ed_4h_breaches" => "Patients over 4 hours in the ED",
        "ed_12h_stays" => "Patients over 12 hours in the ED",
        "ed_queue_length_mean" => "Mean number of patients waiting",
        "ed_utilisation" => "ED cubicle utilisation",
        "ed_in_department_at_end" => "Patients still in the ED at the end",
        "downtime_procedure_hours" => "Hours on downtime (paper) procedures",
        "qalys_lost" => "Quality-adjusted life years lost",
        "excess_deaths" => "Excess deaths",
        "harm_events" => "Patients harmed (harm events)",
        "harm_events_reported" => "Harm events incident reporting would record",
        "outpatient_backlog" => "Outpatient backlog",
        "elective_backlog" => "Elective backlog",
        "referral_backlog" => "Referral backlog",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    let words = metric.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The axis description of a metric's values: "Mean wait ... (minutes)".
pub(crate) fn axis_label(metric: &str) -> String {
    format!("{} ({})", label(metric), unit(metric))
}

/// A number for people: about three significant figures, thousands
/// separated, no "-0".
pub(crate) fn fmt(v: f64) -> String {
    fmt_extra(v, 0)
}

/// Two ends of an interval, with more decimals than [`fmt`] if that is
/// what it takes to tell them apart ("1.61 to 1.64", not "1.6 to 1.6").
pub(crate) fn fmt_range(lo: f64, hi: f64) -> (String, String) {
    let mut out = (fmt(lo), fmt(hi));
    for extra in 1..=3 {
        if out.0 != out.1 {
            break;
        }
        out = (fmt_extra(lo, extra), fmt_extra(hi, extra));
    }
    out
}

/// [`fmt`] with `extra` more decimals.
fn fmt_extra(v: f64, extra: usize) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    let a = v.abs();
    let whole = (v - v.round()).abs() <= 1e-9 * a.max(1.0);
    let decimals = if a == 0.0 || (whole && a >= 1.0) {
        0
    } else if a >= 100.0 {
        extra
    } else if a >= 1.0 {
        1 + extra
    } else {
        // Two significant figures below 1.
        (1 - a.log10().floor() as i32).clamp(0, 12) as usize + extra
    };
    let mut s: String = format!("{v:.decimals$}");
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        s = "0".into();
    }
    group_thousands(&s)
}

fn group_thousands(s: &str) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s),
    };
    let (int, frac) = match rest.find('.') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if int.len() <= 3 {
        return s.to_string();
    }
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}{frac}")
}

/// A value as a chart shows it, with its unit: "66.5 minutes"; a share
/// stays a plain number (the axis says "share").
pub(crate) fn with_unit(v: &str, metric: &str) -> String {
    match unit(metric) {
        "share" => v.to_string(),
        "GBP" => format!("£{v}"),
        u => format!("{v} {u}"),
    }
}

/// The `difference` arm of one metric, for a headline sentence.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Effect {
    pub mean: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// The attack arm's mean, where it helps the wording.
    pub attack_mean: Option<f64>,
}

/// "(95% interval A to B)", or a note that there is none.
fn interval(e: &Effect, scale: f64) -> String {
    match (e.low, e.high) {
        (Some(l), Some(h)) => {
            let (l, h) = fmt_range(l * scale, h * scale);
            format!("(95% interval {l} to {h})")
        }
        _ => "(no interval: fewer than two replications)".into(),
    }
}

/// "X more" / "X fewer" for a change in a count.
fn count_change(v: f64) -> (String, &'static str) {
    if v < 0.0 {
        (fmt(-v), "fewer")
    } else {
        (fmt(v), "more")
    }
}

/// One plain-English sentence about a metric's difference (attack minus
/// counterfactual), with its 95% interval. Known metrics get a written
/// sentence; any other gets "metric: difference X (95% interval A to B)".
pub(crate) fn sentence(metric: &str, e: &Effect) -> String {
    let ci = interval(e, 1.0);
    let unchanged = e.mean == 0.0 && e.low.unwrap_or(0.0) == 0.0 && e.high.unwrap_or(0.0) == 0.0;
    match metric {
        "ed_wait_min_mean" => {
            if e.mean >= 0.0 {
                format!(
                    "Patients waited on average an extra {} minutes for a cubicle {ci}.",
                    fmt(e.mean)
                )
            } else {
                format!(
                    "Patients waited on average {} minutes less for a cubicle {ci}.",
                    fmt(-e.mean)
                )
            }
        }
        "ed_time_in_department_min_mean" => {
            let (x, w) = if e.mean < 0.0 {
                (fmt(-e.mean), "less")
            } else {
                (fmt(e.mean), "longer")
            };
            format!("Patients spent on average {x} minutes {w} in the emergency department {ci}.")
        }
        "ed_4h_breaches" | "ed_12h_stays" => {
            let hours = if metric == "ed_4h_breaches" { 4 } else { 12 };
            let (x, w) = count_change(e.mean);
            format!(
                "{x} {w} patients spent more than {hours} hours in the emergency department {ci}."
            )
        }
        "ed_attendances" => {
            if unchanged {
                let n = e
                    .attack_mean
                    .map(|a| format!(" ({} patients on average)", fmt(a)))
                    .unwrap_or_default();
                format!(
                    "The same number of patients came to the emergency department with and without the incident{n}: the model does not yet divert or turn patients away."
                )
            } else {
                let (x, w) = count_change(e.mean);
                format!("{x} {w} patients came to the emergency department {ci}.")
            }
        }
        "downtime_procedure_hours" => format!(
            "Emergency departments worked on paper (downtime procedures) for {} hours in total {ci}.",
            fmt(e.mean)
        ),
        "ed_queue_length_mean" => {
            let (x, w) = count_change(e.mean);
            format!("On average {x} {w} patients were waiting for a cubicle at any moment {ci}.")
        }
        "ed_utilisation" => {
            let ci = interval(e, 100.0);
            let (x, w) = if e.mean < 0.0 {
                (fmt(-e.mean * 100.0), "lower")
            } else {
                (fmt(e.mean * 100.0), "higher")
            };
            format!("Cubicle occupancy was {x} percentage points {w} {ci}.")
        }
        "ed_in_department_at_end" => {
            let (x, w) = count_change(e.mean);
            format!(
                "{x} {w} patients were still in the emergency department when the run ended {ci}."
            )
        }
        "excess_deaths" => format!(
            "The incident caused an estimated {} excess deaths {ci}.",
            fmt(e.mean)
        ),
        "qalys_lost" => format!(
            "The incident cost an estimated {} quality-adjusted life years {ci}.",
            fmt(e.mean)
        ),
        _ => format!("{metric}: difference {} {ci}", fmt(e.mean)),
    }
}

/// A metric name reduced to characters that are safe in a file name.
pub(crate) fn file_stem(metric: &str) -> String {
    metric
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn headline_prefers_harm_then_the_list_then_everything() {
        let now = names(&[
            "ed_attendances",
            "ed_wait_min_mean",
            "ed_4h_breaches",
            "ed_12h_stays",
            "ed_utilisation",
            "downtime_procedure_hours",
        ]);
        assert_eq!(
            headline(&now),
            names(&[
                "ed_wait_min_mean",
                "ed_4h_breaches",
                "ed_12h_stays",
                "ed_attendances",
                "downtime_procedure_hours"
            ])
        );
        let later = names(&[
            "ed_wait_min_mean",
            "harm_events",
            "harm_events_reported",
            "excess_deaths",
            "excess_deaths_cancer",
            "qalys_lost",
            "qalys_lost_cancer",
            "qaly_value_gbp_20k",
        ]);
        assert_eq!(
            headline(&later),
            names(&[
                "qalys_lost",
                "excess_deaths",
                "harm_events",
                "ed_wait_min_mean"
            ])
        );
        let other = names(&["beds_occupied", "ambulance_handover_min_mean"]);
        assert_eq!(headline(&other), other);
    }

    #[test]
    fn units_come_from_the_name() {
        assert_eq!(unit("ed_wait_min_mean"), "minutes");
        assert_eq!(unit("downtime_procedure_hours"), "hours");
        assert_eq!(unit("ed_4h_breaches"), "patients");
        assert_eq!(unit("qalys_lost"), "QALYs");
        assert_eq!(unit("ed_utilisation"), "share");
        assert_eq!(unit("qaly_value_gbp_30k"), "GBP");
        assert_eq!(unit("lost_activity_gbp"), "GBP");
        assert_eq!(unit("days_to_recover_outpatient"), "days");
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(fmt(66.495), "66.5");
        assert_eq!(fmt(1084.34), "1,084");
        assert_eq!(fmt(-12345.6), "-12,346");
        assert_eq!(fmt(72.00000000000001), "72");
        assert_eq!(fmt(71.99999999999986), "72");
        assert_eq!(fmt(7.25), "7.2");
        assert_eq!(fmt(0.016277), "0.016");
        assert_eq!(fmt(-0.0), "0");
        assert_eq!(fmt(-0.00001), "-0.000010");
        assert_eq!(fmt(0.0000001), "0.00000010");
        assert_eq!(fmt(3.0), "3");
        assert_eq!(fmt(-0.0001), "-0.00010");
        assert_eq!(fmt_range(1.612, 1.644), ("1.61".into(), "1.64".into()));
        assert_eq!(
            fmt_range(72.0, 72.00000000000003),
            ("72".into(), "72".into())
        );
        assert_eq!(
            fmt_range(0.01612, 0.01644),
            ("0.0161".into(), "0.0164".into())
        );
        assert_eq!(fmt_range(1084.2, 1084.6), ("1,084".into(), "1,085".into()));
        assert_eq!(
            fmt_range(1084.2, 1084.4),
            ("1,084.2".into(), "1,084.4".into())
        );
    }

    #[test]
    fn sentences() {
        let e = Effect {
            mean: 66.54,
            low: Some(61.8),
            high: Some(71.1),
            attack_mean: None,
        };
        assert_eq!(
            sentence("ed_wait_min_mean", &e),
            "Patients waited on average an extra 66.5 minutes for a cubicle (95% interval 61.8 to 71.1)."
        );
        assert_eq!(
            sentence("beds_blocked", &e),
            "beds_blocked: difference 66.5 (95% interval 61.8 to 71.1)"
        );
        let fewer = Effect { mean: -3.0, ..e };
        assert!(sentence("ed_4h_breaches", &fewer).starts_with("3 fewer patients"));
    }
}
