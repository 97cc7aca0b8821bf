//! The incident response as scheduled care feels it: cancellation
//! policies by service, a supplier's reduced capacity, and mutual aid.
//!
//! Everything here follows from the attack arm's realisation, known when
//! a replication starts, so it is computed once per organisation and read
//! day by day by [`super::scheduled`]. The counterfactual arm has no
//! realisation and so no response. The rules and their assumptions are in
//! `docs/model/scheduled-care.md` (section 8) and `docs/model/attacks.md`
//! (section 3).

use crate::attack::Realisation;
use crate::clock::{MINUTES_PER_DAY, SimTime};
use crate::model::Model;
use crate::model::scheduled_care::{PRACTICE_SERVICES, TRUST_SERVICES};
use crate::scenario::{CancellableService, CancellationSpec, DisruptionTrigger};

use super::supply::Supply;
use super::timeline::{Timeline, WORKING_DAY_END_MIN, WORKING_DAY_START_MIN};

/// A cancellation policy as it applies at one organisation.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Policy {
    /// Bit `s` set: the policy cancels service `s` of the organisation.
    services: u8,
    /// Share of the booked activity cancelled while it applies.
    share: f64,
    /// From the trigger ...
    from: SimTime,
    /// ... for at most `max_days`.
    until: SimTime,
    /// Systems of which one must be effectively down for the policy to
    /// hold (`ed_systems_down`); 0: it holds throughout (`infected`).
    while_down: u16,
}

/// What the response does to one organisation's scheduled care.
#[derive(Debug, Clone, Default)]
struct OrgResponse {
    policies: Vec<Policy>,
    supply: Supply,
}

impl OrgResponse {
    /// The share of day `day`'s sessions of service `s` (needing `needs`)
    /// lost to a policy or to a supplier's reduced capacity: the larger.
    fn lost_share(&self, day: u32, s: usize, needs: u16, timeline: &Timeline) -> f64 {
        let midnight = f64::from(day) * MINUTES_PER_DAY;
        let (ws, we) = (
            midnight + WORKING_DAY_START_MIN,
            midnight + WORKING_DAY_END_MIN,
        );
        let mut lost = self.supply.working_day_lost_share(day, needs);
        for p in self.policies.iter().filter(|p| p.services & (1 << s) != 0) {
            let (from, to) = (p.from.max(ws), p.until.min(we));
            if to <= from {
                continue;
            }
            let minutes = if p.while_down == 0 {
                to - from
            } else {
                timeline.minutes_down(from, to, p.while_down)
            };
            lost = lost.max(p.share * (minutes / (we - ws)).clamp(0.0, 1.0));
        }
        lost
    }
}

/// The response for every trust and practice of one replication of one
/// arm.
#[derive(Debug, Clone, Default)]
pub(super) struct CareResponse {
    trusts: Vec<OrgResponse>,
    practices: Vec<OrgResponse>,
    /// The share of an affected trust's outage-cancelled outpatients and
    /// electives that neighbours treat (attack arm, mutual aid enabled).
    pub(super) mutual_aid_share: Option<f64>,
}

/// A policy for `services` of an organisation infected at `infected_at`
/// whose trigger systems are `trigger_needs` (with their `timeline`).
fn policy(
    spec: &CancellationSpec,
    services: u8,
    infected_at: Option<SimTime>,
    trigger_needs: u16,
    timeline: &Timeline,
) -> Option<Policy> {
    let (from, while_down) = match spec.trigger {
        DisruptionTrigger::Never => return None,
        DisruptionTrigger::Infected => (infected_at?, 0),
        DisruptionTrigger::EdSystemsDown => (timeline.first_down(trigger_needs)?, trigger_needs),
    };
    Some(Policy {
        services,
        share: spec.share,
        from,
        until: from + spec.max_days * MINUTES_PER_DAY,
        while_down,
    })
}

impl CareResponse {
    /// The response of the attack arm's `realisation` (none without one).
    pub(super) fn new(
        model: &Model,
        realisation: Option<&Realisation>,
        trust_timelines: &[Timeline],
        practice_timelines: &[Timeline],
    ) -> Self {
        let Some(r) = realisation else {
            return Self::default();
        };
        let plan = &model.attack;
        let outpatient = plan.cancellation_policy(CancellableService::Outpatient);
        let elective = plan.cancellation_policy(CancellableService::Elective);
        let gp = plan.cancellation_policy(CancellableService::GpAppointment);
        let trusts = (0..model.organisations.len())
            .map(|i| {
                let outcome = &r.organisations[i];
                let timeline = &trust_timelines[i];
                // A trust's `ed_systems_down` is its emergency department's
                // needs, as for diversion.
                let ed_needs = model.organisations[i]
                    .emergency_department
                    .needs
                    .iter()
                    .fold(0u16, |m, n| m | n.system_bit);
                let policies = [(outpatient, 0b0011u8), (elective, 0b1100u8)]
                    .into_iter()
                    .filter_map(|(spec, services)| {
                        policy(spec?, services, outcome.infected_at, ed_needs, timeline)
                    })
                    .collect();
                OrgResponse {
                    policies,
                    supply: Supply::new(&outcome.windows),
                }
            })
            .collect();
        let practices = model
            .practices
            .iter()
            .enumerate()
            .map(|(j, p)| {
                let outcome = &r.organisations[model.organisations.len() + j];
                // A practice has no emergency department: its own
                // clinical systems (what its appointments need) stand in.
                let own_needs = p.care.service_needs()[0];
                let policies = gp
                    .and_then(|spec| {
                        policy(
                            spec,
                            0b01,
                            outcome.infected_at,
                            own_needs,
                            &practice_timelines[j],
                        )
                    })
                    .into_iter()
                    .collect();
                OrgResponse {
                    policies,
                    supply: Supply::new(&outcome.windows),
                }
            })
            .collect();
        Self {
            trusts,
            practices,
            mutual_aid_share: plan.mutual_aid_share(),
        }
    }

    /// Trust `i`'s sessions lost on `day`, per service.
    pub(super) fn trust_day(
        &self,
        i: usize,
        day: u32,
        needs: &[u16; TRUST_SERVICES],
        timeline: &Timeline,
    ) -> [f64; TRUST_SERVICES] {
        self.trusts.get(i).map_or([0.0; TRUST_SERVICES], |o| {
            std::array::from_fn(|s| o.lost_share(day, s, needs[s], timeline))
        })
    }

    /// Practice `j`'s sessions lost on `day`, per service.
    pub(super) fn practice_day(
        &self,
        j: usize,
        day: u32,
        needs: &[u16; PRACTICE_SERVICES],
        timeline: &Timeline,
    ) -> [f64; PRACTICE_SERVICES] {
        self.practices.get(j).map_or([0.0; PRACTICE_SERVICES], |o| {
            std::array::from_fn(|s| o.lost_share(day, s, needs[s], timeline))
        })
    }
}

#[cfg(test)]
pub(super) mod tests_support {
    use super::*;
    use crate::attack::SystemWindow;

    /// The share of day `day`'s sessions a lone policy (on service 0)
    /// takes.
    pub(in crate::replication) fn lost_share_of_policy(
        share: f64,
        from: SimTime,
        max_days: f64,
        while_down: u16,
        timeline: &Timeline,
        day: u32,
    ) -> f64 {
        let o = OrgResponse {
            policies: vec![Policy {
                services: 1,
                share,
                from,
                until: from + max_days * MINUTES_PER_DAY,
                while_down,
            }],
            supply: Supply::default(),
        };
        o.lost_share(day, 0, 0, timeline)
    }

    /// The share of day `day`'s sessions needing `needs` that a supplier's
    /// `windows` take.
    pub(in crate::replication) fn supply_lost_share(
        windows: &[SystemWindow],
        day: u32,
        needs: u16,
    ) -> f64 {
        let o = OrgResponse {
            policies: Vec::new(),
            supply: Supply::new(windows),
        };
        o.lost_share(day, 0, needs, &Timeline::default())
    }
}
