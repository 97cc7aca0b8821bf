//! The charts of `draw_run` and `draw_comparison`, checked on committed
//! fixture run folders.

mod common;

use common::{decode_png, find, ink_in_rows, single, three_trusts};
use downtime_plot::{ChartOptions, PlotError, RunTables, draw_comparison, draw_run};

const HEADLINE: [&str; 5] = [
    "ed_wait_min_mean",
    "ed_4h_breaches",
    "ed_12h_stays",
    "ed_attendances",
    "downtime_procedure_hours",
];

/// Every chart exists as PNG and SVG; the PNG is wide enough and has text
/// in its title band; the SVG has the title text and the footer.
fn check_chart(artifacts: &[downtime_plot::Artifact], stem: &str, title: &str, footer: &str) {
    let png = find(artifacts, &format!("{stem}.png"));
    let svg = find(artifacts, &format!("{stem}.svg"));
    assert!(
        png.bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{stem}.png is not a PNG"
    );
    let (w, h, rgb) = decode_png(&png.bytes);
    assert!(w >= 1600, "{stem}.png is {w} px wide");
    assert!(h > 400, "{stem}.png is {h} px high");
    // The title band (top 9% of the logical canvas) has drawn text.
    let band = (w as f64 * 0.06) as u32;
    let ink = ink_in_rows(w, &rgb, 0, band);
    assert!(
        ink > 1000,
        "{stem}.png: only {ink} dark pixels in the title band"
    );
    let svg = std::str::from_utf8(&svg.bytes).expect("SVG is UTF-8");
    assert!(
        svg.starts_with("<svg"),
        "{stem}.svg does not start with <svg"
    );
    assert!(svg.contains(title), "{stem}.svg lacks its title {title:?}");
    assert!(
        svg.contains(footer),
        "{stem}.svg lacks the footer {footer:?}"
    );
    assert!(svg.trim_end().ends_with("</svg>"));
}

#[test]
fn draw_run_makes_every_chart_as_png_and_svg() {
    let artifacts = draw_run(&single(), &ChartOptions::default()).unwrap();
    let footer = "scenario single-trust-it-outage · 20 replications · seed 20170512";
    let titles = [
        ("ed_wait_min_mean", "Mean wait for an ED cubicle"),
        ("ed_4h_breaches", "Patients over 4 hours in the ED"),
        ("ed_12h_stays", "Patients over 12 hours in the ED"),
        ("ed_attendances", "ED attendances"),
        (
            "downtime_procedure_hours",
            "Hours on downtime (paper) procedures",
        ),
    ];
    for (metric, label) in titles {
        check_chart(
            &artifacts,
            &format!("charts/daily_{metric}"),
            &format!("{label} per day, with and without the incident"),
            footer,
        );
        check_chart(
            &artifacts,
            &format!("charts/distribution_{metric}"),
            &format!("{label}: the incident&apos;s effect in each replication"),
            footer,
        );
    }
    check_chart(
        &artifacts,
        "charts/organisations_ed_wait_min_mean",
        "Organisations most affected: Mean wait for an ED cubicle",
        footer,
    );
    // Nothing else, in the documented order: per metric daily then
    // distribution, PNG then SVG; organisations last.
    assert_eq!(artifacts.len(), 2 * (2 * HEADLINE.len() + 1));
    assert_eq!(artifacts[0].path, "charts/daily_ed_wait_min_mean.png");
    assert_eq!(artifacts[1].path, "charts/daily_ed_wait_min_mean.svg");
    assert_eq!(
        artifacts[2].path,
        "charts/distribution_ed_wait_min_mean.png"
    );
    assert!(
        artifacts
            .last()
            .unwrap()
            .path
            .starts_with("charts/organisations_")
    );
}

#[test]
fn png_width_follows_the_options_but_never_below_1600() {
    let one = |w| {
        let options = ChartOptions {
            png_width_px: w,
            metrics: vec!["ed_12h_stays".into()],
        };
        let a = draw_run(&single(), &options).unwrap();
        decode_png(&find(&a, "charts/daily_ed_12h_stays.png").bytes).0
    };
    assert_eq!(ChartOptions::default().png_width_px, 1800);
    assert_eq!(one(1800), 1800);
    assert_eq!(one(2400), 2400);
    assert_eq!(one(800), 1600);
}

#[test]
fn chosen_metrics_and_unknown_metrics() {
    let options = ChartOptions {
        metrics: vec!["ed_queue_length_mean".into()],
        ..ChartOptions::default()
    };
    let a = draw_run(&single(), &options).unwrap();
    let paths: Vec<&str> = a.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "charts/daily_ed_queue_length_mean.png",
            "charts/daily_ed_queue_length_mean.svg",
            "charts/distribution_ed_queue_length_mean.png",
            "charts/distribution_ed_queue_length_mean.svg",
            "charts/organisations_ed_queue_length_mean.png",
            "charts/organisations_ed_queue_length_mean.svg",
        ]
    );
    // A metric that is not daily has no daily chart.
    let options = ChartOptions {
        metrics: vec!["ed_in_department_at_end".into()],
        ..ChartOptions::default()
    };
    let a = draw_run(&single(), &options).unwrap();
    assert!(a.iter().all(|a| !a.path.contains("daily_")));
    assert!(
        a.iter()
            .any(|a| a.path == "charts/distribution_ed_in_department_at_end.svg")
    );

    let options = ChartOptions {
        metrics: vec!["no_such_metric".into()],
        ..ChartOptions::default()
    };
    let err = draw_run(&single(), &options).unwrap_err();
    assert!(matches!(err, PlotError::UnknownMetric { .. }), "{err}");
    assert!(err.to_string().contains("ed_wait_min_mean"), "{err}");
}

/// Harm metrics, when a later release adds them, come first; with none of
/// the preferred metrics, every metric in summary.csv is charted.
#[test]
fn harm_metrics_first_and_fallback_to_every_metric() {
    let mut run = single();
    run.summary_csv.push_str(
        "qalys_lost,attack,1.5,0.5,1.2,1.8,1,1.5,2,20\n\
         qalys_lost,counterfactual,0.5,0.2,0.4,0.6,0.2,0.5,0.8,20\n\
         qalys_lost,difference,1,0.4,0.8,1.2,0.4,1,1.6,20\n",
    );
    let a = draw_run(&run, &ChartOptions::default()).unwrap();
    // No replications or daily values for it, so no chart of it, but the
    // ordering puts it first: the organisations chart falls through to the
    // first metric organisations.csv has.
    assert_eq!(a[0].path, "charts/daily_ed_wait_min_mean.png");
    let mut lines = run.replications_csv.lines();
    let header = format!("{},qalys_lost", lines.next().unwrap());
    let body: Vec<String> = lines.map(|l| format!("{l},0.75")).collect();
    run.replications_csv = format!("{header}\n{}\n", body.join("\n"));
    let a = draw_run(&run, &ChartOptions::default()).unwrap();
    // The board's harm distribution leads, under its plain-words title.
    assert_eq!(a[0].path, "charts/harm_distribution_qalys_lost.png");
    let svg =
        std::str::from_utf8(&find(&a, "charts/harm_distribution_qalys_lost.svg").bytes).unwrap();
    assert!(svg.contains("How many years of healthy life the incident could cost"));
    assert!(svg.contains("(QALYs)"));
    assert!(
        !a.iter()
            .any(|a| a.path == "charts/distribution_qalys_lost.svg")
    );

    // Only non-headline metrics: all of them are charted.
    let mut run = single();
    run.summary_csv = run
        .summary_csv
        .lines()
        .filter(|l| {
            l.starts_with("metric,")
                || l.starts_with("ed_utilisation,")
                || l.starts_with("ed_queue_length_mean,")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let a = draw_run(&run, &ChartOptions::default()).unwrap();
    assert!(
        a.iter()
            .any(|a| a.path == "charts/daily_ed_queue_length_mean.png")
    );
    assert!(
        a.iter()
            .any(|a| a.path == "charts/distribution_ed_utilisation.png")
    );
}

#[test]
fn organisations_chart_names_every_organisation() {
    let a = draw_run(&three_trusts(), &ChartOptions::default()).unwrap();
    let svg =
        std::str::from_utf8(&find(&a, "charts/organisations_ed_wait_min_mean.svg").bytes).unwrap();
    for name in [
        "North &amp; East Hospitals NHS Trust",
        "Riverside University Hospitals",
        "Hillside Community Hospital",
    ] {
        assert!(svg.contains(name), "organisations chart lacks {name}");
    }
    assert!(svg.contains("all 3 organisations"));
    // Most affected first: the 72-hour outage trust is above the others.
    let pos = |s: &str| svg.find(s).unwrap();
    assert!(pos("North &amp; East") < pos("Riverside") && pos("Riverside") < pos("Hillside"));
}

#[test]
fn missing_optional_tables_leave_charts_out() {
    let mut run = single();
    run.daily_csv.clear();
    run.organisations_csv.clear();
    let a = draw_run(&run, &ChartOptions::default()).unwrap();
    assert_eq!(a.len(), 2 * HEADLINE.len());
    assert!(a.iter().all(|a| a.path.starts_with("charts/distribution_")));
}

#[test]
fn malformed_tables_are_errors() {
    let mut run = single();
    run.summary_csv = "metric,arm,mean\ned_wait_min_mean,difference,lots\n".into();
    let err = draw_run(&run, &ChartOptions::default()).unwrap_err();
    assert!(err.to_string().contains("summary.csv"), "{err}");
    let mut run = single();
    run.run_json = "{ not json".into();
    assert!(matches!(
        draw_run(&run, &ChartOptions::default()),
        Err(PlotError::Json(_))
    ));
    assert!(draw_run(&RunTables::default(), &ChartOptions::default()).is_err());
}

#[test]
fn comparison_is_a_forest_plot_per_headline_metric() {
    let runs = [single(), three_trusts()];
    let a = draw_comparison(&runs, &ChartOptions::default()).unwrap();
    assert_eq!(a.len(), 2 * HEADLINE.len());
    let footer = "runs: single-trust-it-outage (20 replications, seed 20170512) · three-trusts-it-outage (20 replications, seed 7)";
    for metric in HEADLINE {
        let stem = format!("charts/comparison_{metric}");
        check_chart(&a, &stem, "effect in each run", footer);
        let svg = std::str::from_utf8(&find(&a, &format!("{stem}.svg")).bytes).unwrap();
        assert!(svg.contains("single-trust-it-outage") && svg.contains("three-trusts-it-outage"));
    }
}

#[test]
fn comparison_labels_repeated_scenarios_apart() {
    let runs = [single(), single()];
    let options = ChartOptions {
        metrics: vec!["ed_4h_breaches".into()],
        ..ChartOptions::default()
    };
    let a = draw_comparison(&runs, &options).unwrap();
    let svg = std::str::from_utf8(&find(&a, "charts/comparison_ed_4h_breaches.svg").bytes).unwrap();
    assert!(
        svg.contains("single-trust-it-outage (seed 20170512) #1"),
        "{svg}"
    );
    assert!(svg.contains("single-trust-it-outage (seed 20170512) #2"));
    assert!(draw_comparison(&[], &options).is_err());
    let options = ChartOptions {
        metrics: vec!["no_such_metric".into()],
        ..ChartOptions::default()
    };
    assert!(matches!(
        draw_comparison(&runs, &options),
        Err(PlotError::UnknownMetric { .. })
    ));
}
