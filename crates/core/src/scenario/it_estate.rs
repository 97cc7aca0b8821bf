//! An organisation's IT estate in scenario files: the systems, what each
//! depends on, and what a service does without each system it needs.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An IT system (or a group of them) that services depend on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ItSystem {
    /// The local network and its links to the national network.
    Network,
    /// Sign-on and identity (e.g. Active Directory).
    Directory,
    /// Patient administration system: registration, booking, bed management.
    Pas,
    /// Electronic patient record: notes, orders, results, prescribing.
    Epr,
    /// Picture archiving and communication system: viewing and reporting images.
    Pacs,
    /// Laboratory information management system: ordering and reporting tests.
    Lims,
    /// Email.
    Email,
    /// The link to the national e-Referral Service.
    EReferral,
    /// Networked telephones and bleeps.
    Telephony,
    /// Networked medical devices (scanners, analysers) and their workstations.
    MedicalDevices,
}

impl ItSystem {
    /// Every system, in a fixed order (bit `i` of a system mask is `ALL[i]`).
    pub const ALL: [ItSystem; 10] = [
        ItSystem::Network,
        ItSystem::Directory,
        ItSystem::Pas,
        ItSystem::Epr,
        ItSystem::Pacs,
        ItSystem::Lims,
        ItSystem::Email,
        ItSystem::EReferral,
        ItSystem::Telephony,
        ItSystem::MedicalDevices,
    ];

    /// The name used in scenario files and outputs.
    pub fn name(self) -> &'static str {
        match self {
            ItSystem::Network => "network",
            ItSystem::Directory => "directory",
            ItSystem::Pas => "pas",
            ItSystem::Epr => "epr",
            ItSystem::Pacs => "pacs",
            ItSystem::Lims => "lims",
            ItSystem::Email => "email",
            ItSystem::EReferral => "e_referral",
            ItSystem::Telephony => "telephony",
            ItSystem::MedicalDevices => "medical_devices",
        }
    }

    /// This system's bit in a system mask.
    pub fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// The dependencies between systems, shared by every organisation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItEstateSpec {
    /// What each system needs in order to work. Systems not listed keep the
    /// default dependencies ([`default_dependencies`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub dependencies: BTreeMap<ItSystem, Vec<ItSystem>>,
}

/// The default dependency graph. ASSUMPTIONS, typical of an English acute
/// trust (docs/MODEL.md): everything networked needs the network; clinical
/// systems also need sign-on; the EPR needs the PAS for patient identity;
/// telephony is networked (the HSE lost its networked phones in 2021);
/// medical devices run stand-alone unless attacked themselves.
pub fn default_dependencies() -> BTreeMap<ItSystem, Vec<ItSystem>> {
    use ItSystem::*;
    BTreeMap::from([
        (Network, vec![]),
        (Directory, vec![Network]),
        (Pas, vec![Network, Directory]),
        (Epr, vec![Network, Directory, Pas]),
        (Pacs, vec![Network, Directory]),
        (Lims, vec![Network, Directory]),
        (Email, vec![Network, Directory]),
        (EReferral, vec![Network]),
        (Telephony, vec![Network]),
        (MedicalDevices, vec![]),
    ])
}

impl ItEstateSpec {
    /// The defaults overlaid with the scenario's dependencies.
    pub fn effective(&self) -> BTreeMap<ItSystem, Vec<ItSystem>> {
        let mut deps = default_dependencies();
        for (s, d) in &self.dependencies {
            deps.insert(*s, d.clone());
        }
        deps
    }
}

/// How a service works on paper while a system it needs is down.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PaperModeSpec {
    /// Share of normal capacity that can be worked (factors of several
    /// systems down at once multiply).
    pub capacity_factor: f64,
    /// Multiplier on service time (factors multiply too).
    pub service_time_factor: f64,
}

/// The default needs of an emergency department.
///
/// Derivation (docs/MODEL.md, section 3.4): during a 96-hour EHR breakdown
/// at three Swedish EDs the median stay rose by 8% to 35% (Front Public
/// Health 2019;7:267), an outage of every clinical system. The department's
/// own factors cover working on paper (EPR 1.10: notes, orders and
/// prescribing; PAS 1.02: registration); the PACS and the LIMS act per
/// patient through the diagnostics model instead (imaging ×1.5, pathology
/// ×1.62 on the turnaround of the patients who need them: Larsen et al.,
/// Appl Clin Inform 2019;10:495), which adds about 10% to a mean stay of
/// 150 minutes, so that all together stays on paper are about 20% longer,
/// inside the Swedish range. The split and the capacity loss on paper (EPR
/// 0.9) are ASSUMPTIONS.
pub fn default_ed_needs() -> BTreeMap<ItSystem, PaperModeSpec> {
    let paper = |capacity_factor, service_time_factor| PaperModeSpec {
        capacity_factor,
        service_time_factor,
    };
    BTreeMap::from([
        (ItSystem::Epr, paper(0.9, 1.10)),
        (ItSystem::Pas, paper(1.0, 1.02)),
    ])
}

/// A dependency cycle in `deps`, as the systems around it (first repeated
/// at the end), if there is one.
pub fn find_cycle(deps: &BTreeMap<ItSystem, Vec<ItSystem>>) -> Option<Vec<ItSystem>> {
    // Depth-first search with the path on a stack; colours 0 new, 1 on path, 2 done.
    fn visit(
        s: ItSystem,
        deps: &BTreeMap<ItSystem, Vec<ItSystem>>,
        colour: &mut [u8; 10],
        path: &mut Vec<ItSystem>,
    ) -> Option<Vec<ItSystem>> {
        colour[s as usize] = 1;
        path.push(s);
        for &d in deps.get(&s).map(Vec::as_slice).unwrap_or(&[]) {
            match colour[d as usize] {
                1 => {
                    let start = path.iter().position(|&p| p == d).unwrap_or(0);
                    let mut cycle = path[start..].to_vec();
                    cycle.push(d);
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(d, deps, colour, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        colour[s as usize] = 2;
        None
    }
    let mut colour = [0u8; 10];
    for s in ItSystem::ALL {
        if colour[s as usize] == 0
            && let Some(c) = visit(s, deps, &mut colour, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_have_no_cycle_and_a_cycle_is_found() {
        assert_eq!(find_cycle(&default_dependencies()), None);
        let mut deps = default_dependencies();
        deps.insert(ItSystem::Network, vec![ItSystem::Epr]);
        let cycle = find_cycle(&deps).unwrap();
        assert_eq!(cycle.first(), cycle.last());
        assert!(
            cycle.contains(&ItSystem::Epr) && cycle.contains(&ItSystem::Network),
            "{cycle:?}"
        );
    }

    #[test]
    fn bits_are_distinct() {
        let all = ItSystem::ALL.iter().fold(0u16, |m, s| {
            assert_eq!(m & s.bit(), 0);
            m | s.bit()
        });
        assert_eq!(all.count_ones(), 10);
        for (i, s) in ItSystem::ALL.iter().enumerate() {
            assert_eq!(*s as usize, i);
        }
    }
}
