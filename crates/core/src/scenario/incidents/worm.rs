//! The worm incident (WannaCry-like): seeds, spread between organisations
//! until a kill switch, and what an infection encrypts.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::super::validate::{Bound, Checks};
use super::super::{CivilDateTime, ItSystem};
use super::{Context, share};
use crate::scenario::ScenarioIssue;

/// A self-propagating worm: an SI process over organisations with a
/// time-varying contact rate, stopped by a kill switch
/// (docs/model/attacks.md, section 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WormSpec {
    /// Local date and time the seeds are infected.
    pub starts_at: CivilDateTime,
    /// Organisations infected at `starts_at`, by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seed_organisations: Vec<String>,
    /// Further seeds drawn at random (trusts, ambulance services and, if
    /// `gp_practices_included`, GP practices), from `seed_regions` if given.
    #[serde(default)]
    pub seed_count: u32,
    /// Regions the random seeds are drawn from. Empty: every region.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seed_regions: Vec<String>,
    /// No new infections from this moment (WannaCry: the kill-switch domain
    /// was registered at 15:08 on 12 May 2017, NAO 2017). Absent: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kill_switch_at: Option<CivilDateTime>,
    /// Contact rate beta_0 at `starts_at`: expected transmissions per hour
    /// from one infectious trust to one fully vulnerable, unsegmented trust
    /// of the same region. Default 0.02: ASSUMPTION, chosen for the
    /// incident's structure only (docs/model/attacks.md, section 1.4).
    #[serde(default = "default_transmission_per_hour")]
    pub transmission_per_hour: f64,
    /// The contact rate decays as beta(t) = beta_0 exp(-decay (t - start))
    /// (Zou, Gong & Towsley 2002: congestion and countermeasures slow a
    /// worm). Default 0: a constant rate until the kill switch.
    #[serde(default)]
    pub contact_decay_per_hour: f64,
    /// Pressure from outside the modelled system (the internet), per hour,
    /// on every organisation. Default 0: spread only from seeds.
    #[serde(default)]
    pub external_transmission_per_hour: f64,
    /// How strongly organisations are linked.
    #[serde(default)]
    pub links: WormLinksSpec,
    /// Each organisation's share of vulnerable machines.
    #[serde(default)]
    pub vulnerable_share: VulnerableShareSpec,
    /// Share of every organisation's internal network segmented off, 0 to
    /// 1: transmissions into an organisation are multiplied by (1 - this).
    /// Default 0 (ASSUMPTION: flat networks were the norm in 2017).
    #[serde(default)]
    pub segmentation: f64,
    /// Probability that an infection encrypts (or locks) each system, by
    /// system. Systems not listed keep the default
    /// ([`WormSpec::default_encryption_probability`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub encryption_probability: BTreeMap<ItSystem, f64>,
    /// Whether GP practices can be infected (WannaCry infected 595 of
    /// 7,454). Default true.
    #[serde(default = "yes")]
    pub gp_practices_included: bool,
    /// Susceptibility of a GP practice relative to a trust. Default 0.5:
    /// ASSUMPTION (8% of practices against 14% of trusts were infected,
    /// NAO 2017; -ln(0.92) / -ln(0.856) = 0.54).
    #[serde(default = "default_gp_susceptibility")]
    pub gp_practice_susceptibility: f64,
    /// What an infected GP practice passes on, relative to a trust. Default
    /// 0.02: ASSUMPTION (a practice has a few dozen PCs, a trust thousands).
    #[serde(default = "default_gp_infectiousness")]
    pub gp_practice_infectiousness: f64,
}

/// Link weights between organisations, multiplying the contact rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WormLinksSpec {
    /// Two organisations in the same region. Default 1 (the unit of
    /// `transmission_per_hour`).
    #[serde(default = "one")]
    pub same_region: f64,
    /// Two organisations in different regions, over the national network.
    /// Default 0.05: ASSUMPTION (29 of the 34 infected trusts were in two
    /// regions, NAO 2017: spread was mostly local).
    #[serde(default = "default_other_region")]
    pub other_region: f64,
}

impl Default for WormLinksSpec {
    fn default() -> Self {
        Self {
            same_region: one(),
            other_region: default_other_region(),
        }
    }
}

/// Each organisation's share of machines the worm can infect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VulnerableShareSpec {
    /// Probability that an organisation has not patched. Default 1/3:
    /// DERIVED from "patching had reached about two-thirds of trusts"
    /// (secondary, NAO 2017). Controls' `patch_coverage` overrides it.
    #[serde(default = "default_unpatched_organisations")]
    pub unpatched_organisation_share: f64,
    /// Vulnerable share of an unpatched organisation's machines. Default
    /// 0.95: ASSUMPTION (most infected machines were unpatched Windows 7).
    #[serde(default = "default_unpatched")]
    pub unpatched: f64,
    /// Vulnerable share of a patched organisation's machines: the Windows
    /// XP estate, which had no patch in May 2017. Default 0.05: CONFIRMED
    /// (about 5% of the estate ran XP, secondary, NAO 2017).
    #[serde(default = "default_patched")]
    pub patched: f64,
    /// Fixed shares for named organisations, overriding the draw.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_organisation: BTreeMap<String, f64>,
}

impl Default for VulnerableShareSpec {
    fn default() -> Self {
        Self {
            unpatched_organisation_share: default_unpatched_organisations(),
            unpatched: default_unpatched(),
            patched: default_patched(),
            by_organisation: BTreeMap::new(),
        }
    }
}

impl WormSpec {
    /// The default encryption probabilities given infection, by exposure.
    /// ASSUMPTIONS (docs/model/attacks.md, section 1.3): Windows servers
    /// and desktops behind the PAS, EPR, PACS and LIMS are most exposed;
    /// medical devices were "locked or isolated" at infected trusts (NAO
    /// 2017); the network, telephony and e-Referral link are appliances or
    /// national services the worm did not encrypt.
    pub fn default_encryption_probability() -> BTreeMap<ItSystem, f64> {
        use ItSystem::*;
        BTreeMap::from([
            (Network, 0.0),
            (Directory, 0.3),
            (Pas, 0.5),
            (Epr, 0.5),
            (Pacs, 0.6),
            (Lims, 0.6),
            (Email, 0.3),
            (EReferral, 0.0),
            (Telephony, 0.1),
            (MedicalDevices, 0.5),
        ])
    }

    /// The defaults overlaid with the scenario's probabilities.
    pub fn effective_encryption_probability(&self) -> BTreeMap<ItSystem, f64> {
        let mut p = Self::default_encryption_probability();
        p.extend(self.encryption_probability.iter().map(|(s, v)| (*s, *v)));
        p
    }
}

fn yes() -> bool {
    true
}
fn one() -> f64 {
    1.0
}
fn default_transmission_per_hour() -> f64 {
    0.02
}
fn default_other_region() -> f64 {
    0.05
}
fn default_gp_susceptibility() -> f64 {
    0.5
}
fn default_gp_infectiousness() -> f64 {
    0.02
}
fn default_unpatched_organisations() -> f64 {
    1.0 / 3.0
}
fn default_unpatched() -> f64 {
    0.95
}
fn default_patched() -> f64 {
    0.05
}

pub(super) fn check(c: &mut Checks, cx: &Context, key: &str, w: &WormSpec) {
    cx.moment(c, &format!("{key}.starts_at"), &w.starts_at);
    for (j, id) in w.seed_organisations.iter().enumerate() {
        cx.organisation(c, &format!("{key}.seed_organisations[{j}]"), id);
    }
    for (j, region) in w.seed_regions.iter().enumerate() {
        cx.region(c, &format!("{key}.seed_regions[{j}]"), region);
    }
    c.int(
        &format!("{key}.seed_count"),
        w.seed_count,
        0,
        100_000,
        "organisations",
    );
    if w.seed_organisations.is_empty() && w.seed_count == 0 {
        c.push(
            ScenarioIssue::new(format!("{key}.seed_count"), "the worm has no seeds")
                .accepted("seed_organisations = [...] or seed_count >= 1"),
        );
    }
    if let Some(kill) = &w.kill_switch_at {
        cx.moment(c, &format!("{key}.kill_switch_at"), kill);
        if kill.0 < w.starts_at.0 {
            c.push(
                ScenarioIssue::new(
                    format!("{key}.kill_switch_at"),
                    format!("{kill} is before starts_at {}", w.starts_at),
                )
                .accepted("a moment at or after starts_at"),
            );
        }
    }
    let rate = |c: &mut Checks, name: &str, v: f64| {
        c.real(
            &format!("{key}.{name}"),
            v,
            Bound::Closed(0.0),
            1000.0,
            "per hour",
        );
    };
    rate(c, "transmission_per_hour", w.transmission_per_hour);
    rate(c, "contact_decay_per_hour", w.contact_decay_per_hour);
    rate(
        c,
        "external_transmission_per_hour",
        w.external_transmission_per_hour,
    );
    let weight = |c: &mut Checks, name: &str, v: f64| {
        c.real(
            &format!("{key}.{name}"),
            v,
            Bound::Closed(0.0),
            1000.0,
            "relative weight",
        );
    };
    weight(c, "links.same_region", w.links.same_region);
    weight(c, "links.other_region", w.links.other_region);
    weight(
        c,
        "gp_practice_susceptibility",
        w.gp_practice_susceptibility,
    );
    weight(
        c,
        "gp_practice_infectiousness",
        w.gp_practice_infectiousness,
    );
    let v = &w.vulnerable_share;
    share(
        c,
        &format!("{key}.vulnerable_share.unpatched_organisation_share"),
        v.unpatched_organisation_share,
    );
    share(c, &format!("{key}.vulnerable_share.unpatched"), v.unpatched);
    share(c, &format!("{key}.vulnerable_share.patched"), v.patched);
    for (id, s) in &v.by_organisation {
        let k = format!("{key}.vulnerable_share.by_organisation.{id}");
        cx.organisation(c, &k, id);
        share(c, &k, *s);
    }
    share(c, &format!("{key}.segmentation"), w.segmentation);
    for (system, p) in &w.encryption_probability {
        share(
            c,
            &format!("{key}.encryption_probability.{}", system.name()),
            *p,
        );
    }
}
