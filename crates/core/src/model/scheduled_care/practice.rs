//! A GP practice's scheduled care: its appointments and the referrals it
//! sends to its home trust.

use rand_distr::Poisson;

use super::queue::{ServiceParams, ServiceQueue, Today, binomial, poisson};
use super::trust::add;
use super::{
    DowntimeMode, Ledger, PRACTICE_SERVICES, Pathway, PracticeDay, PracticeDayContext, Priority,
    ReferralCohort, ScheduledCareError, StillWaiting, Surge, TrustCare, mask, pass_share,
};
use crate::random::{Process, Stream, StreamKey};
use crate::scenario::{GpPracticeSpec, ItSystem, ScenarioIssue};

/// Capacity above demand for GP appointments: the spec gives the
/// appointments offered, demand is taken as offered / (1 + 0.05).
/// ASSUMPTION, as for trusts.
pub const GP_HEADROOM: f64 = 0.05;
/// Share of GP appointments booked for the same day (urgent priority).
/// ASSUMPTION.
pub const GP_SAME_DAY_SHARE: f64 = 0.4;
/// Working days ahead a routine GP appointment is booked. ASSUMPTION.
pub const GP_ROUTINE_LEAD_WORKING_DAYS: u32 = 5;
/// GP appointments on paper while the practice's network or clinical
/// system is down: share of normal capacity. ASSUMPTION (WannaCry:
/// practices reverted to pen and paper; no published rate).
pub const GP_PAPER_CAPACITY_FACTOR: f64 = 0.6;
/// Referrals that can still be sent (letter, secure email, phone for the
/// urgent) while e-Referral or the network is down. ASSUMPTION.
pub const REFERRAL_PAPER_SHARE: f64 = 0.3;

/// What a practice's services need: GP appointments the practice network
/// and clinical record; sending referrals the network and e-Referral.
pub const PRACTICE_NEEDS: [&[ItSystem]; PRACTICE_SERVICES] = [
    &[ItSystem::Network, ItSystem::Epr],
    &[ItSystem::Network, ItSystem::EReferral],
];

/// A practice's expected referrals per working day by priority (cancer =
/// urgent suspected cancer), for its home trust's [`TrustCare::new`].
pub fn expected_referrals_per_working_day(spec: &GpPracticeSpec) -> [f64; 3] {
    let r = spec.referrals_per_1000_per_working_day;
    let per_1000 = f64::from(spec.list_size) / 1000.0;
    [r.urgent_suspected_cancer, r.urgent, r.routine].map(|rate| (rate * per_1000).max(0.0))
}

/// A practice's scheduled care compiled from its [`GpPracticeSpec`].
#[derive(Debug, Clone)]
pub struct PracticeCare {
    appointments: ServiceParams,
    referrals: [Option<Poisson<f64>>; 3],
    referral_cancel_rate: [f64; 3],
    sending: DowntimeMode,
    needs: [u16; PRACTICE_SERVICES],
}

impl PracticeCare {
    /// Compiles a practice. `home` is its home trust's scheduled care;
    /// without one the practice makes no referrals (validation refuses a
    /// referring practice whose home trust models no scheduled care).
    pub fn new(
        spec: &GpPracticeSpec,
        home: Option<&TrustCare>,
    ) -> Result<PracticeCare, ScheduledCareError> {
        let mut issues = Vec::new();
        let offered = spec.appointments_per_working_day;
        if !(offered.is_finite() && (0.0..=1e5).contains(&offered)) {
            issues.push(
                ScenarioIssue::new(
                    format!("gp_practices.{}.appointments_per_working_day", spec.id),
                    format!("{offered} is out of range"),
                )
                .accepted("[0, 100000] appointments per working day"),
            );
        }
        let expected = expected_referrals_per_working_day(spec);
        if expected.iter().any(|r| !r.is_finite() || *r > 1e5) {
            issues.push(
                ScenarioIssue::new(
                    format!(
                        "gp_practices.{}.referrals_per_1000_per_working_day",
                        spec.id
                    ),
                    "referral rates must be finite and non-negative",
                )
                .accepted("[0, 1000] per 1,000 patients per working day"),
            );
        }
        if !issues.is_empty() {
            return Err(ScheduledCareError(issues));
        }
        let demand = offered / (1.0 + GP_HEADROOM);
        let by_priority = [
            0.0,
            demand * GP_SAME_DAY_SHARE,
            demand * (1.0 - GP_SAME_DAY_SHARE),
        ];
        let appointments = ServiceParams {
            demand: by_priority.map(|m| Poisson::new(m).ok()),
            pipeline_mean: by_priority,
            capacity_per_working_day: offered,
            lead_working_days: [0, 0, GP_ROUTINE_LEAD_WORKING_DAYS],
            cancel_rate: [0.0; 3],
            rebook_lead_working_days: 1,
            mode: DowntimeMode::Paper {
                capacity_factor: GP_PAPER_CAPACITY_FACTOR,
            },
            // Practices have no surge: missed appointments are rebooked
            // into normal capacity.
            surge: Surge {
                extra_capacity_share: 0.0,
                max_days: 0,
            },
        };
        let referrals = match home {
            Some(_) => expected.map(|m| Poisson::new(m).ok()),
            None => [None; 3],
        };
        Ok(PracticeCare {
            appointments,
            referrals,
            referral_cancel_rate: home.map_or([0.0; 3], TrustCare::first_appointment_cancel_rate),
            sending: DowntimeMode::Paper {
                capacity_factor: REFERRAL_PAPER_SHARE,
            },
            needs: PRACTICE_NEEDS.map(mask),
        })
    }

    /// The IT systems each service needs, as masks, in the order of
    /// [`PracticeDayContext::down_share`]: GP appointments, sending
    /// referrals.
    pub fn service_needs(&self) -> &[u16; PRACTICE_SERVICES] {
        &self.needs
    }
}

/// A practice's scheduled care in one replication of one arm.
#[derive(Debug, Clone)]
pub struct PracticeCareState {
    appointments: ServiceQueue,
    pending: Vec<ReferralCohort>,
    calendar_of: Vec<u32>,
    rng: Stream,
    referrals_made: u64,
    referrals_sent: u64,
    last_day: u32,
    completions: Vec<super::Completion>,
}

impl PracticeCareState {
    /// The state at the start of a run, appointment book already filled.
    pub fn new(care: &PracticeCare, seed: u64, replication: u64, organisation: u32) -> Self {
        let mut rng = StreamKey {
            seed,
            replication,
            process: Process::GpPracticeDemand,
            organisation,
        }
        .stream();
        let mut appointments = ServiceQueue::new(&care.appointments);
        appointments.prefill(&care.appointments, &mut rng);
        Self {
            appointments,
            pending: Vec::new(),
            calendar_of: Vec::new(),
            rng,
            referrals_made: 0,
            referrals_sent: 0,
            last_day: 0,
            completions: Vec::new(),
        }
    }

    /// Runs one day; `out` is overwritten, `out.referrals_sent` goes to the
    /// home trust's `receive_referrals` the same day.
    pub fn step(&mut self, care: &PracticeCare, ctx: &PracticeDayContext, out: &mut PracticeDay) {
        out.appointments = Default::default();
        out.referrals_made = [0; 3];
        out.referrals_sent.clear();
        out.referrals_delayed = [0; 3];
        out.referrals_waiting = [0; 3];
        out.usc_referrals_delayed = 0;
        self.last_day = ctx.day;
        if ctx.working_day {
            self.calendar_of.push(ctx.day);
            let w = (self.calendar_of.len() - 1) as u32;
            self.appointments
                .book_demand(&care.appointments, w, ctx.day, &mut self.rng);
            for (i, priority) in Priority::ALL.into_iter().enumerate() {
                let n = poisson(&care.referrals[i], &mut self.rng);
                let cancel = binomial(n, care.referral_cancel_rate[i], &mut self.rng);
                if n > 0 {
                    self.referrals_made += u64::from(n);
                    out.referrals_made[i] = n;
                    self.pending.push(ReferralCohort {
                        priority,
                        referred_day: ctx.day,
                        count: n,
                        hospital_cancel: cancel,
                    });
                }
            }
            self.send(care, ctx, out);
            let today = Today {
                working_index: w,
                day: ctx.day,
                down_share: ctx.down_share[0],
                sessions_lost_share: ctx.sessions_lost_share[0],
                beds_free: None,
                calendar_of: &self.calendar_of,
            };
            let mut unused_breaches = 0;
            self.completions.clear();
            self.appointments.run_day(
                &care.appointments,
                &today,
                &mut out.appointments,
                &mut self.completions,
                Pathway::GpAppointment,
                &mut unused_breaches,
            );
        }
        self.appointments
            .end_of_day(ctx.day, &self.calendar_of, &mut out.appointments);
        for r in &self.pending {
            out.referrals_waiting[r.priority as usize] += r.count;
        }
    }

    /// Sends the share of pending referrals today's systems allow,
    /// highest priority and oldest first.
    fn send(&mut self, care: &PracticeCare, ctx: &PracticeDayContext, out: &mut PracticeDay) {
        let share = pass_share(care.sending, ctx.down_share[1], ctx.sessions_lost_share[1]);
        let total: u32 = self.pending.iter().map(|r| r.count).sum();
        let mut budget = if share >= 1.0 {
            total
        } else {
            (f64::from(total) * share).floor() as u32
        };
        self.pending.sort_by_key(|r| (r.priority, r.referred_day));
        for r in &mut self.pending {
            if budget == 0 {
                break;
            }
            let n = r.count.min(budget);
            budget -= n;
            let cancel = r.hospital_cancel.min(n);
            r.count -= n;
            r.hospital_cancel -= cancel;
            self.referrals_sent += u64::from(n);
            out.referrals_sent.push(ReferralCohort {
                count: n,
                hospital_cancel: cancel,
                ..*r
            });
            if r.referred_day < ctx.day {
                out.referrals_delayed[r.priority as usize] += n;
                if r.priority == Priority::Cancer {
                    out.usc_referrals_delayed += n;
                }
            }
        }
        self.pending.retain(|r| r.count > 0);
    }

    /// Who is still waiting: GP appointments by delay, and referrals not
    /// yet sent (pathway `None`) by days since referral.
    pub fn at_end(&self) -> Vec<StillWaiting> {
        let mut out = Vec::new();
        for c in self.appointments.cohorts() {
            let first = self
                .calendar_of
                .get(c.original_due as usize)
                .copied()
                .unwrap_or(self.last_day);
            let delay = self.last_day.saturating_sub(first);
            add(
                &mut out,
                Some(Pathway::GpAppointment),
                c.priority,
                c.count,
                delay,
            );
        }
        for r in &self.pending {
            let delay = self.last_day.saturating_sub(r.referred_day);
            add(&mut out, None, r.priority, r.count, delay);
        }
        out
    }

    /// The conservation ledger, counted from the lists themselves.
    pub fn ledger(&self) -> Ledger {
        Ledger {
            created: self.appointments.created + self.referrals_made,
            completed: self.appointments.completed + self.referrals_sent,
            waiting: self.appointments.waiting(),
            referrals_pending: self.pending.iter().map(|r| u64::from(r.count)).sum(),
            treated_elsewhere: self.appointments.treated_elsewhere,
        }
    }
}
