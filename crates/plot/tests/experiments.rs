//! The experiment charts and reports (`downtime compare`, `sweep`,
//! `sensitivity`), checked on hand-made fixtures under
//! `tests/fixtures/{compare,sweep,sweep-two-way,sensitivity}` that follow
//! the CSV contract in `docs/outputs.md`.

mod common;

use common::{decode_png, find};
use downtime_plot::{
    Artifact, ChartOptions, CompareTables, SensitivityTables, SweepTables, compare_report_html,
    draw_compare, draw_sensitivity, draw_sweep, sensitivity_report_html, sweep_report_html,
};

fn compare() -> CompareTables {
    CompareTables {
        compare_csv: include_str!("fixtures/compare/compare.csv").into(),
        cost_effectiveness_csv: include_str!("fixtures/compare/cost_effectiveness.csv").into(),
        ce_replications_csv: include_str!("fixtures/compare/ce_replications.csv").into(),
        ceac_csv: include_str!("fixtures/compare/ceac.csv").into(),
        compare_json: include_str!("fixtures/compare/compare.json").into(),
    }
}

fn sweep_one_way() -> SweepTables {
    SweepTables {
        sweep_csv: include_str!("fixtures/sweep/sweep.csv").into(),
        sweep_points_csv: include_str!("fixtures/sweep/sweep_points.csv").into(),
        sweep_json: include_str!("fixtures/sweep/sweep.json").into(),
    }
}

fn sweep_two_way() -> SweepTables {
    SweepTables {
        sweep_csv: include_str!("fixtures/sweep-two-way/sweep.csv").into(),
        sweep_points_csv: include_str!("fixtures/sweep-two-way/sweep_points.csv").into(),
        sweep_json: include_str!("fixtures/sweep-two-way/sweep.json").into(),
    }
}

fn sensitivity() -> SensitivityTables {
    SensitivityTables {
        sensitivity_csv: include_str!("fixtures/sensitivity/sensitivity.csv").into(),
        sensitivity_json: include_str!("fixtures/sensitivity/sensitivity.json").into(),
    }
}

fn options() -> ChartOptions {
    ChartOptions {
        png_width_px: 1700,
        ..ChartOptions::default()
    }
}

/// The chart exists as a PNG exactly 1700 px wide and as an SVG with
/// `texts` in it; returns the SVG.
fn chart<'a>(artifacts: &'a [Artifact], stem: &str, texts: &[&str]) -> &'a str {
    let (w, h, _) = decode_png(&find(artifacts, &format!("{stem}.png")).bytes);
    assert_eq!(w, 1700, "{stem}.png width");
    assert!(h > 400, "{stem}.png is {h} px high");
    let svg = std::str::from_utf8(&find(artifacts, &format!("{stem}.svg")).bytes).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    for t in texts {
        assert!(svg.contains(t), "{stem}.svg lacks {t:?}");
    }
    svg
}

fn stems(artifacts: &[Artifact]) -> Vec<&str> {
    artifacts
        .iter()
        .filter_map(|a| a.path.strip_suffix(".svg"))
        .collect()
}

#[test]
fn compare_draws_forests_plane_and_acceptability_curve() {
    let a = draw_compare(&compare(), &options()).unwrap();
    let footer = "comparison with wannacry-2017 · 40 replications each, paired · seed 20170512";
    let legend = [
        "95% interval, paired (common random numbers)",
        "95% interval, unpaired",
        footer,
    ];
    for (stem, title) in [
        (
            "forest_qalys_averted",
            "Quality-adjusted life years saved by each option",
        ),
        ("forest_deaths_averted", "Deaths averted by each option"),
        (
            "forest_outpatient_appointments_cancelled",
            "Outpatient appointment cancellations averted",
        ),
        (
            "forest_elective_operations_cancelled",
            "Elective operation cancellations averted",
        ),
    ] {
        let svg = chart(
            &a,
            &format!("charts/{stem}"),
            &[title, legend[0], legend[1], legend[2]],
        );
        for alt in [
            "Offline backups",
            "Phishing awareness",
            "Gold-plated firewall",
        ] {
            assert!(svg.contains(alt), "{stem} lacks the row {alt}");
        }
    }
    chart(
        &a,
        "charts/ce_plane",
        &[
            "Cost-effectiveness plane",
            "£20k/QALY",
            "£30k/QALY",
            "£70k/QALY",
            "Offline backups",
        ],
    );
    chart(
        &a,
        "charts/ceac",
        &[
            "How likely each option is to be cost-effective",
            "£70k",
            "Gold-plated firewall",
        ],
    );
    // Only the harm and cancellation metrics get a forest by default.
    assert_eq!(
        stems(&a),
        [
            "charts/forest_qalys_averted",
            "charts/forest_deaths_averted",
            "charts/forest_outpatient_appointments_cancelled",
            "charts/forest_elective_operations_cancelled",
            "charts/ce_plane",
            "charts/ceac"
        ]
    );
}

#[test]
fn compare_without_cost_effectiveness_draws_the_forests_only() {
    let t = CompareTables {
        cost_effectiveness_csv: String::new(),
        ce_replications_csv: String::new(),
        ceac_csv: String::new(),
        compare_json: String::new(),
        ..compare()
    };
    let a = draw_compare(
        &t,
        &ChartOptions {
            metrics: vec!["ed_4h_breaches".into()],
            ..options()
        },
    )
    .unwrap();
    assert_eq!(stems(&a), ["charts/forest_ed_4h_breaches"]);
    let html = compare_report_html(&t, &a).unwrap();
    assert!(html.contains("its costs are not available"), "{html}");
    assert!(html.contains("its net monetary benefit at £30,000 per QALY is not available"));
}

#[test]
fn compare_report_says_it_in_plain_english() {
    let t = compare();
    let charts = draw_compare(&t, &options()).unwrap();
    let html = compare_report_html(&t, &charts).unwrap();
    for sentence in [
        "Offline backups would have averted an estimated 12.0 QALYs (95% interval 8.3 to 15.6) and 1.2 deaths (95% interval 0.85 to 1.5) per incident at £42,325 per QALY gained; at £30,000 per QALY its net monetary benefit is −£147,358 (−£259,635 to −£35,082) and it is cost-effective in 40% of replications.",
        "Phishing awareness would have averted an estimated 2.8 QALYs (95% interval 1.1 to 4.5) and 0.31 deaths (95% interval 0.21 to 0.41) per incident and would save money overall: it costs less than the incident costs it averts, so it dominates doing nothing; at £30,000 per QALY its net monetary benefit is £135,307 (£83,764 to £186,849) and it is cost-effective in 78% of replications.",
        "Gold-plated firewall would have added an estimated 1.5 QALYs lost (95% interval 0.33 to 2.6) and 0.054 deaths (95% interval 0.023 to 0.086) per incident, yet it costs more: it is dominated (more cost and no health gained); at £30,000 per QALY its net monetary benefit is −£2.6m (−£2.6m to −£2.5m) and it is cost-effective in 0% of replications.",
    ] {
        assert!(
            html.contains(sentence),
            "the report lacks {sentence:?}\n{html}"
        );
    }
    // Rankings: by QALYs, backups first; by net benefit at £30k, phishing first.
    let q = html.find("Ranking by health gained").unwrap();
    let n = html
        .find("Ranking by net monetary benefit at £30,000 per QALY")
        .unwrap();
    let first_after = |from: usize| {
        [
            "Offline backups",
            "Phishing awareness",
            "Gold-plated firewall",
        ]
        .into_iter()
        .min_by_key(|a| {
            html[from..]
                .find(&format!("<td>1</td><td>{a}</td>"))
                .unwrap_or(usize::MAX)
        })
        .unwrap()
    };
    assert_eq!(first_after(q), "Offline backups");
    assert_eq!(first_after(n), "Phishing awareness");
    // Paired vs unpaired: 3.68 against 11.6 QALYs for backups.
    assert!(html.contains("<td>Offline backups</td><td>Quality-adjusted life years lost</td><td>3.7</td><td>11.6</td><td>68%</td>"), "{html}");
    assert!(html.contains("the probability that the incident happens, 0.25"));
    assert_eq!(html.matches("<svg").count(), 6, "every chart inline");
    assert!(!html.contains("<script"));
}

#[test]
fn malformed_compare_files_name_the_file_line_and_column() {
    let bad_number = CompareTables {
        compare_csv: compare().compare_csv.replacen(",11.9559,", ",lots,", 1),
        ..compare()
    };
    let e = draw_compare(&bad_number, &options())
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "compare.csv: line 2, column `averted_mean`: `lots` is not a number"
    );
    let missing = CompareTables {
        cost_effectiveness_csv: compare().cost_effectiveness_csv.replacen(
            "qalys_gained_mean",
            "qalys",
            1,
        ),
        ..compare()
    };
    let e = compare_report_html(&missing, &[]).unwrap_err().to_string();
    assert_eq!(e, "cost_effectiveness.csv: no `qalys_gained_mean` column");
    let empty = CompareTables {
        compare_csv: String::new(),
        ..compare()
    };
    assert_eq!(
        draw_compare(&empty, &options()).unwrap_err().to_string(),
        "compare.csv: the file is empty"
    );
    let json = CompareTables {
        compare_json: "{".into(),
        ..compare()
    };
    assert!(
        draw_compare(&json, &options())
            .unwrap_err()
            .to_string()
            .starts_with("compare.json: not valid JSON")
    );
    let ragged = CompareTables {
        ceac_csv: "alternative,threshold_gbp_per_qaly,probability_cost_effective\na,0\n".into(),
        ..compare()
    };
    assert!(
        draw_compare(&ragged, &options())
            .unwrap_err()
            .to_string()
            .starts_with("ceac.csv:")
    );
}

#[test]
fn one_way_sweep_draws_a_numeric_line_per_metric() {
    let t = sweep_one_way();
    let a = draw_sweep(&t, &options()).unwrap();
    let footer = "sweep of wannacry-2017 · 20 replications per point, paired · seed 7";
    chart(
        &a,
        "charts/sweep_qalys_lost",
        &[
            "Quality-adjusted life years lost by incidents.0.duration_hours",
            footer,
            "120",
        ],
    );
    chart(
        &a,
        "charts/sweep_excess_deaths",
        &["Excess deaths by incidents.0.duration_hours"],
    );
    chart(
        &a,
        "charts/sweep_ed_4h_breaches",
        &["Patients over 4 hours in the ED by"],
    );
    chart(
        &a,
        "charts/sweep_vs_first_qalys_lost",
        &[
            "change from the first setting",
            "Change from the first point (QALYs)",
        ],
    );
    let html = sweep_report_html(&t, &a).unwrap();
    // Point 3 (120 hours): 2 × (5 + 120) = 250 QALYs, 95% interval ±15%.
    assert!(
        html.contains("<td>3</td><td>120</td><td>250 (212 to 288)</td>"),
        "{html}"
    );
    assert_eq!(html.matches("<svg").count(), 4);
}

#[test]
fn two_way_sweep_draws_a_line_per_second_value_on_a_categorical_axis() {
    let t = sweep_two_way();
    let a = draw_sweep(
        &t,
        &ChartOptions {
            metrics: vec!["qalys_lost".into()],
            ..options()
        },
    )
    .unwrap();
    chart(
        &a,
        "charts/sweep_qalys_lost",
        &[
            "one line per controls.offline_backups",
            "controls.offline_backups = false",
            "controls.offline_backups = true",
            "\nisolate\n",
            "\ncontain\n",
            "\nwait\n",
        ],
    );
    let e = draw_sweep(
        &t,
        &ChartOptions {
            metrics: vec!["nope".into()],
            ..options()
        },
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("metric `nope` is not in sweep.csv"),
        "{e}"
    );
    let bad = SweepTables {
        sweep_points_csv: "point,key\n0,a\n".into(),
        ..t
    };
    assert_eq!(
        draw_sweep(&bad, &options()).unwrap_err().to_string(),
        "sweep_points.csv: no `value` column"
    );
}

#[test]
fn tornado_shows_the_top_twenty_parameters() {
    let t = sensitivity();
    let a = draw_sensitivity(&t, &options()).unwrap();
    let rows: Vec<Vec<String>> = t
        .sensitivity_csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 25);
    let svg = chart(
        &a,
        "charts/tornado_qalys_lost",
        &[
            "What moves the estimate most: quality-adjusted life years lost",
            "the 20 parameters of 25 that move it most",
            "Parameter at its low value",
            "Parameter at its high value",
            "Central estimate: 58",
        ],
    );
    for r in &rows[..20] {
        assert!(
            svg.contains(&r[1]),
            "the tornado lacks rank {} ({})",
            r[0],
            r[1]
        );
    }
    for r in &rows[20..] {
        assert!(
            !svg.contains(&format!("\n{}\n", r[1])),
            "rank {} ({}) should be left out",
            r[0],
            r[1]
        );
    }
    let html = sensitivity_report_html(&t, &a).unwrap();
    assert!(html.contains("central estimate 58 QALYs"), "{html}");
    assert_eq!(html.matches("<tr><td>").count(), 25);
    let bad = SensitivityTables {
        sensitivity_csv: t
            .sensitivity_csv
            .replacen(",qalys_lost,58,", ",qalys_lost,x,", 1),
        ..t
    };
    assert_eq!(
        draw_sensitivity(&bad, &options()).unwrap_err().to_string(),
        "sensitivity.csv: line 2, column `central_mean`: `x` is not a number"
    );
}
