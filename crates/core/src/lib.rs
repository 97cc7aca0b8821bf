//! # downtime-core: the model and the event engine
//!
//! This crate is Downtime's simulator: it reads nothing, writes nothing,
//! starts no threads. It turns a scenario into the results of one
//! replication of one arm, and everything else (many replications, files,
//! charts) is built on top by other crates.
//!
//! ## A tour in four steps
//!
//! **1. A scenario** describes a health system, what goes wrong and the
//! experiment ([`scenario`]). It is read from TOML through a
//! [`scenario::SourceReader`] (the CLI's reads files; here, memory):
//!
//! ```
//! use downtime_core::scenario::{self, Source, SourceReader};
//!
//! struct Memory(&'static str);
//! impl SourceReader for Memory {
//!     fn read(&self, name: &str, _from: Option<&Source>) -> Result<Source, String> {
//!         Ok(Source { id: name.into(), display: name.into(), text: self.0.into() })
//!     }
//! }
//!
//! let text = r#"
//!     [calendar]
//!     attack_date = 2017-05-12
//!     warm_up_days = 7
//!     follow_up_days = 14
//!
//!     [[trusts]]
//!     id = "trust-a"
//!     [trusts.emergency_department]
//!     cubicles = 25
//!     arrivals_per_day = 300
//!     service_min = { distribution = "lognormal", mean = 100, sd = 60 }
//!
//!     [[incidents]]
//!     kind = "it_outage"
//!     organisation = "trust-a"
//!     starts_at = 2017-05-12T09:00:00
//!     duration_hours = 48
//! "#;
//! let loaded = scenario::load("demo.toml", &[], &Memory(text)).unwrap();
//! assert_eq!(loaded.scenario.name, "demo");
//! # let scenario = loaded.scenario;
//! # use downtime_core::{model::Model, replication::{simulate, Arm}, metrics::Metric};
//! # let model = Model::build(&scenario).unwrap();
//! # let attack = simulate(&model, 42, 0, Arm::Attack);
//! # let counterfactual = simulate(&model, 42, 0, Arm::Counterfactual);
//! # assert_eq!(attack.organisations[0].totals.value(Metric::EdAttendances),
//! #            counterfactual.organisations[0].totals.value(Metric::EdAttendances));
//! ```
//!
//! **2. A model** is the scenario compiled for the engine
//! ([`model::Model::build`]): distributions set up, dates turned into
//! simulated minutes on a real [`clock::Calendar`].
//!
//! **3. The engine** ([`replication::simulate`]) runs one replication of one
//! [`replication::Arm`]: events come off the [`event_queue::EventQueue`] in
//! time order (ties in the order scheduled), and every stochastic process
//! draws from its own [`random`] stream keyed by (seed, replication,
//! process, organisation). The attack arm and the counterfactual arm
//! therefore see the same patients (common random numbers): their
//! difference is the attack's effect, not luck.
//!
//! **4. Results** are per-organisation totals and daily series of the
//! [`metrics::METRICS`] catalogue, kept as numerators and denominators so
//! they add up across organisations and days without averaging averages.
//!
//! ## Invariants
//! - No I/O, no threads, no printing: everything here is a pure function of
//!   its inputs.
//! - The same (model, seed, replication, arm) gives bit-identical results
//!   whichever thread calls it, for a given build and platform (log-normal
//!   and gamma draws use the platform's maths library; the golden-values
//!   test in `distributions` notices if that changes).

pub mod attack;
pub mod clock;
pub mod distributions;
pub mod event_queue;
pub mod harm;
pub mod metrics;
pub mod model;
pub mod random;
pub mod replication;
pub mod scenario;
