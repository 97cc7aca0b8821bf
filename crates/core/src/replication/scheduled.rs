//! Scheduled care in a replication: GP practices and trusts stepped day by
//! day, their outcomes recorded, and the harm of their delays.
//!
//! Scheduled care never waits on the emergency department's events, so it
//! runs as its own pass over the days, driven by the same incident windows
//! (through each organisation's [`Timeline`]). Each day the practices go
//! first and send their referrals to their home trusts, then the trusts
//! register them and run their clinics and theatres. A practice's results
//! are recorded under its home trust.

use crate::clock::{MINUTES_PER_DAY, SimTime};
use crate::harm::money::Activity;
use crate::harm::{HarmDraw, mechanisms};
use crate::metrics::Metric;
use crate::model::Model;
use crate::model::scheduled_care::{
    Completion, Ledger, Pathway, PracticeCareState, PracticeDay, PracticeDayContext, Priority,
    ReferralCohort, TrustCareState, TrustDay, TrustDayContext,
};

use super::harm::{self, HarmPathway, REPORTING_SYSTEM_NEEDS};
use super::recorder::Recorder;
use super::response::CareResponse;
use super::timeline::Timeline;

/// Per trust and simulated day: the outpatient, elective and referral
/// backlogs at the end of the day (its practices' referrals included).
pub(super) type Backlogs = Vec<Vec<[f64; 3]>>;

/// What scheduled care returns to the event loop.
pub(super) struct ScheduledOutcome {
    /// Per trust, the cohort ledger of the trust and its practices (every
    /// member created is seen, waiting, a pending referral or treated
    /// elsewhere).
    pub ledgers: Vec<Ledger>,
    /// Per trust, the daily backlogs.
    pub backlogs: Backlogs,
    /// Per trust, whether it treated another trust's patients under mutual
    /// aid (so the attack touched it).
    pub received_aid: Vec<bool>,
}

/// Runs scheduled care for every active trust and its practices, adding
/// to the trusts' recorders, with the incident `response` (empty in the
/// counterfactual).
#[allow(clippy::too_many_arguments)]
pub(super) fn simulate(
    model: &Model,
    seed: u64,
    replication: u64,
    trust_timelines: &[Timeline],
    practice_timelines: &[Timeline],
    response: &CareResponse,
    recorders: &mut [&mut Recorder],
    active: &dyn Fn(usize) -> bool,
    draw: &HarmDraw,
) -> ScheduledOutcome {
    let cal = &model.calendar;
    let days = (cal.horizon() / MINUTES_PER_DAY).round() as u32;
    let mut trusts: Vec<Option<TrustCareState>> = model
        .trust_care
        .iter()
        .enumerate()
        .map(|(i, care)| {
            let care = care.as_ref().filter(|_| active(i))?;
            Some(TrustCareState::new(care, seed, replication, i as u32))
        })
        .collect();
    let mut practices: Vec<Option<PracticeCareState>> = model
        .practices
        .iter()
        .enumerate()
        .map(|(j, p)| {
            active(p.home_trust)
                .then(|| PracticeCareState::new(&p.care, seed, replication, j as u32))
        })
        .collect();
    let mut backlogs: Backlogs = (0..trusts.len())
        .map(|i| {
            if active(i) {
                vec![[0.0; 3]; days as usize]
            } else {
                Vec::new()
            }
        })
        .collect();
    let mut inbox: Vec<Vec<ReferralCohort>> = vec![Vec::new(); trusts.len()];
    let mut practice_day = PracticeDay::default();
    let mut trust_day = TrustDay::default();
    let mut aid = super::mutual_aid::MutualAid::new(trusts.len());

    for day in 0..days {
        let midnight = f64::from(day) * MINUTES_PER_DAY;
        // Outcomes belong to the middle of the day they happen.
        let at = midnight + MINUTES_PER_DAY / 2.0;
        let working_day = cal.weekday_index(midnight) < 5;
        for (j, state) in practices.iter_mut().enumerate() {
            let Some(state) = state else { continue };
            let practice = &model.practices[j];
            let timeline = &practice_timelines[j];
            let needs = practice.care.service_needs();
            let ctx = PracticeDayContext {
                day,
                working_day,
                down_share: needs.map(|needs| timeline.working_day_down_share(day, needs)),
                sessions_lost_share: response.practice_day(j, day, needs, timeline),
            };
            state.step(&practice.care, &ctx, &mut practice_day);
            let rec = &mut *recorders[practice.home_trust];
            record_practice_day(rec, cal, at, &practice_day);
            let b = &mut backlogs[practice.home_trust][day as usize];
            b[2] += practice_day
                .referrals_waiting
                .iter()
                .map(|n| f64::from(*n))
                .sum::<f64>();
            inbox[practice.home_trust].extend_from_slice(&practice_day.referrals_sent);
        }
        for (i, state) in trusts.iter_mut().enumerate() {
            let Some(state) = state else { continue };
            let Some(care) = &model.trust_care[i] else {
                continue;
            };
            state.receive_referrals(day, &inbox[i]);
            inbox[i].clear();
            let timeline = &trust_timelines[i];
            let needs = care.service_needs();
            let ctx = TrustDayContext {
                day,
                working_day,
                down_share: needs.map(|needs| timeline.working_day_down_share(day, needs)),
                sessions_lost_share: response.trust_day(i, day, needs, timeline),
            };
            state.step(care, &ctx, &mut trust_day);
            aid.note_day(i, &ctx, &trust_day);
            let reporting = timeline.working_day_down_share(day, REPORTING_SYSTEM_NEEDS);
            let rec = &mut *recorders[i];
            record_trust_day(rec, cal, at, &trust_day, draw, reporting);
            let b = &mut backlogs[i][day as usize];
            let p = &trust_day.pathways;
            b[0] += f64::from(p[0].overdue + p[1].overdue);
            b[1] += f64::from(p[2].overdue + p[3].overdue);
            b[2] += trust_day
                .referrals_waiting
                .iter()
                .map(|n| f64::from(*n))
                .sum::<f64>();
        }
        if let Some(share) = response.mutual_aid_share {
            aid.transfer(model, share, day, &mut trusts, |i, c| {
                record_mutual_aid(&mut *recorders[i], cal, at, c, draw);
            });
        }
    }

    let mut ledgers = vec![Ledger::default(); trusts.len()];
    let add = |to: &mut Ledger, l: Ledger| {
        to.created += l.created;
        to.completed += l.completed;
        to.waiting += l.waiting;
        to.referrals_pending += l.referrals_pending;
        to.treated_elsewhere += l.treated_elsewhere;
    };
    for (i, state) in trusts.iter().enumerate() {
        if let Some(state) = state {
            add(&mut ledgers[i], state.ledger());
        }
    }
    for (j, state) in practices.iter().enumerate() {
        if let Some(state) = state {
            add(&mut ledgers[model.practices[j].home_trust], state.ledger());
        }
    }
    ScheduledOutcome {
        ledgers,
        backlogs,
        received_aid: aid.received,
    }
}

/// Another trust's patients treated here under mutual aid: counted, with
/// their delay and its harm.
fn record_mutual_aid(
    rec: &mut Recorder,
    cal: &crate::clock::Calendar,
    at: SimTime,
    c: &Completion,
    draw: &HarmDraw,
) {
    rec.add(cal, at, Metric::MutualAidPatients, f64::from(c.count));
    let delay = f64::from(c.count) * f64::from(c.delay_days);
    let metric = match c.pathway {
        Pathway::OutpatientFirst | Pathway::OutpatientFollowUp => Metric::DelayDaysOutpatient,
        _ => Metric::DelayDaysElective,
    };
    rec.add(cal, at, metric, delay);
    let (pathway, h) = completion_harm(c, draw);
    // The receiving trust's reporting works: it is not affected that day.
    harm::record(rec, cal, at, pathway, h, draw, 0.0);
}

fn record_practice_day(
    rec: &mut Recorder,
    cal: &crate::clock::Calendar,
    at: SimTime,
    d: &PracticeDay,
) {
    let a = &d.appointments;
    rec.add(cal, at, Metric::GpAppointmentsHeld, f64::from(a.held));
    rec.add(
        cal,
        at,
        Metric::GpAppointmentsCancelled,
        f64::from(a.cancelled_outage),
    );
    rec.add(cal, at, Metric::DelayDaysGp, a.delay_days as f64);
    let delayed: u32 = d.referrals_delayed.iter().sum();
    rec.add(cal, at, Metric::ReferralsDelayed, f64::from(delayed));
    rec.add(
        cal,
        at,
        Metric::UrgentCancerReferralsDelayed,
        f64::from(d.usc_referrals_delayed),
    );
    let waiting: u32 = d.referrals_waiting.iter().sum();
    rec.add_ratio(cal, at, Metric::ReferralBacklog, f64::from(waiting), 0.0);
}

fn record_trust_day(
    rec: &mut Recorder,
    cal: &crate::clock::Calendar,
    at: SimTime,
    d: &TrustDay,
    draw: &HarmDraw,
    reporting_down_share: f64,
) {
    let [first, follow_up, day_case, inpatient] = &d.pathways;
    rec.add(
        cal,
        at,
        Metric::OutpatientAppointmentsHeld,
        f64::from(first.held + follow_up.held),
    );
    let cancelled = |p: &crate::model::scheduled_care::PathwayDay| {
        f64::from(p.cancelled_outage + p.cancelled_normal)
    };
    rec.add(
        cal,
        at,
        Metric::OutpatientAppointmentsCancelled,
        cancelled(first) + cancelled(follow_up),
    );
    rec.add(
        cal,
        at,
        Metric::ElectiveOperationsCancelled,
        cancelled(day_case) + cancelled(inpatient),
    );
    rec.add(
        cal,
        at,
        Metric::AdmissionsElective,
        f64::from(day_case.held + inpatient.held),
    );
    rec.add(
        cal,
        at,
        Metric::DelayDaysOutpatient,
        (first.delay_days + follow_up.delay_days) as f64,
    );
    rec.add(
        cal,
        at,
        Metric::DelayDaysElective,
        (day_case.delay_days + inpatient.delay_days) as f64,
    );
    let delayed: u32 = d.referrals_delayed.iter().sum();
    rec.add(cal, at, Metric::ReferralsDelayed, f64::from(delayed));
    rec.add(
        cal,
        at,
        Metric::UrgentCancerReferralsDelayed,
        f64::from(d.referrals_delayed[Priority::Cancer as usize]),
    );
    rec.add(
        cal,
        at,
        Metric::TwoWeekBreaches,
        f64::from(d.two_week_breaches),
    );
    // Backlogs are levels: one observation a day, so their ratio is the
    // mean over days (the trust's practices add their referrals waiting to
    // the numerator only).
    rec.add_ratio(
        cal,
        at,
        Metric::OutpatientBacklog,
        f64::from(first.overdue + follow_up.overdue),
        1.0,
    );
    rec.add_ratio(
        cal,
        at,
        Metric::ElectiveBacklog,
        f64::from(day_case.overdue + inpatient.overdue),
        1.0,
    );
    let waiting: u32 = d.referrals_waiting.iter().sum();
    rec.add_ratio(cal, at, Metric::ReferralBacklog, f64::from(waiting), 1.0);
    let lost = f64::from(first.cancelled_outage + follow_up.cancelled_outage)
        * Activity::OutpatientAttendance.unit_cost_gbp(draw)
        + f64::from(day_case.cancelled_outage) * Activity::DayCase.unit_cost_gbp(draw)
        + f64::from(inpatient.cancelled_outage) * Activity::ElectiveInpatient.unit_cost_gbp(draw);
    rec.add(cal, at, Metric::LostActivityGbp, lost);
    for c in &d.completions {
        let (pathway, h) = completion_harm(c, draw);
        harm::record(rec, cal, at, pathway, h, draw, reporting_down_share);
    }
}

/// The harm of a cohort seen or treated `delay_days` late.
fn completion_harm(c: &Completion, draw: &HarmDraw) -> (HarmPathway, crate::harm::Harm) {
    let (n, days) = (f64::from(c.count), f64::from(c.delay_days));
    match (c.pathway, c.priority) {
        // An urgent suspected-cancer referral's first appointment.
        (Pathway::OutpatientFirst, Priority::Cancer) => (
            HarmPathway::Cancer,
            mechanisms::cancer_referral_delay(n, days, draw),
        ),
        (Pathway::ElectiveDayCase | Pathway::ElectiveInpatient, Priority::Cancer) => (
            HarmPathway::Cancer,
            mechanisms::cancer_treatment_delay(n, days, draw),
        ),
        (Pathway::ElectiveDayCase | Pathway::ElectiveInpatient, _) => (
            HarmPathway::Elective,
            mechanisms::elective_wait(n, days, draw),
        ),
        (Pathway::OutpatientFollowUp, _) => (
            HarmPathway::Outpatient,
            mechanisms::outpatient_follow_up_delay(n, days, draw),
        ),
        // A late routine or urgent first appointment, or GP appointment:
        // no effect size (docs/model/harm.md).
        (Pathway::OutpatientFirst | Pathway::GpAppointment, _) => {
            (HarmPathway::Outpatient, crate::harm::Harm::default())
        }
    }
}
