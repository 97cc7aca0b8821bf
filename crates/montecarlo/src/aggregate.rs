//! Folding replications into run statistics, in replication order.
//!
//! The fold is sequential and always in replication order, whatever the
//! number of threads that produced the replications, so every statistic
//! (including the streaming percentiles, which depend on order) is
//! bit-identical for any thread count.
//!
//! Memory: the system-wide totals of every replication are kept (a few
//! hundred bytes each) so `summary.csv` has exact percentiles and
//! `replications.csv` can be written; daily bands and per-organisation
//! statistics are streaming, fixed in size whatever the number of
//! replications.

use downtime_core::metrics::METRIC_COUNT;
use downtime_core::replication::Conservation;

use crate::replication_summary::{ArmValues, Group, ReplicationSummary};
use crate::stats::{BandEstimator, Welford};

/// Streaming statistics for one (metric, arm) per cell.
pub type BandCells = [[BandEstimator; METRIC_COUNT]; 3];
/// Streaming mean and interval per (arm, metric).
pub type WelfordCells = [[Welford; METRIC_COUNT]; 3];

/// Everything a run folder is written from.
#[derive(Debug, Clone)]
pub struct RunAggregate {
    /// System-wide totals of each replication, in replication order.
    pub replications: Vec<ArmValues>,
    /// `daily[group][day]`.
    pub daily: Vec<Vec<BandCells>>,
    /// `organisations[org]`.
    pub organisations: Vec<WelfordCells>,
    /// Counts over replications.
    pub tally: Tally,
}

/// Counts over replications that every run folder reports in `run.json`.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// Replications counted.
    pub replications: u64,
    /// Patient accounting summed over replications, per simulated arm.
    pub conservation: [Conservation; 2],
    /// Replications in which some patient was not accounted for (should be 0).
    pub unbalanced_replications: u64,
    /// Events processed.
    pub events: u64,
}

impl Tally {
    /// Counts one more replication.
    pub fn push(&mut self, r: &ReplicationSummary) {
        self.replications += 1;
        for (sum, c) in self.conservation.iter_mut().zip(&r.conservation) {
            sum.arrived += c.arrived;
            sum.treated += c.treated;
            sum.in_treatment_at_end += c.in_treatment_at_end;
            sum.waiting_at_end += c.waiting_at_end;
            sum.awaiting_bed_at_end += c.awaiting_bed_at_end;
            sum.in_bed_at_end += c.in_bed_at_end;
            sum.discharged += c.discharged;
            if !c.balances() {
                self.unbalanced_replications += 1;
            }
        }
        self.events += r.events;
    }
}

impl RunAggregate {
    /// An empty aggregate for a system of `organisations` over `days` reported days.
    pub fn new(organisations: usize, days: usize) -> Self {
        Self {
            replications: Vec::new(),
            daily: Group::ALL
                .iter()
                .map(|_| (0..days).map(|_| band_cells()).collect())
                .collect(),
            organisations: (0..organisations).map(|_| welford_cells()).collect(),
            tally: Tally::default(),
        }
    }

    /// Folds in the next replication. Callers must push replications in
    /// index order.
    pub fn push(&mut self, r: &ReplicationSummary) {
        debug_assert_eq!(
            r.replication,
            self.replications.len() as u64,
            "replications out of order"
        );
        self.replications.push(r.totals);
        for (group_cells, group_days) in self.daily.iter_mut().zip(&r.daily) {
            for (cells, values) in group_cells.iter_mut().zip(group_days) {
                for (arm_cells, arm_values) in cells.iter_mut().zip(values) {
                    for (cell, v) in arm_cells.iter_mut().zip(arm_values) {
                        if let Some(v) = v {
                            cell.push(*v);
                        }
                    }
                }
            }
        }
        for (cells, values) in self.organisations.iter_mut().zip(&r.organisations) {
            for (arm_cells, arm_values) in cells.iter_mut().zip(values) {
                for (cell, v) in arm_cells.iter_mut().zip(arm_values) {
                    if let Some(v) = v {
                        cell.push(*v);
                    }
                }
            }
        }
        self.tally.push(r);
    }

    /// Replications folded so far.
    pub fn n(&self) -> u64 {
        self.replications.len() as u64
    }

    /// Every value of one (arm, metric) over replications, skipping
    /// replications where it was not observed.
    pub fn values(&self, arm: usize, metric: usize) -> Vec<f64> {
        self.replications
            .iter()
            .filter_map(|r| r[arm][metric])
            .collect()
    }
}

fn band_cells() -> BandCells {
    std::array::from_fn(|_| std::array::from_fn(|_| BandEstimator::new()))
}

fn welford_cells() -> WelfordCells {
    std::array::from_fn(|_| std::array::from_fn(|_| Welford::new()))
}
