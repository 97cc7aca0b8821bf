//! Range checks for every number and cross-references between sections.
//!
//! Deserialisation already refuses unknown keys and wrong types; this pass
//! refuses values that parse but make no sense (a negative arrival rate, a
//! probability of 1.3, NaN) and references to things that do not exist.
//! Every problem is collected, so a user fixes a file in one go.

use std::collections::BTreeSet;

use super::error::ScenarioIssue;
use super::{DistributionKind, DistributionSpec, Scenario, find_cycle};
use crate::clock::Calendar;

/// The most replications a run accepts.
pub const MAX_REPLICATIONS: u32 = 1_000_000;

/// The longest run the engine accepts, in days (ten years).
pub const MAX_RUN_DAYS: u32 = 3650;

/// Every problem found in `scenario`, in file order. Empty means valid.
pub fn validate(scenario: &Scenario) -> Vec<ScenarioIssue> {
    let mut c = Checks::default();
    check_name(&mut c, &scenario.name);

    let cal = &scenario.calendar;
    c.int(
        "calendar.warm_up_days",
        cal.warm_up_days,
        0,
        MAX_RUN_DAYS,
        "days",
    );
    c.int(
        "calendar.days_before_attack",
        cal.days_before_attack,
        0,
        MAX_RUN_DAYS,
        "days",
    );
    c.int(
        "calendar.follow_up_days",
        cal.follow_up_days,
        1,
        MAX_RUN_DAYS,
        "days",
    );
    let total = u64::from(cal.warm_up_days)
        + u64::from(cal.days_before_attack)
        + u64::from(cal.follow_up_days);
    if total > u64::from(MAX_RUN_DAYS) {
        c.push(
            ScenarioIssue::new("calendar", format!("the run is {total} days long")).accepted(
                format!("warm_up_days + days_before_attack + follow_up_days <= {MAX_RUN_DAYS}"),
            ),
        );
    }
    let year = cal.attack_date.0.year();
    if !(1900..=2200).contains(&year) {
        c.push(
            ScenarioIssue::new(
                "calendar.attack_date",
                format!("year {year} is out of range"),
            )
            .accepted("a date in 1900-2200"),
        );
    }

    c.int(
        "monte_carlo.replications",
        scenario.monte_carlo.replications,
        1,
        MAX_REPLICATIONS,
        "replications",
    );

    if scenario.trusts.is_empty() {
        c.push(
            ScenarioIssue::new("trusts", "the system has no trusts")
                .accepted("at least one [[trusts]] table"),
        );
    }
    let mut ids = BTreeSet::new();
    for (i, trust) in scenario.trusts.iter().enumerate() {
        let key = format!("trusts[{i}]");
        if trust.id.trim().is_empty() {
            c.push(
                ScenarioIssue::new(format!("{key}.id"), "is empty")
                    .accepted("a non-empty identifier"),
            );
        } else if !ids.insert(trust.id.as_str()) {
            c.push(
                ScenarioIssue::new(
                    format!("{key}.id"),
                    format!("`{}` is used by an earlier trust", trust.id),
                )
                .accepted("identifiers unique across the system"),
            );
        }
        let ed = &trust.emergency_department;
        let k = format!("{key}.emergency_department");
        c.int(&format!("{k}.cubicles"), ed.cubicles, 1, 10_000, "cubicles");
        c.real(
            &format!("{k}.arrivals_per_day"),
            ed.arrivals_per_day,
            Bound::Open(0.0),
            100_000.0,
            "patients per day",
        );
        c.weights(
            &format!("{k}.hourly_arrival_weights"),
            ed.hourly_arrival_weights.as_deref(),
            24,
            "hours 00-23",
        );
        c.weights(
            &format!("{k}.weekday_arrival_weights"),
            ed.weekday_arrival_weights.as_deref(),
            7,
            "Monday to Sunday",
        );
        c.distribution(
            &format!("{k}.service_min"),
            &ed.service_min,
            100_000.0,
            "minutes",
        );
        for (system, paper) in &ed.needs {
            let nk = format!("{k}.needs.{}", system.name());
            c.real(
                &format!("{nk}.capacity_factor"),
                paper.capacity_factor,
                Bound::Open(0.0),
                1.0,
                "share of cubicles",
            );
            c.real(
                &format!("{nk}.service_time_factor"),
                paper.service_time_factor,
                Bound::Closed(1.0),
                10.0,
                "times normal service time",
            );
        }
        check_casemix(&mut c, &k, ed);
        if let Some(imaging) = &trust.imaging {
            super::imaging::check(&mut c, &format!("{key}.imaging"), imaging);
        }
        if let Some(theatres) = &trust.theatres {
            super::theatres::check(&mut c, &format!("{key}.theatres"), theatres);
        }
        if let Some(beds) = &trust.beds {
            let k = format!("{key}.beds");
            c.int(
                &format!("{k}.general_and_acute"),
                beds.general_and_acute,
                1,
                10_000,
                "beds",
            );
            c.real(
                &format!("{k}.ed_admission_share"),
                beds.ed_admission_share,
                Bound::Closed(0.0),
                1.0,
                "probability",
            );
            c.distribution(
                &format!("{k}.emergency_los_days"),
                &beds.emergency_los_days,
                365.0,
                "days",
            );
            for (name, factor) in [
                ("discharge_delay_factor", beds.discharge_delay_factor),
                ("pharmacy_delay_factor", beds.pharmacy_delay_factor),
                ("social_care_delay_factor", beds.social_care_delay_factor),
            ] {
                c.real(
                    &format!("{k}.{name}"),
                    factor,
                    Bound::Closed(1.0),
                    100.0,
                    "times the normal pace of discharge",
                );
            }
            c.real(
                &format!("{k}.discharge_with_support_share"),
                beds.discharge_with_support_share,
                Bound::Closed(0.0),
                1.0,
                "share of emergency admissions",
            );
            c.distribution(
                &format!("{k}.elective_los_days"),
                &beds.elective_los_days,
                365.0,
                "days",
            );
            for (b, factor) in beds.emergency_los_acuity_factors.iter().enumerate() {
                c.real(
                    &format!("{k}.emergency_los_acuity_factors[{b}]"),
                    *factor,
                    Bound::Open(0.0),
                    100.0,
                    "relative length of stay",
                );
            }
        }
    }

    if let Some(cycle) = find_cycle(&scenario.it_estate.effective()) {
        let names: Vec<&str> = cycle.iter().map(|s| s.name()).collect();
        c.push(
            ScenarioIssue::new(
                format!("it_estate.dependencies.{}", names[0]),
                format!("dependency cycle: {}", names.join(" -> ")),
            )
            .accepted("dependencies that never lead back to the system itself"),
        );
    }

    let calendar = Calendar::new(
        cal.attack_date.0,
        cal.warm_up_days,
        cal.days_before_attack,
        cal.follow_up_days,
    );
    super::system::check(&mut c, scenario, &mut ids);
    super::scheduled_care::check_all(&mut c, scenario);
    super::harm::check(&mut c, &scenario.harm);
    super::incidents::check(&mut c, scenario, &ids, &calendar, total);
    c.issues
}

/// The department's patients: casemix, diagnostics, patience.
fn check_casemix(c: &mut Checks, k: &str, ed: &super::EmergencyDepartmentSpec) {
    let mix = &ed.casemix;
    c.real(
        &format!("{k}.casemix.ambulance_share"),
        mix.ambulance_share,
        Bound::Closed(0.0),
        1.0,
        "probability",
    );
    let shares = mix.acuity_shares;
    if shares.iter().any(|s| !s.is_finite() || *s < 0.0)
        || (shares.iter().sum::<f64>() - 1.0).abs() > 1e-6
    {
        c.push(
            ScenarioIssue::new(
                format!("{k}.casemix.acuity_shares"),
                format!("{shares:?} is not a set of shares"),
            )
            .accepted("three numbers from 0 to 1 adding up to 1"),
        );
    }
    let tc = &mix.time_critical;
    let mut total = 0.0;
    for (name, g) in [
        ("stroke", tc.stroke),
        ("stemi", tc.stemi),
        ("sepsis", tc.sepsis),
        ("major_trauma", tc.major_trauma),
    ] {
        let gk = format!("{k}.casemix.time_critical.{name}");
        c.real(
            &format!("{gk}.share"),
            g.share,
            Bound::Closed(0.0),
            1.0,
            "probability",
        );
        c.real(
            &format!("{gk}.to_intervention_min"),
            g.to_intervention_min,
            Bound::Closed(0.0),
            10_000.0,
            "minutes",
        );
        total += g.share;
    }
    if total > shares[0] + 1e-9 {
        c.push(
            ScenarioIssue::new(format!("{k}.casemix.time_critical"), format!("the groups' shares add up to {total}, more than the top acuity band ({})", shares[0]))
                .accepted("time-critical patients are in the top acuity band: their shares add up to at most acuity_shares[0]"),
        );
    }
    for (name, d) in [
        ("imaging", &ed.diagnostics.imaging),
        ("pathology", &ed.diagnostics.pathology),
    ] {
        let dk = format!("{k}.diagnostics.{name}");
        c.real(
            &format!("{dk}.request_share"),
            d.request_share,
            Bound::Closed(0.0),
            1.0,
            "probability",
        );
        c.distribution(
            &format!("{dk}.turnaround_min"),
            &d.turnaround_min,
            100_000.0,
            "minutes",
        );
        c.real(
            &format!("{dk}.paper_turnaround_factor"),
            d.paper_turnaround_factor,
            Bound::Closed(1.0),
            100.0,
            "times normal turnaround",
        );
        c.real(
            &format!("{dk}.lost_result_probability"),
            d.lost_result_probability,
            Bound::Closed(0.0),
            1.0,
            "probability",
        );
    }
    c.distribution(
        &format!("{k}.left_without_being_seen.patience_min"),
        &ed.left_without_being_seen.patience_min,
        100_000.0,
        "minutes",
    );
}

fn check_name(c: &mut Checks, name: &str) {
    let ok = !name.is_empty()
        && name.len() <= 100
        && name
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.'))
        && !name.starts_with('.');
    if !ok {
        c.push(
            ScenarioIssue::new("name", format!("`{name}` cannot name an output folder"))
                .accepted("1-100 letters, digits, '-', '_' or '.', not starting with '.'"),
        );
    }
}

/// The lower end of an accepted interval.
#[derive(Clone, Copy)]
pub(super) enum Bound {
    Open(f64),
    Closed(f64),
}

#[derive(Default)]
pub(super) struct Checks {
    pub(super) issues: Vec<ScenarioIssue>,
}

impl Checks {
    pub(super) fn push(&mut self, issue: ScenarioIssue) {
        self.issues.push(issue);
    }

    pub(super) fn int(&mut self, key: &str, v: u32, min: u32, max: u32, unit: &str) {
        if v < min || v > max {
            self.push(
                ScenarioIssue::new(key, format!("{v} is out of range"))
                    .accepted(format!("{min} to {max} {unit}")),
            );
        }
    }

    pub(super) fn real(&mut self, key: &str, v: f64, min: Bound, max: f64, unit: &str) {
        let (low_ok, low_text) = match min {
            Bound::Open(m) => (v > m, format!("({m}")),
            Bound::Closed(m) => (v >= m, format!("[{m}")),
        };
        let accepted = format!("{low_text}, {max}] {unit}");
        if !v.is_finite() {
            self.push(
                ScenarioIssue::new(key, format!("{v} is not a finite number")).accepted(accepted),
            );
        } else if !low_ok || v > max {
            self.push(ScenarioIssue::new(key, format!("{v} is out of range")).accepted(accepted));
        }
    }

    pub(super) fn weights(&mut self, key: &str, weights: Option<&[f64]>, len: usize, what: &str) {
        let Some(w) = weights else { return };
        let accepted = format!("{len} finite numbers from 0 to 1000000 ({what}), not all zero");
        if w.len() != len {
            self.push(
                ScenarioIssue::new(key, format!("has {} values", w.len())).accepted(accepted),
            );
        } else if w.iter().any(|x| !x.is_finite() || *x < 0.0 || *x > 1e6)
            || w.iter().sum::<f64>() <= 0.0
        {
            self.push(
                ScenarioIssue::new(
                    key,
                    "has a negative, non-finite or huge value, or is all zero",
                )
                .accepted(accepted),
            );
        }
    }

    pub(super) fn distribution(&mut self, key: &str, d: &DistributionSpec, max: f64, unit: &str) {
        self.real(&format!("{key}.mean"), d.mean, Bound::Open(0.0), max, unit);
        let needs_sd = matches!(
            d.distribution,
            DistributionKind::Lognormal | DistributionKind::Gamma
        );
        match (needs_sd, d.sd) {
            (true, Some(sd)) => self.real(&format!("{key}.sd"), sd, Bound::Open(0.0), max, unit),
            (true, None) => self.push(
                ScenarioIssue::new(format!("{key}.sd"), "is required for this distribution")
                    .accepted(format!("(0, {max}] {unit}")),
            ),
            (false, Some(_)) => self.push(
                ScenarioIssue::new(format!("{key}.sd"), "is not used by this distribution")
                    .accepted("remove it, or use `lognormal` or `gamma`"),
            ),
            (false, None) => {}
        }
    }
}
