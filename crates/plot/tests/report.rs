//! `report_html`: one self-contained file with the headline sentences,
//! the charts inline, and nothing fetched from elsewhere.

mod common;

use common::{single, three_trusts};
use downtime_plot::{Artifact, ChartOptions, draw_run, report_html};

fn report(run: &downtime_plot::RunTables) -> (Vec<Artifact>, String) {
    let charts = draw_run(run, &ChartOptions::default()).unwrap();
    let html = report_html(run, &charts).unwrap();
    (charts, html)
}

#[test]
fn report_has_the_headline_sentences_and_sections() {
    let (_, html) = report(&single());
    for needle in [
        // Headline figures from summary.csv (difference mean, 95% CI).
        "Patients waited on average an extra 221 minutes for a cubicle (95% interval 191 to 252).",
        "856 more patients spent more than 4 hours in the emergency department (95% interval 811 to 901).",
        "401 more patients spent more than 12 hours in the emergency department (95% interval 272 to 530).",
        "The same number of patients came to the emergency department with and without the incident",
        "worked on paper (downtime procedures) for 72 hours in total",
        // The scenario paragraph, from run.json.
        "<strong>single-trust-it-outage</strong>",
        "One average English acute trust&#39;s ED on paper for 72 hours",
        "The attack day is Friday 12 May 2017.",
        "The figures cover 7 days from 10 May 2017 to 16 May 2017",
        "run 20 times (replications) with random seed 20170512",
        // Sections.
        "<h2>The question</h2>",
        "<h2>Headline figures</h2>",
        "<h2>Charts</h2>",
        "<h2>Main assumptions</h2>",
        "<h2>What this does not yet include</h2>",
        "Harm to patients is not modelled yet.",
        "The cyberattack itself is not modelled yet.",
        "<h2>Sources</h2>",
        "npj Digital Medicine</em> 2019;2:98",
        "Frontiers in Public Health</em> 2019;7:267",
        // Scenario-derived assumptions.
        "use 90% of its cubicles and each treatment takes 20.2% longer",
        // Print layout.
        "@page { size: A4; margin: 15mm; }",
        "break-inside: avoid",
        "max-width: 100%",
    ] {
        assert!(html.contains(needle), "report lacks {needle:?}");
    }
}

#[test]
fn report_is_one_self_contained_file() {
    let (charts, html) = report(&single());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert_eq!(html.matches("<html").count(), 1);
    // Every SVG chart is inline, once; PNGs are not referenced.
    let svgs = charts.iter().filter(|a| a.path.ends_with(".svg")).count();
    assert_eq!(svgs, 11);
    assert_eq!(html.matches("<svg").count(), svgs);
    assert_eq!(html.matches("</svg>").count(), svgs);
    assert_eq!(html.matches("<figure>").count(), svgs);
    assert!(!html.contains(".png"));
    // Nothing is fetched: no external or relative resources of any kind.
    let lower = html.to_ascii_lowercase();
    for banned in [
        "src=\"http",
        "src='http",
        "href=\"http",
        "href='http",
        "<img",
        "<link",
        "<script",
        "<iframe",
        "<object",
        "<embed",
        "@import",
        "url(",
        "src=",
        "xlink:href",
    ] {
        assert!(!lower.contains(banned), "report contains {banned:?}");
    }
    // Only the SVG namespace mentions a URL.
    let urls = lower.matches("http").count();
    assert_eq!(
        urls,
        lower
            .matches("xmlns=\"http://www.w3.org/2000/svg\"")
            .count()
    );
}

#[test]
fn report_escapes_names_and_describes_several_organisations() {
    let (charts, html) = report(&three_trusts());
    assert!(html.contains(
        "It covers 3 organisations (North &amp; East Hospitals NHS Trust, Riverside University Hospitals and Hillside Community Hospital)."
    ));
    assert!(html.contains(
        "an IT outage at North &amp; East Hospitals NHS Trust from 12 May 2017 09:00 for 72 hours"
    ));
    assert!(html.contains(
        "an IT outage at Riverside University Hospitals from 12 May 2017 15:00 for 24 hours"
    ));
    assert!(!html.contains("North & East"));
    assert_eq!(
        html.matches("<svg").count(),
        charts.iter().filter(|a| a.path.ends_with(".svg")).count()
    );
}

#[test]
fn report_without_charts_and_with_unknown_metrics() {
    let mut run = single();
    run.summary_csv.push_str(
        "beds_blocked,attack,3,1,2,4,1,3,5,20\nbeds_blocked,counterfactual,1,1,0,2,0,1,2,20\nbeds_blocked,difference,2,1,1.5,2.5,1,2,3,20\n",
    );
    let html = report_html(&run, &[]).unwrap();
    assert!(!html.contains("<h2>Charts</h2>"));
    // Unknown metrics are in the table of all figures; the headline list
    // keeps to the preferred metrics.
    assert!(html.contains("<code>beds_blocked</code>"));
    assert!(html.contains("2.0 (1.5 to 2.5)") || html.contains("2 (1.5 to 2.5)"));
    // A run with only unknown metrics gets the generic sentence.
    run.summary_csv = "metric,arm,mean,sd,ci95_low,ci95_high,p5,p50,p95,n\nbeds_blocked,difference,2,1,1.5,2.5,1,2,3,20\n".into();
    let html = report_html(&run, &[]).unwrap();
    assert!(
        html.contains("<li>beds_blocked: difference 2 (95% interval 1.5 to 2.5)</li>"),
        "{html}"
    );
    // A chart that is not UTF-8 is an error.
    let bad = Artifact {
        path: "charts/x.svg".into(),
        bytes: vec![0xff, 0xfe],
    };
    assert!(report_html(&single(), &[bad]).is_err());
}
