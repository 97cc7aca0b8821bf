//! Scheduled care in scenario files: outpatient clinics, elective
//! operations, GP appointments and referrals, booked as cohorts.

use serde::{Deserialize, Serialize};

use super::Scenario;
use super::validate::Checks;

/// A trust's scheduled care.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledCareSpec {}

/// A trust's normal daily volumes of scheduled care, from which a
/// generator builds its [`ScheduledCareSpec`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScheduledVolumes {
    /// Outpatient appointments booked per working day (first and follow-up).
    pub outpatient_booked_per_working_day: f64,
    /// Elective day cases per working day.
    pub elective_day_case_per_working_day: f64,
    /// Elective inpatient admissions per working day.
    pub elective_inpatient_per_working_day: f64,
}

impl ScheduledCareSpec {
    /// The scheduled care of a trust with these volumes, every other
    /// setting at its default.
    pub fn from_volumes(volumes: &ScheduledVolumes) -> Self {
        let _ = volumes;
        Self::default()
    }
}

/// Checks every trust's scheduled care.
pub(super) fn check_all(c: &mut Checks, scenario: &Scenario) {
    let _ = (c, scenario);
}
