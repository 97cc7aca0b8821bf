//! IT systems at run time: which are down, and which are *effectively*
//! down because something they depend on is.
//!
//! Each organisation keeps a count of the incidents holding each system
//! down (outages can overlap); a system is effectively down when it, or
//! any system it depends on directly or indirectly, is down. Masks are
//! `u16` bit sets with bit `i` for `ItSystem::ALL[i]`.

use std::collections::BTreeMap;

use crate::scenario::ItSystem;

/// The dependency closure of every system, compiled once per model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItEstate {
    /// `closure[s]`: `s` and everything it depends on, as a mask.
    closure: [u16; ItSystem::ALL.len()],
}

impl ItEstate {
    /// Compiles a dependency map (validated to have no cycle; a cycle would
    /// still terminate here, each system reaching the others on it).
    pub fn new(dependencies: &BTreeMap<ItSystem, Vec<ItSystem>>) -> Self {
        let mut closure = [0u16; ItSystem::ALL.len()];
        for s in ItSystem::ALL {
            let mut mask = s.bit();
            let mut stack = vec![s];
            while let Some(x) = stack.pop() {
                for &d in dependencies.get(&x).map(Vec::as_slice).unwrap_or(&[]) {
                    if mask & d.bit() == 0 {
                        mask |= d.bit();
                        stack.push(d);
                    }
                }
            }
            closure[s as usize] = mask;
        }
        Self { closure }
    }

    /// The systems effectively down when the systems in `down` are down.
    pub fn effectively_down(&self, down: u16) -> u16 {
        ItSystem::ALL
            .iter()
            .filter(|s| self.closure[**s as usize] & down != 0)
            .fold(0, |m, s| m | s.bit())
    }
}

/// Which systems are down at one organisation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SystemsState {
    holds: [u32; ItSystem::ALL.len()],
    down: u16,
    effective: u16,
}

impl SystemsState {
    /// An incident takes the systems in `mask` down, all at the same
    /// instant (each stays down until every incident holding it has ended).
    pub fn take_down(&mut self, estate: &ItEstate, mask: u16) {
        for s in ItSystem::ALL.iter().filter(|s| mask & s.bit() != 0) {
            self.holds[*s as usize] += 1;
            self.down |= s.bit();
        }
        self.effective = estate.effectively_down(self.down);
    }

    /// An incident's hold on the systems in `mask` ends.
    pub fn release(&mut self, estate: &ItEstate, mask: u16) {
        for s in ItSystem::ALL.iter().filter(|s| mask & s.bit() != 0) {
            let h = &mut self.holds[*s as usize];
            *h = h.saturating_sub(1);
            if *h == 0 {
                self.down &= !s.bit();
            }
        }
        self.effective = estate.effectively_down(self.down);
    }

    /// Systems effectively down now.
    pub fn effective(&self) -> u16 {
        self.effective
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::default_dependencies;

    #[test]
    fn a_down_network_takes_everything_networked_with_it() {
        let estate = ItEstate::new(&default_dependencies());
        let mut s = SystemsState::default();
        s.take_down(&estate, ItSystem::Network.bit());
        let e = s.effective();
        for sys in [
            ItSystem::Network,
            ItSystem::Pas,
            ItSystem::Epr,
            ItSystem::Telephony,
            ItSystem::EReferral,
        ] {
            assert!(e & sys.bit() != 0, "{sys:?}");
        }
        assert_eq!(
            e & ItSystem::MedicalDevices.bit(),
            0,
            "stand-alone devices keep working"
        );
        s.release(&estate, ItSystem::Network.bit());
        assert_eq!(s.effective(), 0);
    }

    #[test]
    fn the_epr_needs_the_pas_but_not_the_other_way() {
        let estate = ItEstate::new(&default_dependencies());
        assert_eq!(
            estate.effectively_down(ItSystem::Pas.bit()),
            ItSystem::Pas.bit() | ItSystem::Epr.bit()
        );
        assert_eq!(
            estate.effectively_down(ItSystem::Epr.bit()),
            ItSystem::Epr.bit()
        );
    }

    #[test]
    fn overlapping_outages_hold_a_system_down_until_both_end() {
        let estate = ItEstate::new(&default_dependencies());
        let mut s = SystemsState::default();
        s.take_down(&estate, ItSystem::Email.bit());
        s.take_down(&estate, ItSystem::Email.bit());
        s.release(&estate, ItSystem::Email.bit());
        assert_eq!(s.effective(), ItSystem::Email.bit());
        s.release(&estate, ItSystem::Email.bit());
        assert_eq!(s.effective(), 0);
    }
}
