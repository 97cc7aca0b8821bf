//! A trust's scheduled care: four booking lists and the referrals it
//! receives.

use rand_distr::Poisson;

use super::queue::{ServiceParams, ServiceQueue, Today};
use super::{
    DowntimeMode, Ledger, Pathway, Priority, REFERRAL_REGISTRATION, ReferralCohort,
    ScheduledCareError, StillWaiting, Surge, TRUST_SERVICES, TrustDay, TrustDayContext, mask,
    pass_share,
};
use crate::random::{Process, Stream, StreamKey};
use crate::scenario::{ScheduledCareSpec, TheatresSpec};

/// A trust's scheduled care compiled from its [`ScheduledCareSpec`].
#[derive(Debug, Clone)]
pub struct TrustCare {
    services: [ServiceParams; 4],
    registration: DowntimeMode,
    needs: [u16; TRUST_SERVICES],
}

fn mode_of(paper_capacity_factor: Option<f64>) -> DowntimeMode {
    match paper_capacity_factor {
        Some(capacity_factor) => DowntimeMode::Paper { capacity_factor },
        None => DowntimeMode::StopAndCancel,
    }
}

impl TrustCare {
    /// Compiles `spec`. `expected_referrals_per_working_day` (by priority)
    /// is what the modelled GP practices will send this trust
    /// ([`super::expected_referrals_per_working_day`] summed): it is taken
    /// out of the trust's own first-appointment demand so that referrals
    /// are not counted twice, and capacity covers the larger of the two.
    /// With `theatres`, the elective lists' capacity is the theatre
    /// sessions (shared by what each list needs) instead of demand plus
    /// headroom; too few theatres for the demand is an error.
    pub fn new(
        spec: &ScheduledCareSpec,
        expected_referrals_per_working_day: [f64; 3],
        theatres: Option<&TheatresSpec>,
    ) -> Result<TrustCare, ScheduledCareError> {
        let mut issues = spec.issues("scheduled_care");
        if expected_referrals_per_working_day
            .iter()
            .any(|r| !(r.is_finite() && *r >= 0.0))
        {
            issues.push(crate::scenario::ScenarioIssue::new(
                "gp_practices.referrals_per_1000_per_working_day",
                "expected referrals must be finite and non-negative",
            ));
        }
        if !issues.is_empty() {
            return Err(ScheduledCareError(issues));
        }
        let headroom = spec.headroom();
        let surge = spec.surge();
        let surge = Surge {
            extra_capacity_share: surge.extra_capacity_share,
            max_days: surge.max_days,
        };
        let rebook = spec.rebook_lead_working_days();
        let specs = spec.services();
        let mut needs = [0u16; TRUST_SERVICES];
        for (i, s) in specs.iter().enumerate() {
            needs[i] = mask(&s.resolve(i).needs);
        }
        // Per service and priority, the mean demand per working day the
        // trust books itself and the whole (its own plus the referrals).
        let flows: [([f64; 3], [f64; 3]); 4] = std::array::from_fn(|i| {
            let s = specs[i].resolve(i);
            let shares = [
                s.cancer_share,
                s.urgent_share,
                (1.0 - s.cancer_share - s.urgent_share).max(0.0),
            ];
            let total = shares.map(|sh| s.per_working_day * sh);
            let referred = if i == 0 {
                expected_referrals_per_working_day
            } else {
                [0.0; 3]
            };
            let own: [f64; 3] = std::array::from_fn(|p| (total[p] - referred[p]).max(0.0));
            (own, std::array::from_fn(|p| own[p] + referred[p]))
        });
        let demand: [f64; 4] = std::array::from_fn(|i| {
            flows[i]
                .1
                .iter()
                .sum::<f64>()
                .max(specs[i].resolve(i).per_working_day)
        });
        let [_, _, day_case, inpatient] = demand;
        let theatre_capacity = match theatres {
            None => None,
            Some(t) => match t.elective_capacity([day_case, inpatient]) {
                Some(c) => Some(c),
                None => {
                    let per_theatre = t.sessions_per_working_day;
                    let needed = t.sessions_needed([day_case, inpatient]);
                    let at_least = (needed / per_theatre).ceil();
                    let issue = crate::scenario::ScenarioIssue::new(
                        "theatres.count",
                        format!(
                            "{} theatres run {:.1} sessions a working day but the elective lists need {needed:.1}",
                            t.count,
                            t.sessions_per_working_day_total(),
                        ),
                    )
                    .accepted(format!(
                        "at least {at_least} theatres for this demand (or more cases per session)"
                    ));
                    return Err(ScheduledCareError(vec![issue]));
                }
            },
        };
        let services = std::array::from_fn(|i| {
            let s = specs[i].resolve(i);
            let (own, pipeline) = flows[i];
            let capacity_per_working_day = match (theatre_capacity, i) {
                (Some(c), 2 | 3) => c[i - 2],
                _ => demand[i] * (1.0 + headroom),
            };
            ServiceParams {
                demand: own.map(|m| Poisson::new(m).ok()),
                pipeline_mean: pipeline,
                capacity_per_working_day,
                lead_working_days: s.lead_working_days.to_array(),
                cancel_rate: s.hospital_cancel_rate.to_array(),
                rebook_lead_working_days: rebook,
                mode: mode_of(s.downtime.paper_capacity_factor()),
                surge,
            }
        });
        let registration = mode_of(
            specs[REFERRAL_REGISTRATION]
                .resolve(REFERRAL_REGISTRATION)
                .downtime
                .paper_capacity_factor(),
        );
        Ok(TrustCare {
            services,
            registration,
            needs,
        })
    }

    /// The IT systems each service needs, as masks (bit `i` is
    /// `ItSystem::ALL[i]`), in the order of [`TrustDayContext::down_share`]:
    /// outpatient first, follow-up, day case, inpatient, referral
    /// registration.
    pub fn service_needs(&self) -> &[u16; TRUST_SERVICES] {
        &self.needs
    }

    /// The normal hospital cancellation rate of first appointments by
    /// priority, which a referring practice draws against.
    pub fn first_appointment_cancel_rate(&self) -> [f64; 3] {
        self.services[0].cancel_rate
    }

    /// Normal capacity per working day of each pathway.
    pub fn capacity_per_working_day(&self) -> [f64; 4] {
        self.services.each_ref().map(|s| s.capacity_per_working_day)
    }
}

/// A referral received and not yet registered.
#[derive(Debug, Clone, Copy)]
struct Received {
    cohort: ReferralCohort,
    received_day: u32,
}

/// A trust's scheduled care in one replication of one arm.
#[derive(Debug, Clone)]
pub struct TrustCareState {
    queues: [ServiceQueue; 4],
    inbox: Vec<Received>,
    calendar_of: Vec<u32>,
    rng: Stream,
    received: u64,
    registered: u64,
    last_day: u32,
}

impl TrustCareState {
    /// The state at the start of a run: each list already holds the
    /// bookings of its lead time, so the run starts in steady state.
    pub fn new(care: &TrustCare, seed: u64, replication: u64, organisation: u32) -> Self {
        let mut rng = StreamKey {
            seed,
            replication,
            process: Process::ScheduledDemand,
            organisation,
        }
        .stream();
        let queues = std::array::from_fn(|i| {
            let mut q = ServiceQueue::new(&care.services[i]);
            q.prefill(&care.services[i], &mut rng);
            q
        });
        Self {
            queues,
            inbox: Vec::new(),
            calendar_of: Vec::new(),
            rng,
            received: 0,
            registered: 0,
            last_day: 0,
        }
    }

    /// Referrals arriving from practices on `day`.
    pub fn receive_referrals(&mut self, day: u32, cohorts: &[ReferralCohort]) {
        for c in cohorts.iter().filter(|c| c.count > 0) {
            self.received += u64::from(c.count);
            self.inbox.push(Received {
                cohort: *c,
                received_day: day,
            });
        }
    }

    /// Runs one day with no limit from beds; `out` is overwritten.
    pub fn step(&mut self, care: &TrustCare, ctx: &TrustDayContext, out: &mut TrustDay) {
        self.step_with_beds(care, ctx, None, out);
    }

    /// Runs one day on which at most `beds_free` elective inpatients can
    /// be admitted (`None`: the trust does not model its beds); `out` is
    /// overwritten.
    pub fn step_with_beds(
        &mut self,
        care: &TrustCare,
        ctx: &TrustDayContext,
        beds_free: Option<u32>,
        out: &mut TrustDay,
    ) {
        out.pathways = Default::default();
        out.referrals_registered = [0; 3];
        out.referrals_delayed = [0; 3];
        out.referrals_waiting = [0; 3];
        out.two_week_breaches = 0;
        out.completions.clear();
        self.last_day = ctx.day;
        if ctx.working_day {
            self.calendar_of.push(ctx.day);
            let w = (self.calendar_of.len() - 1) as u32;
            for (q, p) in self.queues.iter_mut().zip(&care.services) {
                q.book_demand(p, w, ctx.day, &mut self.rng);
            }
            self.register(care, ctx, w, out);
            let Self {
                queues,
                calendar_of,
                ..
            } = self;
            for (i, q) in queues.iter_mut().enumerate() {
                let today = Today {
                    working_index: w,
                    day: ctx.day,
                    down_share: ctx.down_share[i],
                    sessions_lost_share: ctx.sessions_lost_share[i],
                    beds_free: beds_free.filter(|_| i == Pathway::ElectiveInpatient as usize),
                    calendar_of,
                };
                q.run_day(
                    &care.services[i],
                    &today,
                    &mut out.pathways[i],
                    &mut out.completions,
                    Pathway::TRUST[i],
                    &mut out.two_week_breaches,
                );
            }
        }
        for (q, o) in self.queues.iter().zip(out.pathways.iter_mut()) {
            q.end_of_day(ctx.day, &self.calendar_of, o);
        }
        for r in &self.inbox {
            out.referrals_waiting[r.cohort.priority as usize] += r.cohort.count;
        }
        out.elective_inpatients_admitted = out.pathways[3].held;
    }

    /// Registers the referrals in the inbox that today's working share
    /// allows, highest priority and oldest first, and books their first
    /// appointments.
    fn register(&mut self, care: &TrustCare, ctx: &TrustDayContext, w: u32, out: &mut TrustDay) {
        if self.inbox.is_empty() {
            return;
        }
        let share = pass_share(
            care.registration,
            ctx.down_share[REFERRAL_REGISTRATION],
            ctx.sessions_lost_share[REFERRAL_REGISTRATION],
        );
        let total: u32 = self.inbox.iter().map(|r| r.cohort.count).sum();
        let mut budget = if share >= 1.0 {
            total
        } else {
            (f64::from(total) * share).floor() as u32
        };
        self.inbox
            .sort_by_key(|r| (r.cohort.priority, r.cohort.referred_day, r.received_day));
        let first = &care.services[0];
        for r in &mut self.inbox {
            if budget == 0 {
                break;
            }
            let n = r.cohort.count.min(budget);
            budget -= n;
            // Hospital cancellations go with the first members registered.
            let cancel = r.cohort.hospital_cancel.min(n);
            r.cohort.count -= n;
            r.cohort.hospital_cancel -= cancel;
            let p = r.cohort.priority as usize;
            let lead = first.lead_working_days[p];
            let referred_index =
                self.calendar_of
                    .partition_point(|&d| d < r.cohort.referred_day) as u32;
            self.queues[0].book(
                r.cohort.priority,
                i64::from(r.cohort.referred_day),
                referred_index.min(w) + lead,
                w + lead,
                n,
                cancel,
            );
            self.registered += u64::from(n);
            out.referrals_registered[p] += n;
            if r.received_day < ctx.day {
                out.referrals_delayed[p] += n;
            }
        }
        self.inbox.retain(|r| r.cohort.count > 0);
    }

    /// Hands up to `n` members of pathway `pathway` (index into
    /// [`Pathway::TRUST`]) that today, a working day already stepped,
    /// cancelled or carried over to another trust under mutual aid: they
    /// leave this trust's list. Returns them, with their delay so far, for
    /// the receiving trust to record; none on a day that was not worked.
    pub fn hand_over(&mut self, pathway: usize, n: u32, day: u32) -> Vec<super::Completion> {
        let (Some(&last), Some(q)) = (self.calendar_of.last(), self.queues.get_mut(pathway)) else {
            return Vec::new();
        };
        if last != day || n == 0 {
            return Vec::new();
        }
        let w = (self.calendar_of.len() - 1) as u32;
        q.hand_over(w, n, day, &self.calendar_of, Pathway::TRUST[pathway])
    }

    /// Who is still waiting, by pathway, priority and delay so far (days
    /// past the day first booked for; for referrals, days since referral).
    pub fn at_end(&self) -> Vec<StillWaiting> {
        let mut out: Vec<StillWaiting> = Vec::new();
        for (i, q) in self.queues.iter().enumerate() {
            for c in q.cohorts() {
                let first = self
                    .calendar_of
                    .get(c.original_due as usize)
                    .copied()
                    .unwrap_or(self.last_day);
                add(
                    &mut out,
                    Some(Pathway::TRUST[i]),
                    c.priority,
                    c.count,
                    self.last_day.saturating_sub(first),
                );
            }
        }
        for r in &self.inbox {
            let delay = self.last_day.saturating_sub(r.cohort.referred_day);
            add(&mut out, None, r.cohort.priority, r.cohort.count, delay);
        }
        out
    }

    /// The conservation ledger, counted from the lists themselves.
    pub fn ledger(&self) -> Ledger {
        Ledger {
            created: self.queues.iter().map(|q| q.created).sum::<u64>() - self.registered
                + self.received,
            completed: self.queues.iter().map(|q| q.completed).sum(),
            waiting: self.queues.iter().map(ServiceQueue::waiting).sum(),
            referrals_pending: self.inbox.iter().map(|r| u64::from(r.cohort.count)).sum(),
            treated_elsewhere: self.queues.iter().map(|q| q.treated_elsewhere).sum(),
        }
    }
}

/// Adds to `out`, merging equal (pathway, priority, delay).
pub(super) fn add(
    out: &mut Vec<StillWaiting>,
    pathway: Option<Pathway>,
    priority: Priority,
    count: u32,
    delay_days: u32,
) {
    if let Some(s) = out
        .iter_mut()
        .find(|s| s.pathway == pathway && s.priority == priority && s.delay_days == delay_days)
    {
        s.count += count;
    } else {
        out.push(StillWaiting {
            pathway,
            priority,
            count,
            delay_days,
        });
    }
}
