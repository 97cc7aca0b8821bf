//! The board's harm charts: the spread of excess deaths and QALYs lost over
//! replications, harm by care pathway, backlog recovery and hidden harm.
//!
//! Each chart is drawn only when the run's tables have its metrics, so an
//! older run folder, or a scenario without scheduled care, still plots.

use crate::AnyChart;
use crate::charts::{DailyChart, Distribution, Mark, Row, RowsChart};
use crate::metrics::{self, fmt};
use crate::tables::Run;

/// The metrics whose spread over replications gets a board-facing chart
/// (`charts/harm_distribution_<metric>`), with its title.
pub(crate) const BOARD_DISTRIBUTIONS: [(&str, &str); 2] = [
    ("excess_deaths", "How many deaths the incident could cause"),
    (
        "qalys_lost",
        "How many years of healthy life the incident could cost",
    ),
];

/// The harm model's care pathways: the suffix of `excess_deaths_*` and
/// `qalys_lost_*`, and a label for a board.
pub(crate) const PATHWAYS: [(&str, &str); 6] = [
    ("emergency", "Emergency care"),
    ("cancer", "Cancer referrals and treatment"),
    ("elective", "Elective operations"),
    ("outpatient", "Outpatient follow-up"),
    ("diagnostics", "Lost test results"),
    ("inpatient", "Delayed discharge"),
];

/// Daily backlogs, the paired metric saying when each is back to normal,
/// and a label.
pub(crate) const BACKLOGS: [(&str, &str, &str); 3] = [
    (
        "outpatient_backlog",
        "days_to_recover_outpatient",
        "Outpatients waiting past their appointment day",
    ),
    (
        "elective_backlog",
        "days_to_recover_elective",
        "Elective operations waiting past their planned day",
    ),
    (
        "referral_backlog",
        "days_to_recover_referral",
        "GP referrals not yet sent or registered",
    ),
];

/// The share of replications the harm distributions mark: with parameter
/// uncertainty drawn per replication, this is the probabilistic
/// sensitivity analysis interval.
const BOARD_COVERAGE: f64 = 0.95;

/// The mean difference of `metric` and its 95% CI, from `summary.csv`.
pub(crate) fn difference_row(run: &Run, metric: &str, label: &str) -> Option<Row> {
    let st = run.summary.get(metric, "difference")?;
    Some(Row {
        label: label.to_string(),
        mean: st.mean.filter(|v| v.is_finite())?,
        low: st.ci95_low,
        high: st.ci95_high,
        outer: None,
    })
}

/// The harm charts this run's tables allow, in the order the report shows
/// them.
pub(crate) fn harm_charts(run: &Run, footer: &str, day0_date: Option<&str>) -> Vec<AnyChart> {
    let mut out = Vec::new();
    for (metric, title) in BOARD_DISTRIBUTIONS {
        let values = run.replications.values(metric, "difference");
        if let Some(d) =
            Distribution::with_coverage(metric, values, footer.to_string(), BOARD_COVERAGE)
        {
            out.push(AnyChart::Distribution(d.titled(
                format!("charts/harm_distribution_{metric}"),
                title.to_string(),
            )));
        }
    }
    for (total, what) in [
        ("qalys_lost", "years of healthy life lost (QALYs)"),
        ("excess_deaths", "excess deaths"),
    ] {
        if let Some(c) = pathway_chart(run, total, what, footer) {
            out.push(AnyChart::Rows(c));
        }
    }
    if let Some(c) = hidden_harm_chart(run, footer) {
        out.push(AnyChart::Rows(c));
    }
    for (backlog, recover, title) in BACKLOGS {
        if let Some(c) = backlog_chart(run, backlog, recover, title, footer, day0_date) {
            out.push(AnyChart::Daily(c));
        }
    }
    out
}

/// `charts/harm_by_pathway_<total>`: one bar per pathway that has a value.
fn pathway_chart(run: &Run, total: &str, what: &str, footer: &str) -> Option<RowsChart> {
    let rows: Vec<Row> = PATHWAYS
        .iter()
        .filter_map(|(suffix, label)| difference_row(run, &format!("{total}_{suffix}"), label))
        .collect();
    if rows.is_empty() {
        return None;
    }
    Some(RowsChart {
        stem: format!("charts/harm_by_pathway_{total}"),
        title: format!("Where the harm falls: {what} by kind of care"),
        subtitle:
            "Attack minus counterfactual, mean over replications with its 95% confidence interval"
                .into(),
        x_desc: format!("Extra {what}"),
        footer: footer.to_string(),
        rows,
        mark: Mark::Bar,
    })
}

/// `charts/hidden_harm`: harm events caused, and those incident reporting
/// would have recorded.
fn hidden_harm_chart(run: &Run, footer: &str) -> Option<RowsChart> {
    let all = difference_row(run, "harm_events", "Harm events caused by the incident")?;
    let reported = difference_row(
        run,
        "harm_events_reported",
        "Of which incident reporting would record",
    )?;
    Some(RowsChart {
        stem: "charts/hidden_harm".into(),
        title: "Hidden harm: how much of it incident reporting would see".into(),
        subtitle: "Extra patients harmed (attack minus counterfactual), mean with its 95% confidence interval"
            .into(),
        x_desc: "Extra harm events (patients)".into(),
        footer: footer.to_string(),
        rows: vec![all, reported],
        mark: Mark::Bar,
    })
}

/// `charts/backlog_<metric>`: the daily backlog in both arms, the attack
/// day and the mean day it is back to normal.
fn backlog_chart(
    run: &Run,
    backlog: &str,
    recover: &str,
    title: &str,
    footer: &str,
    day0_date: Option<&str>,
) -> Option<DailyChart> {
    let attack = run.daily.series(backlog, "all", "attack");
    let counterfactual = run.daily.series(backlog, "all", "counterfactual");
    // A backlog that is zero throughout in both arms (no scheduled care
    // of this kind) says nothing.
    if attack
        .iter()
        .chain(&counterfactual)
        .all(|p| p.mean == 0.0 && p.p95 == 0.0)
    {
        return None;
    }
    let chart = DailyChart::new(
        backlog,
        "all",
        attack,
        counterfactual,
        day0_date.map(str::to_string),
        run.info.replications,
        footer.to_string(),
    )?;
    let days = recovery_days(run, recover);
    let marker = days.map(|d| (d, format!("Back to normal: day {} on average", fmt(d))));
    Some(chart.retitled(
        format!("charts/backlog_{}", metrics::file_stem(backlog)),
        format!("Backlog and recovery: {title}"),
        marker,
    ))
}

/// Mean days from the attack until `recover`'s backlog is back to normal:
/// the attack row (the measure is paired), else the difference row.
pub(crate) fn recovery_days(run: &Run, recover: &str) -> Option<f64> {
    ["attack", "difference"]
        .iter()
        .find_map(|arm| run.summary.get(recover, arm)?.mean)
        .filter(|v| v.is_finite())
}
