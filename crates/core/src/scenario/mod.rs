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
mod error;
mod it_estate;
mod load;
mod validate;

pub use dates::{CivilDate, CivilDateTime};
pub use error::{Location, ScenarioError, ScenarioIssue};
pub use it_estate::{
    ItEstateSpec, ItSystem, PaperModeSpec, default_dependencies, default_ed_needs, find_cycle,
};
pub use load::{Loaded, Source, SourceReader, TextSource, load};
pub use validate::{MAX_REPLICATIONS, MAX_RUN_DAYS, validate};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The scenario as TOML, every key written out (no `extends`): loading it
/// back gives an equal scenario, so a cluster job can run exactly what was
/// resolved here.
pub fn to_toml(scenario: &Scenario) -> String {
    toml::to_string(scenario).unwrap_or_default()
}

/// A whole scenario after `extends` and `--set` have been applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The acute trusts of the system.
    pub trusts: Vec<TrustSpec>,
    /// What goes wrong. An empty list is a baseline (no-incident) scenario.
    #[serde(default)]
    pub incidents: Vec<IncidentSpec>,
}

/// The run's calendar. Day 0 of every report is `attack_date`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The trust's type 1 emergency department.
    pub emergency_department: EmergencyDepartmentSpec,
    /// Its general and acute inpatient beds. Absent: no bed model (ED
    /// patients all leave the department when their treatment ends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beds: Option<BedsSpec>,
}

/// General and acute inpatient beds, fed by emergency admissions from the ED.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
}

/// A positive random quantity, such as a service time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

/// Something that goes wrong. More kinds arrive with the attack model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum IncidentSpec {
    /// One organisation's IT is down for a window: its services work on
    /// downtime procedures.
    ItOutage(ItOutageSpec),
}

/// An IT outage window at one organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItOutageSpec {
    /// The `id` of the affected trust.
    pub organisation: String,
    /// Local date and time the outage starts.
    pub starts_at: CivilDateTime,
    /// How long the IT stays down.
    pub duration_hours: f64,
    /// The systems that go down (default: all of them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub systems: Option<Vec<ItSystem>>,
}

impl IncidentSpec {
    /// Deserialises the table of one incident of kind `kind` (without its
    /// `kind` key) on its own, to find where inside it an error lies: serde
    /// loses that path inside an internally tagged enum. `None` if the
    /// kind is unknown or the table is fine.
    pub(crate) fn locate_error(
        kind: &str,
        table: toml::Table,
    ) -> Option<serde_path_to_error::Error<toml::de::Error>> {
        let value = toml::Value::Table(table);
        match kind {
            "it_outage" => serde_path_to_error::deserialize::<_, ItOutageSpec>(value).err(),
            _ => None,
        }
    }
}
