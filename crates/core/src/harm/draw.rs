//! One replication's harm parameters (probabilistic sensitivity analysis).
//!
//! Each replication draws every parameter once, from the stream keyed by
//! (seed, replication, [`Process::HarmParameters`], organisation 0). The
//! draw depends on nothing else, so the attack and counterfactual arms of
//! a replication, and any two scenarios run with the same seed, value
//! their harm with the same parameters: their difference is the scenario's
//! effect, not a different draw of the evidence.

use rand::{Rng, SeedableRng};
use rand_distr::{Beta, Distribution, LogNormal};

use super::catalogue::{HarmCatalogue, HarmEntry};
use super::parameters::{Domain, HARM_PARAMETER_COUNT, HarmParameter};
use super::uncertainty::Uncertainty;
use crate::distributions::uniform;
use crate::random::{Process, Stream, StreamKey};

/// The value of every harm parameter for one replication.
#[derive(Debug, Clone, PartialEq)]
pub struct HarmDraw {
    values: [f64; HARM_PARAMETER_COUNT],
}

impl HarmDraw {
    /// Every parameter at its central value (`--fixed-parameters`).
    pub fn central(catalogue: &HarmCatalogue) -> HarmDraw {
        let mut values = [0.0; HARM_PARAMETER_COUNT];
        for (v, e) in values.iter_mut().zip(catalogue.entries()) {
            *v = e.central;
        }
        HarmDraw { values }
    }

    /// Every parameter drawn from its uncertainty for replication
    /// `replication` of a run seeded `seed`.
    pub fn sample(catalogue: &HarmCatalogue, seed: u64, replication: u64) -> HarmDraw {
        let mut stream = StreamKey {
            seed,
            replication,
            process: Process::HarmParameters,
            organisation: 0,
        }
        .stream();
        let mut values = [0.0; HARM_PARAMETER_COUNT];
        for (v, e) in values.iter_mut().zip(catalogue.entries()) {
            // Every parameter takes exactly one number from the replication's
            // stream and seeds its own generator with it, so fixing one
            // parameter (an override) or a rejection sampler taking more
            // numbers never shifts the draws of the others.
            let mut own = Stream::seed_from_u64(stream.next_u64());
            *v = draw(e, &mut own);
        }
        HarmDraw { values }
    }

    /// The value of one parameter.
    pub fn get(&self, parameter: HarmParameter) -> f64 {
        self.values[parameter as usize]
    }
}

fn draw(e: &HarmEntry, rng: &mut Stream) -> f64 {
    let value = match e.uncertainty {
        Uncertainty::Fixed => e.central,
        Uncertainty::Uniform { low, high } => low + (high - low) * uniform(rng),
        Uncertainty::Lognormal {
            ci_low,
            ci_high,
            ci_level,
        } => {
            let sigma = Uncertainty::lognormal_sigma(e.central, ci_low, ci_high, ci_level);
            LogNormal::new(e.central.ln(), sigma).map_or(e.central, |d| d.sample(rng))
        }
        Uncertainty::Beta { alpha, beta, .. } => {
            Beta::new(alpha, beta).map_or(e.central, |d| d.sample(rng))
        }
    };
    // A log-normal tail can pass a probability's upper bound; the domain
    // is a hard physical limit, so clamp rather than redraw.
    match e.parameter.domain() {
        Domain::Fraction => value.clamp(0.0, 1.0),
        Domain::NonNegative { max } => value.clamp(0.0, max),
        Domain::Ratio => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::HarmSpec;

    fn catalogue() -> &'static HarmCatalogue {
        HarmCatalogue::embedded()
    }

    #[test]
    fn central_equals_the_catalogue() {
        let d = HarmDraw::central(catalogue());
        for e in catalogue().entries() {
            assert_eq!(d.get(e.parameter), e.central, "{}", e.parameter.name());
        }
    }

    #[test]
    fn draws_are_reproducible_and_differ_across_replications() {
        let a = HarmDraw::sample(catalogue(), 42, 3);
        assert_eq!(a, HarmDraw::sample(catalogue(), 42, 3));
        let b = HarmDraw::sample(catalogue(), 42, 4);
        let c = HarmDraw::sample(catalogue(), 43, 3);
        let p = HarmParameter::CancerTreatmentDelayHrPer4Weeks;
        assert_ne!(a.get(p), b.get(p));
        assert_ne!(a.get(p), c.get(p));
        // Fixed parameters do not move.
        assert_eq!(a.get(HarmParameter::QalyValueNiceLowerGbp), 20_000.0);
    }

    #[test]
    fn draws_stay_inside_their_domains_and_ranges() {
        for r in 0..200 {
            let d = HarmDraw::sample(catalogue(), 7, r);
            for e in catalogue().entries() {
                let v = d.get(e.parameter);
                assert!(
                    e.parameter.domain().contains(v),
                    "{} = {v}",
                    e.parameter.name()
                );
                if let Uncertainty::Uniform { low, high } = e.uncertainty {
                    assert!((low..=high).contains(&v));
                }
            }
        }
    }

    #[test]
    fn an_override_leaves_the_other_draws_alone() {
        let mut spec = HarmSpec::default();
        spec.overrides
            .insert("cancer_treatment_delay_hr_per_4_weeks".into(), 1.2);
        let fixed = catalogue().with_overrides(&spec).unwrap();
        let a = HarmDraw::sample(catalogue(), 42, 0);
        let b = HarmDraw::sample(&fixed, 42, 0);
        assert_eq!(b.get(HarmParameter::CancerTreatmentDelayHrPer4Weeks), 1.2);
        for p in &HarmParameter::ALL[1..] {
            assert_eq!(a.get(*p), b.get(*p), "{}", p.name());
        }
    }

    /// Simulated quantiles of the fitted distributions against the intervals
    /// they were fitted to: within 25% relative for betas (one shape
    /// parameter cannot match two skewed ends exactly), and the log-normal
    /// medians equal the central values.
    #[test]
    fn distributions_fit_their_intervals_by_simulation() {
        let n = 40_000;
        let mut rng = StreamKey {
            seed: 1,
            replication: 0,
            process: Process::HarmParameters,
            organisation: 0,
        }
        .stream();
        for e in catalogue().entries() {
            let (ci_low, ci_high, level) = match e.uncertainty {
                Uncertainty::Beta {
                    ci_low,
                    ci_high,
                    ci_level,
                    ..
                } => (ci_low, ci_high, ci_level),
                Uncertainty::Lognormal { .. } => {
                    let mut xs: Vec<f64> = (0..n).map(|_| draw(e, &mut rng)).collect();
                    xs.sort_by(f64::total_cmp);
                    let median = xs[n / 2];
                    assert!(
                        (median / e.central - 1.0).abs() < 0.02,
                        "{}",
                        e.parameter.name()
                    );
                    continue;
                }
                _ => continue,
            };
            let mut xs: Vec<f64> = (0..n).map(|_| draw(e, &mut rng)).collect();
            xs.sort_by(f64::total_cmp);
            let tail = (1.0 - level) / 2.0;
            let q = |p: f64| xs[((n as f64) * p) as usize];
            let name = e.parameter.name();
            assert!(
                (q(tail) / ci_low - 1.0).abs() < 0.25,
                "{name}: {} vs {ci_low}",
                q(tail)
            );
            assert!(
                (q(1.0 - tail) / ci_high - 1.0).abs() < 0.25,
                "{name}: {} vs {ci_high}",
                q(1.0 - tail)
            );
            let mean = xs.iter().sum::<f64>() / n as f64;
            assert!((mean / e.central - 1.0).abs() < 0.03, "{name}: mean {mean}");
        }
    }
}
