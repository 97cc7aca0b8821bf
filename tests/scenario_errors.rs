//! Bad input: every mistake gets a message naming the file, line, key and
//! the accepted range, exit status 2, and nothing is written.

use std::fs;
use std::path::Path;

use crate::util::{downtime, text};

const BASE: &str = r#"name = "bad"

[calendar]
attack_date = 2017-05-12
warm_up_days = 2
follow_up_days = 3

[[trusts]]
id = "trust-a"
[trusts.emergency_department]
cubicles = 20
arrivals_per_day = 300.0
service_min = { distribution = "lognormal", mean = 100.0, sd = 60.0 }

[[incidents]]
kind = "it_outage"
organisation = "trust-a"
starts_at = 2017-05-12T09:00:00
duration_hours = 24
"#;

/// Writes `files` into a fresh folder, runs `args` there and checks the
/// refusal: exit 2, every `expected` fragment in the message, nothing written.
fn refused(files: &[(&str, &str)], args: &[&str], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    for command in ["validate", "run"] {
        let mut full = vec![command];
        full.extend(args);
        if command == "run" {
            full.extend(["--out", "should-not-exist", "-n", "2"]);
        }
        let out = downtime(dir.path(), &full);
        let (stdout, stderr) = text(&out);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{command} {args:?}: {stdout}{stderr}"
        );
        for e in expected {
            assert!(
                stderr.contains(e),
                "{command} {args:?}: expected `{e}` in:\n{stderr}"
            );
        }
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_nothing_written(dir.path(), files.len());
    }
}

fn assert_nothing_written(dir: &Path, inputs: usize) {
    let entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        entries.len(),
        inputs,
        "only the input files remain: {entries:?}"
    );
}

fn with(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from}");
    BASE.replacen(from, to, 1)
}

#[test]
fn broken_toml() {
    refused(
        &[("s.toml", &with("[calendar]", "[calendar"))],
        &["s.toml"],
        &["s.toml:3:", "not valid TOML"],
    );
}

#[test]
fn wrong_type() {
    let s = with("cubicles = 20", "cubicles = \"twenty\"");
    refused(
        &[("s.toml", &s)],
        &["s.toml"],
        &[
            "s.toml:11",
            "trusts[0].emergency_department.cubicles",
            "got string \"twenty\"",
            "accepted: a whole number",
        ],
    );
}

#[test]
fn negative_rate() {
    let s = with("arrivals_per_day = 300.0", "arrivals_per_day = -300.0");
    refused(
        &[("s.toml", &s)],
        &["s.toml"],
        &[
            "s.toml:12",
            "arrivals_per_day",
            "-300 is out of range",
            "accepted: (0, 100000] patients per day",
        ],
    );
}

#[test]
fn zero_rate() {
    let s = with("arrivals_per_day = 300.0", "arrivals_per_day = 0.0");
    refused(
        &[("s.toml", &s)],
        &["s.toml"],
        &["s.toml:12", "arrivals_per_day", "0 is out of range"],
    );
}

#[test]
fn probability_outside_zero_one() {
    let s = with(
        "cubicles = 20",
        "cubicles = 20\nneeds = { epr = { capacity_factor = 1.5, service_time_factor = 1.2 } }",
    );
    refused(
        &[("s.toml", &s)],
        &["s.toml"],
        &[
            "s.toml:12",
            "needs.epr.capacity_factor",
            "1.5 is out of range",
            "accepted: (0, 1]",
        ],
    );
}

#[test]
fn not_a_number_and_infinity() {
    let s = with("arrivals_per_day = 300.0", "arrivals_per_day = nan");
    refused(
        &[("s.toml", &s)],
        &["s.toml"],
        &["s.toml:12", "NaN is not a finite number", "accepted"],
    );
    let s = with("duration_hours = 24", "duration_hours = inf");
    refused(
        &[("s.toml", &s)],
        &["s.toml"],
        &[
            "s.toml:19",
            "incidents[0].duration_hours",
            "inf is not a finite number",
        ],
    );
}

#[test]
fn unknown_key_with_suggestion() {
    let s = with("cubicles = 20", "cubicels = 20");
    refused(
        &[("s.toml", &s)],
        &["s.toml"],
        &[
            "s.toml:11",
            "unknown key `cubicels`",
            "did you mean `cubicles`?",
        ],
    );
}

#[test]
fn misspelt_value_with_suggestion() {
    let s = with("\"lognormal\"", "\"log-normal\"");
    refused(
        &[("s.toml", &s)],
        &["s.toml"],
        &[
            "s.toml:13",
            "unknown value `log-normal`",
            "did you mean `lognormal`?",
        ],
    );
}

#[test]
fn missing_key() {
    let s = with("follow_up_days = 3\n", "");
    refused(
        &[("s.toml", &s)],
        &["s.toml"],
        &["s.toml:3", "calendar.follow_up_days", "required"],
    );
}

#[test]
fn missing_extends_target() {
    refused(
        &[("child.toml", "# a child\nextends = \"parent.toml\"\n")],
        &["child.toml"],
        &["child.toml:2", "cannot read scenario `parent.toml`"],
    );
}

#[test]
fn extends_cycle() {
    refused(
        &[
            ("a.toml", "extends = \"b.toml\"\n"),
            ("b.toml", "\n\nextends = \"a.toml\"\n"),
        ],
        &["a.toml"],
        &["b.toml:3", "`extends` cycle: a.toml -> b.toml -> a.toml"],
    );
}

#[test]
fn unknown_organisation_referenced() {
    let s = with("organisation = \"trust-a\"", "organisation = \"trust-b\"");
    refused(
        &[("s.toml", &s)],
        &["s.toml"],
        &[
            "s.toml:17",
            "no trust has id `trust-b`",
            "did you mean `trust-a`?",
        ],
    );
}

#[test]
fn bad_value_from_the_command_line() {
    refused(
        &[("s.toml", BASE)],
        &[
            "s.toml",
            "--set",
            "trusts[0].emergency_department.arrivals_per_day=-1",
        ],
        &[
            "--set trusts[0].emergency_department.arrivals_per_day=-1",
            "out of range",
        ],
    );
    refused(
        &[("s.toml", BASE)],
        &["s.toml", "--set", "calendar"],
        &["--set calendar", "expected key.path=value"],
    );
}

#[test]
fn an_error_in_a_parent_names_the_parent() {
    let parent = with("cubicles = 20", "cubicles = 0");
    refused(
        &[
            ("parent.toml", &parent),
            (
                "child.toml",
                "extends = \"parent.toml\"\nname = \"child\"\n",
            ),
        ],
        &["child.toml"],
        &[
            "parent.toml:11",
            "cubicles",
            "0 is out of range",
            "1 to 10000 cubicles",
        ],
    );
}

#[test]
fn a_child_overrides_its_parent() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("parent.toml"), BASE).unwrap();
    fs::write(
        dir.path().join("child.toml"),
        "extends = \"parent.toml\"\nname = \"child\"\n[calendar]\nfollow_up_days = 9\n",
    )
    .unwrap();
    let out = downtime(dir.path(), &["validate", "child.toml"]);
    assert!(out.status.success(), "{}", text(&out).1);
    assert!(
        text(&out)
            .0
            .contains("1 trust, 1 incident, 16 reported days"),
        "{}",
        text(&out).0
    );
}

#[test]
fn a_dependency_cycle_between_it_systems() {
    let s = format!("{BASE}\n[it_estate.dependencies]\nnetwork = [\"epr\"]\n");
    refused(
        &[("s.toml", &s)],
        &["s.toml"],
        &[
            "s.toml:22",
            "it_estate.dependencies.network",
            "dependency cycle: network -> epr -> network",
            "epr",
            "network",
        ],
    );
}

#[test]
fn an_unknown_it_system() {
    let s = with(
        "duration_hours = 24",
        "duration_hours = 24\nsystems = [\"epr\", \"pacss\"]",
    );
    refused(
        &[("s.toml", &s)],
        &["s.toml"],
        &[
            "s.toml:20",
            "incidents[0].systems[1]",
            "unknown value `pacss`",
            "did you mean `pacs`?",
        ],
    );
}

#[test]
fn a_missing_scenario_file() {
    refused(
        &[],
        &["nowhere.toml"],
        &["cannot read scenario `nowhere.toml`"],
    );
}

/// BASE with a `[trusts.beds]` table (lines 14-19) whose `key` line is
/// replaced by `line`.
fn with_beds(key: &str, line: &str) -> String {
    let beds = [
        ("general_and_acute", "general_and_acute = 600"),
        ("ed_admission_share", "ed_admission_share = 0.3"),
        (
            "emergency_los_days",
            "emergency_los_days = { distribution = \"lognormal\", mean = 5.0, sd = 5.0 }",
        ),
        ("discharge_needs", "discharge_needs = [\"epr\", \"pas\"]"),
        ("discharge_delay_factor", "discharge_delay_factor = 1.5"),
    ];
    assert!(beds.iter().any(|(k, _)| *k == key), "{key}");
    let table: Vec<&str> = beds
        .iter()
        .map(|(k, l)| if *k == key { line } else { *l })
        .collect();
    let service = "service_min = { distribution = \"lognormal\", mean = 100.0, sd = 60.0 }";
    with(
        service,
        &format!("{service}\n[trusts.beds]\n{}", table.join("\n")),
    )
}

#[test]
fn a_bed_model_that_validates() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("s.toml"),
        with_beds("general_and_acute", "general_and_acute = 600"),
    )
    .unwrap();
    let out = downtime(dir.path(), &["validate", "s.toml"]);
    assert!(out.status.success(), "{}", text(&out).1);
}

#[test]
fn bed_keys_out_of_range() {
    for (key, line, at, expected) in [
        (
            "general_and_acute",
            "general_and_acute = 0",
            "s.toml:15",
            [
                "trusts[0].beds.general_and_acute",
                "0 is out of range",
                "1 to 10000 beds",
            ],
        ),
        (
            "general_and_acute",
            "general_and_acute = 10001",
            "s.toml:15",
            [
                "trusts[0].beds.general_and_acute",
                "10001 is out of range",
                "1 to 10000 beds",
            ],
        ),
        (
            "ed_admission_share",
            "ed_admission_share = 1.2",
            "s.toml:16",
            [
                "trusts[0].beds.ed_admission_share",
                "1.2 is out of range",
                "accepted: [0, 1] probability",
            ],
        ),
        (
            "ed_admission_share",
            "ed_admission_share = -0.1",
            "s.toml:16",
            [
                "trusts[0].beds.ed_admission_share",
                "-0.1 is out of range",
                "accepted: [0, 1] probability",
            ],
        ),
        (
            "emergency_los_days",
            "emergency_los_days = { distribution = \"lognormal\", mean = 5.0 }",
            "s.toml:17",
            [
                "trusts[0].beds.emergency_los_days.sd",
                "is required",
                "(0, 365] days",
            ],
        ),
        (
            "emergency_los_days",
            "emergency_los_days = { distribution = \"lognormal\", mean = -5.0, sd = 5.0 }",
            "s.toml:17",
            [
                "trusts[0].beds.emergency_los_days.mean",
                "-5 is out of range",
                "(0, 365] days",
            ],
        ),
        (
            "discharge_delay_factor",
            "discharge_delay_factor = 0.5",
            "s.toml:19",
            [
                "trusts[0].beds.discharge_delay_factor",
                "0.5 is out of range",
                "accepted: [1, 100]",
            ],
        ),
    ] {
        let mut all = vec![at];
        all.extend(expected);
        refused(&[("s.toml", &with_beds(key, line))], &["s.toml"], &all);
    }
}

#[test]
fn an_unknown_discharge_system() {
    refused(
        &[(
            "s.toml",
            &with_beds("discharge_needs", "discharge_needs = [\"eprr\"]"),
        )],
        &["s.toml"],
        &["s.toml:18", "unknown value `eprr`", "did you mean `epr`?"],
    );
}

#[test]
fn an_error_inside_an_incident_names_the_exact_key() {
    let s = with("duration_hours = 24", "duration_hour = 24");
    refused(
        &[("s.toml", &s)],
        &["s.toml"],
        &[
            "s.toml:19",
            "incidents[0].duration_hour",
            "did you mean `duration_hours`?",
        ],
    );
    let s = with("duration_hours = 24", "duration_hours = \"a day\"");
    refused(
        &[("s.toml", &s)],
        &["s.toml"],
        &[
            "s.toml:19",
            "incidents[0].duration_hours",
            "got string \"a day\"",
            "accepted: a number",
        ],
    );
}

#[test]
fn imaging_keys_out_of_range() {
    let with_imaging = |lines: &str| {
        BASE.replace(
            "[[incidents]]",
            &format!("[trusts.imaging]\n{lines}\n\n[[incidents]]"),
        )
    };
    for (lines, expected) in [
        (
            "ct = { scanners = 0, scan_min = { distribution = \"fixed\", mean = 15 } }",
            [
                "trusts[0].imaging.ct.scanners",
                "0 is out of range",
                "1 to 1000 scanners",
            ],
        ),
        (
            "mri = { scanners = 1, scan_min = { distribution = \"fixed\", mean = 0 } }",
            [
                "trusts[0].imaging.mri.scan_min.mean",
                "0 is out of range",
                "(0, 1440] minutes",
            ],
        ),
        (
            "ed_ct_share_by_acuity = [0.5, 1.5, 0.1]",
            [
                "trusts[0].imaging.ed_ct_share_by_acuity[1]",
                "1.5 is out of range",
                "[0, 1] share of the band's imaging requests",
            ],
        ),
        (
            "ed_ct_share_by_acuity = [0.5, 0.9, 0.1]\ned_mri_share_by_acuity = [0.1, 0.2, 0.0]",
            [
                "trusts[0].imaging.ed_mri_share_by_acuity[1]",
                "add up to 1.1",
                "X-ray takes the rest",
            ],
        ),
    ] {
        refused(&[("s.toml", &with_imaging(lines))], &["s.toml"], &expected);
    }
}

#[test]
fn theatres_out_of_range_or_too_few_for_the_elective_lists() {
    let with_theatres = |theatres: &str| {
        with(
            "[[incidents]]",
            &format!(
                "[trusts.theatres]\n{theatres}\n\n[trusts.scheduled_care.elective_day_case]\nper_working_day = 40\n\n[[incidents]]"
            ),
        )
    };
    refused(
        &[("s.toml", &with_theatres("count = 0"))],
        &["s.toml"],
        &[
            "trusts[0].theatres.count",
            "0 is out of range",
            "1 to 1000 theatres",
        ],
    );
    refused(
        &[(
            "s.toml",
            &with_theatres("count = 4\ncases_per_session = { day_case = 0 }"),
        )],
        &["s.toml"],
        &[
            "trusts[0].theatres.cases_per_session.day_case",
            "(0, 50] operations per session",
        ],
    );
    // 40 day cases (10 sessions) and the default 1.1 inpatients (0.75
    // sessions) need 10.75 sessions; 2 theatres run 4.
    refused(
        &[("s.toml", &with_theatres("count = 2"))],
        &["s.toml"],
        &[
            "trusts[0].theatres.count",
            "2 theatres run 4.0 sessions a working day but the elective lists need 10.7",
            "at least 6 theatres",
        ],
    );
}
