//! The Monte Carlo runner: replications in parallel, folded in order.
//!
//! Replication `i` runs both arms on streams derived from (seed, `i`), on
//! whichever rayon worker picks it up. Replications are handed out in
//! batches; each batch is collected in index order and handed on (folded
//! into a [`RunAggregate`], or streamed to a shard's partial folder) before
//! the next starts, so only a batch of results is ever in flight (memory
//! does not grow with events or threads) and the order in which results are
//! used never depends on scheduling.

use std::ops::Range;
use std::time::Instant;

use downtime_core::model::Model;
use downtime_core::replication::simulate_paired;
use rayon::prelude::*;

use crate::aggregate::RunAggregate;
use crate::output::OutputError;
use crate::replication_summary::ReplicationSummary;

/// How to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunConfig {
    /// Number of replications of the whole run (all shards).
    pub replications: u64,
    /// Master seed.
    pub seed: u64,
    /// Worker threads (0: one per core).
    pub threads: usize,
}

/// One of `count` parts of a run, for running on several machines.
///
/// Shard `index` (0-based) of `count` runs the contiguous block of
/// replications `floor(index·N/count) .. floor((index+1)·N/count)`, so the
/// blocks cover 0..N once, in order, and differ in size by at most one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 0-based index.
    pub index: u64,
    /// Number of shards.
    pub count: u64,
}

impl Shard {
    /// Parses `I/K` (0 ≤ I < K).
    pub fn parse(text: &str) -> Result<Shard, String> {
        let (i, k) = text
            .split_once('/')
            .ok_or_else(|| format!("`{text}`: expected I/K, e.g. 0/4"))?;
        let index: u64 = i
            .trim()
            .parse()
            .map_err(|_| format!("`{text}`: I must be a whole number"))?;
        let count: u64 = k
            .trim()
            .parse()
            .map_err(|_| format!("`{text}`: K must be a whole number"))?;
        if count == 0 || index >= count {
            return Err(format!("`{text}`: need 0 <= I < K"));
        }
        Ok(Shard { index, count })
    }

    /// The replications this shard runs out of `replications`.
    pub fn range(self, replications: u64) -> Range<u64> {
        let at =
            |i: u64| ((u128::from(i) * u128::from(replications)) / u128::from(self.count)) as u64;
        at(self.index)..at(self.index + 1)
    }
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

/// Why a run stopped.
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
    /// Results could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// Runs the replications in `range` of `model` and hands each one's summary
/// to `each`, in replication order. `progress(done)` is called after each
/// batch with the number handed on so far. Returns the threads used and the
/// wall-clock seconds.
pub fn for_each_replication(
    model: &Model,
    seed: u64,
    range: Range<u64>,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
    each: &mut dyn FnMut(&ReplicationSummary) -> Result<(), OutputError>,
) -> Result<(usize, f64), RunError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|source| RunError::ThreadPool { threads, source })?;
    let threads = pool.current_num_threads();
    // Enough work per batch to keep every worker busy through uneven
    // replication lengths, small enough to bound what is held at once.
    let batch = (threads as u64 * 4).max(8);

    let started = Instant::now();
    let mut next = range.start;
    while next < range.end {
        let end = (next + batch).min(range.end);
        let results: Vec<ReplicationSummary> = pool.install(|| {
            (next..end)
                .into_par_iter()
                .map(|r| ReplicationSummary::from_paired(r, &simulate_paired(model, seed, r)))
                .collect()
        });
        for r in &results {
            each(r)?;
        }
        next = end;
        progress(next - range.start);
    }
    Ok((threads, started.elapsed().as_secs_f64()))
}

/// Runs all `config.replications` paired replications of `model` and folds
/// them into a [`RunAggregate`].
pub fn run(
    model: &Model,
    config: RunConfig,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<RunOutcome, RunError> {
    let mut aggregate = RunAggregate::new(model.organisations.len(), model.calendar.report_days());
    let (threads, wall_time_s) = for_each_replication(
        model,
        config.seed,
        0..config.replications,
        config.threads,
        progress,
        &mut |r| {
            aggregate.push(r);
            Ok(())
        },
    )?;
    Ok(RunOutcome {
        aggregate,
        threads,
        wall_time_s,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_every_replication_once_in_order() {
        for n in [0u64, 1, 7, 100, 1001] {
            for k in 1..=17 {
                let mut next = 0;
                for i in 0..k {
                    let r = Shard { index: i, count: k }.range(n);
                    assert_eq!(r.start, next);
                    assert!(r.end - r.start <= n / k + 1);
                    next = r.end;
                }
                assert_eq!(next, n);
            }
        }
    }

    #[test]
    fn shard_syntax() {
        assert_eq!(Shard::parse("2/4"), Ok(Shard { index: 2, count: 4 }));
        assert!(Shard::parse("4/4").is_err());
        assert!(Shard::parse("0/0").is_err());
        assert!(Shard::parse("1").is_err());
        assert!(Shard::parse("a/2").is_err());
    }
}
