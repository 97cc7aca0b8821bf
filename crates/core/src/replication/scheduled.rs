//! Scheduled care in a replication: GP practices and trusts stepped day by
//! day, their outcomes recorded, and the harm of their delays.
//!
//! Scheduled care runs one day at a time inside the event loop, at
//! [`DAY_STARTS_MIN`] each morning, because elective inpatients need a bed:
//! the trust admits today's list only as far as the beds free after the
//! emergency patients already waiting for one (A31). Everything else about
//! a day depends only on the incident windows (through each organisation's
//! [`Timeline`]). Each day the practices go first and send their referrals
//! to their home trusts, then the trusts register them and run their
//! clinics and theatres. A practice's results are recorded under its home
//! trust.

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

/// When the day's scheduled care runs and elective inpatients are
/// admitted: 07:00 (ASSUMPTION A31, admission on the morning of surgery).
pub(super) const DAY_STARTS_MIN: SimTime = 7.0 * 60.0;

/// Per trust and simulated day: the outpatient, elective and referral
/// backlogs at the end of the day (its practices' referrals included).
pub(super) type Backlogs = Vec<Vec<[f64; 3]>>;

/// What scheduled care returns to the event loop at the end.
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

/// What one day needs from the replication around it.
pub(super) struct Surroundings<'a> {
    pub model: &'a Model,
    pub trust_timelines: &'a [Timeline],
    pub practice_timelines: &'a [Timeline],
    /// The incident response (empty in the counterfactual).
    pub response: &'a CareResponse,
    pub draw: &'a HarmDraw,
}

/// Scheduled care of every active trust and its practices in one
/// replication of one arm.
pub(super) struct ScheduledCare {
    trusts: Vec<Option<TrustCareState>>,
    practices: Vec<Option<PracticeCareState>>,
    backlogs: Backlogs,
    inbox: Vec<Vec<ReferralCohort>>,
    practice_day: PracticeDay,
    trust_day: TrustDay,
    aid: super::mutual_aid::MutualAid,
    days: u32,
}

impl ScheduledCare {
    /// The lists at the start of the run, for the trusts `active` marks.
    pub(super) fn new(
        model: &Model,
        seed: u64,
        replication: u64,
        active: &dyn Fn(usize) -> bool,
    ) -> Self {
        let days = (model.calendar.horizon() / MINUTES_PER_DAY).round() as u32;
        let trusts: Vec<Option<TrustCareState>> = model
            .trust_care
            .iter()
            .enumerate()
            .map(|(i, care)| {
                let care = care.as_ref().filter(|_| active(i))?;
                Some(TrustCareState::new(care, seed, replication, i as u32))
            })
            .collect();
        let practices = model
            .practices
            .iter()
            .enumerate()
            .map(|(j, p)| {
                active(p.home_trust)
                    .then(|| PracticeCareState::new(&p.care, seed, replication, j as u32))
            })
            .collect();
        let backlogs = (0..trusts.len())
            .map(|i| {
                if active(i) {
                    vec![[0.0; 3]; days as usize]
                } else {
                    Vec::new()
                }
            })
            .collect();
        Self {
            inbox: vec![Vec::new(); trusts.len()],
            aid: super::mutual_aid::MutualAid::new(trusts.len()),
            trusts,
            practices,
            backlogs,
            practice_day: PracticeDay::default(),
            trust_day: TrustDay::default(),
            days,
        }
    }

    /// Days in the run.
    pub(super) fn days(&self) -> u32 {
        self.days
    }

    /// Runs `day` for every trust and practice, adding to the trusts'
    /// recorders. `beds_free[i]` is how many elective inpatients trust `i`
    /// can admit today (`None`: it does not model beds); `admitted[i]` is
    /// set to how many it admitted.
    pub(super) fn run_day(
        &mut self,
        s: &Surroundings,
        day: u32,
        recorders: &mut [&mut Recorder],
        beds_free: &[Option<u32>],
        admitted: &mut [u32],
    ) {
        let (model, draw) = (s.model, s.draw);
        let cal = &model.calendar;
        let midnight = f64::from(day) * MINUTES_PER_DAY;
        // Outcomes belong to the middle of the day they happen.
        let at = midnight + MINUTES_PER_DAY / 2.0;
        let working_day = cal.weekday_index(midnight) < 5;
        for (j, state) in self.practices.iter_mut().enumerate() {
            let Some(state) = state else { continue };
            let practice = &model.practices[j];
            let timeline = &s.practice_timelines[j];
            let needs = practice.care.service_needs();
            let ctx = PracticeDayContext {
                day,
                working_day,
                down_share: needs.map(|needs| timeline.working_day_down_share(day, needs)),
                sessions_lost_share: s.response.practice_day(j, day, needs, timeline),
            };
            let out = &mut self.practice_day;
            state.step(&practice.care, &ctx, out);
            let rec = &mut *recorders[practice.home_trust];
            record_practice_day(rec, cal, at, out);
            let b = &mut self.backlogs[practice.home_trust][day as usize];
            b[2] += out
                .referrals_waiting
                .iter()
                .map(|n| f64::from(*n))
                .sum::<f64>();
            self.inbox[practice.home_trust].extend_from_slice(&out.referrals_sent);
        }
        admitted.fill(0);
        for (i, state) in self.trusts.iter_mut().enumerate() {
            let Some(state) = state else { continue };
            let Some(care) = &model.trust_care[i] else {
                continue;
            };
            state.receive_referrals(day, &self.inbox[i]);
            self.inbox[i].clear();
            let timeline = &s.trust_timelines[i];
            let needs = care.service_needs();
            let ctx = TrustDayContext {
                day,
                working_day,
                down_share: needs.map(|needs| timeline.working_day_down_share(day, needs)),
                sessions_lost_share: s.response.trust_day(i, day, needs, timeline),
            };
            let out = &mut self.trust_day;
            state.step_with_beds(care, &ctx, beds_free[i], out);
            admitted[i] = if beds_free[i].is_some() {
                out.elective_inpatients_admitted
            } else {
                0
            };
            self.aid.note_day(i, &ctx, out);
            let reporting = timeline.working_day_down_share(day, REPORTING_SYSTEM_NEEDS);
            let rec = &mut *recorders[i];
            record_trust_day(rec, cal, at, out, draw, reporting);
            let b = &mut self.backlogs[i][day as usize];
            let p = &out.pathways;
            b[0] += f64::from(p[0].overdue + p[1].overdue);
            b[1] += f64::from(p[2].overdue + p[3].overdue);
            b[2] += out
                .referrals_waiting
                .iter()
                .map(|n| f64::from(*n))
                .sum::<f64>();
        }
        if let Some(share) = s.response.mutual_aid_share {
            self.aid
                .transfer(model, share, day, &mut self.trusts, |i, c| {
                    record_mutual_aid(&mut *recorders[i], cal, at, c, draw);
                });
        }
    }

    /// The ledgers, backlogs and mutual-aid receivers at the end of the run.
    pub(super) fn finish(self, model: &Model) -> ScheduledOutcome {
        let mut ledgers = vec![Ledger::default(); self.trusts.len()];
        let add = |to: &mut Ledger, l: Ledger| {
            to.created += l.created;
            to.completed += l.completed;
            to.waiting += l.waiting;
            to.referrals_pending += l.referrals_pending;
            to.treated_elsewhere += l.treated_elsewhere;
        };
        for (i, state) in self.trusts.iter().enumerate() {
            if let Some(state) = state {
                add(&mut ledgers[i], state.ledger());
            }
        }
        for (j, state) in self.practices.iter().enumerate() {
            if let Some(state) = state {
                add(&mut ledgers[model.practices[j].home_trust], state.ledger());
            }
        }
        ScheduledOutcome {
            ledgers,
            backlogs: self.backlogs,
            received_aid: self.aid.received,
        }
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
        cancelled(day_case) + cancelled(inpatient) + f64::from(inpatient.cancelled_no_bed),
    );
    rec.add(
        cal,
        at,
        Metric::ElectiveOperationsCancelledNoBed,
        f64::from(inpatient.cancelled_no_bed),
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
