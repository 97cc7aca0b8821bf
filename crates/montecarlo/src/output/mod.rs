//! Run folders: where a run's results land, written so that nothing is
//! ever half-written or lost.
//!
//! A run is written into a hidden temporary folder beside its destination
//! (each file written in full, then renamed into place) and the folder is
//! renamed to its final name only when every file is complete. A reader
//! therefore sees either no run folder or a complete one. An existing
//! folder is never replaced unless the caller asks (`force`), and then
//! only after the new one is complete.

mod manifest;
mod parameters;
mod single_file;
mod tables;

pub use manifest::{ConservationRecord, Manifest, PartialInfo, ScenarioRecord, scenario_hash};
pub use parameters::{
    HarmParameterInEffect, HarmParameterMode, MAX_LISTED_ENTRIES, PARAMETERS_COLUMNS,
    harm_parameters_in_effect, parameters_csv, scenario_settings,
};
pub use single_file::write_file;
pub use tables::{daily_csv, organisations_csv, replications_csv, summary_csv};

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Why a run folder could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The destination exists and `force` was not given.
    #[error("{} already exists; choose another --out or pass --force to replace it", .0.display())]
    Exists(PathBuf),
    /// The file system refused.
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        /// What was being written.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A CSV writer failed.
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    /// run.json could not be encoded.
    #[error("cannot encode run.json: {0}")]
    Json(#[from] serde_json::Error),
    /// The resolved scenario could not be read back as TOML (a bug).
    #[error("cannot list the scenario's keys: {0}")]
    Toml(#[from] toml::de::Error),
    /// Extra files (charts, report) could not be made; nothing was written.
    #[error("{0}")]
    Extra(String),
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Where a run folder or a single file is written before it is moved into
/// place: a hidden `.NAME.partial-PID` beside `destination` (`NAME` is
/// `default_name` when the destination has no file name), so the final
/// rename stays within one folder and one file system. Refuses an existing
/// destination unless `force`, and creates the missing parent folders.
/// Shared by [`RunFolder::prepare`] and [`write_file`], which differ only
/// in how the staged folder or file is moved into place.
fn staging_path(
    destination: &Path,
    force: bool,
    default_name: &str,
) -> Result<PathBuf, OutputError> {
    if destination.exists() && !force {
        return Err(OutputError::Exists(destination.to_path_buf()));
    }
    let parent = destination
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(io_err(parent))?;
    let name = destination
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| default_name.into());
    Ok(parent.join(format!(".{name}.partial-{}", std::process::id())))
}

/// A run folder being written.
#[derive(Debug)]
pub struct RunFolder {
    destination: PathBuf,
    staging: PathBuf,
    force: bool,
    committed: bool,
}

impl RunFolder {
    /// Checks that `destination` may be written (refusing an existing one
    /// unless `force`) and creates the staging folder beside it. Call this
    /// before the run, so a clash is reported before minutes of work.
    pub fn prepare(destination: &Path, force: bool) -> Result<Self, OutputError> {
        let staging = staging_path(destination, force, "run")?;
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
        }
        fs::create_dir(&staging).map_err(io_err(&staging))?;
        Ok(Self {
            destination: destination.to_path_buf(),
            staging,
            force,
            committed: false,
        })
    }

    /// Where the run will be once committed.
    pub fn destination(&self) -> &Path {
        &self.destination
    }

    /// Writes one file into the staging folder (temporary name, then
    /// rename); `name` may include subfolders, e.g. `charts/a.png`.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.staging.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        let tmp = self.staging.join(format!("{name}.tmp"));
        fs::write(&tmp, bytes).map_err(io_err(&tmp))?;
        fs::rename(&tmp, &path).map_err(io_err(&path))
    }

    /// Opens a file in the staging folder for writing piece by piece;
    /// [`StagedFile::finish`] renames it into place.
    pub fn create(&self, name: &str) -> Result<StagedFile, OutputError> {
        let tmp = self.staging.join(format!("{name}.tmp"));
        let file = fs::File::create(&tmp).map_err(io_err(&tmp))?;
        Ok(StagedFile {
            writer: io::BufWriter::new(file),
            tmp,
            path: self.staging.join(name),
        })
    }

    /// Moves the complete folder into place and returns its path.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        let dest = self.destination.clone();
        if dest.exists() {
            if !self.force {
                return Err(OutputError::Exists(dest));
            }
            // Keep the old run until the new one is in place.
            let old = self.staging.with_extension("replaced");
            fs::rename(&dest, &old).map_err(io_err(&dest))?;
            fs::rename(&self.staging, &dest).map_err(io_err(&dest))?;
            let _ = fs::remove_dir_all(&old);
        } else {
            fs::rename(&self.staging, &dest).map_err(io_err(&dest))?;
        }
        self.committed = true;
        Ok(dest)
    }
}

impl Drop for RunFolder {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// A file being written into a staging folder.
#[derive(Debug)]
pub struct StagedFile {
    writer: io::BufWriter<fs::File>,
    tmp: PathBuf,
    path: PathBuf,
}

impl StagedFile {
    /// Appends bytes.
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), OutputError> {
        use io::Write;
        let tmp = &self.tmp;
        self.writer.write_all(bytes).map_err(io_err(tmp))
    }

    /// Flushes the file and renames it to its final name.
    pub fn finish(self) -> Result<(), OutputError> {
        let file = self.writer.into_inner().map_err(|e| OutputError::Io {
            path: self.tmp.clone(),
            source: e.into_error(),
        })?;
        file.sync_all().map_err(io_err(&self.tmp))?;
        fs::rename(&self.tmp, &self.path).map_err(io_err(&self.path))
    }
}

/// The default folder for a run: `<root>/<scenario>-<UTC timestamp>`, with
/// `-2`, `-3`, … appended if a run already has that name.
pub fn default_run_dir(root: &Path, scenario: &str, now: jiff::Timestamp) -> PathBuf {
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let base = root.join(format!("{scenario}-{stamp}"));
    let mut candidate = base.clone();
    let mut k = 2;
    while candidate.exists() {
        candidate = root.join(format!("{scenario}-{stamp}-{k}"));
        k += 1;
    }
    candidate
}

/// Formats a number for CSV: shortest text that reads back to the same
/// `f64` (so files round-trip exactly), with -0 written as 0.
pub fn number(v: f64) -> String {
    if v == 0.0 {
        "0".to_string()
    } else {
        format!("{v}")
    }
}

/// An optional number: empty when absent.
pub fn maybe(v: Option<f64>) -> String {
    v.map(number).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_folder_appears_whole_and_never_replaces_without_force() {
        let root = tempfile::tempdir().unwrap();
        let dest = root.path().join("runs/first");
        let folder = RunFolder::prepare(&dest, false).unwrap();
        folder.write("a.csv", b"x\n1\n").unwrap();
        assert!(!dest.exists(), "nothing visible before commit");
        folder.commit().unwrap();
        assert_eq!(fs::read(dest.join("a.csv")).unwrap(), b"x\n1\n");

        assert!(matches!(
            RunFolder::prepare(&dest, false),
            Err(OutputError::Exists(_))
        ));
        let again = RunFolder::prepare(&dest, true).unwrap();
        again.write("b.csv", b"y\n").unwrap();
        again.commit().unwrap();
        assert!(dest.join("b.csv").exists() && !dest.join("a.csv").exists());
        let leftovers: Vec<_> = fs::read_dir(dest.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
    }

    #[test]
    fn an_abandoned_run_leaves_nothing() {
        let root = tempfile::tempdir().unwrap();
        let dest = root.path().join("r");
        {
            let folder = RunFolder::prepare(&dest, false).unwrap();
            folder.write("a.csv", b"1").unwrap();
        }
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 0);
    }

    #[test]
    fn numbers_round_trip() {
        for v in [0.1, 1.0 / 3.0, 1e-300, 123456789.125, -2.5] {
            assert_eq!(number(v).parse::<f64>().unwrap(), v);
        }
        assert_eq!(number(-0.0), "0");
        assert_eq!(maybe(None), "");
    }
}

/// What `run.json` needs besides the results.
#[derive(Debug, Clone)]
pub struct RunMeta<'a> {
    /// The scenario as loaded.
    pub loaded: &'a downtime_core::scenario::Loaded,
    /// Downtime's version.
    pub version: &'a str,
    /// Build commit, when known.
    pub git_commit: Option<&'a str>,
    /// Master seed.
    pub seed: u64,
    /// When the run started.
    pub started: jiff::Timestamp,
    /// For a shard's partial folder: which shard.
    pub partial: Option<manifest::PartialInfo>,
    /// For a merged run: the partial folders it was merged from.
    pub merged_from: Option<Vec<String>>,
    /// With `--target-precision`: the target and how many replications it took.
    pub target_precision: Option<crate::experiment::precision::PrecisionRecord>,
}

/// The files of a complete run folder, in the order they are written.
pub const RUN_FILES: [&str; 6] = [
    "summary.csv",
    "replications.csv",
    "daily.csv",
    "organisations.csv",
    "parameters.csv",
    "run.json",
];

/// Writes every file of a run into `folder` and commits it; returns the
/// run's final path.
///
/// `extras`, if given, is shown the run's files (name and bytes, in
/// [`RUN_FILES`] order) before anything is committed and returns more files
/// to put in the folder (charts, a report): the folder then appears with
/// everything in it, or not at all.
pub fn write_run(
    folder: RunFolder,
    model: &downtime_core::model::Model,
    outcome: &crate::runner::RunOutcome,
    meta: &RunMeta<'_>,
    extras: Option<&Extras<'_>>,
) -> Result<PathBuf, OutputError> {
    let agg = &outcome.aggregate;
    let manifest = manifest_json_with_harm(
        &agg.tally,
        outcome.threads,
        outcome.wall_time_s,
        meta,
        RUN_FILES.to_vec(),
        HarmParameterMode::of(model),
    )?;
    let parameters = harm_parameters_in_effect(model, &meta.loaded.scenario);
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("summary.csv", summary_csv(agg)?),
        ("replications.csv", replications_csv(agg)?),
        ("daily.csv", daily_csv(agg, model)?),
        ("organisations.csv", organisations_csv(agg, model)?),
        ("parameters.csv", parameters_csv(&parameters)?),
        ("run.json", manifest),
    ];
    for (name, bytes) in &files {
        folder.write(name, bytes)?;
    }
    if let Some(extras) = extras {
        for (name, bytes) in extras(&files).map_err(OutputError::Extra)? {
            folder.write(&name, &bytes)?;
        }
    }
    folder.commit()
}

/// Makes extra files from a run's files; see [`write_run`].
pub type Extras<'a> = dyn Fn(&[(&str, Vec<u8>)]) -> Result<Vec<(String, Vec<u8>)>, String> + 'a;

/// Adds files to an existing run folder (e.g. charts redrawn from its
/// CSV files), each written to a temporary name and renamed into place.
pub fn add_to_run_folder(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), OutputError> {
    for (name, bytes) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        let tmp = dir.join(format!("{name}.tmp"));
        fs::write(&tmp, bytes).map_err(io_err(&tmp))?;
        fs::rename(&tmp, &path).map_err(io_err(&path))?;
    }
    Ok(())
}

/// The bytes of `run.json` for a run that sampled the harm parameters
/// (a shard's partial folder: `downtime run` refuses `--fixed-parameters`
/// with `--shard` until partials record the choice).
pub(crate) fn manifest_json(
    tally: &crate::aggregate::Tally,
    threads: usize,
    wall_time_s: f64,
    meta: &RunMeta<'_>,
    files: Vec<&'static str>,
) -> Result<Vec<u8>, OutputError> {
    manifest_json_with_harm(
        tally,
        threads,
        wall_time_s,
        meta,
        files,
        HarmParameterMode::Sampled,
    )
}

/// The bytes of `run.json`.
pub(crate) fn manifest_json_with_harm(
    tally: &crate::aggregate::Tally,
    threads: usize,
    wall_time_s: f64,
    meta: &RunMeta<'_>,
    files: Vec<&'static str>,
    harm_parameters: HarmParameterMode,
) -> Result<Vec<u8>, OutputError> {
    let scenario = &meta.loaded.scenario;
    let manifest = Manifest {
        format_version: 1,
        downtime_version: meta.version,
        git_commit: meta.git_commit,
        scenario: ScenarioRecord {
            name: &scenario.name,
            description: &scenario.description,
            files: &meta.loaded.files,
            overrides: &meta.loaded.overrides,
            sha256: scenario_hash(scenario),
            resolved: scenario,
        },
        seed: meta.seed,
        harm_parameters,
        replications: meta
            .partial
            .as_ref()
            .map_or(tally.replications, |p| p.replications_total),
        threads,
        started_utc: meta.started.to_string(),
        wall_time_s,
        events: tally.events,
        conservation_attack: tally.conservation[0],
        conservation_counterfactual: tally.conservation[1],
        unbalanced_replications: tally.unbalanced_replications,
        random: manifest::RandomRecord::default(),
        files,
        partial: meta.partial.clone(),
        merged_from: meta.merged_from.clone(),
        target_precision: meta.target_precision.clone(),
    };
    let mut json = serde_json::to_vec_pretty(&manifest)?;
    json.push(b'\n');
    Ok(json)
}
