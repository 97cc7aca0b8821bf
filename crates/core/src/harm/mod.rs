//! The harm model: from delays to deaths, QALYs and pounds.
//!
//! The engine measures delays (longer ED stays, postponed operations,
//! delayed referrals, diverted ambulances, lost results, held discharges);
//! this module turns them into expected excess deaths, QALYs lost and harm
//! events through published effect sizes, values them in pounds, and says
//! how much of the harm incident reporting would have seen.
//!
//! - [`HarmCatalogue`]: the project's harm file (`harm-parameters.toml`,
//!   compiled in), every parameter with its central value, uncertainty,
//!   population, source and evidence status; scenario overrides fix some.
//! - [`HarmDraw`]: one replication's values (probabilistic sensitivity
//!   analysis), the same in both arms and across scenarios with one seed.
//! - [`mechanisms`]: pure functions of (counts, delays, draw) → [`Harm`].
//! - [`money`] and [`reporting`]: pounds, and hidden harm.
//!
//! Equations, sources and the PSA design: `docs/model/harm.md`.

mod catalogue;
mod draw;
pub mod mechanisms;
pub mod money;
mod outcome;
mod parameters;
pub mod reporting;
mod uncertainty;

#[cfg(test)]
mod tests;

pub use catalogue::{
    HARM_PARAMETERS_TOML, HarmCatalogue, HarmEntry, HarmFileError, HarmParameterRow,
    override_problem,
};
pub use draw::HarmDraw;
pub use outcome::Harm;
pub(crate) use parameters::MAX_RATIO;
pub use parameters::{Domain, HARM_PARAMETER_COUNT, HarmParameter};
pub use uncertainty::Uncertainty;
