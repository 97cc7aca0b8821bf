//! One replication of one arm: the event loop.
//!
//! [`simulate`] is the whole engine seen from outside: a model, a seed, a
//! replication index and an arm go in; per-organisation totals and daily
//! series come out. It is a pure function (no I/O, no threads, no global
//! state), so the Monte Carlo runner can call it from any thread and get
//! the same answer.
//!
//! The **attack** arm applies the scenario's incidents; the
//! **counterfactual** arm runs the same replication without them. Both draw
//! from the same random streams, so they see the same patients.

mod conservation;
mod harm;
mod inpatients;
mod mutual_aid;
mod paired;
mod patients;
mod recorder;
mod response;
mod scanning;
mod scheduled;
mod supply;
pub mod timeline;

pub use conservation::Conservation;
pub use paired::{PairedResults, simulate_paired};

use crate::attack::{self, AttackStatus, Realisation};
use crate::clock::{Calendar, MINUTES_PER_DAY, SimTime};
use crate::event_queue::EventQueue;
use crate::harm::{HarmDraw, HarmParameter, mechanisms};
use crate::metrics::{Metric, MetricValues};
use crate::model::{
    Admission, AdmissionKind, AwaitingBed, DivertTrigger, EdState, Model, Organisation,
    ScannerQueues, SystemsState, TimeCritical, WaitingPatient, Ward,
};
use crate::random::{Process, Stream, StreamKey};
use harm::{HarmPathway, REPORTING_SYSTEM_NEEDS};
use patients::PatientStreams;
use recorder::{Levels, Recorder};
use timeline::Timeline;

/// Which world a run simulates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Arm {
    /// With the scenario's incidents.
    Attack,
    /// The same replication with no incident.
    Counterfactual,
}

impl Arm {
    /// Both arms, in output order.
    pub const ALL: [Arm; 2] = [Arm::Attack, Arm::Counterfactual];

    /// The name used in output files.
    pub fn name(self) -> &'static str {
        match self {
            Arm::Attack => "attack",
            Arm::Counterfactual => "counterfactual",
        }
    }
}

/// What happened to an organisation in one replication of one arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrganisationStatus {
    /// No incident touched it.
    Unaffected,
    /// It lost IT without being infected (an outage, isolation, a supplier).
    Disrupted,
    /// Malware encrypted some of its systems.
    Infected,
}

/// Results for one organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganisationResults {
    /// How the incident left it.
    pub status: OrganisationStatus,
    /// Whether anything of the attack reached it (its status, or diverted
    /// patients in or out): an untouched organisation's results are the
    /// same in both arms.
    pub touched: bool,
    /// Where its patients ended up.
    pub conservation: Conservation,
    /// Per simulated day: its outpatient, elective and referral backlogs
    /// (empty without scheduled care).
    pub backlogs: Vec<[f64; 3]>,
    /// Totals over the reporting window.
    pub totals: MetricValues,
    /// One entry per reported day (index 0 = first reported day).
    pub daily: Vec<MetricValues>,
}

/// Results of one replication of one arm.
#[derive(Debug, Clone, PartialEq)]
pub struct ArmResults {
    /// Per organisation, in model order.
    pub organisations: Vec<OrganisationResults>,
    /// System-wide measures that belong to no trust (how many GP practices
    /// and ambulance services were infected, ...); add them to the pooled
    /// organisations for system totals.
    pub system: MetricValues,
    /// Patient accounting over all organisations.
    pub conservation: Conservation,
    /// Events processed (for benchmarks).
    pub events: u64,
}

#[derive(Debug, Clone, Copy)]
enum Event {
    /// The next patient of `org`'s arrival process calls or walks in.
    EdArrival { org: u32 },
    /// A diverted patient (in the transit slab at `slot`) reaches `org`.
    EdTransferArrival { org: u32, slot: u32 },
    /// A waiting patient's patience runs out: they leave if still waiting.
    EdPatienceEnds { org: u32, acuity: u8, serial: u64 },
    /// A patient's treatment in a cubicle ends: they leave the department,
    /// or, if admitted, go to a bed or wait in the cubicle for one.
    EdDeparture {
        org: u32,
        arrived_at: SimTime,
        /// The stay in a bed of an admitted patient.
        admission: Option<Admission>,
    },
    /// The trust's next discharge (stale unless `token` is the ward's
    /// latest: a change of discharge pace reschedules it).
    BedDischarge { org: u32, token: u64 },
    /// A scan on one of the trust's scanners of `modality` (its index in
    /// `Modality::ALL`) ends: the next patient waiting for it starts.
    ScanEnds { org: u32, modality: u8 },
    /// An incident takes systems down (a mask of `ItSystem` bits), all at
    /// once, so the department changes its way of working once.
    SystemsDown { org: u32, systems: u16 },
    /// An incident's hold on those systems ends, all at once.
    SystemsUp { org: u32, systems: u16 },
    /// The longest divert allowed is over (stale unless `token` matches).
    DivertEnds { org: u32, token: u32 },
    /// Scheduled care runs `day` at every trust and practice, and elective
    /// inpatients are admitted.
    ScheduledDay { day: u32 },
}

impl Event {
    /// The organisation the event happens at (`None`: all of them).
    fn org(&self) -> Option<usize> {
        Some(match *self {
            Event::EdArrival { org }
            | Event::EdTransferArrival { org, .. }
            | Event::EdPatienceEnds { org, .. }
            | Event::EdDeparture { org, .. }
            | Event::BedDischarge { org, .. }
            | Event::ScanEnds { org, .. }
            | Event::SystemsDown { org, .. }
            | Event::SystemsUp { org, .. }
            | Event::DivertEnds { org, .. } => org as usize,
            Event::ScheduledDay { .. } => return None,
        })
    }
}

/// Per-organisation running state: queue state, streams and accumulators.
struct OrgRun {
    ed: EdState,
    systems: SystemsState,
    arrivals: Stream,
    patients: PatientStreams,
    recorder: Recorder,
    /// The inpatient beds, where the scenario models them.
    ward: Option<Ward>,
    /// Who is on or waiting for the department's scanners.
    scanners: ScannerQueues<scanning::PendingScan>,
    /// When the piecewise-constant levels (queue, occupancy, downtime) last changed.
    last_change: SimTime,
    status: OrganisationStatus,
    /// Whether the diversion policy lets this department divert.
    may_divert: bool,
    /// Identifies the current divert, so a stale end is ignored.
    divert_token: u32,
    /// Whether diverted patients left or reached it.
    touched: bool,
    /// Whether it diverted ambulances at some time.
    diverted_at_all: bool,
    /// Where its patients ended up (a diverted patient counts as arrived
    /// here and ends at the receiving department).
    conservation: Conservation,
    /// A supplier's reduced capacity reaching it (pathology turnaround).
    supply: supply::Supply,
    /// Elective inpatients' lengths of stay, where the trust models beds.
    elective_los: Option<Stream>,
}

/// The systems one incident holds down at one organisation, [start, end).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Window {
    organisation: usize,
    start: SimTime,
    end: SimTime,
    systems: u16,
}

/// Runs one replication of one arm.
pub fn simulate(model: &Model, seed: u64, replication: u64, arm: Arm) -> ArmResults {
    simulate_organisations(model, seed, replication, arm, None)
}

/// Runs one replication of one arm for the organisations `active` marks
/// (all of them if `None`). Organisations only interact through diverted
/// ambulances, so a subset gives exactly the results of a full run for its
/// members provided nobody is diverted into or out of it.
fn simulate_organisations(
    model: &Model,
    seed: u64,
    replication: u64,
    arm: Arm,
    active: Option<&[bool]>,
) -> ArmResults {
    let cal = &model.calendar;
    let horizon = cal.horizon();
    let report_days = cal.report_days();
    let is_active = |i: usize| active.is_none_or(|a| a[i]);
    let stream = |process, org: usize| {
        StreamKey {
            seed,
            replication,
            process,
            organisation: org as u32,
        }
        .stream()
    };

    let realisation = match arm {
        Arm::Attack if !model.attack.is_empty() => Some(attack::realise(
            &model.attack,
            &model.targets,
            seed,
            replication,
        )),
        _ => None,
    };
    let windows = realisation
        .as_ref()
        .map_or_else(Vec::new, |r| trust_windows(model, r));
    // The harm parameters of this replication: the same in both arms.
    let draw = if model.fixed_harm_parameters {
        HarmDraw::central(&model.harm)
    } else {
        HarmDraw::sample(&model.harm, seed, replication)
    };
    let timelines: Vec<Timeline> = (0..model.organisations.len())
        .map(|i| {
            Timeline::new(
                windows
                    .iter()
                    .filter(|w| w.organisation == i)
                    .map(|w| (w.start, w.end, w.systems)),
                &model.it_estate,
            )
        })
        .collect();
    let mut calendar: EventQueue<Event> = EventQueue::with_capacity(1024);
    let mut orgs: Vec<OrgRun> = model
        .organisations
        .iter()
        .enumerate()
        .map(|(i, o)| OrgRun {
            ed: EdState::new(&o.emergency_department),
            systems: SystemsState::default(),
            arrivals: stream(Process::EdArrivals, i),
            patients: PatientStreams {
                service: stream(Process::EdServiceTime, i),
                casemix: stream(Process::EdCasemix, i),
                diagnostics: stream(Process::EdDiagnostics, i),
                patience: stream(Process::EdPatience, i),
                beds: o.beds.as_ref().map(|_| {
                    (
                        stream(Process::EdAdmission, i),
                        stream(Process::InpatientLengthOfStay, i),
                    )
                }),
                imaging: o.imaging.as_ref().map(|_| stream(Process::EdImaging, i)),
            },
            recorder: Recorder::new(report_days),
            elective_los: o
                .beds
                .as_ref()
                .map(|_| stream(Process::ElectiveLengthOfStay, i)),
            ward: o.beds.as_ref().map(|_| Ward::default()),
            scanners: ScannerQueues::default(),
            last_change: 0.0,
            status: realisation
                .as_ref()
                .map_or(OrganisationStatus::Unaffected, |r| {
                    status_of(r.organisations[i].status)
                }),
            may_divert: match model.diversion.trigger {
                DivertTrigger::Never => false,
                DivertTrigger::EdOnPaper => true,
                DivertTrigger::InfectedAndEdOnPaper => realisation
                    .as_ref()
                    .is_some_and(|r| r.organisations[i].status == AttackStatus::Infected),
            },
            divert_token: 0,
            touched: false,
            diverted_at_all: false,
            conservation: Conservation::default(),
            supply: realisation
                .as_ref()
                .map_or_else(supply::Supply::default, |r| {
                    supply::Supply::new(&r.organisations[i].windows)
                }),
        })
        .collect();

    for (i, org) in orgs.iter_mut().enumerate() {
        if !is_active(i) {
            continue;
        }
        let profile = &model.organisations[i].emergency_department.arrivals;
        if let Some(t) = profile.next_after(cal, 0.0, horizon, &mut org.arrivals) {
            calendar.schedule(t, Event::EdArrival { org: i as u32 });
        }
    }
    for w in &windows {
        let org = w.organisation as u32;
        calendar.schedule(
            w.start.max(0.0),
            Event::SystemsDown {
                org,
                systems: w.systems,
            },
        );
        calendar.schedule(
            w.end,
            Event::SystemsUp {
                org,
                systems: w.systems,
            },
        );
    }

    let practice_timelines: Vec<Timeline> = (0..model.practices.len())
        .map(|j| {
            let target = model.organisations.len() + j;
            Timeline::new(
                realisation
                    .as_ref()
                    .map_or(&[][..], |r| &r.organisations[target].windows[..])
                    .iter()
                    .filter(|w| supply::holds_down(w))
                    .map(|w| (w.start, w.end, w.systems)),
                &model.it_estate,
            )
        })
        .collect();
    if let Some(r) = &realisation {
        // A practice the attack touched changes its home trust's results.
        for (j, p) in model.practices.iter().enumerate() {
            if r.organisations[model.organisations.len() + j].status != AttackStatus::Unaffected {
                orgs[p.home_trust].touched = true;
            }
        }
    }
    let response =
        response::CareResponse::new(model, realisation.as_ref(), &timelines, &practice_timelines);
    let surroundings = scheduled::Surroundings {
        model,
        trust_timelines: &timelines,
        practice_timelines: &practice_timelines,
        response: &response,
        draw: &draw,
    };
    let mut scheduled_care = scheduled::ScheduledCare::new(model, seed, replication, &is_active);
    if scheduled_care.days() > 0 {
        calendar.schedule(scheduled::DAY_STARTS_MIN, Event::ScheduledDay { day: 0 });
    }

    let mut transit: Vec<Option<(usize, WaitingPatient)>> = Vec::new();
    let mut events = 0u64;
    while let Some(now) = calendar.peek_time() {
        if now >= horizon {
            break;
        }
        let Some((now, event)) = calendar.pop() else {
            break;
        };
        events += 1;
        let Some(org_index) = event.org() else {
            if let Event::ScheduledDay { day } = event {
                inpatients::scheduled_day(
                    &mut orgs,
                    &mut scheduled_care,
                    &surroundings,
                    &mut calendar,
                    day,
                    now,
                );
                if day + 1 < scheduled_care.days() {
                    calendar.schedule(now + MINUTES_PER_DAY, Event::ScheduledDay { day: day + 1 });
                }
            }
            continue;
        };
        let organisation = &model.organisations[org_index];
        let ed = &organisation.emergency_department;
        let scan_ctx = scanning::Context {
            organisation,
            cal,
            draw: &draw,
            org: org_index,
            now,
        };
        {
            let run = &mut orgs[org_index];
            run.recorder
                .integrate(cal, run.last_change, now, levels(run, organisation));
            run.last_change = now;
        }

        match event {
            Event::EdArrival { org } => {
                let run = &mut orgs[org_index];
                run.conservation.arrived += 1;
                let patient = patients::draw(organisation, &mut run.patients, now);
                if let Some(next) = ed.arrivals.next_after(cal, now, horizon, &mut run.arrivals) {
                    calendar.schedule(next, Event::EdArrival { org });
                }
                let diverted_to = (patient.ambulance && run.ed.on_divert)
                    .then(|| {
                        model.neighbours[org_index].iter().find(|n| {
                            is_active(n.organisation) && !orgs[n.organisation].ed.on_divert
                        })
                    })
                    .flatten();
                match diverted_to {
                    Some(n) => {
                        let run = &mut orgs[org_index];
                        run.conservation.diverted += 1;
                        run.recorder.add(cal, now, Metric::AmbulanceDiversions, 1.0);
                        run.recorder
                            .add(cal, now, Metric::AmbulanceExtraJourneyMin, n.minutes);
                        run.recorder
                            .add(cal, now, Metric::AmbulanceExtraJourneyKm, n.km);
                        // The effect size is for life-threatening emergencies
                        // (Nicholl et al. 2007): only the top acuity band.
                        if patient.acuity == 0 {
                            let reporting_down = reporting_down(run.ed.down);
                            harm::record(
                                &mut run.recorder,
                                cal,
                                now,
                                HarmPathway::Emergency,
                                mechanisms::ambulance_diversion(n.straight_km, &draw),
                                &draw,
                                reporting_down,
                            );
                        }
                        let slot = transit.len() as u32;
                        transit.push(Some((
                            org_index,
                            WaitingPatient {
                                diverted_extra_min: n.minutes,
                                ..patient
                            },
                        )));
                        orgs[n.organisation].touched = true;
                        orgs[org_index].touched = true;
                        // Integrate the receiver's levels up to its own
                        // next event: nothing changes there until then.
                        calendar.schedule(
                            now + n.minutes,
                            Event::EdTransferArrival {
                                org: n.organisation as u32,
                                slot,
                            },
                        );
                    }
                    None => join(
                        &mut orgs[org_index],
                        cal,
                        &mut calendar,
                        org_index,
                        patient,
                        now,
                    ),
                }
            }
            Event::EdTransferArrival { slot, .. } => {
                if let Some((_, patient)) = transit.get_mut(slot as usize).and_then(Option::take) {
                    let patient = WaitingPatient {
                        arrived_at: now,
                        ..patient
                    };
                    join(
                        &mut orgs[org_index],
                        cal,
                        &mut calendar,
                        org_index,
                        patient,
                        now,
                    );
                }
            }
            Event::EdPatienceEnds { acuity, serial, .. } => {
                let run = &mut orgs[org_index];
                if let Some(p) = run.ed.leave(acuity, serial) {
                    run.conservation.left_without_being_seen += 1;
                    run.recorder
                        .add(cal, p.arrived_at, Metric::EdLeftWithoutBeingSeen, 1.0);
                    run.recorder
                        .long_stay(cal, p.arrived_at, now - p.arrived_at);
                }
            }
            Event::EdDeparture {
                arrived_at,
                admission: Some(admission),
                ..
            } => {
                // Admitted: the patient keeps the cubicle until a bed is free.
                if let Some(ward) = orgs[org_index].ward.as_mut() {
                    ward.awaiting.push_back(AwaitingBed {
                        arrived_at,
                        since: now,
                        admission,
                    });
                }
            }
            Event::EdDeparture { arrived_at, .. } => {
                let run = &mut orgs[org_index];
                run.conservation.treated += 1;
                run.ed.in_treatment -= 1;
                let stay = now - arrived_at;
                run.recorder.add_ratio(
                    cal,
                    arrived_at,
                    Metric::EdTimeInDepartmentMinMean,
                    stay,
                    1.0,
                );
                run.recorder.long_stay(cal, arrived_at, stay);
                let reporting_down = reporting_down(run.ed.down);
                harm::record(
                    &mut run.recorder,
                    cal,
                    arrived_at,
                    HarmPathway::Emergency,
                    mechanisms::ed_stay(false, stay / 60.0, &draw),
                    &draw,
                    reporting_down,
                );
            }
            Event::SystemsDown { systems, .. } | Event::SystemsUp { systems, .. } => {
                let run = &mut orgs[org_index];
                if matches!(event, Event::SystemsDown { .. }) {
                    run.systems.take_down(&model.it_estate, systems);
                } else {
                    run.systems.release(&model.it_estate, systems);
                }
                run.ed.down = run.systems.effective();
                run.ed.working = ed.working(run.ed.down);
                update_divert(model, run, &mut calendar, org_index, now);
                // Discharge slows while a system it needs is down.
                if let (Some(beds), Some(ward)) = (&organisation.beds, run.ward.as_mut()) {
                    let paces = beds.discharge_paces(run.ed.down);
                    if ward.set_pace(now, paces) {
                        inpatients::schedule_discharge(&mut calendar, ward, now, org_index);
                    }
                }
            }
            Event::ScanEnds { modality, .. } => {
                scanning::scan_ends(&scan_ctx, &mut orgs[org_index], &mut calendar, modality);
            }
            Event::DivertEnds { token, .. } => {
                let run = &mut orgs[org_index];
                if run.divert_token == token {
                    run.ed.on_divert = false;
                }
            }
            // Handled before the organisation's events.
            Event::ScheduledDay { .. } => {}
            Event::BedDischarge { token, .. } => {
                let run = &mut orgs[org_index];
                if let Some(ward) = run.ward.as_mut()
                    && let Some(kind) = ward.discharge(now, token)
                {
                    match kind {
                        AdmissionKind::Emergency => run.conservation.discharged += 1,
                        AdmissionKind::Elective => run.conservation.elective_discharged += 1,
                    }
                    inpatients::schedule_discharge(&mut calendar, ward, now, org_index);
                }
            }
        }

        let run = &mut orgs[org_index];
        // Free beds go to admitted patients waiting in cubicles.
        inpatients::fill_beds(organisation, run, &mut calendar, cal, &draw, org_index, now);

        // Whatever happened, fill free cubicles from the queues.
        // A patient who needs a scan leaves once it is done; see scanning.rs.
        while let Some(patient) = run.ed.next_to_treat() {
            let started = start_treatment(organisation, run, cal, &draw, &patient, now);
            scanning::after_treatment_starts(&scan_ctx, run, &mut calendar, &patient, started);
        }
    }

    close_books(model, &mut orgs, &calendar, &transit);
    let scheduled::ScheduledOutcome {
        ledgers,
        mut backlogs,
        received_aid,
    } = scheduled_care.finish(model);
    // A trust that treated another's patients under mutual aid differs
    // between the arms: the counterfactual must simulate it too.
    for (run, received) in orgs.iter_mut().zip(received_aid) {
        run.touched |= received;
    }
    for (run, l) in orgs.iter_mut().zip(&ledgers) {
        run.conservation.cohort_created += l.created;
        run.conservation.cohort_completed += l.completed;
        run.conservation.cohort_waiting += l.waiting;
        run.conservation.cohort_referrals_pending += l.referrals_pending;
        run.conservation.cohort_treated_elsewhere += l.treated_elsewhere;
    }
    inpatients::record_inpatient_harm(model, &mut orgs, &timelines, &draw);
    let mut conservation = Conservation::default();
    for run in &orgs {
        conservation.add(&run.conservation);
    }
    debug_assert!(conservation.balances(), "{conservation:?}");

    let mut system = MetricValues::default();
    if let Some(r) = &realisation {
        let c = r.counts(&model.targets);
        system.add(Metric::TrustsInfected, f64::from(c.trusts_infected));
        system.add(
            Metric::AcuteTrustsInfected,
            f64::from(c.acute_trusts_infected),
        );
        system.add(
            Metric::TrustsDisruptedNotInfected,
            f64::from(c.trusts_disrupted_not_infected),
        );
        system.add(
            Metric::GpPracticesInfected,
            f64::from(c.gp_practices_infected),
        );
        for (i, run) in orgs.iter_mut().enumerate() {
            let status = r.organisations[i].status;
            let t = &mut run.recorder.totals;
            if status != AttackStatus::Unaffected {
                t.add(
                    Metric::RecoveryCostGbp,
                    draw.get(HarmParameter::ItRecoveryCostPerAffectedTrustGbp),
                );
            }
            let down_days = timelines[i].minutes_down(
                model.calendar.report_start(),
                model.calendar.horizon(),
                u16::MAX,
            ) / MINUTES_PER_DAY;
            t.add(
                Metric::ItSupportCostGbp,
                down_days * draw.get(HarmParameter::ItSpecialistDayCostGbp),
            );
            t.add(
                Metric::OrganisationInfected,
                f64::from(u8::from(status == AttackStatus::Infected)),
            );
            t.add(
                Metric::OrganisationIsolated,
                f64::from(u8::from(status == AttackStatus::Isolated)),
            );
            t.add(
                Metric::OrganisationDisrupted,
                f64::from(u8::from(matches!(
                    status,
                    AttackStatus::Disrupted | AttackStatus::Isolated
                ))),
            );
        }
    }
    for run in &mut orgs {
        if run.diverted_at_all {
            run.recorder.totals.add(Metric::TrustsDiverting, 1.0);
        }
    }

    ArmResults {
        system,
        organisations: orgs
            .into_iter()
            .enumerate()
            .map(|(i, r)| OrganisationResults {
                status: r.status,
                touched: r.touched || r.status != OrganisationStatus::Unaffected,
                conservation: r.conservation,
                backlogs: std::mem::take(&mut backlogs[i]),
                totals: r.recorder.totals,
                daily: r.recorder.daily,
            })
            .collect(),
        conservation,
        events,
    }
}

/// The windows of the realisation at the trusts (the first targets).
fn trust_windows(model: &Model, realisation: &Realisation) -> Vec<Window> {
    let mut windows = Vec::new();
    for (i, outcome) in realisation
        .organisations
        .iter()
        .enumerate()
        .take(model.organisations.len())
    {
        // Reduced-capacity windows do not hold systems down (supply.rs).
        for w in outcome.windows.iter().filter(|w| supply::holds_down(w)) {
            windows.push(Window {
                organisation: i,
                start: w.start,
                end: w.end,
                systems: w.systems,
            });
        }
    }
    windows
}

/// The output status of an attack outcome: isolation is a disruption.
fn status_of(status: AttackStatus) -> OrganisationStatus {
    match status {
        AttackStatus::Unaffected => OrganisationStatus::Unaffected,
        AttackStatus::Disrupted | AttackStatus::Isolated => OrganisationStatus::Disrupted,
        AttackStatus::Infected => OrganisationStatus::Infected,
    }
}

/// A patient joins a department's queue: counted there, and given up on
/// if their patience runs out first.
fn join(
    run: &mut OrgRun,
    cal: &Calendar,
    calendar: &mut EventQueue<Event>,
    org: usize,
    patient: WaitingPatient,
    now: SimTime,
) {
    run.recorder.add(cal, now, Metric::EdAttendances, 1.0);
    if patient.ambulance {
        run.recorder.add(cal, now, Metric::AmbulanceArrivals, 1.0);
    }
    let (acuity, patience) = (patient.acuity, patient.patience_min);
    let serial = run.ed.join(patient);
    if patience.is_finite() && now + patience < cal.horizon() {
        calendar.schedule(
            now + patience,
            Event::EdPatienceEnds {
                org: org as u32,
                acuity,
                serial,
            },
        );
    }
}

/// A patient's treatment as it starts: how long they will keep the
/// cubicle if they need no scanner, and their key intervention.
#[derive(Debug, Clone, Copy)]
struct Started {
    /// Treatment time with the diagnostics' extra time on paper, minutes.
    stay_min: f64,
    /// A time-critical patient's group and minutes from arrival to the
    /// intervention, before any wait for a scanner.
    key_intervention: Option<(TimeCritical, f64)>,
}

/// Starts a patient's treatment now: records their wait and diagnostics;
/// the time to their key intervention is recorded by the caller
/// ([`record_key_intervention`]) once any wait for a scanner is known.
fn start_treatment(
    organisation: &Organisation,
    run: &mut OrgRun,
    cal: &Calendar,
    draw: &HarmDraw,
    patient: &WaitingPatient,
    now: SimTime,
) -> Started {
    let reporting_down = reporting_down(run.ed.down);
    let ed = &organisation.emergency_department;
    let arrived = patient.arrived_at;
    let wait = now - arrived;
    let rec = &mut run.recorder;
    rec.add_ratio(cal, arrived, Metric::EdWaitMinMean, wait, 1.0);
    if patient.ambulance && wait > 60.0 {
        rec.add(cal, arrived, Metric::AmbulanceHandoversOver60Min, 1.0);
    }
    // A supplier at reduced capacity slows pathology (replication/supply.rs).
    let supply_share = run.supply.share_at(now, supply::pathology_needs(ed));
    let dx = supply::slow_pathology(ed, patient, supply_share, ed.diagnose(patient, run.ed.down));
    for (i, metric) in [Metric::ImagingDelayed, Metric::PathologyDelayed]
        .into_iter()
        .enumerate()
    {
        if dx.delayed[i] {
            rec.add(cal, arrived, metric, 1.0);
        }
        if dx.lost[i] {
            rec.add(cal, arrived, Metric::ResultsLost, 1.0);
            harm::record(
                rec,
                cal,
                arrived,
                HarmPathway::Diagnostics,
                mechanisms::lost_results(1.0, draw),
                draw,
                reporting_down,
            );
        }
    }
    let key_intervention = patient.time_critical.map(|group| {
        let assessment =
            ed.casemix.to_intervention_min[group as usize] * run.ed.working.service_time_factor;
        let diagnostic = group.waits_for().map_or(0.0, |d| dx.turnaround_min[d]);
        (group, wait + assessment + diagnostic)
    });
    Started {
        stay_min: run.ed.treatment_min(patient) + dx.extra_min,
        key_intervention,
    }
}

/// Records a time-critical patient's time to their key intervention and
/// its harm (counted on their arrival day).
fn record_key_intervention(
    rec: &mut Recorder,
    cal: &Calendar,
    draw: &HarmDraw,
    reporting_down: f64,
    arrived: SimTime,
    (group, to_intervention_min): (TimeCritical, f64),
) {
    let metric = match group {
        TimeCritical::Stroke => Metric::StrokeDoorToNeedleMinMean,
        TimeCritical::Stemi => Metric::StemiDoorToBalloonMinMean,
        TimeCritical::Sepsis => Metric::SepsisDoorToAntibioticsMinMean,
        TimeCritical::MajorTrauma => Metric::TraumaDoorToCtMinMean,
    };
    rec.add_ratio(cal, arrived, metric, to_intervention_min, 1.0);
    let harm = match group {
        TimeCritical::Stroke => mechanisms::stroke_treatment_delay(to_intervention_min, draw),
        TimeCritical::Stemi => mechanisms::stemi_reperfusion_delay(to_intervention_min, draw),
        TimeCritical::Sepsis => mechanisms::sepsis_antibiotic_delay(to_intervention_min, draw),
        // No published effect size of time to CT in major trauma was
        // found (docs/model/harm.md): recorded, not harmed.
        TimeCritical::MajorTrauma => crate::harm::Harm::default(),
    };
    harm::record(
        rec,
        cal,
        arrived,
        HarmPathway::Emergency,
        harm,
        draw,
        reporting_down,
    );
}

/// 1 if the reporting system is down at the organisation now, else 0.
fn reporting_down(down: u16) -> f64 {
    if down & REPORTING_SYSTEM_NEEDS != 0 {
        1.0
    } else {
        0.0
    }
}

/// Starts or stops diverting ambulances after the department's way of
/// working changed.
fn update_divert(
    model: &Model,
    run: &mut OrgRun,
    calendar: &mut EventQueue<Event>,
    org: usize,
    now: SimTime,
) {
    let should = run.may_divert && run.ed.working.on_paper;
    if should && !run.ed.on_divert {
        run.ed.on_divert = true;
        run.diverted_at_all = true;
        run.divert_token += 1;
        calendar.schedule(
            now + model.diversion.max_hours * 60.0,
            Event::DivertEnds {
                org: org as u32,
                token: run.divert_token,
            },
        );
    } else if !should && run.ed.on_divert {
        run.ed.on_divert = false;
        run.divert_token += 1;
    }
}

/// Closes the books at the horizon: integrates the last levels and counts
/// who is where.
fn close_books(
    model: &Model,
    orgs: &mut [OrgRun],
    calendar: &EventQueue<Event>,
    transit: &[Option<(usize, WaitingPatient)>],
) {
    let cal = &model.calendar;
    let horizon = cal.horizon();
    for (i, run) in orgs.iter_mut().enumerate() {
        let levels = levels(run, &model.organisations[i]);
        run.recorder
            .integrate(cal, run.last_change, horizon, levels);
        let conservation = &mut run.conservation;
        if let Some(ward) = &run.ward {
            let electives = ward.elective_occupied();
            conservation.in_bed_at_end += u64::from(ward.occupied() - electives);
            conservation.elective_in_bed_at_end += u64::from(electives);
            conservation.awaiting_bed_at_end += ward.awaiting.len() as u64;
            for p in &ward.awaiting {
                run.recorder
                    .long_stay(cal, p.arrived_at, horizon - p.arrived_at);
                run.recorder.add(
                    cal,
                    p.arrived_at,
                    Metric::EdExitBlockHours,
                    (horizon - p.since) / 60.0,
                );
            }
        }
        let waiting = run.ed.waiting() as u64;
        conservation.waiting_at_end += waiting;
        run.recorder.totals.add(
            Metric::EdInDepartmentAtEnd,
            waiting as f64 + f64::from(run.ed.in_treatment),
        );
        for p in run.ed.queues.iter().flatten() {
            run.recorder
                .long_stay(cal, p.arrived_at, horizon - p.arrived_at);
        }
        scanning::close_books(run, cal);
    }
    for (origin, _) in transit.iter().flatten() {
        orgs[*origin].conservation.in_transit_at_end += 1;
    }
    for (_, event) in calendar.pending() {
        if let Event::EdDeparture {
            org, arrived_at, ..
        } = *event
        {
            let run = &mut orgs[org as usize];
            run.conservation.in_treatment_at_end += 1;
            run.recorder
                .long_stay(cal, arrived_at, horizon - arrived_at);
        }
    }
}

fn levels(run: &OrgRun, organisation: &Organisation) -> Levels {
    let (beds, beds_occupied, delay_rate) = match (&organisation.beds, &run.ward) {
        (Some(beds), Some(ward)) => {
            let occupied = f64::from(ward.occupied());
            (f64::from(beds.count), occupied, ward.delay_rate())
        }
        _ => (0.0, 0.0, 0.0),
    };
    Levels {
        waiting: run.ed.waiting() as f64,
        in_treatment: f64::from(run.ed.in_treatment),
        cubicles: f64::from(organisation.emergency_department.cubicles),
        downtime: if run.ed.on_downtime() { 1.0 } else { 0.0 },
        systems_down: f64::from(run.systems.effective().count_ones()),
        systems_mask: run.systems.effective(),
        on_divert: if run.ed.on_divert { 1.0 } else { 0.0 },
        beds,
        beds_occupied,
        delay_rate,
    }
}

#[cfg(test)]
mod response_tests;
#[cfg(test)]
mod tests;
