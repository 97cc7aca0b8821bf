//! What the runner keeps of one replication: a few numbers per metric,
//! arm, day, group and organisation, computed on the worker thread so that
//! only small results travel back to be folded in order.

use downtime_core::metrics::{METRIC_COUNT, Metric, MetricValues};
use downtime_core::replication::{ArmResults, Conservation, OrganisationResults, PairedResults};

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

/// Organisation groups reported in `daily.csv`. Only `all` exists until
/// the attack model classifies organisations as infected or disrupted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// Every organisation.
    All,
}

impl Group {
    /// Output order.
    pub const ALL: [Group; 1] = [Group::All];

    /// Name in output files.
    pub fn name(self) -> &'static str {
        match self {
            Group::All => "all",
        }
    }

    fn contains(self, _org: &OrganisationResults) -> bool {
        match self {
            Group::All => true,
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

        let totals = arm_values(
            &pool(attack, everyone, |o| &o.totals),
            &pool(counterfactual, everyone, |o| &o.totals),
        );
        // Group membership comes from the attack arm: the counterfactual of
        // a disrupted trust is that same trust without the attack.
        let daily = Group::ALL
            .iter()
            .map(|g| {
                let member = |i: usize| g.contains(&attack.organisations[i]);
                (0..days)
                    .map(|d| {
                        arm_values(
                            &pool(attack, member, |o| &o.daily[d]),
                            &pool(counterfactual, member, |o| &o.daily[d]),
                        )
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
