//! Cost-effectiveness of an alternative against the base, from paired
//! replications (Briggs, Claxton & Sculpher 2006, *Decision Modelling for
//! Health Economic Evaluation*, chapters 8–9: the incremental
//! cost-effectiveness ratio, net monetary benefit and the acceptability
//! curve from probabilistic sensitivity analysis).
//!
//! Per replication `i`, with incident probability `P` (the chance that the
//! incident happens in the year the controls are paid for):
//!
//! - QALYs gained `q_i` = base − alternative `qalys_lost` (difference arm:
//!   attack − counterfactual), per incident;
//! - costs averted `a_i` = the same for `lost_activity_gbp +
//!   recovery_cost_gbp + it_support_cost_gbp`, per incident;
//! - incremental cost `c_i = control cost − P·a_i` (control cost = the
//!   alternative's annual control cost − the base's);
//! - net monetary benefit at threshold λ: `NMB_i = λ·P·q_i − c_i`.
//!
//! ICER = mean(c) / (P·mean(q)). The probability of being cost-effective
//! at λ is the share of replications with `NMB_i > 0`.

use super::intervals::{Interval, paired_ci95};

/// The thresholds reported in `cost_effectiveness.csv`, in £ per QALY:
/// NICE's £20,000–£30,000 range (NICE, *Health technology evaluations:
/// the manual*, PMG36, 2022) and the Green Book's £70,000 value of a QALY
/// (HM Treasury 2021, *Wellbeing guidance for appraisal: supplementary
/// Green Book guidance*, 2019 prices).
pub const NMB_THRESHOLDS_GBP_PER_QALY: [f64; 3] = [20_000.0, 30_000.0, 70_000.0];

/// The acceptability curve's thresholds: 0 to £100,000 per QALY in steps
/// of £2,500.
pub fn ceac_thresholds_gbp_per_qaly() -> impl Iterator<Item = f64> {
    (0..=40u32).map(|k| f64::from(k) * 2_500.0)
}

/// Where the mean lies on the cost-effectiveness plane, when the ICER
/// alone would mislead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IcerNote {
    /// Cheaper and better: no ICER needed (it would be negative).
    Dominant,
    /// Dearer and worse.
    Dominated,
    /// Neither: the ICER is meaningful (or undefined for zero QALYs).
    None,
}

impl IcerNote {
    /// Its text in `cost_effectiveness.csv`.
    pub fn name(self) -> &'static str {
        match self {
            IcerNote::Dominant => "dominant",
            IcerNote::Dominated => "dominated",
            IcerNote::None => "",
        }
    }
}

/// The ICER from the mean incremental cost and the mean (expected) QALYs
/// gained: `None` when dominant, dominated or when no QALYs are gained.
pub fn icer(mean_incremental_cost_gbp: f64, mean_qalys_gained: f64) -> (Option<f64>, IcerNote) {
    if mean_qalys_gained > 0.0 && mean_incremental_cost_gbp < 0.0 {
        (None, IcerNote::Dominant)
    } else if mean_qalys_gained < 0.0 && mean_incremental_cost_gbp > 0.0 {
        (None, IcerNote::Dominated)
    } else if mean_qalys_gained == 0.0 {
        (None, IcerNote::None)
    } else {
        (
            Some(mean_incremental_cost_gbp / mean_qalys_gained),
            IcerNote::None,
        )
    }
}

/// The share of replications with a positive net monetary benefit.
pub fn probability_cost_effective(nmb_gbp: &[f64]) -> f64 {
    if nmb_gbp.is_empty() {
        return 0.0;
    }
    nmb_gbp.iter().filter(|v| **v > 0.0).count() as f64 / nmb_gbp.len() as f64
}

/// Per-replication inputs of one alternative, all per incident.
#[derive(Debug, Clone, PartialEq)]
pub struct CePairs {
    /// The replication index of each entry.
    pub replication: Vec<u64>,
    /// QALYs gained (base − alternative QALYs lost).
    pub qalys_gained: Vec<f64>,
    /// Deaths averted.
    pub deaths_averted: Vec<f64>,
    /// Costs averted, in pounds.
    pub costs_averted_gbp: Vec<f64>,
}

/// Net monetary benefit at one threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NetMonetaryBenefit {
    /// λ, £ per QALY.
    pub threshold_gbp_per_qaly: f64,
    /// Mean and paired 95% interval.
    pub nmb_gbp: Interval,
    /// Share of replications with NMB > 0.
    pub probability_cost_effective: f64,
}

/// Everything `cost_effectiveness.csv` says of one alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct CostEffectiveness {
    /// Replications used.
    pub replications: usize,
    /// `P`.
    pub incident_probability: f64,
    /// Alternative's annual control cost − the base's, in pounds.
    pub control_cost_gbp: f64,
    /// QALYs gained per incident.
    pub qalys_gained: Interval,
    /// Deaths averted per incident.
    pub deaths_averted: Interval,
    /// Mean costs averted per incident, in pounds.
    pub costs_averted_gbp_mean: f64,
    /// Incremental cost of each replication, `c_i`, in pounds.
    pub incremental_cost_gbp: Vec<f64>,
    /// Mean of `c_i`.
    pub incremental_cost_gbp_mean: f64,
    /// Mean `c` over mean `P·q`, when meaningful.
    pub icer_gbp_per_qaly: Option<f64>,
    /// Dominance.
    pub icer_note: IcerNote,
    /// At each of [`NMB_THRESHOLDS_GBP_PER_QALY`].
    pub nmb: Vec<NetMonetaryBenefit>,
    /// `(λ, probability cost-effective)` over [`ceac_thresholds_gbp_per_qaly`].
    pub ceac: Vec<(f64, f64)>,
}

/// The net monetary benefit of each replication at λ.
fn nmb_at(lambda: f64, p: f64, qalys_gained: &[f64], incremental_cost: &[f64]) -> Vec<f64> {
    qalys_gained
        .iter()
        .zip(incremental_cost)
        .map(|(q, c)| lambda * p * q - c)
        .collect()
}

/// Cost-effectiveness of one alternative; `None` for fewer than two
/// replications.
pub fn cost_effectiveness(
    pairs: &CePairs,
    control_cost_gbp: f64,
    incident_probability: f64,
) -> Option<CostEffectiveness> {
    let p = incident_probability;
    let q = &pairs.qalys_gained;
    let incremental_cost_gbp: Vec<f64> = pairs
        .costs_averted_gbp
        .iter()
        .map(|a| control_cost_gbp - p * a)
        .collect();
    let qalys_gained = paired_ci95(q)?;
    let cost = paired_ci95(&incremental_cost_gbp)?;
    let (icer_gbp_per_qaly, icer_note) = icer(cost.mean, p * qalys_gained.mean);
    let nmb = NMB_THRESHOLDS_GBP_PER_QALY
        .iter()
        .map(|&lambda| {
            let v = nmb_at(lambda, p, q, &incremental_cost_gbp);
            Some(NetMonetaryBenefit {
                threshold_gbp_per_qaly: lambda,
                nmb_gbp: paired_ci95(&v)?,
                probability_cost_effective: probability_cost_effective(&v),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let ceac = ceac_thresholds_gbp_per_qaly()
        .map(|lambda| {
            let v = nmb_at(lambda, p, q, &incremental_cost_gbp);
            (lambda, probability_cost_effective(&v))
        })
        .collect();
    Some(CostEffectiveness {
        replications: q.len(),
        incident_probability: p,
        control_cost_gbp,
        qalys_gained,
        deaths_averted: paired_ci95(&pairs.deaths_averted)?,
        costs_averted_gbp_mean: paired_ci95(&pairs.costs_averted_gbp)?.mean,
        incremental_cost_gbp_mean: cost.mean,
        incremental_cost_gbp,
        icer_gbp_per_qaly,
        icer_note,
        nmb,
        ceac,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icer_quadrants() {
        assert_eq!(icer(1000.0, 2.0), (Some(500.0), IcerNote::None));
        assert_eq!(icer(-1000.0, 2.0), (None, IcerNote::Dominant));
        assert_eq!(icer(1000.0, -2.0), (None, IcerNote::Dominated));
        assert_eq!(icer(1000.0, 0.0), (None, IcerNote::None));
        // Cheaper and worse: the ICER is the saving per QALY lost.
        assert_eq!(icer(-1000.0, -2.0), (Some(500.0), IcerNote::None));
        assert_eq!(IcerNote::Dominant.name(), "dominant");
    }

    #[test]
    fn probability_counts_strictly_positive_benefit() {
        assert_eq!(probability_cost_effective(&[1.0, 0.0, -1.0, 2.0]), 0.5);
        assert_eq!(probability_cost_effective(&[]), 0.0);
    }

    #[test]
    fn a_worked_example() {
        // Control cost £100k; QALYs gained 2, 4, 6; costs averted £0, £30k,
        // £60k; P = 0.5.
        let pairs = CePairs {
            replication: vec![0, 1, 2],
            qalys_gained: vec![2.0, 4.0, 6.0],
            deaths_averted: vec![0.0, 1.0, 2.0],
            costs_averted_gbp: vec![0.0, 30_000.0, 60_000.0],
        };
        let ce = cost_effectiveness(&pairs, 100_000.0, 0.5).unwrap();
        // c_i = 100k − 0.5·a_i = 100k, 85k, 70k; mean 85k.
        assert_eq!(ce.incremental_cost_gbp, [100_000.0, 85_000.0, 70_000.0]);
        assert_eq!(ce.incremental_cost_gbp_mean, 85_000.0);
        assert_eq!(ce.costs_averted_gbp_mean, 30_000.0);
        // ICER = 85k / (0.5·4) = 42,500.
        assert_eq!(ce.icer_gbp_per_qaly, Some(42_500.0));
        assert_eq!(ce.qalys_gained.mean, 4.0);
        assert_eq!(ce.deaths_averted.mean, 1.0);
        // NMB at £30k: 30k·0.5·q − c = −70k, −25k, +20k.
        let at30 = ce.nmb[1];
        assert_eq!(at30.threshold_gbp_per_qaly, 30_000.0);
        assert!((at30.nmb_gbp.mean - (-25_000.0)).abs() < 1e-9);
        assert!((at30.probability_cost_effective - 1.0 / 3.0).abs() < 1e-15);
        // At £70k: 70k, 140k, 210k minus cost: −30k, +55k, +140k.
        assert!((ce.nmb[2].probability_cost_effective - 2.0 / 3.0).abs() < 1e-15);
        // The curve rises from 0 (no QALY is worth anything); at £100k the
        // first replication's NMB is exactly 0, which is not a benefit.
        assert_eq!(ce.ceac.len(), 41);
        assert_eq!(ce.ceac[0], (0.0, 0.0));
        assert_eq!(ce.ceac[40], (100_000.0, 2.0 / 3.0));
        assert!(ce.ceac.windows(2).all(|w| w[0].1 <= w[1].1));
        // NMB at λ equals λ·P·mean(q) − mean(c), whatever λ.
        for n in &ce.nmb {
            let expect = n.threshold_gbp_per_qaly * 0.5 * 4.0 - 85_000.0;
            assert!((n.nmb_gbp.mean - expect).abs() < 1e-6);
        }
    }

    #[test]
    fn a_free_control_that_saves_money_and_lives_is_dominant() {
        let pairs = CePairs {
            replication: vec![0, 1, 2],
            qalys_gained: vec![1.0, 2.0],
            deaths_averted: vec![0.0, 0.0],
            costs_averted_gbp: vec![10.0, 20.0],
        };
        let ce = cost_effectiveness(&pairs, 0.0, 1.0).unwrap();
        assert_eq!(ce.icer_note, IcerNote::Dominant);
        assert_eq!(ce.icer_gbp_per_qaly, None);
        assert!(ce.nmb.iter().all(|n| n.probability_cost_effective == 1.0));
        let one = CePairs {
            replication: vec![0],
            qalys_gained: vec![1.0],
            deaths_averted: vec![1.0],
            costs_averted_gbp: vec![1.0],
        };
        assert!(
            cost_effectiveness(&one, 0.0, 1.0).is_none(),
            "no interval from one replication"
        );
    }
}
