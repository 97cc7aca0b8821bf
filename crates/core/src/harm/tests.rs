//! Behaviour of the harm mechanisms: zero in, zero out; more delay, no
//! less harm; a hand-computed case; the same draw in both arms.

use proptest::prelude::*;

use super::mechanisms::*;
use super::*;
use crate::scenario::HarmSpec;

/// Every mechanism as a function of (delay, draw) for a fixed cohort, with
/// a delay in the mechanism's own unit.
type Mechanism = (&'static str, fn(f64, &HarmDraw) -> Harm);

const MECHANISMS: &[Mechanism] = &[
    ("cancer_referral_delay (days)", |t, d| {
        cancer_referral_delay(100.0, t, d)
    }),
    ("cancer_treatment_delay (days)", |t, d| {
        cancer_treatment_delay(10.0, t, d)
    }),
    ("ed_stay admitted (hours)", |t, d| ed_stay(true, t, d)),
    ("ed_stay not admitted (hours)", |t, d| ed_stay(false, t, d)),
    ("ambulance_diversion (km)", |t, d| ambulance_diversion(t, d)),
    ("stroke_treatment_delay (min)", |t, d| {
        stroke_treatment_delay(t, d)
    }),
    ("stemi_reperfusion_delay (min)", |t, d| {
        stemi_reperfusion_delay(t, d)
    }),
    ("sepsis_antibiotic_delay (min)", |t, d| {
        sepsis_antibiotic_delay(t, d)
    }),
    ("elective_wait (days)", |t, d| elective_wait(20.0, t, d)),
    ("outpatient_follow_up_delay (days)", |t, d| {
        outpatient_follow_up_delay(50.0, t, d)
    }),
    ("lost_results (count)", |n, d| lost_results(n, d)),
    ("delayed_discharge (bed-days)", |n, d| {
        delayed_discharge(n, d)
    }),
];

fn central() -> HarmDraw {
    HarmDraw::central(HarmCatalogue::embedded())
}

fn non_decreasing(a: Harm, b: Harm) -> bool {
    b.excess_deaths >= a.excess_deaths
        && b.qalys_lost >= a.qalys_lost
        && b.harm_events >= a.harm_events
}

#[test]
fn zero_delay_or_count_gives_zero_harm() {
    let d = HarmDraw::sample(HarmCatalogue::embedded(), 9, 1);
    for (name, f) in MECHANISMS {
        for draw in [&central(), &d] {
            for zero in [0.0, -3.0, f64::NAN] {
                assert_eq!(f(zero, draw), Harm::default(), "{name} at {zero}");
            }
        }
    }
    // And a zero cohort with a real delay.
    let d = central();
    assert_eq!(cancer_referral_delay(0.0, 30.0, &d), Harm::default());
    assert_eq!(cancer_treatment_delay(0.0, 30.0, &d), Harm::default());
    assert_eq!(elective_wait(0.0, 30.0, &d), Harm::default());
    assert_eq!(outpatient_follow_up_delay(0.0, 30.0, &d), Harm::default());
}

#[test]
fn every_mechanism_does_harm_eventually() {
    let d = central();
    for (name, f) in MECHANISMS {
        let h = f(200.0, &d);
        if name.contains("not admitted") {
            // No mortality excess for discharged patients in this version,
            // but a 200-hour stay is still a harm event.
            assert_eq!((h.excess_deaths, h.harm_events), (0.0, 1.0));
        } else {
            assert!(h.qalys_lost > 0.0, "{name}: {h:?}");
        }
    }
}

/// 10 patients, 56 days, HR 1.07 per 4 weeks, baseline mortality 0.2:
/// 10 × 0.2 × (1.07² − 1) excess deaths.
#[test]
fn cancer_treatment_delay_matches_a_hand_computed_case() {
    let mut spec = HarmSpec::default();
    spec.overrides
        .insert("cancer_treatment_delay_hr_per_4_weeks".into(), 1.07);
    spec.overrides.insert(
        "cancer_treatment_baseline_5_year_mortality_probability".into(),
        0.2,
    );
    spec.overrides.insert("cancer_death_qalys_lost".into(), 8.0);
    let catalogue = HarmCatalogue::embedded().with_overrides(&spec).unwrap();
    // Overridden parameters are fixed, so a sampled draw gives the same.
    for d in [
        HarmDraw::central(&catalogue),
        HarmDraw::sample(&catalogue, 1, 2),
    ] {
        let h = cancer_treatment_delay(10.0, 56.0, &d);
        let expected = 10.0 * 0.2 * (1.07_f64.powi(2) - 1.0);
        assert!((h.excess_deaths - expected).abs() < 1e-9, "{h:?}");
        assert!((h.qalys_lost - 8.0 * expected).abs() < 1e-9);
        assert_eq!(h.harm_events, 10.0);
    }
}

#[test]
fn other_hand_computed_cases() {
    let d = central();
    // Sud pro rata: 1,000 referrals × 0.07 cancers × 0.038 at 61 days.
    let h = cancer_referral_delay(1000.0, 61.0, &d);
    assert!((h.excess_deaths - 70.0 * 0.038).abs() < 1e-9);
    assert!((h.qalys_lost - 70.0 * 0.70 * 0.75).abs() < 1e-9);
    // Jones: 1/82 in the 6–8 h band, 1/72 from 8 h, half-way up the ramp at 5.5 h.
    assert!((ed_stay(true, 7.0, &d).excess_deaths - 0.012_195_1).abs() < 1e-12);
    assert!((ed_stay(true, 13.0, &d).excess_deaths - 0.013_888_9).abs() < 1e-12);
    assert!((ed_stay(true, 5.5, &d).excess_deaths - 0.012_195_1 / 2.0).abs() < 1e-12);
    assert_eq!(ed_stay(true, 5.0, &d).excess_deaths, 0.0);
    // Nicholl: 10 km at 6.2% and OR 1.02 adds about 1.26 percentage points.
    let p = ambulance_diversion(10.0, &d).excess_deaths;
    let odds = 0.062 / 0.938 * 1.02_f64.powi(10);
    assert!((p - (odds / (1.0 + odds) - 0.062)).abs() < 1e-12);
    assert!((p - 0.0126).abs() < 0.0005);
    // De Luca: 60 min at 5.8% and RR 1.075 per 30 min.
    let h = stemi_reperfusion_delay(60.0, &d);
    assert!((h.excess_deaths - 0.058 * (1.075_f64.powi(2) - 1.0)).abs() < 1e-12);
    // Elective: 7 days is one week of benefit.
    assert!((elective_wait(1.0, 7.0, &d).qalys_lost - 0.0087).abs() < 1e-12);
    // Lost results: 1,000 × 0.3 × 0.0125 = 3.75 harmed, 10% of them die.
    let h = lost_results(1000.0, &d);
    assert!((h.excess_deaths - 0.375).abs() < 1e-12);
    assert_eq!(h.harm_events, 1000.0);
}

#[test]
fn harm_event_thresholds_are_the_documented_ones() {
    let d = central();
    assert_eq!(ed_stay(true, 12.0, &d).harm_events, 0.0);
    assert_eq!(ed_stay(false, 12.01, &d).harm_events, 1.0);
    assert_eq!(stroke_treatment_delay(14.9, &d).harm_events, 0.0);
    assert_eq!(stroke_treatment_delay(15.0, &d).harm_events, 1.0);
    assert_eq!(sepsis_antibiotic_delay(60.0, &d).harm_events, 1.0);
    assert_eq!(elective_wait(5.0, 28.0, &d).harm_events, 0.0);
    assert_eq!(elective_wait(5.0, 29.0, &d).harm_events, 5.0);
    assert_eq!(ambulance_diversion(0.1, &d).harm_events, 1.0);
}

#[test]
fn both_arms_and_any_two_scenarios_get_the_same_draw() {
    // The draw takes no arm or scenario: only the catalogue, seed and
    // replication. Two independently built catalogues (as two scenarios
    // without overrides would) give bit-identical draws.
    let a = HarmCatalogue::parse(HARM_PARAMETERS_TOML).unwrap();
    let b = HarmCatalogue::embedded()
        .with_overrides(&HarmSpec::default())
        .unwrap();
    for r in 0..20 {
        let (da, db) = (HarmDraw::sample(&a, 42, r), HarmDraw::sample(&b, 42, r));
        for p in HarmParameter::ALL {
            assert_eq!(da.get(*p).to_bits(), db.get(*p).to_bits());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// More delay never means less harm, for any replication's draw.
    #[test]
    fn harm_never_falls_as_delay_grows(
        replication in 0u64..1000,
        shorter in 0.0f64..500.0,
        extra in 0.0f64..500.0,
    ) {
        let d = HarmDraw::sample(HarmCatalogue::embedded(), 11, replication);
        for (name, f) in MECHANISMS {
            let (a, b) = (f(shorter, &d), f(shorter + extra, &d));
            prop_assert!(non_decreasing(a, b), "{name}: {a:?} then {b:?}");
            prop_assert!(a.excess_deaths >= 0.0 && a.qalys_lost >= 0.0);
        }
    }

    /// The same for overridden ED bands where the over-8 h excess is below
    /// the 6–8 h one, and for an onset later than 6 h.
    #[test]
    fn ed_stay_is_monotone_for_any_band_values(
        six_to_eight in 0.0f64..0.05,
        over_eight in 0.0f64..0.05,
        onset in 0.0f64..10.0,
        shorter in 0.0f64..24.0,
        extra in 0.0f64..24.0,
    ) {
        let mut spec = HarmSpec::default();
        spec.overrides.insert("ed_admitted_excess_death_probability_6_to_8_hours".into(), six_to_eight);
        spec.overrides.insert("ed_admitted_excess_death_probability_over_8_hours".into(), over_eight);
        spec.overrides.insert("ed_admitted_harm_onset_hours".into(), onset);
        let cat = HarmCatalogue::embedded().with_overrides(&spec).unwrap();
        let d = HarmDraw::central(&cat);
        let (a, b) = (ed_stay(true, shorter, &d), ed_stay(true, shorter + extra, &d));
        prop_assert!(non_decreasing(a, b), "{a:?} then {b:?}");
    }
}
