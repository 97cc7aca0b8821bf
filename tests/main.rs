//! Downtime's integration tests: one binary, one module per area.
//!
//! These run the real `downtime` binary (end to end, as a user would) or
//! the library crates together (where a statistic is checked).

// With no incident, the England-like system gives back its inputs.
mod baseline;
// Every bundled scenario validates and runs; WannaCry's structure.
mod bundled_scenarios;
// The command line: run, validate, scenarios, help, run folders.
mod cli;
// What-if comparisons (paired, cost-effectiveness) and --target-precision.
mod compare;
// The documentation stays true to the code.
mod docs;
// Same seed, same bytes, whatever the thread count.
mod determinism;
// Bad scenario input: clear errors, exit status 2, nothing written.
mod scenario_errors;
// `downtime schema` and `downtime init`: the schema matches the scenarios.
mod schema;
// Sharded runs merge to the same bytes; Slurm study folders.
mod shards;
// Sweeps and sensitivity analysis: points, pairing, ranking.
mod sweep;
// Shared helpers.
mod util;
// The emergency department against queueing theory (Erlang C, Little's law).
mod verification;
