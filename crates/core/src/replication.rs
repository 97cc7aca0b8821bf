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

use crate::clock::{Calendar, MINUTES_PER_DAY, SimTime};
use crate::distributions::uniform;
use crate::event_queue::EventQueue;
use crate::metrics::{Metric, MetricValues};
use crate::model::{
    AwaitingBed, EdState, FOUR_HOURS_MIN, Model, Organisation, SystemsState, TWELVE_HOURS_MIN,
    WaitingPatient, Ward,
};
use crate::random::{Process, Stream, StreamKey};

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
}

/// Results for one organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganisationResults {
    /// How the incident left it.
    pub status: OrganisationStatus,
    /// Totals over the reporting window.
    pub totals: MetricValues,
    /// One entry per reported day (index 0 = first reported day).
    pub daily: Vec<MetricValues>,
}

/// Where every patient who arrived ended up: nobody is lost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Conservation {
    /// Patients who arrived (warm-up included).
    pub arrived: u64,
    /// Patients treated who left the department.
    pub treated: u64,
    /// Patients in a cubicle at the end.
    pub in_treatment_at_end: u64,
    /// Patients waiting at the end.
    pub waiting_at_end: u64,
    /// Admitted patients in a cubicle at the end, treated and waiting for a
    /// bed (exit block).
    pub awaiting_bed_at_end: u64,
    /// Admitted patients in a bed at the end.
    pub in_bed_at_end: u64,
    /// Admitted patients discharged from their bed.
    pub discharged: u64,
}

impl Conservation {
    /// Whether every arrival is in exactly one end state.
    pub fn balances(&self) -> bool {
        self.arrived
            == self.treated
                + self.in_treatment_at_end
                + self.waiting_at_end
                + self.awaiting_bed_at_end
                + self.in_bed_at_end
                + self.discharged
    }
}

/// Results of one replication of one arm.
#[derive(Debug, Clone, PartialEq)]
pub struct ArmResults {
    /// Per organisation, in model order.
    pub organisations: Vec<OrganisationResults>,
    /// Patient accounting over all organisations.
    pub conservation: Conservation,
    /// Events processed (for benchmarks).
    pub events: u64,
}

#[derive(Debug, Clone, Copy)]
enum Event {
    EdArrival {
        org: u32,
    },
    /// A patient's treatment in a cubicle ends: they leave the department,
    /// or, if admitted, go to a bed or wait in the cubicle for one.
    EdDeparture {
        org: u32,
        arrived_at: SimTime,
        /// Length of stay in a bed, minutes, for an admitted patient.
        admit_los_min: Option<f64>,
    },
    /// The trust's next discharge (stale unless `token` is the ward's
    /// latest: a change of discharge pace reschedules it).
    BedDischarge {
        org: u32,
        token: u64,
    },
    /// An incident takes systems down (a mask of `ItSystem` bits), all at
    /// once, so the department changes its way of working once.
    SystemsDown {
        org: u32,
        systems: u16,
    },
    /// An incident's hold on those systems ends, all at once.
    SystemsUp {
        org: u32,
        systems: u16,
    },
}

/// Per-organisation running state: queue state, streams and accumulators.
struct OrgRun {
    ed: EdState,
    systems: SystemsState,
    arrivals: Stream,
    service: Stream,
    recorder: Recorder,
    /// The inpatient beds, where the scenario models them.
    beds: Option<BedRun>,
    /// When the piecewise-constant levels (queue, occupancy, downtime) last changed.
    last_change: SimTime,
    disrupted: bool,
}

/// One trust's beds at run time, with their streams.
struct BedRun {
    ward: Ward,
    admission: Stream,
    los: Stream,
}

/// Attributes measurements to totals and report days.
struct Recorder {
    totals: MetricValues,
    daily: Vec<MetricValues>,
}

impl Recorder {
    fn add(&mut self, cal: &Calendar, attributed_to: SimTime, m: Metric, amount: f64) {
        if let Some(day) = cal.report_day_index(attributed_to) {
            self.totals.add(m, amount);
            self.daily[day].add(m, amount);
        }
    }

    fn add_ratio(&mut self, cal: &Calendar, attributed_to: SimTime, m: Metric, num: f64, den: f64) {
        if let Some(day) = cal.report_day_index(attributed_to) {
            self.totals.add_ratio(m, num, den);
            self.daily[day].add_ratio(m, num, den);
        }
    }

    /// Adds time-weighted levels over [from, to), split at day boundaries and
    /// clipped to the reporting window.
    fn integrate(&mut self, cal: &Calendar, from: SimTime, to: SimTime, levels: Levels) {
        let mut t = from.max(cal.report_start());
        let end = to.min(cal.horizon());
        while t < end {
            let Some(day) = cal.report_day_index(t) else {
                break;
            };
            let day_end = cal.report_start() + (day as f64 + 1.0) * MINUTES_PER_DAY;
            let dt = end.min(day_end) - t;
            for target in [&mut self.totals, &mut self.daily[day]] {
                target.add_ratio(Metric::EdQueueLengthMean, levels.waiting * dt, dt);
                target.add_ratio(
                    Metric::EdUtilisation,
                    levels.in_treatment * dt,
                    levels.cubicles * dt,
                );
                target.add(Metric::DowntimeProcedureHours, levels.downtime * dt / 60.0);
                target.add(Metric::SystemsDownHours, levels.systems_down * dt / 60.0);
                if levels.beds > 0.0 {
                    target.add_ratio(
                        Metric::BedOccupancy,
                        levels.beds_occupied * dt,
                        levels.beds * dt,
                    );
                    target.add(
                        Metric::DelayedDischargeBedDays,
                        levels.delay_rate * dt / MINUTES_PER_DAY,
                    );
                }
            }
            t += dt;
        }
    }
}

/// Piecewise-constant levels between two state changes.
#[derive(Clone, Copy)]
struct Levels {
    waiting: f64,
    in_treatment: f64,
    cubicles: f64,
    downtime: f64,
    systems_down: f64,
    beds: f64,
    beds_occupied: f64,
    /// Bed-days of delay added per day: occupied beds × (1 − pace).
    delay_rate: f64,
}

/// Runs one replication of one arm.
pub fn simulate(model: &Model, seed: u64, replication: u64, arm: Arm) -> ArmResults {
    let cal = &model.calendar;
    let horizon = cal.horizon();
    let report_days = cal.report_days();
    let stream = |process, org: usize| {
        StreamKey {
            seed,
            replication,
            process,
            organisation: org as u32,
        }
        .stream()
    };

    let mut calendar: EventQueue<Event> = EventQueue::with_capacity(1024);
    let mut orgs: Vec<OrgRun> = (0..model.organisations.len())
        .map(|i| OrgRun {
            ed: EdState::new(&model.organisations[i].emergency_department),
            systems: SystemsState::default(),
            arrivals: stream(Process::EdArrivals, i),
            service: stream(Process::EdServiceTime, i),
            recorder: Recorder {
                totals: MetricValues::default(),
                daily: vec![MetricValues::default(); report_days],
            },
            beds: model.organisations[i].beds.as_ref().map(|_| BedRun {
                ward: Ward::default(),
                admission: stream(Process::EdAdmission, i),
                los: stream(Process::InpatientLengthOfStay, i),
            }),
            last_change: 0.0,
            disrupted: false,
        })
        .collect();

    for (i, org) in orgs.iter_mut().enumerate() {
        let profile = &model.organisations[i].emergency_department.arrivals;
        if let Some(t) = profile.next_after(cal, 0.0, horizon, &mut org.arrivals) {
            calendar.schedule(t, Event::EdArrival { org: i as u32 });
        }
    }
    if arm == Arm::Attack {
        for outage in &model.outages {
            let org = outage.organisation as u32;
            let systems = outage.systems;
            calendar.schedule(outage.start.max(0.0), Event::SystemsDown { org, systems });
            calendar.schedule(outage.end, Event::SystemsUp { org, systems });
        }
    }

    let mut conservation = Conservation::default();
    let mut events = 0u64;
    while let Some(now) = calendar.peek_time() {
        if now >= horizon {
            break;
        }
        let Some((now, event)) = calendar.pop() else {
            break;
        };
        events += 1;
        let org_index = match event {
            Event::EdArrival { org }
            | Event::EdDeparture { org, .. }
            | Event::BedDischarge { org, .. }
            | Event::SystemsDown { org, .. }
            | Event::SystemsUp { org, .. } => org as usize,
        };
        let organisation = &model.organisations[org_index];
        let ed = &organisation.emergency_department;
        let run = &mut orgs[org_index];
        run.recorder
            .integrate(cal, run.last_change, now, levels(run, organisation));
        run.last_change = now;

        match event {
            Event::EdArrival { org } => {
                conservation.arrived += 1;
                run.recorder.add(cal, now, Metric::EdAttendances, 1.0);
                let service_min = ed.service_min.sample(&mut run.service);
                // Admission and length of stay are drawn on arrival, from
                // their own streams, so both arms admit the same patients.
                let admit_los_min = match (&organisation.beds, &mut run.beds) {
                    (Some(beds), Some(b)) => (uniform(&mut b.admission) < beds.admission_share)
                        .then(|| beds.los_days.sample(&mut b.los) * MINUTES_PER_DAY),
                    _ => None,
                };
                run.ed.queue.push_back(WaitingPatient {
                    arrived_at: now,
                    service_min,
                    admit_los_min,
                });
                if let Some(next) = ed.arrivals.next_after(cal, now, horizon, &mut run.arrivals) {
                    calendar.schedule(next, Event::EdArrival { org });
                }
            }
            Event::EdDeparture {
                arrived_at,
                admit_los_min: Some(los_min),
                ..
            } => {
                // Admitted: the patient keeps the cubicle until a bed is free.
                if let Some(b) = run.beds.as_mut() {
                    b.ward.awaiting.push_back(AwaitingBed {
                        arrived_at,
                        since: now,
                        los_min,
                    });
                }
            }
            Event::EdDeparture { arrived_at, .. } => {
                conservation.treated += 1;
                run.ed.in_treatment -= 1;
                let stay = now - arrived_at;
                run.recorder.add_ratio(
                    cal,
                    arrived_at,
                    Metric::EdTimeInDepartmentMinMean,
                    stay,
                    1.0,
                );
                record_long_stay(&mut run.recorder, cal, arrived_at, stay);
            }
            Event::SystemsDown { systems, .. } | Event::SystemsUp { systems, .. } => {
                if matches!(event, Event::SystemsDown { .. }) {
                    run.systems.take_down(&model.it_estate, systems);
                    run.disrupted = true;
                } else {
                    run.systems.release(&model.it_estate, systems);
                }
                run.ed.working = ed.working(run.systems.effective());
                // Discharge slows while a system it needs is down.
                if let (Some(beds), Some(b)) = (&organisation.beds, run.beds.as_mut()) {
                    let pace = if run.systems.effective() & beds.discharge_needs != 0 {
                        1.0 / beds.discharge_delay_factor
                    } else {
                        1.0
                    };
                    if b.ward.set_pace(now, pace) {
                        schedule_discharge(&mut calendar, &mut b.ward, now, org_index);
                    }
                }
            }
            Event::BedDischarge { token, .. } => {
                if let Some(b) = run.beds.as_mut()
                    && b.ward.discharge(now, token)
                {
                    conservation.discharged += 1;
                    schedule_discharge(&mut calendar, &mut b.ward, now, org_index);
                }
            }
        }

        // Free beds go to admitted patients waiting in cubicles, first come
        // first served; each frees their cubicle.
        if let (Some(beds), Some(b)) = (&organisation.beds, run.beds.as_mut()) {
            let mut admitted = false;
            while b.ward.occupied() < beds.count {
                let Some(p) = b.ward.awaiting.pop_front() else {
                    break;
                };
                b.ward.admit(now, p.los_min);
                admitted = true;
                run.ed.in_treatment -= 1;
                let stay = now - p.arrived_at;
                run.recorder.add_ratio(
                    cal,
                    p.arrived_at,
                    Metric::EdTimeInDepartmentMinMean,
                    stay,
                    1.0,
                );
                record_long_stay(&mut run.recorder, cal, p.arrived_at, stay);
                run.recorder.add(
                    cal,
                    p.arrived_at,
                    Metric::EdExitBlockHours,
                    (now - p.since) / 60.0,
                );
                run.recorder.add(cal, now, Metric::AdmissionsEmergency, 1.0);
            }
            if admitted {
                schedule_discharge(&mut calendar, &mut b.ward, now, org_index);
            }
        }

        // Whatever happened, fill free cubicles from the queue.
        while let Some(patient) = run.ed.next_to_treat() {
            let wait = now - patient.arrived_at;
            run.recorder
                .add_ratio(cal, patient.arrived_at, Metric::EdWaitMinMean, wait, 1.0);
            let treatment = run.ed.treatment_min(&patient);
            calendar.schedule(
                now + treatment,
                Event::EdDeparture {
                    org: org_index as u32,
                    arrived_at: patient.arrived_at,
                    admit_los_min: patient.admit_los_min,
                },
            );
        }
    }

    // Close the books at the horizon: integrate the last levels and count
    // who is still in the department.
    for (i, run) in orgs.iter_mut().enumerate() {
        run.recorder.integrate(
            cal,
            run.last_change,
            horizon,
            levels(run, &model.organisations[i]),
        );
        if let Some(b) = &run.beds {
            conservation.in_bed_at_end += u64::from(b.ward.occupied());
            conservation.awaiting_bed_at_end += b.ward.awaiting.len() as u64;
            for p in &b.ward.awaiting {
                record_long_stay(&mut run.recorder, cal, p.arrived_at, horizon - p.arrived_at);
                run.recorder.add(
                    cal,
                    p.arrived_at,
                    Metric::EdExitBlockHours,
                    (horizon - p.since) / 60.0,
                );
            }
        }
        let waiting = run.ed.queue.len() as u64;
        conservation.waiting_at_end += waiting;
        run.recorder.totals.add(
            Metric::EdInDepartmentAtEnd,
            waiting as f64 + f64::from(run.ed.in_treatment),
        );
        for p in &run.ed.queue {
            record_long_stay(&mut run.recorder, cal, p.arrived_at, horizon - p.arrived_at);
        }
    }
    for (_, event) in calendar.pending() {
        if let Event::EdDeparture {
            org, arrived_at, ..
        } = *event
        {
            conservation.in_treatment_at_end += 1;
            record_long_stay(
                &mut orgs[org as usize].recorder,
                cal,
                arrived_at,
                horizon - arrived_at,
            );
        }
    }
    debug_assert!(conservation.balances(), "{conservation:?}");

    ArmResults {
        organisations: orgs
            .into_iter()
            .map(|r| OrganisationResults {
                status: if r.disrupted {
                    OrganisationStatus::Disrupted
                } else {
                    OrganisationStatus::Unaffected
                },
                totals: r.recorder.totals,
                daily: r.recorder.daily,
            })
            .collect(),
        conservation,
        events,
    }
}

/// Both arms of one replication.
#[derive(Debug, Clone, PartialEq)]
pub struct PairedResults {
    /// With the incidents.
    pub attack: ArmResults,
    /// Without them.
    pub counterfactual: ArmResults,
    /// Whether the counterfactual was simulated (false: it is the attack
    /// arm's results, because nothing differs).
    pub counterfactual_simulated: bool,
}

/// Runs both arms of one replication on the same random streams.
///
/// Only what differs is simulated: when no incident touches the system the
/// two arms are the same run (same streams, same events), so the
/// counterfactual is the attack arm's results, not a second simulation.
pub fn simulate_paired(model: &Model, seed: u64, replication: u64) -> PairedResults {
    let attack = simulate(model, seed, replication, Arm::Attack);
    let counterfactual_simulated = !model.outages.is_empty();
    let counterfactual = if counterfactual_simulated {
        simulate(model, seed, replication, Arm::Counterfactual)
    } else {
        attack.clone()
    };
    PairedResults {
        attack,
        counterfactual,
        counterfactual_simulated,
    }
}

fn levels(run: &OrgRun, organisation: &Organisation) -> Levels {
    let (beds, beds_occupied, delay_rate) = match (&organisation.beds, &run.beds) {
        (Some(beds), Some(b)) => {
            let occupied = f64::from(b.ward.occupied());
            let delay = if b.ward.slowed() {
                occupied * (1.0 - 1.0 / beds.discharge_delay_factor)
            } else {
                0.0
            };
            (f64::from(beds.count), occupied, delay)
        }
        _ => (0.0, 0.0, 0.0),
    };
    Levels {
        waiting: run.ed.queue.len() as f64,
        in_treatment: f64::from(run.ed.in_treatment),
        cubicles: f64::from(organisation.emergency_department.cubicles),
        downtime: if run.ed.on_downtime() { 1.0 } else { 0.0 },
        systems_down: f64::from(run.systems.effective().count_ones()),
        beds,
        beds_occupied,
        delay_rate,
    }
}

/// Puts the ward's next discharge on the event list (superseding any
/// earlier one).
fn schedule_discharge(calendar: &mut EventQueue<Event>, ward: &mut Ward, now: SimTime, org: usize) {
    if let Some((at, token)) = ward.next_discharge(now) {
        calendar.schedule(
            at,
            Event::BedDischarge {
                org: org as u32,
                token,
            },
        );
    }
}

fn record_long_stay(recorder: &mut Recorder, cal: &Calendar, arrived_at: SimTime, stay: f64) {
    if stay > FOUR_HOURS_MIN {
        recorder.add(cal, arrived_at, Metric::Ed4hBreaches, 1.0);
    }
    if stay > TWELVE_HOURS_MIN {
        recorder.add(cal, arrived_at, Metric::Ed12hStays, 1.0);
    }
}

#[cfg(test)]
mod tests {
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
        assert_eq!(p.counterfactual, simulate(&m, 5, 2, Arm::Counterfactual));
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
        let m = model_with_beds(1, 12, 150.0, &[], "", &beds(10_000, ""));
        let r = simulate(&m, 7, 0, Arm::Attack);
        assert_eq!(total(&r, Metric::EdExitBlockHours), 0.0);
        assert!(total(&r, Metric::AdmissionsEmergency) > 0.0);
        let plain = simulate(&model(1, 12, 150.0, &[]), 7, 0, Arm::Attack);
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
            &beds(10_000, "discharge_needs = [\"pacs\"]"),
        );
        let p = simulate_paired(&m, 3, 0);
        assert_eq!(total(&p.attack, Metric::DelayedDischargeBedDays), 0.0);
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
            seed in any::<u64>(),
        ) {
            let outages: Vec<_> = outages.into_iter().map(|(t, s, h)| (t % trusts, s, h)).collect();
            let beds = bed_count.map_or(String::new(), |n| format!(
                "general_and_acute = {n}\ned_admission_share = {share}\nemergency_los_days = {{ distribution = \"lognormal\", mean = {los_days}, sd = {los_days} }}\ndischarge_needs = [\"epr\"]"
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
                }
            }
        }
    }
}
