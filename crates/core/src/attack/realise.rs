//! Drawing one replication's [`Realisation`] from an [`AttackPlan`].

use super::plan::{AttackPlan, IsolationPlan};
use super::{AttackStatus, AttackTarget, OrgKind, OrgOutcome, Realisation, SystemWindow};
use super::{recovery, worm};
use crate::clock::{MINUTES_PER_DAY, SimTime};
use crate::distributions::uniform;
use crate::random::{Process, Stream, StreamKey};

/// One process's streams, one per organisation, made when first used.
pub(super) struct Streams {
    seed: u64,
    replication: u64,
    process: Process,
    streams: Vec<Option<Stream>>,
}

impl Streams {
    fn new(seed: u64, replication: u64, process: Process, n: usize) -> Self {
        Self {
            seed,
            replication,
            process,
            streams: (0..n).map(|_| None).collect(),
        }
    }

    /// Organisation `j`'s stream, positioned after what it has drawn.
    pub(super) fn get(&mut self, j: usize) -> &mut Stream {
        let key = StreamKey {
            seed: self.seed,
            replication: self.replication,
            process: self.process,
            organisation: u32::try_from(j).unwrap_or(u32::MAX),
        };
        self.streams[j].get_or_insert_with(|| key.stream())
    }
}

const ALL_SYSTEMS: u16 = (1 << 10) - 1;
const GP_SYSTEMS: u16 = ALL_SYSTEMS;

/// One replication of the attack: who is infected, isolated or disrupted,
/// and the windows during which their systems are down. The same (plan,
/// targets, seed, replication) always give the same realisation.
pub fn realise(
    plan: &AttackPlan,
    targets: &[AttackTarget],
    seed: u64,
    replication: u64,
) -> Realisation {
    let n = targets.len();
    let mut out: Vec<OrgOutcome> = (0..n).map(|_| OrgOutcome::unaffected()).collect();
    let streams = |p| Streams::new(seed, replication, p, n);
    let mut seeding = streams(Process::AttackSeeding);
    let mut spreading = streams(Process::AttackSpread);
    let mut encryption = streams(Process::AttackEncryption);
    let mut recovering = streams(Process::AttackRecovery);
    let mut isolating = streams(Process::AttackIsolation);

    let mut first_worm_infection: Option<SimTime> = None;
    for w in &plan.worms {
        let times = worm::spread(
            w,
            &plan.region_of,
            plan.regions,
            targets,
            &mut seeding,
            &mut spreading,
        );
        for (j, at) in times.into_iter().enumerate() {
            // Every target draws its encryption and recovery numbers, so
            // one organisation's infection never shifts another's draws.
            let enc: [f64; 10] = std::array::from_fn(|_| uniform(encryption.get(j)));
            let rng = recovering.get(j);
            let durations_h: [f64; 10] = std::array::from_fn(|_| plan.recovery_hours.sample(rng));
            let reimage_h = plan.gp_reimaging_hours.sample(rng);
            let Some(at) = at else { continue };
            first_worm_infection = Some(first_worm_infection.map_or(at, |f| f.min(at)));
            let o = &mut out[j];
            o.infect(at);
            if targets[j].kind == OrgKind::GpPractice {
                o.windows
                    .push(window(at, at + reimage_h * 60.0, GP_SYSTEMS, None));
                continue;
            }
            let down = (0..10)
                .filter(|&i| enc[i] < w.encryption[i])
                .fold(0u16, |m, i| m | 1 << i);
            let detected = at + plan.detection_delay_min;
            let durations = recovery::staged(durations_h, down, &plan.restoration_rank);
            push_per_system(o, at, detected, durations, 60.0);
        }
    }

    for (k, r) in plan.ransomware.iter().enumerate() {
        // Drawn in every replication, with or without a phishing control,
        // so a scenario and its with-control variant share the draw (CRN):
        // the control only moves the threshold.
        let compromised = uniform(
            &mut StreamKey {
                seed,
                replication,
                process: Process::AttackCompromise,
                organisation: u32::try_from(k).unwrap_or(u32::MAX),
            }
            .stream(),
        ) < r.compromise_probability;
        for &j in &r.organisations {
            let enc: [f64; 10] = std::array::from_fn(|_| uniform(encryption.get(j)));
            let rng = recovering.get(j);
            let u: [f64; 10] = std::array::from_fn(|_| uniform(rng));
            let backups_h: [f64; 10] = std::array::from_fn(|_| plan.recovery_hours.sample(rng));
            let encrypted = r.systems.unwrap_or_else(|| {
                (0..10)
                    .filter(|&i| enc[i] < r.share_encrypted)
                    .fold(0u16, |m, i| m | 1 << i)
            });
            // The draws above are made either way, so later draws on these
            // organisations' streams do not depend on the compromise.
            if !compromised {
                continue;
            }
            let down = if r.switch_everything_off {
                ALL_SYSTEMS
            } else {
                encrypted
            };
            let o = &mut out[j];
            o.infect(r.detonates);
            if plan.use_backups_for_ransomware {
                // Clean copies: restore from detection, no wait for a key.
                let detected = r.detonates + plan.detection_delay_min;
                let durations = recovery::staged(backups_h, down, &plan.restoration_rank);
                push_per_system(o, r.detonates, detected, durations, 60.0);
            } else {
                let days = u.map(|x| recovery::progress_days(&plan.progress, x));
                let durations = recovery::staged(days, down, &plan.restoration_rank);
                push_per_system(o, r.detonates, r.detonates, durations, MINUTES_PER_DAY);
            }
        }
    }

    for s in &plan.suppliers {
        for (j, t) in targets.iter().enumerate() {
            let is_service = j == s.service;
            if !is_service && !t.uses_services.contains(&s.service) {
                continue;
            }
            let o = &mut out[j];
            if let Some(&(start, _, _)) = s.steps.first() {
                if is_service {
                    o.infect(start);
                } else {
                    o.raise(AttackStatus::Disrupted);
                }
            }
            for &(from, to, share) in &s.steps {
                o.windows.push(window(from, to, s.system_bit, Some(share)));
            }
        }
    }

    for o in &plan.outages {
        let org = &mut out[o.organisation];
        org.raise(AttackStatus::Disrupted);
        org.windows.push(window(o.start, o.end, o.systems, None));
    }

    let detected_alert = first_worm_infection.map(|t| t + plan.detection_delay_min);
    for iso in &plan.isolations {
        isolate(plan, iso, targets, detected_alert, &mut isolating, &mut out);
    }

    for o in &mut out {
        o.windows
            .sort_by(|a, b| a.start.total_cmp(&b.start).then(a.end.total_cmp(&b.end)));
    }
    Realisation { organisations: out }
}

fn window(start: SimTime, end: SimTime, systems: u16, capacity_share: Option<f64>) -> SystemWindow {
    SystemWindow {
        start,
        end,
        systems,
        capacity_share,
    }
}

/// One window per down system, from `down_at` until `restore_from` plus
/// its duration (in units of `unit_min` minutes).
fn push_per_system(
    o: &mut OrgOutcome,
    down_at: SimTime,
    restore_from: SimTime,
    durations: [Option<f64>; 10],
    unit_min: f64,
) {
    for (i, d) in durations.iter().enumerate() {
        if let Some(d) = d {
            let end = (restore_from + d * unit_min).max(down_at);
            o.windows.push(window(down_at, end, 1 << i, None));
        }
    }
}

/// Precautionary isolation after the alert, and disruption through shared
/// systems. Every eligible organisation draws five numbers, whatever happens.
fn isolate(
    plan: &AttackPlan,
    iso: &IsolationPlan,
    targets: &[AttackTarget],
    detected_alert: Option<SimTime>,
    isolating: &mut Streams,
    out: &mut [OrgOutcome],
) {
    let alert = iso.alert_at.or(plan.alert_at).or(detected_alert);
    // The earliest infection in each region, for same-region sharing.
    let mut region_first = vec![None::<SimTime>; plan.regions];
    for (j, o) in out.iter().enumerate() {
        if let Some(t) = o.infected_at {
            let r = &mut region_first[plan.region_of[j]];
            *r = Some(r.map_or(t, |x: SimTime| x.min(t)));
        }
    }
    let mut partner_at = vec![None::<SimTime>; targets.len()];
    for group in &iso.groups {
        let first = group
            .iter()
            .filter_map(|&j| out[j].infected_at)
            .reduce(f64::min);
        if let Some(first) = first {
            for &j in group {
                partner_at[j] = Some(partner_at[j].map_or(first, |x: SimTime| x.min(first)));
            }
        }
    }
    for (j, t) in targets.iter().enumerate() {
        let eligible = match t.kind {
            OrgKind::AcuteTrust | OrgKind::AmbulanceService => true,
            OrgKind::GpPractice => iso.gp_included,
            OrgKind::SharedService => false,
        };
        if !eligible {
            continue;
        }
        let rng = isolating.get(j);
        let (u_isolate, u_react) = (uniform(rng), uniform(rng));
        let isolation_h = iso.duration_hours.sample(rng);
        let u_share = uniform(rng);
        let sharing_h = iso.duration_hours.sample(rng);
        let o = &mut out[j];
        let infected_at = o.infected_at;
        let not_infected_by = |t: SimTime| infected_at.is_none_or(|i| i > t);
        if let Some(alert) = alert {
            let at = alert + u_react * iso.reaction_min;
            if u_isolate < iso.probability && not_infected_by(at) {
                o.isolated_at = Some(at);
                o.raise(AttackStatus::Isolated);
                o.windows
                    .push(window(at, at + isolation_h * 60.0, iso.systems, None));
            }
        }
        let regional = region_first[plan.region_of[j]].filter(|_| u_share < iso.same_region_share);
        let shared = match (partner_at[j], regional) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(at) = shared.filter(|&at| not_infected_by(at)) {
            o.raise(AttackStatus::Disrupted);
            o.windows
                .push(window(at, at + sharing_h * 60.0, iso.systems, None));
        }
    }
}
