//! Hidden harm: how much of the harm the incident-reporting system would
//! have recorded. Each harm event is reported with probability s, the
//! sensitivity (Beta, mean 0.10), lowered while the reporting system
//! itself is down: reported ~ Binomial(events, s).

use rand_distr::{Binomial, Distribution};

use super::draw::HarmDraw;
use super::parameters::HarmParameter;
use crate::random::Stream;

/// The probability that a harm event is reported, when the reporting
/// system was down for `reporting_system_down_share` of the time the
/// events happened: s × (1 − share × (1 − f)), where f is the factor by
/// which sensitivity falls while it is down. The share is clamped to
/// [0, 1] (NaN counts as 0).
pub fn reporting_probability(d: &HarmDraw, reporting_system_down_share: f64) -> f64 {
    let share = if reporting_system_down_share > 0.0 {
        reporting_system_down_share.min(1.0)
    } else {
        0.0
    };
    let sensitivity = d.get(HarmParameter::IncidentReportingSensitivity);
    let factor = d.get(HarmParameter::ReportingFactorWhileSystemDown);
    sensitivity * (1.0 - share * (1.0 - factor))
}

/// How many of `events` harm events are reported, each with probability
/// `p` (clamped to [0, 1]; NaN reports none). Draw from the
/// `Process::HarmReporting` stream so reporting never shifts other draws.
pub fn reported_events(events: u64, p: f64, rng: &mut Stream) -> u64 {
    if p.is_nan() || p <= 0.0 || events == 0 {
        return 0;
    }
    if p >= 1.0 {
        return events;
    }
    Binomial::new(events, p).map_or(0, |b| b.sample(rng))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harm::HarmCatalogue;
    use crate::random::{Process, StreamKey};

    fn stream() -> Stream {
        StreamKey {
            seed: 5,
            replication: 0,
            process: Process::HarmReporting,
            organisation: 0,
        }
        .stream()
    }

    #[test]
    fn a_down_reporting_system_lowers_the_probability() {
        let d = HarmDraw::central(HarmCatalogue::embedded());
        assert!((reporting_probability(&d, 0.0) - 0.10).abs() < 1e-12);
        assert!((reporting_probability(&d, 1.0) - 0.075).abs() < 1e-12);
        assert!((reporting_probability(&d, 0.5) - 0.0875).abs() < 1e-12);
        assert_eq!(
            reporting_probability(&d, f64::NAN),
            reporting_probability(&d, 0.0)
        );
        assert_eq!(
            reporting_probability(&d, 7.0),
            reporting_probability(&d, 1.0)
        );
    }

    #[test]
    fn reported_events_are_binomial() {
        let mut r = stream();
        assert_eq!(reported_events(0, 0.5, &mut r), 0);
        assert_eq!(reported_events(10, 0.0, &mut r), 0);
        assert_eq!(reported_events(10, f64::NAN, &mut r), 0);
        assert_eq!(reported_events(10, 1.0, &mut r), 10);
        let total: u64 = (0..2000).map(|_| reported_events(100, 0.1, &mut r)).sum();
        let mean = total as f64 / 2000.0;
        // sd of the mean = sqrt(100 × 0.1 × 0.9 / 2000) ≈ 0.067
        assert!((mean - 10.0).abs() < 0.35, "{mean}");
        let mut a = stream();
        let mut b = stream();
        assert_eq!(
            reported_events(1000, 0.1, &mut a),
            reported_events(1000, 0.1, &mut b)
        );
    }
}
