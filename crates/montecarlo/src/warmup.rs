//! Choosing the warm-up length: MSER and MSER-5 (White 1997), with Welch's
//! moving average as a graphical cross-check.
//!
//! Every replication starts empty and idle (docs/MODEL.md, section 4.1), so
//! its first days under-state queues and waits. The warm-up
//! (`calendar.warm_up_days`) discards them. This module chooses its length
//! by a stated method:
//!
//! 1. **Pilot runs.** The scenario's *counterfactual* arm (no incident) is
//!    run for a number of replications with no warm-up, reporting from the
//!    first simulated day ([`counterfactual_daily_means`]; the calendar is
//!    overridden with [`pilot_overrides`]).
//! 2. **The output that fills slowest.** Each replication's daily series of
//!    `ed_wait_min_mean` and `ed_queue_length_mean` (organisations pooled)
//!    is averaged across replications, day by day. Averaging replications
//!    before truncating is the approach of Hoad, Robinson & Davies (2010),
//!    who found MSER-5 applied to the replication mean the most reliable of
//!    the automated methods they compared.
//! 3. **MSER** ([`mser`]). For a series `x₁ … xₙ` (the batch means), the
//!    marginal standard error rule of White (1997) truncates the first `d`
//!    values where `d` minimises
//!
//!    ```text
//!    MSER(d) = Σ_{i=d+1..n} (xᵢ − x̄₍d₎)² / (n − d)²,   x̄₍d₎ = mean of x_{d+1..n}
//!    ```
//!
//!    that is, the squared width of a confidence interval of the truncated
//!    mean: truncating more removes bias (the values far from the steady
//!    state) but leaves fewer values. The minimum is sought over the first
//!    half of the series only (`d ≤ n/2`): the statistic is unreliable when
//!    few values remain (it is 0 with one), and a minimum in the second
//!    half means the run is too short to say (White, Cobb & Spratt 2000).
//!    [`MserResult::at_search_limit`] flags a minimum at that limit.
//! 4. **MSER-5.** With many values the series is first cut into batches of
//!    5 consecutive values and the rule applied to the batch means, which
//!    smooths the noise (White, Cobb & Spratt 2000). The pilot runs give one
//!    value a day, which is coarse, so [`batch_size_for`] batches by 5 only
//!    from [`MSER5_FROM_POINTS`] values on and uses plain MSER (batches of
//!    1) below.
//!
//! The warm-up recommended is the truncation point in days, the largest
//! over the metrics. [`welch_moving_average`] gives the centred moving
//! average of Welch's graphical method (Welch 1983), for a person to check
//! the recommendation by eye.
//!
//! References:
//! - White KP Jr. An effective truncation heuristic for bias reduction in
//!   simulation output. *Simulation* 1997;69(6):323–334.
//! - White KP Jr, Cobb MJ, Spratt SC. A comparison of five steady-state
//!   truncation heuristics for simulation. *Proceedings of the 2000 Winter
//!   Simulation Conference*, 755–760.
//! - Hoad K, Robinson S, Davies R. Automating warm-up length estimation.
//!   *Journal of the Operational Research Society* 2010;61(9):1389–1403.
//! - Welch PD. The statistical analysis of simulation results. In: Lavenberg
//!   SS (ed.), *Computer Performance Modeling Handbook*. Academic Press;
//!   1983. p. 268–328.
//!
//! Everything here is deterministic (replications are simulated in
//! parallel but folded in replication order) and nothing prints.

use downtime_core::metrics::{Metric, MetricValues};
use downtime_core::model::Model;
use downtime_core::replication::{Arm, simulate};
use rayon::prelude::*;

/// The fewest batches [`mser`] accepts: with fewer, the first half of the
/// series leaves too little to compare.
pub const MIN_BATCHES: usize = 4;

/// From this many values on, [`batch_size_for`] uses MSER-5 (batches of 5);
/// below it, MSER (batches of 1).
pub const MSER5_FROM_POINTS: usize = 100;

/// The outputs whose warm-up is estimated: those that fill slowest from an
/// empty department.
pub const WARM_UP_METRICS: [Metric; 3] = [
    Metric::EdWaitMinMean,
    Metric::EdQueueLengthMean,
    Metric::BedOccupancy,
];

/// Where MSER truncates a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MserResult {
    /// Values per batch (1: MSER; 5: MSER-5).
    pub batch: usize,
    /// Batches the series made (values left over at the end are dropped).
    pub batches: usize,
    /// Batches to discard, `d*`.
    pub truncate_batches: usize,
    /// Values to discard, `d* × batch`.
    pub truncate_points: usize,
    /// `MSER(d*)`, in the series' units squared.
    pub statistic: f64,
    /// `MSER(0)`, the statistic with nothing truncated. Its ratio to
    /// [`statistic`](Self::statistic) says how much truncating helps: near 1,
    /// the initial bias is small against the noise and `d*` is poorly
    /// determined (any truncation up to it gives much the same precision).
    pub statistic_untruncated: f64,
    /// Mean of the batches kept.
    pub truncated_mean: f64,
    /// Whether `d*` is the largest truncation searched (half the batches):
    /// the series may still be settling, so a longer series is needed.
    pub at_search_limit: bool,
}

/// The batch size for a series of `points` values: 1 (MSER) below
/// [`MSER5_FROM_POINTS`], 5 (MSER-5) from there on.
pub fn batch_size_for(points: usize) -> usize {
    if points < MSER5_FROM_POINTS { 1 } else { 5 }
}

/// Applies MSER to `series` cut into batches of `batch` values (MSER-5 with
/// `batch = 5`; see the module documentation for the rule).
///
/// The last `len % batch` values, which make no whole batch, are dropped.
/// `None` when `batch` is 0, when the series makes fewer than
/// [`MIN_BATCHES`] batches, or when a value is not finite. Ties go to the
/// shorter truncation.
pub fn mser(series: &[f64], batch: usize) -> Option<MserResult> {
    if batch == 0 || series.iter().any(|x| !x.is_finite()) {
        return None;
    }
    let means: Vec<f64> = series
        .chunks_exact(batch)
        .map(|c| c.iter().sum::<f64>() / batch as f64)
        .collect();
    let n = means.len();
    if n < MIN_BATCHES {
        return None;
    }
    let limit = n / 2;
    let stats = statistics(&means);
    let mut best = 0;
    for d in 1..=limit {
        if stats[d].0 < stats[best].0 {
            best = d;
        }
    }
    Some(MserResult {
        batch,
        batches: n,
        truncate_batches: best,
        truncate_points: best * batch,
        statistic: stats[best].0,
        statistic_untruncated: stats[0].0,
        truncated_mean: stats[best].1,
        at_search_limit: best == limit,
    })
}

/// `(MSER(d), mean of the values kept)` for every `d` in `0..n`, from one
/// backward pass of Welford's update (no cancellation from `Σx² − (Σx)²`).
fn statistics(x: &[f64]) -> Vec<(f64, f64)> {
    let n = x.len();
    let mut out = vec![(0.0, 0.0); n];
    let (mut count, mut mean, mut m2) = (0.0f64, 0.0f64, 0.0f64);
    for d in (0..n).rev() {
        count += 1.0;
        let delta = x[d] - mean;
        mean += delta / count;
        m2 += delta * (x[d] - mean);
        out[d] = (m2 / (count * count), mean);
    }
    out
}

/// The centred moving average of Welch's graphical method (Welch 1983) with
/// window `2w + 1`: value `i` is the mean of `x[i−w ..= i+w]`, or of
/// `x[0 ..= 2i]` for `i < w`. It has `len − w` values (the last `w` have no
/// full window). `w = 3` gives a 7-day average, which also evens out the
/// weekday cycle of a daily series.
pub fn welch_moving_average(series: &[f64], w: usize) -> Vec<f64> {
    let m = series.len();
    (0..m.saturating_sub(w))
        .map(|i| {
            let half = i.min(w);
            let window = &series[i - half..=i + half];
            window.iter().sum::<f64>() / window.len() as f64
        })
        .collect()
}

/// The `--set` overrides that turn a scenario into a warm-up pilot: no
/// warm-up, reporting from the first simulated day, `days + 1` reported
/// days, and no incidents (the counterfactual ignores them anyway; removing
/// them keeps incident dates from falling outside the shortened calendar).
/// The extra last day is simulated but not analysed: waits of patients
/// still queueing at the horizon are censored (MODEL.md assumption A13),
/// which biases the last day's mean wait low. Apply these after the user's
/// own overrides so they win.
pub fn pilot_overrides(days: u32) -> Vec<String> {
    vec![
        "calendar.warm_up_days=0".into(),
        "calendar.days_before_attack=0".into(),
        format!("calendar.follow_up_days={}", u64::from(days) + 1),
        "incidents=[]".into(),
    ]
}

/// One metric's daily series, averaged over replications.
#[derive(Debug, Clone, PartialEq)]
pub struct DailyMeans {
    /// The metric.
    pub metric: Metric,
    /// Per reported day: the mean over the replications that observed it
    /// (`None` if none did, e.g. a mean wait on a day nobody arrived).
    pub mean: Vec<Option<f64>>,
    /// Per reported day: how many replications observed it.
    pub observed: Vec<u64>,
}

/// Runs `replications` replications (0, 1, …) of `model`'s counterfactual
/// arm and averages each of `metrics`' daily series (organisations pooled)
/// across them, day by day, skipping replications where a day has no value.
/// Replications run in parallel; they are folded in index order, so the
/// result does not depend on threads.
pub fn counterfactual_daily_means(
    model: &Model,
    seed: u64,
    replications: u64,
    metrics: &[Metric],
) -> Vec<DailyMeans> {
    let days = model.calendar.report_days();
    let runs: Vec<Vec<Vec<Option<f64>>>> = (0..replications)
        .into_par_iter()
        .map(|r| {
            let results = simulate(model, seed, r, Arm::Counterfactual);
            (0..days)
                .map(|day| {
                    let mut pooled = MetricValues::default();
                    for org in &results.organisations {
                        pooled.add_all(&org.daily[day]);
                    }
                    metrics.iter().map(|&m| pooled.value(m)).collect()
                })
                .collect()
        })
        .collect();
    metrics
        .iter()
        .enumerate()
        .map(|(k, &metric)| {
            let mut sum = vec![0.0; days];
            let mut observed = vec![0u64; days];
            for run in &runs {
                for (day, values) in run.iter().enumerate() {
                    if let Some(v) = values[k] {
                        sum[day] += v;
                        observed[day] += 1;
                    }
                }
            }
            DailyMeans {
                metric,
                mean: sum
                    .iter()
                    .zip(&observed)
                    .map(|(&s, &n)| (n > 0).then(|| s / n as f64))
                    .collect(),
                observed,
            }
        })
        .collect()
}

/// MSER applied to one metric's averaged daily series.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricWarmUp {
    /// The averaged series (the analysed days only).
    pub series: Vec<f64>,
    /// The metric.
    pub metric: Metric,
    /// Where MSER truncates it.
    pub mser: MserResult,
    /// The warm-up it asks for, in days: `ceil(truncate_points × days per
    /// value)`, here the truncation point itself (one value a day).
    pub warm_up_days: u32,
}

/// The warm-up estimate of a pilot run.
#[derive(Debug, Clone, PartialEq)]
pub struct WarmUpEstimate {
    /// Per metric of [`WARM_UP_METRICS`] that the scenario produces, in that order.
    pub metrics: Vec<MetricWarmUp>,
    /// The recommended `calendar.warm_up_days`: the largest over the metrics.
    pub warm_up_days: u32,
}

/// Why no warm-up could be estimated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WarmUpError {
    /// The model reports fewer days than asked for.
    #[error("the pilot run reports {reported} days, fewer than the {asked} to analyse")]
    TooFewReportedDays {
        /// Days the model reports.
        reported: usize,
        /// Days asked for.
        asked: usize,
    },
    /// No replication observed a metric on some day.
    #[error("no replication observed {metric} on day {day}: the series has a gap")]
    Gap {
        /// The metric's name.
        metric: &'static str,
        /// 0-based day.
        day: usize,
    },
    /// The series is too short for MSER.
    #[error("{days} days make fewer than {MIN_BATCHES} batches of {batch}: analyse more days")]
    TooShort {
        /// Days analysed.
        days: usize,
        /// Batch size.
        batch: usize,
    },
}

/// Estimates the warm-up of `model`, a scenario loaded with
/// [`pilot_overrides`]`(days)`: runs `replications` counterfactual
/// replications, averages the daily series of [`WARM_UP_METRICS`] over the
/// first `days` days, and applies MSER (or MSER-5 from
/// [`MSER5_FROM_POINTS`] days on) to each.
pub fn estimate(
    model: &Model,
    seed: u64,
    replications: u64,
    days: usize,
) -> Result<WarmUpEstimate, WarmUpError> {
    let reported = model.calendar.report_days();
    if reported < days {
        return Err(WarmUpError::TooFewReportedDays {
            reported,
            asked: days,
        });
    }
    let batch = batch_size_for(days);
    let mut metrics = Vec::with_capacity(WARM_UP_METRICS.len());
    for daily in counterfactual_daily_means(model, seed, replications, &WARM_UP_METRICS) {
        // A metric the scenario never produces (bed occupancy without beds)
        // has nothing to warm up.
        if daily.mean.iter().all(Option::is_none) {
            continue;
        }
        let series = daily.mean[..days]
            .iter()
            .enumerate()
            .map(|(day, v)| {
                v.ok_or(WarmUpError::Gap {
                    metric: daily.metric.name(),
                    day,
                })
            })
            .collect::<Result<Vec<f64>, _>>()?;
        let result = mser(&series, batch).ok_or(WarmUpError::TooShort { days, batch })?;
        metrics.push(MetricWarmUp {
            series,
            metric: daily.metric,
            mser: result,
            warm_up_days: u32::try_from(result.truncate_points).unwrap_or(u32::MAX),
        });
    }
    let warm_up_days = metrics.iter().map(|m| m.warm_up_days).max().unwrap_or(0);
    Ok(WarmUpEstimate {
        metrics,
        warm_up_days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use downtime_core::scenario::{self, TextSource};

    /// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fixed generator so
    /// the test series do not depend on any crate's algorithm.
    struct SplitMix64(u64);

    impl SplitMix64 {
        fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }

        /// Uniform on [0, 1).
        fn uniform(&mut self) -> f64 {
            (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
        }

        /// Roughly normal noise with sd `sd` (sum of 12 uniforms).
        fn noise(&mut self, sd: f64) -> f64 {
            ((0..12).map(|_| self.uniform()).sum::<f64>() - 6.0) * sd
        }
    }

    /// 0, 0, 0, then a linear rise to 40 by `ramp_end`, then 40 with noise.
    fn transient(seed: u64, n: usize, ramp_end: usize) -> Vec<f64> {
        let mut rng = SplitMix64(seed);
        (0..n)
            .map(|i| {
                let level = if i < 3 {
                    0.0
                } else if i < ramp_end {
                    40.0 * (i - 3) as f64 / (ramp_end - 3) as f64
                } else {
                    40.0
                };
                level + rng.noise(2.0)
            })
            .collect()
    }

    /// The statistic straight from its definition, O(n²).
    fn brute_force(x: &[f64], d: usize) -> f64 {
        let kept = &x[d..];
        let k = kept.len() as f64;
        let mean = kept.iter().sum::<f64>() / k;
        kept.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (k * k)
    }

    #[test]
    fn hand_computed_series() {
        // d = 0: mean 10/6, SS = (50/6)² + 5(10/6)² = 83.3…, / 36; d = 1: 0.
        let r = mser(&[10.0, 0.0, 0.0, 0.0, 0.0, 0.0], 1).unwrap();
        assert_eq!(r.truncate_batches, 1);
        assert_eq!(r.truncate_points, 1);
        assert_eq!(r.statistic, 0.0);
        assert_eq!(r.truncated_mean, 0.0);
        assert_eq!(r.batches, 6);
        assert!(!r.at_search_limit);
        let s = statistics(&[10.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
        assert!((s[0].0 - (250.0 / 3.0) / 36.0).abs() < 1e-12);
    }

    #[test]
    fn statistic_matches_its_definition() {
        let mut rng = SplitMix64(7);
        let x: Vec<f64> = (0..60)
            .map(|i| 1e6 + f64::from(i) + rng.noise(5.0))
            .collect();
        for (d, (stat, mean)) in statistics(&x).into_iter().enumerate() {
            let want = brute_force(&x, d);
            assert!((stat - want).abs() <= 1e-9 * want.max(1.0), "d={d}");
            let want_mean = x[d..].iter().sum::<f64>() / (x.len() - d) as f64;
            assert!((mean - want_mean).abs() < 1e-6);
        }
    }

    fn median(mut v: Vec<usize>) -> usize {
        v.sort_unstable();
        v[v.len() / 2]
    }

    /// MSER never stops inside a clear transient; it sometimes truncates
    /// later than needed when noise happens to be high just after it (a
    /// known trait of the rule), so the typical case is checked by the
    /// median over 50 series.
    #[test]
    fn an_initial_transient_is_truncated_near_its_end() {
        let (mut daily, mut batched) = (Vec::new(), Vec::new());
        for seed in 0..50 {
            // Far from the plateau of 40 (noise sd 2) until about point 13.
            let r = mser(&transient(seed, 100, 15), 1).unwrap();
            assert!((12..=35).contains(&r.truncate_points), "seed {seed}: {r:?}");
            assert!(!r.at_search_limit);
            assert!((r.truncated_mean - 40.0).abs() < 1.0, "{r:?}");
            assert!(r.statistic_untruncated > 10.0 * r.statistic, "{r:?}");
            daily.push(r.truncate_points);
            // MSER-5 on a longer series: batches 0 to 2 hold the transient.
            let r5 = mser(&transient(seed, 500, 15), 5).unwrap();
            assert_eq!(r5.batches, 100);
            assert!(r5.truncate_points >= 15, "seed {seed}: {r5:?}");
            assert_eq!(r5.truncate_points, r5.truncate_batches * 5);
            batched.push(r5.truncate_points);
        }
        assert!((13..=16).contains(&median(daily.clone())), "{daily:?}");
        assert!((15..=20).contains(&median(batched.clone())), "{batched:?}");
    }

    #[test]
    fn a_stationary_series_is_truncated_at_or_near_zero() {
        let (mut daily, mut batched) = (Vec::new(), Vec::new());
        for seed in 0..50 {
            let mut rng = SplitMix64(seed);
            let x: Vec<f64> = (0..500).map(|_| 40.0 + rng.noise(2.0)).collect();
            let r = mser(&x[..100], 1).unwrap();
            assert!(r.truncate_points <= 25, "seed {seed}: {r:?}");
            // Whatever it truncates, truncating barely helps.
            assert!(r.statistic_untruncated < 1.2 * r.statistic, "{r:?}");
            daily.push(r.truncate_points);
            batched.push(mser(&x, 5).unwrap().truncate_points);
        }
        assert_eq!(median(daily.clone()), 0, "{daily:?}");
        assert_eq!(median(batched.clone()), 0, "{batched:?}");
        let flat = mser(&[3.0; 50], 1).unwrap();
        assert_eq!((flat.truncate_batches, flat.statistic), (0, 0.0));
    }

    #[test]
    fn a_series_that_never_settles_hits_the_search_limit() {
        let rising: Vec<f64> = (0..40).map(f64::from).collect();
        let r = mser(&rising, 1).unwrap();
        assert_eq!(r.truncate_batches, 20);
        assert!(r.at_search_limit);
    }

    #[test]
    fn batches_are_means_of_consecutive_values() {
        // Each value repeated 5 times: MSER-5 sees exactly the original.
        let x = transient(3, 40, 10);
        let repeated: Vec<f64> = x.iter().flat_map(|&v| [v; 5]).collect();
        let a = mser(&x, 1).unwrap();
        let b = mser(&repeated, 5).unwrap();
        assert_eq!(a.truncate_batches, b.truncate_batches);
        assert_eq!(b.truncate_points, 5 * a.truncate_points);
        assert!((a.statistic - b.statistic).abs() <= 1e-12 * a.statistic.max(1.0));
        // A partial last batch is dropped.
        let mut longer = repeated.clone();
        longer.extend([1e9, 1e9]);
        assert_eq!(mser(&longer, 5), Some(b));
    }

    #[test]
    fn short_or_bad_series_give_none() {
        assert_eq!(mser(&[], 1), None);
        assert_eq!(mser(&[1.0, 2.0, 3.0], 1), None);
        assert!(mser(&[1.0, 2.0, 3.0, 4.0], 1).is_some());
        assert_eq!(mser(&[1.0; 19], 5), None);
        assert!(mser(&[1.0; 20], 5).is_some());
        assert_eq!(mser(&[1.0; 20], 0), None);
        assert_eq!(mser(&[1.0, f64::NAN, 1.0, 1.0, 1.0], 1), None);
        assert_eq!(mser(&[1.0, f64::INFINITY, 1.0, 1.0, 1.0], 1), None);
    }

    #[test]
    fn mser_is_deterministic() {
        let x = transient(11, 300, 40);
        let bits = |r: MserResult| {
            (
                r.truncate_batches,
                r.statistic.to_bits(),
                r.truncated_mean.to_bits(),
            )
        };
        assert_eq!(
            bits(mser(&x, 5).unwrap()),
            bits(mser(&x.clone(), 5).unwrap())
        );
    }

    #[test]
    fn batch_size_rule() {
        assert_eq!(batch_size_for(60), 1);
        assert_eq!(batch_size_for(99), 1);
        assert_eq!(batch_size_for(100), 5);
    }

    #[test]
    fn welch_window_shrinks_at_the_start_and_stops_short_of_the_end() {
        let x: Vec<f64> = (0..10).map(f64::from).collect();
        let ma = welch_moving_average(&x, 3);
        assert_eq!(ma.len(), 7);
        // A linear series: every centred mean is the centre value.
        for (i, v) in ma.iter().enumerate() {
            assert!((v - i as f64).abs() < 1e-12);
        }
        let y = [4.0, 0.0, 2.0, 6.0, 0.0];
        // i = 0: y[0]; i = 1: mean(y[0..=2]) = 2.
        assert_eq!(welch_moving_average(&y, 2), vec![4.0, 2.0, 2.4]);
        assert!(welch_moving_average(&y, 5).is_empty());
    }

    /// Loads a bundled scenario file as a pilot of `days` days.
    fn pilot(path: &str, days: u32) -> (Model, u64, u32) {
        let file = format!("{}/../../scenarios/{path}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&file).unwrap();
        let original = scenario::load(path, &[], &TextSource(text.clone())).unwrap();
        let loaded = scenario::load(path, &pilot_overrides(days), &TextSource(text)).unwrap();
        assert_eq!(loaded.scenario.calendar.warm_up_days, 0);
        assert!(loaded.scenario.incidents.is_empty());
        let model = Model::build(&loaded.scenario).unwrap();
        assert_eq!(model.calendar.report_days(), days as usize + 1);
        (
            model,
            original.scenario.monte_carlo.seed,
            original.scenario.calendar.warm_up_days,
        )
    }

    /// Estimates a bundled scenario's warm-up from `replications` pilot
    /// replications of `days` days, prints it (run with `--nocapture`) and
    /// returns it with the scenario's own warm-up.
    fn check_bundled(path: &str, replications: u64, days: u32) -> (WarmUpEstimate, u32) {
        let (model, seed, current) = pilot(path, days);
        let e = estimate(&model, seed, replications, days as usize).unwrap();
        for m in &e.metrics {
            eprintln!(
                "{path}: {} over {days} days, {replications} replications (seed {seed}), batch {}: \
                 truncate {} days, MSER {:.6e} (untruncated {:.6e}), mean after {:.4}{}",
                m.metric.name(),
                m.mser.batch,
                m.mser.truncate_points,
                m.mser.statistic,
                m.mser.statistic_untruncated,
                m.mser.truncated_mean,
                if m.mser.at_search_limit {
                    " (at the search limit)"
                } else {
                    ""
                },
            );
            let first: Vec<String> = m.series.iter().take(8).map(|v| format!("{v:.3}")).collect();
            eprintln!("    first days: {}", first.join(", "));
        }
        eprintln!(
            "{path}: recommended warm_up_days = {} (scenario uses {current})",
            e.warm_up_days
        );
        (e, current)
    }

    /// The demonstration scenario's warm-up covers what MSER asks for.
    #[test]
    fn warmup_of_the_demonstration_scenario_is_covered() {
        let (e, current) = check_bundled("single-trust-it-outage.toml", 100, 60);
        for m in &e.metrics {
            assert_eq!(m.mser.batch, 1);
            assert!(!m.mser.at_search_limit, "{m:?}");
        }
        assert!(e.warm_up_days <= current, "{e:?}");
    }

    /// The M/M/10 verification scenario's warm-up covers what MSER asks
    /// for, and the series settles at the Erlang C values (40.12 min, 6.02
    /// patients; to 10% here, a sanity check: tests/verification.rs checks
    /// them to 1%).
    #[test]
    fn warmup_of_erlang_c_is_covered() {
        let (e, current) = check_bundled("verification/erlang-c.toml", 100, 60);
        for m in &e.metrics {
            assert!(!m.mser.at_search_limit, "{m:?}");
        }
        assert!(e.warm_up_days <= current, "{e:?}");
        let wait = e.metrics[0].mser.truncated_mean;
        let queue = e.metrics[1].mser.truncated_mean;
        assert!((wait / 40.1239 - 1.0).abs() < 0.1, "{wait}");
        assert!((queue / 6.0186 - 1.0).abs() < 0.1, "{queue}");
        // From 100 days on, MSER-5.
        let (long, _) = check_bundled("verification/erlang-c.toml", 40, 200);
        assert!(long.metrics.iter().all(|m| m.mser.batch == 5));
    }

    #[test]
    fn pilot_estimate_is_deterministic() {
        let (model, seed, _) = pilot("verification/erlang-c.toml", 30);
        let a = estimate(&model, seed, 4, 30).unwrap();
        let b = estimate(&model, seed, 4, 30).unwrap();
        assert_eq!(a, b);
        assert_eq!(
            estimate(&model, seed, 4, 32),
            Err(WarmUpError::TooFewReportedDays {
                reported: 31,
                asked: 32
            })
        );
        assert_eq!(
            estimate(&model, seed, 4, 3),
            Err(WarmUpError::TooShort { days: 3, batch: 1 })
        );
    }
}
