//! The worm's spread: an SI process over organisations, with a contact
//! rate that may decay in time and stops at the kill switch.
//!
//! Organisation j is infected when its cumulative force of infection
//! reaches its own threshold E_j ~ Exp(1), the standard construction of a
//! Markov SI process (docs/model/attacks.md, section 1.2). Because links
//! depend only on regions, the force on j is s_j f(t) P_r(j)(t): its
//! susceptibility, the time profile and its region's pressure. So j is
//! infected when the region's accumulated exposure reaches E_j / s_j, and
//! each event costs one pass over the regions.

use super::plan::WormPlan;
use super::realise::Streams;
use super::{AttackTarget, OrgKind};
use crate::clock::SimTime;
use crate::distributions::{exp1, uniform};

/// The integral of the time profile f(t) = exp(-decay (t - start)) for
/// start <= t < kill switch, 0 after.
struct Profile {
    start: SimTime,
    kill: SimTime,
    decay: f64,
}

impl Profile {
    fn integral(&self, a: SimTime, b: SimTime) -> f64 {
        let (a, b) = (a.min(self.kill), b.min(self.kill));
        if b <= a {
            0.0
        } else if self.decay == 0.0 {
            b - a
        } else {
            ((-self.decay * (a - self.start)).exp() - (-self.decay * (b - self.start)).exp())
                / self.decay
        }
    }

    /// The moment at which the integral from `a` reaches `need`, if before
    /// the kill switch.
    fn reach(&self, a: SimTime, need: f64) -> Option<SimTime> {
        let b = if self.decay == 0.0 {
            a + need
        } else {
            let left = (-self.decay * (a - self.start)).exp() - self.decay * need;
            if left <= 0.0 {
                return None;
            }
            self.start - left.ln() / self.decay
        };
        (b < self.kill).then_some(b)
    }
}

fn eligible(w: &WormPlan, kind: OrgKind) -> bool {
    match kind {
        OrgKind::AcuteTrust | OrgKind::AmbulanceService => true,
        OrgKind::GpPractice => w.gp_included,
        // National and shared systems were not infected by WannaCry (NAO 2017).
        OrgKind::SharedService => false,
    }
}

/// Infection times of one worm, per target (`None`: not infected).
/// Draws two numbers from each target's spread stream and one from each
/// target's seeding stream when seeds are drawn, whatever happens.
pub(super) fn spread(
    w: &WormPlan,
    region_of: &[usize],
    regions: usize,
    targets: &[AttackTarget],
    seeding: &mut Streams,
    spreading: &mut Streams,
) -> Vec<Option<SimTime>> {
    let n = targets.len();
    let mut threshold = vec![f64::INFINITY; n];
    for (j, t) in targets.iter().enumerate() {
        let rng = spreading.get(j);
        let u = uniform(rng);
        let e = exp1(rng);
        if !eligible(w, t.kind) {
            continue;
        }
        let vulnerable =
            w.fixed_share
                .get(&j)
                .copied()
                .unwrap_or(if u < w.unpatched_organisation_share {
                    w.unpatched
                } else {
                    w.patched
                });
        let kind_factor = if t.kind == OrgKind::GpPractice {
            w.gp_susceptibility
        } else {
            1.0
        };
        let s = vulnerable * kind_factor * (1.0 - w.segmentation);
        if s > 0.0 {
            threshold[j] = e / s;
        }
    }

    let mut infected: Vec<Option<SimTime>> = vec![None; n];
    for &j in &w.seeds {
        infected[j] = Some(w.start);
    }
    if w.seed_count > 0 {
        let mut candidates: Vec<(f64, usize)> = Vec::new();
        for (j, t) in targets.iter().enumerate() {
            let key = uniform(seeding.get(j));
            let in_region = w
                .seed_regions
                .as_ref()
                .is_none_or(|rs| rs.contains(&region_of[j]));
            if eligible(w, t.kind) && in_region && infected[j].is_none() {
                candidates.push((key, j));
            }
        }
        candidates.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for &(_, j) in candidates.iter().take(w.seed_count) {
            infected[j] = Some(w.start);
        }
    }

    let infectiousness = |j: usize| {
        if targets[j].kind == OrgKind::GpPractice {
            w.gp_infectiousness
        } else {
            1.0
        }
    };
    let link = |from: usize, to: usize| {
        if from == to {
            w.same_region
        } else {
            w.other_region
        }
    };
    let mut pressure = vec![w.external_per_min; regions];
    let add_source = |pressure: &mut [f64], j: usize| {
        for (r, p) in pressure.iter_mut().enumerate() {
            *p += w.beta_per_min * infectiousness(j) * link(region_of[j], r);
        }
    };
    let mut queue: Vec<Vec<(f64, usize)>> = vec![Vec::new(); regions];
    for j in 0..n {
        if infected[j].is_some() {
            add_source(&mut pressure, j);
        } else if threshold[j].is_finite() {
            queue[region_of[j]].push((threshold[j], j));
        }
    }
    // Largest threshold first, so the next to fall is popped from the end.
    for q in &mut queue {
        q.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
    }
    let profile = Profile {
        start: w.start,
        kill: w.kill_switch,
        decay: w.decay_per_min,
    };
    let mut exposure = vec![0.0; regions];
    let mut now = w.start;
    loop {
        let mut next: Option<(SimTime, usize)> = None;
        for r in 0..regions {
            let (Some(&(t, _)), true) = (queue[r].last(), pressure[r] > 0.0) else {
                continue;
            };
            let need = ((t - exposure[r]) / pressure[r]).max(0.0);
            if let Some(at) = profile.reach(now, need)
                && next.is_none_or(|(best, _)| at < best)
            {
                next = Some((at, r));
            }
        }
        let Some((at, r)) = next else { break };
        let gained = profile.integral(now, at);
        for (e, p) in exposure.iter_mut().zip(&pressure) {
            *e += p * gained;
        }
        now = at;
        if let Some((t, j)) = queue[r].pop() {
            exposure[r] = exposure[r].max(t);
            infected[j] = Some(at);
            add_source(&mut pressure, j);
        }
    }
    infected
}
