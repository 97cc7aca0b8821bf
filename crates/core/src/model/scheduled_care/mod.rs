//! Scheduled care as cohorts: outpatient appointments, elective
//! operations, GP appointments and referrals, booked by the day.
//!
//! A cohort is a count of patients with the same origin, pathway,
//! priority and due day, carrying the delay it has accumulated. Each
//! working day an organisation books its demand for a day ahead (lead time
//! by priority), holds the patients due up to the day's capacity in
//! clinical priority order (cancer, urgent, routine; oldest first) and
//! carries the rest over. While the IT systems a service needs are down
//! (the engine measures the share of the working day, 08:00-18:00, from
//! [`TrustCare::service_needs`]) the service works on paper at a reduced
//! capacity or cancels that share of its sessions; a surge after the
//! outage clears the backlog. See `docs/model/scheduled-care.md`.
//!
//! The engine calls [`TrustCareState::step`] and
//! [`PracticeCareState::step`] once per simulated day per organisation and
//! routes [`PracticeDay::referrals_sent`] to the home trust's
//! [`TrustCareState::receive_referrals`]. Both arms draw the same demand
//! and normal-rate cancellations ([`crate::random::Process::ScheduledDemand`],
//! [`crate::random::Process::GpPracticeDemand`]); nothing here draws on
//! the outage, so the arms differ only through the down shares.

mod practice;
mod queue;
mod trust;

#[cfg(test)]
mod tests;

pub use practice::{
    GP_HEADROOM, PracticeCare, PracticeCareState, expected_referrals_per_working_day,
};
pub use trust::{TrustCare, TrustCareState};

use crate::scenario::ScenarioIssue;

/// Clinical priority, in the order capacity is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    /// Cancer; for referrals, urgent suspected cancer (two-week standard).
    Cancer = 0,
    /// Urgent.
    Urgent = 1,
    /// Routine.
    Routine = 2,
}

impl Priority {
    /// Every priority, highest first.
    pub const ALL: [Priority; 3] = [Priority::Cancer, Priority::Urgent, Priority::Routine];

    /// The name used in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Priority::Cancer => "cancer",
            Priority::Urgent => "urgent",
            Priority::Routine => "routine",
        }
    }
}

/// A pathway whose patients are seen or treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pathway {
    /// First outpatient appointment (where referrals lead).
    OutpatientFirst = 0,
    /// Outpatient follow-up.
    OutpatientFollowUp = 1,
    /// Elective day case.
    ElectiveDayCase = 2,
    /// Elective inpatient operation (admitted to a bed).
    ElectiveInpatient = 3,
    /// GP appointment at a practice.
    GpAppointment = 4,
}

impl Pathway {
    /// A trust's pathways, in the order of [`TrustDay::pathways`].
    pub const TRUST: [Pathway; 4] = [
        Pathway::OutpatientFirst,
        Pathway::OutpatientFollowUp,
        Pathway::ElectiveDayCase,
        Pathway::ElectiveInpatient,
    ];

    /// The name used in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Pathway::OutpatientFirst => "outpatient_first",
            Pathway::OutpatientFollowUp => "outpatient_follow_up",
            Pathway::ElectiveDayCase => "elective_day_case",
            Pathway::ElectiveInpatient => "elective_inpatient",
            Pathway::GpAppointment => "gp_appointment",
        }
    }
}

/// A trust's services, in the order of [`TrustCare::service_needs`] and
/// [`TrustDayContext::down_share`]: the four pathways, then referral
/// registration.
pub const TRUST_SERVICES: usize = 5;
/// Index of referral registration among a trust's services.
pub const REFERRAL_REGISTRATION: usize = 4;
/// A practice's services: GP appointments (0), sending referrals (1).
pub const PRACTICE_SERVICES: usize = 2;

/// What the engine tells an organisation about one simulated day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayContext<const N: usize> {
    /// Day of the run (0 = start date).
    pub day: u32,
    /// Whether scheduled care runs today (Monday to Friday).
    pub working_day: bool,
    /// Per service, the share of the working hours (08:00-18:00) during
    /// which a system it needs was effectively down, in [0, 1].
    pub down_share: [f64; N],
    /// Per service, the share of the day's sessions lost to something
    /// other than the organisation's own IT, in [0, 1]: a cancellation
    /// policy of the incident response, or a supplier (pathology) working
    /// at a reduced share of its capacity (`1 − capacity_share`). The
    /// larger of this and the IT loss applies (see
    /// `docs/model/scheduled-care.md`, section 2).
    pub sessions_lost_share: [f64; N],
}

/// A trust's day.
pub type TrustDayContext = DayContext<TRUST_SERVICES>;
/// A practice's day.
pub type PracticeDayContext = DayContext<PRACTICE_SERVICES>;

impl<const N: usize> DayContext<N> {
    /// A day with every system up.
    pub fn normal(day: u32, working_day: bool) -> Self {
        Self {
            day,
            working_day,
            down_share: [0.0; N],
            sessions_lost_share: [0.0; N],
        }
    }

    /// A day whose only loss is `down_share` (the organisation's own IT).
    pub fn with_down_share(day: u32, working_day: bool, down_share: [f64; N]) -> Self {
        Self {
            down_share,
            ..Self::normal(day, working_day)
        }
    }
}

/// What a service does while its systems are down (compiled).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DowntimeMode {
    /// Works at `capacity_factor` of normal capacity.
    Paper {
        /// Share of normal capacity.
        capacity_factor: f64,
    },
    /// Cancels the share of sessions that falls in the outage.
    StopAndCancel,
}

/// Surge after an outage (compiled).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Surge {
    /// Extra sessions as a share of normal capacity.
    pub extra_capacity_share: f64,
    /// Most working days.
    pub max_days: u32,
}

/// One pathway's day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PathwayDay {
    /// Patients seen or treated.
    pub held: u32,
    /// Patients due today whose session the outage cancelled (or, on
    /// paper, who lost their slot to the reduced capacity).
    pub cancelled_outage: u32,
    /// Patients the hospital cancelled at the normal rate (both arms).
    pub cancelled_normal: u32,
    /// Patients due today not held for want of capacity, not the outage.
    pub carried_over: u32,
    /// Elective inpatients due today cancelled because no bed was free
    /// (both arms); they wait, overdue, for the next free bed and slot.
    pub cancelled_no_bed: u32,
    /// Patients booked and not yet seen at the end of the day.
    pub waiting: u32,
    /// Of those, the ones not held on the day they were due (the backlog).
    pub overdue: u32,
    /// Sum over the overdue of days since the day first booked for.
    pub overdue_days: u64,
    /// Delay-days of today's completions (days after first booked day).
    pub delay_days: u64,
    /// Extra sessions of a surge.
    pub surge_slots: u32,
    /// Slots left unused after everyone due was held: the spare capacity
    /// mutual aid may use.
    pub spare_slots: u32,
}

/// Patients seen or treated, grouped, so the harm model can apply
/// non-linear effects of delay per cohort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Completion {
    /// Pathway.
    pub pathway: Pathway,
    /// Priority.
    pub priority: Priority,
    /// Patients.
    pub count: u32,
    /// Days after the day they were first booked for.
    pub delay_days: u32,
}

/// Referrals travelling from a practice to its home trust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferralCohort {
    /// Priority (cancer = urgent suspected cancer).
    pub priority: Priority,
    /// Day of the run the GP made the referral.
    pub referred_day: u32,
    /// Patients.
    pub count: u32,
    /// How many of them the trust will cancel at its normal rate (drawn
    /// at the practice when the referral is made, so both arms agree).
    pub hospital_cancel: u32,
}

/// A trust's day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrustDay {
    /// Per pathway, in [`Pathway::TRUST`] order.
    pub pathways: [PathwayDay; 4],
    /// Referrals registered today, by priority.
    pub referrals_registered: [u32; 3],
    /// Of those, registered after the day they arrived, by priority.
    pub referrals_delayed: [u32; 3],
    /// Referrals received and waiting to be registered, end of day.
    pub referrals_waiting: [u32; 3],
    /// Urgent suspected-cancer first appointments held more than 14 days
    /// after referral.
    pub two_week_breaches: u32,
    /// Elective inpatients admitted today (the engine draws their stay).
    pub elective_inpatients_admitted: u32,
    /// Today's completions.
    pub completions: Vec<Completion>,
}

/// A practice's day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PracticeDay {
    /// GP appointments.
    pub appointments: PathwayDay,
    /// Referrals made today, by priority.
    pub referrals_made: [u32; 3],
    /// Referrals sent today (to the home trust).
    pub referrals_sent: Vec<ReferralCohort>,
    /// Of those sent, the ones sent after the day they were made.
    pub referrals_delayed: [u32; 3],
    /// Referrals made and not yet sent, end of day.
    pub referrals_waiting: [u32; 3],
    /// Urgent suspected-cancer referrals among those delayed.
    pub usc_referrals_delayed: u32,
}

/// Who is still waiting at the end of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StillWaiting {
    /// Pathway; `None` for a referral not yet registered or sent.
    pub pathway: Option<Pathway>,
    /// Priority.
    pub priority: Priority,
    /// Patients.
    pub count: u32,
    /// Days past the day first booked for (or since referral), 0 if not
    /// yet due.
    pub delay_days: u32,
}

/// Conservation of cohort members: everyone created is completed, waiting
/// on a list or a referral still pending.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ledger {
    /// Members created (booked demand, pipeline, referrals made or received).
    pub created: u64,
    /// Seen or treated (for a practice: plus referrals sent).
    pub completed: u64,
    /// On a booking list.
    pub waiting: u64,
    /// Referrals not yet registered (trust) or sent (practice).
    pub referrals_pending: u64,
    /// Handed to another trust under mutual aid and treated there.
    pub treated_elsewhere: u64,
}

impl Ledger {
    /// Whether nobody was lost or counted twice.
    pub fn balanced(&self) -> bool {
        self.created
            == self.completed + self.waiting + self.referrals_pending + self.treated_elsewhere
    }
}

/// Scheduled-care settings that cannot be compiled.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid scheduled care: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct ScheduledCareError(pub Vec<ScenarioIssue>);

/// The share of `n` members that can pass through a service today: the
/// IT loss, or the sessions lost to a policy or a supplier if that is
/// larger.
pub(crate) fn pass_share(mode: DowntimeMode, down_share: f64, sessions_lost_share: f64) -> f64 {
    let d = clean_share(down_share);
    let it = match mode {
        DowntimeMode::Paper { capacity_factor } => 1.0 - d * (1.0 - capacity_factor),
        DowntimeMode::StopAndCancel => 1.0 - d,
    };
    it.min(1.0 - clean_share(sessions_lost_share))
}

/// A down share in [0, 1]; anything not a number counts as no outage.
pub(crate) fn clean_share(down_share: f64) -> f64 {
    if down_share.is_finite() {
        down_share.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Mask of `systems`.
pub(crate) fn mask(systems: &[crate::scenario::ItSystem]) -> u16 {
    systems.iter().fold(0, |m, s| m | s.bit())
}
