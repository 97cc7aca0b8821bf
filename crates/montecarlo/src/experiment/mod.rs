//! Experiments built on the runner: several variants of a scenario run
//! with the same seeds (common random numbers), so their differences are
//! the variants' effects and not different luck.

pub mod sensitivity;
pub mod sweep;
