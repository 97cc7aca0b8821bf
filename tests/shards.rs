//! Sharded runs: shards merged in any number give the same bytes as one run;
//! a missing, duplicated or foreign shard is refused and nothing is written.

use std::fs;
use std::path::Path;

use crate::util::{QUICK, downtime, text};

const CSV_FILES: [&str; 4] = [
    "summary.csv",
    "replications.csv",
    "daily.csv",
    "organisations.csv",
];

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = downtime(dir, args);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{args:?}: {stderr}");
    stdout
}

fn run(dir: &Path, extra: &[&str]) {
    let mut args = vec![
        "run",
        "single-trust-it-outage",
        "-n",
        "10",
        "--seed",
        "4",
        "--threads",
        "2",
    ];
    args.extend(QUICK);
    args.extend(extra);
    ok(dir, &args);
}

fn shards(dir: &Path, k: u64, seed: &str) -> Vec<String> {
    (0..k)
        .map(|i| {
            let out = format!("part-{seed}-{i}-of-{k}");
            let shard = format!("{i}/{k}");
            let mut args = vec![
                "run",
                "single-trust-it-outage",
                "-n",
                "10",
                "--seed",
                seed,
                "--shard",
                &shard,
                "--out",
                &out,
            ];
            args.extend(QUICK);
            ok(dir, &args);
            out
        })
        .collect()
}

#[test]
fn merged_shards_are_byte_identical_to_one_run() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), &["--out", "whole"]);
    for k in [1u64, 3, 4, 10] {
        let parts = shards(dir.path(), k, "4");
        let manifest: serde_json::Value = serde_json::from_str(
            &fs::read_to_string(dir.path().join(&parts[0]).join("run.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(manifest["partial"]["shards"], k);
        assert_eq!(manifest["replications"], 10);
        let merged = format!("merged-{k}");
        let mut args = vec!["merge"];
        // Shard order on the command line does not matter.
        args.extend(parts.iter().rev().map(String::as_str));
        args.extend(["--out", &merged]);
        ok(dir.path(), &args);
        for f in CSV_FILES {
            assert!(
                fs::read(dir.path().join("whole").join(f)).unwrap()
                    == fs::read(dir.path().join(&merged).join(f)).unwrap(),
                "{f} differs after merging {k} shards"
            );
        }
    }
}

fn refused(dir: &Path, partials: &[&str], expected: &str) {
    let mut args = vec!["merge"];
    args.extend(partials);
    args.extend(["--out", "refused"]);
    let out = downtime(dir, &args);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(expected),
        "expected `{expected}` in {stderr}"
    );
    assert!(!dir.join("refused").exists(), "nothing written");
}

#[test]
fn a_missing_duplicated_or_foreign_shard_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let parts = shards(dir.path(), 3, "4");
    let other_seed = shards(dir.path(), 3, "5");
    let p: Vec<&str> = parts.iter().map(String::as_str).collect();
    refused(dir.path(), &[p[0], p[2]], "shard 1/3 is missing");
    refused(
        dir.path(),
        &[p[0], p[1], p[1], p[2]],
        "shard 1/3 is given twice",
    );
    refused(
        dir.path(),
        &[p[0], &other_seed[1], p[2]],
        "foreign shard: its seed is 5",
    );
    run(dir.path(), &["--out", "complete"]);
    refused(dir.path(), &["complete"], "not a partial run folder");
    refused(dir.path(), &["nowhere"], "cannot read run.json");
}

#[test]
fn a_slurm_study_folder_runs_exactly_the_resolved_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec![
        "slurm",
        "single-trust-it-outage",
        "-n",
        "6",
        "--shards",
        "3",
        "--seed",
        "9",
        "--partition",
        "short",
        "--out",
        "study",
    ];
    args.extend(QUICK);
    let stdout = ok(dir.path(), &args);
    assert!(stdout.contains("submit.sh"), "{stdout}");
    let study = dir.path().join("study");
    let array = fs::read_to_string(study.join("array.sbatch")).unwrap();
    assert!(
        array.contains("#SBATCH --array=0-2") && array.contains("#SBATCH --partition=short"),
        "{array}"
    );
    assert!(
        fs::read_to_string(study.join("merge.sbatch"))
            .unwrap()
            .contains("--kill-on-invalid-dep=yes")
    );
    assert!(
        fs::read_to_string(study.join("submit.sh"))
            .unwrap()
            .contains("--dependency=afterok")
    );

    // The written scenario is the resolved one: same hash, same results.
    let mut direct = vec![
        "run",
        "single-trust-it-outage",
        "-n",
        "3",
        "--seed",
        "9",
        "--out",
        "direct",
    ];
    direct.extend(QUICK);
    ok(dir.path(), &direct);
    ok(
        dir.path(),
        &[
            "run",
            "study/scenario.toml",
            "-n",
            "3",
            "--seed",
            "9",
            "--out",
            "from-study",
        ],
    );
    let hash = |d: &str| -> serde_json::Value {
        let m: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(dir.path().join(d).join("run.json")).unwrap())
                .unwrap();
        m["scenario"]["sha256"].clone()
    };
    assert_eq!(hash("direct"), hash("from-study"));
    for f in CSV_FILES {
        assert!(
            fs::read(dir.path().join("direct").join(f)).unwrap()
                == fs::read(dir.path().join("from-study").join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn bad_shard_arguments_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["4/4", "x/2", "1"] {
        let out = downtime(
            dir.path(),
            &["run", "single-trust-it-outage", "--shard", bad],
        );
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(text(&out).1.contains("--shard"), "{}", text(&out).1);
    }
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}
