//! Drawing an emergency patient on arrival.
//!
//! Everything random about a patient is drawn when they arrive, a fixed
//! number of draws from each stream whatever the patient turns out to be,
//! so the streams stay aligned between the arms and between scenarios
//! (common random numbers): the same patient arrives with the same needs
//! whatever the attack does.

use crate::clock::{MINUTES_PER_DAY, SimTime};
use crate::distributions::uniform;
use crate::model::{
    Admission, DiagnosticRequest, DischargeRoute, MODALITIES, Modality, Organisation, ScanNeed,
    TimeCritical, WaitingPatient,
};
use crate::random::Stream;

/// The streams a patient is drawn from, at their home department.
pub(super) struct PatientStreams {
    pub(super) service: Stream,
    pub(super) casemix: Stream,
    pub(super) diagnostics: Stream,
    pub(super) patience: Stream,
    /// Admission and length of stay, where the trust models beds.
    pub(super) beds: Option<(Stream, Stream)>,
    /// Imaging modality and scan time, where the trust models scanners.
    pub(super) imaging: Option<Stream>,
}

/// A new patient arriving at `now` at `organisation`.
pub(super) fn draw(
    organisation: &Organisation,
    streams: &mut PatientStreams,
    now: SimTime,
) -> WaitingPatient {
    let ed = &organisation.emergency_department;
    let service_min = ed.service_min.sample(&mut streams.service);
    // Two uniforms for every patient (admitted; discharged with a package
    // of care), the length of stay only for those admitted: the same
    // patients are admitted in both arms, so the streams stay aligned.
    let admission = match (&organisation.beds, &mut streams.beds) {
        (Some(beds), Some((admission, los))) => {
            let (u_admit, u_support) = (uniform(admission), uniform(admission));
            (u_admit < beds.admission_share).then(|| Admission {
                los_min: beds.los_days.sample(los) * MINUTES_PER_DAY,
                route: if u_support < beds.with_support_share {
                    DischargeRoute::WithSupport
                } else {
                    DischargeRoute::Simple
                },
            })
        }
        _ => None,
    };

    let mix = &ed.casemix;
    let (u_group, u_acuity, u_ambulance) = (
        uniform(&mut streams.casemix),
        uniform(&mut streams.casemix),
        uniform(&mut streams.casemix),
    );
    let mut cumulative = 0.0;
    let time_critical = TimeCritical::ALL.into_iter().find(|g| {
        cumulative += mix.time_critical_share[*g as usize];
        u_group < cumulative
    });
    let acuity = match time_critical {
        Some(_) => 0,
        None => {
            // The bands of the patients who are not time-critical, so that
            // the bands' overall shares are the configured ones.
            let g = cumulative;
            let rest = 1.0 - g;
            let band0 = if rest > 0.0 {
                (mix.acuity_cumulative[0] - g).max(0.0) / rest
            } else {
                0.0
            };
            let band1 = if rest > 0.0 {
                (mix.acuity_cumulative[1] - g).max(0.0) / rest
            } else {
                0.0
            };
            if u_acuity < band0 {
                0
            } else if u_acuity < band1 {
                1
            } else {
                2
            }
        }
    };
    // Stroke, heart-attack and trauma patients come by ambulance
    // (ASSUMPTION A19); others as the conveyance share says.
    let ambulance = matches!(
        time_critical,
        Some(TimeCritical::Stroke | TimeCritical::Stemi | TimeCritical::MajorTrauma)
    ) || u_ambulance < mix.ambulance_share;

    // The key diagnostic of a time-critical patient is always requested.
    let key_diagnostic = time_critical.and_then(TimeCritical::waits_for);
    let mut diagnostics = [None; 2];
    for (i, d) in ed.diagnostics.iter().enumerate() {
        let requested = uniform(&mut streams.diagnostics) < d.request_share;
        let turnaround_min = d.turnaround_min.sample(&mut streams.diagnostics);
        let loss_draw = uniform(&mut streams.diagnostics);
        if requested || key_diagnostic == Some(i) {
            diagnostics[i] = Some(DiagnosticRequest {
                turnaround_min,
                loss_draw,
            });
        }
    }

    // The scan: one uniform for the modality and one scan time per
    // modality, drawn for every patient whatever they need, so the stream
    // stays aligned (ASSUMPTION A29: stroke and major trauma always CT).
    let scan = match (&organisation.imaging, &mut streams.imaging) {
        (Some(imaging), Some(stream)) => {
            let u = uniform(stream);
            let scan_min: [f64; MODALITIES] =
                std::array::from_fn(|m| imaging.scanners[m].scan_min.sample(stream));
            diagnostics[0].map(|_| {
                let needs_ct = key_diagnostic == Some(0);
                let modality = imaging.modality_for(acuity, needs_ct, u);
                ScanNeed {
                    modality,
                    scan_min: scan_min[modality as usize],
                }
            })
        }
        _ => None,
    };
    debug_assert!(scan.is_none_or(|s| Modality::ALL.contains(&s.modality)));

    let patience_min = match &ed.patience_min {
        Some(p) => {
            let drawn = p.sample(&mut streams.patience);
            // Patients who will need admission are too unwell to give up
            // (ASSUMPTION A21).
            if acuity > 0 && !ambulance && admission.is_none() {
                drawn
            } else {
                f64::INFINITY
            }
        }
        None => f64::INFINITY,
    };

    // Sicker patients stay longer (A16); the factors average 1.
    let admission = match &organisation.beds {
        Some(beds) => admission.map(|a| Admission {
            los_min: a.los_min * beds.los_factor_by_acuity[usize::from(acuity)],
            ..a
        }),
        None => admission,
    };

    WaitingPatient {
        serial: 0,
        arrived_at: now,
        service_min,
        admission,
        acuity,
        time_critical,
        ambulance,
        diagnostics,
        scan,
        patience_min,
        diverted_extra_min: 0.0,
    }
}
