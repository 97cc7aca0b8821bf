//! Ambulance diversion: which departments divert, and where their
//! ambulances go instead.
//!
//! While a department is on divert, its ambulance patients are taken to the
//! nearest department that is not (by travel time from the diverting
//! department's site); walk-ins still arrive. The added journey is the
//! travel time between the two sites: patients are assumed to live near
//! their own department (ASSUMPTION A22). Travel times come from the
//! scenario's geography ([`crate::scenario::TravelTimes`]).

/// When a department diverts its ambulances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DivertTrigger {
    /// Never.
    Never,
    /// While it works on downtime procedures (a system it needs is down).
    EdOnPaper,
    /// While it works on downtime procedures, if malware infected it.
    InfectedAndEdOnPaper,
}

/// The diversion policy of the system.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DiversionPolicy {
    /// What starts a divert.
    pub trigger: DivertTrigger,
    /// The longest a divert lasts, hours.
    pub max_hours: f64,
}

impl Default for DiversionPolicy {
    fn default() -> Self {
        Self {
            trigger: DivertTrigger::Never,
            max_hours: f64::INFINITY,
        }
    }
}

/// Another department, as seen from one department.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbour {
    /// Its index in the model's organisations.
    pub organisation: usize,
    /// Road travel time between the two sites, minutes.
    pub minutes: f64,
    /// Road distance, km.
    pub km: f64,
    /// Straight-line distance, km (the measure of the diversion harm's
    /// effect size, Nicholl et al. 2007).
    pub straight_km: f64,
}

/// Every department's neighbours, nearest first (ties by index), from a
/// function giving the road (km, minutes) between two departments and the
/// road winding factor (road km per straight-line km).
pub fn neighbours(
    count: usize,
    winding_factor: f64,
    road: impl Fn(usize, usize) -> (f64, f64),
) -> Vec<Vec<Neighbour>> {
    (0..count)
        .map(|from| {
            let mut list: Vec<Neighbour> = (0..count)
                .filter(|&to| to != from)
                .map(|to| {
                    let (km, minutes) = road(from, to);
                    Neighbour {
                        organisation: to,
                        minutes,
                        km,
                        straight_km: km / winding_factor.max(1.0),
                    }
                })
                .collect();
            list.sort_by(|a, b| {
                a.minutes
                    .total_cmp(&b.minutes)
                    .then(a.organisation.cmp(&b.organisation))
            });
            list
        })
        .collect()
}
