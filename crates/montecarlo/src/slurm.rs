//! Slurm job arrays: the scripts that run a study's shards on a cluster
//! and merge them.
//!
//! A study folder holds everything a cluster run needs:
//!
//! ```text
//! STUDY/
//!   scenario.toml     the fully resolved scenario (no extends, no overrides left)
//!   array.sbatch      a job array: task I runs shard I of K into shards/shard-I
//!   merge.sbatch      merges shards/* into run/ once every task has succeeded
//!   submit.sh         submits both, the merge with --dependency=afterok on the array
//!   shards/ logs/     written by the jobs
//!   run/              the merged run folder, the same bytes as a one-machine run
//! ```
//!
//! The scripts are plain bash with `#SBATCH` headers, commented, so a user
//! can adapt them to a cluster's partitions, accounts and modules. Other
//! schedulers work the same way: each task runs
//! `downtime run scenario.toml -n N --seed S --shard I/K --out shards/shard-I`
//! with its own I (a Kubernetes Indexed Job's `JOB_COMPLETION_INDEX`, a PBS
//! array's `PBS_ARRAY_INDEX`), then one `downtime merge` runs after them.

/// What the scripts need to know.
#[derive(Debug, Clone)]
pub struct SlurmPlan {
    /// Absolute path of the `downtime` binary the jobs run.
    pub binary: String,
    /// Absolute path of the study folder.
    pub study: String,
    /// Scenario name (job names).
    pub name: String,
    /// Replications of the whole run.
    pub replications: u64,
    /// Master seed.
    pub seed: u64,
    /// Number of shards (array tasks).
    pub shards: u64,
    /// `--partition`, if any.
    pub partition: Option<String>,
    /// `--time` per task, e.g. `01:00:00`.
    pub time: String,
    /// `--cpus-per-task` (rayon threads in each task).
    pub cpus_per_task: u32,
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn common_headers(p: &SlurmPlan) -> String {
    let mut h = format!("#SBATCH --time={}\n", p.time);
    if let Some(part) = &p.partition {
        h.push_str(&format!("#SBATCH --partition={part}\n"));
    }
    h
}

/// `array.sbatch`.
pub fn array_script(p: &SlurmPlan) -> String {
    format!(
        r#"#!/bin/bash
# Downtime study `{name}`: {n} replications in {k} shards, seed {seed}.
# Task I of this job array runs shard I: the replications
# floor(I*{n}/{k}) .. floor((I+1)*{n}/{k})-1, into shards/shard-I.
# Adapt the #SBATCH lines to your cluster (account, partition, modules).
#SBATCH --job-name=downtime-{name}
#SBATCH --array=0-{last}
#SBATCH --cpus-per-task={cpus}
{common}#SBATCH --output={study_raw}/logs/shard-%a.out
set -euo pipefail
STUDY={study}
DOWNTIME={binary}
I="${{SLURM_ARRAY_TASK_ID:?run this script with sbatch}}"
# --force: a task that Slurm re-queues rewrites its own partial folder.
exec "$DOWNTIME" run "$STUDY/scenario.toml" -n {n} --seed {seed} \
  --shard "$I/{k}" --threads "${{SLURM_CPUS_PER_TASK:-1}}" \
  --out "$STUDY/shards/shard-$I" --quiet --force
"#,
        name = p.name,
        n = p.replications,
        k = p.shards,
        seed = p.seed,
        last = p.shards - 1,
        cpus = p.cpus_per_task,
        common = common_headers(p),
        study_raw = p.study,
        study = quote(&p.study),
        binary = quote(&p.binary),
    )
}

/// `merge.sbatch`.
pub fn merge_script(p: &SlurmPlan) -> String {
    format!(
        r#"#!/bin/bash
# Downtime study `{name}`: merge the {k} shards into run/ (byte-identical to a
# one-machine run of the same scenario, N and seed). Submitted by submit.sh
# with --dependency=afterok on the array, so it runs only if every task
# succeeded; --kill-on-invalid-dep=yes cancels it instead of leaving it
# pending forever if one failed.
#SBATCH --job-name=downtime-{name}-merge
#SBATCH --cpus-per-task=1
#SBATCH --kill-on-invalid-dep=yes
{common}#SBATCH --output={study_raw}/logs/merge.out
set -euo pipefail
STUDY={study}
DOWNTIME={binary}
exec "$DOWNTIME" merge "$STUDY"/shards/shard-* --out "$STUDY/run" --force
"#,
        name = p.name,
        k = p.shards,
        common = common_headers(p),
        study_raw = p.study,
        study = quote(&p.study),
        binary = quote(&p.binary),
    )
}

/// `submit.sh`: submits the array, then the merge depending on it, and
/// prints both job ids.
pub fn submit_script(p: &SlurmPlan) -> String {
    format!(
        r#"#!/bin/bash
# Submit the study: the job array, then the merge job after it.
set -euo pipefail
STUDY={study}
mkdir -p "$STUDY/logs" "$STUDY/shards"
ARRAY=$(sbatch --parsable "$STUDY/array.sbatch")
ARRAY=${{ARRAY%%;*}}
MERGE=$(sbatch --parsable --dependency=afterok:"$ARRAY" --kill-on-invalid-dep=yes "$STUDY/merge.sbatch")
MERGE=${{MERGE%%;*}}
echo "array job $ARRAY"
echo "merge job $MERGE"
"#,
        study = quote(&p.study),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> SlurmPlan {
        SlurmPlan {
            binary: "/opt/downtime/bin/downtime".into(),
            study: "/scratch/me/study it's".into(),
            name: "wannacry".into(),
            replications: 1000,
            seed: 7,
            shards: 16,
            partition: Some("short".into()),
            time: "02:00:00".into(),
            cpus_per_task: 4,
        }
    }

    #[test]
    fn the_array_runs_one_shard_per_task() {
        let s = array_script(&plan());
        assert!(s.contains("#SBATCH --array=0-15\n"));
        assert!(s.contains("#SBATCH --cpus-per-task=4\n"));
        assert!(s.contains("#SBATCH --partition=short\n"));
        assert!(s.contains("#SBATCH --time=02:00:00\n"));
        assert!(s.contains(r#"--shard "$I/16""#));
        assert!(s.contains("-n 1000 --seed 7"));
        assert!(s.contains(r"STUDY='/scratch/me/study it'\''s'"), "{s}");
    }

    #[test]
    fn the_merge_waits_for_the_array_and_dies_with_it() {
        let m = merge_script(&plan());
        assert!(m.contains("#SBATCH --kill-on-invalid-dep=yes"));
        assert!(m.contains(r#"merge "$STUDY"/shards/shard-* --out "$STUDY/run""#));
        let s = submit_script(&plan());
        assert!(s.contains("--dependency=afterok:\"$ARRAY\" --kill-on-invalid-dep=yes"));
    }
}
