//! Compiling a scenario's incidents, response and controls into an
//! [`AttackPlan`]: ids resolved to target indices, dates to simulated
//! minutes, distributions to samplers, controls applied.

use std::collections::BTreeMap;

use super::{AttackTarget, OrgKind};
use crate::clock::{Calendar, MINUTES_PER_DAY, SimTime};
use crate::distributions::Sampler;
use crate::scenario::{
    BackupQuality, CancellableService, CancellationSpec, DisruptionTrigger, DistributionSpec,
    IncidentSpec, ItSystem, Scenario, ScenarioIssue, SharedServiceKind,
};

/// Every incident of a scenario compiled for [`super::realise`].
#[derive(Debug, Clone)]
pub struct AttackPlan {
    pub(super) region_of: Vec<usize>,
    pub(super) regions: usize,
    pub(super) detection_delay_min: f64,
    pub(super) alert_at: Option<SimTime>,
    pub(super) use_backups_for_ransomware: bool,
    pub(super) recovery_hours: Sampler,
    /// Position of each system (by `ItSystem as usize`) in the restoration order.
    pub(super) restoration_rank: [usize; 10],
    pub(super) gp_reimaging_hours: Sampler,
    /// (day, share restored) of the targeted-ransomware recovery curve.
    pub(super) progress: Vec<(f64, f64)>,
    pub(super) worms: Vec<WormPlan>,
    pub(super) ransomware: Vec<RansomwarePlan>,
    pub(super) suppliers: Vec<SupplierPlan>,
    pub(super) isolations: Vec<IsolationPlan>,
    pub(super) outages: Vec<OutagePlan>,
    /// Cancellation policies by service, in [`CancellableService`] order
    /// (outpatient, elective, GP appointment); `None` when not listed or
    /// never triggered.
    pub(super) cancellation: [Option<CancellationSpec>; 3],
    /// The share of an affected trust's cancelled scheduled care treated
    /// elsewhere, when mutual aid is enabled.
    pub(super) mutual_aid_share: Option<f64>,
}

/// A compiled worm; rates per minute.
#[derive(Debug, Clone)]
pub(super) struct WormPlan {
    pub(super) start: SimTime,
    pub(super) kill_switch: SimTime,
    pub(super) beta_per_min: f64,
    pub(super) decay_per_min: f64,
    pub(super) external_per_min: f64,
    pub(super) same_region: f64,
    pub(super) other_region: f64,
    pub(super) seeds: Vec<usize>,
    pub(super) seed_count: usize,
    pub(super) seed_regions: Option<Vec<usize>>,
    pub(super) unpatched_organisation_share: f64,
    pub(super) unpatched: f64,
    pub(super) patched: f64,
    pub(super) fixed_share: BTreeMap<usize, f64>,
    pub(super) segmentation: f64,
    pub(super) encryption: [f64; 10],
    pub(super) gp_included: bool,
    pub(super) gp_susceptibility: f64,
    pub(super) gp_infectiousness: f64,
}

#[derive(Debug, Clone)]
pub(super) struct RansomwarePlan {
    pub(super) organisations: Vec<usize>,
    pub(super) detonates: SimTime,
    pub(super) systems: Option<u16>,
    pub(super) share_encrypted: f64,
    pub(super) switch_everything_off: bool,
    /// Chance the attacker gets in this replication: the incident's
    /// `initial_compromise_probability` times the phishing control's factor.
    pub(super) compromise_probability: f64,
}

#[derive(Debug, Clone)]
pub(super) struct SupplierPlan {
    pub(super) service: usize,
    pub(super) system_bit: u16,
    /// (start, end, capacity share), in minutes.
    pub(super) steps: Vec<(SimTime, SimTime, f64)>,
}

#[derive(Debug, Clone)]
pub(super) struct IsolationPlan {
    pub(super) alert_at: Option<SimTime>,
    pub(super) systems: u16,
    pub(super) probability: f64,
    pub(super) duration_hours: Sampler,
    pub(super) reaction_min: f64,
    pub(super) gp_included: bool,
    pub(super) groups: Vec<Vec<usize>>,
    pub(super) same_region_share: f64,
}

#[derive(Debug, Clone)]
pub(super) struct OutagePlan {
    pub(super) organisation: usize,
    pub(super) start: SimTime,
    pub(super) end: SimTime,
    pub(super) systems: u16,
}

/// Builds samplers and index lookups, collecting issues instead of failing
/// at the first.
struct Compiler<'a> {
    index: BTreeMap<&'a str, usize>,
    issues: Vec<ScenarioIssue>,
}

impl<'a> Compiler<'a> {
    fn target(&mut self, key: String, id: &str) -> Option<usize> {
        let found = self.index.get(id).copied();
        if found.is_none() {
            self.issues.push(ScenarioIssue::new(
                key,
                format!("no organisation given to the attack model has id `{id}`"),
            ));
        }
        found
    }

    fn sampler(&mut self, key: &str, spec: &DistributionSpec) -> Sampler {
        Sampler::new(spec).unwrap_or_else(|| {
            self.issues
                .push(ScenarioIssue::new(key, "is not a valid distribution"));
            Sampler::Fixed(1.0)
        })
    }
}

fn mask(systems: &[ItSystem]) -> u16 {
    systems.iter().fold(0, |m, s| m | s.bit())
}

fn all_systems() -> u16 {
    mask(&ItSystem::ALL)
}

/// The system a shared service provides to the organisations it serves.
fn service_system(kind: SharedServiceKind) -> ItSystem {
    match kind {
        SharedServiceKind::Pathology => ItSystem::Lims,
        SharedServiceKind::EReferral => ItSystem::EReferral,
        SharedServiceKind::NationalNetwork => ItSystem::Network,
    }
}

impl AttackPlan {
    /// Compiles `scenario`'s incidents against `targets` (the engine's
    /// organisations, in its order). The scenario is assumed validated;
    /// the issues returned are references to ids missing from `targets`
    /// and distributions that cannot be built.
    pub fn build(
        scenario: &Scenario,
        calendar: &Calendar,
        targets: &[AttackTarget],
    ) -> Result<AttackPlan, Vec<ScenarioIssue>> {
        let mut cx = Compiler {
            index: targets
                .iter()
                .enumerate()
                .map(|(i, t)| (t.id.as_str(), i))
                .collect(),
            issues: Vec::new(),
        };
        let mut region_names: BTreeMap<&str, usize> = BTreeMap::new();
        for t in targets {
            let next = region_names.len();
            region_names.entry(t.region.as_str()).or_insert(next);
        }
        let region_of = targets
            .iter()
            .map(|t| region_names[t.region.as_str()])
            .collect();
        let minutes = |at: &crate::scenario::CivilDateTime| calendar.minutes_at(at.0);

        let response = &scenario.response;
        let controls = &scenario.controls;
        let detection_hours = controls
            .detection_delay_hours()
            .map_or(response.detection_delay_hours, |h| {
                h.min(response.detection_delay_hours)
            });
        let backup_quality = controls.backup_quality().unwrap_or(response.backup_quality);
        let mut restoration_rank = [usize::MAX; 10];
        let listed = response.restoration_order.iter().copied();
        let order = listed.chain(ItSystem::ALL);
        let mut next = 0;
        for system in order {
            if restoration_rank[system as usize] == usize::MAX {
                restoration_rank[system as usize] = next;
                next += 1;
            }
        }
        let recovery_hours = cx.sampler(
            "response.recovery_hours",
            response.recovery_hours.for_quality(backup_quality),
        );
        let gp_reimaging_hours =
            cx.sampler("response.gp_reimaging_hours", &response.gp_reimaging_hours);

        let mut plan = AttackPlan {
            region_of,
            regions: region_names.len(),
            detection_delay_min: detection_hours * 60.0,
            alert_at: response.alert_at.as_ref().map(minutes),
            use_backups_for_ransomware: backup_quality == BackupQuality::OfflineImmutable,
            recovery_hours,
            restoration_rank,
            gp_reimaging_hours,
            progress: response
                .ransomware_progress
                .iter()
                .map(|p| (p.day, p.share_restored))
                .collect(),
            worms: Vec::new(),
            ransomware: Vec::new(),
            suppliers: Vec::new(),
            isolations: Vec::new(),
            outages: Vec::new(),
            cancellation: [
                CancellableService::Outpatient,
                CancellableService::Elective,
                CancellableService::GpAppointment,
            ]
            .map(|s| {
                response
                    .cancellation
                    .get(&s)
                    .copied()
                    .filter(|p| p.trigger != DisruptionTrigger::Never && p.share > 0.0)
            }),
            mutual_aid_share: (response.mutual_aid.enabled && response.mutual_aid.share > 0.0)
                .then_some(response.mutual_aid.share),
        };

        for (i, incident) in scenario.incidents.iter().enumerate() {
            let key = format!("incidents[{i}]");
            match incident {
                IncidentSpec::ItOutage(o) => {
                    if let Some(organisation) =
                        cx.target(format!("{key}.organisation"), &o.organisation)
                    {
                        let start = minutes(&o.starts_at);
                        plan.outages.push(OutagePlan {
                            organisation,
                            start,
                            end: start + o.duration_hours * 60.0,
                            systems: o.systems.as_deref().map_or(all_systems(), mask),
                        });
                    }
                }
                IncidentSpec::Worm(w) => {
                    let seeds = w
                        .seed_organisations
                        .iter()
                        .enumerate()
                        .filter_map(|(j, id)| {
                            cx.target(format!("{key}.seed_organisations[{j}]"), id)
                        })
                        .collect();
                    let seed_regions = (!w.seed_regions.is_empty()).then(|| {
                        w.seed_regions
                            .iter()
                            .filter_map(|r| region_names.get(r.as_str()).copied())
                            .collect()
                    });
                    let fixed_share = w
                        .vulnerable_share
                        .by_organisation
                        .iter()
                        .filter_map(|(id, s)| {
                            cx.target(format!("{key}.vulnerable_share.by_organisation.{id}"), id)
                                .map(|j| (j, *s))
                        })
                        .collect();
                    let p = w.effective_encryption_probability();
                    plan.worms.push(WormPlan {
                        start: minutes(&w.starts_at),
                        kill_switch: w.kill_switch_at.as_ref().map_or(f64::INFINITY, minutes),
                        beta_per_min: w.transmission_per_hour / 60.0,
                        decay_per_min: w.contact_decay_per_hour / 60.0,
                        external_per_min: w.external_transmission_per_hour / 60.0,
                        same_region: w.links.same_region,
                        other_region: w.links.other_region,
                        seeds,
                        seed_count: w.seed_count as usize,
                        seed_regions,
                        unpatched_organisation_share: controls
                            .unpatched_organisation_share()
                            .unwrap_or(w.vulnerable_share.unpatched_organisation_share),
                        unpatched: w.vulnerable_share.unpatched,
                        patched: w.vulnerable_share.patched,
                        fixed_share,
                        segmentation: controls
                            .segmentation()
                            .map_or(w.segmentation, |s| s.max(w.segmentation)),
                        encryption: ItSystem::ALL.map(|s| p.get(&s).copied().unwrap_or(0.0)),
                        gp_included: w.gp_practices_included,
                        gp_susceptibility: w.gp_practice_susceptibility,
                        gp_infectiousness: w.gp_practice_infectiousness,
                    });
                }
                IncidentSpec::TargetedRansomware(r) => {
                    let organisations = r
                        .organisations
                        .iter()
                        .enumerate()
                        .filter_map(|(j, id)| cx.target(format!("{key}.organisations[{j}]"), id))
                        .collect();
                    plan.ransomware.push(RansomwarePlan {
                        organisations,
                        detonates: minutes(&r.detonates_at),
                        systems: r.systems.as_deref().map(mask),
                        share_encrypted: r.share_encrypted,
                        switch_everything_off: r.switch_everything_off,
                        compromise_probability: r.initial_compromise_probability
                            * controls.compromise_multiplier(),
                    });
                }
                IncidentSpec::SupplierOutage(s) => {
                    let k = format!("{key}.service");
                    let Some(service) = cx.target(k.clone(), &s.service) else {
                        continue;
                    };
                    let kind = scenario
                        .shared_services
                        .iter()
                        .find(|x| x.id == s.service)
                        .map(|x| x.kind);
                    let (Some(kind), OrgKind::SharedService) = (kind, targets[service].kind) else {
                        cx.issues.push(ScenarioIssue::new(
                            k,
                            format!("`{}` is not a shared service", s.service),
                        ));
                        continue;
                    };
                    let start = minutes(&s.starts_at);
                    let restored = start + s.restored_after_days * MINUTES_PER_DAY;
                    let traj = &s.capacity_trajectory;
                    let steps = traj
                        .iter()
                        .enumerate()
                        .map(|(j, step)| {
                            let from = start + step.from_day * MINUTES_PER_DAY;
                            let to = traj
                                .get(j + 1)
                                .map_or(restored, |n| start + n.from_day * MINUTES_PER_DAY);
                            (from.min(restored), to.min(restored), step.capacity_share)
                        })
                        .filter(|(from, to, _)| to > from)
                        .collect();
                    plan.suppliers.push(SupplierPlan {
                        service,
                        system_bit: service_system(kind).bit(),
                        steps,
                    });
                }
                IncidentSpec::PrecautionaryIsolation(p) => {
                    let groups = p
                        .shares_systems_with
                        .iter()
                        .enumerate()
                        .map(|(g, group)| {
                            group
                                .iter()
                                .enumerate()
                                .filter_map(|(j, id)| {
                                    cx.target(format!("{key}.shares_systems_with[{g}][{j}]"), id)
                                })
                                .collect()
                        })
                        .collect();
                    let duration_hours =
                        cx.sampler(&format!("{key}.duration_hours"), &p.duration_hours);
                    plan.isolations.push(IsolationPlan {
                        alert_at: p.alert_at.as_ref().map(minutes),
                        systems: mask(&p.systems),
                        probability: p.probability,
                        duration_hours,
                        reaction_min: p.reaction_hours * 60.0,
                        gp_included: p.gp_practices_included,
                        groups,
                        same_region_share: p.same_region_share,
                    });
                }
            }
        }
        if cx.issues.is_empty() {
            Ok(plan)
        } else {
            Err(cx.issues)
        }
    }

    /// The cancellation policy of `service`, if the response has one that
    /// can fire.
    pub fn cancellation_policy(&self, service: CancellableService) -> Option<&CancellationSpec> {
        let i = match service {
            CancellableService::Outpatient => 0,
            CancellableService::Elective => 1,
            CancellableService::GpAppointment => 2,
        };
        self.cancellation[i].as_ref()
    }

    /// The share of an affected trust's cancelled scheduled care that
    /// neighbours take under mutual aid, if enabled.
    pub fn mutual_aid_share(&self) -> Option<f64> {
        self.mutual_aid_share
    }

    /// Whether the plan has no incident at all (a baseline scenario).
    pub fn is_empty(&self) -> bool {
        self.worms.is_empty()
            && self.ransomware.is_empty()
            && self.suppliers.is_empty()
            && self.isolations.is_empty()
            && self.outages.is_empty()
    }
}
