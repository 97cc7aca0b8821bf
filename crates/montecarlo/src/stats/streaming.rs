//! Streaming (one pass, O(1) memory) estimators: Welford's mean and
//! variance and the P² quantile estimator, and the per-cell band built
//! from them.
//!
//! All updates are plain sequential floating-point arithmetic: folding the
//! same values in the same order gives bit-identical state.

use super::{percentile_sorted, student_t_quantile};

/// Streaming mean and sample variance by Welford's update (B. P. Welford,
/// "Note on a method for calculating corrected sums of squares and
/// products", Technometrics 4(3), 1962, 419–420).
///
/// It keeps the running mean and the sum of squared deviations from it,
/// so it needs no second pass and avoids the catastrophic cancellation of
/// the textbook `Σx² − (Σx)²/n` formula (see also Chan, Golub & LeVeque,
/// "Algorithms for computing the sample variance", Am. Stat. 37(3), 1983).
/// Values are folded strictly in order; there is deliberately no `merge`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Welford {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Welford {
    /// An empty accumulator (no observations, `n() == 0`).
    #[must_use]
    pub const fn new() -> Self {
        Self {
            n: 0,
            mean: 0.0,
            m2: 0.0,
        }
    }

    /// Folds in one observation: `δ = x − m; m += δ/n; M₂ += δ (x − m)`
    /// (Welford 1962; the form given by Knuth, TAOCP vol. 2, §4.2.2).
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let delta = x - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (x - self.mean);
    }

    /// The number of observations folded in.
    #[must_use]
    pub const fn n(&self) -> u64 {
        self.n
    }

    /// The arithmetic mean of the observations so far (Welford's running
    /// mean); NaN when there are none, so an empty cell cannot pass for 0.
    #[must_use]
    pub fn mean(&self) -> f64 {
        if self.n == 0 { f64::NAN } else { self.mean }
    }

    /// The sample standard deviation `√(M₂/(n − 1))` (Bessel's correction,
    /// unbiased variance); `None` when `n < 2`.
    #[must_use]
    pub fn sd(&self) -> Option<f64> {
        if self.n < 2 {
            return None;
        }
        Some((self.m2 / (self.n - 1) as f64).sqrt())
    }

    /// The 95% confidence interval of the mean, `m ± t(0.975, n − 1)·s/√n`
    /// (Student 1908; exact for normal data, the standard large-sample
    /// interval otherwise), as `(low, high)`; `None` when `n < 2`.
    #[must_use]
    pub fn ci95(&self) -> Option<(f64, f64)> {
        let sd = self.sd()?;
        let n = self.n as f64;
        let half = student_t_quantile(0.975, n - 1.0) * sd / n.sqrt();
        Some((self.mean - half, self.mean + half))
    }
}

/// Streaming estimate of one quantile by the P² algorithm (R. Jain and
/// I. Chlamtac, "The P² algorithm for dynamic calculation of quantiles and
/// histograms without storing observations", CACM 28(10), 1985, 1076–1085).
///
/// Five markers track the minimum, the `p/2`, `p`, `(1+p)/2` quantiles and
/// the maximum; after each observation the three inner markers move by at
/// most one position, their heights adjusted by the piecewise-parabolic
/// (P²) prediction, or linearly when the parabola would leave the
/// neighbouring heights. Memory is constant (the runner keeps one per cell
/// and quantile) and the estimate converges to the population quantile
/// for continuous distributions.
///
/// Up to five observations are all stored, and [`P2Quantile::estimate`]
/// returns their exact type-7 percentile (see [`percentile_sorted`]), so
/// runs with few replications get exact answers.
///
/// Desired marker positions are computed as `1 + (n − 1)·dn′ᵢ`, which is
/// the paper's running sum `n′ᵢ += dn′ᵢ` without its accumulated rounding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct P2Quantile {
    p: f64,
    count: u64,
    /// Marker heights `q₁..q₅`; while `count < 5`, the sorted observations.
    heights: [f64; 5],
    /// Actual marker positions `n₁..n₅` (1-based, integral).
    positions: [f64; 5],
}

impl P2Quantile {
    /// An empty estimator of the `p` quantile (Jain & Chlamtac 1985).
    ///
    /// # Panics
    ///
    /// If `p` is not in `[0, 1]` (including NaN): a quantile level outside
    /// that range is a programming error.
    #[must_use]
    pub fn new(p: f64) -> Self {
        assert!(
            (0.0..=1.0).contains(&p),
            "P2Quantile::new: quantile level {p} is not in [0, 1]"
        );
        Self {
            p,
            count: 0,
            heights: [0.0; 5],
            positions: [1.0, 2.0, 3.0, 4.0, 5.0],
        }
    }

    /// The quantile level `p` being estimated.
    #[must_use]
    pub const fn p(&self) -> f64 {
        self.p
    }

    /// The number of observations folded in.
    #[must_use]
    pub const fn n(&self) -> u64 {
        self.count
    }

    /// Folds in one observation: the first five are kept sorted; after
    /// that, steps B1–B3 of Jain & Chlamtac (1985): locate the cell,
    /// shift the positions above it, then adjust the inner markers.
    ///
    /// Inputs are expected to be finite: a NaN makes the estimate
    /// meaningless (though still deterministic).
    pub fn push(&mut self, x: f64) {
        if self.count < 5 {
            let len = self.count as usize;
            let at = self.heights[..len]
                .iter()
                .position(|h| h.total_cmp(&x).is_gt())
                .unwrap_or(len);
            self.heights.copy_within(at..len, at + 1);
            self.heights[at] = x;
            self.count += 1;
            return;
        }
        self.count += 1;

        // B1: find the cell k with q_k ≤ x < q_{k+1}, extending the extremes.
        let q = &mut self.heights;
        let k = if x < q[0] {
            q[0] = x;
            0
        } else if x >= q[4] {
            if x > q[4] {
                q[4] = x;
            }
            3
        } else {
            // q[0] ≤ x < q[4], so some i in 1..=4 has x < q[i].
            (1..4).find(|&i| x < q[i]).unwrap_or(4) - 1
        };

        // B2: positions of the markers above the cell move up by one.
        for pos in &mut self.positions[k + 1..] {
            *pos += 1.0;
        }

        // B3: move each inner marker at most one step towards its desired
        // position, if that keeps positions distinct.
        let increments = [0.0, self.p / 2.0, self.p, (1.0 + self.p) / 2.0, 1.0];
        let last = (self.count - 1) as f64;
        for i in 1..4 {
            let desired = 1.0 + last * increments[i];
            let n = &self.positions;
            let d = desired - n[i];
            if (d >= 1.0 && n[i + 1] - n[i] > 1.0) || (d <= -1.0 && n[i - 1] - n[i] < -1.0) {
                let step = if d > 0.0 { 1.0 } else { -1.0 };
                let candidate = self.parabolic(i, step);
                let q = &self.heights;
                let height = if q[i - 1] < candidate && candidate < q[i + 1] {
                    candidate
                } else {
                    self.linear(i, step)
                };
                self.heights[i] = height;
                self.positions[i] += step;
            }
        }
    }

    /// The piecewise-parabolic (P²) height prediction for moving marker
    /// `i` by `d = ±1` (Jain & Chlamtac 1985, eq. for `q′ᵢ`).
    fn parabolic(&self, i: usize, d: f64) -> f64 {
        let q = &self.heights;
        let n = &self.positions;
        q[i] + d / (n[i + 1] - n[i - 1])
            * ((n[i] - n[i - 1] + d) * (q[i + 1] - q[i]) / (n[i + 1] - n[i])
                + (n[i + 1] - n[i] - d) * (q[i] - q[i - 1]) / (n[i] - n[i - 1]))
    }

    /// The linear fallback: interpolate towards the neighbour in the
    /// direction of the move (Jain & Chlamtac 1985).
    fn linear(&self, i: usize, d: f64) -> f64 {
        let q = &self.heights;
        let n = &self.positions;
        let j = if d > 0.0 { i + 1 } else { i - 1 };
        q[i] + d * (q[j] - q[i]) / (n[j] - n[i])
    }

    /// The current estimate of the `p` quantile: the exact type-7
    /// percentile of what has been seen while there are at most five
    /// observations, then the middle P² marker height; `None` when empty.
    #[must_use]
    pub fn estimate(&self) -> Option<f64> {
        if self.count <= 5 {
            percentile_sorted(&self.heights[..self.count as usize], self.p)
        } else {
            Some(self.heights[2])
        }
    }
}

/// The per-cell summary the Monte Carlo runner keeps for each (day, metric,
/// group, arm): Welford's mean (and variance) plus P² estimates of the 5th,
/// 50th and 95th percentiles across replications.
///
/// Fixed size (a few hundred bytes, no heap allocation), so memory grows
/// with the number of cells, not with the number of replications; see
/// [`Welford`] and [`P2Quantile`] for the methods and references.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandEstimator {
    moments: Welford,
    p5: P2Quantile,
    p50: P2Quantile,
    p95: P2Quantile,
}

impl Default for BandEstimator {
    fn default() -> Self {
        Self::new()
    }
}

impl BandEstimator {
    /// An empty band: Welford accumulator and P² estimators for
    /// `p = 0.05, 0.5, 0.95`.
    #[must_use]
    pub fn new() -> Self {
        Self {
            moments: Welford::new(),
            p5: P2Quantile::new(0.05),
            p50: P2Quantile::new(0.5),
            p95: P2Quantile::new(0.95),
        }
    }

    /// Folds one replication's value into the mean and the three
    /// quantile estimators.
    pub fn push(&mut self, x: f64) {
        self.moments.push(x);
        self.p5.push(x);
        self.p50.push(x);
        self.p95.push(x);
    }

    /// The number of values folded in.
    #[must_use]
    pub const fn n(&self) -> u64 {
        self.moments.n()
    }

    /// The mean of the values (Welford); NaN when empty.
    #[must_use]
    pub fn mean(&self) -> f64 {
        self.moments.mean()
    }

    /// The P² estimate of the 5th percentile (exact type 7 for `n ≤ 5`);
    /// `None` when empty.
    #[must_use]
    pub fn p5(&self) -> Option<f64> {
        self.p5.estimate()
    }

    /// The P² estimate of the median (exact type 7 for `n ≤ 5`); `None`
    /// when empty.
    #[must_use]
    pub fn p50(&self) -> Option<f64> {
        self.p50.estimate()
    }

    /// The P² estimate of the 95th percentile (exact type 7 for `n ≤ 5`);
    /// `None` when empty.
    #[must_use]
    pub fn p95(&self) -> Option<f64> {
        self.p95.estimate()
    }

    /// The underlying Welford accumulator, for the standard deviation and
    /// the t-based confidence interval of the mean.
    #[must_use]
    pub const fn moments(&self) -> &Welford {
        &self.moments
    }
}

#[cfg(test)]
mod tests {
    use super::super::summarise;
    use super::*;

    /// SplitMix64 (Steele, Lea & Flood 2014): a tiny deterministic source
    /// of test data, so the tests need no random-number crate.
    struct SplitMix64(u64);

    impl SplitMix64 {
        fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        /// Uniform on [0, 1) with 53 random bits.
        fn next_f64(&mut self) -> f64 {
            (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
        }
    }

    fn assert_rel(actual: f64, expected: f64, tol: f64) {
        let rel = ((actual - expected) / expected).abs();
        assert!(
            rel <= tol,
            "actual {actual:e}, expected {expected:e}, relative error {rel:e} > {tol:e}"
        );
    }

    #[test]
    fn welford_matches_summarise_on_random_data() {
        let mut rng = SplitMix64(42);
        for len in [2usize, 3, 10, 257, 10_000] {
            // Offset and scale so cancellation would show.
            let values: Vec<f64> = (0..len).map(|_| 1e3 + 25.0 * rng.next_f64()).collect();
            let mut w = Welford::new();
            for &x in &values {
                w.push(x);
            }
            let s = summarise(&values).unwrap();
            assert_eq!(w.n(), s.n);
            assert_rel(w.mean(), s.mean, 1e-12);
            assert_rel(w.sd().unwrap(), s.sd.unwrap(), 1e-12);
            let (lo, hi) = w.ci95().unwrap();
            assert_rel(lo, s.ci95_low.unwrap(), 1e-12);
            assert_rel(hi, s.ci95_high.unwrap(), 1e-12);
        }
    }

    #[test]
    fn welford_small_counts() {
        let mut w = Welford::new();
        assert_eq!(w.n(), 0);
        assert!(w.mean().is_nan());
        assert_eq!(w.sd(), None);
        assert_eq!(w.ci95(), None);
        w.push(3.5);
        assert_eq!(w.mean(), 3.5);
        assert_eq!(w.sd(), None);
        assert_eq!(w.ci95(), None);
        w.push(5.5);
        assert_eq!(w.mean(), 4.5);
        assert_rel(w.sd().unwrap(), 2.0_f64.sqrt(), 1e-15);
        // t(0.975, 1) · √2 / √2 = 12.7062...
        let (lo, hi) = w.ci95().unwrap();
        assert_rel(hi - 4.5, 12.706_204_736_174_698, 1e-14);
        assert_rel(4.5 - lo, 12.706_204_736_174_698, 1e-14);
    }

    #[test]
    fn p2_on_uniform_draws_is_within_a_hundredth() {
        let mut rng = SplitMix64(0x00D0_3471_3E00);
        let mut band = BandEstimator::new();
        for _ in 0..10_000 {
            band.push(rng.next_f64());
        }
        assert_eq!(band.n(), 10_000);
        assert!((band.p5().unwrap() - 0.05).abs() < 0.01, "{:?}", band.p5());
        assert!((band.p50().unwrap() - 0.5).abs() < 0.01, "{:?}", band.p50());
        assert!(
            (band.p95().unwrap() - 0.95).abs() < 0.01,
            "{:?}",
            band.p95()
        );
        assert!((band.mean() - 0.5).abs() < 0.01);
    }

    #[test]
    fn p2_tracks_a_skewed_distribution() {
        // Exponential(1): quantiles −ln(1 − p).
        let mut rng = SplitMix64(7);
        let mut band = BandEstimator::new();
        for _ in 0..50_000 {
            band.push(-(1.0 - rng.next_f64()).ln());
        }
        for (got, p) in [(band.p5(), 0.05), (band.p50(), 0.5), (band.p95(), 0.95)] {
            let exact = -(1.0_f64 - p).ln();
            assert!(
                (got.unwrap() - exact).abs() < 0.03,
                "p {p}: {got:?} vs {exact}"
            );
        }
    }

    #[test]
    fn p2_with_at_most_five_values_is_exact() {
        let values = [4.0, -1.0, 2.5, 10.0, 2.5];
        for p in [0.0, 0.05, 0.25, 0.5, 0.9, 0.95, 1.0] {
            let mut est = P2Quantile::new(p);
            assert_eq!(est.estimate(), None);
            for n in 1..=values.len() {
                est.push(values[n - 1]);
                let mut sorted = values[..n].to_vec();
                sorted.sort_by(f64::total_cmp);
                assert_eq!(est.estimate(), percentile_sorted(&sorted, p), "p {p} n {n}");
                assert_eq!(est.n(), n as u64);
            }
        }
        let mut band = BandEstimator::new();
        assert_eq!(band.p50(), None);
        band.push(1.0);
        band.push(2.0);
        assert_eq!(band.p5(), Some(1.05));
        assert_eq!(band.p50(), Some(1.5));
        assert_eq!(band.p95(), Some(1.95));
    }

    #[test]
    fn p2_handles_constant_and_sorted_input() {
        let mut est = P2Quantile::new(0.95);
        for _ in 0..1000 {
            est.push(3.0);
        }
        assert_eq!(est.estimate(), Some(3.0));
        let mut est = P2Quantile::new(0.5);
        for i in 0..1001 {
            est.push(f64::from(i));
        }
        assert!((est.estimate().unwrap() - 500.0).abs() < 5.0);
    }

    #[test]
    fn streaming_is_deterministic() {
        let run = || {
            let mut rng = SplitMix64(99);
            let mut band = BandEstimator::new();
            for _ in 0..5000 {
                band.push(rng.next_f64() * 100.0 - 20.0);
            }
            band
        };
        let (a, b) = (run(), run());
        assert_eq!(a.mean().to_bits(), b.mean().to_bits());
        for (x, y) in [(a.p5(), b.p5()), (a.p50(), b.p50()), (a.p95(), b.p95())] {
            assert_eq!(x.unwrap().to_bits(), y.unwrap().to_bits());
        }
        let (ci_a, ci_b) = (a.moments().ci95().unwrap(), b.moments().ci95().unwrap());
        assert_eq!(ci_a.0.to_bits(), ci_b.0.to_bits());
        assert_eq!(ci_a.1.to_bits(), ci_b.1.to_bits());
    }

    #[test]
    fn band_is_small() {
        assert!(std::mem::size_of::<BandEstimator>() <= 320);
    }

    #[test]
    #[should_panic(expected = "not in [0, 1]")]
    fn p2_rejects_bad_levels() {
        let _ = P2Quantile::new(1.5);
    }
}
