//! Statistics that summarise per-replication results of the Monte Carlo
//! runner: exact summaries of a slice ([`summarise`]), streaming mean and
//! variance ([`Welford`]), streaming quantiles ([`P2Quantile`],
//! [`BandEstimator`]), and the normal and Student's t quantiles behind the
//! confidence intervals ([`normal_quantile`], [`student_t_quantile`]).
//!
//! Everything is deterministic: no hashing, no parallelism, no
//! order-dependent shortcuts, so the same values in the same order give
//! bit-identical results on every run.

mod distributions;
mod streaming;

pub use distributions::{normal_quantile, regularised_incomplete_beta, student_t_quantile};
pub use streaming::{BandEstimator, P2Quantile, Welford};

/// Exact summary of a sample of per-replication values, as produced by
/// [`summarise`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// Arithmetic mean, from a compensated (Neumaier) sum in slice order.
    pub mean: f64,
    /// Sample standard deviation (`n − 1` denominator, Bessel's
    /// correction); `None` when `n < 2`.
    pub sd: Option<f64>,
    /// Lower end of the 95% t confidence interval of the mean,
    /// `mean − t(0.975, n − 1)·sd/√n`; `None` when `n < 2`.
    pub ci95_low: Option<f64>,
    /// Upper end of the 95% t confidence interval of the mean,
    /// `mean + t(0.975, n − 1)·sd/√n`; `None` when `n < 2`.
    pub ci95_high: Option<f64>,
    /// 5th percentile, Hyndman & Fan type 7.
    pub p5: f64,
    /// Median (50th percentile), Hyndman & Fan type 7.
    pub p50: f64,
    /// 95th percentile, Hyndman & Fan type 7.
    pub p95: f64,
    /// Number of values summarised.
    pub n: u64,
}

/// Summarises a sample exactly: mean, sample standard deviation, 95% t
/// confidence interval of the mean, and type-7 5th/50th/95th percentiles.
/// `None` for an empty slice.
///
/// * The mean is a Neumaier (improved Kahan–Babuška) compensated sum taken
///   in slice order (A. Neumaier, ZAMM 54, 1974), accurate to about one
///   rounding regardless of `n` while staying order-deterministic.
/// * The variance is the corrected two-pass formula
///   `(Σd² − (Σd)²/n)/(n − 1)` with `d = x − mean` (Chan, Golub & LeVeque,
///   Am. Stat. 37(3), 1983), which cancels the rounding error of the mean.
/// * The interval is Student's `mean ± t(0.975, n − 1)·sd/√n`, exact for
///   normal data and the standard choice for means of replications.
/// * Percentiles are Hyndman & Fan (Am. Stat. 50(4), 1996) type 7, the
///   default of R and numpy; see [`percentile_sorted`].
///
/// The caller's slice is not reordered (a sorted copy is made, ordered by
/// [`f64::total_cmp`]). NaN values propagate into the mean and deviation.
#[must_use]
pub fn summarise(values: &[f64]) -> Option<Summary> {
    if values.is_empty() {
        return None;
    }
    let n = values.len();
    let nf = n as f64;
    let mut total = NeumaierSum::new();
    for &x in values {
        total.add(x);
    }
    let mean = total.value() / nf;

    let (sd, ci95_low, ci95_high) = if n >= 2 {
        let mut dev = NeumaierSum::new();
        let mut sq = NeumaierSum::new();
        for &x in values {
            let d = x - mean;
            dev.add(d);
            sq.add(d * d);
        }
        let dev = dev.value();
        let var = (sq.value() - dev * dev / nf) / (nf - 1.0);
        // Rounding can leave a tiny negative; keep NaN as NaN.
        let var = if var < 0.0 { 0.0 } else { var };
        let sd = var.sqrt();
        let half = student_t_quantile(0.975, nf - 1.0) * sd / nf.sqrt();
        (Some(sd), Some(mean - half), Some(mean + half))
    } else {
        (None, None, None)
    };

    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let pct = |p| percentile_sorted(&sorted, p).unwrap_or(f64::NAN);
    Some(Summary {
        mean,
        sd,
        ci95_low,
        ci95_high,
        p5: pct(0.05),
        p50: pct(0.5),
        p95: pct(0.95),
        n: n as u64,
    })
}

/// The `p` quantile of an ascending-sorted slice by Hyndman & Fan (1996)
/// type 7, the default of R's `quantile` and numpy's `percentile`: with
/// `h = (n − 1)p`, linear interpolation between order statistics
/// `x₍⌊h⌋₎` and `x₍⌊h⌋+1₎` (0-based). Chosen so results match what
/// analysts get from R or numpy on the same replications.
///
/// `None` for an empty slice or `p` outside `[0, 1]` (or NaN). The slice
/// must already be sorted ascending (e.g. by [`f64::total_cmp`]); this is
/// not checked. The interpolation is numpy's two-sided form, exact at both
/// ends of each interval.
#[must_use]
pub fn percentile_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() || !(0.0..=1.0).contains(&p) {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor();
    let i = lo as usize;
    let frac = h - lo;
    let a = sorted[i];
    if frac == 0.0 || i + 1 >= sorted.len() {
        return Some(a);
    }
    let b = sorted[i + 1];
    if a == b {
        return Some(a);
    }
    let diff = b - a;
    Some(if frac < 0.5 {
        a + diff * frac
    } else {
        b - diff * (1.0 - frac)
    })
}

/// Neumaier's compensated summation (A. Neumaier, "Rundungsfehleranalyse
/// einiger Verfahren zur Summation endlicher Summen", ZAMM 54, 1974): the
/// Kahan–Babuška sum that also compensates when an addend is larger than
/// the running sum. Order-dependent only through the (fixed) order of
/// `add` calls, so it is deterministic.
#[derive(Debug, Clone, Copy, Default)]
struct NeumaierSum {
    sum: f64,
    compensation: f64,
}

impl NeumaierSum {
    const fn new() -> Self {
        Self {
            sum: 0.0,
            compensation: 0.0,
        }
    }

    fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.compensation += (self.sum - t) + x;
        } else {
            self.compensation += (x - t) + self.sum;
        }
        self.sum = t;
    }

    fn value(&self) -> f64 {
        if self.sum.is_finite() {
            self.sum + self.compensation
        } else {
            // ±∞ or NaN: the compensation is meaningless (∞ − ∞).
            self.sum
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn assert_close(actual: f64, expected: f64, tol: f64) {
        assert!(
            (actual - expected).abs() <= tol * expected.abs().max(1.0),
            "actual {actual}, expected {expected}"
        );
    }

    #[test]
    fn summarise_hand_computed_slice() {
        // Σ = 40, mean 5, Σd² = 32, s² = 32/7. t(0.975, 7) from mpmath.
        let values = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let s = summarise(&values).unwrap();
        assert_eq!(s.n, 8);
        assert_eq!(s.mean, 5.0);
        assert_close(s.sd.unwrap(), 2.138_089_935_299_395, 1e-15);
        assert_close(s.ci95_low.unwrap(), 3.212_512_081_763_789_6, 1e-14);
        assert_close(s.ci95_high.unwrap(), 6.787_487_918_236_21, 1e-14);
        // Sorted 2 4 4 4 5 5 7 9: h = 0.35, 3.5, 6.65.
        assert_close(s.p5, 2.7, 1e-15);
        assert_close(s.p50, 4.5, 1e-15);
        assert_close(s.p95, 8.3, 1e-15);
    }

    #[test]
    fn type7_matches_numpy_on_one_to_ten() {
        // numpy.percentile(range(1, 11), [5, 50, 95]) = 1.45, 5.5, 9.55.
        let values: Vec<f64> = (1..=10).rev().map(f64::from).collect();
        let s = summarise(&values).unwrap();
        assert_close(s.p5, 1.45, 1e-15);
        assert_close(s.p50, 5.5, 1e-15);
        assert_close(s.p95, 9.55, 1e-15);
        // The caller's order is untouched.
        assert_eq!(values[0], 10.0);
        assert_eq!(values[9], 1.0);
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        assert_eq!(percentile_sorted(&sorted, 0.0), Some(1.0));
        assert_eq!(percentile_sorted(&sorted, 1.0), Some(10.0));
        assert_close(percentile_sorted(&sorted, 0.25).unwrap(), 3.25, 1e-15);
        assert_eq!(percentile_sorted(&sorted, 1.5), None);
        assert_eq!(percentile_sorted(&sorted, f64::NAN), None);
        assert_eq!(percentile_sorted(&[], 0.5), None);
    }

    #[test]
    fn summarise_small_and_degenerate_inputs() {
        assert_eq!(summarise(&[]), None);
        let one = summarise(&[3.25]).unwrap();
        assert_eq!(one.n, 1);
        assert_eq!(one.mean, 3.25);
        assert_eq!((one.sd, one.ci95_low, one.ci95_high), (None, None, None));
        assert_eq!((one.p5, one.p50, one.p95), (3.25, 3.25, 3.25));
        let same = summarise(&[0.1; 7]).unwrap();
        assert_eq!(same.sd, Some(0.0));
        assert_eq!(same.ci95_low, Some(same.mean));
        assert_eq!(same.p95, 0.1);
    }

    #[test]
    fn compensated_mean_is_accurate() {
        // Naive left-to-right summation gives 0 here.
        let values = [1e16, 1.0, -1e16, 1.0];
        assert_eq!(summarise(&values).unwrap().mean, 0.5);
        // A large offset does not destroy the variance.
        let shifted: Vec<f64> = [1.0, 2.0, 3.0, 4.0].iter().map(|x| x + 1e9).collect();
        let s = summarise(&shifted).unwrap();
        assert_close(s.sd.unwrap(), (5.0_f64 / 3.0).sqrt(), 1e-12);
    }

    #[test]
    fn summarise_is_deterministic() {
        let values: Vec<f64> = (0..1000)
            .map(|i| (f64::from(i) * 0.618_033_988_7).fract() * 1e3 - 123.4)
            .collect();
        let a = summarise(&values).unwrap();
        let b = summarise(&values.clone()).unwrap();
        let bits = |s: &Summary| {
            [
                s.mean,
                s.sd.unwrap(),
                s.ci95_low.unwrap(),
                s.ci95_high.unwrap(),
                s.p5,
                s.p50,
                s.p95,
            ]
            .map(f64::to_bits)
        };
        assert_eq!(bits(&a), bits(&b));
    }

    #[test]
    fn summary_serialises() {
        let s = summarise(&[1.0]).unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains("\"sd\":null"), "{json}");
        let back: Summary = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }

    proptest! {
        #[test]
        fn summary_invariants(values in prop::collection::vec(-1e6f64..1e6, 1..200)) {
            let copy = values.clone();
            let s = summarise(&values).unwrap();
            prop_assert_eq!(&values, &copy);
            let min = values.iter().copied().fold(f64::INFINITY, f64::min);
            let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            prop_assert!(min <= s.p5 && s.p5 <= s.p50 && s.p50 <= s.p95 && s.p95 <= max);
            prop_assert!(s.mean >= min - 1e-9 && s.mean <= max + 1e-9);
            if values.len() >= 2 {
                let (lo, hi) = (s.ci95_low.unwrap(), s.ci95_high.unwrap());
                prop_assert!(lo <= s.mean && s.mean <= hi);
                prop_assert!(s.sd.unwrap() >= 0.0);
            }
        }

        #[test]
        fn welford_agrees_with_summarise(values in prop::collection::vec(-1e3f64..1e3, 2..300)) {
            let mut w = Welford::new();
            for &x in &values {
                w.push(x);
            }
            let s = summarise(&values).unwrap();
            let scale = values.iter().fold(1.0f64, |m, x| m.max(x.abs()));
            prop_assert!((w.mean() - s.mean).abs() <= 1e-12 * scale);
            let sd = s.sd.unwrap();
            prop_assert!((w.sd().unwrap() - sd).abs() <= 1e-9 * scale.max(sd));
        }

        #[test]
        fn p2_stays_within_the_range(values in prop::collection::vec(-1e3f64..1e3, 1..400), p in 0.0f64..=1.0) {
            let mut est = P2Quantile::new(p);
            for &x in &values {
                est.push(x);
            }
            let min = values.iter().copied().fold(f64::INFINITY, f64::min);
            let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let e = est.estimate().unwrap();
            prop_assert!(min <= e && e <= max, "{} not in [{}, {}]", e, min, max);
        }
    }
}
