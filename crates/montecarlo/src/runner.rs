//! The Monte Carlo runner: replications in parallel, folded in order.
//!
//! Replication `i` runs both arms on streams derived from (seed, `i`), on
//! whichever rayon worker picks it up. Replications are handed out in
//! batches; each batch is collected in index order and folded into the
//! [`RunAggregate`] before the next starts, so only a batch of results is
//! ever in flight (memory does not grow with events or threads) and the
//! fold order never depends on scheduling.

use std::time::Instant;

use downtime_core::model::Model;
use downtime_core::replication::simulate_paired;
use rayon::prelude::*;

use crate::aggregate::RunAggregate;
use crate::replication_summary::ReplicationSummary;

/// How to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunConfig {
    /// Number of replications.
    pub replications: u64,
    /// Master seed.
    pub seed: u64,
    /// Worker threads (0: one per core).
    pub threads: usize,
}

/// What a run produced.
#[derive(Debug, Clone)]
pub struct RunOutcome {
    /// The statistics.
    pub aggregate: RunAggregate,
    /// Worker threads used.
    pub threads: usize,
    /// Wall-clock seconds spent simulating.
    pub wall_time_s: f64,
}

/// Why a run could not start.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The thread pool could not be built.
    #[error("cannot start {threads} worker threads: {source}")]
    ThreadPool {
        /// Threads asked for.
        threads: usize,
        /// Why.
        source: rayon::ThreadPoolBuildError,
    },
}

/// Runs `config.replications` paired replications of `model`, calling
/// `progress(done)` after each batch is folded.
pub fn run(
    model: &Model,
    config: RunConfig,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<RunOutcome, RunError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|source| RunError::ThreadPool {
            threads: config.threads,
            source,
        })?;
    let threads = pool.current_num_threads();
    // Enough work per batch to keep every worker busy through uneven
    // replication lengths, small enough to bound what is held at once.
    let batch = (threads as u64 * 4).max(8);

    let started = Instant::now();
    let mut aggregate = RunAggregate::new(model.organisations.len(), model.calendar.report_days());
    let mut next = 0;
    while next < config.replications {
        let end = (next + batch).min(config.replications);
        let results: Vec<ReplicationSummary> = pool.install(|| {
            (next..end)
                .into_par_iter()
                .map(|r| {
                    ReplicationSummary::from_paired(r, &simulate_paired(model, config.seed, r))
                })
                .collect()
        });
        for r in &results {
            aggregate.push(r);
        }
        next = end;
        progress(next);
    }
    Ok(RunOutcome {
        aggregate,
        threads,
        wall_time_s: started.elapsed().as_secs_f64(),
    })
}
