//! The emergency department's scanners in the event loop.
//!
//! A patient whose imaging request needs a scanner (where the trust models
//! its scanners) joins the modality's queue when their treatment starts and
//! keeps their cubicle meanwhile. When the scan starts, the wait is known:
//! it is recorded, added to a time-critical patient's time to their key
//! intervention, and the patient leaves the cubicle a treatment time after
//! the scan starts (the scan and its report are part of the treatment time,
//! so only the wait lengthens the stay). Everyone else leaves a treatment
//! time after it starts, as before.

use crate::clock::{Calendar, SimTime};
use crate::event_queue::EventQueue;
use crate::harm::HarmDraw;
use crate::metrics::Metric;
use crate::model::{Admission, Modality, Organisation, ScanRequest, TimeCritical, WaitingPatient};

use super::{Event, OrgRun, Started, record_key_intervention, reporting_down};

/// What the engine keeps of a patient waiting for a scanner.
#[derive(Debug, Clone, Copy)]
pub(super) struct PendingScan {
    arrived_at: SimTime,
    admission: Option<Admission>,
    /// Minutes in the cubicle from the start of the scan.
    stay_min: f64,
    key_intervention: Option<(TimeCritical, f64)>,
}

/// Where and when, for the functions below.
pub(super) struct Context<'a> {
    pub(super) organisation: &'a Organisation,
    pub(super) cal: &'a Calendar,
    pub(super) draw: &'a HarmDraw,
    pub(super) org: usize,
    pub(super) now: SimTime,
}

/// A patient's treatment has started: queue them for their scanner, or
/// record their key intervention and schedule their departure.
pub(super) fn after_treatment_starts(
    ctx: &Context,
    run: &mut OrgRun,
    calendar: &mut EventQueue<Event>,
    patient: &WaitingPatient,
    started: Started,
) {
    let pending = PendingScan {
        arrived_at: patient.arrived_at,
        admission: patient.admission,
        stay_min: started.stay_min,
        key_intervention: started.key_intervention,
    };
    match (patient.scan, &ctx.organisation.imaging) {
        (Some(need), Some(imaging)) => {
            let request = ScanRequest {
                requested_at: ctx.now,
                scan_min: need.scan_min,
                payload: pending,
            };
            let scanners = imaging.scanners[need.modality as usize].count;
            if let Some(r) = run
                .scanners
                .request(need.modality, scanners, patient.acuity, request)
            {
                begin_scan(ctx, run, calendar, need.modality, r);
            }
        }
        _ => leave_after(ctx, run, calendar, pending, 0.0),
    }
}

/// A scan of `modality` ended at `ctx.now`: the next patient starts.
pub(super) fn scan_ends(
    ctx: &Context,
    run: &mut OrgRun,
    calendar: &mut EventQueue<Event>,
    modality: u8,
) {
    let modality = Modality::ALL[usize::from(modality)];
    if let Some(next) = run.scanners.finish(modality) {
        begin_scan(ctx, run, calendar, modality, next);
    }
}

fn begin_scan(
    ctx: &Context,
    run: &mut OrgRun,
    calendar: &mut EventQueue<Event>,
    modality: Modality,
    request: ScanRequest<PendingScan>,
) {
    let p = request.payload;
    let wait = ctx.now - request.requested_at;
    let metric = match modality {
        Modality::Ct => Metric::CtWaitMinMean,
        Modality::Mri => Metric::MriWaitMinMean,
        Modality::XRay => Metric::XRayWaitMinMean,
    };
    run.recorder
        .add_ratio(ctx.cal, p.arrived_at, metric, wait, 1.0);
    if modality == Modality::Ct && matches!(p.key_intervention, Some((TimeCritical::Stroke, _))) {
        run.recorder.add_ratio(
            ctx.cal,
            p.arrived_at,
            Metric::StrokeDoorToCtMinMean,
            ctx.now - p.arrived_at,
            1.0,
        );
    }
    calendar.schedule(
        ctx.now + request.scan_min,
        Event::ScanEnds {
            org: ctx.org as u32,
            modality: modality as u8,
        },
    );
    leave_after(ctx, run, calendar, p, wait);
}

/// Records the key intervention (delayed by `scan_wait_min`) and schedules
/// the patient's departure from the cubicle.
fn leave_after(
    ctx: &Context,
    run: &mut OrgRun,
    calendar: &mut EventQueue<Event>,
    p: PendingScan,
    scan_wait_min: f64,
) {
    if let Some((group, minutes)) = p.key_intervention {
        let reporting_down = reporting_down(run.ed.down);
        record_key_intervention(
            &mut run.recorder,
            ctx.cal,
            ctx.draw,
            reporting_down,
            p.arrived_at,
            (group, minutes + scan_wait_min),
        );
    }
    calendar.schedule(
        ctx.now + p.stay_min,
        Event::EdDeparture {
            org: ctx.org as u32,
            arrived_at: p.arrived_at,
            admission: p.admission,
        },
    );
}

/// At the horizon, patients still waiting for a scanner are in treatment
/// (they hold a cubicle).
pub(super) fn close_books(run: &mut OrgRun, cal: &Calendar) {
    let horizon = cal.horizon();
    for r in run.scanners.waiting() {
        run.conservation.in_treatment_at_end += 1;
        run.recorder
            .long_stay(cal, r.payload.arrived_at, horizon - r.payload.arrived_at);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Arm, ArmResults, simulate};
    use crate::metrics::Metric;
    use crate::model::Model;
    use crate::scenario::{self, TextSource};

    /// One trust of 20 cubicles and 150 arrivals a day, with the
    /// `[trusts.imaging]` table `imaging` (TOML lines; `None`: no table).
    fn model(imaging: Option<&str>) -> Model {
        let mut text = String::from(
            "[calendar]\nattack_date = 2017-05-12\nwarm_up_days = 2\ndays_before_attack = 1\nfollow_up_days = 4\n\
             [[trusts]]\nid = \"t\"\n[trusts.emergency_department]\ncubicles = 20\narrivals_per_day = 150\n\
             service_min = { distribution = \"lognormal\", mean = 120.0, sd = 80.0 }\n\
             casemix = { time_critical = { stroke = { share = 0.05, to_intervention_min = 30 } } }\n",
        );
        if let Some(lines) = imaging {
            text += &format!("[trusts.imaging]\n{lines}\n");
        }
        let loaded = scenario::load("t.toml", &[], &TextSource(text)).unwrap();
        Model::build(&loaded.scenario).unwrap()
    }

    fn total(r: &ArmResults, m: Metric) -> f64 {
        r.organisations[0].totals.value(m).unwrap_or(0.0)
    }

    #[test]
    fn ample_scanners_change_no_stay_and_every_wait_is_zero() {
        let plain = simulate(&model(None), 3, 0, Arm::Counterfactual);
        let ample = "ct = { scanners = 500, scan_min = { distribution = \"fixed\", mean = 15 } }\n\
                     mri = { scanners = 500, scan_min = { distribution = \"fixed\", mean = 40 } }\n\
                     x_ray = { scanners = 500, scan_min = { distribution = \"fixed\", mean = 10 } }";
        let scanned = simulate(&model(Some(ample)), 3, 0, Arm::Counterfactual);
        for m in [
            Metric::EdAttendances,
            Metric::EdWaitMinMean,
            Metric::EdTimeInDepartmentMinMean,
            Metric::StrokeDoorToNeedleMinMean,
        ] {
            assert_eq!(total(&plain, m), total(&scanned, m), "{m:?}");
        }
        assert_eq!(total(&scanned, Metric::CtWaitMinMean), 0.0);
        assert_eq!(total(&scanned, Metric::XRayWaitMinMean), 0.0);
        assert!(scanned.conservation.balances());
    }

    #[test]
    fn one_busy_ct_scanner_makes_patients_wait_and_delays_stroke_care() {
        let plain = simulate(&model(None), 3, 0, Arm::Counterfactual);
        // Every imaging request is CT, on one scanner taking 20 minutes:
        // about 68 requests a day need 23 scanner-hours, so a queue forms.
        let busy = "ct = { scanners = 1, scan_min = { distribution = \"fixed\", mean = 20 } }\n\
                    ed_ct_share_by_acuity = [1.0, 1.0, 1.0]\ned_mri_share_by_acuity = [0, 0, 0]";
        let r = simulate(&model(Some(busy)), 3, 0, Arm::Counterfactual);
        assert!(total(&r, Metric::CtWaitMinMean) > 10.0);
        assert_eq!(
            total(&r, Metric::XRayWaitMinMean),
            0.0,
            "nobody has an X-ray"
        );
        assert!(
            total(&r, Metric::EdTimeInDepartmentMinMean)
                > total(&plain, Metric::EdTimeInDepartmentMinMean)
        );
        assert!(
            total(&r, Metric::StrokeDoorToNeedleMinMean)
                > total(&plain, Metric::StrokeDoorToNeedleMinMean)
        );
        assert!(total(&r, Metric::StrokeDoorToCtMinMean) > 0.0);
        assert!(r.conservation.balances(), "{:?}", r.conservation);
    }
}
