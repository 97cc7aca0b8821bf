//! Quantiles of the standard normal and Student's t distributions, and the
//! special functions (log-gamma, log-beta, regularised incomplete beta) that
//! the t quantile is refined against.
//!
//! Everything here is straight-line floating-point arithmetic with fixed
//! iteration rules, so equal arguments always give bit-identical results.

use std::f64::consts::{LN_2, PI};

/// `ln(√(2π))`, the constant of Stirling's series.
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// From this many degrees of freedom on (and see [`CORNISH_FISHER_Z2`]) the
/// t quantile comes from the Cornish–Fisher expansion. Its first omitted
/// term is `O(z¹¹/ν⁵)`, about 4e-16 relative at `ν = 1000, z = 1.96`,
/// whereas the incomplete-beta continued fraction loses about `ν·ε`
/// relative to rounding near `t² ≈ 3` (the Lentz recurrences cancel there),
/// so for large `ν` the expansion is the more accurate of the two.
const CORNISH_FISHER_MIN_DF: f64 = 1000.0;

/// The expansion is used only when `ν ≥ 260 z²`: its error grows like
/// `(z²/ν)⁵`, and this keeps it below ~5e-16 relative in the tails
/// (checked against 40-digit references for `z` up to 8).
const CORNISH_FISHER_Z2: f64 = 260.0;

/// Iteration cap for the safeguarded Newton refinement of the t quantile.
/// From Hill's start it converges in a handful of steps; the cap only bounds
/// pathological inputs (degrees of freedom far below 1, extreme tails).
const MAX_NEWTON: usize = 200;

/// Iteration cap for the incomplete-beta continued fraction. Convergence
/// takes `O(√max(a, b))` terms (Numerical Recipes §6.4); in practice under
/// a hundred for the degrees of freedom that reach it.
const MAX_CF: usize = 100_000;

/// Smallest magnitude allowed for a modified-Lentz denominator.
const LENTZ_TINY: f64 = 1.0e-300;

/// The standard normal quantile (probit): the `z` with `Φ(z) = p`.
///
/// Uses Wichura's algorithm AS 241, `PPND16` (Applied Statistics 37(3),
/// 1988, 477–484): three rational minimax approximations (central region
/// `|p − ½| ≤ 0.425`, then in `r = √(−ln min(p, 1 − p))` for `r ≤ 5` and
/// `r > 5`), accurate to about 1 part in 10¹⁶ — better than needed for
/// confidence intervals and, unlike Newton schemes, without iteration.
///
/// Returns `-∞` for `p = 0`, `+∞` for `p = 1`, and NaN for `p` outside
/// `[0, 1]` or NaN. The lower tail is computed from `p` itself, so tiny `p`
/// (down to the smallest subnormal) keeps full relative accuracy; the
/// upper tail is limited by the spacing of doubles below 1.
#[must_use]
#[allow(clippy::excessive_precision)] // coefficients as published in AS 241
pub fn normal_quantile(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        let num = ((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r
            + 6.7265770927008700853e4)
            * r
            + 4.5921953931549871457e4)
            * r
            + 1.3731693765509461125e4)
            * r
            + 1.9715909503065514427e3)
            * r
            + 1.3314166789178437745e2)
            * r
            + 3.3871328727963666080e0;
        let den = ((((((5.2264952788528545610e3 * r + 2.8729085735721942674e4) * r
            + 3.9307895800092710610e4)
            * r
            + 2.1213794301586595867e4)
            * r
            + 5.3941960214247511077e3)
            * r
            + 6.8718700749205790830e2)
            * r
            + 4.2313330701600911252e1)
            * r
            + 1.0;
        return q * num / den;
    }
    // `1 - p` is exact for p in [0.5, 1] (Sterbenz).
    let tail = if q < 0.0 { p } else { 1.0 - p };
    let mut r = (-tail.ln()).sqrt();
    let value = if r <= 5.0 {
        r -= 1.6;
        let num = ((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r
            + 2.41780725177450611770e-1)
            * r
            + 1.27045825245236838258e0)
            * r
            + 3.64784832476320460504e0)
            * r
            + 5.76949722146069140550e0)
            * r
            + 4.63033784615654529590e0)
            * r
            + 1.42343711074968357734e0;
        let den = ((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r
            + 1.51986665636164571966e-2)
            * r
            + 1.48103976427480074590e-1)
            * r
            + 6.89767334985100004550e-1)
            * r
            + 1.67638483018380384940e0)
            * r
            + 2.05319162663775882187e0)
            * r
            + 1.0;
        num / den
    } else {
        r -= 5.0;
        let num = ((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
            + 1.24266094738807843860e-3)
            * r
            + 2.65321895265761230930e-2)
            * r
            + 2.96560571828504891230e-1)
            * r
            + 1.78482653991729133580e0)
            * r
            + 5.46378491116411436990e0)
            * r
            + 6.65790464350110377720e0;
        let den = ((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r
            + 1.84631831751005468180e-5)
            * r
            + 7.86869131145613259100e-4)
            * r
            + 1.48753612908506148525e-2)
            * r
            + 1.36929880922735805310e-1)
            * r
            + 5.99832206555887937690e-1)
            * r
            + 1.0;
        num / den
    };
    if q < 0.0 { -value } else { value }
}

/// The quantile (inverse CDF) of Student's t distribution with `df`
/// degrees of freedom: the `t` with `P(T ≤ t) = p`.
///
/// Used for the `t(0.975, n − 1)` multiplier of the confidence interval of
/// a mean from `n` replications (the interval is exact for normal data and
/// the usual large-sample choice otherwise). Method:
///
/// * `df = 1` (Cauchy) and `df = 2` have closed forms,
///   `1/tan(πq)` and `(1 − 2q)/√(2q(1 − q))` for the upper tail `q`;
/// * `df = ∞` is the normal quantile ([`normal_quantile`], AS 241);
/// * large `df` (`≥ 1000` and `≥ 260 z²`, `z` the normal quantile) uses
///   the Cornish–Fisher expansion of the t quantile about the normal one
///   to order `ν⁻⁴` (Abramowitz & Stegun 26.7.5), accurate to ~1e-15;
/// * otherwise Hill's approximation (CACM algorithm 396, 1970) gives a
///   start accurate to a few digits, which safeguarded Newton iterations
///   on `ln t` then polish against the exact tail probability
///   `P(T > t) = ½ I_{ν/(ν+t²)}(ν/2, ½)`. The regularised incomplete beta
///   `I` is evaluated by its continued fraction with the modified Lentz
///   method (Numerical Recipes, 3rd ed., §6.4), the log-beta prefactor with
///   Stirling's series (as R's `lbeta`) so it stays accurate for large `ν`.
///   Near the median the equation is solved for `P(|T| ≤ t) = 1 − 2q`
///   instead, which keeps small quantiles accurate to full relative
///   precision. Hill's start is replaced by the power-law tail asymptote
///   for `df < 1`, where his formula is not designed to work.
///
/// The result agrees with 40-digit references to about 1e-14 relative or
/// better for ordinary arguments (the worst case, `df` just under 1000
/// near `p = 0.975`, is ~1e-14; extreme tails at a few hundred thousand
/// degrees of freedom can degrade towards 1e-11). Returns `∓∞` for
/// `p = 0` / `p = 1`, `0` for `p = ½`, and NaN for NaN arguments,
/// `p ∉ [0, 1]` or `df ≤ 0`.
#[must_use]
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    if p.is_nan() || df.is_nan() || !(0.0..=1.0).contains(&p) || df <= 0.0 {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    if p == 0.5 {
        return 0.0;
    }
    if p < 0.5 {
        -t_upper_quantile(p, df)
    } else {
        // Exact for p in [0.5, 1] (Sterbenz).
        t_upper_quantile(1.0 - p, df)
    }
}

/// The `t > 0` with `P(T > t) = q`, for `q` in `(0, ½)` and `df > 0`.
fn t_upper_quantile(q: f64, df: f64) -> f64 {
    if df == f64::INFINITY {
        return -normal_quantile(q);
    }
    if df == 1.0 {
        return 1.0 / (PI * q).tan();
    }
    if df == 2.0 {
        return (1.0 - 2.0 * q) / (2.0 * q * (1.0 - q)).sqrt();
    }
    let z = -normal_quantile(q);
    if df >= CORNISH_FISHER_MIN_DF && df >= CORNISH_FISHER_Z2 * z * z {
        return cornish_fisher(z, df);
    }
    t_upper_quantile_iterative(q, df)
}

/// Hill's start refined by Newton on the exact distribution function; kept
/// separate from the closed forms so tests can exercise it at `df = 1, 2`.
fn t_upper_quantile_iterative(q: f64, df: f64) -> f64 {
    let start = if df >= 1.0 {
        hill_start(q, df).ln()
    } else {
        tail_start_ln(q, df)
    };
    refine_ln_t(q, df, start).exp()
}

/// Cornish–Fisher expansion of the t quantile in powers of `1/ν` about the
/// normal quantile `z` (Abramowitz & Stegun 26.7.5, terms to `ν⁻⁴`).
fn cornish_fisher(z: f64, df: f64) -> f64 {
    let z2 = z * z;
    let g1 = (z2 + 1.0) * z / 4.0;
    let g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
    let g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
    let g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;
    z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df
}

/// Hill (1970), CACM algorithm 396, "Student's t-quantiles", for the upper
/// tail `q` (his two-sided probability is `2q`) and real `df ≥ 1`.
fn hill_start(q: f64, n: f64) -> f64 {
    let p2 = 2.0 * q;
    let a = 1.0 / (n - 0.5);
    let b = 48.0 / (a * a);
    let mut c = ((20700.0 * a / b - 98.0) * a - 16.0) * a + 96.36;
    let d = ((94.5 / (b + c) - 3.0) / b + 1.0) * (a * PI / 2.0).sqrt() * n;
    let x = d * p2;
    let mut y = x.powf(2.0 / n);
    if y > 0.05 + a {
        // Asymptotic inverse expansion about the normal deviate.
        let x = normal_quantile(q);
        y = x * x;
        if n < 5.0 {
            c += 0.3 * (n - 4.5) * (x + 0.6);
        }
        c += (((0.05 * d * x - 5.0) * x - 7.0) * x - 2.0) * x + b;
        y = (((((0.4 * y + 6.3) * y + 36.0) * y + 94.5) / c - y - 3.0) / b + 1.0) * x;
        y = (a * y * y).exp_m1();
    } else {
        y = ((1.0 / (((n + 6.0) / (n * y) - 0.089 * d - 0.822) * (n + 2.0) * 3.0)
            + 0.5 / (n + 4.0))
            * y
            - 1.0)
            * (n + 1.0)
            / (n + 2.0)
            + 1.0 / y;
    }
    (n * y).sqrt()
}

/// `ln t` from the power-law tail `P(T > t) ≈ ν^{ν/2−1} t^{−ν} / B(ν/2, ½)`,
/// the starting point for `df < 1` where Hill's formula does not apply.
fn tail_start_ln(q: f64, df: f64) -> f64 {
    0.5 * df.ln() - (q.ln() + df.ln() + ln_beta(0.5 * df, 0.5)) / df
}

/// Safeguarded Newton iteration on `u = ln t` for `P(T > t) = q`.
///
/// For `q ≤ ¼` it solves `ln P(T > t) = ln q`; above, where `t` is small
/// and `P(T > t)` is close to ½, it solves `ln P(|T| ≤ t) = ln(1 − 2q)`
/// (with `1 − 2q` exact) so the small root keeps its relative accuracy.
/// Both are smooth, monotone and close to linear in `u` in the tails, so
/// Newton converges quadratically from Hill's start; a bracket on `u`
/// with bisection guards against overshoot.
fn refine_ln_t(q: f64, df: f64, start: f64) -> f64 {
    let central = q > 0.25;
    let target = if central {
        (1.0 - 2.0 * q).ln()
    } else {
        q.ln()
    };
    let mut u = start;
    let mut lo = f64::NEG_INFINITY;
    let mut hi = f64::INFINITY;
    let mut jump = 1.0;
    for _ in 0..MAX_NEWTON {
        let parts = t_parts(u.exp(), df);
        // `excess > 0` means t is too small; `slope` is −d(excess)/du > 0.
        let (excess, slope) = if central {
            (
                target - parts.ln_central,
                (LN_2 + u + parts.ln_density - parts.ln_central).exp(),
            )
        } else {
            (
                parts.ln_upper - target,
                (u + parts.ln_density - parts.ln_upper).exp(),
            )
        };
        if excess == 0.0 {
            break;
        }
        if excess > 0.0 {
            lo = u;
        } else {
            hi = u;
        }
        let mut next = u + excess / slope;
        if !next.is_finite() || next <= lo || next >= hi {
            next = if lo.is_finite() && hi.is_finite() {
                0.5 * (lo + hi)
            } else if lo.is_finite() {
                lo + jump
            } else {
                hi - jump
            };
            jump *= 2.0;
        }
        let step = next - u;
        u = next;
        if step.abs() <= 4.0 * f64::EPSILON * u.abs().max(1.0) || hi - lo <= f64::EPSILON * u.abs()
        {
            break;
        }
    }
    u
}

/// The pieces of the t distribution at one `t ≥ 0`, all as logarithms.
struct TParts {
    /// `ln P(T > t)`.
    ln_upper: f64,
    /// `ln P(|T| ≤ t)`.
    ln_central: f64,
    /// `ln` of the density at `t`.
    ln_density: f64,
}

/// `P(T > t) = ½ I_x(ν/2, ½)` and `P(|T| ≤ t) = I_y(½, ν/2)` with
/// `x = ν/(ν + t²)`, `y = 1 − x`, both obtained from one continued
/// fraction (whichever converges), plus the density.
fn t_parts(t: f64, df: f64) -> TParts {
    let a = 0.5 * df;
    let b = 0.5;
    // x, y and their logarithms without cancellation or overflow.
    let (x, y, ln_x, ln_y) = if t * t <= df {
        let r = t * t / df;
        let l1p = r.ln_1p();
        (1.0 / (1.0 + r), r / (1.0 + r), -l1p, r.ln() - l1p)
    } else {
        let w = df / t / t;
        let l1p = w.ln_1p();
        (w / (1.0 + w), 1.0 / (1.0 + w), w.ln() - l1p, -l1p)
    };
    let ln_b = ln_beta(a, b);
    let ln_density = -ln_b - 0.5 * df.ln() + (a + 0.5) * ln_x;
    let ln_front = a * ln_x + b * ln_y - ln_b;
    let (ln_ix, ln_iy) = if y == 0.0 {
        // t = 0: I_1(a, b) = 1, I_0(b, a) = 0.
        (0.0, f64::NEG_INFINITY)
    } else if x == 0.0 {
        (f64::NEG_INFINITY, 0.0)
    } else if x < (a + 1.0) / (a + b + 2.0) {
        let ln_ix = ln_front + (beta_cf(a, b, x) / a).ln();
        (ln_ix, (-ln_ix.exp()).ln_1p())
    } else {
        let ln_iy = ln_front + (beta_cf(b, a, y) / b).ln();
        ((-ln_iy.exp()).ln_1p(), ln_iy)
    };
    TParts {
        ln_upper: ln_ix - LN_2,
        ln_central: ln_iy,
        ln_density,
    }
}

/// The continued fraction for the regularised incomplete beta function,
/// `I_x(a, b) = x^a (1−x)^b / (a B(a, b)) · cf`, evaluated by the modified
/// Lentz method (Numerical Recipes, 3rd ed., §6.4, `betacf`). Converges
/// quickly for `x < (a + 1)/(a + b + 2)`; callers use the symmetry
/// `I_x(a, b) = 1 − I_{1−x}(b, a)` otherwise.
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    let qab = a + b;
    let qap = a + 1.0;
    let qam = a - 1.0;
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < LENTZ_TINY {
        d = LENTZ_TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=MAX_CF {
        let m = m as f64;
        let m2 = 2.0 * m;
        // Even step.
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < LENTZ_TINY {
            d = LENTZ_TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < LENTZ_TINY {
            c = LENTZ_TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        // Odd step.
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < LENTZ_TINY {
            d = LENTZ_TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < LENTZ_TINY {
            c = LENTZ_TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() <= f64::EPSILON {
            break;
        }
    }
    h
}

/// `lnΓ(z) − [(z − ½) ln z − z + ln √(2π)]` for `z ≥ 10`: Stirling's
/// series `Σ B₂ₖ / (2k(2k−1) z^{2k−1})` to `k = 8`, whose truncation error
/// at `z = 10` is below 1e-18.
fn stirling_correction(z: f64) -> f64 {
    let w = 1.0 / (z * z);
    (1.0 / 12.0
        + w * (-1.0 / 360.0
            + w * (1.0 / 1260.0
                + w * (-1.0 / 1680.0
                    + w * (1.0 / 1188.0
                        + w * (-691.0 / 360_360.0
                            + w * (1.0 / 156.0 + w * (-3617.0 / 122_400.0))))))))
        / z
}

/// `ln Γ(z)` for `z > 0`: Stirling's series for `z ≥ 10`, else the
/// recurrence `Γ(z) = Γ(z + k) / (z (z+1) ⋯ (z+k−1))` up to 10 first.
/// Accurate to a few ulps of the larger of `|ln Γ(z)|` and 1, which is
/// what the exponent of a probability needs.
fn ln_gamma(z: f64) -> f64 {
    if z >= 10.0 {
        return (z - 0.5) * z.ln() - z + LN_SQRT_2PI + stirling_correction(z);
    }
    let mut product = 1.0;
    let mut shifted = z;
    while shifted < 10.0 {
        product *= shifted;
        shifted += 1.0;
    }
    ln_gamma(shifted) - product.ln()
}

/// `ln B(a, b)` for `a, b > 0`, organised as R's `lbeta` (after
/// Loader's and Morris's notes): when one or both arguments are large the
/// Stirling corrections are combined analytically so the huge `ln Γ`
/// terms cancel exactly instead of numerically.
fn ln_beta(a: f64, b: f64) -> f64 {
    let (p, q) = if a < b { (a, b) } else { (b, a) };
    if p >= 10.0 {
        let corr = stirling_correction(p) + stirling_correction(q) - stirling_correction(p + q);
        -0.5 * q.ln()
            + LN_SQRT_2PI
            + corr
            + (p - 0.5) * (p / (p + q)).ln()
            + q * (-p / (p + q)).ln_1p()
    } else if q >= 10.0 {
        let corr = stirling_correction(q) - stirling_correction(p + q);
        ln_gamma(p) + corr + p - p * (p + q).ln() + (q - 0.5) * (-p / (p + q)).ln_1p()
    } else {
        ln_gamma(p) + ln_gamma(q) - ln_gamma(p + q)
    }
}

/// The regularised incomplete beta function `I_x(a, b)`, the CDF of a
/// Beta(a, b) distribution at `x` (for `a, b > 0`): the continued fraction
/// of [`beta_cf`] on whichever side converges, by the symmetry
/// `I_x(a, b) = 1 − I_{1−x}(b, a)`. Used to find the percentiles of a
/// harm parameter's beta uncertainty (`downtime sensitivity`).
pub fn regularised_incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = a * x.ln() + b * (-x).ln_1p() - ln_beta(a, b);
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_cf(a, b, x) / a
    } else {
        1.0 - ln_front.exp() * beta_cf(b, a, 1.0 - x) / b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_rel(actual: f64, expected: f64, tol: f64) {
        let rel = ((actual - expected) / expected).abs();
        assert!(
            rel <= tol,
            "actual {actual:e}, expected {expected:e}, relative error {rel:e} > {tol:e}"
        );
    }

    /// `P(T ≤ t)` from the same machinery, for round-trip checks.
    fn t_cdf(t: f64, df: f64) -> f64 {
        let parts = t_parts(t.abs(), df);
        let upper = parts.ln_upper.exp();
        if t >= 0.0 { 1.0 - upper } else { upper }
    }

    #[test]
    fn normal_quantile_reference_values() {
        // References from mpmath at 50 digits: √2 erfinv(2p − 1).
        assert_rel(normal_quantile(0.975), 1.959_963_984_540_053_9, 1e-15);
        assert_rel(normal_quantile(0.025), -1.959_963_984_540_054_2, 1e-15);
        assert_eq!(normal_quantile(0.5), 0.0);
        assert_rel(normal_quantile(0.3), -0.524_400_512_708_040_8, 1e-15);
        assert_rel(normal_quantile(0.99), 2.326_347_874_040_840_8, 1e-15);
        assert_rel(normal_quantile(1e-4), -3.719_016_485_455_680_6, 1e-15);
        assert_rel(normal_quantile(0.9999), 3.719_016_485_455_708_4, 1e-12);
        assert_rel(normal_quantile(1e-10), -6.361_340_902_404_056, 1e-15);
        assert_eq!(normal_quantile(0.0), f64::NEG_INFINITY);
        assert_eq!(normal_quantile(1.0), f64::INFINITY);
        assert!(normal_quantile(-0.1).is_nan());
        assert!(normal_quantile(1.1).is_nan());
        assert!(normal_quantile(f64::NAN).is_nan());
        assert!(normal_quantile(1e-300) < -37.0);
    }

    #[test]
    fn t_quantile_reference_values_at_0975() {
        // The task's reference values (R / scipy `qt(0.975, df)`), to the
        // 1e-9 relative asked for.
        let given = [
            (1.0, 12.706_204_736_174_698),
            (2.0, 4.302_652_729_749_464),
            (3.0, 3.182_446_305_284_263),
            (5.0, 2.570_581_835_636_314),
            (10.0, 2.228_138_851_986_274),
            (30.0, 2.042_272_456_301_238),
            (100.0, 1.983_971_518_523_552),
            // The task listed 1.962339330705 here, which is off by 1.3e-7
            // relative: mpmath, R's qt(0.975, 1000) and the Cornish–Fisher
            // series all give 1.9623390808264.
            (1000.0, 1.962_339_080_826_408),
            (f64::INFINITY, 1.959_963_984_540_054),
        ];
        for (df, expected) in given {
            assert_rel(student_t_quantile(0.975, df), expected, 1e-9);
            assert_rel(student_t_quantile(0.025, df), -expected, 1e-9);
        }
        // 40-digit mpmath references (bisection on the regularised
        // incomplete beta): in fact the error is far below 1e-9.
        let precise = [
            (1.0, 12.706_204_736_174_693),
            (2.0, 4.302_652_729_749_462),
            (3.0, 3.182_446_305_283_708),
            (5.0, 2.570_581_835_636_314_8),
            (10.0, 2.228_138_851_986_274_2),
            (30.0, 2.042_272_456_301_237_9),
            (100.0, 1.983_971_518_523_551_9),
            (1000.0, 1.962_339_080_826_408),
            (f64::INFINITY, 1.959_963_984_540_053_9),
        ];
        for (df, expected) in precise {
            assert_rel(student_t_quantile(0.975, df), expected, 2e-14);
        }
    }

    #[test]
    fn t_quantile_other_reference_values() {
        // (p, df, mpmath reference at 50 digits).
        let cases = [
            (0.9, 2.5, 1.730_250_928_807_176_8),
            (0.999, 4.0, 7.173_182_219_782_307),
            (1e-10, 7.0, -53.835_579_484_673_73),
            (0.6, 3.0, 0.276_670_662_332_689_85),
            (0.500_000_1, 12.0, 2.559_336_256_878_782e-7),
            (0.995, 1.5, 17.820_310_514_462_797),
            (0.975, 0.5, 164.557_673_480_488_24),
            (1e-6, 0.8, -7_336_795.389_552_27),
            (0.975, 12_345.0, 1.960_156_167_600_567),
            (0.025, 250_000.0, -1.959_973_473_670_135_5),
            (0.975, 3e6, 1.959_964_775_297_444_2),
            (1e-12, 40.0, -9.987_885_004_868_849),
            (0.75, 3.7, 0.746_485_153_482_454_2),
            (0.999_999_9, 1.2, 273_916.836_284_295_3),
            (0.975, 7.0, 2.364_624_251_592_785),
            (0.975, 500.0, 1.964_719_837_467_367_4),
            (0.975, 999.0, 1.962_341_461_133_449_6),
            (1e-10, 3000.0, -6.383_388_079_275_545),
            (1e-10, 20_000.0, -6.364_639_661_371_594),
            (0.9999, 5000.0, 3.721_776_168_336_805_8),
        ];
        for (p, df, expected) in cases {
            // Upper-tail p near 1 carries the rounding of 1 − p.
            let tol = if p > 0.99 { 1e-9 } else { 1e-13 };
            assert_rel(student_t_quantile(p, df), expected, tol);
        }
    }

    #[test]
    fn t_quantile_edge_cases() {
        assert_eq!(student_t_quantile(0.5, 7.0), 0.0);
        assert_eq!(student_t_quantile(0.0, 7.0), f64::NEG_INFINITY);
        assert_eq!(student_t_quantile(1.0, 7.0), f64::INFINITY);
        assert!(student_t_quantile(0.975, 0.0).is_nan());
        assert!(student_t_quantile(0.975, -1.0).is_nan());
        assert!(student_t_quantile(0.975, f64::NAN).is_nan());
        assert!(student_t_quantile(f64::NAN, 3.0).is_nan());
        assert!(student_t_quantile(1.5, 3.0).is_nan());
    }

    #[test]
    fn iterative_path_matches_closed_forms() {
        for q in [0.4, 0.25, 0.1, 0.025, 1e-5, 1e-12] {
            assert_rel(
                t_upper_quantile_iterative(q, 1.0),
                1.0 / (PI * q).tan(),
                1e-13,
            );
            assert_rel(
                t_upper_quantile_iterative(q, 2.0),
                (1.0 - 2.0 * q) / (2.0 * q * (1.0 - q)).sqrt(),
                1e-13,
            );
        }
    }

    #[test]
    fn cornish_fisher_joins_the_iterative_solution() {
        // Where the two methods meet they agree to the iterative path's
        // own accuracy (~ν·ε near t² ≈ 3).
        for df in [1000.0, 2000.0, 5000.0] {
            for q in [0.25, 0.025, 1e-4] {
                let z = -normal_quantile(q);
                assert_rel(
                    cornish_fisher(z, df),
                    t_upper_quantile_iterative(q, df),
                    1e-12,
                );
            }
        }
    }

    #[test]
    fn t_quantile_round_trips_through_the_cdf() {
        for df in [0.7, 1.0, 1.5, 3.0, 4.0, 9.5, 29.0, 299.0, 9999.0] {
            for p in [1e-9, 0.001, 0.05, 0.3, 0.49, 0.51, 0.8, 0.975, 0.999] {
                let t = student_t_quantile(p, df);
                let back = t_cdf(t, df);
                assert!(
                    ((back - p) / p.min(1.0 - p)).abs() < 1e-12,
                    "df {df} p {p}: t {t}, cdf {back}"
                );
            }
        }
    }

    #[test]
    fn t_quantile_is_monotone_in_p_and_df() {
        let mut previous = f64::NEG_INFINITY;
        for i in 1..200 {
            let t = student_t_quantile(f64::from(i) / 200.0, 6.5);
            assert!(t > previous);
            previous = t;
        }
        let mut previous = f64::INFINITY;
        for df in [
            1.0, 1.5, 2.0, 2.5, 3.0, 10.0, 99.0, 999.0, 1000.0, 1e4, 1e5, 1e7,
        ] {
            let t = student_t_quantile(0.975, df);
            assert!(t < previous, "df {df}");
            previous = t;
        }
    }

    #[test]
    fn ln_gamma_and_ln_beta_reference_values() {
        // Absolute accuracy is what the exponents of probabilities need.
        assert!(ln_gamma(1.0).abs() < 1e-14);
        assert!(ln_gamma(2.0).abs() < 1e-14);
        assert!((ln_gamma(0.5) - 0.5 * PI.ln()).abs() < 1e-14);
        assert_rel(ln_gamma(10.0), 362_880.0_f64.ln(), 1e-15);
        assert_rel(ln_gamma(100.5), 361.435_540_467_777_6, 1e-15);
        // B(½, ½) = π and B(2, 3) = 1/12.
        assert!((ln_beta(0.5, 0.5) - PI.ln()).abs() < 1e-14);
        assert!((ln_beta(2.0, 3.0) + 12.0_f64.ln()).abs() < 1e-14);
        // Large-argument branches against the plain lnΓ combination.
        assert_rel(
            ln_beta(0.5, 40.0),
            ln_gamma(0.5) + ln_gamma(40.0) - ln_gamma(40.5),
            1e-13,
        );
        assert_rel(
            ln_beta(15.0, 40.0),
            ln_gamma(15.0) + ln_gamma(40.0) - ln_gamma(55.0),
            1e-13,
        );
    }

    #[test]
    fn incomplete_beta_reference_values() {
        // Beta(1, 1) is uniform; Beta(2, 3): I_0.4 = 0.5248 (closed form
        // 1 − (1−x)^4 − 4x(1−x)^3 = 0.5248).
        assert!((regularised_incomplete_beta(0.3, 1.0, 1.0) - 0.3).abs() < 1e-14);
        assert!((regularised_incomplete_beta(0.4, 2.0, 3.0) - 0.5248).abs() < 1e-12);
        assert!((regularised_incomplete_beta(0.9, 2.0, 3.0) - 0.9963).abs() < 1e-12);
        assert_eq!(regularised_incomplete_beta(0.0, 2.0, 3.0), 0.0);
        assert_eq!(regularised_incomplete_beta(1.0, 2.0, 3.0), 1.0);
    }
}
