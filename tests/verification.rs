//! The emergency department against queueing theory.
//!
//! With constant arrivals, exponential service and no incident the
//! department is an M/M/c queue, whose mean time in queue is given by
//! Erlang's C formula. The simulated mean must be within 1% of it, and the
//! run long enough that its 95% confidence interval is narrower than that.
//! Little's law (Lq = lambda Wq) must hold between the model's own
//! measurements.

use downtime_core::metrics::Metric;
use downtime_core::model::Model;
use downtime_core::scenario::{self, Source, SourceReader};
use downtime_montecarlo::replication_summary::ReportArm;
use downtime_montecarlo::runner::{RunConfig, run};
use downtime_montecarlo::stats::summarise;

use crate::util::repo;

struct Files;
impl SourceReader for Files {
    fn read(&self, name: &str, _from: Option<&Source>) -> Result<Source, String> {
        let path = repo().join("scenarios").join(name);
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        Ok(Source {
            id: name.into(),
            display: name.into(),
            text,
        })
    }
}

/// Erlang C: probability of waiting and mean wait in an M/M/c queue.
fn erlang_c_wait_min(c: u32, arrivals_per_min: f64, mean_service_min: f64) -> f64 {
    let a = arrivals_per_min * mean_service_min;
    let c_f = f64::from(c);
    let mut term = 1.0; // a^k / k!
    let mut below = 0.0;
    for k in 0..c {
        if k > 0 {
            term *= a / f64::from(k);
        }
        below += term;
    }
    let top = term * a / c_f * c_f / (c_f - a);
    let p_wait = top / (below + top);
    p_wait / (c_f / mean_service_min - arrivals_per_min)
}

struct Measured {
    wait: (f64, f64, f64),
    arrivals_per_min: f64,
    queue_length: f64,
}

fn simulate(c: u32, per_day: f64, mean: f64, days: u32, replications: u64) -> Measured {
    let sets = [
        format!("trusts[0].emergency_department.cubicles={c}"),
        format!("trusts[0].emergency_department.arrivals_per_day={per_day}"),
        format!("trusts[0].emergency_department.service_min.mean={mean}"),
        format!("calendar.follow_up_days={days}"),
    ];
    let loaded = scenario::load("verification/erlang-c.toml", &sets, &Files).unwrap();
    let model = Model::build(&loaded.scenario).unwrap();
    let outcome = run(
        &model,
        RunConfig {
            replications,
            seed: 2017,
            threads: 0,
        },
        &|_| {},
    )
    .unwrap();
    let agg = &outcome.aggregate;
    let arm = ReportArm::Counterfactual as usize;
    let s = summarise(&agg.values(arm, Metric::EdWaitMinMean as usize)).unwrap();
    let mean_of = |m: Metric| summarise(&agg.values(arm, m as usize)).unwrap().mean;
    let window_min = f64::from(days) * 1440.0;
    Measured {
        wait: (s.mean, s.ci95_low.unwrap(), s.ci95_high.unwrap()),
        arrivals_per_min: mean_of(Metric::EdAttendances) / window_min,
        queue_length: mean_of(Metric::EdQueueLengthMean),
    }
}

fn check(c: u32, per_day: f64, mean: f64, days: u32, replications: u64) {
    let expected = erlang_c_wait_min(c, per_day / 1440.0, mean);
    let m = simulate(c, per_day, mean, days, replications);
    let (w, lo, hi) = m.wait;
    let rel = |x: f64| (x - expected).abs() / expected;
    eprintln!("M/M/{c}: Wq simulated {w:.4} (95% CI {lo:.4} to {hi:.4}), Erlang C {expected:.4}");
    assert!(rel(w) < 0.01, "M/M/{c}: simulated {w}, Erlang C {expected}");
    assert!(
        (hi - lo) / 2.0 < 0.01 * expected,
        "M/M/{c}: the interval ({lo}, {hi}) is wider than 1% of {expected}"
    );
    // Little's law on the model's own measurements: Lq = lambda * Wq.
    let little = m.arrivals_per_min * w;
    eprintln!(
        "M/M/{c}: Little's law Lq {:.4} vs lambda*Wq {little:.4}",
        m.queue_length
    );
    assert!(
        (m.queue_length - little).abs() / little < 0.01,
        "Little's law: Lq {} vs lambda Wq {little}",
        m.queue_length
    );
}

#[test]
fn erlang_c_formula_matches_textbook_values() {
    assert!((erlang_c_wait_min(1, 0.05, 10.0) - 10.0).abs() < 1e-12); // M/M/1: rho/(mu - lambda)
    assert!((erlang_c_wait_min(10, 0.15, 60.0) - 40.123891446461826).abs() < 1e-9);
}

#[test]
fn mm1_at_utilisation_half() {
    check(1, 72.0, 10.0, 2000, 24);
}

#[test]
fn mm5_at_utilisation_0_8() {
    check(5, 96.0, 60.0, 2000, 32);
}

#[test]
fn mm10_at_utilisation_0_9() {
    check(10, 216.0, 60.0, 2000, 64);
}
