//! Scenario files: what a planner writes to describe a health system, an
//! attack and the experiment.
//!
//! A scenario is TOML. Every key carries its unit in its name (`_min`,
//! `_days`, `_per_day`, `_hours`), unknown keys are refused, and every
//! number is range-checked by [`validate`]. A scenario may say
//! `extends = "other.toml"` to start from another file and override keys,
//! and the command line may override any key with `--set key.path=value`;
//! [`load`] does that resolution through a [`SourceReader`], so this crate
//! never touches the file system itself.
//!
//! ```toml
//! name = "one-trust"
//! description = "One emergency department, a three-day outage"
//!
//! [calendar]
//! attack_date = 2017-05-12
//! warm_up_days = 14
//! days_before_attack = 7
//! follow_up_days = 28
//!
//! [[trusts]]
//! id = "trust-a"
//! [trusts.emergency_department]
//! cubicles = 30
//! arrivals_per_day = 347.5
//! service_min = { distribution = "lognormal", mean = 150, sd = 90 }
//!
//! [[incidents]]
//! kind = "it_outage"
//! organisation = "trust-a"
//! starts_at = 2017-05-12T09:00:00
//! duration_hours = 72
//! ```

mod dates;
mod emergency_care;
mod error;
mod harm;
mod imaging;
mod incidents;
mod it_estate;
mod load;
mod scheduled_care;
mod schema;
mod system;
mod theatres;
mod validate;

pub use dates::{CivilDate, CivilDateTime};
pub use emergency_care::{
    CasemixSpec, DiagnosticSpec, DiagnosticsSpec, LeftWithoutBeingSeenSpec, TimeCriticalGroupSpec,
    TimeCriticalSpec,
};
pub use error::{Location, ScenarioError, ScenarioIssue};
pub use harm::HarmSpec;
pub use imaging::{ImagingSpec, ModalitySpec};
pub use incidents::{
    BackupQuality, CancellableService, CancellationSpec, CapacityStep, ControlSpec, ControlsSpec,
    DetectionControlSpec, DisruptionTrigger, DiversionSpec, DowntimeProceduresSpec, IncidentSpec,
    ItOutageSpec, LevelControlSpec, MutualAidSpec, PhishingAwarenessSpec,
    PrecautionaryIsolationSpec, ProgressPoint, RecoveryHoursSpec, ResponseSpec, SupplierOutageSpec,
    TargetedRansomwareSpec, VulnerableShareSpec, WormLinksSpec, WormSpec,
};
pub use it_estate::{
    ItEstateSpec, ItSystem, PaperModeSpec, default_dependencies, default_ed_needs, find_cycle,
};
pub use load::{Loaded, Source, SourceReader, TextSource, load};
pub use scheduled_care::{
    ByPriority, CALENDAR_TO_WORKING_DAY, DowntimeModeSpec, ScheduledCareSpec, ScheduledVolumes,
    ServiceSpec, SurgeSpec, TRUST_SERVICE_KEYS,
};
pub use schema::{json_schema, json_schema_text};
pub use system::{
    AmbulanceServiceSpec, CsvSystemSpec, EnglandSpec, GeographySpec, GpPracticeSpec,
    Location as GeoLocation, ReferralRatesSpec, SharedServiceKind, SharedServiceSpec, SystemSpec,
    TravelTimeSpec, TravelTimes,
};
pub use theatres::{CasesPerSession, TheatresSpec};
pub use validate::{MAX_REPLICATIONS, MAX_RUN_DAYS, validate};

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The scenario as TOML, every key written out (no `extends`): loading it
/// back gives an equal scenario, so a cluster job can run exactly what was
/// resolved here.
pub fn to_toml(scenario: &Scenario) -> String {
    toml::to_string(scenario).unwrap_or_default()
}

/// A whole scenario after `extends` and `--set` have been applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short name, used in output folder names. Defaults to the file stem.
    #[serde(default)]
    pub name: String,
    /// One line saying what the scenario represents.
    #[serde(default)]
    pub description: String,
    /// When the run starts, when the attack happens, how long it follows up.
    pub calendar: CalendarSpec,
    /// Default number of replications and seed (the command line overrides both).
    #[serde(default)]
    pub monte_carlo: MonteCarloSpec,
    /// How IT systems depend on each other (the same at every organisation).
    #[serde(default)]
    pub it_estate: ItEstateSpec,
    /// A generator or CSV files that add organisations. Resolved when the
    /// scenario is loaded: a loaded scenario lists every organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<SystemSpec>,
    /// The acute trusts of the system.
    #[serde(default)]
    pub trusts: Vec<TrustSpec>,
    /// GP practices.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gp_practices: Vec<GpPracticeSpec>,
    /// Ambulance services.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ambulance_services: Vec<AmbulanceServiceSpec>,
    /// Services shared by several organisations (e-Referral, the national
    /// network, a pathology supplier).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_services: Vec<SharedServiceSpec>,
    /// How travel times between organisations are found.
    #[serde(default)]
    pub geography: GeographySpec,
    /// What goes wrong. An empty list is a baseline (no-incident) scenario.
    #[serde(default)]
    pub incidents: Vec<IncidentSpec>,
    /// How the system responds and recovers.
    #[serde(default)]
    pub response: ResponseSpec,
    /// Defensive controls in force.
    #[serde(default)]
    pub controls: ControlsSpec,
    /// Overrides of the harm parameters.
    #[serde(default)]
    pub harm: HarmSpec,
}

/// The run's calendar. Day 0 of every report is `attack_date`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarSpec {
    /// Day 0 of every report (the attack day, or the reference day of a baseline).
    pub attack_date: CivilDate,
    /// Days simulated before reporting starts, so queues reach a steady level; discarded.
    pub warm_up_days: u32,
    /// Reported days before the attack day (negative day numbers in `daily.csv`).
    #[serde(default = "default_days_before_attack")]
    pub days_before_attack: u32,
    /// Reported days from the attack day on (day 0 included).
    pub follow_up_days: u32,
}

fn default_days_before_attack() -> u32 {
    7
}

/// Monte Carlo defaults carried by the scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonteCarloSpec {
    /// Replications when the command line does not say.
    #[serde(default = "default_replications")]
    pub replications: u32,
    /// Master seed when the command line does not say.
    #[serde(default = "default_seed")]
    pub seed: u64,
}

fn default_replications() -> u32 {
    100
}
fn default_seed() -> u64 {
    1
}

impl Default for MonteCarloSpec {
    fn default() -> Self {
        Self {
            replications: default_replications(),
            seed: default_seed(),
        }
    }
}

/// An acute trust (one site).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrustSpec {
    /// Unique identifier, referenced by incidents (e.g. an ODS code).
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Region, for grouping.
    #[serde(default)]
    pub region: String,
    /// Where the trust's main site is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<GeoLocation>,
    /// The trust's type 1 emergency department.
    pub emergency_department: EmergencyDepartmentSpec,
    /// Its general and acute inpatient beds. Absent: no bed model (ED
    /// patients all leave the department when their treatment ends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beds: Option<BedsSpec>,
    /// The CT, MRI and X-ray scanners its emergency department calls on.
    /// Absent: no scanner queue (imaging is a turnaround per patient).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imaging: Option<ImagingSpec>,
    /// The operating theatres its elective lists use. Absent: elective
    /// capacity is demand plus `scheduled_care.headroom`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theatres: Option<TheatresSpec>,
    /// Outpatient clinics, elective operations and the referrals they
    /// receive. Absent: no scheduled care is modelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_care: Option<ScheduledCareSpec>,
}

impl TrustSpec {
    /// A trust with an emergency department and nothing else (no location,
    /// beds or scheduled care), for generators to fill in.
    pub fn new(id: impl Into<String>, emergency_department: EmergencyDepartmentSpec) -> Self {
        Self {
            id: id.into(),
            name: String::new(),
            region: String::new(),
            location: None,
            emergency_department,
            beds: None,
            imaging: None,
            theatres: None,
            scheduled_care: None,
        }
    }
}

/// General and acute inpatient beds, fed by emergency admissions from the ED.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BedsSpec {
    /// Staffed general and acute beds.
    pub general_and_acute: u32,
    /// Probability that an ED patient is admitted. Default 0.3: ASSUMPTION
    /// (about 107.2 / 347.5 = 0.31 in England, docs/MODEL.md).
    #[serde(default = "default_ed_admission_share")]
    pub ed_admission_share: f64,
    /// Length of stay of an emergency admission, in days.
    pub emergency_los_days: DistributionSpec,
    /// The IT systems the discharge process needs. Default: `epr` and `pas`.
    #[serde(default = "default_discharge_needs")]
    pub discharge_needs: Vec<ItSystem>,
    /// While any of `discharge_needs` is effectively down, the length of
    /// stay still to run is stretched by this factor (>= 1). Default 1.5:
    /// ASSUMPTION (docs/MODEL.md).
    #[serde(default = "default_discharge_delay_factor")]
    pub discharge_delay_factor: f64,
    /// The systems the pharmacy needs to supply take-home medicines (TTOs).
    /// Default `epr` (electronic prescribing): ASSUMPTION (A17).
    #[serde(default = "default_pharmacy_needs")]
    pub pharmacy_needs: Vec<ItSystem>,
    /// Stretch of the stay still to run while a system in `pharmacy_needs`
    /// is down (>= 1). Default 1.3: ASSUMPTION (A17).
    #[serde(default = "default_hand_off_factor")]
    pub pharmacy_delay_factor: f64,
    /// The systems the hand-off to social care needs (discharge
    /// notifications and assessment requests to the local authority).
    /// Default `email`: ASSUMPTION (A17).
    #[serde(default = "default_social_care_needs")]
    pub social_care_needs: Vec<ItSystem>,
    /// Stretch while a system in `social_care_needs` is down (>= 1).
    /// Default 1.3: ASSUMPTION (A17).
    #[serde(default = "default_hand_off_factor")]
    pub social_care_delay_factor: f64,
    /// Share of emergency admissions discharged with a new or restarted
    /// package of health or social care (NHS discharge pathways 1–3):
    /// only their discharge waits on the social-care hand-off. Default
    /// 0.5: the DHSC discharge-to-assess guidance expects at most 50% of
    /// people discharged to need pathways 1–3 (people aged 65 and over;
    /// fewer at younger ages), so an upper bound (A17).
    #[serde(default = "default_discharge_with_support_share")]
    pub discharge_with_support_share: f64,
    /// Length of stay of an elective inpatient, in days. Default lognormal,
    /// mean 3.5, sd 3.5: ASSUMPTION (A31). Elective inpatients are
    /// discharged without the social-care hand-off: their support is
    /// arranged at the pre-operative assessment (A31).
    #[serde(default = "default_elective_los_days")]
    pub elective_los_days: DistributionSpec,
    /// Relative length of stay of emergency admissions in each acuity band
    /// (highest first), rescaled so the mean over admissions stays
    /// `emergency_los_days`' mean. Default 1.5, 1.0, 0.75: ASSUMPTION
    /// (A16).
    #[serde(default = "default_los_acuity_factors")]
    pub emergency_los_acuity_factors: [f64; 3],
}

fn default_pharmacy_needs() -> Vec<ItSystem> {
    vec![ItSystem::Epr]
}
fn default_social_care_needs() -> Vec<ItSystem> {
    vec![ItSystem::Email]
}
fn default_hand_off_factor() -> f64 {
    1.3
}
fn default_discharge_with_support_share() -> f64 {
    0.5
}
fn default_elective_los_days() -> DistributionSpec {
    DistributionSpec {
        distribution: DistributionKind::Lognormal,
        mean: 3.5,
        sd: Some(3.5),
    }
}
fn default_los_acuity_factors() -> [f64; 3] {
    [1.5, 1.0, 0.75]
}

fn default_discharge_delay_factor() -> f64 {
    1.5
}

fn default_ed_admission_share() -> f64 {
    0.3
}

/// The systems discharge needs by default: the EPR (discharge summary,
/// take-home prescriptions) and the PAS (recording the discharge, freeing
/// the bed). ASSUMPTION (docs/MODEL.md).
pub fn default_discharge_needs() -> Vec<ItSystem> {
    vec![ItSystem::Epr, ItSystem::Pas]
}

/// An emergency department as a multi-server queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmergencyDepartmentSpec {
    /// Staffed treatment spaces: the servers of the queue.
    pub cubicles: u32,
    /// Mean arrivals per day, averaged over the week.
    pub arrivals_per_day: f64,
    /// Relative arrival rate for each hour 00–23 (scaled to mean 1). Default: flat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hourly_arrival_weights: Option<Vec<f64>>,
    /// Relative arrival rate Monday…Sunday (scaled to mean 1). Default: flat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekday_arrival_weights: Option<Vec<f64>>,
    /// Time a patient occupies a cubicle, in minutes, under normal working.
    pub service_min: DistributionSpec,
    /// The IT systems the department needs, and how it works on paper
    /// without each (downtime procedures). If given, replaces the default
    /// list ([`default_ed_needs`]).
    #[serde(default = "default_ed_needs")]
    pub needs: BTreeMap<ItSystem, PaperModeSpec>,
    /// Who arrives: ambulance or walk-in, acuity, time-critical groups.
    #[serde(default)]
    pub casemix: CasemixSpec,
    /// Imaging and pathology requests and their turnaround.
    #[serde(default)]
    pub diagnostics: DiagnosticsSpec,
    /// Patients who leave without being seen after a long wait.
    #[serde(default)]
    pub left_without_being_seen: LeftWithoutBeingSeenSpec,
}

impl EmergencyDepartmentSpec {
    /// A department with flat arrival profiles and every other setting at
    /// its default, for generators to fill in.
    pub fn new(cubicles: u32, arrivals_per_day: f64, service_min: DistributionSpec) -> Self {
        Self {
            cubicles,
            arrivals_per_day,
            hourly_arrival_weights: None,
            weekday_arrival_weights: None,
            service_min,
            needs: default_ed_needs(),
            casemix: CasemixSpec::default(),
            diagnostics: DiagnosticsSpec::default(),
            left_without_being_seen: LeftWithoutBeingSeenSpec::default(),
        }
    }
}

/// A positive random quantity, such as a service time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DistributionSpec {
    /// The family.
    pub distribution: DistributionKind,
    /// Mean, in the unit of the key that holds this table.
    pub mean: f64,
    /// Standard deviation (log-normal and gamma only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sd: Option<f64>,
}

/// Families of positive distributions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DistributionKind {
    /// Memoryless; the M/M/c verification case. Takes `mean`.
    Exponential,
    /// Right-skewed, as service and length-of-stay times are. Takes `mean` and `sd`.
    Lognormal,
    /// Right-skewed with a lighter tail. Takes `mean` and `sd`.
    Gamma,
    /// Always `mean` (for tests and deterministic checks).
    Fixed,
}
