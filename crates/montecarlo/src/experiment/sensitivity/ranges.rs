//! What `downtime sensitivity` varies, and how far: the harm parameters
//! at the ends of their uncertainty, and a short table of scenario inputs
//! a planner would doubt, each with its low/high rule. Documented in
//! `docs/MODEL.md` ("Sensitivity analysis"); change both together.

use downtime_core::harm::{Domain, HarmEntry, Uncertainty};
use toml::{Table, Value};

use crate::stats::{normal_quantile, regularised_incomplete_beta};

/// The percentiles of a harm parameter's uncertainty taken as its low and
/// high values: the ends of its central 95% range.
pub const HARM_LOW_PERCENTILE: f64 = 0.025;
/// See [`HARM_LOW_PERCENTILE`].
pub const HARM_HIGH_PERCENTILE: f64 = 0.975;

/// The low and high values of a harm parameter: the 2.5th and 97.5th
/// percentiles of the distribution a replication draws it from (as fitted
/// in `downtime_core::harm`), clamped to its domain as draws are. `None`
/// for a parameter with no uncertainty (fixed, or overridden by the
/// scenario).
pub fn harm_range(e: &HarmEntry) -> Option<(f64, f64)> {
    let at = |p: f64| -> f64 {
        match e.uncertainty {
            Uncertainty::Fixed => e.central,
            Uncertainty::Uniform { low, high } => low + (high - low) * p,
            Uncertainty::Lognormal {
                ci_low,
                ci_high,
                ci_level,
            } => {
                // The core's fit: median = central, log-sd from the wider
                // side of the published interval at its coverage.
                let z = normal_quantile(0.5 + ci_level / 2.0);
                let sigma = (ci_high / e.central).ln().max((e.central / ci_low).ln()) / z;
                e.central * (normal_quantile(p) * sigma).exp()
            }
            Uncertainty::Beta { alpha, beta, .. } => beta_quantile(p, alpha, beta),
        }
    };
    if matches!(e.uncertainty, Uncertainty::Fixed) {
        return None;
    }
    let clamp = |v: f64| match e.parameter.domain() {
        Domain::Fraction => v.clamp(0.0, 1.0),
        Domain::NonNegative { max } => v.clamp(0.0, max),
        Domain::Ratio => v,
    };
    Some((
        significant(clamp(at(HARM_LOW_PERCENTILE))),
        significant(clamp(at(HARM_HIGH_PERCENTILE))),
    ))
}

/// `v` to 6 significant figures, so a varied value reads as written
/// (0.00435, not 0.004349999999999999) and `--set` takes it back exactly.
pub fn significant(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    format!("{v:.5e}").parse().unwrap_or(v)
}

/// The `p` quantile of Beta(a, b) by bisection on its CDF (monotone, so
/// 100 halvings reach the resolution of an `f64`).
fn beta_quantile(p: f64, a: f64, b: f64) -> f64 {
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if regularised_incomplete_beta(mid, a, b) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// How a scenario input's low and high values follow from its value `v`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// `v × low` and `v × high`.
    Scale {
        /// Multiplier for the low point.
        low: f64,
        /// Multiplier for the high point.
        high: f64,
    },
    /// For a factor whose "no effect" value is 1 (a paper-mode capacity or
    /// slow-down factor): the effect `v − 1` scaled, `1 + (v − 1) × low`
    /// and `1 + (v − 1) × high`, so the low point is the milder effect.
    EffectScale {
        /// Multiplier of the effect for the low point.
        low: f64,
        /// Multiplier of the effect for the high point.
        high: f64,
    },
}

impl Rule {
    fn apply(self, v: f64, which_high: bool) -> f64 {
        match self {
            Rule::Scale { low, high } => v * if which_high { high } else { low },
            Rule::EffectScale { low, high } => {
                1.0 + (v - 1.0) * if which_high { high } else { low }
            }
        }
    }

    /// The rule in words, for documentation and `explain`-like output.
    pub fn describe(self) -> String {
        match self {
            Rule::Scale { low, high } => format!("x{low} and x{high}"),
            Rule::EffectScale { low, high } => {
                format!("effect (value - 1) x{low} and x{high}")
            }
        }
    }
}

/// A scenario input the sensitivity analysis varies, when the scenario has it.
#[derive(Debug, Clone, Copy)]
pub struct ScenarioParameter {
    /// Its name in `sensitivity.csv` and `--only`.
    pub name: &'static str,
    /// The key, in `--set` syntax, with `[*]` for every element of an
    /// array and `*` for every key of a table: every key it matches is
    /// varied together by the same rule.
    pub pattern: &'static str,
    /// Only when this key (exact path) has this string value.
    pub when: Option<(&'static str, &'static str)>,
    /// The unit, spelt out.
    pub unit: &'static str,
    /// How the low and high values are made.
    pub rule: Rule,
    /// The key's accepted range: values are clamped into it.
    pub range: (f64, f64),
}

const HALF_AND_ONE_AND_HALF: Rule = Rule::Scale {
    low: 0.5,
    high: 1.5,
};
const EFFECT_HALF_AND_ONE_AND_HALF: Rule = Rule::EffectScale {
    low: 0.5,
    high: 1.5,
};

macro_rules! scenario_parameter {
    ($name:literal, $pattern:literal, $unit:literal, $rule:expr, $range:expr) => {
        scenario_parameter!($name, $pattern, None, $unit, $rule, $range)
    };
    ($name:literal, $pattern:literal, $when:expr, $unit:literal, $rule:expr, $range:expr) => {
        ScenarioParameter {
            name: $name,
            pattern: $pattern,
            when: $when,
            unit: $unit,
            rule: $rule,
            range: $range,
        }
    };
}

const MAX_HOURS: f64 = downtime_core::scenario::MAX_RUN_DAYS as f64 * 24.0;

/// The scenario inputs a planner would doubt, in the order they are
/// listed: how long things last, how far an attack reaches, how well
/// services work on paper. Every one is halved and raised by half (or its
/// effect is), clamped to the key's range. Why these: docs/MODEL.md.
pub const SCENARIO_PARAMETERS: &[ScenarioParameter] = &[
    scenario_parameter!(
        "outage_duration_hours",
        "incidents[*].duration_hours",
        "hours",
        HALF_AND_ONE_AND_HALF,
        (0.0, MAX_HOURS)
    ),
    scenario_parameter!(
        "share_encrypted",
        "incidents[*].share_encrypted",
        "share of systems",
        HALF_AND_ONE_AND_HALF,
        (0.0, 1.0)
    ),
    scenario_parameter!(
        "worm_transmission_per_hour",
        "incidents[*].transmission_per_hour",
        "per hour",
        HALF_AND_ONE_AND_HALF,
        (0.0, f64::MAX)
    ),
    scenario_parameter!(
        "worm_unpatched_organisation_share",
        "incidents[*].vulnerable_share.unpatched_organisation_share",
        "share of organisations",
        HALF_AND_ONE_AND_HALF,
        (0.0, 1.0)
    ),
    scenario_parameter!(
        "supplier_restored_after_days",
        "incidents[*].restored_after_days",
        "days",
        HALF_AND_ONE_AND_HALF,
        (0.0, f64::MAX)
    ),
    scenario_parameter!(
        "detection_delay_hours",
        "response.detection_delay_hours",
        "hours",
        HALF_AND_ONE_AND_HALF,
        (0.0, MAX_HOURS)
    ),
    scenario_parameter!(
        "recovery_hours_online_mean",
        "response.recovery_hours.online.mean",
        Some(("response.backup_quality", "online")),
        "hours",
        HALF_AND_ONE_AND_HALF,
        (0.0, MAX_HOURS)
    ),
    scenario_parameter!(
        "recovery_hours_offline_immutable_mean",
        "response.recovery_hours.offline_immutable.mean",
        Some(("response.backup_quality", "offline_immutable")),
        "hours",
        HALF_AND_ONE_AND_HALF,
        (0.0, MAX_HOURS)
    ),
    scenario_parameter!(
        "recovery_hours_none_mean",
        "response.recovery_hours.none.mean",
        Some(("response.backup_quality", "none")),
        "hours",
        HALF_AND_ONE_AND_HALF,
        (0.0, MAX_HOURS)
    ),
    scenario_parameter!(
        "ransomware_recovery_days",
        "response.ransomware_progress[*].day",
        "days",
        HALF_AND_ONE_AND_HALF,
        (0.0, f64::MAX)
    ),
    scenario_parameter!(
        "ed_paper_capacity_factor",
        "trusts[*].emergency_department.needs.*.capacity_factor",
        "share of cubicles",
        EFFECT_HALF_AND_ONE_AND_HALF,
        (0.01, 1.0)
    ),
    scenario_parameter!(
        "ed_paper_service_time_factor",
        "trusts[*].emergency_department.needs.*.service_time_factor",
        "times normal service time",
        EFFECT_HALF_AND_ONE_AND_HALF,
        (1.0, 10.0)
    ),
    scenario_parameter!(
        "paper_turnaround_factor",
        "trusts[*].emergency_department.diagnostics.*.paper_turnaround_factor",
        "times normal turnaround",
        EFFECT_HALF_AND_ONE_AND_HALF,
        (1.0, 100.0)
    ),
    scenario_parameter!(
        "discharge_delay_factor",
        "trusts[*].beds.discharge_delay_factor",
        "times the normal pace of discharge",
        EFFECT_HALF_AND_ONE_AND_HALF,
        (1.0, 100.0)
    ),
    scenario_parameter!(
        "discharge_with_support_share",
        "trusts[*].beds.discharge_with_support_share",
        "share of emergency admissions",
        HALF_AND_ONE_AND_HALF,
        (0.0, 1.0)
    ),
    scenario_parameter!(
        "scheduled_paper_capacity_factor",
        "trusts[*].scheduled_care.*.downtime.capacity_factor",
        "share of normal capacity",
        EFFECT_HALF_AND_ONE_AND_HALF,
        (0.0, 1.0)
    ),
    scenario_parameter!(
        "surge_extra_capacity_share",
        "trusts[*].scheduled_care.surge.extra_capacity_share",
        "share of normal capacity",
        HALF_AND_ONE_AND_HALF,
        (0.0, 1.0)
    ),
    scenario_parameter!(
        "downtime_procedures_capacity_uplift",
        "controls.downtime_procedures.capacity_uplift",
        "share of normal capacity",
        HALF_AND_ONE_AND_HALF,
        (0.0, 1.0)
    ),
];

/// A scenario input found in a scenario: every key its pattern matched,
/// with its low and high overrides.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundInput {
    /// The value of the first key matched.
    pub central: f64,
    /// The first key's low value.
    pub low: f64,
    /// The first key's high value.
    pub high: f64,
    /// `key=value` overrides of every matched key for the low point.
    pub low_sets: Vec<String>,
    /// The same for the high point.
    pub high_sets: Vec<String>,
}

/// Finds `p` in the resolved scenario `table` (the TOML of
/// `scenario::to_toml`); `None` if it has no such numeric key.
pub fn find(p: &ScenarioParameter, table: &Table) -> Option<FoundInput> {
    if let Some((key, wanted)) = p.when {
        let segments: Vec<&str> = key.split('.').collect();
        let mut matched = Vec::new();
        walk(
            &Value::Table(table.clone()),
            &segments,
            String::new(),
            &mut matched,
        );
        if !matched.iter().any(|(_, v)| v.as_str() == Some(wanted)) {
            return None;
        }
    }
    // Each key is set by replacing its whole parent table (as resolved,
    // with the one value changed): `--set a.b.mean=60` on a table the
    // scenario left to its defaults would otherwise create `a.b` holding
    // only `mean`.
    let (parent, leaf) = p.pattern.rsplit_once('.').unwrap_or(("", p.pattern));
    let segments: Vec<&str> = parent.split('.').collect();
    let mut parents = Vec::new();
    walk(
        &Value::Table(table.clone()),
        &segments,
        String::new(),
        &mut parents,
    );
    let numbers: Vec<(String, Table, f64)> = parents
        .into_iter()
        .filter_map(|(k, v)| {
            let Value::Table(t) = v else { return None };
            let x = match t.get(leaf)? {
                Value::Float(f) => *f,
                Value::Integer(i) => *i as f64,
                _ => return None,
            };
            Some((k, t, x))
        })
        .collect();
    let value = |v: f64, high: bool| significant(p.rule.apply(v, high).clamp(p.range.0, p.range.1));
    // The value reported: the first key the rule moves (the first day of
    // a recovery curve is 0, which no scaling moves), else the first key.
    let central = numbers
        .iter()
        .find(|(_, _, v)| value(*v, false) != value(*v, true))
        .or(numbers.first())?
        .2;
    let sets = |high: bool| -> Vec<String> {
        numbers
            .iter()
            .map(|(k, t, v)| {
                let mut t = t.clone();
                t.insert(leaf.to_string(), Value::Float(value(*v, high)));
                format!("{k}={}", Value::Table(t))
            })
            .collect()
    };
    Some(FoundInput {
        central,
        low: value(central, false),
        high: value(central, true),
        low_sets: sets(false),
        high_sets: sets(true),
    })
}

/// Collects `(concrete key, value)` for every path matching `segments`.
fn walk(value: &Value, segments: &[&str], prefix: String, out: &mut Vec<(String, Value)>) {
    let Some((first, rest)) = segments.split_first() else {
        out.push((prefix, value.clone()));
        return;
    };
    let join = |name: &str| {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        }
    };
    let Value::Table(t) = value else { return };
    if let Some(name) = first.strip_suffix("[*]") {
        if let Some(Value::Array(items)) = t.get(name) {
            for (i, item) in items.iter().enumerate() {
                walk(item, rest, format!("{}[{i}]", join(name)), out);
            }
        }
    } else if *first == "*" {
        for (name, item) in t {
            walk(item, rest, join(name), out);
        }
    } else if let Some(item) = t.get(*first) {
        walk(item, rest, join(first), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downtime_core::harm::HarmCatalogue;

    #[test]
    fn harm_ranges_are_the_central_95_percent() {
        let c = HarmCatalogue::embedded();
        for e in c.entries() {
            match (harm_range(e), &e.uncertainty) {
                (None, Uncertainty::Fixed) => {}
                (Some((lo, hi)), Uncertainty::Uniform { low, high }) => {
                    let close = |a: f64, b: f64| (a - b).abs() <= 1e-5 * b.abs();
                    assert!(close(lo, low + 0.025 * (high - low)));
                    assert!(close(hi, low + 0.975 * (high - low)));
                }
                (Some((lo, hi)), _) => {
                    assert!(lo < e.central && e.central < hi, "{:?}", e.parameter);
                }
                other => panic!("{:?}: {other:?}", e.parameter),
            }
        }
    }

    #[test]
    fn beta_quantiles_invert_the_cdf() {
        let q = beta_quantile(0.975, 2.0, 3.0);
        assert!((regularised_incomplete_beta(q, 2.0, 3.0) - 0.975).abs() < 1e-12);
        // Beta(1, 1) is uniform.
        assert!((beta_quantile(0.025, 1.0, 1.0) - 0.025).abs() < 1e-12);
    }

    fn table(text: &str) -> Table {
        text.parse().unwrap()
    }

    #[test]
    fn patterns_match_every_element_and_key_together() {
        let t = table(
            "[[trusts]]\n[trusts.emergency_department.needs]\nepr = { capacity_factor = 0.9 }\n\
             pas = { capacity_factor = 0.5 }\n[[trusts]]\n[trusts.emergency_department.needs]\n\
             epr = { capacity_factor = 1.0 }\n",
        );
        let p = SCENARIO_PARAMETERS
            .iter()
            .find(|p| p.name == "ed_paper_capacity_factor")
            .unwrap();
        let f = find(p, &t).unwrap();
        assert_eq!(f.central, 0.9);
        assert!((f.low - 0.95).abs() < 1e-12 && (f.high - 0.85).abs() < 1e-12);
        assert_eq!(
            f.low_sets,
            [
                "trusts[0].emergency_department.needs.epr={ capacity_factor = 0.95 }",
                "trusts[0].emergency_department.needs.pas={ capacity_factor = 0.75 }",
                "trusts[1].emergency_department.needs.epr={ capacity_factor = 1.0 }",
            ]
        );
    }

    #[test]
    fn absent_keys_and_unmet_conditions_find_nothing_and_values_are_clamped() {
        let t = table(
            "[response]\nbackup_quality = \"online\"\nrecovery_hours = { none = { mean = 480.0 } }\n\
             [[incidents]]\nshare_encrypted = 0.8\n",
        );
        let by = |n: &str| SCENARIO_PARAMETERS.iter().find(|p| p.name == n).unwrap();
        assert!(find(by("recovery_hours_none_mean"), &t).is_none());
        assert!(find(by("outage_duration_hours"), &t).is_none());
        let share = find(by("share_encrypted"), &t).unwrap();
        assert_eq!((share.low, share.high), (0.4, 1.0));
        assert_eq!(share.high_sets, ["incidents[0]={ share_encrypted = 1.0 }"]);
        let t = table(
            "[[response.ransomware_progress]]\nday = 0.0\n[[response.ransomware_progress]]\nday = 21.0\n",
        );
        let days = find(by("ransomware_recovery_days"), &t).unwrap();
        assert_eq!((days.central, days.low, days.high), (21.0, 10.5, 31.5));
        assert_eq!(
            days.low_sets[0],
            "response.ransomware_progress[0]={ day = 0.0 }"
        );
        assert_eq!(significant(0.004349999999999999), 0.00435);
    }

    #[test]
    fn names_are_unique() {
        for (i, p) in SCENARIO_PARAMETERS.iter().enumerate() {
            assert!(SCENARIO_PARAMETERS[..i].iter().all(|q| q.name != p.name));
        }
    }
}
