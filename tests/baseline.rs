//! With no incident, the England-like system reproduces its inputs.
//!
//! The generator sizes the average trust from published daily figures
//! (docs/model/system.md: Ghafur et al. 2019, Table 2 baseline); the model
//! must give them back: emergency attendances, emergency and elective
//! admissions and outpatient appointments per trust per day within 2%, and
//! the GP referrals its practices make arrive at the trusts. Four-hour
//! performance and bed occupancy must be plausible for England.

use downtime_core::metrics::{Metric, MetricValues};
use downtime_core::model::Model;
use downtime_core::replication::{Arm, simulate};
use downtime_core::scenario::{self, TextSource};

/// Per trust per calendar day, over the reported days.
fn per_trust_day(totals: &MetricValues, m: Metric, trusts: f64, days: f64) -> f64 {
    totals.value(m).unwrap_or(0.0) / trusts / days
}

#[test]
fn the_england_like_baseline_reproduces_its_daily_inputs() {
    // 6 trusts of the generated system, 8 weeks reported after the 8-week
    // warm-up the bed model needs (MODEL.md section 4.1); 2 replications.
    let text = "[calendar]\nattack_date = 2017-05-12\nwarm_up_days = 56\ndays_before_attack = 0\nfollow_up_days = 56\n\
                [system.england]\ntrusts = 6\nseed = 3\n";
    let loaded = scenario::load("baseline.toml", &[], &TextSource(text.into())).unwrap();
    let s = &loaded.scenario;
    let model = Model::build(s).unwrap();
    let trusts = s.trusts.len() as f64;
    let days = 56.0;
    let mut totals = MetricValues::default();
    for rep in 0..2 {
        let r = simulate(&model, 11, rep, Arm::Counterfactual);
        for o in &r.organisations {
            totals.add_all(&o.totals);
        }
    }
    let reps = 2.0;
    let avg = |m| per_trust_day(&totals, m, trusts, days) / reps;
    // The generated trusts vary in size around the published average;
    // the inputs to compare with are this system's own.
    let arrivals: f64 = s
        .trusts
        .iter()
        .map(|t| t.emergency_department.arrivals_per_day)
        .sum::<f64>()
        / trusts;
    let admitted: f64 = s
        .trusts
        .iter()
        .map(|t| {
            t.emergency_department.arrivals_per_day
                * t.beds.as_ref().map_or(0.0, |b| b.ed_admission_share)
        })
        .sum::<f64>()
        / trusts;
    let within = |name: &str, got: f64, want: f64| {
        let err = (got - want).abs() / want;
        assert!(
            err < 0.02,
            "{name}: {got:.1} per trust-day vs input {want:.1} ({:.1}%)",
            err * 100.0
        );
        eprintln!(
            "{name}: {got:.1} vs {want:.1} ({:+.2}%)",
            (got - want) / want * 100.0
        );
    };
    within("ed_attendances", avg(Metric::EdAttendances), arrivals);
    within(
        "admissions_emergency",
        avg(Metric::AdmissionsEmergency),
        admitted,
    );
    // Scheduled care: the published per-trust volumes, scaled by this
    // system's mean trust size.
    let elective = avg(Metric::AdmissionsElective);
    within("admissions_elective", elective, 120.4 * mean_size(s));
    // Every booked appointment is held in the end (one the hospital
    // cancels is rebooked), so in a steady state the appointments held a
    // day are the appointments booked a day.
    within(
        "outpatient_appointments_held",
        avg(Metric::OutpatientAppointmentsHeld),
        1603.9 * mean_size(s),
    );

    // Plausible four-hour performance and occupancy for England.
    let breaches =
        totals.value(Metric::Ed4hBreaches).unwrap() / totals.value(Metric::EdAttendances).unwrap();
    assert!(
        (0.05..0.35).contains(&breaches),
        "share over 4 hours {breaches}"
    );
    let occupancy = totals.value(Metric::BedOccupancy).unwrap();
    assert!(
        (0.80..0.95).contains(&occupancy),
        "bed occupancy {occupancy}"
    );
    // GP practices see their demand, the appointments offered less the
    // headroom that lets a backlog clear, per working day (the reported 56
    // days from a Friday hold 40 working days).
    let offered: f64 = s
        .gp_practices
        .iter()
        .map(|p| p.appointments_per_working_day)
        .sum();
    let held = totals.value(Metric::GpAppointmentsHeld).unwrap() / reps / 40.0;
    let demand = offered / (1.0 + downtime_core::model::scheduled_care::GP_HEADROOM);
    within("gp_appointments_held", held, demand);
}

/// The system's mean trust size relative to the published average (the
/// generator scales every volume of a trust by its size).
fn mean_size(s: &downtime_core::scenario::Scenario) -> f64 {
    s.trusts
        .iter()
        .map(|t| t.emergency_department.arrivals_per_day / 347.5)
        .sum::<f64>()
        / s.trusts.len() as f64
}
