//! The two intervals of a difference in means: paired (the estimate) and
//! Welch's unpaired one, written beside it to show what pairing buys.

use crate::stats::{student_t_quantile, summarise};

/// A difference in means with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// The estimate.
    pub mean: f64,
    /// Lower end of the 95% interval.
    pub low: f64,
    /// Upper end of the 95% interval.
    pub high: f64,
}

impl Interval {
    /// Half the width of the interval.
    pub fn half_width(&self) -> f64 {
        (self.high - self.low) / 2.0
    }
}

/// The paired 95% t interval of the mean of `differences` (one per
/// replication); `None` for fewer than two.
pub fn paired_ci95(differences: &[f64]) -> Option<Interval> {
    let s = summarise(differences)?;
    Some(Interval {
        mean: s.mean,
        low: s.ci95_low?,
        high: s.ci95_high?,
    })
}

/// Welch's 95% interval of `mean(a) − mean(b)`, treating `a` and `b` as
/// independent samples: standard error `√(s_a²/n_a + s_b²/n_b)` and
/// Welch–Satterthwaite degrees of freedom
/// `(s_a²/n_a + s_b²/n_b)² / ((s_a²/n_a)²/(n_a−1) + (s_b²/n_b)²/(n_b−1))`
/// (Welch 1947, Biometrika 34:28–35). `None` if either sample has fewer
/// than two values. Two constant samples give a zero-width interval.
pub fn welch_ci95(a: &[f64], b: &[f64]) -> Option<Interval> {
    let sa = summarise(a)?;
    let sb = summarise(b)?;
    let (va, vb) = (
        sa.sd?.powi(2) / a.len() as f64,
        sb.sd?.powi(2) / b.len() as f64,
    );
    let mean = sa.mean - sb.mean;
    let se2 = va + vb;
    if se2 == 0.0 {
        return Some(Interval {
            mean,
            low: mean,
            high: mean,
        });
    }
    let df = se2 * se2 / (va * va / (a.len() - 1) as f64 + vb * vb / (b.len() - 1) as f64);
    let half = student_t_quantile(0.975, df) * se2.sqrt();
    Some(Interval {
        mean,
        low: mean - half,
        high: mean + half,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welch_matches_a_hand_computation() {
        // a: mean 5, s² = 32/7 (n 8); b: 1 2 3 4 5, mean 3, s² = 2.5 (n 5).
        // va = 0.571428..., vb = 0.5, se² = 1.071428...,
        // df = 1.147959.../(0.326530.../7 + 0.25/4) = 10.5175...,
        // t(0.975, 10.5175) = 2.21337 (numerical integration of the t density).
        let a = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let b = [1.0, 2.0, 3.0, 4.0, 5.0];
        let w = welch_ci95(&a, &b).unwrap();
        assert_eq!(w.mean, 2.0);
        let va: f64 = 32.0 / 7.0 / 8.0;
        let vb = 0.5;
        let df = (va + vb).powi(2) / (va * va / 7.0 + vb * vb / 4.0);
        assert!((df - 10.517_53).abs() < 1e-4, "{df}");
        let half = student_t_quantile(0.975, df) * (va + vb).sqrt();
        assert!((w.half_width() - half).abs() < 1e-12);
        // As R's t.test(a, b)$conf.int: -0.29105 4.29105.
        assert!((w.low - (-0.291_05)).abs() < 1e-4, "{w:?}");
        assert!((w.high - 4.291_05).abs() < 1e-4, "{w:?}");
    }

    #[test]
    fn welch_degenerate_inputs() {
        assert_eq!(welch_ci95(&[1.0], &[1.0, 2.0]), None);
        let w = welch_ci95(&[3.0, 3.0], &[1.0, 1.0, 1.0]).unwrap();
        assert_eq!((w.mean, w.low, w.high), (2.0, 2.0, 2.0));
    }

    #[test]
    fn pairing_removes_shared_noise() {
        // The alternative is the base less 1, plus a little noise of its
        // own: the paired interval sees only the little noise.
        let base: Vec<f64> = (0..20).map(|i| f64::from(i * 7 % 13) * 10.0).collect();
        let alt: Vec<f64> = base
            .iter()
            .enumerate()
            .map(|(i, b)| b - 1.0 + if i % 2 == 0 { 0.1 } else { -0.1 })
            .collect();
        let diffs: Vec<f64> = base.iter().zip(&alt).map(|(b, a)| b - a).collect();
        let paired = paired_ci95(&diffs).unwrap();
        let unpaired = welch_ci95(&base, &alt).unwrap();
        assert!((paired.mean - unpaired.mean).abs() < 1e-9);
        assert!(paired.half_width() * 50.0 < unpaired.half_width());
    }
}
