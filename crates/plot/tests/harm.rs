//! The board's harm charts and the harm-led report, on a current run
//! folder with scheduled care (`fixtures/run-scheduled-care`), and their
//! absence on an older folder without harm metrics (`fixtures/run`).

mod common;

use common::{decode_png, find, ink_in_rows, scheduled_care, single};
use downtime_plot::{ChartOptions, draw_run, report_html};

const FOOTER: &str = "scenario scheduled-care-outage · 6 replications · seed 11";

/// The chart exists as PNG and SVG and the SVG has `title` and the footer.
fn assert_chart(artifacts: &[downtime_plot::Artifact], stem: &str, title: &str) {
    let png = find(artifacts, &format!("{stem}.png"));
    assert!(png.bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{stem}.png");
    // The title is drawn with the embedded font: its band has ink.
    let (w, _, rgb) = decode_png(&png.bytes);
    assert!(w >= 1600, "{stem}.png is {w} px wide");
    let ink = ink_in_rows(w, &rgb, 0, (f64::from(w) * 0.06) as u32);
    assert!(
        ink > 1000,
        "{stem}.png: {ink} dark pixels in the title band"
    );
    let svg = std::str::from_utf8(&find(artifacts, &format!("{stem}.svg")).bytes).unwrap();
    assert!(svg.contains(title), "{stem}.svg lacks {title:?}");
    assert!(svg.contains(FOOTER), "{stem}.svg lacks the footer");
}

/// A summary.csv cell: column `col` of the `difference` row of `metric`.
fn summary_difference(metric: &str, col: usize) -> f64 {
    let text = include_str!("fixtures/run-scheduled-care/summary.csv");
    let prefix = format!("{metric},difference,");
    let line = text.lines().find(|l| l.starts_with(&prefix)).unwrap();
    line.split(',').nth(col).unwrap().parse().unwrap()
}

#[test]
fn harm_charts_are_drawn_with_board_titles() {
    let artifacts = draw_run(&scheduled_care(), &ChartOptions::default()).unwrap();
    assert_chart(
        &artifacts,
        "charts/harm_distribution_excess_deaths",
        "How many deaths the incident could cause",
    );
    assert_chart(
        &artifacts,
        "charts/harm_distribution_qalys_lost",
        "How many years of healthy life the incident could cost",
    );
    let pathway =
        std::str::from_utf8(&find(&artifacts, "charts/harm_by_pathway_qalys_lost.svg").bytes)
            .unwrap();
    assert!(pathway.contains("Where the harm falls"));
    for label in ["Emergency care", "Elective operations", "Lost test results"] {
        assert!(pathway.contains(label), "pathway chart lacks {label:?}");
    }
    // The 95% interval of replications is marked, not the 90% one.
    let dist =
        std::str::from_utf8(&find(&artifacts, "charts/harm_distribution_qalys_lost.svg").bytes)
            .unwrap();
    assert!(dist.contains("95% of replications"));
    assert_chart(
        &artifacts,
        "charts/harm_by_pathway_excess_deaths",
        "Where the harm falls",
    );
    assert_chart(&artifacts, "charts/hidden_harm", "Hidden harm");
    for (stem, recovery) in [
        ("outpatient_backlog", "day 6.3 on average"),
        ("elective_backlog", "day 12.2 on average"),
        ("referral_backlog", "day 4 on average"),
    ] {
        assert_chart(
            &artifacts,
            &format!("charts/backlog_{stem}"),
            "Backlog and recovery",
        );
        let svg =
            std::str::from_utf8(&find(&artifacts, &format!("charts/backlog_{stem}.svg")).bytes)
                .unwrap();
        assert!(svg.contains(recovery), "{stem}: lacks {recovery:?}");
    }
    // The board's distributions replace the generic ones for the same metric.
    assert!(
        !artifacts
            .iter()
            .any(|a| a.path.starts_with("charts/distribution_qalys_lost"))
    );
    // Pathway breakdowns and money get no chart of their own.
    assert!(!artifacts.iter().any(|a| a.path.contains("qaly_value_gbp")));
}

#[test]
fn report_leads_with_the_harm_from_summary_csv() {
    let run = scheduled_care();
    let charts = draw_run(&run, &ChartOptions::default()).unwrap();
    let html = report_html(&run, &charts).unwrap();
    // Numbers taken from summary.csv, difference rows (mean, ci95_low, ci95_high).
    assert_eq!(summary_difference("excess_deaths", 2), 0.08226960635786364);
    assert_eq!(summary_difference("qalys_lost", 2), 1.658850383890934);
    for needle in [
        "<h2>Estimated harm to patients</h2>",
        "Excess deaths: an estimated 0.082 (95% interval 0.041 to 0.12)",
        "Quality-adjusted life years (QALYs) lost: an estimated 1.7 (95% interval 1.1 to 2.2)",
        "£33,177 at £20,000 per QALY, £49,766 at £30,000 per QALY and £116,120 at £70,000 per QALY",
        "Cancelled: 1,062 outpatient appointments (95% interval 1,028 to 1,096), 169 elective operations",
        "6.3 days for the outpatient backlog",
        "Incident reporting would have recorded about 4.2 of 63 harm events (6.7%).",
        "<h2>Methods</h2>",
        "<a href=\"parameters.csv\">parameters.csv</a>",
        "combines chance and parameter",
        "6 replications",
        "Random seed 11",
    ] {
        assert!(html.contains(needle), "report lacks {needle:?}");
    }
    // Harm leads: before the ED figures and before the charts.
    let harm = html.find("Estimated harm to patients").unwrap();
    assert!(harm < html.find("<h2>Charts</h2>").unwrap());
    assert!(harm < html.find("<h2>Headline figures</h2>").unwrap());
    assert!(!html.contains("Harm to patients is not modelled yet."));
}

#[test]
fn older_runs_have_no_harm_charts_or_section() {
    let run = single();
    let artifacts = draw_run(&run, &ChartOptions::default()).unwrap();
    assert!(
        !artifacts
            .iter()
            .any(|a| a.path.contains("harm") || a.path.contains("backlog"))
    );
    let html = report_html(&run, &artifacts).unwrap();
    assert!(!html.contains("Estimated harm to patients"));
    assert!(!html.contains("parameters.csv"));
    assert!(html.contains("<h2>Methods</h2>"));
}

/// A scenario without scheduled care: harm metrics but no backlogs,
/// cancellations or recovery days. It still plots, without those charts
/// and report items.
#[test]
fn harm_without_scheduled_care_still_plots() {
    let mut run = scheduled_care();
    let scheduled = |l: &str| {
        [
            "_backlog,",
            "_cancelled,",
            "days_to_recover_",
            "two_week",
            "urgent_cancer",
        ]
        .iter()
        .any(|k| l.contains(k))
    };
    run.summary_csv = run
        .summary_csv
        .lines()
        .filter(|l| !scheduled(l))
        .collect::<Vec<_>>()
        .join("\n");
    run.daily_csv = run
        .daily_csv
        .lines()
        .filter(|l| !scheduled(l))
        .collect::<Vec<_>>()
        .join("\n");
    run.parameters_csv.clear();
    let artifacts = draw_run(&run, &ChartOptions::default()).unwrap();
    assert!(!artifacts.iter().any(|a| a.path.contains("backlog")));
    assert!(artifacts.iter().any(|a| a.path == "charts/hidden_harm.svg"));
    let html = report_html(&run, &artifacts).unwrap();
    assert!(html.contains("Estimated harm to patients"));
    assert!(!html.contains("Cancelled:"));
    assert!(!html.contains("Back to normal"));
    assert!(!html.contains("parameters.csv"));
    assert!(html.contains("This scenario has no planned care"));
}
