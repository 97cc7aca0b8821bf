use proptest::prelude::*;

use super::queue::{ServiceParams, ServiceQueue, Today};
use super::*;
use crate::scenario::{GpPracticeSpec, ReferralRatesSpec, ScheduledCareSpec, ScheduledVolumes};

const DAY_CASE: usize = 2;

fn small_trust() -> ScheduledCareSpec {
    ScheduledCareSpec::from_volumes(&ScheduledVolumes {
        outpatient_booked_per_working_day: 300.0,
        elective_day_case_per_working_day: 40.0,
        elective_inpatient_per_working_day: 8.0,
    })
}

/// Day 0 is a Monday.
fn working(day: u32) -> bool {
    day % 7 < 5
}

fn run_trust(
    care: &TrustCare,
    seed: u64,
    days: u32,
    down: impl Fn(u32) -> [f64; TRUST_SERVICES],
) -> (Vec<TrustDay>, TrustCareState) {
    let mut state = TrustCareState::new(care, seed, 0, 3);
    let mut out = TrustDay::default();
    let mut days_out = Vec::new();
    for day in 0..days {
        let ctx = TrustDayContext::with_down_share(day, working(day), down(day));
        state.step(care, &ctx, &mut out);
        assert!(state.ledger().balanced(), "day {day}: {:?}", state.ledger());
        days_out.push(out.clone());
    }
    (days_out, state)
}

#[test]
fn with_no_outage_the_held_volumes_match_demand() {
    let spec = small_trust();
    let care = TrustCare::new(&spec, [0.0; 3], None).unwrap();
    let (days, _) = run_trust(&care, 1, 700, |_| [0.0; TRUST_SERVICES]);
    let working_days = (0..700).filter(|&d| working(d)).count() as f64;
    let expected = [90.0, 210.0, 40.0, 8.0];
    for (i, want) in expected.into_iter().enumerate() {
        let held: u32 = days.iter().map(|d| d.pathways[i].held).sum();
        let per_day = f64::from(held) / working_days;
        assert!(
            (per_day / want - 1.0).abs() < 0.03,
            "pathway {i}: {per_day} vs {want}"
        );
        assert!(days.iter().all(|d| d.pathways[i].cancelled_outage == 0));
    }
    assert!(
        days.iter()
            .all(|d| d.elective_inpatients_admitted == d.pathways[3].held)
    );
    // Normal-rate cancellations rebook a few suspected-cancer patients
    // past two weeks, in both arms: a baseline, not zero.
    let breaches: u32 = days.iter().map(|d| d.two_week_breaches).sum();
    let usc_seen: u32 = days
        .iter()
        .flat_map(|d| &d.completions)
        .filter(|c| c.pathway == Pathway::OutpatientFirst && c.priority == Priority::Cancer)
        .map(|c| c.count)
        .sum();
    assert!(
        f64::from(breaches) / f64::from(usc_seen) < 0.1,
        "{breaches} of {usc_seen}"
    );
    // Steady: the waiting list in the last 100 days is the size of the first 100.
    let mean_waiting = |r: std::ops::Range<usize>| {
        days[r.clone()]
            .iter()
            .map(|d| f64::from(d.pathways[0].waiting))
            .sum::<f64>()
            / r.len() as f64
    };
    assert!((mean_waiting(600..700) / mean_waiting(0..100) - 1.0).abs() < 0.05);
}

#[test]
fn a_stop_and_cancel_outage_cancels_its_share_and_the_surge_clears_the_backlog() {
    let care = TrustCare::new(&small_trust(), [0.0; 3], None).unwrap();
    // Monday 14 to Friday 18: day cases lose half of each working day.
    let outage = |d: u32| (14..19).contains(&d);
    let down = |d: u32| {
        let mut s = [0.0; TRUST_SERVICES];
        if outage(d) {
            s[DAY_CASE] = 0.5;
        }
        s
    };
    let (attack, _) = run_trust(&care, 7, 200, down);
    let (normal, _) = run_trust(&care, 7, 200, |_| [0.0; TRUST_SERVICES]);
    for d in 14..19 {
        let a = attack[d].pathways[DAY_CASE];
        let due = normal[d].pathways[DAY_CASE].held + normal[d].pathways[DAY_CASE].carried_over;
        let share = f64::from(a.cancelled_outage) / f64::from(due);
        assert!((0.45..0.55).contains(&share), "day {d}: {share}");
    }
    assert!(attack[19].pathways[DAY_CASE].overdue > 50);
    assert!(attack[21].pathways[DAY_CASE].surge_slots > 0);
    let cleared = (21..200)
        .find(|&d| attack[d].pathways[DAY_CASE].overdue <= normal[d].pathways[DAY_CASE].overdue)
        .expect("the backlog clears");
    assert!(cleared < 90, "cleared on day {cleared}");
    assert_eq!(attack[150].pathways[DAY_CASE].surge_slots, 0);
    // Other pathways untouched.
    assert_eq!(attack[30].pathways[0], normal[30].pathways[0]);
}

fn params(capacity: f64) -> ServiceParams {
    ServiceParams {
        demand: [None; 3],
        pipeline_mean: [0.0; 3],
        capacity_per_working_day: capacity,
        lead_working_days: [0; 3],
        cancel_rate: [0.0; 3],
        rebook_lead_working_days: 5,
        mode: DowntimeMode::StopAndCancel,
        surge: Surge {
            extra_capacity_share: 0.0,
            max_days: 0,
        },
    }
}

#[test]
fn cancer_is_rebooked_before_routine_and_oldest_first() {
    let mut q = ServiceQueue::new(&params(10.0));
    q.book(Priority::Routine, 0, 0, 0, 10, 0);
    q.book(Priority::Cancer, 1, 1, 1, 6, 0);
    q.book(Priority::Cancer, 0, 0, 0, 3, 0);
    let calendar = [0, 1, 2];
    let today = Today {
        working_index: 2,
        day: 2,
        down_share: 0.0,
        sessions_lost_share: 0.0,
        beds_free: None,
        calendar_of: &calendar,
    };
    let mut out = PathwayDay::default();
    let mut completions = Vec::new();
    let mut breaches = 0;
    q.run_day(
        &params(10.0),
        &today,
        &mut out,
        &mut completions,
        Pathway::ElectiveDayCase,
        &mut breaches,
    );
    assert_eq!(out.held, 10);
    let held = |p: Priority, delay: u32| {
        completions
            .iter()
            .filter(|c| c.priority == p && c.delay_days == delay)
            .map(|c| c.count)
            .sum::<u32>()
    };
    assert_eq!(
        (held(Priority::Cancer, 2), held(Priority::Cancer, 1)),
        (3, 6)
    );
    assert_eq!(held(Priority::Routine, 2), 1);
    assert_eq!(q.waiting(), 9);
}

fn practice(list_size: u32, home: &str) -> GpPracticeSpec {
    GpPracticeSpec {
        id: "p1".into(),
        name: String::new(),
        region: String::new(),
        location: None,
        list_size,
        appointments_per_working_day: 200.0,
        home_trust: home.into(),
        referrals_per_1000_per_working_day: ReferralRatesSpec::default(),
    }
}

/// Runs a trust and its one practice; `down` gives (trust, practice) shares.
fn run_pair(
    spec: &ScheduledCareSpec,
    seed: u64,
    days: u32,
    down: impl Fn(u32) -> ([f64; TRUST_SERVICES], [f64; PRACTICE_SERVICES]),
) -> (
    Vec<TrustDay>,
    Vec<PracticeDay>,
    TrustCareState,
    PracticeCareState,
) {
    let gp = practice(40_000, "t");
    let care = TrustCare::new(spec, expected_referrals_per_working_day(&gp), None).unwrap();
    let pcare = PracticeCare::new(&gp, Some(&care)).unwrap();
    let mut trust = TrustCareState::new(&care, seed, 2, 0);
    let mut prac = PracticeCareState::new(&pcare, seed, 2, 1);
    let (mut t_out, mut p_out) = (TrustDay::default(), PracticeDay::default());
    let (mut ts, mut ps) = (Vec::new(), Vec::new());
    for day in 0..days {
        let (t_down, p_down) = down(day);
        let w = working(day);
        prac.step(
            &pcare,
            &DayContext::with_down_share(day, w, p_down),
            &mut p_out,
        );
        trust.receive_referrals(day, &p_out.referrals_sent);
        trust.step(
            &care,
            &DayContext::with_down_share(day, w, t_down),
            &mut t_out,
        );
        assert!(
            trust.ledger().balanced() && prac.ledger().balanced(),
            "day {day}"
        );
        ts.push(t_out.clone());
        ps.push(p_out.clone());
    }
    (ts, ps, trust, prac)
}

#[test]
fn two_week_breaches_appear_only_when_usc_referrals_are_held_up_over_14_days() {
    // Registration stops outright while its systems are down, and no
    // normal-rate cancellation pushes a patient past two weeks.
    let mut spec: ScheduledCareSpec = toml::from_str(
        "[referral_registration]\ndowntime = { mode = \"stop_and_cancel\" }\n\
         [outpatient_first]\nper_working_day = 90\n\
         hospital_cancel_rate = { cancer = 0, urgent = 0.05, routine = 0.05 }",
    )
    .unwrap();
    let volumes = small_trust();
    spec.outpatient_follow_up = volumes.outpatient_follow_up;
    spec.elective_day_case = volumes.elective_day_case;
    spec.elective_inpatient = volumes.elective_inpatient;
    let registration_down = |from: u32, to: u32| {
        move |d: u32| {
            let mut t = [0.0; TRUST_SERVICES];
            if (from..to).contains(&d) {
                t[REFERRAL_REGISTRATION] = 1.0;
            }
            (t, [0.0; PRACTICE_SERVICES])
        }
    };
    let breaches = |ts: &[TrustDay]| ts.iter().map(|d| d.two_week_breaches).sum::<u32>();
    let (normal, ..) = run_pair(&spec, 3, 120, registration_down(0, 0));
    assert_eq!(breaches(&normal), 0);
    assert!(normal.iter().map(|d| d.pathways[0].held).sum::<u32>() > 0);
    // Three working days held up: first seen 14 days after referral at most.
    let (short, ..) = run_pair(&spec, 3, 120, registration_down(21, 24));
    assert_eq!(breaches(&short), 0);
    assert!(short[24].referrals_delayed[0] > 0);
    // Four weeks held up: breaches.
    let (long, ..) = run_pair(&spec, 3, 120, registration_down(21, 49));
    assert!(breaches(&long) > 50, "{}", breaches(&long));
}

#[test]
fn both_arms_agree_when_nothing_is_down_and_runs_are_deterministic() {
    let spec = small_trust();
    let none = |_| ([0.0; TRUST_SERVICES], [0.0; PRACTICE_SERVICES]);
    let (t1, p1, s1, _) = run_pair(&spec, 11, 90, none);
    // The "attack" arm with an outage that never reaches a working hour.
    let (t2, p2, s2, _) = run_pair(&spec, 11, 90, none);
    assert_eq!((t1.clone(), p1), (t2, p2));
    assert_eq!(s1.at_end(), s2.at_end());
    // An outage: the same seed gives the same outage results...
    let down = |d: u32| {
        let share = if (20..30).contains(&d) { 0.7 } else { 0.0 };
        ([share; TRUST_SERVICES], [share; PRACTICE_SERVICES])
    };
    let (a1, ..) = run_pair(&spec, 11, 90, down);
    let (a2, ..) = run_pair(&spec, 11, 90, down);
    assert_eq!(a1, a2);
    assert_ne!(a1, t1);
    // ...the same up to the outage, and another seed other patients.
    assert_eq!(a1[..20], t1[..20]);
    let (other, ..) = run_pair(&spec, 12, 90, none);
    assert_ne!(other, t1);
}

#[test]
fn a_practice_holds_its_appointments_and_holds_referrals_back_while_down() {
    let spec = small_trust();
    let down = |d: u32| {
        let p = if (28..33).contains(&d) { 1.0 } else { 0.0 };
        ([0.0; TRUST_SERVICES], [p; PRACTICE_SERVICES])
    };
    let (ts, ps, trust, prac) = run_pair(&spec, 5, 200, down);
    let working_days = (0..200).filter(|&d| working(d)).count() as f64;
    let held: u32 = ps.iter().map(|d| d.appointments.held).sum();
    let want = 200.0 / (1.0 + practice::GP_HEADROOM);
    assert!((f64::from(held) / working_days / want - 1.0).abs() < 0.03);
    assert!(ps[28].appointments.cancelled_outage > 0);
    // Sending at 30% while e-Referral is down: referrals wait, then go.
    assert!(ps[28].referrals_waiting.iter().sum::<u32>() > 0);
    assert!(ps[35].referrals_delayed.iter().sum::<u32>() > 0);
    assert_eq!(ps[35].referrals_waiting, [0; 3]);
    // Before the outage no referral is delayed, at the practice or the trust.
    assert!(ps[..28].iter().all(|d| d.referrals_delayed == [0; 3]));
    assert!(ts.iter().all(|d| d.referrals_delayed == [0; 3]));
    // At the end everyone still waiting is listed once.
    let listed = |w: &[StillWaiting]| w.iter().map(|s| u64::from(s.count)).sum::<u64>();
    let (tl, pl) = (trust.ledger(), prac.ledger());
    assert_eq!(listed(&trust.at_end()), tl.waiting + tl.referrals_pending);
    assert_eq!(listed(&prac.at_end()), pl.waiting + pl.referrals_pending);
}

fn mode_toml(stop: bool, factor: f64) -> String {
    if stop {
        "{ mode = \"stop_and_cancel\" }".into()
    } else {
        format!("{{ mode = \"paper\", capacity_factor = {factor} }}")
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Nobody is lost: every cohort member created is completed, waiting
    /// or a pending referral, every day, whatever the configuration and
    /// the outage.
    #[test]
    fn nobody_is_lost(
        volumes in prop::array::uniform4(0.0f64..60.0),
        headroom in 0.01f64..0.3,
        leads in prop::array::uniform3(0u32..12),
        stops in prop::array::uniform5(any::<bool>()),
        factor in 0.05f64..1.0,
        cancel in 0.0f64..0.5,
        surge in 0.0f64..0.5,
        list_size in 0u32..30_000,
        outage in prop::collection::vec((0u32..80, 1u32..20, 0.0f64..=1.0), 0..3),
        policy in prop::collection::vec((0u32..80, 1u32..20, 0.0f64..=1.0), 0..2),
        aid in prop::array::uniform4(0u32..50),
        seed in any::<u64>(),
    ) {
        let mut text = format!(
            "headroom = {headroom}\nrebook_lead_working_days = {}\n\
             surge = {{ extra_capacity_share = {surge}, max_days = 15 }}\n",
            leads[0] + 1
        );
        for (i, key) in ["outpatient_first", "outpatient_follow_up", "elective_day_case", "elective_inpatient", "referral_registration"].iter().enumerate() {
            text.push_str(&format!(
                "[{key}]\ndowntime = {}\n\
                 lead_working_days = {{ cancer = {}, urgent = {}, routine = {} }}\n\
                 hospital_cancel_rate = {{ cancer = {cancel}, urgent = {cancel}, routine = {cancel} }}\n",
                mode_toml(stops[i], factor), leads[0], leads[1], leads[2]
            ));
            if i < 4 {
                text.push_str(&format!("per_working_day = {}\n", volumes[i]));
            }
        }
        let spec: ScheduledCareSpec = toml::from_str(&text).unwrap();
        let mut gp = practice(list_size, "t");
        gp.appointments_per_working_day = volumes[0];
        let care = TrustCare::new(&spec, expected_referrals_per_working_day(&gp), None).unwrap();
        let pcare = PracticeCare::new(&gp, Some(&care)).unwrap();
        let mut trust = TrustCareState::new(&care, seed, 0, 0);
        let mut prac = PracticeCareState::new(&pcare, seed, 0, 1);
        let (mut t_out, mut p_out) = (TrustDay::default(), PracticeDay::default());
        let mut completed = 0u64;
        for day in 0..120 {
            let share = outage
                .iter()
                .filter(|(start, len, _)| (*start..start + len).contains(&day))
                .map(|o| o.2)
                .fold(0.0, f64::max);
            let lost = policy
                .iter()
                .filter(|(start, len, _)| (*start..start + len).contains(&day))
                .map(|o| o.2)
                .fold(0.0, f64::max);
            let w = working(day);
            let (d, l) = (share, lost);
            prac.step(&pcare, &DayContext { day, working_day: w, down_share: [d; 2], sessions_lost_share: [l; 2] }, &mut p_out);
            trust.receive_referrals(day, &p_out.referrals_sent);
            trust.step(&care, &DayContext { day, working_day: w, down_share: [d; 5], sessions_lost_share: [l; 5] }, &mut t_out);
            // Mutual aid takes some of the day's unheld patients away.
            let mut handed = 0u64;
            for (i, n) in aid.iter().enumerate() {
                let moved = trust.hand_over(i, *n, day);
                handed += moved.iter().map(|c| u64::from(c.count)).sum::<u64>();
            }
            prop_assert!(handed <= aid.iter().map(|n| u64::from(*n)).sum::<u64>());
            prop_assert!(trust.ledger().balanced(), "trust day {}: {:?}", day, trust.ledger());
            prop_assert!(prac.ledger().balanced(), "practice day {}: {:?}", day, prac.ledger());
            completed += t_out.pathways.iter().map(|p| u64::from(p.held)).sum::<u64>();
            let listed: u64 = t_out.completions.iter().map(|c| u64::from(c.count)).sum();
            prop_assert_eq!(listed, t_out.pathways.iter().map(|p| u64::from(p.held)).sum::<u64>());
        }
        prop_assert_eq!(completed, trust.ledger().completed);
        let waiting: u64 = trust.at_end().iter().map(|s| u64::from(s.count)).sum();
        let l = trust.ledger();
        prop_assert_eq!(waiting, l.waiting + l.referrals_pending);
        prop_assert!(l.balanced(), "{:?}", l);
    }
}

#[test]
fn the_larger_of_the_it_loss_and_the_sessions_lost_applies() {
    let care = TrustCare::new(&small_trust(), [0.0; 3], None).unwrap();
    // One Monday with the IT down `down` of the day and `lost` of the
    // sessions stopped by a policy or a supplier.
    let day = |down: f64, lost: f64| {
        let mut state = TrustCareState::new(&care, 5, 0, 3);
        let mut out = TrustDay::default();
        let ctx = TrustDayContext {
            day: 0,
            working_day: true,
            down_share: [down; TRUST_SERVICES],
            sessions_lost_share: [lost; TRUST_SERVICES],
        };
        state.step(&care, &ctx, &mut out);
        assert!(state.ledger().balanced());
        out.pathways
    };
    let normal = day(0.0, 0.0);
    assert_eq!(normal[DAY_CASE].cancelled_outage, 0);
    // Day cases stop and cancel: the policy's 0.5 beats the IT's 0.2 ...
    let policy = day(0.0, 0.5)[DAY_CASE];
    assert!(policy.cancelled_outage > 0);
    assert_eq!(day(0.2, 0.5)[DAY_CASE], policy);
    // ... and the IT's 0.8 beats the policy's 0.5.
    assert_eq!(day(0.8, 0.5)[DAY_CASE], day(0.8, 0.0)[DAY_CASE]);
    assert!(day(0.8, 0.0)[DAY_CASE].cancelled_outage > policy.cancelled_outage);
    // First outpatient appointments work on paper at 0.5 with the IT down
    // all day: a policy of 0.3 changes nothing, one of 0.7 holds 0.3.
    let paper = day(1.0, 0.0)[0];
    assert_eq!(day(1.0, 0.3)[0], paper);
    let stopped = day(1.0, 0.7)[0];
    assert!(stopped.held < paper.held && stopped.cancelled_outage > paper.cancelled_outage);
    let capacity = care.capacity_per_working_day()[0];
    // Held within the 30% of sessions left (fewer if fewer are due).
    assert!(f64::from(stopped.held) <= 0.3 * capacity + 1.0);
    assert!(f64::from(stopped.held) >= 0.2 * capacity);
}

#[test]
fn theatres_set_the_elective_capacity_and_too_few_are_refused() {
    use crate::scenario::TheatresSpec;
    let theatres = TheatresSpec::new;
    // 40 day cases (10 sessions) and 8 inpatients (5.3 sessions): 8
    // theatres give 16 sessions, 4.3% more than needed.
    let care = TrustCare::new(&small_trust(), [0.0; 3], Some(&theatres(8))).unwrap();
    let needed = 40.0 / 4.0 + 8.0 / 1.5;
    let cap = care.capacity_per_working_day();
    assert!((cap[2] - 40.0 * 16.0 / needed).abs() < 1e-9, "{cap:?}");
    assert!((cap[3] - 8.0 * 16.0 / needed).abs() < 1e-9, "{cap:?}");
    let without = TrustCare::new(&small_trust(), [0.0; 3], None).unwrap();
    assert_eq!(cap[..2], without.capacity_per_working_day()[..2]);
    // The lists still keep up with demand.
    let (days, _) = run_trust(&care, 2, 400, |_| [0.0; TRUST_SERVICES]);
    let working_days = (0..400).filter(|&d| working(d)).count() as f64;
    let held: u32 = days.iter().map(|d| d.pathways[2].held).sum();
    assert!((f64::from(held) / working_days - 40.0).abs() < 1.5);

    let err = TrustCare::new(&small_trust(), [0.0; 3], Some(&theatres(7))).unwrap_err();
    assert_eq!(err.0[0].key, "theatres.count");
    let accepted = err.0[0].accepted.as_deref().unwrap_or_default();
    assert!(accepted.starts_with("at least 8 theatres"), "{accepted}");
}

/// A registration outage at a trust whose clinics stay up: the referrals
/// held up are registered together once it is back, so their first
/// appointments come due together one lead time later (the urgent ones 10
/// working days later, the routine ones 30), and no surge follows because
/// the clinics themselves had no outage. This is the second rise of the
/// WannaCry outpatient backlog (docs/model/scheduled-care.md, section 2).
#[test]
fn referrals_registered_late_come_due_together_one_lead_time_later() {
    let spec = small_trust();
    let down = |day: u32| {
        let mut t = [0.0; TRUST_SERVICES];
        // Thursday to Saturday of the second week.
        if (10..13).contains(&day) {
            t[REFERRAL_REGISTRATION] = 1.0;
        }
        (t, [0.0; PRACTICE_SERVICES])
    };
    let (attack, ..) = run_pair(&spec, 3, 140, down);
    let (normal, ..) = run_pair(&spec, 3, 140, |_| {
        ([0.0; TRUST_SERVICES], [0.0; PRACTICE_SERVICES])
    });
    let excess = |day: usize| {
        i64::from(attack[day].pathways[0].overdue) - i64::from(normal[day].pathways[0].overdue)
    };
    let held_up: u32 = attack[12].referrals_waiting.iter().sum();
    assert!(held_up > 30, "{held_up}");
    // Registered on Monday, day 14: nothing extra is overdue in the weeks
    // between the urgent and the routine wave.
    assert!((32..56).all(|d| excess(d) == 0));
    // Routine: 30 working days after day 14 is day 56.
    assert!(excess(56) > 10, "{}", excess(56));
    // It clears only through the headroom, slowly.
    assert!(excess(70) > 0, "{}", excess(70));
}
