//! Scheduled care in scenario files: outpatient clinics, elective
//! operations, GP appointments and referrals, booked as cohorts.

use serde::{Deserialize, Serialize};

use super::Scenario;
use super::validate::Checks;

/// A trust's scheduled care.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledCareSpec {}

/// Checks every trust's scheduled care.
pub(super) fn check_all(c: &mut Checks, scenario: &Scenario) {
    let _ = (c, scenario);
}
