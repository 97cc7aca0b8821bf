//! What-if experiments on top of the runner: several scenarios (or several
//! settings of one) run on the same replication indices and the same master
//! seed, so they see the same patients, the same harm-parameter draws and
//! the same attack draws where they share them (common random numbers).
//! Differences between them are then taken replication by replication,
//! which removes most of the noise two independent runs would carry.
//!
//! - [`compare`]: a base scenario against alternatives: paired differences
//!   of every metric, cost-effectiveness (ICER, net monetary benefit, the
//!   acceptability curve) and the compare folder.
//! - [`sweep`]: one scenario at every point of a one- or two-way grid of
//!   key values, each point paired with the first.
//! - [`sensitivity`]: one-way low/high variation of harm and scenario
//!   parameters, ranked by their effect on the headline harm (tornado).
//! - [`precision`]: how many replications: add them until the headline's
//!   95% interval is within a target relative half-width (Hoad, Robinson &
//!   Davies 2010), at checkpoints fixed in advance so results do not depend
//!   on threads.

pub mod compare;
pub mod precision;
pub mod sensitivity;
pub mod sweep;
