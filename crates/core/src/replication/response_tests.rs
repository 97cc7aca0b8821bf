//! Engine tests of the incident response: cancellation policies, supplier
//! capacity and mutual aid.

use super::response::tests_support::{lost_share_of_policy, supply_lost_share};
use super::*;
use crate::scenario::{self, TextSource};

/// `trusts` trusts with scheduled care (trust 0 England-average volumes,
/// the others `receiver_scale` times them with headroom 1, so they have
/// room to help), the TOML `extra` appended (incidents, response).
fn care_model(trusts: usize, receiver_scale: f64, extra: &str) -> Model {
    let mut text = String::from(
        "[calendar]\nattack_date = 2017-05-12\nwarm_up_days = 14\ndays_before_attack = 7\nfollow_up_days = 30\n",
    );
    for t in 0..trusts {
        text += &format!(
            "[[trusts]]\nid = \"t{t}\"\n[trusts.emergency_department]\ncubicles = 12\narrivals_per_day = 100\n\
             service_min = {{ distribution = \"lognormal\", mean = 120.0, sd = 80.0 }}\n[trusts.scheduled_care]\n"
        );
        if t > 0 {
            text += "headroom = 1.0\n";
            for (key, volume) in [
                ("outpatient_first", 672.9),
                ("outpatient_follow_up", 1570.1),
                ("elective_day_case", 167.3),
                ("elective_inpatient", 1.1),
            ] {
                text += &format!(
                    "[trusts.scheduled_care.{key}]\nper_working_day = {}\n",
                    volume * receiver_scale
                );
            }
        }
    }
    text += extra;
    let loaded = scenario::load("test.toml", &[], &TextSource(text)).unwrap();
    Model::build(&loaded.scenario).unwrap()
}

fn total(r: &ArmResults, i: usize, m: Metric) -> f64 {
    r.organisations[i].totals.value(m).unwrap_or(0.0)
}

/// Ransomware encrypting only email at t0 (nothing scheduled care needs)
/// on the attack day at 09:00.
const EMAIL_RANSOMWARE: &str = "[[incidents]]\nkind = \"targeted_ransomware\"\norganisations = [\"t0\"]\n\
     detonates_at = 2017-05-12T09:00:00\nsystems = [\"email\"]\n";

#[test]
fn an_infected_policy_cancels_what_the_it_loss_would_not() {
    let without = care_model(1, 1.0, EMAIL_RANSOMWARE);
    let with = care_model(
        1,
        1.0,
        &format!(
            "{EMAIL_RANSOMWARE}[response.cancellation.outpatient]\ntrigger = \"infected\"\nshare = 0.5\nmax_days = 3\n"
        ),
    );
    let cancelled = |m: &Model| {
        let p = simulate_paired(m, 4, 0);
        let c = Metric::OutpatientAppointmentsCancelled;
        (total(&p.attack, 0, c), total(&p.counterfactual, 0, c), p)
    };
    let (a0, c0, _) = cancelled(&without);
    // Email is not needed by clinics: no extra cancellation without a policy.
    assert_eq!(a0, c0);
    let (a1, c1, p) = cancelled(&with);
    // Friday 09:00 plus 3 days: Friday from 09:00 (9 of 10 working hours)
    // and nothing at the weekend; Monday is past max_days. Half of a
    // Friday's 2,243 booked outpatients, times 0.9: about 1,000.
    let extra = a1 - c1;
    assert!((800.0..1300.0).contains(&extra), "{extra}");
    assert_eq!(c1, c0);
    assert!(p.attack.conservation.balances());
    // Elective surgery has no policy here and needs no email.
    let e = Metric::ElectiveOperationsCancelled;
    assert_eq!(total(&p.attack, 0, e), total(&p.counterfactual, 0, e));
}

#[test]
fn a_policy_holds_from_its_trigger_for_at_most_max_days() {
    // Policy of share 0.4 from day 1 at 13:00 for 2 days.
    let day = MINUTES_PER_DAY;
    let from = day + 13.0 * 60.0;
    let lost = |d| lost_share_of_policy(0.4, from, 2.0, 0, &Timeline::default(), d);
    assert_eq!(lost(0), 0.0);
    assert!((lost(1) - 0.4 * 0.5).abs() < 1e-12, "{}", lost(1));
    assert!((lost(2) - 0.4).abs() < 1e-12);
    // Day 3 until 13:00: 5 of the 10 working hours.
    assert!((lost(3) - 0.2).abs() < 1e-12, "{}", lost(3));
    assert_eq!(lost(4), 0.0);
}

#[test]
fn an_ed_systems_down_policy_holds_only_while_they_are_down() {
    let estate = crate::model::ItEstate::new(&crate::scenario::default_dependencies());
    let pas = crate::scenario::ItSystem::Pas.bit();
    // PAS down on day 1 and day 3 (whole days).
    let timeline = Timeline::new(
        [
            (MINUTES_PER_DAY, 2.0 * MINUTES_PER_DAY, pas),
            (3.0 * MINUTES_PER_DAY, 4.0 * MINUTES_PER_DAY, pas),
        ],
        &estate,
    );
    let from = timeline.first_down(pas).unwrap();
    let lost = |d| lost_share_of_policy(0.3, from, 10.0, pas, &timeline, d);
    assert_eq!(lost(1), 0.3);
    assert_eq!(lost(2), 0.0);
    assert_eq!(lost(3), 0.3);
}

#[test]
fn a_supplier_at_half_capacity_halves_pathology_sessions_and_full_restores_them() {
    let lims = crate::scenario::ItSystem::Lims.bit();
    let windows = [
        crate::attack::SystemWindow {
            start: MINUTES_PER_DAY,
            end: 2.0 * MINUTES_PER_DAY,
            systems: lims,
            capacity_share: Some(0.5),
        },
        crate::attack::SystemWindow {
            start: 2.0 * MINUTES_PER_DAY,
            end: 3.0 * MINUTES_PER_DAY,
            systems: lims,
            capacity_share: Some(1.0),
        },
    ];
    assert_eq!(supply_lost_share(&windows, 1, lims), 0.5);
    assert_eq!(supply_lost_share(&windows, 2, lims), 0.0);
}

/// A pathology supplier serving t0 at `share` for the whole follow-up.
fn supplier(share: f64) -> String {
    format!(
        "[[shared_services]]\nid = \"lab\"\nkind = \"pathology\"\nserves = [\"t0\"]\n\
         [[incidents]]\nkind = \"supplier_outage\"\nservice = \"lab\"\nstarts_at = 2017-05-12T00:00:00\n\
         restored_after_days = 60\ncapacity_trajectory = [{{ from_day = 0, capacity_share = {share} }}]\n"
    )
}

#[test]
fn a_supplier_at_reduced_capacity_cuts_electives_to_its_share_and_slows_pathology() {
    let m = care_model(1, 1.0, &supplier(0.5));
    let p = simulate_paired(&m, 6, 1);
    let (a, c) = (&p.attack, &p.counterfactual);
    // Electives need the LIMS: held at about half on the supplier's days.
    let held = |r: &ArmResults| total(r, 0, Metric::AdmissionsElective);
    let ratio = held(a) / held(c);
    assert!((0.45..0.8).contains(&ratio), "{ratio}");
    // The trust's own systems are up: the department is not on paper and
    // no result is lost, but pathology waits twice as long.
    assert_eq!(total(a, 0, Metric::DowntimeProcedureHours), 0.0);
    assert_eq!(total(a, 0, Metric::ResultsLost), 0.0);
    assert!(total(a, 0, Metric::PathologyDelayed) > 100.0);
    assert!(
        total(a, 0, Metric::EdTimeInDepartmentMinMean)
            > total(c, 0, Metric::EdTimeInDepartmentMinMean)
    );
    // At full capacity nothing differs.
    let full = simulate_paired(&care_model(1, 1.0, &supplier(1.0)), 6, 1);
    assert_eq!(
        held(&full.attack),
        held(&full.counterfactual),
        "capacity 1 restores the service"
    );
    assert_eq!(total(&full.attack, 0, Metric::PathologyDelayed), 0.0);
}

const OUTAGE_T0: &str = "[[incidents]]\nkind = \"it_outage\"\norganisation = \"t0\"\n\
     starts_at = 2017-05-12T09:00:00\nduration_hours = 72\n";

#[test]
fn mutual_aid_moves_its_share_of_the_cancelled_to_an_unaffected_neighbour() {
    let share = 0.5;
    let m = care_model(
        2,
        3.0,
        &format!("{OUTAGE_T0}[response.mutual_aid]\nenabled = true\nshare = {share}\n"),
    );
    let p = simulate_paired(&m, 2, 0);
    let (a, c) = (&p.attack, &p.counterfactual);
    let aid = total(a, 1, Metric::MutualAidPatients);
    assert!(aid > 100.0, "{aid}");
    assert_eq!(total(a, 0, Metric::MutualAidPatients), 0.0);
    assert_eq!(total(c, 1, Metric::MutualAidPatients), 0.0);
    // The receiver has room for all of them: exactly the share of each
    // day's outage cancellations, up to rounding per day and pathway.
    let outage_cancelled = [
        Metric::OutpatientAppointmentsCancelled,
        Metric::ElectiveOperationsCancelled,
    ]
    .iter()
    .map(|&m| total(a, 0, m) - total(c, 0, m))
    .sum::<f64>();
    let working_days_pathways = 2.0 * 4.0;
    assert!(
        (aid - share * outage_cancelled).abs() <= working_days_pathways * 0.5,
        "{aid} vs {}",
        share * outage_cancelled
    );
    // Everyone is accounted for: those treated elsewhere leave t0's list.
    assert!(a.conservation.balances(), "{:?}", a.conservation);
    assert_eq!(a.conservation.cohort_treated_elsewhere as f64, aid);
    assert_eq!(c.conservation.cohort_treated_elsewhere, 0);
    // The receiver is touched, and its counterfactual is simulated.
    assert!(a.organisations[1].touched);
    assert!(same_outcomes(
        &p.counterfactual,
        &simulate(&m, 2, 0, Arm::Counterfactual)
    ));
    // Its own patients are not displaced.
    let own = Metric::OutpatientAppointmentsHeld;
    assert_eq!(total(a, 1, own), total(c, 1, own));
}

#[test]
fn without_mutual_aid_the_neighbour_is_left_alone() {
    let m = care_model(2, 3.0, OUTAGE_T0);
    let p = simulate_paired(&m, 2, 0);
    assert_eq!(total(&p.attack, 1, Metric::MutualAidPatients), 0.0);
    assert!(!p.attack.organisations[1].touched);
}

fn same_outcomes(a: &ArmResults, b: &ArmResults) -> bool {
    a.conservation == b.conservation
        && a.organisations.iter().zip(&b.organisations).all(|(x, y)| {
            x.totals == y.totals && x.daily == y.daily && x.conservation == y.conservation
        })
}
