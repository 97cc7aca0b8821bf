//! The documentation stays true to the code.

use std::fs;

use downtime_core::metrics::METRICS;

use crate::util::repo;

#[test]
fn every_metric_is_in_the_data_dictionary() {
    let dictionary = fs::read_to_string(repo().join("docs/outputs.md")).unwrap();
    for m in METRICS {
        assert!(
            dictionary.contains(&format!("`{}`", m.name)),
            "docs/outputs.md does not document `{}`",
            m.name
        );
    }
}

#[test]
fn every_output_file_is_in_the_data_dictionary() {
    let dictionary = fs::read_to_string(repo().join("docs/outputs.md")).unwrap();
    for f in downtime_montecarlo::output::RUN_FILES {
        assert!(
            dictionary.contains(f),
            "docs/outputs.md does not document {f}"
        );
    }
}

#[test]
fn the_readme_quick_start_names_a_bundled_scenario() {
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(readme.contains("cargo run --release -- run single-trust-it-outage"));
    assert!(readme.contains("cargo test --workspace"));
    assert!(
        repo()
            .join("scenarios/single-trust-it-outage.toml")
            .is_file()
    );
    let ci = fs::read_to_string(repo().join(".ci/run")).unwrap();
    assert!(
        ci.contains("cargo test --workspace"),
        ".ci/run runs the README's test command"
    );
}
