//! Range checks and cross-references for GP practices, ambulance services,
//! shared services, locations and the travel-time matrix.

use std::collections::BTreeSet;

use super::Location;
use crate::scenario::Scenario;
use crate::scenario::error::{ScenarioIssue, closest};
use crate::scenario::validate::{Bound, Checks};

/// The largest GP list accepted (the largest English practices have about
/// 100,000 patients).
pub(super) const MAX_LIST_SIZE: u32 = 200_000;

/// The most GP appointments per working day accepted for one practice.
pub(super) const MAX_GP_APPOINTMENTS: f64 = 100_000.0;

/// The longest travel time accepted, in minutes.
pub(super) const MAX_TRAVEL_MIN: f64 = 10_000.0;

/// What is wrong with a location, as (coordinate, message, accepted).
pub(super) fn location_problem(
    latitude: f64,
    longitude: f64,
) -> Option<(&'static str, String, &'static str)> {
    if !(latitude.is_finite() && (-90.0..=90.0).contains(&latitude)) {
        return Some((
            "latitude",
            format!("{latitude} is out of range"),
            "-90 to 90 degrees",
        ));
    }
    if !(longitude.is_finite() && (-180.0..=180.0).contains(&longitude)) {
        return Some((
            "longitude",
            format!("{longitude} is out of range"),
            "-180 to 180 degrees",
        ));
    }
    None
}

fn location(c: &mut Checks, key: &str, at: Option<&Location>) {
    if let Some(l) = at
        && let Some((coordinate, message, accepted)) = location_problem(l.latitude, l.longitude)
    {
        c.push(
            ScenarioIssue::new(format!("{key}.location.{coordinate}"), message).accepted(accepted),
        );
    }
}

fn unique<'a>(c: &mut Checks, key: &str, id: &'a str, ids: &mut BTreeSet<&'a str>) {
    if id.trim().is_empty() {
        c.push(
            ScenarioIssue::new(format!("{key}.id"), "is empty").accepted("a non-empty identifier"),
        );
    } else if !ids.insert(id) {
        c.push(
            ScenarioIssue::new(
                format!("{key}.id"),
                format!("`{id}` is used by an earlier organisation"),
            )
            .accepted("identifiers unique across all organisations"),
        );
    }
}

/// See [`super::check`].
pub(super) fn check<'a>(c: &mut Checks, scenario: &'a Scenario, ids: &mut BTreeSet<&'a str>) {
    for (i, trust) in scenario.trusts.iter().enumerate() {
        location(c, &format!("trusts[{i}]"), trust.location.as_ref());
    }
    let trusts: BTreeSet<&str> = scenario.trusts.iter().map(|t| t.id.as_str()).collect();
    for (i, g) in scenario.gp_practices.iter().enumerate() {
        let key = format!("gp_practices[{i}]");
        unique(c, &key, &g.id, ids);
        location(c, &key, g.location.as_ref());
        c.int(
            &format!("{key}.list_size"),
            g.list_size,
            1,
            MAX_LIST_SIZE,
            "registered patients",
        );
        c.real(
            &format!("{key}.appointments_per_working_day"),
            g.appointments_per_working_day,
            Bound::Closed(0.0),
            MAX_GP_APPOINTMENTS,
            "appointments per working day",
        );
        let rates = &g.referrals_per_1000_per_working_day;
        for (name, v) in [
            ("routine", rates.routine),
            ("urgent", rates.urgent),
            ("urgent_suspected_cancer", rates.urgent_suspected_cancer),
        ] {
            c.real(
                &format!("{key}.referrals_per_1000_per_working_day.{name}"),
                v,
                Bound::Closed(0.0),
                1000.0,
                "referrals per 1,000 patients per working day",
            );
        }
        if !trusts.contains(g.home_trust.as_str()) {
            c.push(
                ScenarioIssue::new(
                    format!("{key}.home_trust"),
                    format!("no trust has id `{}`", g.home_trust),
                )
                .accepted("the id of an acute trust")
                .suggest(closest(&g.home_trust, trusts.iter().copied())),
            );
        }
    }
    for (i, a) in scenario.ambulance_services.iter().enumerate() {
        unique(c, &format!("ambulance_services[{i}]"), &a.id, ids);
    }
    for (i, s) in scenario.shared_services.iter().enumerate() {
        unique(c, &format!("shared_services[{i}]"), &s.id, ids);
    }
    for (i, s) in scenario.shared_services.iter().enumerate() {
        for (j, served) in s.serves.iter().enumerate() {
            if !ids.contains(served.as_str()) {
                c.push(
                    ScenarioIssue::new(
                        format!("shared_services[{i}].serves[{j}]"),
                        format!("no organisation has id `{served}`"),
                    )
                    .accepted("ids of trusts or GP practices")
                    .suggest(closest(served, ids.iter().copied())),
                );
            }
        }
    }
    geography(c, scenario, ids);
}

fn geography(c: &mut Checks, scenario: &Scenario, ids: &BTreeSet<&str>) {
    let g = &scenario.geography;
    c.real(
        "geography.road_speed_kmh",
        g.road_speed_kmh,
        Bound::Open(0.0),
        200.0,
        "km/h",
    );
    c.real(
        "geography.road_winding_factor",
        g.road_winding_factor,
        Bound::Closed(1.0),
        5.0,
        "road km per straight-line km",
    );
    c.real(
        "geography.unlocated_travel_min",
        g.unlocated_travel_min,
        Bound::Closed(0.0),
        MAX_TRAVEL_MIN,
        "minutes",
    );
    for (i, t) in g.travel_times.iter().enumerate() {
        let key = format!("geography.travel_times[{i}]");
        for (end, id) in [("from", &t.from), ("to", &t.to)] {
            if !ids.contains(id.as_str()) {
                c.push(
                    ScenarioIssue::new(
                        format!("{key}.{end}"),
                        format!("no organisation has id `{id}`"),
                    )
                    .accepted("the id of an organisation")
                    .suggest(closest(id, ids.iter().copied())),
                );
            }
        }
        c.real(
            &format!("{key}.minutes"),
            t.minutes,
            Bound::Closed(0.0),
            MAX_TRAVEL_MIN,
            "minutes",
        );
    }
}
