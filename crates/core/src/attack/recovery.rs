//! Recovery: how long each system stays down, and in which order systems
//! come back.

/// Assigns recovery durations to the systems in `down` by restoration
/// order: the shortest draw goes to the system restored first, so the
/// order is kept while each duration still follows its distribution as a
/// set (order statistics). `durations` holds one draw per system, by
/// `ItSystem as usize`; the result holds each down system's duration.
pub(super) fn staged(durations: [f64; 10], down: u16, rank: &[usize; 10]) -> [Option<f64>; 10] {
    let mut systems: Vec<usize> = (0..10).filter(|i| down & (1 << i) != 0).collect();
    systems.sort_by_key(|&i| rank[i]);
    let mut draws: Vec<f64> = systems.iter().map(|&i| durations[i]).collect();
    draws.sort_by(f64::total_cmp);
    let mut out = [None; 10];
    for (i, d) in systems.into_iter().zip(draws) {
        out[i] = Some(d);
    }
    out
}

/// Days after detonation at which share `u` (0 <= u < 1) of systems is
/// restored, on the piecewise-linear curve `progress` of (day, share)
/// points (validated: days increasing from 0, shares non-decreasing to 1).
pub(super) fn progress_days(progress: &[(f64, f64)], u: f64) -> f64 {
    for pair in progress.windows(2) {
        let ((d0, s0), (d1, s1)) = (pair[0], pair[1]);
        if s1 > u {
            return d0 + (u - s0).max(0.0) / (s1 - s0) * (d1 - d0);
        }
    }
    progress.last().map_or(0.0, |p| p.0)
}
