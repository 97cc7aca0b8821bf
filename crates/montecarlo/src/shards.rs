//! Shards and merging: one run split over many machines, put back together
//! byte for byte.
//!
//! A shard ([`Shard`]) runs a contiguous block of replications and writes a
//! *partial* run folder: `run.json` (marked partial, with the scenario and
//! its hash, seed, N, K and the shard's block) and `replications.jsonl`, one
//! line per replication holding exactly what the fold needs (system totals,
//! daily values per group and per-organisation totals of both simulated
//! arms). Numbers are written as the shortest text that reads back to the
//! same `f64`, so nothing is lost.
//!
//! [`merge`] checks that the partials belong together and cover every shard
//! once, then folds their replications in replication order through the
//! same [`RunAggregate`] a single run uses. The merged CSV files are
//! therefore byte-identical to those of the same run done in one go,
//! whatever the number of shards.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::time::Instant;

use downtime_core::metrics::{METRIC_COUNT, METRICS};
use downtime_core::model::Model;
use downtime_core::scenario::{Loaded, Scenario, ScenarioError, validate};
use serde::{Deserialize, Serialize};

use crate::aggregate::{RunAggregate, Tally};
use crate::output::{
    ConservationRecord, OutputError, PartialInfo, RunFolder, RunMeta, manifest_json, scenario_hash,
    write_run,
};
use crate::replication_summary::{ReplicationSummary, with_difference};
use crate::runner::{RunConfig, RunError, RunOutcome, Shard, for_each_replication};

/// The per-replication file of a partial folder.
pub const PARTIAL_FILE: &str = "replications.jsonl";

/// One line of `replications.jsonl`: the two simulated arms (the difference
/// is recomputed on merge exactly as a single run computes it).
#[derive(Debug, Serialize, Deserialize)]
struct Record {
    replication: u64,
    totals: [Vec<Option<f64>>; 2],
    daily: Vec<Vec<[Vec<Option<f64>>; 2]>>,
    organisations: Vec<[Vec<Option<f64>>; 2]>,
    conservation: [ConservationRecord; 2],
    events: u64,
}

impl Record {
    fn from_summary(r: &ReplicationSummary) -> Self {
        let two = |v: &crate::replication_summary::ArmValues| [v[0].to_vec(), v[1].to_vec()];
        Record {
            replication: r.replication,
            totals: two(&r.totals),
            daily: r
                .daily
                .iter()
                .map(|g| g.iter().map(two).collect())
                .collect(),
            organisations: r.organisations.iter().map(two).collect(),
            conservation: r.conservation,
            events: r.events,
        }
    }

    fn into_summary(self) -> Option<ReplicationSummary> {
        let three =
            |[a, c]: [Vec<Option<f64>>; 2]| -> Option<crate::replication_summary::ArmValues> {
                Some(with_difference(
                    <[Option<f64>; METRIC_COUNT]>::try_from(a).ok()?,
                    <[Option<f64>; METRIC_COUNT]>::try_from(c).ok()?,
                ))
            };
        Some(ReplicationSummary {
            replication: self.replication,
            totals: three(self.totals)?,
            daily: self
                .daily
                .into_iter()
                .map(|g| g.into_iter().map(three).collect::<Option<Vec<_>>>())
                .collect::<Option<Vec<_>>>()?,
            organisations: self
                .organisations
                .into_iter()
                .map(three)
                .collect::<Option<Vec<_>>>()?,
            conservation: self.conservation,
            events: self.events,
        })
    }
}

fn metric_names() -> Vec<String> {
    METRICS.iter().map(|m| m.name.to_string()).collect()
}

/// Runs one shard of a run and writes its partial folder; returns its path.
pub fn run_shard(
    model: &Model,
    config: RunConfig,
    shard: Shard,
    folder: RunFolder,
    meta: &RunMeta<'_>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<PathBuf, RunError> {
    let range = shard.range(config.replications);
    let mut file = folder.create(PARTIAL_FILE)?;
    let mut tally = Tally::default();
    let (threads, wall_time_s) = for_each_replication(
        model,
        config.seed,
        range.clone(),
        config.threads,
        progress,
        &mut |r| {
            tally.push(r);
            let mut line = serde_json::to_vec(&Record::from_summary(r))?;
            line.push(b'\n');
            file.write_all(&line)
        },
    )?;
    file.finish()?;
    let meta = RunMeta {
        partial: Some(PartialInfo {
            shard: shard.index,
            shards: shard.count,
            replications_total: config.replications,
            first_replication: range.start,
            end_replication: range.end,
            metrics: metric_names(),
        }),
        ..meta.clone()
    };
    let manifest = manifest_json(
        &tally,
        threads,
        wall_time_s,
        &meta,
        vec![PARTIAL_FILE, "run.json"],
    )?;
    folder.write("run.json", &manifest)?;
    Ok(folder.commit()?)
}

/// Why partial folders could not be merged. Nothing is written.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// No folders were given.
    #[error("no partial folders given")]
    Nothing,
    /// A folder's run.json could not be read.
    #[error("{}: {reason}", .dir.display())]
    Unreadable {
        /// The folder.
        dir: PathBuf,
        /// Why.
        reason: String,
    },
    /// A folder is a complete run, not a shard's partial folder.
    #[error("{}: not a partial run folder (its run.json has no `partial` section)", .0.display())]
    NotPartial(PathBuf),
    /// A folder belongs to another run.
    #[error("{}: foreign shard: its {what} is {found}, but {} has {expected}", .dir.display(), .reference.display())]
    Foreign {
        /// The odd one out.
        dir: PathBuf,
        /// What differs.
        what: &'static str,
        /// Its value.
        found: String,
        /// The first folder, whose values are taken as the run's.
        reference: PathBuf,
        /// The first folder's value.
        expected: String,
    },
    /// A shard is missing.
    #[error("shard {shard}/{shards} is missing (give every one of the {shards} partial folders)")]
    Missing {
        /// Index.
        shard: u64,
        /// Count.
        shards: u64,
    },
    /// A shard was given twice.
    #[error("shard {shard}/{shards} is given twice: {} and {}", .first.display(), .second.display())]
    Duplicate {
        /// Index.
        shard: u64,
        /// Count.
        shards: u64,
        /// One folder.
        first: PathBuf,
        /// The other.
        second: PathBuf,
    },
    /// A replications file is damaged or incomplete.
    #[error("{}: {reason}", .file.display())]
    Corrupt {
        /// The file.
        file: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The scenario recorded in the partials does not validate or does not match its hash.
    #[error("{}: {error}", .file.display())]
    Scenario {
        /// What is wrong.
        error: ScenarioError,
        /// The run.json it was read from.
        file: PathBuf,
    },
    /// Writing failed.
    #[error(transparent)]
    Output(#[from] OutputError),
}

#[derive(Debug, Deserialize)]
struct ScenarioIn {
    files: Vec<String>,
    overrides: Vec<String>,
    sha256: String,
    resolved: Scenario,
}

#[derive(Debug, Deserialize)]
struct PartialManifest {
    downtime_version: String,
    scenario: ScenarioIn,
    seed: u64,
    partial: Option<PartialInfo>,
}

/// A partial folder, checked.
#[derive(Debug)]
pub struct Partial {
    dir: PathBuf,
    manifest: PartialManifest,
    info: PartialInfo,
}

/// Reads the partial folders and checks that they are the shards of one
/// run (same scenario hash, seed, N, K, metrics and version), each exactly
/// once. Returns them in shard order.
pub fn read_partials(dirs: &[PathBuf]) -> Result<Vec<Partial>, MergeError> {
    let mut partials = Vec::new();
    for dir in dirs {
        let unreadable = |reason: String| MergeError::Unreadable {
            dir: dir.clone(),
            reason,
        };
        let text = fs::read_to_string(dir.join("run.json"))
            .map_err(|e| unreadable(format!("cannot read run.json: {e}")))?;
        let manifest: PartialManifest = serde_json::from_str(&text)
            .map_err(|e| unreadable(format!("run.json is not a Downtime run manifest: {e}")))?;
        let info = manifest
            .partial
            .clone()
            .ok_or_else(|| MergeError::NotPartial(dir.clone()))?;
        partials.push(Partial {
            dir: dir.clone(),
            manifest,
            info,
        });
    }
    let first = partials.first().ok_or(MergeError::Nothing)?;
    let reference = first.dir.clone();
    let keys = |p: &Partial| -> [(&'static str, String); 6] {
        [
            ("scenario hash", p.manifest.scenario.sha256.clone()),
            ("seed", p.manifest.seed.to_string()),
            ("replication count N", p.info.replications_total.to_string()),
            ("shard count K", p.info.shards.to_string()),
            ("metric list", p.info.metrics.join(",")),
            ("Downtime version", p.manifest.downtime_version.clone()),
        ]
    };
    let expected = keys(first);
    for p in &partials[1..] {
        for ((what, found), (_, want)) in keys(p).into_iter().zip(expected.iter()) {
            if &found != want {
                return Err(MergeError::Foreign {
                    dir: p.dir.clone(),
                    what,
                    found,
                    reference,
                    expected: want.clone(),
                });
            }
        }
    }
    if first.info.metrics != metric_names() {
        return Err(MergeError::Foreign {
            dir: reference.clone(),
            what: "metric list",
            found: first.info.metrics.join(","),
            reference: PathBuf::from("this version of downtime"),
            expected: metric_names().join(","),
        });
    }
    let shards = first.info.shards;
    partials.sort_by_key(|p| p.info.shard);
    for pair in partials.windows(2) {
        if pair[0].info.shard == pair[1].info.shard {
            return Err(MergeError::Duplicate {
                shard: pair[0].info.shard,
                shards,
                first: pair[0].dir.clone(),
                second: pair[1].dir.clone(),
            });
        }
    }
    for (i, p) in (0..shards).zip(partials.iter().map(Some).chain(std::iter::repeat(None))) {
        if p.is_none_or(|p| p.info.shard != i) {
            return Err(MergeError::Missing { shard: i, shards });
        }
    }
    if partials.len() as u64 != shards {
        // More folders than shards can only be out-of-range indices.
        let extra = &partials[shards as usize];
        return Err(MergeError::Foreign {
            dir: extra.dir.clone(),
            what: "shard index",
            found: extra.info.shard.to_string(),
            reference,
            expected: format!("0 to {}", shards - 1),
        });
    }
    Ok(partials)
}

/// The scenario the partials ran, checked against its hash, with the model
/// built from it.
pub fn scenario_of(partials: &[Partial]) -> Result<(Loaded, Model), MergeError> {
    let p = &partials[0];
    let s = &p.manifest.scenario;
    let bad = |error: ScenarioError| MergeError::Scenario {
        error,
        file: p.dir.join("run.json"),
    };
    let issues = validate(&s.resolved);
    if !issues.is_empty() {
        return Err(bad(ScenarioError::Invalid(issues)));
    }
    if scenario_hash(&s.resolved) != s.sha256 {
        return Err(MergeError::Corrupt {
            file: p.dir.join("run.json"),
            reason: "the recorded scenario does not match its sha256 (was run.json edited?)".into(),
        });
    }
    let model = Model::build(&s.resolved).map_err(bad)?;
    let loaded = Loaded {
        scenario: s.resolved.clone(),
        files: s.files.clone(),
        overrides: s.overrides.clone(),
    };
    Ok((loaded, model))
}

/// Folds the partials' replications, in order, into a complete run folder.
pub fn merge(
    partials: &[Partial],
    model: &Model,
    folder: RunFolder,
    meta: &RunMeta<'_>,
) -> Result<PathBuf, MergeError> {
    let started = Instant::now();
    let mut aggregate = RunAggregate::new(model.organisations.len(), model.calendar.report_days());
    for p in partials {
        let path = p.dir.join(PARTIAL_FILE);
        let corrupt = |reason: String| MergeError::Corrupt {
            file: path.clone(),
            reason,
        };
        let file = fs::File::open(&path).map_err(|e| corrupt(format!("cannot open: {e}")))?;
        let mut expected = p.info.first_replication;
        for (n, line) in BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|e| corrupt(format!("line {}: {e}", n + 1)))?;
            let record: Record =
                serde_json::from_str(&line).map_err(|e| corrupt(format!("line {}: {e}", n + 1)))?;
            if record.replication != expected {
                return Err(corrupt(format!(
                    "line {}: replication {} where {expected} was expected",
                    n + 1,
                    record.replication
                )));
            }
            let summary = record
                .into_summary()
                .filter(|s| {
                    s.daily
                        .iter()
                        .all(|g| g.len() == model.calendar.report_days())
                        && s.organisations.len() == model.organisations.len()
                })
                .ok_or_else(|| {
                    corrupt(format!(
                        "line {}: does not match the scenario's shape",
                        n + 1
                    ))
                })?;
            aggregate.push(&summary);
            expected += 1;
        }
        if expected != p.info.end_replication {
            return Err(corrupt(format!(
                "holds replications {} to {}, but the shard should end at {}",
                p.info.first_replication, expected, p.info.end_replication
            )));
        }
    }
    let outcome = RunOutcome {
        aggregate,
        threads: 1,
        wall_time_s: started.elapsed().as_secs_f64(),
    };
    let meta = RunMeta {
        merged_from: Some(
            partials
                .iter()
                .map(|p| p.dir.display().to_string())
                .collect(),
        ),
        ..meta.clone()
    };
    Ok(write_run(folder, model, &outcome, &meta, None)?)
}

/// The seed the partials ran with.
pub fn seed_of(partials: &[Partial]) -> u64 {
    partials[0].manifest.seed
}
