//! The command line end to end.

use std::fs;

use crate::util::{QUICK, downtime, scenario, text};

const RUN_FILES: [&str; 6] = [
    "summary.csv",
    "replications.csv",
    "daily.csv",
    "organisations.csv",
    "parameters.csv",
    "run.json",
];

#[test]
fn run_writes_a_complete_run_folder_and_prints_the_headline() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec![
        "run",
        "single-trust-it-outage",
        "-n",
        "6",
        "--seed",
        "3",
        "--out",
        "run1",
    ];
    args.extend(QUICK);
    let out = downtime(dir.path(), &args);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.is_empty(),
        "no progress bar when stderr is not a terminal: {stderr}"
    );
    assert!(stdout.contains("ed_wait_min_mean"), "{stdout}");
    assert!(stdout.contains("Results: run1"), "{stdout}");
    for f in RUN_FILES {
        assert!(dir.path().join("run1").join(f).is_file(), "{f}");
    }

    let summary = fs::read_to_string(dir.path().join("run1/summary.csv")).unwrap();
    assert!(summary.starts_with("metric,arm,mean,sd,ci95_low,ci95_high,p5,p50,p95,n\n"));
    // Common random numbers: the same patients arrive in both arms.
    let attendances: Vec<&str> = summary
        .lines()
        .filter(|l| l.starts_with("ed_attendances,"))
        .collect();
    assert_eq!(attendances.len(), 3);
    assert!(
        attendances[2].starts_with("ed_attendances,difference,0,0,0,0,0,0,0,6"),
        "{}",
        attendances[2]
    );
    // The outage lasts 72 hours, all inside the reported window.
    let downtime_row = summary
        .lines()
        .find(|l| l.starts_with("downtime_procedure_hours,attack,"))
        .unwrap();
    let mean: f64 = downtime_row.split(',').nth(2).unwrap().parse().unwrap();
    assert!((mean - 72.0).abs() < 1e-9, "{downtime_row}");

    let replications = fs::read_to_string(dir.path().join("run1/replications.csv")).unwrap();
    assert_eq!(
        replications.lines().count(),
        1 + 6 * 3,
        "one row per replication and arm"
    );

    let daily = fs::read_to_string(dir.path().join("run1/daily.csv")).unwrap();
    let mut lines = daily.lines();
    assert_eq!(
        lines.next(),
        Some("date,day,metric,group,arm,mean,p5,p50,p95,n")
    );
    assert!(
        daily.contains("\n2017-05-12,0,ed_attendances,all,attack,"),
        "day 0 is the attack day"
    );
    assert!(
        daily.contains("\n2017-05-10,-2,"),
        "days before the attack are negative"
    );

    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("run1/run.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["seed"], 3);
    assert_eq!(manifest["replications"], 6);
    assert_eq!(manifest["scenario"]["name"], "single-trust-it-outage");
    assert_eq!(
        manifest["scenario"]["resolved"]["calendar"]["follow_up_days"],
        5
    );
    assert_eq!(manifest["scenario"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(manifest["unbalanced_replications"], 0);
    assert_eq!(
        manifest["conservation_attack"]["arrived"],
        manifest["conservation_counterfactual"]["arrived"]
    );
}

#[test]
fn run_draws_charts_and_a_report_unless_told_not_to_and_plot_redraws_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["run", "single-trust-it-outage", "-n", "4", "--out", "with"];
    args.extend(QUICK);
    assert!(downtime(dir.path(), &args).status.success());
    let run = dir.path().join("with");
    let report = fs::read_to_string(run.join("report.html")).unwrap();
    assert!(
        report.contains("Patients waited on average an extra"),
        "headline sentence in the report"
    );
    for chart in ["daily_ed_wait_min_mean", "distribution_ed_wait_min_mean"] {
        for ext in ["png", "svg"] {
            let path = run.join("charts").join(format!("{chart}.{ext}"));
            assert!(
                fs::metadata(&path).map(|m| m.len() > 1000).unwrap_or(false),
                "{}",
                path.display()
            );
        }
    }

    // Redraw from the CSV files alone.
    fs::remove_dir_all(run.join("charts")).unwrap();
    fs::remove_file(run.join("report.html")).unwrap();
    let out = downtime(dir.path(), &["plot", "with"]);
    assert!(out.status.success(), "{}", text(&out).1);
    assert!(
        run.join("report.html").is_file()
            && run.join("charts/daily_ed_wait_min_mean.png").is_file()
    );

    let mut args = vec![
        "run",
        "single-trust-it-outage",
        "-n",
        "2",
        "--out",
        "without",
        "--no-charts",
    ];
    args.extend(QUICK);
    assert!(downtime(dir.path(), &args).status.success());
    assert!(
        !dir.path().join("without/charts").exists()
            && !dir.path().join("without/report.html").exists()
    );

    // Several runs: a comparison.
    let out = downtime(
        dir.path(),
        &["plot", "with", "without", "--out", "compared"],
    );
    assert!(out.status.success(), "{}", text(&out).1);
    assert!(
        dir.path()
            .join("compared/charts/comparison_ed_wait_min_mean.png")
            .is_file()
    );
    let out = downtime(dir.path(), &["plot", "nowhere"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_existing_run_folder_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["run", "single-trust-it-outage", "-n", "2", "--out", "r"];
    args.extend(QUICK);
    assert!(downtime(dir.path(), &args).status.success());
    let before = fs::read(dir.path().join("r/summary.csv")).unwrap();
    fs::write(dir.path().join("r/notes.txt"), "mine").unwrap();

    let mut again = args.clone();
    again[3] = "3";
    let out = downtime(dir.path(), &again);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("already exists"), "{}", text(&out).1);
    assert_eq!(fs::read(dir.path().join("r/summary.csv")).unwrap(), before);
    assert!(dir.path().join("r/notes.txt").exists());

    again.push("--force");
    assert!(downtime(dir.path(), &again).status.success());
    assert_ne!(fs::read(dir.path().join("r/summary.csv")).unwrap(), before);
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no staging folder left behind: {names:?}");
}

#[test]
fn default_run_folder_is_under_outputs_with_scenario_and_timestamp() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["run", "single-trust-it-outage", "-n", "2", "--quiet"];
    args.extend(QUICK);
    assert!(downtime(dir.path(), &args).status.success());
    assert!(
        downtime(dir.path(), &args).status.success(),
        "a second run in the same second gets its own folder"
    );
    let runs: Vec<String> = fs::read_dir(dir.path().join("outputs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(runs.len(), 2, "{runs:?}");
    for r in runs {
        assert!(
            r.starts_with("single-trust-it-outage-20") && r.contains('T'),
            "{r}"
        );
    }
}

#[test]
fn scenarios_lists_the_bundled_ones_with_a_description() {
    let out = downtime(std::env::temp_dir().as_path(), &["scenarios"]);
    let (stdout, _) = text(&out);
    assert!(out.status.success());
    assert!(stdout.contains("single-trust-it-outage  "), "{stdout}");
    assert!(stdout.contains("verification/erlang-c"), "{stdout}");
    assert!(!stdout.contains("does not load"), "{stdout}");
}

#[test]
fn every_bundled_scenario_validates() {
    let out = downtime(std::env::temp_dir().as_path(), &["scenarios"]);
    for line in text(&out).0.lines() {
        let name = line.split_whitespace().next().unwrap();
        let v = downtime(std::env::temp_dir().as_path(), &["validate", name]);
        assert!(v.status.success(), "{name}: {}", text(&v).1);
    }
}

#[test]
fn validate_reports_the_shape_of_a_valid_scenario() {
    let out = downtime(
        std::env::temp_dir().as_path(),
        &["validate", &scenario("single-trust-it-outage.toml")],
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("valid. 1 trust, 1 incident, 63 reported days (2017-05-05 to 2017-07-06)"),
        "{stdout}"
    );
}

#[test]
fn help_shows_examples() {
    let out = downtime(std::env::temp_dir().as_path(), &["run", "--help"]);
    let (stdout, _) = text(&out);
    assert!(
        stdout.contains("Examples:")
            && stdout.contains("downtime run single-trust-it-outage -n 200"),
        "{stdout}"
    );
    for flag in [
        "--replications",
        "--seed",
        "--out",
        "--threads",
        "--set",
        "--quiet",
        "--force",
    ] {
        assert!(stdout.contains(flag), "{flag}");
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_downtime"))
        .args(["scenarios"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before anything is printed
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn explain_prints_the_scenario_keys_and_every_harm_parameter_with_its_source() {
    let out = downtime(
        std::env::temp_dir().as_path(),
        &[
            "explain",
            "single-trust-it-outage",
            "--set",
            "harm.overrides.cancer_qalys_per_life_year=0.8",
        ],
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("\ncalendar.follow_up_days = "), "{stdout}");
    assert!(
        stdout
            .contains("\ncancer_treatment_delay_hr_per_4_weeks = 1.07 hazard ratio per 4 weeks\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Hanna TP"),
        "the source is printed: {stdout}"
    );
    assert!(
        stdout.contains("\n* cancer_qalys_per_life_year = 0.8 "),
        "the override is marked: {stdout}"
    );

    let csv = downtime(
        std::env::temp_dir().as_path(),
        &["explain", "single-trust-it-outage", "--format", "csv"],
    );
    let (csv, _) = text(&csv);
    assert!(csv.starts_with(PARAMETERS_HEADER), "{csv}");
    assert!(
        csv.contains("\ncancer_treatment_delay_hr_per_4_weeks,"),
        "{csv}"
    );
}

#[test]
fn explain_of_a_broken_scenario_exits_2_like_validate() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("bad.toml"),
        "name = \"bad\"\nno_such_key = 1\n",
    )
    .unwrap();
    let explain = downtime(dir.path(), &["explain", "bad.toml"]);
    let validate = downtime(dir.path(), &["validate", "bad.toml"]);
    assert_eq!(explain.status.code(), Some(2));
    assert_eq!(text(&explain).1, text(&validate).1, "the same message");
    assert!(text(&explain).0.is_empty());
}

const PARAMETERS_HEADER: &str =
    "name,value,unit,uncertainty,fixed_in_run,overridden,population,source,status\n";

/// Runs the quick single-trust scenario with `extra` arguments into `out`
/// and returns its `summary.csv` mean of `excess_deaths` in the
/// `difference` arm and its `run.json`.
fn quick_run(dir: &std::path::Path, out: &str, extra: &[&str]) -> (f64, serde_json::Value) {
    let mut args = vec!["run", "single-trust-it-outage", "-n", "4", "--seed", "5"];
    args.extend(["--no-charts", "--out", out]);
    args.extend(QUICK);
    args.extend(extra);
    let o = downtime(dir, &args);
    assert!(o.status.success(), "{}", text(&o).1);
    let summary = fs::read_to_string(dir.join(out).join("summary.csv")).unwrap();
    let mean = summary
        .lines()
        .find(|l| l.starts_with("excess_deaths,difference,"))
        .and_then(|l| l.split(',').nth(2))
        .and_then(|v| v.parse().ok())
        .unwrap();
    let manifest = fs::read_to_string(dir.join(out).join("run.json")).unwrap();
    (mean, serde_json::from_str(&manifest).unwrap())
}

#[test]
fn a_run_writes_every_harm_parameter_to_parameters_csv() {
    let dir = tempfile::tempdir().unwrap();
    quick_run(dir.path(), "run", &[]);
    let text = fs::read_to_string(dir.path().join("run/parameters.csv")).unwrap();
    assert!(text.starts_with(PARAMETERS_HEADER), "{text}");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        downtime_core::harm::HarmCatalogue::embedded()
            .entries()
            .len()
    );
    let hanna = rows
        .iter()
        .find(|r| &r[0] == "cancer_treatment_delay_hr_per_4_weeks")
        .unwrap();
    assert_eq!(
        (&hanna[4], &hanna[5]),
        ("false", "false"),
        "drawn, not overridden"
    );
    assert!(hanna[7].contains("BMJ 2020"), "{:?}", hanna);
}

#[test]
fn fixed_parameters_use_central_values_and_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let (sampled, sampled_manifest) = quick_run(dir.path(), "sampled", &[]);
    let (central, central_manifest) = quick_run(dir.path(), "central", &["--fixed-parameters"]);
    assert_eq!(sampled_manifest["harm_parameters"], "sampled");
    assert_eq!(central_manifest["harm_parameters"], "central");
    assert!(sampled > 0.0 && central > 0.0, "{sampled} {central}");
    assert_ne!(sampled, central, "central values change the harm");
    let parameters = fs::read_to_string(dir.path().join("central/parameters.csv")).unwrap();
    assert!(
        parameters.lines().skip(1).all(|l| l.contains(",true,")),
        "every parameter fixed in the run: {parameters}"
    );

    // The same delays: only the harm parameters differ.
    let waits = |run: &str| {
        fs::read_to_string(dir.path().join(run).join("summary.csv"))
            .unwrap()
            .lines()
            .find(|l| l.starts_with("ed_wait_min_mean,attack,"))
            .map(str::to_string)
    };
    assert_eq!(waits("sampled"), waits("central"));

    let mut args = vec!["run", "single-trust-it-outage", "-n", "4", "--shard", "0/2"];
    args.extend(["--fixed-parameters", "--out", "part"]);
    let o = downtime(dir.path(), &args);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o).1);
}
