//! The published figures the England-like generator is sized from, each
//! with its source and status (CONFIRMED: a published figure; DERIVED:
//! computed here from confirmed ones; ASSUMPTION: a choice). The same
//! table, with references, is in docs/model/system.md.

/// Acute trusts with a major (type 1) emergency department, England,
/// 2020 (NHS Digital, secondary). CONFIRMED.
pub(super) const TRUSTS_WITH_TYPE_1_ED: u32 = 132;

/// GP practices in England, 2017 (secondary). CONFIRMED.
pub(super) const GP_PRACTICES_2017: f64 = 7454.0;

/// GP practices in England, December 2024 (secondary). CONFIRMED.
pub(super) const GP_PRACTICES_2024: f64 = 6277.0;

/// Registered patients per GP practice, "about 10,100" (secondary). The
/// figure goes with the 2024 practice count (6,277 x 10,100 = 63.4 million
/// registered patients); CONFIRMED as published, used for 2017 practices
/// as an ASSUMPTION (docs/model/system.md).
pub(super) const GP_LIST_SIZE_MEAN: f64 = 10_100.0;

/// Between-practice coefficient of variation of list size. ASSUMPTION.
pub(super) const GP_LIST_SIZE_CV: f64 = 0.5;

/// GP appointments per working day in England, about 1.4 million, 2024
/// (NHS England, secondary). CONFIRMED.
pub(super) const GP_APPOINTMENTS_PER_WORKING_DAY_2024: f64 = 1_400_000.0;

/// GP appointments per registered patient per working day: DERIVED,
/// 1.4 million / (6,277 practices x 10,100 patients) = 0.0221.
pub(super) fn gp_appointments_per_patient_per_working_day() -> f64 {
    GP_APPOINTMENTS_PER_WORKING_DAY_2024 / (GP_PRACTICES_2024 * GP_LIST_SIZE_MEAN)
}

/// Emergency attendances per acute trust per day, England 2017 (Ghafur
/// et al. 2019, npj Digit Med 2:98, Table 2 baseline). CONFIRMED.
pub(super) const ED_ATTENDANCES_PER_TRUST_PER_DAY: f64 = 347.5;

/// Emergency admissions per acute trust per day, 2017 (same). CONFIRMED.
pub(super) const EMERGENCY_ADMISSIONS_PER_TRUST_PER_DAY: f64 = 107.2;

/// Elective admissions per acute trust per day, 2017 (same). CONFIRMED.
pub(super) const ELECTIVE_ADMISSIONS_PER_TRUST_PER_DAY: f64 = 120.4;

/// Of which day cases, 2017 (same). CONFIRMED.
pub(super) const ELECTIVE_DAY_CASES_PER_TRUST_PER_DAY: f64 = 119.6;

/// Outpatient appointments booked per acute trust per day, 2017 (same).
/// CONFIRMED.
pub(super) const OUTPATIENT_BOOKED_PER_TRUST_PER_DAY: f64 = 1603.9;

/// Scheduled care per working day from the study's per-day means.
/// ASSUMPTION: the means are over all seven days of the week (as the ED
/// figure, 347.5, must be) while clinics and elective lists run on the
/// five working days, so per working day = per day x 7 / 5.
pub(super) const WORKING_DAY_FACTOR: f64 = 7.0 / 5.0;

/// General and acute beds available in England, 2019/20 (Nuffield Trust).
/// CONFIRMED.
pub(super) const GENERAL_AND_ACUTE_BEDS_ENGLAND: f64 = 102_194.0;

/// Mean occupancy of those beds, 2019/20 (Nuffield Trust). CONFIRMED.
pub(super) const GENERAL_AND_ACUTE_OCCUPANCY: f64 = 0.88;

/// G&A beds per trust: DERIVED, 102,194 / 132 = 774.2 (all G&A beds
/// attributed to the trusts with a type 1 ED: an ASSUMPTION).
pub(super) fn beds_per_trust() -> f64 {
    GENERAL_AND_ACUTE_BEDS_ENGLAND / f64::from(TRUSTS_WITH_TYPE_1_ED)
}

/// Mean emergency length of stay, in days: DERIVED by Little's law so that
/// emergency admissions fill the beds to the published occupancy,
/// 0.88 x 774.2 / 107.2 = 6.36 days. (Elective inpatients, 0.8 a day, are
/// left out: ASSUMPTION, they change occupancy by under 1%.)
pub(super) fn emergency_los_mean_days() -> f64 {
    GENERAL_AND_ACUTE_OCCUPANCY * beds_per_trust() / EMERGENCY_ADMISSIONS_PER_TRUST_PER_DAY
}

/// Coefficient of variation of the emergency length of stay. ASSUMPTION
/// (as scenarios/single-trust-it-outage.toml: sd = mean).
pub(super) const EMERGENCY_LOS_CV: f64 = 1.0;

/// Share of ED attendances admitted: DERIVED, 107.2 / 347.5 = 0.3085.
pub(super) fn ed_admission_share() -> f64 {
    EMERGENCY_ADMISSIONS_PER_TRUST_PER_DAY / ED_ATTENDANCES_PER_TRUST_PER_DAY
}

/// Mean time in a cubicle, in minutes. ASSUMPTION, as
/// scenarios/single-trust-it-outage.toml (total time in the department of
/// the order of the 199-236 min medians reported for European EDs).
pub(super) const ED_SERVICE_MEAN_MIN: f64 = 150.0;

/// Standard deviation of the time in a cubicle, in minutes. ASSUMPTION
/// (same).
pub(super) const ED_SERVICE_SD_MIN: f64 = 90.0;

/// Square-root staffing: cubicles = offered load + beta x sqrt(offered
/// load) (Halfin and Whitt 1981). ASSUMPTION beta = 1, which gives the
/// average trust 42 cubicles, as scenarios/single-trust-it-outage.toml
/// (utilisation 0.86), and smaller trusts proportionally more slack.
pub(super) const ED_STAFFING_BETA: f64 = 1.0;

/// Hourly ED arrival shape 00-23. ASSUMPTION, the illustrative shape of
/// scenarios/single-trust-it-outage.toml.
pub(super) const ED_HOURLY_WEIGHTS: [f64; 24] = [
    0.55, 0.45, 0.40, 0.35, 0.33, 0.35, 0.45, 0.65, 0.95, 1.30, 1.50, 1.55, 1.50, 1.45, 1.40, 1.35,
    1.30, 1.30, 1.30, 1.25, 1.15, 1.00, 0.85, 0.70,
];

/// Weekday ED arrival shape Monday..Sunday. ASSUMPTION (same).
pub(super) const ED_WEEKDAY_WEIGHTS: [f64; 7] = [1.10, 1.00, 0.98, 0.97, 0.98, 0.97, 1.00];

/// Between-trust coefficient of variation in size. ASSUMPTION.
pub(super) const TRUST_SIZE_CV: f64 = 0.3;
