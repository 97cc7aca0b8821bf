//! The files of a sweep folder, and the manifest every experiment folder
//! shares. Columns are a contract with downtime-plot (which draws the sweep
//! charts from them) and are documented in `docs/outputs.md`.

use std::path::PathBuf;

use downtime_core::metrics::METRICS;
use serde::Serialize;

use super::{PairedPoints, Point, Vary};
use crate::output::{
    Extras, HarmParameterMode, OutputError, RunFolder, RunMeta, maybe, number, scenario_hash,
};
use crate::stats::Summary;

/// The columns of `sweep_points.csv`.
pub const SWEEP_POINTS_COLUMNS: [&str; 3] = ["point", "key", "value"];

/// The columns of `sweep.csv`.
pub const SWEEP_COLUMNS: [&str; 13] = [
    "point",
    "settings",
    "metric",
    "unit",
    "replications",
    "mean",
    "ci95_low",
    "ci95_high",
    "p5",
    "p95",
    "vs_first_mean",
    "vs_first_ci95_low",
    "vs_first_ci95_high",
];

/// The files of a sweep folder, in the order they are written.
pub const SWEEP_FILES: [&str; 4] = [
    "sweep_points.csv",
    "sweep.csv",
    "sweep.json",
    "scenario.toml",
];

pub(crate) fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, OutputError> {
    w.into_inner()
        .map_err(|e| OutputError::Csv(e.into_error().into()))
}

/// `sweep_points.csv`: one row per point and varied key.
pub fn sweep_points_csv(points: &[Point]) -> Result<Vec<u8>, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(SWEEP_POINTS_COLUMNS)?;
    for (i, p) in points.iter().enumerate() {
        for (key, value) in &p.settings {
            w.write_record([i.to_string().as_str(), key, value])?;
        }
    }
    finish(w)
}

/// Mean, interval and percentiles of a summary; empty cells when nothing
/// was observed.
fn cells(s: Option<Summary>) -> [String; 5] {
    match s {
        Some(s) => [
            number(s.mean),
            maybe(s.ci95_low),
            maybe(s.ci95_high),
            number(s.p5),
            number(s.p95),
        ],
        None => Default::default(),
    }
}

/// `sweep.csv`: one row per point and metric: the difference arm over
/// replications, and its paired difference from point 0.
pub fn sweep_csv(points: &[Point], results: &PairedPoints) -> Result<Vec<u8>, OutputError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(SWEEP_COLUMNS)?;
    for (i, p) in points.iter().enumerate() {
        let settings = p.label();
        for (m, def) in METRICS.iter().enumerate() {
            let s = results.summary(i, m);
            let d = results.paired_summary(i, 0, m);
            let [mean, low, high, p5, p95] = cells(s);
            let [d_mean, d_low, d_high, _, _] = cells(d);
            w.write_record([
                i.to_string(),
                settings.clone(),
                def.name.to_string(),
                def.unit.to_string(),
                s.map_or(0, |s| s.n).to_string(),
                mean,
                low,
                high,
                p5,
                p95,
                d_mean,
                d_low,
                d_high,
            ])?;
        }
    }
    finish(w)
}

/// The scenario an experiment varied, as in `run.json` without the
/// resolved keys (they are in `scenario.toml`).
#[derive(Debug, Serialize)]
pub struct ExperimentScenario<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its description.
    pub description: &'a str,
    /// Files it was read from, entry first.
    pub files: &'a [String],
    /// Base `--set` overrides, applied at every point.
    pub overrides: &'a [String],
    /// SHA-256 of the base resolved scenario.
    pub sha256: String,
}

/// `sweep.json` and `sensitivity.json`: what was run.
#[derive(Debug, Serialize)]
pub struct ExperimentManifest<'a> {
    /// Bumped when the layout of an experiment folder changes.
    pub format_version: u32,
    /// `sweep` or `sensitivity`.
    pub experiment: &'static str,
    /// Downtime's version.
    pub downtime_version: &'a str,
    /// The git commit Downtime was built from, when known.
    pub git_commit: Option<&'a str>,
    /// The base scenario.
    pub scenario: ExperimentScenario<'a>,
    /// Master seed, the same at every point.
    pub seed: u64,
    /// Replications per point (`0..replications` at every point).
    pub replications: u64,
    /// `sampled` or `central` (see `run.json`).
    pub harm_parameters: HarmParameterMode,
    /// The varied keys and their values (a sweep).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub varies: Option<&'a [Vary]>,
    /// The varied parameters, in `sensitivity.csv` rank order (a sensitivity analysis).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Vec<String>>,
    /// Harm parameters left out for having no uncertainty (a sensitivity analysis).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped_parameters: Option<Vec<String>>,
    /// Number of points simulated.
    pub points: usize,
    /// Worker threads.
    pub threads: usize,
    /// When the experiment started (UTC, RFC 3339).
    pub started_utc: String,
    /// Wall-clock seconds of the simulation, all points.
    pub wall_time_s: f64,
    /// The files of the folder.
    pub files: Vec<&'static str>,
}

/// A manifest for `meta`'s scenario; the caller fills in what is particular.
pub fn experiment_manifest<'a>(
    experiment: &'static str,
    meta: &'a RunMeta<'a>,
    replications: u64,
    harm_parameters: HarmParameterMode,
    results: &PairedPoints,
    files: Vec<&'static str>,
) -> ExperimentManifest<'a> {
    let s = &meta.loaded.scenario;
    ExperimentManifest {
        format_version: 1,
        experiment,
        downtime_version: meta.version,
        git_commit: meta.git_commit,
        scenario: ExperimentScenario {
            name: &s.name,
            description: &s.description,
            files: &meta.loaded.files,
            overrides: &meta.loaded.overrides,
            sha256: scenario_hash(s),
        },
        seed: meta.seed,
        replications,
        harm_parameters,
        varies: None,
        parameters: None,
        skipped_parameters: None,
        points: results.values.len(),
        threads: results.threads,
        started_utc: meta.started.to_string(),
        wall_time_s: results.wall_time_s,
        files,
    }
}

/// Encodes a manifest as pretty JSON with a final newline.
pub(crate) fn manifest_bytes(manifest: &ExperimentManifest<'_>) -> Result<Vec<u8>, OutputError> {
    let mut json = serde_json::to_vec_pretty(manifest)?;
    json.push(b'\n');
    Ok(json)
}

/// Writes every file of a sweep (and whatever `extras` makes of them, e.g.
/// charts) into `folder` and commits it; returns its final path.
#[allow(clippy::too_many_arguments)]
pub fn write_sweep(
    folder: RunFolder,
    meta: &RunMeta<'_>,
    varies: &[Vary],
    points: &[Point],
    results: &PairedPoints,
    replications: u64,
    harm_parameters: HarmParameterMode,
    extras: Option<&Extras<'_>>,
) -> Result<PathBuf, OutputError> {
    let mut manifest = experiment_manifest(
        "sweep",
        meta,
        replications,
        harm_parameters,
        results,
        SWEEP_FILES.to_vec(),
    );
    manifest.varies = Some(varies);
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("sweep_points.csv", sweep_points_csv(points)?),
        ("sweep.csv", sweep_csv(points, results)?),
        ("sweep.json", manifest_bytes(&manifest)?),
        (
            "scenario.toml",
            downtime_core::scenario::to_toml(&meta.loaded.scenario).into_bytes(),
        ),
    ];
    write_all(folder, &files, extras)
}

/// Writes `files` and the extras made from them, then commits the folder.
pub(crate) fn write_all(
    folder: RunFolder,
    files: &[(&str, Vec<u8>)],
    extras: Option<&Extras<'_>>,
) -> Result<PathBuf, OutputError> {
    for (name, bytes) in files {
        folder.write(name, bytes)?;
    }
    if let Some(extras) = extras {
        for (name, bytes) in extras(files).map_err(OutputError::Extra)? {
            folder.write(&name, &bytes)?;
        }
    }
    folder.commit()
}
