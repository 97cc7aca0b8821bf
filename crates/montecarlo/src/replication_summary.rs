//! What the runner keeps of one replication: a few numbers per metric,
//! arm, day, group and organisation, computed on the worker thread so that
//! only small results travel back to be folded in order.

use downtime_core::metrics::{METRIC_COUNT, Metric, MetricValues};
use downtime_core::replication::{
    ArmResults, Conservation, OrganisationResults, OrganisationStatus, PairedResults,
};

/// The arms as reported: the two simulated and their paired difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReportArm {
    /// With the incidents.
    Attack,
    /// Without them.
    Counterfactual,
    /// Attack − counterfactual, per replication.
    Difference,
}

impl ReportArm {
    /// Output order.
    pub const ALL: [ReportArm; 3] = [
        ReportArm::Attack,
        ReportArm::Counterfactual,
        ReportArm::Difference,
    ];

    /// Name in output files.
    pub fn name(self) -> &'static str {
        match self {
            ReportArm::Attack => "attack",
            ReportArm::Counterfactual => "counterfactual",
            ReportArm::Difference => "difference",
        }
    }
}

/// Organisation groups reported in `daily.csv`: everyone, and the
/// organisations by what the attack did to them in that replication (so an
/// analyst can compare infected with disrupted and unaffected trusts, as
/// the published studies of WannaCry did). A group with no member in a
/// replication contributes nothing to that replication's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// Every organisation.
    All,
    /// Organisations with systems encrypted by malware.
    Infected,
    /// Organisations that lost IT without being infected (an outage,
    /// precautionary isolation, a failed supplier).
    Disrupted,
    /// Organisations no incident touched.
    Unaffected,
}

impl Group {
    /// Output order.
    pub const ALL: [Group; 4] = [
        Group::All,
        Group::Infected,
        Group::Disrupted,
        Group::Unaffected,
    ];

    /// Name in output files.
    pub fn name(self) -> &'static str {
        match self {
            Group::All => "all",
            Group::Infected => "infected",
            Group::Disrupted => "disrupted",
            Group::Unaffected => "unaffected",
        }
    }

    fn contains(self, org: &OrganisationResults) -> bool {
        match self {
            Group::All => true,
            Group::Infected => org.status == OrganisationStatus::Infected,
            Group::Disrupted => org.status == OrganisationStatus::Disrupted,
            Group::Unaffected => org.status == OrganisationStatus::Unaffected,
        }
    }
}

/// One value per metric and reported arm (`None`: not observed, e.g. a mean
/// with no patients).
pub type ArmValues = [[Option<f64>; METRIC_COUNT]; 3];

/// The reduced result of one replication.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicationSummary {
    /// Replication index.
    pub replication: u64,
    /// System-wide totals.
    pub totals: ArmValues,
    /// `daily[group][day]`.
    pub daily: Vec<Vec<ArmValues>>,
    /// `organisations[org]`.
    pub organisations: Vec<ArmValues>,
    /// Patient accounting, per simulated arm.
    pub conservation: [Conservation; 2],
    /// Events processed (the counterfactual counts only when it was simulated).
    pub events: u64,
}

impl ReplicationSummary {
    /// Reduces both arms of replication `replication`.
    pub fn from_paired(replication: u64, paired: &PairedResults) -> Self {
        let PairedResults {
            attack,
            counterfactual,
            counterfactual_simulated,
        } = paired;
        let days = attack.organisations.first().map_or(0, |o| o.daily.len());
        let everyone = |_: usize| true;

        let with_system = |arm: &ArmResults| {
            let mut v = pool(arm, everyone, |o| &o.totals);
            v.add_all(&arm.system);
            v
        };
        let totals = arm_values(&with_system(attack), &with_system(counterfactual));
        // Group membership comes from the attack arm: the counterfactual of
        // a disrupted trust is that same trust without the attack.
        let daily = Group::ALL
            .iter()
            .map(|g| {
                let member = |i: usize| g.contains(&attack.organisations[i]);
                let any = (0..attack.organisations.len()).any(member);
                (0..days)
                    .map(|d| {
                        if any {
                            arm_values(
                                &pool(attack, member, |o| &o.daily[d]),
                                &pool(counterfactual, member, |o| &o.daily[d]),
                            )
                        } else {
                            // No member this replication: nothing observed,
                            // so the group's `n` counts only replications
                            // where it had members.
                            [[None; METRIC_COUNT]; 3]
                        }
                    })
                    .collect()
            })
            .collect();
        let organisations = attack
            .organisations
            .iter()
            .zip(&counterfactual.organisations)
            .map(|(a, c)| arm_values(&a.totals, &c.totals))
            .collect();
        Self {
            replication,
            totals,
            daily,
            organisations,
            conservation: [attack.conservation, counterfactual.conservation],
            events: attack.events
                + if *counterfactual_simulated {
                    counterfactual.events
                } else {
                    0
                },
        }
    }
}

/// Adds up `pick` over the organisations selected by `include`.
fn pool(
    arm: &ArmResults,
    include: impl Fn(usize) -> bool,
    pick: impl Fn(&OrganisationResults) -> &MetricValues,
) -> MetricValues {
    let mut sum = MetricValues::default();
    for (i, org) in arm.organisations.iter().enumerate() {
        if include(i) {
            sum.add_all(pick(org));
        }
    }
    sum
}

/// The three reported arms from the two simulated ones: the difference is
/// attack − counterfactual, per metric, where both were observed.
pub fn with_difference(
    attack: [Option<f64>; METRIC_COUNT],
    counterfactual: [Option<f64>; METRIC_COUNT],
) -> ArmValues {
    let mut difference = [None; METRIC_COUNT];
    for ((d, a), c) in difference.iter_mut().zip(&attack).zip(&counterfactual) {
        *d = a.zip(*c).map(|(a, c)| a - c);
    }
    [attack, counterfactual, difference]
}

fn arm_values(attack: &MetricValues, counterfactual: &MetricValues) -> ArmValues {
    let value = |v: &MetricValues| -> [Option<f64>; METRIC_COUNT] {
        let mut out = [None; METRIC_COUNT];
        for m in Metric::ALL {
            out[*m as usize] = v.value(*m);
        }
        out
    };
    with_difference(value(attack), value(counterfactual))
}
