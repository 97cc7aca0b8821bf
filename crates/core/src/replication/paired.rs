//! Both arms of a replication, simulating only what differs, and the
//! measures that need both (days until each backlog recovers).

use super::{Arm, ArmResults, Conservation, simulate, simulate_organisations};
use crate::metrics::Metric;
use crate::model::Model;

/// Both arms of one replication.
#[derive(Debug, Clone, PartialEq)]
pub struct PairedResults {
    /// With the incidents.
    pub attack: ArmResults,
    /// Without them.
    pub counterfactual: ArmResults,
    /// Whether the counterfactual was simulated (false: it is the attack
    /// arm's results, because nothing differs).
    pub counterfactual_simulated: bool,
}

/// Runs both arms of one replication on the same random streams.
///
/// Only what differs is simulated twice. Organisations interact only
/// through diverted ambulances and mutual aid, and the counterfactual has
/// neither, so an organisation the attack arm left untouched (no incident,
/// no diverted patient in or out, no patient received under mutual aid)
/// has exactly the same run in both arms: the
/// counterfactual simulates the touched ones alone and copies the rest.
pub fn simulate_paired(model: &Model, seed: u64, replication: u64) -> PairedResults {
    let attack = simulate(model, seed, replication, Arm::Attack);
    let touched: Vec<bool> = attack.organisations.iter().map(|o| o.touched).collect();
    let counterfactual_simulated = touched.iter().any(|t| *t);
    let counterfactual = if counterfactual_simulated {
        let mut cf = simulate_organisations(
            model,
            seed,
            replication,
            Arm::Counterfactual,
            Some(&touched),
        );
        let mut conservation = Conservation::default();
        for (i, org) in cf.organisations.iter_mut().enumerate() {
            if !touched[i] {
                *org = attack.organisations[i].clone();
            }
            conservation.add(&org.conservation);
        }
        cf.conservation = conservation;
        cf
    } else {
        attack.clone()
    };
    let mut attack = attack;
    let recovery = days_to_recover(model, &attack, &counterfactual);
    for (m, days) in [
        Metric::DaysToRecoverOutpatient,
        Metric::DaysToRecoverElective,
        Metric::DaysToRecoverReferral,
    ]
    .into_iter()
    .zip(recovery)
    {
        attack.system.add(m, days);
    }
    PairedResults {
        attack,
        counterfactual,
        counterfactual_simulated,
    }
}

/// Days from the attack day until each system-wide backlog (outpatient,
/// elective, referral) is back within 1% of the counterfactual's (plus
/// half a patient, so an empty list is not missed by rounding) and stays
/// there to the end of the run. A backlog that never recovers gives the
/// days from the attack to the horizon (censored); one never above the
/// counterfactual gives 0.
fn days_to_recover(model: &Model, attack: &ArmResults, counterfactual: &ArmResults) -> [f64; 3] {
    let total = |arm: &ArmResults| {
        let days = arm
            .organisations
            .iter()
            .map(|o| o.backlogs.len())
            .max()
            .unwrap_or(0);
        let mut sum = vec![[0.0; 3]; days];
        for o in &arm.organisations {
            for (s, b) in sum.iter_mut().zip(&o.backlogs) {
                for k in 0..3 {
                    s[k] += b[k];
                }
            }
        }
        sum
    };
    let (a, c) = (total(attack), total(counterfactual));
    let attack_day = model.calendar.attack_day() as usize;
    std::array::from_fn(|k| {
        let end = a.len().min(c.len());
        if attack_day >= end {
            return 0.0;
        }
        let mut recovered_from = end;
        for d in (attack_day..end).rev() {
            if a[d][k] <= c[d][k] * 1.01 + 0.5 {
                recovered_from = d;
            } else {
                break;
            }
        }
        (recovered_from - attack_day) as f64
    })
}

impl PairedResults {
    /// Organisations the attack touched (simulated twice).
    pub fn organisations_touched(&self) -> usize {
        self.attack
            .organisations
            .iter()
            .filter(|o| o.touched)
            .count()
    }
}
