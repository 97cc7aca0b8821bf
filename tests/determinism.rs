//! Reproducibility: the same seed gives byte-identical CSV files whatever
//! the number of threads.

use std::fs;
use std::path::Path;

use crate::util::{QUICK, downtime};

const CSV_FILES: [&str; 4] = [
    "summary.csv",
    "replications.csv",
    "daily.csv",
    "organisations.csv",
];

fn run(dir: &Path, out: &str, n: &str, seed: &str, threads: &str) {
    let mut args = vec![
        "run",
        "single-trust-it-outage",
        "-n",
        n,
        "--seed",
        seed,
        "--threads",
        threads,
        "--out",
        out,
    ];
    args.extend(QUICK);
    let o = downtime(dir, &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn same_seed_same_bytes_for_one_and_two_threads_and_any_n() {
    let dir = tempfile::tempdir().unwrap();
    // 1, a batch's worth and more than one batch of replications.
    for n in ["1", "8", "21"] {
        let one = format!("t1-{n}");
        let two = format!("t2-{n}");
        run(dir.path(), &one, n, "11", "1");
        run(dir.path(), &two, n, "11", "2");
        for f in CSV_FILES {
            let a = fs::read(dir.path().join(&one).join(f)).unwrap();
            let b = fs::read(dir.path().join(&two).join(f)).unwrap();
            assert!(a == b, "{f} differs between 1 and 2 threads with n = {n}");
        }
    }
}

#[test]
fn a_replication_does_not_depend_on_how_many_run_with_it() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), "small", "3", "5", "2");
    run(dir.path(), "large", "9", "5", "2");
    let rows = |d: &str| -> Vec<String> {
        fs::read_to_string(dir.path().join(d).join("replications.csv"))
            .unwrap()
            .lines()
            .map(String::from)
            .collect()
    };
    let small = rows("small");
    let large = rows("large");
    assert_eq!(
        small[..],
        large[..small.len()],
        "replications 0-2 are the same in a run of 3 and a run of 9"
    );
}

#[test]
fn different_seeds_give_different_results() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), "a", "3", "1", "2");
    run(dir.path(), "b", "3", "2", "2");
    assert_ne!(
        fs::read(dir.path().join("a/replications.csv")).unwrap(),
        fs::read(dir.path().join("b/replications.csv")).unwrap()
    );
}
