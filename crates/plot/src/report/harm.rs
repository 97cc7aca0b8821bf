//! The report's lead section (estimated harm to patients), the attack
//! structure and the methods box. Every number comes from `summary.csv`;
//! a metric the run does not have is left out, never guessed.

use std::fmt::Write as _;

use super::esc;
use crate::harm::{BACKLOGS, recovery_days};
use crate::metrics::{fmt, fmt_range};
use crate::tables::{Run, Stats};

/// The `difference` row of `metric`, if it has a finite mean.
fn diff<'a>(run: &'a Run, metric: &str) -> Option<(f64, &'a Stats)> {
    let st = run.summary.get(metric, "difference")?;
    Some((st.mean.filter(|v| v.is_finite())?, st))
}

/// " (95% interval A to B)" or nothing.
fn ci(st: &Stats) -> String {
    match (st.ci95_low, st.ci95_high) {
        (Some(l), Some(h)) => {
            let (l, h) = fmt_range(l, h);
            format!(" (95% interval {l} to {h})")
        }
        _ => String::new(),
    }
}

/// " (95% interval £A to £B)" or nothing.
fn ci_money(st: &Stats) -> String {
    match (st.ci95_low, st.ci95_high) {
        (Some(l), Some(h)) => format!(" (95% interval {} to {})", money(l), money(h)),
        _ => String::new(),
    }
}

/// "; in 90% of replications between A and B": the spread of single
/// replications, which carries the parameter uncertainty too.
fn spread(st: &Stats) -> String {
    match (st.p5, st.p95) {
        (Some(l), Some(h)) => {
            let (l, h) = fmt_range(l, h);
            format!("; 90% of replications gave between {l} and {h}")
        }
        _ => String::new(),
    }
}

/// "£1.2 million" style money for a board.
fn money(v: f64) -> String {
    let a = v.abs();
    if a >= 1e6 {
        format!("£{} million", fmt(v / 1e6))
    } else {
        format!("£{}", fmt(v))
    }
}

/// The hidden-harm sentence, when both harm-event metrics are present and
/// the incident caused some harm events.
pub(crate) fn hidden_harm_sentence(run: &Run) -> Option<String> {
    let (all, _) = diff(run, "harm_events")?;
    let (reported, _) = diff(run, "harm_events_reported")?;
    if all <= 0.0 {
        return None;
    }
    Some(format!(
        "Incident reporting would have recorded about {} of {} harm events ({}%).",
        fmt(reported),
        fmt(all),
        fmt(reported / all * 100.0)
    ))
}

/// Whether the run has the harm model's headline metrics.
pub(crate) fn has_harm_estimate(run: &Run) -> bool {
    diff(run, "excess_deaths").is_some() || diff(run, "qalys_lost").is_some()
}

/// The items of the lead section, as plain text (escaped by the caller).
pub(crate) fn harm_items(run: &Run) -> Vec<String> {
    let mut items = Vec::new();
    if let Some((m, st)) = diff(run, "excess_deaths") {
        items.push(format!(
            "Excess deaths: an estimated {}{}{}.",
            fmt(m),
            ci(st),
            spread(st)
        ));
    }
    if let Some((m, st)) = diff(run, "qalys_lost") {
        items.push(format!(
            "Quality-adjusted life years (QALYs) lost: an estimated {}{}{}.",
            fmt(m),
            ci(st),
            spread(st)
        ));
    }
    let values: Vec<String> = [("20k", "£20,000"), ("30k", "£30,000"), ("70k", "£70,000")]
        .iter()
        .filter_map(|(k, per)| {
            let (m, _) = diff(run, &format!("qaly_value_gbp_{k}"))?;
            Some(format!("{} at {per} per QALY", money(m)))
        })
        .collect();
    if !values.is_empty() {
        items.push(format!(
            "The QALYs lost are worth {}.",
            super::and_list(&values)
        ));
    }
    if let Some((m, st)) = diff(run, "lost_activity_gbp") {
        items.push(format!(
            "Activity lost to the outage is worth {}{}.",
            money(m),
            ci_money(st)
        ));
    }
    let cancelled: Vec<String> = [
        (
            "outpatient_appointments_cancelled",
            "outpatient appointments",
        ),
        ("elective_operations_cancelled", "elective operations"),
        ("gp_appointments_cancelled", "GP appointments"),
    ]
    .iter()
    .filter_map(|(metric, what)| {
        let (m, st) = diff(run, metric)?;
        Some(format!("{} {what}{}", fmt(m), ci(st)))
    })
    .collect();
    if !cancelled.is_empty() {
        items.push(format!("Cancelled: {}.", super::and_list(&cancelled)));
    }
    if let Some((m, st)) = diff(run, "urgent_cancer_referrals_delayed") {
        items.push(format!(
            "{} urgent suspected-cancer referrals were delayed{}.",
            fmt(m),
            ci(st)
        ));
    }
    if let Some((m, st)) = diff(run, "two_week_breaches") {
        items.push(format!(
            "{} more patients waited over two weeks for their first cancer appointment{}.",
            fmt(m),
            ci(st)
        ));
    }
    let recovery: Vec<String> = BACKLOGS
        .iter()
        .filter_map(|(_, recover, _)| {
            let d = recovery_days(run, recover)?;
            let what = recover.trim_start_matches("days_to_recover_");
            Some(format!("{} days for the {what} backlog", fmt(d)))
        })
        .collect();
    if !recovery.is_empty() {
        items.push(format!(
            "Back to normal (mean days from the attack): {}.",
            super::and_list(&recovery)
        ));
    }
    if let Some(s) = hidden_harm_sentence(run) {
        items.push(s);
    }
    items
}

/// The lead section, or nothing for a run without the harm model.
pub(crate) fn harm_section(run: &Run) -> String {
    if !has_harm_estimate(run) {
        return String::new();
    }
    let mut h = String::from(
        "<section>\n<h2>Estimated harm to patients</h2>\n<div class=\"key\">\n\
         <p>Compared with the same days without the incident:</p>\n<ul>\n",
    );
    for item in harm_items(run) {
        let _ = writeln!(h, "<li>{}</li>", esc(&item));
    }
    h.push_str(
        "</ul>\n</div>\n<p class=\"note\">These are expected values from the harm model: \
         effect sizes from published studies applied to the simulated delays. The 95% interval \
         is that of the mean over replications; the spread of single replications combines \
         chance and uncertainty in the harm parameters (see Methods).</p>\n</section>\n",
    );
    h
}

/// Attack-structure and ambulance figures, when the run has them.
pub(crate) fn attack_section(run: &Run) -> String {
    const ROWS: [(&str, &str); 6] = [
        ("trusts_infected", "Trusts infected by malware"),
        ("acute_trusts_infected", "Acute trusts infected"),
        (
            "trusts_disrupted_not_infected",
            "Trusts that lost IT without being infected",
        ),
        ("gp_practices_infected", "GP practices infected"),
        ("trusts_diverting", "Trusts diverting ambulances"),
        ("ambulance_diversions", "Ambulance patients diverted"),
    ];
    let items: Vec<String> = ROWS
        .iter()
        .filter_map(|(metric, what)| {
            let (m, st) = diff(run, metric)?;
            Some(format!("{what}: {}{}", fmt(m), ci(st)))
        })
        .collect();
    if items.is_empty() {
        return String::new();
    }
    let mut h = String::from(
        "<section>\n<h2>How the attack spread</h2>\n<p class=\"note\">Mean per replication, \
         with its 95% interval.</p>\n<ul class=\"plain\">\n",
    );
    for i in items {
        let _ = writeln!(h, "<li>{}</li>", esc(&i));
    }
    h.push_str("</ul>\n</section>\n");
    h
}

/// The methods box: replications, seed, what the intervals mean, and the
/// parameter draws if the run folder has them.
pub(crate) fn methods_section(run: &Run, has_parameters: bool) -> String {
    let info = &run.info;
    let mut h = String::from("<section>\n<h2>Methods</h2>\n<div class=\"key\">\n<ul>\n");
    if let Some(n) = info.replications {
        let _ = writeln!(
            h,
            "<li>{n} replications, each simulating the same patients with and without the \
             incident.</li>"
        );
    }
    if let Some(s) = info.seed {
        let _ = writeln!(
            h,
            "<li>Random seed {s}: the same seed and scenario give the same figures.</li>"
        );
    }
    h.push_str(
        "<li>Probabilistic sensitivity analysis: each replication draws its own harm \
         parameters, so the spread across replications combines chance and parameter \
         uncertainty.</li>\n",
    );
    if has_parameters {
        h.push_str(
            "<li>The parameter values drawn in each replication are in \
             <a href=\"parameters.csv\">parameters.csv</a>.</li>\n",
        );
    }
    h.push_str("</ul>\n</div>\n</section>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_in_millions() {
        assert_eq!(money(2_345_678.0), "£2.3 million");
        assert_eq!(money(45_600.0), "£45,600");
        let st = Stats {
            mean: Some(1.0),
            ci95_low: Some(240_369.7),
            ci95_high: Some(1_272_136.3),
            p5: None,
            p95: None,
            n: None,
        };
        assert_eq!(ci_money(&st), " (95% interval £240,370 to £1.3 million)");
    }
}
