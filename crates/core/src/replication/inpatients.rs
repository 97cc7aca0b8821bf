//! Inpatients in a replication: admitted patients moving from cubicles to
//! beds, elective inpatients admitted from the morning list, discharges,
//! and the harm of delayed discharge.

use super::harm::{self, HarmPathway, REPORTING_SYSTEM_NEEDS};
use super::recorder::Recorder;
use super::timeline::Timeline;
use super::{Event, OrgRun, levels, reporting_down, scheduled};
use crate::clock::{Calendar, MINUTES_PER_DAY, SimTime};
use crate::event_queue::EventQueue;
use crate::harm::{HarmDraw, mechanisms};
use crate::metrics::Metric;
use crate::model::{Admission, AdmissionKind, DischargeRoute, Model, Organisation, Ward};

/// Gives free beds to the admitted patients waiting in cubicles, first
/// come first served; each frees their cubicle and leaves the department.
pub(super) fn fill_beds(
    organisation: &Organisation,
    run: &mut OrgRun,
    calendar: &mut EventQueue<Event>,
    cal: &Calendar,
    draw: &HarmDraw,
    org: usize,
    now: SimTime,
) {
    if let (Some(beds), Some(ward)) = (&organisation.beds, run.ward.as_mut()) {
        let mut admitted = false;
        while ward.occupied() < beds.count {
            let Some(p) = ward.awaiting.pop_front() else {
                break;
            };
            ward.admit(now, p.admission, AdmissionKind::Emergency);
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
            run.recorder.long_stay(cal, p.arrived_at, stay);
            run.recorder.add(
                cal,
                p.arrived_at,
                Metric::EdExitBlockHours,
                (now - p.since) / 60.0,
            );
            run.recorder.add(cal, now, Metric::AdmissionsEmergency, 1.0);
            let reporting_down = reporting_down(run.ed.down);
            harm::record(
                &mut run.recorder,
                cal,
                p.arrived_at,
                HarmPathway::Emergency,
                mechanisms::ed_stay(true, stay / 60.0, draw),
                draw,
                reporting_down,
            );
        }
        if admitted {
            schedule_discharge(calendar, ward, now, org);
        }
    }
}

/// Runs scheduled care's `day` at `now` and puts the elective inpatients it
/// admits in a bed. A trust gives its elective list only the beds free
/// after the emergency patients already waiting for one (A31); those who
/// find none are cancelled on the day and wait, overdue, for the next
/// free bed.
pub(super) fn scheduled_day(
    orgs: &mut [OrgRun],
    care: &mut scheduled::ScheduledCare,
    s: &scheduled::Surroundings,
    calendar: &mut EventQueue<Event>,
    day: u32,
    now: SimTime,
) {
    let model = s.model;
    let beds_free: Vec<Option<u32>> = orgs
        .iter()
        .zip(&model.organisations)
        .map(|(run, o)| {
            let (beds, ward) = (o.beds.as_ref()?, run.ward.as_ref()?);
            let taken = ward.occupied() + ward.awaiting.len() as u32;
            Some(beds.count.saturating_sub(taken))
        })
        .collect();
    let mut admitted = vec![0u32; orgs.len()];
    {
        let mut recorders: Vec<&mut Recorder> = orgs.iter_mut().map(|o| &mut o.recorder).collect();
        care.run_day(s, day, &mut recorders, &beds_free, &mut admitted);
    }
    for (i, ((run, organisation), n)) in orgs
        .iter_mut()
        .zip(&model.organisations)
        .zip(admitted)
        .enumerate()
    {
        let Some(beds) = &organisation.beds else {
            continue;
        };
        if n == 0 || run.ward.is_none() {
            continue;
        }
        // Occupancy changes: close the level interval first.
        let levels = levels(run, organisation);
        run.recorder
            .integrate(&model.calendar, run.last_change, now, levels);
        run.last_change = now;
        let (Some(ward), Some(los)) = (run.ward.as_mut(), run.elective_los.as_mut()) else {
            continue;
        };
        for _ in 0..n {
            let admission = Admission {
                los_min: beds.elective_los_days.sample(los) * MINUTES_PER_DAY,
                route: DischargeRoute::Simple,
            };
            ward.admit(now, admission, AdmissionKind::Elective);
        }
        schedule_discharge(calendar, ward, now, i);
        run.conservation.elective_admitted += u64::from(n);
    }
}

/// Harm of delayed discharges, day by day from the bed-days recorded.
pub(super) fn record_inpatient_harm(
    model: &Model,
    orgs: &mut [OrgRun],
    timelines: &[Timeline],
    draw: &HarmDraw,
) {
    let cal = &model.calendar;
    for (run, timeline) in orgs.iter_mut().zip(timelines) {
        for day in 0..run.recorder.daily.len() {
            let Some(bed_days) = run.recorder.daily[day].value(Metric::DelayedDischargeBedDays)
            else {
                continue;
            };
            let start = cal.report_start() + day as f64 * MINUTES_PER_DAY;
            let share =
                timeline.minutes_down(start, start + MINUTES_PER_DAY, REPORTING_SYSTEM_NEEDS)
                    / MINUTES_PER_DAY;
            harm::record(
                &mut run.recorder,
                cal,
                start,
                HarmPathway::Inpatient,
                mechanisms::delayed_discharge(bed_days, draw),
                draw,
                share,
            );
        }
    }
}

/// Puts the ward's next discharge on the event list (superseding any
/// earlier one).
pub(super) fn schedule_discharge(
    calendar: &mut EventQueue<Event>,
    ward: &mut Ward,
    now: SimTime,
    org: usize,
) {
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
