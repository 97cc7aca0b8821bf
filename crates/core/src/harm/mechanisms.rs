//! Harm mechanisms: pure functions from counts and delays to [`Harm`].
//!
//! Every function returns exactly zero for a zero (or negative, or NaN)
//! count or delay, and is non-decreasing in the delay, whatever the draw.
//! Counts are `f64` so a caller may pass an expected or pro-rata cohort.
//! The equations and their sources are in `docs/model/harm.md`.

use super::draw::HarmDraw;
use super::outcome::Harm;
use super::parameters::HarmParameter as P;

/// Days in the reference delay of Sud et al. (about 2 months).
pub const SUD_REFERENCE_DELAY_DAYS: f64 = 61.0;
/// Days in the 4-week unit of Hanna et al.'s hazard ratios.
pub const HANNA_UNIT_DAYS: f64 = 28.0;
/// An ED stay longer than this is a harm event (the NHS 12-hour standard).
pub const ED_LONG_STAY_EVENT_HOURS: f64 = 12.0;
/// A thrombolysis delay of at least this is a harm event (one unit of Saver's OR).
pub const STROKE_EVENT_DELAY_MIN: f64 = 15.0;
/// A reperfusion delay of at least this is a harm event (one unit of De Luca's RR).
pub const STEMI_EVENT_DELAY_MIN: f64 = 30.0;
/// An antibiotic delay of at least this is a harm event (one unit of Seymour's OR).
pub const SEPSIS_EVENT_DELAY_MIN: f64 = 60.0;
/// A scheduled-care delay longer than this is a harm event (the NHS
/// standard: a cancelled operation is rebooked within 28 days).
pub const SCHEDULED_EVENT_DELAY_DAYS: f64 = 28.0;

/// Negative and NaN inputs count as zero (`NaN > 0` is false).
fn non_negative(x: f64) -> f64 {
    if x > 0.0 { x } else { 0.0 }
}

/// `count` if `exposure` passed `threshold` (strictly, or at least when
/// `inclusive`), else 0.
fn events(count: f64, exposure: f64, threshold: f64, inclusive: bool) -> f64 {
    let passed = if inclusive {
        exposure >= threshold
    } else {
        exposure > threshold
    };
    if passed && exposure > 0.0 { count } else { 0.0 }
}

/// Excess probability when the odds of `baseline` are multiplied by
/// `ratio^units`: p' = odds·r^u / (1 + odds·r^u), excess = p' − p (never
/// negative: a ratio below 1 would mean delay helps, which no parameter
/// here claims).
fn odds_scaled_excess(baseline: f64, ratio: f64, units: f64) -> f64 {
    if units <= 0.0 || baseline >= 1.0 || baseline <= 0.0 {
        return 0.0;
    }
    let scaled = baseline / (1.0 - baseline) * ratio.powf(units);
    let delayed = if scaled.is_finite() {
        scaled / (1.0 + scaled)
    } else {
        1.0
    };
    (delayed - baseline).max(0.0)
}

/// QALYs lost per death of an ED, inpatient or time-critical patient:
/// general-population QALYs at about age 75 × the comorbidity factor.
pub fn qalys_per_emergency_death(d: &HarmDraw) -> f64 {
    d.get(P::EmergencyDeathPopulationQalys) * d.get(P::EmergencyDeathComorbidityFactor)
}

fn deaths_harm(excess_deaths: f64, qalys_per_death: f64, harm_events: f64) -> Harm {
    Harm {
        excess_deaths,
        qalys_lost: excess_deaths * qalys_per_death,
        harm_events,
    }
}

/// Urgent suspected-cancer (two-week-wait) referrals delayed by
/// `delay_days` (Sud et al. 2020, pro rata). Cancers c = referrals × share;
/// deaths = c × min(1, p₆₁ × t/61); QALYs = c × LY₆₁ × t/61 × utility.
/// Harm events: the cancers among the delayed referrals.
pub fn cancer_referral_delay(referrals: f64, delay_days: f64, d: &HarmDraw) -> Harm {
    let delay = non_negative(delay_days);
    let cancers = non_negative(referrals) * d.get(P::CancerShareOfUrgentReferrals);
    let fraction = delay / SUD_REFERENCE_DELAY_DAYS;
    let deaths = cancers * (d.get(P::CancerReferralDelayDeathsPer2Months) * fraction).min(1.0);
    let life_years = cancers * d.get(P::CancerReferralDelayLifeYearsPer2Months) * fraction;
    Harm {
        excess_deaths: deaths,
        qalys_lost: life_years * d.get(P::CancerQalysPerLifeYear),
        harm_events: events(cancers, delay, 0.0, false),
    }
}

/// Cancer patients whose curative treatment is delayed by `delay_days`
/// (Hanna et al. 2020, log-linear hazard): hr = HR₄ʷ^(t/28); deaths =
/// patients × min(m₅ × (hr − 1), 1 − m₅), the small-effect approximation
/// of S^hr capped at the survivors; QALYs = deaths × QALYs per cancer death.
/// Harm events: every patient with any delay.
pub fn cancer_treatment_delay(patients: f64, delay_days: f64, d: &HarmDraw) -> Harm {
    let delay = non_negative(delay_days);
    let patients = non_negative(patients);
    let baseline = d.get(P::CancerTreatmentBaseline5YearMortality);
    let hr = d
        .get(P::CancerTreatmentDelayHrPer4Weeks)
        .powf(delay / HANNA_UNIT_DAYS);
    let per_patient = (baseline * (hr - 1.0)).clamp(0.0, 1.0 - baseline);
    deaths_harm(
        patients * per_patient,
        d.get(P::CancerDeathQalysLost),
        events(patients, delay, 0.0, false),
    )
}

/// One ED patient who stayed `stay_hours` from arrival to leaving (Jones
/// et al. 2022). Admitted patients only: 0 up to the onset (5 h), rising
/// linearly to the 6–8 h excess at 6 h, then the over-8 h excess (never
/// below the 6–8 h one) from 8 h. Non-admitted patients carry no mortality
/// excess in this version. Harm events: any patient staying over 12 h.
pub fn ed_stay(admitted: bool, stay_hours: f64, d: &HarmDraw) -> Harm {
    let stay = non_negative(stay_hours);
    let onset = d.get(P::EdAdmittedHarmOnsetHours);
    let excess = if admitted && stay > onset {
        let six_to_eight = d.get(P::EdAdmittedExcessDeath6To8Hours);
        let band = if stay >= 8.0 {
            six_to_eight.max(d.get(P::EdAdmittedExcessDeathOver8Hours))
        } else {
            six_to_eight
        };
        let ramp = if onset < 6.0 {
            ((stay - onset) / (6.0 - onset)).min(1.0)
        } else {
            1.0
        };
        band * ramp
    } else {
        0.0
    };
    deaths_harm(
        excess,
        qalys_per_emergency_death(d),
        events(1.0, stay, ED_LONG_STAY_EVENT_HOURS, false),
    )
}

/// One emergency patient carried `extra_km` further (straight line) because
/// their hospital diverted ambulances (Nicholl et al. 2007): baseline odds
/// × OR^km. Harm events: every diverted patient.
pub fn ambulance_diversion(extra_km: f64, d: &HarmDraw) -> Harm {
    let km = non_negative(extra_km);
    let excess = odds_scaled_excess(
        d.get(P::AmbulanceEmergencyBaselineMortality),
        d.get(P::AmbulanceDistanceDeathOrPerKm),
        km,
    );
    deaths_harm(
        excess,
        qalys_per_emergency_death(d),
        events(1.0, km, 0.0, false),
    )
}

/// One thrombolysed stroke patient treated `delay_min` later (Saver et al.
/// 2013): baseline odds × OR^(t/15). Harm events: delay ≥ 15 min.
pub fn stroke_treatment_delay(delay_min: f64, d: &HarmDraw) -> Harm {
    let delay = non_negative(delay_min);
    let excess = odds_scaled_excess(
        d.get(P::StrokeBaselineMortality),
        d.get(P::StrokeThrombolysisDelayDeathOrPer15Min),
        delay / 15.0,
    );
    deaths_harm(
        excess,
        qalys_per_emergency_death(d),
        events(1.0, delay, STROKE_EVENT_DELAY_MIN, true),
    )
}

/// One STEMI patient reperfused `delay_min` later (De Luca et al. 2004):
/// p' = min(1, p × RR^(t/30)). Harm events: delay ≥ 30 min.
pub fn stemi_reperfusion_delay(delay_min: f64, d: &HarmDraw) -> Harm {
    let delay = non_negative(delay_min);
    let baseline = d.get(P::StemiBaseline1YearMortality);
    let rr = d.get(P::StemiReperfusionDelayRrPer30Min).powf(delay / 30.0);
    let excess = ((baseline * rr).min(1.0) - baseline).max(0.0);
    deaths_harm(
        excess,
        qalys_per_emergency_death(d),
        events(1.0, delay, STEMI_EVENT_DELAY_MIN, true),
    )
}

/// One sepsis patient given antibiotics `delay_min` later (Seymour et al.
/// 2017): baseline odds × OR^(t/60). Harm events: delay ≥ 60 min.
pub fn sepsis_antibiotic_delay(delay_min: f64, d: &HarmDraw) -> Harm {
    let delay = non_negative(delay_min);
    let excess = odds_scaled_excess(
        d.get(P::SepsisBaselineMortality),
        d.get(P::SepsisAntibioticDelayOrPerHour),
        delay / 60.0,
    );
    deaths_harm(
        excess,
        qalys_per_emergency_death(d),
        events(1.0, delay, SEPSIS_EVENT_DELAY_MIN, true),
    )
}

/// Elective operations postponed by `delay_days`: the benefit is deferred,
/// not lost (QALYs only): QALYs = patients × q_week × t/7 (NHS PROMs, hip
/// replacement as the proxy). Harm events: patients postponed over 28 days.
pub fn elective_wait(patients: f64, delay_days: f64, d: &HarmDraw) -> Harm {
    let delay = non_negative(delay_days);
    let patients = non_negative(patients);
    Harm {
        excess_deaths: 0.0,
        qalys_lost: patients * d.get(P::ElectiveWaitQalysPerWeek) * delay / 7.0,
        harm_events: events(patients, delay, SCHEDULED_EVENT_DELAY_DAYS, false),
    }
}

/// Outpatient follow-ups postponed by `delay_days` (HSIB 2020, glaucoma as
/// the index condition): harmed = patients × min(1, p_week × t/7); QALYs =
/// harmed × QALYs per harmed patient; no deaths. Harm events: patients
/// postponed over 28 days.
pub fn outpatient_follow_up_delay(patients: f64, delay_days: f64, d: &HarmDraw) -> Harm {
    let delay = non_negative(delay_days);
    let patients = non_negative(patients);
    let harmed = patients * (d.get(P::FollowUpDelayHarmPerWeek) * delay / 7.0).min(1.0);
    Harm {
        excess_deaths: 0.0,
        qalys_lost: harmed * d.get(P::FollowUpHarmQalys),
        harm_events: events(patients, delay, SCHEDULED_EVENT_DELAY_DAYS, false),
    }
}

/// Test results lost or never actioned: harmed = count × abnormal share ×
/// p_harm; deaths = harmed × adverse-event death share (Sari 2007); QALYs =
/// deaths × emergency QALYs + survivors × non-fatal QALYs. Harm events:
/// every lost result.
pub fn lost_results(count: f64, d: &HarmDraw) -> Harm {
    let count = non_negative(count);
    let harmed = count * d.get(P::LostResultAbnormalShare) * d.get(P::LostResultHarmProbability);
    harmed_patients(harmed, count, d)
}

/// Bed-days of discharges held by the outage (Jasinarachchi 2009 counts):
/// deaths = bed-days × deaths per bed-day × attributable share; new
/// conditions likewise; QALYs = deaths × emergency QALYs + new conditions ×
/// non-fatal QALYs. Harm events: the expected harmed patients (deaths plus
/// new conditions), since bed-days do not identify patients.
pub fn delayed_discharge(bed_days: f64, d: &HarmDraw) -> Harm {
    let exposure = non_negative(bed_days) * d.get(P::DelayedDischargeAttributableShare);
    let deaths = exposure * d.get(P::DelayedDischargeDeathsPerBedDay);
    let new_conditions = exposure * d.get(P::DelayedDischargeNewConditionsPerBedDay);
    Harm {
        excess_deaths: deaths,
        qalys_lost: deaths * qalys_per_emergency_death(d)
            + new_conditions * d.get(P::NonFatalHarmQalys),
        harm_events: deaths + new_conditions,
    }
}

/// Patients harmed by an adverse event, a share of whom die.
fn harmed_patients(harmed: f64, harm_events: f64, d: &HarmDraw) -> Harm {
    let deaths = harmed * d.get(P::AdverseEventDeathShare);
    Harm {
        excess_deaths: deaths,
        qalys_lost: deaths * qalys_per_emergency_death(d)
            + (harmed - deaths) * d.get(P::NonFatalHarmQalys),
        harm_events,
    }
}
