//! Engine tests: paired arms, outages, beds, conservation.

use super::*;
use crate::scenario::{self, TextSource};
use proptest::prelude::*;

/// A small system of `trusts` departments, with outages given as
/// (trust, start hour after the attack day's midnight, hours).
fn model(trusts: usize, cubicles: u32, per_day: f64, outages: &[(usize, u32, f64)]) -> Model {
    model_with_systems(trusts, cubicles, per_day, outages, "")
}

/// The same, each outage taking down the systems in `systems` (a TOML
/// `systems = [...]` line, or "" for all).
fn model_with_systems(
    trusts: usize,
    cubicles: u32,
    per_day: f64,
    outages: &[(usize, u32, f64)],
    systems: &str,
) -> Model {
    model_with_beds(trusts, cubicles, per_day, outages, systems, "")
}

/// The same, each trust with the `[trusts.beds]` table `beds` (TOML
/// lines after the header, or "" for no bed model).
fn model_with_beds(
    trusts: usize,
    cubicles: u32,
    per_day: f64,
    outages: &[(usize, u32, f64)],
    systems: &str,
    beds: &str,
) -> Model {
    let mut text = String::from(
        "[calendar]\nattack_date = 2017-05-12\nwarm_up_days = 2\ndays_before_attack = 1\nfollow_up_days = 4\n",
    );
    for t in 0..trusts {
        text += &format!(
            "[[trusts]]\nid = \"t{t}\"\n[trusts.emergency_department]\ncubicles = {cubicles}\narrivals_per_day = {per_day}\nservice_min = {{ distribution = \"lognormal\", mean = 120.0, sd = 80.0 }}\n"
        );
        if !beds.is_empty() {
            text += &format!("[trusts.beds]\n{beds}\n");
        }
    }
    for (t, start_h, hours) in outages {
        let day = 12 + start_h / 24;
        let hour = start_h % 24;
        text += &format!(
            "[[incidents]]\nkind = \"it_outage\"\norganisation = \"t{t}\"\nstarts_at = 2017-05-{day:02}T{hour:02}:00:00\nduration_hours = {hours}\n{systems}\n"
        );
    }
    let loaded = scenario::load("test.toml", &[], &TextSource(text)).unwrap();
    Model::build(&loaded.scenario).unwrap()
}

#[test]
fn both_arms_see_the_same_patients() {
    let m = model(2, 12, 150.0, &[(0, 9, 48.0)]);
    let p = simulate_paired(&m, 9, 4);
    for (a, c) in p
        .attack
        .organisations
        .iter()
        .zip(&p.counterfactual.organisations)
    {
        assert_eq!(
            a.totals.value(Metric::EdAttendances),
            c.totals.value(Metric::EdAttendances)
        );
        // Before the outage starts, the two worlds are identical.
        assert_eq!(a.daily[0], c.daily[0]);
    }
    assert_eq!(
        p.attack.conservation.arrived,
        p.counterfactual.conservation.arrived
    );
    // The trust without an outage is untouched by the other's.
    assert_eq!(p.attack.organisations[1], p.counterfactual.organisations[1]);
}

#[test]
fn an_outage_makes_patients_wait_longer() {
    let m = model(1, 12, 150.0, &[(0, 9, 48.0)]);
    let p = simulate_paired(&m, 3, 0);
    let wait = |r: &ArmResults| {
        r.organisations[0]
            .totals
            .value(Metric::EdWaitMinMean)
            .unwrap()
    };
    assert!(wait(&p.attack) > wait(&p.counterfactual));
    assert_eq!(
        p.attack.organisations[0].status,
        OrganisationStatus::Disrupted
    );
    assert_eq!(
        p.counterfactual.organisations[0].status,
        OrganisationStatus::Unaffected
    );
    let hours = p.attack.organisations[0]
        .totals
        .value(Metric::DowntimeProcedureHours)
        .unwrap();
    assert!((hours - 48.0).abs() < 1e-9, "{hours}");
}

#[test]
fn without_incidents_the_counterfactual_is_not_simulated_twice_but_equals_a_fresh_run() {
    let m = model(1, 12, 150.0, &[]);
    let p = simulate_paired(&m, 5, 2);
    assert!(!p.counterfactual_simulated);
    assert!(same_outcomes(
        &p.counterfactual,
        &simulate(&m, 5, 2, Arm::Counterfactual)
    ));
}

#[test]
fn an_email_outage_leaves_the_emergency_department_working_normally() {
    let m = model_with_systems(1, 12, 150.0, &[(0, 9, 48.0)], "systems = [\"email\"]");
    let p = simulate_paired(&m, 3, 0);
    let (a, c) = (
        &p.attack.organisations[0].totals,
        &p.counterfactual.organisations[0].totals,
    );
    assert_eq!(
        a.value(Metric::EdWaitMinMean),
        c.value(Metric::EdWaitMinMean)
    );
    assert_eq!(a.value(Metric::DowntimeProcedureHours), Some(0.0));
    let down = a.value(Metric::SystemsDownHours).unwrap();
    assert!(
        (down - 48.0).abs() < 1e-9,
        "one system for 48 hours: {down}"
    );
}

#[test]
fn a_network_outage_puts_the_department_on_paper_through_its_dependencies() {
    let m = model_with_systems(1, 12, 150.0, &[(0, 9, 24.0)], "systems = [\"network\"]");
    let p = simulate_paired(&m, 3, 0);
    let a = &p.attack.organisations[0].totals;
    let paper = a.value(Metric::DowntimeProcedureHours).unwrap();
    assert!((paper - 24.0).abs() < 1e-9, "{paper}");
    // Everything but the stand-alone medical devices is effectively down.
    let down = a.value(Metric::SystemsDownHours).unwrap();
    assert!((down - 9.0 * 24.0).abs() < 1e-6, "{down}");
    let wait = |r: &ArmResults| {
        r.organisations[0]
            .totals
            .value(Metric::EdWaitMinMean)
            .unwrap()
    };
    assert!(wait(&p.attack) > wait(&p.counterfactual));
}

fn beds(count: u32, needs: &str) -> String {
    format!(
        "general_and_acute = {count}\ned_admission_share = 0.3\nemergency_los_days = {{ distribution = \"lognormal\", mean = 2.0, sd = 1.5 }}\n{needs}"
    )
}

fn total(r: &ArmResults, m: Metric) -> f64 {
    r.organisations
        .iter()
        .map(|o| o.totals.value(m).unwrap_or(0.0))
        .sum()
}

#[test]
fn without_a_bed_table_the_results_are_as_before() {
    // A bed table that admits nobody changes nothing in the ED, and no
    // bed table records no bed metric.
    let plain = model(1, 12, 150.0, &[(0, 9, 48.0)]);
    let nobody = model_with_beds(
        1,
        12,
        150.0,
        &[(0, 9, 48.0)],
        "",
        "general_and_acute = 10\ned_admission_share = 0.0\nemergency_los_days = { distribution = \"fixed\", mean = 2.0 }",
    );
    let a = simulate_paired(&plain, 5, 1);
    let b = simulate_paired(&nobody, 5, 1);
    for (x, y) in [
        (&a.attack, &b.attack),
        (&a.counterfactual, &b.counterfactual),
    ] {
        assert_eq!(x.conservation, y.conservation);
        let (x, y) = (&x.organisations[0].totals, &y.organisations[0].totals);
        for m in Metric::ALL
            .iter()
            .take(Metric::AdmissionsEmergency as usize)
        {
            assert_eq!(x.value(*m), y.value(*m), "{m:?}");
        }
        assert_eq!(x.value(Metric::BedOccupancy), None);
        assert_eq!(x.value(Metric::AdmissionsEmergency), Some(0.0));
        assert_eq!(y.value(Metric::BedOccupancy), Some(0.0));
    }
}

#[test]
fn ample_beds_mean_no_exit_block() {
    // Nobody leaves without being seen here: patients who will be admitted
    // never do, so patience would make the two queues differ.
    let patient = |mut m: Model| {
        m.organisations[0].emergency_department.patience_min = None;
        m
    };
    let m = patient(model_with_beds(1, 12, 150.0, &[], "", &beds(10_000, "")));
    let r = simulate(&m, 7, 0, Arm::Attack);
    assert_eq!(total(&r, Metric::EdExitBlockHours), 0.0);
    assert!(total(&r, Metric::AdmissionsEmergency) > 0.0);
    let plain = simulate(&patient(model(1, 12, 150.0, &[])), 7, 0, Arm::Attack);
    // Same patients, same waits: beds never hold anyone in a cubicle.
    assert_eq!(
        total(&r, Metric::EdWaitMinMean),
        total(&plain, Metric::EdWaitMinMean)
    );
    assert!(r.conservation.balances(), "{:?}", r.conservation);
}

#[test]
fn too_few_beds_block_the_department() {
    // 150 a day, 30% admitted for 2 days: about 90 beds occupied.
    let few = model_with_beds(1, 12, 150.0, &[], "", &beds(60, ""));
    let many = model_with_beds(1, 12, 150.0, &[], "", &beds(10_000, ""));
    let (f, a) = (
        simulate(&few, 7, 0, Arm::Attack),
        simulate(&many, 7, 0, Arm::Attack),
    );
    assert!(total(&f, Metric::EdExitBlockHours) > 0.0);
    assert!(total(&f, Metric::EdWaitMinMean) > total(&a, Metric::EdWaitMinMean));
    let occupancy = f.organisations[0]
        .totals
        .value(Metric::BedOccupancy)
        .unwrap();
    assert!(occupancy > 0.95, "{occupancy}");
    assert!(f.conservation.balances(), "{:?}", f.conservation);
}

#[test]
fn an_epr_outage_delays_discharges() {
    let m = model_with_beds(
        1,
        12,
        150.0,
        &[(0, 9, 48.0)],
        "systems = [\"epr\"]",
        &beds(10_000, "discharge_needs = [\"epr\"]"),
    );
    let p = simulate_paired(&m, 3, 0);
    let delayed = total(&p.attack, Metric::DelayedDischargeBedDays);
    assert!(delayed > 0.0, "{delayed}");
    assert_eq!(
        total(&p.counterfactual, Metric::DelayedDischargeBedDays),
        0.0
    );
    assert!(
        total(&p.attack, Metric::BedOccupancy) > total(&p.counterfactual, Metric::BedOccupancy)
    );
    // Discharges not needing the EPR are not slowed.
    let m = model_with_beds(
        1,
        12,
        150.0,
        &[(0, 9, 48.0)],
        "systems = [\"epr\"]",
        &beds(
            10_000,
            "discharge_needs = [\"pacs\"]\npharmacy_needs = []\nsocial_care_needs = []",
        ),
    );
    let p = simulate_paired(&m, 3, 0);
    assert_eq!(total(&p.attack, Metric::DelayedDischargeBedDays), 0.0);
    // An email outage holds up the hand-off to social care alone.
    let m = model_with_beds(
        1,
        12,
        150.0,
        &[(0, 9, 48.0)],
        "systems = [\"email\"]",
        &beds(10_000, "discharge_needs = [\"epr\"]"),
    );
    let p = simulate_paired(&m, 3, 0);
    assert!(total(&p.attack, Metric::DelayedDischargeBedDays) > 0.0);
}

#[test]
fn only_discharges_with_a_package_of_care_wait_for_the_email_hand_off() {
    let delayed = |share: f64| {
        let m = model_with_beds(
            1,
            12,
            150.0,
            &[(0, 9, 48.0)],
            "systems = [\"email\"]",
            &beds(
                10_000,
                &format!("discharge_needs = [\"epr\"]\ndischarge_with_support_share = {share}"),
            ),
        );
        let p = simulate_paired(&m, 3, 0);
        total(&p.attack, Metric::DelayedDischargeBedDays)
    };
    let (none, half, all) = (delayed(0.0), delayed(0.5), delayed(1.0));
    assert_eq!(none, 0.0);
    assert!(0.0 < half && half < all, "{half} vs {all}");
}

/// One trust with beds, `inpatients` elective inpatients booked per
/// working day (staying 3 days) and no other scheduled care, and a 48-hour
/// outage of every system from the attack day's 09:00.
fn elective_beds_model(beds_count: u32, inpatients: f64) -> Model {
    let text = format!(
        "[calendar]\nattack_date = 2017-05-12\nwarm_up_days = 14\ndays_before_attack = 7\nfollow_up_days = 30\n\
         [[trusts]]\nid = \"t0\"\n[trusts.emergency_department]\ncubicles = 14\narrivals_per_day = 100\n\
         service_min = {{ distribution = \"lognormal\", mean = 120.0, sd = 80.0 }}\n\
         [trusts.beds]\n{}\nelective_los_days = {{ distribution = \"fixed\", mean = 3.0 }}\n\
         [trusts.scheduled_care.outpatient_first]\nper_working_day = 0\n\
         [trusts.scheduled_care.outpatient_follow_up]\nper_working_day = 0\n\
         [trusts.scheduled_care.elective_day_case]\nper_working_day = 0\n\
         [trusts.scheduled_care.elective_inpatient]\nper_working_day = {inpatients}\n\
         [[incidents]]\nkind = \"it_outage\"\norganisation = \"t0\"\nstarts_at = 2017-05-12T09:00:00\nduration_hours = 48\n",
        beds(beds_count, ""),
    );
    let loaded = scenario::load("test.toml", &[], &TextSource(text)).unwrap();
    Model::build(&loaded.scenario).unwrap()
}

#[test]
fn elective_inpatients_occupy_beds_and_are_cancelled_when_none_is_free() {
    let occupied = |r: &ArmResults| {
        r.organisations[0]
            .totals
            .value(Metric::BedOccupancy)
            .unwrap()
    };
    let no_bed = |r: &ArmResults| total(r, Metric::ElectiveOperationsCancelledNoBed);
    // Ample beds: every elective inpatient finds one, and they fill beds.
    let ample = simulate_paired(&elective_beds_model(10_000, 20.0), 4, 0);
    let without = simulate_paired(&elective_beds_model(10_000, 0.0), 4, 0);
    for (arm, plain) in [
        (&ample.attack, &without.attack),
        (&ample.counterfactual, &without.counterfactual),
    ] {
        assert_eq!(no_bed(arm), 0.0);
        assert!(arm.conservation.elective_admitted > 0);
        assert!(arm.conservation.balances(), "{:?}", arm.conservation);
        // About 20 × 3 × 5/7 ≈ 43 beds more in use (occupancy is a share
        // of 10,000 beds).
        let extra_beds = (occupied(arm) - occupied(plain)) * 10_000.0;
        assert!((30.0..55.0).contains(&extra_beds), "{extra_beds}");
    }
    // About 30 emergency admissions a day for 2 days and 43 elective beds:
    // 80 beds are too few, so some elective patients find no bed, in both
    // arms; the outage slows discharge and makes that worse.
    let tight = simulate_paired(&elective_beds_model(80, 20.0), 4, 0);
    assert!(no_bed(&tight.counterfactual) > 0.0);
    assert!(
        no_bed(&tight.attack) > no_bed(&tight.counterfactual),
        "{} vs {}",
        no_bed(&tight.attack),
        no_bed(&tight.counterfactual)
    );
    for arm in [&tight.attack, &tight.counterfactual] {
        assert!(arm.conservation.balances(), "{:?}", arm.conservation);
        assert!(
            total(arm, Metric::ElectiveOperationsCancelled) >= no_bed(arm),
            "no-bed cancellations are part of the total"
        );
    }
}

/// Whether two runs of an arm measured the same (events processed and the
/// touched flags may differ: a paired counterfactual skips and copies).
fn same_outcomes(a: &ArmResults, b: &ArmResults) -> bool {
    a.conservation == b.conservation
        && a.organisations.len() == b.organisations.len()
        && a.organisations.iter().zip(&b.organisations).all(|(x, y)| {
            x.totals == y.totals && x.daily == y.daily && x.conservation == y.conservation
        })
}

fn diverting(mut m: Model) -> Model {
    m.diversion = crate::model::DiversionPolicy {
        trigger: crate::model::DivertTrigger::EdOnPaper,
        max_hours: 24.0,
    };
    m
}

#[test]
fn a_department_on_paper_diverts_ambulances_to_its_neighbour() {
    let m = diverting(model(2, 12, 150.0, &[(0, 9, 48.0)]));
    let p = simulate_paired(&m, 11, 0);
    let a = &p.attack.organisations;
    let diverted = a[0].totals.value(Metric::AmbulanceDiversions).unwrap();
    assert!(diverted > 0.0);
    // Capped at 24 hours of divert.
    let hours = a[0].totals.value(Metric::EdDivertHours).unwrap();
    assert!((hours - 24.0).abs() < 1e-9, "{hours}");
    assert!(a[0].totals.value(Metric::AmbulanceExtraJourneyMin).unwrap() > 0.0);
    // The receiver sees more patients than in the counterfactual, the
    // diverting trust fewer; nobody is lost.
    let att = |r: &ArmResults, i: usize| {
        r.organisations[i]
            .totals
            .value(Metric::EdAttendances)
            .unwrap()
    };
    assert!(att(&p.attack, 1) > att(&p.counterfactual, 1));
    assert!(att(&p.attack, 0) < att(&p.counterfactual, 0));
    assert!(
        p.attack.conservation.balances(),
        "{:?}",
        p.attack.conservation
    );
    assert_eq!(p.attack.conservation.diverted as f64, diverted);
    assert!(a[1].touched);
}

#[test]
fn the_counterfactual_of_a_subset_equals_a_full_counterfactual_run() {
    // Three trusts, an outage at one, diversion to the nearest: the paired
    // counterfactual simulates only the touched trusts and copies the rest.
    let m = diverting(model(3, 12, 150.0, &[(0, 9, 48.0)]));
    let p = simulate_paired(&m, 5, 3);
    let full = simulate(&m, 5, 3, Arm::Counterfactual);
    assert!(p.organisations_touched() >= 2);
    assert!(same_outcomes(&p.counterfactual, &full));
}

#[test]
fn an_overloaded_department_loses_walk_ins_who_stop_waiting() {
    let m = model(1, 4, 150.0, &[]);
    let r = simulate(&m, 2, 0, Arm::Attack);
    let lwbs = total(&r, Metric::EdLeftWithoutBeingSeen);
    assert!(lwbs > 0.0);
    assert!(r.conservation.left_without_being_seen as f64 >= lwbs);
    assert!(r.conservation.balances(), "{:?}", r.conservation);
}

#[test]
fn time_critical_patients_are_seen_first() {
    // A busy department: the top band waits far less than the mean.
    let m = model(1, 12, 150.0, &[(0, 9, 72.0)]);
    let r = simulate(&m, 4, 0, Arm::Attack);
    let wait = total(&r, Metric::EdWaitMinMean);
    let sepsis = total(&r, Metric::SepsisDoorToAntibioticsMinMean);
    assert!(wait > 60.0, "{wait}");
    // Door to antibiotics is its wait plus 60 minutes of assessment on
    // paper at most 1.1x: well under the average wait plus that.
    assert!(sepsis < wait + 66.0, "{sepsis} vs {wait}");
}

#[test]
fn a_laboratory_outage_delays_pathology_and_loses_results() {
    let m = model_with_systems(1, 12, 150.0, &[(0, 9, 48.0)], "systems = [\"lims\"]");
    let p = simulate_paired(&m, 3, 0);
    let delayed = total(&p.attack, Metric::PathologyDelayed);
    assert!(delayed > 100.0, "{delayed}");
    assert_eq!(total(&p.counterfactual, Metric::PathologyDelayed), 0.0);
    assert_eq!(total(&p.attack, Metric::ImagingDelayed), 0.0);
    assert!(total(&p.attack, Metric::ResultsLost) > 0.0);
    assert!(
        total(&p.attack, Metric::EdTimeInDepartmentMinMean)
            > total(&p.counterfactual, Metric::EdTimeInDepartmentMinMean)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// Nobody is lost: every arrival ends treated, in treatment or
    /// waiting, in both arms, whatever the system and the outages.
    #[test]
    fn every_patient_is_accounted_for(
        trusts in 1usize..4,
        cubicles in 1u32..15,
        per_day in 1.0f64..400.0,
        outages in proptest::collection::vec((0usize..3, 0u32..96, 0.5f64..72.0), 0..4),
        bed_count in proptest::option::of(1u32..200),
        share in 0.0f64..=1.0,
        los_days in 0.1f64..5.0,
        electives in proptest::option::of(0.0f64..60.0),
        seed in any::<u64>(),
    ) {
        let outages: Vec<_> = outages.into_iter().map(|(t, s, h)| (t % trusts, s, h)).collect();
        // With beds, sometimes elective inpatients competing for them.
        let beds = bed_count.map_or(String::new(), |n| format!(
            "general_and_acute = {n}\ned_admission_share = {share}\nemergency_los_days = {{ distribution = \"lognormal\", mean = {los_days}, sd = {los_days} }}\ndischarge_needs = [\"epr\"]\ndischarge_with_support_share = {share}{}",
            electives.map_or(String::new(), |e| format!(
                "\n[trusts.scheduled_care.elective_inpatient]\nper_working_day = {e}"
            )),
        ));
        let m = model_with_beds(trusts, cubicles, per_day, &outages, "", &beds);
        let p = simulate_paired(&m, seed, 0);
        for arm in [&p.attack, &p.counterfactual] {
            prop_assert!(arm.conservation.balances(), "{:?}", arm.conservation);
            let at_end: f64 = arm.organisations.iter().map(|o| o.totals.value(Metric::EdInDepartmentAtEnd).unwrap()).sum();
            let c = arm.conservation;
            prop_assert_eq!(at_end as u64, c.in_treatment_at_end + c.waiting_at_end + c.awaiting_bed_at_end);
            if bed_count.is_none() {
                prop_assert_eq!(c.awaiting_bed_at_end + c.in_bed_at_end + c.discharged, 0);
                prop_assert_eq!(c.elective_admitted, 0);
            }
        }
    }
}

/// One trust with an England-average outpatient and elective service and
/// two GP practices, and an outage of `systems` for `hours` from the
/// attack day's 09:00 (no outage if `hours` is 0).
fn scheduled_model(systems: &str, hours: f64) -> Model {
    let mut text = String::from(
        "[calendar]\nattack_date = 2017-05-12\nwarm_up_days = 14\ndays_before_attack = 7\nfollow_up_days = 60\n\
         [[trusts]]\nid = \"t0\"\n[trusts.emergency_department]\ncubicles = 12\narrivals_per_day = 100\n\
         service_min = { distribution = \"lognormal\", mean = 120.0, sd = 80.0 }\n[trusts.scheduled_care]\n",
    );
    for g in 0..2 {
        text += &format!(
            "[[gp_practices]]\nid = \"gp{g}\"\nlist_size = 10000\nappointments_per_working_day = 220\nhome_trust = \"t0\"\n"
        );
    }
    if hours > 0.0 {
        text += &format!(
            "[[incidents]]\nkind = \"it_outage\"\norganisation = \"t0\"\nstarts_at = 2017-05-12T09:00:00\nduration_hours = {hours}\n{systems}\n"
        );
    }
    let loaded = scenario::load("test.toml", &[], &TextSource(text)).unwrap();
    Model::build(&loaded.scenario).unwrap()
}

#[test]
fn an_outage_cancels_scheduled_care_which_recovers_afterwards() {
    let m = scheduled_model("", 72.0);
    let p = simulate_paired(&m, 8, 0);
    let (a, c) = (&p.attack, &p.counterfactual);
    let cancelled = |r: &ArmResults| total(r, Metric::OutpatientAppointmentsCancelled);
    assert!(
        cancelled(a) > cancelled(c) + 100.0,
        "{} vs {}",
        cancelled(a),
        cancelled(c)
    );
    assert!(
        total(a, Metric::ElectiveOperationsCancelled)
            > total(c, Metric::ElectiveOperationsCancelled)
    );
    assert!(total(a, Metric::ReferralsDelayed) > total(c, Metric::ReferralsDelayed));
    assert!(total(a, Metric::LostActivityGbp) > 0.0);
    assert_eq!(total(c, Metric::LostActivityGbp), 0.0);
    // The backlog built up and came back within the 60 days.
    let days = a.system.value(Metric::DaysToRecoverOutpatient).unwrap();
    assert!(days > 0.0 && days < 59.0, "{days}");
    // Delays harm people: more QALYs lost with the attack than without.
    assert!(total(a, Metric::QalysLost) > total(c, Metric::QalysLost));
    for arm in [a, c] {
        assert!(arm.conservation.balances(), "{:?}", arm.conservation);
        assert!(arm.conservation.cohort_created > 0);
    }
}

#[test]
fn without_an_incident_every_harm_metric_differs_by_exactly_zero() {
    let m = scheduled_model("", 0.0);
    let p = simulate_paired(&m, 3, 1);
    // The counterfactual is not even simulated, and a fresh one agrees.
    let fresh = simulate(&m, 3, 1, Arm::Counterfactual);
    assert!(same_outcomes(&p.counterfactual, &fresh));
    for metric in [
        Metric::ExcessDeaths,
        Metric::QalysLost,
        Metric::HarmEvents,
        Metric::HarmEventsReported,
        Metric::QalyValueGbp30k,
        Metric::LostActivityGbp,
    ] {
        assert_eq!(
            total(&p.attack, metric),
            total(&fresh, metric),
            "{metric:?}"
        );
    }
    assert_eq!(
        p.attack.system.value(Metric::DaysToRecoverOutpatient),
        Some(0.0)
    );
}

#[test]
fn harm_parameter_draws_are_shared_by_the_arms_and_fixed_on_request() {
    let mut m = scheduled_model("", 72.0);
    let a = simulate(&m, 4, 0, Arm::Counterfactual);
    let b = simulate(&m, 4, 1, Arm::Counterfactual);
    // Different replications draw different harm parameters.
    assert_ne!(
        total(&a, Metric::ExcessDeaths),
        total(&b, Metric::ExcessDeaths)
    );
    m.fixed_harm_parameters = true;
    let c = simulate(&m, 4, 0, Arm::Counterfactual);
    let d = simulate(&m, 4, 0, Arm::Counterfactual);
    assert_eq!(
        total(&c, Metric::ExcessDeaths),
        total(&d, Metric::ExcessDeaths)
    );
    assert_ne!(
        total(&a, Metric::ExcessDeaths),
        total(&c, Metric::ExcessDeaths)
    );
}
