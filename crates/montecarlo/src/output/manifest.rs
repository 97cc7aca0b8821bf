//! `run.json`: what was run, so a result can be traced and reproduced.

use downtime_core::random::Process;
use downtime_core::replication::Conservation;
use downtime_core::scenario::Scenario;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The SHA-256 of the resolved scenario (its canonical JSON form): two runs
/// with the same hash and seed simulated the same thing.
pub fn scenario_hash(scenario: &Scenario) -> String {
    let canonical = serde_json::to_vec(scenario).unwrap_or_default();
    Sha256::digest(&canonical)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The scenario as run.
#[derive(Debug, Serialize)]
pub struct ScenarioRecord<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its description.
    pub description: &'a str,
    /// Files it was read from, entry first.
    pub files: &'a [String],
    /// `--set` overrides applied.
    pub overrides: &'a [String],
    /// [`scenario_hash`].
    pub sha256: String,
    /// Every key after `extends`, overrides and defaults.
    pub resolved: &'a Scenario,
}

/// Patient and cohort accounting in `run.json`: the engine's own record,
/// every field written out (fields added later read as 0 from older files).
pub type ConservationRecord = Conservation;

/// The random number set-up, for the methods section of a paper.
#[derive(Debug, Serialize)]
pub struct RandomRecord {
    /// The generator.
    pub generator: &'static str,
    /// How streams are derived.
    pub streams: &'static str,
    /// Processes with their own stream.
    pub processes: Vec<&'static str>,
}

impl Default for RandomRecord {
    fn default() -> Self {
        Self {
            generator: "ChaCha8 (rand_chacha 0.10)",
            streams: "key = SplitMix64(seed, process, organisation); stream number = replication",
            processes: Process::ALL.iter().map(|p| p.name()).collect(),
        }
    }
}

/// Everything in `run.json`.
#[derive(Debug, Serialize)]
pub struct Manifest<'a> {
    /// Bumped when the layout of a run folder changes.
    pub format_version: u32,
    /// Downtime's version.
    pub downtime_version: &'a str,
    /// The git commit Downtime was built from, when known.
    pub git_commit: Option<&'a str>,
    /// The scenario.
    pub scenario: ScenarioRecord<'a>,
    /// Master seed.
    pub seed: u64,
    /// `sampled`: each replication drew the uncertain harm parameters;
    /// `central`: every replication used their central values
    /// (`--fixed-parameters`). See `parameters.csv`.
    pub harm_parameters: super::HarmParameterMode,
    /// Replications run.
    pub replications: u64,
    /// Worker threads.
    pub threads: usize,
    /// When the run started (UTC, RFC 3339).
    pub started_utc: String,
    /// Wall-clock seconds of the simulation.
    pub wall_time_s: f64,
    /// Events processed over all replications and arms.
    pub events: u64,
    /// Patient accounting summed over replications: attack arm.
    pub conservation_attack: ConservationRecord,
    /// The same for the counterfactual arm.
    pub conservation_counterfactual: ConservationRecord,
    /// Replications where some patient was unaccounted for (0 in a correct model).
    pub unbalanced_replications: u64,
    /// The random number set-up.
    pub random: RandomRecord,
    /// The files of the folder.
    pub files: Vec<&'static str>,
    /// Present in a shard's partial folder: which part of the run it holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partial: Option<PartialInfo>,
    /// Present in a merged run: the partial folders it was merged from, in shard order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged_from: Option<Vec<String>>,
    /// Present when the run chose its number of replications from a target
    /// precision (`--target-precision`): the target, the cap and whether it
    /// was reached. Absent otherwise, so older run folders read the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_precision: Option<crate::experiment::precision::PrecisionRecord>,
}

/// Which part of a run a partial folder holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct PartialInfo {
    /// 0-based shard index.
    pub shard: u64,
    /// Number of shards.
    pub shards: u64,
    /// Replications of the whole run.
    pub replications_total: u64,
    /// First replication of this shard.
    pub first_replication: u64,
    /// One past the last replication of this shard.
    pub end_replication: u64,
    /// The metric columns of `replications.jsonl`, in order.
    pub metrics: Vec<String>,
}
