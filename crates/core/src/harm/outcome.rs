//! What a harm mechanism returns: expected deaths, QALYs and harm events.

use std::iter::Sum;
use std::ops::{Add, AddAssign};

/// The harm a mechanism attributes to a delay. All three are expectations
/// (fractions allowed), adding up over patients, mechanisms and days.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Harm {
    /// Expected excess deaths.
    pub excess_deaths: f64,
    /// Expected QALYs lost (3.5% discounted where the source allows),
    /// including those of the excess deaths.
    pub qalys_lost: f64,
    /// Patients whose delay passed the mechanism's stated harm threshold:
    /// the events an incident-reporting system could have recorded.
    pub harm_events: f64,
}

impl Add for Harm {
    type Output = Harm;

    fn add(self, other: Harm) -> Harm {
        Harm {
            excess_deaths: self.excess_deaths + other.excess_deaths,
            qalys_lost: self.qalys_lost + other.qalys_lost,
            harm_events: self.harm_events + other.harm_events,
        }
    }
}

impl AddAssign for Harm {
    fn add_assign(&mut self, other: Harm) {
        *self = *self + other;
    }
}

impl Sum for Harm {
    fn sum<I: Iterator<Item = Harm>>(iter: I) -> Harm {
        iter.fold(Harm::default(), Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harm_adds_up_field_by_field() {
        let a = Harm {
            excess_deaths: 1.0,
            qalys_lost: 2.0,
            harm_events: 3.0,
        };
        let mut b = a + a;
        b += a;
        assert_eq!(
            b,
            Harm {
                excess_deaths: 3.0,
                qalys_lost: 6.0,
                harm_events: 9.0
            }
        );
        assert_eq!([a, a, a].into_iter().sum::<Harm>(), b);
    }
}
