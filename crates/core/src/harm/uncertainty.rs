//! How uncertain a harm parameter is, and how that is fitted to a
//! published interval.

use serde::Deserialize;

use super::parameters::Domain;

/// How uncertain a parameter is: the distribution a replication draws it
/// from in a probabilistic sensitivity analysis.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "distribution", rename_all = "lowercase", deny_unknown_fields)]
pub enum Uncertainty {
    /// Not uncertain (a convention, a price): always the central value.
    Fixed,
    /// Uniform on [low, high].
    Uniform {
        /// Lowest value.
        low: f64,
        /// Highest value.
        high: f64,
    },
    /// Log-normal with median the central value, fitted to a published
    /// interval (for ratios and small rates).
    Lognormal {
        /// Lower end of the published interval.
        ci_low: f64,
        /// Upper end of the published interval.
        ci_high: f64,
        /// Coverage of the interval (0.80, 0.90, 0.95 or 0.99).
        #[serde(default = "default_ci_level")]
        ci_level: f64,
    },
    /// Beta(alpha, beta), whose mean is the central value (for probabilities).
    Beta {
        /// First shape parameter.
        alpha: f64,
        /// Second shape parameter.
        beta: f64,
        /// Lower end of the interval it was fitted to.
        ci_low: f64,
        /// Upper end of the interval it was fitted to.
        ci_high: f64,
        /// Coverage of that interval (0.80, 0.90, 0.95 or 0.99).
        #[serde(default = "default_ci_level")]
        ci_level: f64,
    },
}

fn default_ci_level() -> f64 {
    0.95
}

/// The standard normal quantile for a two-sided interval of `level`. Only
/// the usual levels are accepted, so no quantile approximation is needed.
pub(super) fn normal_quantile_two_sided(level: f64) -> Option<f64> {
    [
        (0.80, 1.281_551_565_5),
        (0.90, 1.644_853_626_9),
        (0.95, 1.959_963_984_5),
        (0.99, 2.575_829_303_5),
    ]
    .into_iter()
    .find(|(l, _)| (l - level).abs() < 1e-12)
    .map(|(_, z)| z)
}

impl Uncertainty {
    /// The log-sd of a log-normal with median `central` whose interval
    /// covers [ci_low, ci_high]: the wider side decides, so an asymmetric
    /// (rounded) published interval is widened, never narrowed.
    pub(super) fn lognormal_sigma(central: f64, ci_low: f64, ci_high: f64, level: f64) -> f64 {
        let z = normal_quantile_two_sided(level).unwrap_or(1.959_963_984_5);
        (ci_high / central).ln().max((central / ci_low).ln()) / z
    }

    /// The uncertainty in words, e.g. "log-normal, 95% interval 1.06–1.08".
    pub fn describe(&self) -> String {
        let pct = |level: f64| (level * 100.0).round();
        match *self {
            Uncertainty::Fixed => "fixed".to_string(),
            Uncertainty::Uniform { low, high } => format!("uniform {low}–{high}"),
            Uncertainty::Lognormal {
                ci_low,
                ci_high,
                ci_level,
            } => format!("log-normal, {}% interval {ci_low}–{ci_high}", pct(ci_level)),
            Uncertainty::Beta {
                alpha,
                beta,
                ci_low,
                ci_high,
                ci_level,
            } => format!(
                "beta({alpha}, {beta}), fitted to a {}% interval {ci_low}–{ci_high}",
                pct(ci_level)
            ),
        }
    }

    /// Why this distribution does not fit `central` and `domain`, if it does not.
    pub(super) fn problem(&self, central: f64, domain: Domain) -> Option<String> {
        let finite = |xs: &[f64]| xs.iter().all(|x| x.is_finite());
        match *self {
            Uncertainty::Fixed => None,
            Uncertainty::Uniform { low, high } => {
                if !finite(&[low, high]) || low >= high {
                    Some(format!("uniform needs low < high, got {low}, {high}"))
                } else if !(low..=high).contains(&central) {
                    Some(format!("central {central} is outside {low}–{high}"))
                } else if !domain.contains(low) || !domain.contains(high) {
                    Some(format!("uniform {low}–{high} leaves {}", domain.describe()))
                } else {
                    None
                }
            }
            Uncertainty::Lognormal {
                ci_low,
                ci_high,
                ci_level,
            } => {
                if normal_quantile_two_sided(ci_level).is_none() {
                    Some(format!(
                        "ci_level {ci_level} is not 0.80, 0.90, 0.95 or 0.99"
                    ))
                } else if !finite(&[ci_low, ci_high]) || ci_low <= 0.0 || ci_low >= ci_high {
                    Some(format!(
                        "log-normal needs 0 < ci_low < ci_high, got {ci_low}, {ci_high}"
                    ))
                } else if !(ci_low..=ci_high).contains(&central) {
                    Some(format!("central {central} is outside {ci_low}–{ci_high}"))
                } else {
                    None
                }
            }
            Uncertainty::Beta {
                alpha,
                beta,
                ci_low,
                ci_high,
                ci_level,
            } => {
                let mean = alpha / (alpha + beta);
                if domain != Domain::Fraction {
                    Some("a beta distribution fits only a value in [0, 1]".to_string())
                } else if normal_quantile_two_sided(ci_level).is_none() {
                    Some(format!(
                        "ci_level {ci_level} is not 0.80, 0.90, 0.95 or 0.99"
                    ))
                } else if !finite(&[alpha, beta]) || alpha <= 0.0 || beta <= 0.0 {
                    Some(format!("beta needs alpha, beta > 0, got {alpha}, {beta}"))
                } else if (mean - central).abs() > 0.01 * central {
                    Some(format!(
                        "beta mean {mean} is not the central value {central}"
                    ))
                } else if !(ci_low..=ci_high).contains(&central) {
                    Some(format!("central {central} is outside {ci_low}–{ci_high}"))
                } else {
                    None
                }
            }
        }
    }
}
