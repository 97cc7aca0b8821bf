//! `downtime sweep` and `downtime sensitivity` end to end.

use std::fs;
use std::path::Path;

use crate::util::{QUICK, downtime, text};

const SWEEP_COLUMNS: &str = "point,settings,metric,unit,replications,mean,ci95_low,ci95_high,p5,p95,vs_first_mean,vs_first_ci95_low,vs_first_ci95_high";
const SENSITIVITY_COLUMNS: &str = "rank,parameter,kind,unit,central_value,low_value,high_value,headline_metric,central_mean,low_mean,low_ci95_low,low_ci95_high,high_mean,high_ci95_low,high_ci95_high,swing";

/// Runs `downtime` with the quick calendar; asserts success.
fn ok(dir: &Path, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(QUICK);
    let out = downtime(dir, &all);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{args:?}: {stderr}");
    stdout
}

/// Runs `downtime`; asserts exit status 2 and returns standard error.
fn bad(dir: &Path, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(QUICK);
    let out = downtime(dir, &all);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    stderr
}

/// The rows of a CSV file as maps from column to cell.
fn rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            header
                .iter()
                .zip(rec.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn cell(
    rows: &[std::collections::BTreeMap<String, String>],
    point: &str,
    metric: &str,
    column: &str,
) -> f64 {
    rows.iter()
        .find(|r| r["point"] == point && r["metric"] == metric)
        .unwrap_or_else(|| panic!("no row {point} {metric}"))[column]
        .parse()
        .unwrap()
}

const OUTAGE: &str = "single-trust-it-outage";

#[test]
fn a_one_way_sweep_writes_its_files_and_longer_outages_wait_longer() {
    let dir = tempfile::tempdir().unwrap();
    let stdout = ok(
        dir.path(),
        &[
            "sweep",
            OUTAGE,
            "--vary",
            "incidents[0].duration_hours=12,24,48",
            "-n",
            "4",
            "--out",
            "s",
        ],
    );
    assert!(
        stdout.contains("qalys_lost") && stdout.contains("Results: s"),
        "{stdout}"
    );
    let s = dir.path().join("s");
    for f in [
        "sweep_points.csv",
        "sweep.csv",
        "sweep.json",
        "scenario.toml",
    ] {
        assert!(s.join(f).is_file(), "{f}");
    }
    let points = fs::read_to_string(s.join("sweep_points.csv")).unwrap();
    assert_eq!(
        points,
        "point,key,value\n0,incidents[0].duration_hours,12\n\
         1,incidents[0].duration_hours,24\n2,incidents[0].duration_hours,48\n"
    );
    let sweep = fs::read_to_string(s.join("sweep.csv")).unwrap();
    assert_eq!(sweep.lines().next().unwrap(), SWEEP_COLUMNS);
    let table = rows(&s.join("sweep.csv"));
    let metrics = downtime_core::metrics::METRICS.len();
    assert_eq!(table.len(), 3 * metrics, "one row per point and metric");
    let wait: Vec<f64> = ["0", "1", "2"]
        .iter()
        .map(|p| cell(&table, p, "ed_wait_min_mean", "mean"))
        .collect();
    assert!(wait[0] < wait[1] && wait[1] < wait[2], "{wait:?}");
    // Point 0 against itself: exactly zero; later points are paired with it.
    assert_eq!(cell(&table, "0", "ed_wait_min_mean", "vs_first_mean"), 0.0);
    let paired = cell(&table, "2", "ed_wait_min_mean", "vs_first_mean");
    assert!((paired - (wait[2] - wait[0])).abs() < 1e-9 * wait[2].abs().max(1.0));
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(s.join("sweep.json")).unwrap()).unwrap();
    assert_eq!(json["experiment"], "sweep");
    assert_eq!(json["replications"], 4);
    assert_eq!(json["points"], 3);
    assert_eq!(json["varies"][0]["key"], "incidents[0].duration_hours");
}

#[test]
fn the_same_value_twice_differs_by_exactly_zero() {
    let dir = tempfile::tempdir().unwrap();
    ok(
        dir.path(),
        &[
            "sweep",
            OUTAGE,
            "--vary",
            "incidents[0].duration_hours=24,24",
            "-n",
            "4",
            "--out",
            "s",
        ],
    );
    for r in rows(&dir.path().join("s/sweep.csv")) {
        if r["point"] == "1" && !r["vs_first_mean"].is_empty() {
            for c in ["vs_first_mean", "vs_first_ci95_low", "vs_first_ci95_high"] {
                assert_eq!(r[c].parse::<f64>().unwrap(), 0.0, "{}: {c}", r["metric"]);
            }
        }
    }
}

#[test]
fn a_two_way_sweep_has_every_combination_and_any_thread_count_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let args = |threads: &'static str, out: &'static str| {
        vec![
            "sweep",
            OUTAGE,
            "--vary",
            "incidents[0].duration_hours=12,36",
            "--vary",
            "trusts[0].emergency_department.cubicles=40,42,44",
            "-n",
            "4",
            "--threads",
            threads,
            "--out",
            out,
        ]
    };
    ok(dir.path(), &args("1", "one"));
    ok(dir.path(), &args("2", "two"));
    let points = fs::read_to_string(dir.path().join("one/sweep_points.csv")).unwrap();
    assert_eq!(points.lines().count(), 1 + 6 * 2, "6 points x 2 keys");
    assert!(points.contains("5,trusts[0].emergency_department.cubicles,44"));
    for f in ["sweep.csv", "sweep_points.csv", "scenario.toml"] {
        assert_eq!(
            fs::read(dir.path().join("one").join(f)).unwrap(),
            fs::read(dir.path().join("two").join(f)).unwrap(),
            "{f}"
        );
    }
    let labels: Vec<String> = rows(&dir.path().join("one/sweep.csv"))
        .into_iter()
        .filter(|r| r["metric"] == "qalys_lost")
        .map(|r| r["settings"].clone())
        .collect();
    assert_eq!(
        labels[1],
        "incidents[0].duration_hours=12; trusts[0].emergency_department.cubicles=42"
    );
}

#[test]
fn bad_sweeps_exit_2_naming_the_key_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let err = bad(
        d,
        &[
            "sweep",
            OUTAGE,
            "--vary",
            "incidents[0].duraton_hours=1,2",
            "-n",
            "2",
        ],
    );
    assert!(err.contains("duraton_hours"), "{err}");
    let err = bad(
        d,
        &[
            "sweep",
            OUTAGE,
            "--vary",
            "incidents[0].duration_hours=24,-5",
            "-n",
            "2",
        ],
    );
    assert!(
        err.contains("incidents[0].duration_hours") && err.contains("accepted"),
        "{err}"
    );
    let err = bad(
        d,
        &[
            "sweep",
            OUTAGE,
            "--vary",
            "incidents[0].duration_hours=",
            "-n",
            "2",
        ],
    );
    assert!(err.contains("--vary incidents[0].duration_hours"), "{err}");
    let err = bad(
        d,
        &[
            "sweep", OUTAGE, "--vary", "a=1", "--vary", "b=1", "--vary", "c=1", "-n", "2",
        ],
    );
    assert!(err.contains("3 --vary options"), "{err}");
    let err = bad(d, &["sweep", OUTAGE, "-n", "2"]);
    assert!(err.contains("--vary"), "{err}");
    assert!(!d.join("outputs").exists(), "nothing written");
}

#[test]
fn sensitivity_ranks_parameters_by_swing() {
    let dir = tempfile::tempdir().unwrap();
    let stdout = ok(
        dir.path(),
        &[
            "sensitivity",
            OUTAGE,
            "-n",
            "4",
            "--only",
            "outage_duration_hours,emergency_death_comorbidity_factor,it_recovery_cost_per_affected_trust_gbp",
            "--out",
            "t",
        ],
    );
    assert!(
        stdout.contains("(1 + 2 x 3) x 4 = 28 replications"),
        "{stdout}"
    );
    let t = dir.path().join("t");
    let csv = fs::read_to_string(t.join("sensitivity.csv")).unwrap();
    assert_eq!(csv.lines().next().unwrap(), SENSITIVITY_COLUMNS);
    let table = rows(&t.join("sensitivity.csv"));
    assert_eq!(table.len(), 3);
    let swings: Vec<f64> = table.iter().map(|r| r["swing"].parse().unwrap()).collect();
    assert!(swings.windows(2).all(|w| w[0] >= w[1]), "{swings:?}");
    let ranks: Vec<&str> = table.iter().map(|r| r["rank"].as_str()).collect();
    assert_eq!(ranks, ["1", "2", "3"]);
    // A cost parameter cannot change QALYs: it ranks last with no swing.
    let last = &table[2];
    assert_eq!(last["parameter"], "it_recovery_cost_per_affected_trust_gbp");
    assert_eq!(last["swing"].parse::<f64>().unwrap(), 0.0);
    // A longer outage does more harm.
    let outage = table
        .iter()
        .find(|r| r["parameter"] == "outage_duration_hours")
        .unwrap();
    assert_eq!(
        (
            &outage["kind"][..],
            &outage["low_value"][..],
            &outage["high_value"][..]
        ),
        ("scenario", "36", "108")
    );
    let mean = |c: &str| outage[c].parse::<f64>().unwrap();
    assert!(mean("low_mean") < mean("central_mean") && mean("central_mean") < mean("high_mean"));
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(t.join("sensitivity.json")).unwrap()).unwrap();
    assert_eq!(json["harm_parameters"], "central");
    assert!(t.join("scenario.toml").is_file());
}

#[test]
fn sensitivity_refuses_an_unknown_parameter_listing_the_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let err = bad(
        dir.path(),
        &["sensitivity", OUTAGE, "-n", "2", "--only", "outage_hours"],
    );
    assert!(err.contains("--only outage_hours"), "{err}");
    assert!(
        err.contains("accepted:") && err.contains("outage_duration_hours"),
        "{err}"
    );
    assert!(!dir.path().join("outputs").exists());
}

#[test]
fn every_experiment_file_and_column_is_in_the_data_dictionary() {
    use downtime_montecarlo::experiment::{sensitivity, sweep};
    let dictionary = fs::read_to_string(crate::util::repo().join("docs/outputs.md")).unwrap();
    let names = sweep::SWEEP_FILES
        .iter()
        .chain(&sensitivity::SENSITIVITY_FILES)
        .map(|f| f.to_string())
        .chain(
            sweep::SWEEP_COLUMNS
                .iter()
                .chain(&sweep::SWEEP_POINTS_COLUMNS)
                .chain(&sensitivity::SENSITIVITY_COLUMNS)
                .map(|c| format!("`{c}`")),
        );
    for name in names {
        assert!(dictionary.contains(&name), "docs/outputs.md lacks {name}");
    }
}
