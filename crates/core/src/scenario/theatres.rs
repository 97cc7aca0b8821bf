//! A trust's operating theatres in scenario files: how many, how many
//! lists (sessions) each runs on a working day, and how many day cases or
//! inpatient operations fit in a session.
//!
//! Theatres set the normal capacity of the two elective services. Without
//! a `[trusts.theatres]` table that capacity is the elective demand plus
//! `scheduled_care.headroom`; with one, it is the theatre sessions shared
//! between the two lists in proportion to the sessions each needs, so the
//! headroom follows from the number of theatres (A32 in docs/MODEL.md).
//!
//! ```toml
//! [trusts.theatres]
//! count = 6
//! sessions_per_working_day = 2
//! cases_per_session = { day_case = 4.0, inpatient = 1.5 }
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::validate::{Bound, Checks};

/// `trusts[].theatres`: the operating theatres the elective lists use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TheatresSpec {
    /// Operating theatres used for elective lists.
    pub count: u32,
    /// Sessions (lists) each theatre runs per working day. Default 2, a
    /// morning and an afternoon list: ASSUMPTION (A32).
    #[serde(default = "default_sessions")]
    pub sessions_per_working_day: f64,
    /// Operations per session, by kind of list.
    #[serde(default)]
    pub cases_per_session: CasesPerSession,
}

/// Operations per theatre session.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CasesPerSession {
    /// Day cases per session. Default 4: ASSUMPTION (A32).
    #[serde(default = "default_day_case")]
    pub day_case: f64,
    /// Inpatient operations per session. Default 1.5: ASSUMPTION (A32).
    #[serde(default = "default_inpatient")]
    pub inpatient: f64,
}

impl Default for CasesPerSession {
    fn default() -> Self {
        Self {
            day_case: default_day_case(),
            inpatient: default_inpatient(),
        }
    }
}

fn default_sessions() -> f64 {
    2.0
}
fn default_day_case() -> f64 {
    4.0
}
fn default_inpatient() -> f64 {
    1.5
}

impl TheatresSpec {
    /// `count` theatres with every other setting at its default.
    pub fn new(count: u32) -> Self {
        Self {
            count,
            sessions_per_working_day: default_sessions(),
            cases_per_session: CasesPerSession::default(),
        }
    }

    /// Sessions a working day over all theatres.
    pub fn sessions_per_working_day_total(&self) -> f64 {
        f64::from(self.count) * self.sessions_per_working_day
    }

    /// Normal capacity per working day of the day-case and inpatient
    /// lists, given their demand per working day: the sessions are shared
    /// in proportion to the sessions each list needs. `None` if the
    /// theatres cannot meet the demand (the lists would grow without end).
    pub fn elective_capacity(&self, demand: [f64; 2]) -> Option<[f64; 2]> {
        let cases = [
            self.cases_per_session.day_case,
            self.cases_per_session.inpatient,
        ];
        let needed: [f64; 2] = std::array::from_fn(|k| demand[k] / cases[k]);
        let needed_total = needed[0] + needed[1];
        let available = self.sessions_per_working_day_total();
        if needed_total > available {
            return None;
        }
        if needed_total == 0.0 {
            // Nobody booked: split the sessions evenly.
            return Some(std::array::from_fn(|k| available / 2.0 * cases[k]));
        }
        Some(std::array::from_fn(|k| {
            available * needed[k] / needed_total * cases[k]
        }))
    }

    /// Sessions a working day the lists need for `demand`.
    pub fn sessions_needed(&self, demand: [f64; 2]) -> f64 {
        demand[0] / self.cases_per_session.day_case + demand[1] / self.cases_per_session.inpatient
    }
}

/// Checks `theatres` at `key` (`trusts[i].theatres`).
pub(super) fn check(c: &mut Checks, key: &str, theatres: &TheatresSpec) {
    c.int(
        &format!("{key}.count"),
        theatres.count,
        1,
        1_000,
        "theatres",
    );
    c.real(
        &format!("{key}.sessions_per_working_day"),
        theatres.sessions_per_working_day,
        Bound::Open(0.0),
        6.0,
        "sessions per theatre per working day",
    );
    for (name, v) in [
        ("day_case", theatres.cases_per_session.day_case),
        ("inpatient", theatres.cases_per_session.inpatient),
    ] {
        c.real(
            &format!("{key}.cases_per_session.{name}"),
            v,
            Bound::Open(0.0),
            50.0,
            "operations per session",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theatres(count: u32) -> TheatresSpec {
        TheatresSpec::new(count)
    }

    #[test]
    fn sessions_are_shared_by_what_each_list_needs() {
        // 80 day cases (20 sessions) and 15 inpatients (10 sessions) on 20
        // sessions' worth of theatres (40): a third more than needed each.
        let cap = theatres(20).elective_capacity([80.0, 15.0]).unwrap();
        assert!((cap[0] - 80.0 * 40.0 / 30.0).abs() < 1e-9, "{cap:?}");
        assert!((cap[1] - 15.0 * 40.0 / 30.0).abs() < 1e-9, "{cap:?}");
        assert_eq!(theatres(20).sessions_needed([80.0, 15.0]), 30.0);
    }

    #[test]
    fn too_few_theatres_for_the_demand_is_refused() {
        assert_eq!(theatres(14).elective_capacity([80.0, 15.0]), None);
        assert!(theatres(15).elective_capacity([80.0, 15.0]).is_some());
    }
}
