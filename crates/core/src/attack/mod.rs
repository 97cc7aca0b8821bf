//! The attack model: how incidents unfold in one replication (who is
//! infected, isolated or cut off from a supplier, which systems go down
//! when, and when each comes back).
//!
//! [`AttackPlan::build`] compiles a scenario's incidents, response and
//! controls against the engine's list of organisations ([`AttackTarget`]);
//! [`realise`] draws one replication's [`Realisation`]: per organisation,
//! a status and the windows during which systems are held down. The engine
//! turns windows into systems-down and systems-up events. The equations
//! and every default's source are in `docs/model/attacks.md`.
//!
//! Randomness: organisation `j` draws from its own stream of each attack
//! process (`AttackSeeding`, `AttackSpread`, `AttackEncryption`,
//! `AttackRecovery`, `AttackIsolation`), a fixed number of draws per
//! incident whatever happens, so one organisation's draws never shift
//! another's. Whether a targeted attack's initial compromise happens is
//! one draw per incident on `AttackCompromise`, made whatever the controls.

mod plan;
mod realise;
mod recovery;
mod worm;

#[cfg(test)]
mod compromise_tests;
#[cfg(test)]
mod tests;

pub use plan::AttackPlan;
pub use realise::realise;

use crate::clock::SimTime;

/// What an organisation is, as far as the attack model cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgKind {
    /// An acute trust.
    AcuteTrust,
    /// A GP practice.
    GpPractice,
    /// An ambulance service (an NHS trust too).
    AmbulanceService,
    /// A shared service (a pathology supplier, e-Referral, the network).
    SharedService,
}

/// One organisation the attack can reach, in the engine's order.
#[derive(Debug, Clone, PartialEq)]
pub struct AttackTarget {
    /// The scenario id.
    pub id: String,
    /// What it is.
    pub kind: OrgKind,
    /// Its region (worm links are strong within a region).
    pub region: String,
    /// Latitude and longitude, if known (unused by the spread model yet).
    pub location: Option<(f64, f64)>,
    /// Indices, in the same slice, of the shared services it depends on.
    pub uses_services: Vec<usize>,
}

/// How an incident left an organisation, most severe first wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AttackStatus {
    /// Nothing happened to it.
    Unaffected,
    /// Lost systems without being infected: a supplier, shared systems or
    /// an IT outage.
    Disrupted,
    /// Disconnected as a precaution, not infected.
    Isolated,
    /// Infected, encrypted or (a supplier) the service that failed.
    Infected,
}

/// Systems held down at one organisation for a while.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SystemWindow {
    /// When they go down.
    pub start: SimTime,
    /// When they come back (may lie past the horizon).
    pub end: SimTime,
    /// [`crate::scenario::ItSystem`] bits held down.
    pub systems: u16,
    /// `Some(c)`: a supplier's degraded capacity; the dependent service
    /// works at share `c` of normal instead of its paper mode.
    pub capacity_share: Option<f64>,
}

/// What happened to one organisation in one replication.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgOutcome {
    /// The most severe thing that happened.
    pub status: AttackStatus,
    /// When it was first infected (or its detonation, or its failure as a
    /// supplier).
    pub infected_at: Option<SimTime>,
    /// When it isolated as a precaution.
    pub isolated_at: Option<SimTime>,
    /// Its windows, by start then end.
    pub windows: Vec<SystemWindow>,
}

impl OrgOutcome {
    fn unaffected() -> Self {
        Self {
            status: AttackStatus::Unaffected,
            infected_at: None,
            isolated_at: None,
            windows: Vec::new(),
        }
    }

    fn raise(&mut self, status: AttackStatus) {
        self.status = self.status.max(status);
    }

    fn infect(&mut self, at: SimTime) {
        self.raise(AttackStatus::Infected);
        self.infected_at = Some(self.infected_at.map_or(at, |t| t.min(at)));
    }
}

/// One replication's attack: one outcome per target, in target order.
#[derive(Debug, Clone, PartialEq)]
pub struct Realisation {
    /// Per target, in the order of the targets given to [`realise`].
    pub organisations: Vec<OrgOutcome>,
}

/// Run-level counts of a realisation (NAO 2017 reports these for WannaCry).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AttackCounts {
    /// Trusts (acute and ambulance) infected.
    pub trusts_infected: u32,
    /// Acute trusts infected.
    pub acute_trusts_infected: u32,
    /// Trusts disrupted or isolated without being infected.
    pub trusts_disrupted_not_infected: u32,
    /// GP practices infected.
    pub gp_practices_infected: u32,
    /// GP practices disrupted or isolated without being infected.
    pub gp_practices_disrupted_not_infected: u32,
    /// Shared services infected or failed.
    pub shared_services_infected: u32,
    /// Organisations of any kind left unaffected.
    pub organisations_unaffected: u32,
}

impl Realisation {
    /// Counts by kind and status. `targets` are those given to [`realise`].
    pub fn counts(&self, targets: &[AttackTarget]) -> AttackCounts {
        let mut n = AttackCounts::default();
        for (o, t) in self.organisations.iter().zip(targets) {
            let infected = o.status == AttackStatus::Infected;
            let disrupted = matches!(o.status, AttackStatus::Disrupted | AttackStatus::Isolated);
            match t.kind {
                OrgKind::AcuteTrust | OrgKind::AmbulanceService => {
                    n.trusts_infected += u32::from(infected);
                    n.acute_trusts_infected += u32::from(infected && t.kind == OrgKind::AcuteTrust);
                    n.trusts_disrupted_not_infected += u32::from(disrupted);
                }
                OrgKind::GpPractice => {
                    n.gp_practices_infected += u32::from(infected);
                    n.gp_practices_disrupted_not_infected += u32::from(disrupted);
                }
                OrgKind::SharedService => n.shared_services_infected += u32::from(infected),
            }
            n.organisations_unaffected += u32::from(o.status == AttackStatus::Unaffected);
        }
        n
    }
}
