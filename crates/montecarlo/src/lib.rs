//! # downtime-montecarlo: replications, statistics and run folders
//!
//! This crate turns the engine's single replications into an experiment:
//!
//! 1. [`runner::run`] runs N paired replications (attack and counterfactual
//!    on the same random streams) in parallel with rayon and folds them, in
//!    replication order, into a [`aggregate::RunAggregate`];
//! 2. [`output`] writes the run folder (`summary.csv`, `replications.csv`,
//!    `daily.csv`, `organisations.csv`, `run.json`) atomically.
//!
//! It knows nothing of how a hospital works: metrics come from
//! `downtime_core::metrics::METRICS`.
//!
//! ## Invariants
//! - Same seed, same scenario → byte-identical CSV files, whatever the
//!   number of threads.
//! - Only this crate writes files; it never prints.

pub mod aggregate;
pub mod experiment;
pub mod output;
pub mod replication_summary;
pub mod runner;
pub mod shards;
pub mod slurm;
pub mod stats;
pub mod warmup;
