//! Recording harm as the engine sees delays.
//!
//! Every mechanism of [`crate::harm::mechanisms`] turns one delay into
//! expected deaths, QALYs and harm events; here they are added to the
//! organisation's metrics by pathway, valued in pounds, and discounted to
//! what incident reporting would have seen given whether the reporting
//! system was up.

use crate::clock::{Calendar, SimTime};
use crate::harm::{Harm, HarmDraw, money, reporting};
use crate::metrics::Metric;
use crate::scenario::ItSystem;

use super::recorder::Recorder;

/// The systems the incident-reporting system needs: it is a web
/// application on the organisation's network behind its sign-on
/// (ASSUMPTION A23).
pub const REPORTING_SYSTEM_NEEDS: u16 =
    1 << (ItSystem::Network as u16) | 1 << (ItSystem::Directory as u16);

/// Where a harm arises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HarmPathway {
    Emergency,
    Cancer,
    Elective,
    Outpatient,
    Diagnostics,
    Inpatient,
}

impl HarmPathway {
    fn metrics(self) -> (Metric, Metric) {
        match self {
            HarmPathway::Emergency => (Metric::ExcessDeathsEmergency, Metric::QalysLostEmergency),
            HarmPathway::Cancer => (Metric::ExcessDeathsCancer, Metric::QalysLostCancer),
            HarmPathway::Elective => (Metric::ExcessDeathsElective, Metric::QalysLostElective),
            HarmPathway::Outpatient => {
                (Metric::ExcessDeathsOutpatient, Metric::QalysLostOutpatient)
            }
            HarmPathway::Diagnostics => (
                Metric::ExcessDeathsDiagnostics,
                Metric::QalysLostDiagnostics,
            ),
            HarmPathway::Inpatient => (Metric::ExcessDeathsInpatient, Metric::QalysLostInpatient),
        }
    }
}

/// Adds `harm` to the recorder, on the day `at` falls in.
/// `reporting_down_share` is the share of the relevant time the reporting
/// system was down.
pub(super) fn record(
    rec: &mut Recorder,
    cal: &Calendar,
    at: SimTime,
    pathway: HarmPathway,
    harm: Harm,
    draw: &HarmDraw,
    reporting_down_share: f64,
) {
    if harm == Harm::default() {
        return;
    }
    let (deaths, qalys) = pathway.metrics();
    rec.add(cal, at, Metric::ExcessDeaths, harm.excess_deaths);
    rec.add(cal, at, deaths, harm.excess_deaths);
    rec.add(cal, at, Metric::QalysLost, harm.qalys_lost);
    rec.add(cal, at, qalys, harm.qalys_lost);
    rec.add(cal, at, Metric::HarmEvents, harm.harm_events);
    // Expected reported events: a binomial draw would add noise without
    // changing the mean, and would differ between arms for the same
    // events.
    let p = reporting::reporting_probability(draw, reporting_down_share);
    rec.add(cal, at, Metric::HarmEventsReported, harm.harm_events * p);
    let value = money::qalys_value_gbp(harm.qalys_lost, draw);
    for (m, v) in [
        Metric::QalyValueGbp20k,
        Metric::QalyValueGbp30k,
        Metric::QalyValueGbp70k,
    ]
    .into_iter()
    .zip(value)
    {
        rec.add(cal, at, m, v);
    }
}
