//! The bundled real-incident scenarios: each validates and runs, and the
//! WannaCry scenario keeps the incident's published structure (no infection
//! after the kill switch). The ignored `measure_wannacry_structure` prints
//! the structural counts docs/CALIBRATION.md tables.

use std::fs;
use std::path::{Path, PathBuf};

use downtime_core::attack::{AttackCounts, realise};
use downtime_core::model::Model;
use downtime_core::scenario::{self, IncidentSpec, Scenario, Source, SourceReader};

use crate::util::{downtime, repo, scenario as scenario_path, text};

/// Every scenario this module owns, relative to `scenarios/`.
const BUNDLED: [&str; 11] = [
    "baseline.toml",
    "single-trust-ransomware.toml",
    "wannacry-2017.toml",
    "synnovis-2024.toml",
    "hse-2021.toml",
    "what-if/full-patching.toml",
    "what-if/segmentation.toml",
    "what-if/offline-backups.toml",
    "what-if/rehearsed-downtime.toml",
    "what-if/mutual-aid.toml",
    "what-if/phishing-awareness.toml",
];

/// Overrides that shorten any bundled scenario to four days (the attack
/// day stays inside the reported window), so two replications of even the
/// whole-country WannaCry run in a few seconds in the dev profile.
const SHORT: [&str; 6] = [
    "--set",
    "calendar.warm_up_days=1",
    "--set",
    "calendar.follow_up_days=2",
    "--set",
    "calendar.days_before_attack=1",
];

/// Reads scenario files from disk, `extends` relative to the file that
/// names it (as the CLI does).
struct Files;

impl SourceReader for Files {
    fn read(&self, reference: &str, from: Option<&Source>) -> Result<Source, String> {
        let path = match from {
            Some(parent) => Path::new(&parent.id)
                .parent()
                .unwrap_or(Path::new("."))
                .join(reference),
            None => PathBuf::from(reference),
        };
        let text = fs::read_to_string(&path).map_err(|e| e.to_string())?;
        let id = fs::canonicalize(&path).unwrap_or(path);
        Ok(Source {
            id: id.display().to_string(),
            display: id.display().to_string(),
            text,
        })
    }
}

fn load(rel: &str, overrides: &[String]) -> Scenario {
    match scenario::load(&scenario_path(rel), overrides, &Files) {
        Ok(loaded) => loaded.scenario,
        Err(e) => panic!("{rel}: {e}"),
    }
}

#[test]
fn every_bundled_scenario_validates() {
    for rel in BUNDLED {
        let out = downtime(&repo(), &["validate", &scenario_path(rel)]);
        let (stdout, stderr) = text(&out);
        assert!(out.status.success(), "{rel}: {stdout}{stderr}");
        assert!(stdout.contains("valid"), "{rel}: {stdout}");
    }
}

#[test]
fn every_bundled_scenario_runs_two_short_replications() {
    let dir = tempfile::tempdir().unwrap();
    for (i, rel) in BUNDLED.iter().enumerate() {
        let folder = format!("run{i}");
        let path = scenario_path(rel);
        let mut args = vec!["run", path.as_str(), "-n", "2", "--no-charts"];
        args.extend(["--out", folder.as_str()]);
        args.extend(SHORT);
        let out = downtime(dir.path(), &args);
        let (stdout, stderr) = text(&out);
        assert!(out.status.success(), "{rel}: {stdout}{stderr}");
        let summary = fs::read_to_string(dir.path().join(&folder).join("summary.csv"))
            .unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert!(
            summary
                .lines()
                .any(|l| l.starts_with("ed_attendances,attack,")),
            "{rel}: {summary}"
        );
    }
}

/// The worm's kill switch in simulated minutes.
fn kill_switch_min(s: &Scenario, model: &Model) -> f64 {
    let kill = s.incidents.iter().find_map(|i| match i {
        IncidentSpec::Worm(w) => w.kill_switch_at.as_ref(),
        _ => None,
    });
    let kill = kill.expect("the WannaCry worm has a kill switch");
    model.calendar.minutes_at(kill.0)
}

#[test]
fn wannacry_infects_nobody_after_the_kill_switch() {
    let s = load("wannacry-2017.toml", &[]);
    let model = Model::build(&s).expect("the WannaCry scenario builds");
    let kill = kill_switch_min(&s, &model);
    let mut infected = 0;
    for replication in 0..5 {
        let r = realise(
            &model.attack,
            &model.targets,
            s.monte_carlo.seed,
            replication,
        );
        for o in &r.organisations {
            if let Some(t) = o.infected_at {
                assert!(t < kill, "infected at minute {t}, kill switch {kill}");
                infected += 1;
            }
        }
    }
    // The worm did spread (the seeds alone are 4 a replication).
    assert!(
        infected > 5 * 4,
        "only {infected} infections in 5 replications"
    );
}

/// Mean and the 2.5th and 97.5th percentiles (type 7) of `values`.
fn summary(values: &mut [f64]) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let mean = values.iter().sum::<f64>() / n as f64;
    let q = |p: f64| {
        let h = (n - 1) as f64 * p;
        let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
        values[lo] + (h - h.floor()) * (values[hi] - values[lo])
    };
    (mean, q(0.025), q(0.975))
}

/// Prints WannaCry's structural counts over 200 replications of the
/// attack model alone (the engine is not run). Extra `--set` style
/// overrides come from the environment variable `WANNACRY_SET`
/// (separated by `;`), for calibration tries:
///
/// ```text
/// WANNACRY_SET='incidents[0].transmission_per_hour=0.05' \
///   cargo test --test integration bundled_scenarios::measure -- --ignored --nocapture
/// ```
#[test]
#[ignore = "a measurement for docs/CALIBRATION.md, not a check"]
fn measure_wannacry_structure() {
    let overrides: Vec<String> = std::env::var("WANNACRY_SET")
        .map(|v| v.split(';').map(str::to_string).collect())
        .unwrap_or_default();
    let s = load("wannacry-2017.toml", &overrides);
    let model = Model::build(&s).expect("the WannaCry scenario builds");
    let kill = kill_switch_min(&s, &model);
    let n = 200;
    let mut by_metric: Vec<Vec<f64>> = vec![Vec::new(); 7];
    let mut late = 0;
    for replication in 0..n {
        let r = realise(
            &model.attack,
            &model.targets,
            s.monte_carlo.seed,
            replication,
        );
        let c: AttackCounts = r.counts(&model.targets);
        let early_regions = model
            .targets
            .iter()
            .zip(&r.organisations)
            .filter(|(t, o)| {
                o.infected_at.is_some()
                    && matches!(
                        t.region.as_str(),
                        "North West" | "North East and Yorkshire" | "Midlands" | "East of England"
                    )
                    && !t.id.contains("-gp-")
            })
            .count();
        let uninfected_trusts = model
            .targets
            .iter()
            .zip(&r.organisations)
            .filter(|(t, o)| !t.id.contains("-gp-") && o.infected_at.is_none())
            .count();
        late += r
            .organisations
            .iter()
            .filter(|o| o.infected_at.is_some_and(|t| t >= kill))
            .count();
        let values = [
            f64::from(c.trusts_infected),
            f64::from(c.acute_trusts_infected),
            early_regions as f64,
            f64::from(c.trusts_disrupted_not_infected),
            f64::from(c.trusts_disrupted_not_infected) / uninfected_trusts.max(1) as f64,
            f64::from(c.gp_practices_infected),
            f64::from(c.shared_services_infected),
        ];
        for (v, x) in by_metric.iter_mut().zip(values) {
            v.push(x);
        }
    }
    let names = [
        "trusts_infected",
        "acute_trusts_infected",
        "trusts_infected_in_north_midlands_east",
        "trusts_disrupted_not_infected",
        "share_of_uninfected_trusts_disrupted",
        "gp_practices_infected",
        "shared_services_infected",
    ];
    eprintln!("MEASURE overrides {overrides:?}, {n} replications");
    for (name, v) in names.iter().zip(by_metric.iter_mut()) {
        let (mean, lo, hi) = summary(v);
        eprintln!("MEASURE {name}: mean {mean:.2}, 95% interval {lo:.2} to {hi:.2}");
    }
    eprintln!("MEASURE infections at or after the kill switch: {late}");
    assert_eq!(late, 0);
}
