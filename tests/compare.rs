//! `downtime compare` and `--target-precision` end to end.

use std::fs;
use std::path::Path;

use downtime_core::metrics::METRICS;

use crate::util::{QUICK, downtime, scenario, text};

/// The column contract the charts and the comparison report read.
const COMPARE_COLUMNS: &str = "base,alternative,metric,unit,replications,base_mean,alternative_mean,averted_mean,averted_ci95_low,averted_ci95_high,unpaired_ci95_low,unpaired_ci95_high,paired_half_width,unpaired_half_width";
const CE_COLUMNS: &str = "base,alternative,replications,incident_probability,control_cost_gbp,qalys_gained_mean,qalys_gained_ci95_low,qalys_gained_ci95_high,deaths_averted_mean,deaths_averted_ci95_low,deaths_averted_ci95_high,costs_averted_gbp_mean,incremental_cost_gbp_mean,icer_gbp_per_qaly,icer_note,nmb_20k_gbp_mean,nmb_20k_ci95_low,nmb_20k_ci95_high,prob_cost_effective_20k,nmb_30k_gbp_mean,nmb_30k_ci95_low,nmb_30k_ci95_high,prob_cost_effective_30k,nmb_70k_gbp_mean,nmb_70k_ci95_low,nmb_70k_ci95_high,prob_cost_effective_70k";
const CE_REPLICATION_COLUMNS: &str =
    "alternative,replication,qalys_gained,deaths_averted,incremental_cost_gbp";
const CEAC_COLUMNS: &str = "alternative,threshold_gbp_per_qaly,probability_cost_effective";
const CSV_FILES: [&str; 4] = [
    "compare.csv",
    "cost_effectiveness.csv",
    "ce_replications.csv",
    "ceac.csv",
];

/// Writes the single-trust ransomware scenario with rehearsed downtime
/// procedures (a real alternative: same trust, same attack) into `dir`.
fn rehearsed(dir: &Path) -> String {
    let path = dir.join("rehearsed.toml");
    let base = scenario("single-trust-ransomware.toml").replace('\\', "/");
    fs::write(
        &path,
        format!(
            "extends = \"{base}\"\nname = \"rehearsed\"\n\n[controls]\n\
             downtime_procedures = {{ capacity_uplift = 0.1, annual_cost_gbp = 12500 }}\n"
        ),
    )
    .unwrap();
    path.display().to_string()
}

fn compare(dir: &Path, scenarios: &[&str], extra: &[&str]) -> (bool, String, String) {
    let mut args = vec!["compare"];
    args.extend(scenarios);
    args.extend(extra);
    let out = downtime(dir, &args);
    let (stdout, stderr) = text(&out);
    if out.status.code() == Some(2) {
        return (false, stdout, stderr);
    }
    assert!(out.status.success(), "{stderr}");
    (true, stdout, stderr)
}

/// The rows of a CSV file as maps from column to cell.
fn rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn num(row: &std::collections::BTreeMap<String, String>, col: &str) -> f64 {
    row[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col} = {:?}", row[col]))
}

#[test]
fn compare_writes_the_contract_files_pairs_and_does_not_depend_on_threads() {
    let dir = tempfile::tempdir().unwrap();
    let alt = rehearsed(dir.path());
    let mut extra = vec!["-n", "8", "--threads", "1", "--out", "one"];
    extra.extend(QUICK);
    let (ok, stdout, stderr) = compare(dir.path(), &["single-trust-ransomware", &alt], &extra);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("rehearsed against single-trust-ransomware"),
        "{stdout}"
    );
    assert!(
        stdout.contains("QALYs averted") && stdout.contains("[unpaired:"),
        "{stdout}"
    );
    assert!(stdout.contains("P(cost-effective at £30k)"), "{stdout}");
    assert!(stdout.contains("Results: one"), "{stdout}");

    let one = dir.path().join("one");
    let headers = [
        COMPARE_COLUMNS,
        CE_COLUMNS,
        CE_REPLICATION_COLUMNS,
        CEAC_COLUMNS,
    ];
    for (file, header) in CSV_FILES.iter().zip(headers) {
        let text = fs::read_to_string(one.join(file)).unwrap();
        assert_eq!(text.lines().next(), Some(header), "{file}");
    }
    assert!(one.join("scenarios/single-trust-ransomware.toml").is_file());
    assert!(one.join("scenarios/rehearsed.toml").is_file());

    // One row per metric, in catalogue order.
    let compared = rows(&one.join("compare.csv"));
    assert_eq!(compared.len(), METRICS.len());
    for (row, m) in compared.iter().zip(METRICS) {
        assert_eq!(row["metric"], m.name);
        assert_eq!(row["unit"], m.unit);
        assert_eq!(row["alternative"], "rehearsed");
    }
    // Pairing: QALYs averted has a much narrower interval than Welch's.
    let qalys = compared
        .iter()
        .find(|r| r["metric"] == "qalys_lost")
        .unwrap();
    assert_eq!(num(qalys, "replications"), 8.0);
    let (paired, unpaired) = (
        num(qalys, "paired_half_width"),
        num(qalys, "unpaired_half_width"),
    );
    assert!(paired > 0.0 && paired < unpaired, "{paired} vs {unpaired}");
    let averted = num(qalys, "averted_mean");
    let by_means = num(qalys, "base_mean") - num(qalys, "alternative_mean");
    assert!((averted - by_means).abs() <= 1e-9 * by_means.abs().max(1.0));

    let ce = rows(&one.join("cost_effectiveness.csv"));
    assert_eq!(ce.len(), 1);
    assert_eq!(num(&ce[0], "control_cost_gbp"), 12500.0);
    assert_eq!(num(&ce[0], "incident_probability"), 1.0);
    // The plane's points average to the table's means.
    let plane = rows(&one.join("ce_replications.csv"));
    assert_eq!(plane.len(), 8);
    let mean_q = plane.iter().map(|r| num(r, "qalys_gained")).sum::<f64>() / 8.0;
    assert!((mean_q - num(&ce[0], "qalys_gained_mean")).abs() < 1e-9 * mean_q.abs().max(1.0));
    // NMB at £30k = 30,000·q − c on average.
    let mean_c = plane
        .iter()
        .map(|r| num(r, "incremental_cost_gbp"))
        .sum::<f64>()
        / 8.0;
    let nmb = num(&ce[0], "nmb_30k_gbp_mean");
    assert!((nmb - (30_000.0 * mean_q - mean_c)).abs() < 1e-6 * nmb.abs().max(1.0));
    let share = plane
        .iter()
        .filter(|r| 30_000.0 * num(r, "qalys_gained") - num(r, "incremental_cost_gbp") > 0.0)
        .count() as f64
        / 8.0;
    assert_eq!(num(&ce[0], "prob_cost_effective_30k"), share);
    let ceac = rows(&one.join("ceac.csv"));
    assert_eq!(ceac.len(), 41, "0 to 100,000 in steps of 2,500");
    assert_eq!(num(&ceac[12], "threshold_gbp_per_qaly"), 30_000.0);
    assert_eq!(num(&ceac[12], "probability_cost_effective"), share);

    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(one.join("compare.json")).unwrap()).unwrap();
    assert_eq!(json["replications"], 8);
    assert_eq!(json["seed"], 20170512);
    assert_eq!(json["scenarios"][0]["role"], "base");
    assert_eq!(json["scenarios"][1]["name"], "rehearsed");
    assert_eq!(
        json["scenarios"][1]["scenario_hash"]
            .as_str()
            .unwrap()
            .len(),
        64
    );
    assert!(json.get("target_precision").is_none());

    // Two threads: the same bytes.
    let mut extra = vec!["-n", "8", "--threads", "2", "--out", "two"];
    extra.extend(QUICK);
    assert!(compare(dir.path(), &["single-trust-ransomware", &alt], &extra).0);
    for file in CSV_FILES {
        assert_eq!(
            fs::read(one.join(file)).unwrap(),
            fs::read(dir.path().join("two").join(file)).unwrap(),
            "{file} differs between 1 and 2 threads"
        );
    }
    // An existing folder is refused without --force.
    let (ok, _, stderr) = compare(dir.path(), &["single-trust-ransomware", &alt], &extra);
    assert!(!ok && stderr.contains("already exists"), "{stderr}");
}

#[test]
fn a_scenario_compared_with_itself_averts_exactly_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut extra = vec!["-n", "6", "--out", "same"];
    extra.extend(QUICK);
    let (ok, _, stderr) = compare(
        dir.path(),
        &["single-trust-it-outage", "single-trust-it-outage"],
        &extra,
    );
    assert!(ok, "{stderr}");
    let compared = rows(&dir.path().join("same/compare.csv"));
    assert_eq!(compared[0]["alternative"], "single-trust-it-outage-2");
    for row in &compared {
        if row["replications"] == "0" {
            continue;
        }
        assert_eq!(row["averted_mean"], "0", "{row:?}");
        assert_eq!(row["averted_ci95_low"], "0", "{row:?}");
        assert_eq!(row["averted_ci95_high"], "0", "{row:?}");
        assert_eq!(row["paired_half_width"], "0", "{row:?}");
    }
    let ce = rows(&dir.path().join("same/cost_effectiveness.csv"));
    assert_eq!(ce[0]["icer_gbp_per_qaly"], "", "no QALYs gained: no ICER");
    assert_eq!(num(&ce[0], "qalys_gained_mean"), 0.0);
}

#[test]
fn bad_compare_input_exits_2_naming_the_option_and_range() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 6] = [
        (&["single-trust-it-outage"], "at least one alternative"),
        (
            &["single-trust-it-outage", "wannacry-2017"],
            "organisations",
        ),
        (
            &[
                "single-trust-it-outage",
                "single-trust-it-outage",
                "--incident-probability",
                "0",
            ],
            "--incident-probability 0 is out of range\n    accepted: more than 0 and at most 1",
        ),
        (
            &[
                "single-trust-it-outage",
                "single-trust-it-outage",
                "--incident-probability",
                "1.5",
            ],
            "--incident-probability 1.5 is out of range",
        ),
        (
            &[
                "single-trust-it-outage",
                "single-trust-it-outage",
                "-n",
                "1",
            ],
            "--replications 1 is out of range\n    accepted: 2 to",
        ),
        (
            &[
                "single-trust-it-outage",
                "single-trust-it-outage",
                "--target-precision",
                "1.5",
            ],
            "--target-precision 1.5 is out of range",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["compare"];
        all.extend(args);
        let out = downtime(dir.path(), &all);
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn compare_with_a_target_precision_records_it() {
    let dir = tempfile::tempdir().unwrap();
    let alt = rehearsed(dir.path());
    let mut extra = vec![
        "-n",
        "3",
        "--target-precision",
        "0.9",
        "--max-replications",
        "13",
        "--out",
        "precise",
    ];
    extra.extend(QUICK);
    let (ok, stdout, stderr) = compare(dir.path(), &["single-trust-ransomware", &alt], &extra);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("Target precision ±90.0%"), "{stdout}");
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("precise/compare.json")).unwrap())
            .unwrap();
    let record = &json["target_precision"];
    assert_eq!(record["target_relative_half_width"], 0.9);
    assert_eq!(record["max_replications"], 13);
    // Checkpoints 3, 8, 13: whatever was reached, the count is one of them.
    let n = record["replications"].as_u64().unwrap();
    assert!([8, 13].contains(&n), "{record}");
    assert_eq!(json["replications"], n);
    assert_eq!(
        rows(&dir.path().join("precise/ce_replications.csv")).len() as u64,
        n
    );
}

#[test]
fn run_with_a_target_precision_stops_early_or_at_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let run = |extra: &[&str], out: &str| {
        let mut args = vec!["run", "single-trust-it-outage", "--no-charts", "--out", out];
        args.extend(extra);
        args.extend(QUICK);
        let o = downtime(dir.path(), &args);
        let (stdout, stderr) = text(&o);
        assert!(o.status.success(), "{stderr}");
        let json: serde_json::Value = serde_json::from_str(
            &fs::read_to_string(dir.path().join(out).join("run.json")).unwrap(),
        )
        .unwrap();
        (stdout, json)
    };
    let (stdout, json) = run(&["-n", "5", "--target-precision", "0.5"], "easy");
    let record = &json["target_precision"];
    assert_eq!(record["reached"], true, "{record}");
    let n = record["replications"].as_u64().unwrap();
    assert!(n < 1000, "stopped early: {record}");
    assert_eq!(json["replications"], n);
    assert!(record["replications_needed"].as_u64().unwrap() < n);
    assert!(stdout.contains("reached after"), "{stdout}");
    let summary = fs::read_to_string(dir.path().join("easy/replications.csv")).unwrap();
    assert_eq!(summary.lines().count() as u64, 1 + 3 * n);

    let (stdout, json) = run(
        &[
            "-n",
            "5",
            "--target-precision",
            "0.0001",
            "--max-replications",
            "12",
        ],
        "hard",
    );
    let record = &json["target_precision"];
    assert_eq!(record["reached"], false, "{record}");
    assert_eq!(record["replications"], 12);
    assert!(stdout.contains("NOT reached"), "{stdout}");

    // Without it, run.json has no such section (older folders read the same).
    let (_, json) = run(&["-n", "3"], "plain");
    assert!(json.get("target_precision").is_none());

    // A shard cannot choose its own count.
    let mut args = vec![
        "run",
        "single-trust-it-outage",
        "--target-precision",
        "0.5",
        "--shard",
        "0/2",
    ];
    args.extend(QUICK);
    let o = downtime(dir.path(), &args);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o)
            .1
            .contains("--target-precision cannot be combined with --shard")
    );
}

#[test]
fn every_compare_file_and_column_is_in_the_data_dictionary() {
    let dictionary = fs::read_to_string(crate::util::repo().join("docs/outputs.md")).unwrap();
    for f in downtime_montecarlo::experiment::compare::COMPARE_FILES {
        assert!(
            dictionary.contains(&format!("`{f}`")),
            "docs/outputs.md does not document {f}"
        );
    }
    for header in [
        COMPARE_COLUMNS,
        CE_COLUMNS,
        CE_REPLICATION_COLUMNS,
        CEAC_COLUMNS,
    ] {
        for column in header.split(',') {
            assert!(
                dictionary.contains(&format!("| `{column}` |")),
                "docs/outputs.md does not document the column {column}"
            );
        }
    }
}
