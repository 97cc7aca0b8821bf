//! Travel between organisations: road distance from great-circle distance,
//! or a matrix of travel times the scenario gives.
//!
//! The engine asks two things of geography: how long a journey takes
//! (ambulance conveyance, a diverted patient) and which of several places
//! is nearest (a GP practice's home trust, the nearest open emergency
//! department). Both must be deterministic, so ties are broken by index.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Mean radius of the Earth (IUGG), in kilometres.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// How travel times between places are found (`[geography]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GeographySpec {
    /// Mean road speed, in km/h. Default 50: ASSUMPTION, between the
    /// average speed on English local A roads in the weekday morning peak
    /// (about 25 mph, 40 km/h, DfT congestion statistics) and free-flowing
    /// strategic roads (docs/model/system.md).
    #[serde(default = "default_road_speed_kmh")]
    pub road_speed_kmh: f64,
    /// Road kilometres per straight-line kilometre. Default 1.3:
    /// ASSUMPTION (a common circuity factor for road networks).
    #[serde(default = "default_road_winding_factor")]
    pub road_winding_factor: f64,
    /// Travel time to or from an organisation with no location, in
    /// minutes. Default 30: ASSUMPTION.
    #[serde(default = "default_unlocated_travel_min")]
    pub unlocated_travel_min: f64,
    /// A CSV file of `from,to,minutes` rows, relative to the scenario
    /// file. Read when the scenario is loaded and replaced by its rows in
    /// `travel_times`, so a resolved scenario is self-contained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub travel_time_matrix: Option<String>,
    /// Explicit travel times, which replace the distance-derived ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub travel_times: Vec<TravelTimeSpec>,
}

impl Default for GeographySpec {
    fn default() -> Self {
        Self {
            road_speed_kmh: default_road_speed_kmh(),
            road_winding_factor: default_road_winding_factor(),
            unlocated_travel_min: default_unlocated_travel_min(),
            travel_time_matrix: None,
            travel_times: Vec::new(),
        }
    }
}

fn default_road_speed_kmh() -> f64 {
    50.0
}
fn default_road_winding_factor() -> f64 {
    1.3
}
fn default_unlocated_travel_min() -> f64 {
    30.0
}

/// One entry of the travel-time matrix. It applies in both directions
/// unless the reverse journey has its own entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TravelTimeSpec {
    /// Organisation id the journey starts at.
    pub from: String,
    /// Organisation id the journey ends at.
    pub to: String,
    /// Travel time, in minutes.
    pub minutes: f64,
}

/// Travel distances and times between a fixed list of places, indexed as
/// the list given to [`TravelTimes::new`].
#[derive(Debug, Clone)]
pub struct TravelTimes {
    locations: Vec<Option<(f64, f64)>>,
    winding_factor: f64,
    speed_kmh: f64,
    unlocated_min: f64,
    /// Matrix entries by (from, to) index; both directions are stored.
    matrix_min: BTreeMap<(usize, usize), f64>,
}

impl TravelTimes {
    /// Travel times between `locations` (latitude, longitude in degrees;
    /// `None` for a place with no location), whose ids are `ids` (same
    /// order; used to apply `spec.travel_times`, whose entries naming an
    /// unknown id are ignored here and reported by validation).
    pub fn new(locations: &[Option<(f64, f64)>], spec: &GeographySpec, ids: &[&str]) -> Self {
        let index: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut matrix_min = BTreeMap::new();
        // Explicit directions first, so a reverse entry never overwrites one.
        for entry in &spec.travel_times {
            if let (Some(&a), Some(&b)) =
                (index.get(entry.from.as_str()), index.get(entry.to.as_str()))
            {
                matrix_min.insert((a, b), entry.minutes);
            }
        }
        for entry in &spec.travel_times {
            if let (Some(&a), Some(&b)) =
                (index.get(entry.from.as_str()), index.get(entry.to.as_str()))
            {
                matrix_min.entry((b, a)).or_insert(entry.minutes);
            }
        }
        Self {
            locations: locations.to_vec(),
            winding_factor: spec.road_winding_factor,
            speed_kmh: spec.road_speed_kmh,
            unlocated_min: spec.unlocated_travel_min,
            matrix_min,
        }
    }

    /// Road distance from `a` to `b` in km (great-circle distance times the
    /// winding factor); `None` when either has no location.
    pub fn km(&self, a: usize, b: usize) -> Option<f64> {
        let from = self.locations.get(a).copied().flatten()?;
        let to = self.locations.get(b).copied().flatten()?;
        Some(haversine_km(from, to) * self.winding_factor)
    }

    /// Travel time from `a` to `b` in minutes: the matrix entry when there
    /// is one, zero to itself, otherwise road distance over road speed, or
    /// the unlocated default when either place has no location.
    pub fn minutes(&self, a: usize, b: usize) -> f64 {
        if let Some(&m) = self.matrix_min.get(&(a, b)) {
            return m;
        }
        if a == b {
            return 0.0;
        }
        match self.km(a, b) {
            Some(km) if self.speed_kmh > 0.0 => km / self.speed_kmh * 60.0,
            _ => self.unlocated_min,
        }
    }

    /// The candidate nearest to `from` in travel time; ties go to the
    /// earliest candidate, so the answer never depends on float noise
    /// in iteration order. `None` when there are no candidates.
    pub fn nearest(&self, from: usize, candidates: impl Iterator<Item = usize>) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for c in candidates {
            let m = self.minutes(from, c);
            let better = match best {
                None => true,
                Some((bm, bi)) => m.total_cmp(&bm).then(c.cmp(&bi)).is_lt(),
            };
            if better {
                best = Some((m, c));
            }
        }
        best.map(|(_, i)| i)
    }
}

/// Great-circle distance between two (latitude, longitude) points in
/// degrees, in km.
pub(super) fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONDON: (f64, f64) = (51.5074, -0.1278);
    const MANCHESTER: (f64, f64) = (53.4808, -2.2426);
    const BIRMINGHAM: (f64, f64) = (52.4862, -1.8904);

    #[test]
    fn london_to_manchester_is_about_262_km_as_the_crow_flies() {
        let km = haversine_km(LONDON, MANCHESTER);
        assert!((km - 262.0).abs() < 3.0, "{km}");
    }

    #[test]
    fn travel_times_are_symmetric_and_zero_to_self() {
        let spec = GeographySpec::default();
        let t = TravelTimes::new(
            &[Some(LONDON), Some(MANCHESTER), None],
            &spec,
            &["l", "m", "x"],
        );
        assert_eq!(t.minutes(0, 1), t.minutes(1, 0));
        assert_eq!(t.minutes(0, 0), 0.0);
        assert_eq!(t.minutes(2, 2), 0.0);
        // 262 km x 1.3 at 50 km/h: about 409 minutes.
        let expected = haversine_km(LONDON, MANCHESTER) * 1.3 / 50.0 * 60.0;
        assert!((t.minutes(0, 1) - expected).abs() < 1e-9);
        assert_eq!(t.km(0, 2), None);
        assert_eq!(t.minutes(0, 2), 30.0);
    }

    #[test]
    fn a_matrix_entry_overrides_distance_in_both_directions_unless_the_reverse_is_given() {
        let spec = GeographySpec {
            travel_times: vec![
                TravelTimeSpec {
                    from: "l".into(),
                    to: "m".into(),
                    minutes: 200.0,
                },
                TravelTimeSpec {
                    from: "b".into(),
                    to: "l".into(),
                    minutes: 90.0,
                },
                TravelTimeSpec {
                    from: "l".into(),
                    to: "b".into(),
                    minutes: 100.0,
                },
                TravelTimeSpec {
                    from: "l".into(),
                    to: "nowhere".into(),
                    minutes: 1.0,
                },
            ],
            ..GeographySpec::default()
        };
        let t = TravelTimes::new(
            &[Some(LONDON), Some(MANCHESTER), Some(BIRMINGHAM)],
            &spec,
            &["l", "m", "b"],
        );
        assert_eq!(t.minutes(0, 1), 200.0);
        assert_eq!(t.minutes(1, 0), 200.0);
        assert_eq!(t.minutes(2, 0), 90.0);
        assert_eq!(t.minutes(0, 2), 100.0);
        // Distance still gives road km, whatever the matrix says.
        assert!(t.km(0, 1).is_some_and(|km| km > 300.0));
    }

    #[test]
    fn nearest_picks_the_closest_and_breaks_ties_by_index() {
        let spec = GeographySpec::default();
        let t = TravelTimes::new(
            &[
                Some(BIRMINGHAM),
                Some(LONDON),
                Some(MANCHESTER),
                Some(LONDON),
            ],
            &spec,
            &["b", "l1", "m", "l2"],
        );
        assert_eq!(t.nearest(0, [1, 2, 3].into_iter()), Some(2));
        assert_eq!(t.nearest(1, [3, 2].into_iter()), Some(3));
        // Two places at the same spot: the lower index wins, in any order.
        assert_eq!(t.nearest(2, [3, 1].into_iter()), Some(1));
        assert_eq!(t.nearest(2, std::iter::empty()), None);
    }
}
