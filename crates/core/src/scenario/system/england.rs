//! The built-in England-like generator (`[system.england]`): acute trusts,
//! GP practices, ambulance services and shared services sized from
//! published national totals (see `published.rs` and docs/model/system.md).
//!
//! Everything drawn comes from one ChaCha8 generator seeded by the
//! generator's own `seed`, in a fixed order, so the same keys give the same
//! system on every machine, whatever the Monte Carlo seed.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::published as p;
use super::regions::{REGIONS, Region, apportion};
use super::{
    AmbulanceServiceSpec, GpPracticeSpec, Location, ReferralRatesSpec, SharedServiceKind,
    SharedServiceSpec,
};
use super::{GeographySpec, TravelTimes};
use crate::distributions::{Sampler, uniform};
use crate::scenario::error::{ScenarioIssue, closest};
use crate::scenario::{
    BedsSpec, DistributionKind, DistributionSpec, EmergencyDepartmentSpec, ImagingSpec,
    ScheduledCareSpec, ScheduledVolumes, TrustSpec, default_discharge_needs,
};

/// Kilometres per degree of latitude (mean Earth radius).
const KM_PER_DEGREE: f64 = 111.195;

/// `[system.england]`: an England-like system, the whole country or a
/// part of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnglandSpec {
    /// Acute trusts to generate. Default 132, the trusts with a type 1
    /// emergency department in England (NHS Digital, 2020).
    #[serde(default = "default_trusts")]
    pub trusts: u32,
    /// GP practices per trust. Default 7,454 / 132 = 56.5 (practices in
    /// 2017 over trusts with a type 1 ED).
    #[serde(default = "default_gp_practices_per_trust")]
    pub gp_practices_per_trust: f64,
    /// The regions to place trusts in, by name (e.g. "London"). Empty: all
    /// seven NHS England regions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// The generator's seed, separate from the Monte Carlo seed: the same
    /// seed gives the same system.
    #[serde(default = "default_generator_seed")]
    pub seed: u64,
    /// Between-trust coefficient of variation of size (ED arrivals, beds,
    /// scheduled volumes all scale together). Default 0.3: ASSUMPTION.
    #[serde(default = "default_variation")]
    pub variation: f64,
    /// Whether each region gets a shared pathology network serving its
    /// trusts and practices. Default true.
    #[serde(default = "default_pathology_networks")]
    pub pathology_networks: bool,
}

impl Default for EnglandSpec {
    fn default() -> Self {
        Self {
            trusts: default_trusts(),
            gp_practices_per_trust: default_gp_practices_per_trust(),
            regions: Vec::new(),
            seed: default_generator_seed(),
            variation: default_variation(),
            pathology_networks: default_pathology_networks(),
        }
    }
}

fn default_trusts() -> u32 {
    p::TRUSTS_WITH_TYPE_1_ED
}
fn default_gp_practices_per_trust() -> f64 {
    p::GP_PRACTICES_2017 / f64::from(p::TRUSTS_WITH_TYPE_1_ED)
}
fn default_generator_seed() -> u64 {
    1
}
fn default_variation() -> f64 {
    p::TRUST_SIZE_CV
}
fn default_pathology_networks() -> bool {
    true
}

/// The organisations a generator or CSV files add to a scenario.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Organisations {
    pub trusts: Vec<TrustSpec>,
    pub gp_practices: Vec<GpPracticeSpec>,
    pub ambulance_services: Vec<AmbulanceServiceSpec>,
    pub shared_services: Vec<SharedServiceSpec>,
}

/// The most trusts the generator makes (ten Englands).
const MAX_TRUSTS: u32 = 1320;

/// Generates the system `spec` describes, or says which keys are wrong.
pub(super) fn generate(
    spec: &EnglandSpec,
    geography: &GeographySpec,
) -> Result<Organisations, Vec<ScenarioIssue>> {
    let regions = check_spec(spec)?;
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let weights: Vec<f64> = regions.iter().map(|r| r.population_millions).collect();
    let per_region = apportion(spec.trusts, &weights);

    let size_factors = size_factors(&mut rng, spec.trusts as usize, spec.variation);
    let mut out = Organisations::default();
    let mut trust_region = Vec::new();
    for (region, &count) in regions.iter().zip(&per_region) {
        for k in 1..=count {
            let f = size_factors[out.trusts.len()];
            let at = point_in_disc(
                &mut rng,
                (region.latitude, region.longitude),
                region.radius_km,
            );
            let mut trust = trust(format!("{}-trust-{k:02}", region.code), f);
            trust.name = format!("{} acute trust {k}", region.name);
            trust.region = region.name.to_string();
            trust.location = Some(at);
            out.trusts.push(trust);
            trust_region.push(*region);
        }
    }

    practices(
        spec,
        geography,
        &mut rng,
        &size_factors,
        &trust_region,
        &mut out,
    );

    for (region, &count) in regions.iter().zip(&per_region) {
        if count == 0 {
            continue;
        }
        for (suffix, name) in region.ambulance_services {
            out.ambulance_services.push(AmbulanceServiceSpec {
                id: format!("ambulance-{suffix}"),
                name: (*name).to_string(),
                region: region.name.to_string(),
            });
        }
    }
    out.shared_services.push(SharedServiceSpec {
        id: "e-referral".into(),
        name: "NHS e-Referral Service".into(),
        kind: SharedServiceKind::EReferral,
        serves: Vec::new(),
    });
    out.shared_services.push(SharedServiceSpec {
        id: "national-network".into(),
        name: "National network (HSCN)".into(),
        kind: SharedServiceKind::NationalNetwork,
        serves: Vec::new(),
    });
    if spec.pathology_networks {
        for (region, &count) in regions.iter().zip(&per_region) {
            if count == 0 {
                continue;
            }
            let in_region = |r: &str| r == region.name;
            let serves = out
                .trusts
                .iter()
                .filter(|t| in_region(&t.region))
                .map(|t| t.id.clone())
                .chain(
                    out.gp_practices
                        .iter()
                        .filter(|g| in_region(&g.region))
                        .map(|g| g.id.clone()),
                )
                .collect();
            out.shared_services.push(SharedServiceSpec {
                id: format!("pathology-{}", region.code),
                name: format!("{} pathology network", region.name),
                kind: SharedServiceKind::Pathology,
                serves,
            });
        }
    }
    Ok(out)
}

/// The regions to use, or the problems with the keys.
fn check_spec(spec: &EnglandSpec) -> Result<Vec<Region>, Vec<ScenarioIssue>> {
    let mut issues = Vec::new();
    let key = "system.england";
    if !(1..=MAX_TRUSTS).contains(&spec.trusts) {
        issues.push(
            ScenarioIssue::new(
                format!("{key}.trusts"),
                format!("{} is out of range", spec.trusts),
            )
            .accepted(format!(
                "1 to {MAX_TRUSTS} trusts (132 is the whole of England)"
            )),
        );
    }
    let ratio = spec.gp_practices_per_trust;
    if !(ratio.is_finite() && (0.0..=1000.0).contains(&ratio)) {
        issues.push(
            ScenarioIssue::new(
                format!("{key}.gp_practices_per_trust"),
                format!("{ratio} is out of range"),
            )
            .accepted("[0, 1000] practices per trust"),
        );
    }
    let cv = spec.variation;
    if !(cv.is_finite() && (0.0..=2.0).contains(&cv)) {
        issues.push(
            ScenarioIssue::new(format!("{key}.variation"), format!("{cv} is out of range"))
                .accepted("[0, 2] (coefficient of variation)"),
        );
    }
    let mut regions = Vec::new();
    for (i, name) in spec.regions.iter().enumerate() {
        match REGIONS
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(name.trim()))
        {
            Some(r) if regions.iter().any(|x: &Region| x.name == r.name) => issues.push(
                ScenarioIssue::new(
                    format!("{key}.regions[{i}]"),
                    format!("`{name}` is listed twice"),
                )
                .accepted("each region once"),
            ),
            Some(r) => regions.push(*r),
            None => issues.push(
                ScenarioIssue::new(
                    format!("{key}.regions[{i}]"),
                    format!("unknown region `{name}`"),
                )
                .accepted(format!("one of {}", region_names()))
                .suggest(closest(name, REGIONS.iter().map(|r| r.name))),
            ),
        }
    }
    if spec.regions.is_empty() {
        regions = REGIONS.to_vec();
    } else {
        // Ids and draws follow the fixed region order, not the order written.
        regions.sort_by_key(|r| REGIONS.iter().position(|x| x.name == r.name));
    }
    if issues.is_empty() {
        Ok(regions)
    } else {
        Err(issues)
    }
}

fn region_names() -> String {
    REGIONS
        .iter()
        .map(|r| format!("\"{}\"", r.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Relative trust sizes, log-normal with mean 1 and coefficient of
/// variation `cv`, rescaled so their mean is exactly 1: the system total
/// then matches the published per-trust figures times the number of trusts.
fn size_factors(rng: &mut ChaCha8Rng, n: usize, cv: f64) -> Vec<f64> {
    let sampler = Sampler::new(&DistributionSpec {
        distribution: DistributionKind::Lognormal,
        mean: 1.0,
        sd: Some(cv),
    });
    let mut f: Vec<f64> = (0..n)
        .map(|_| match &sampler {
            // Very small or large trusts are implausible: keep 0.2 to 5 times the average.
            Some(s) => s.sample(rng).clamp(0.2, 5.0),
            None => 1.0,
        })
        .collect();
    let mean = f.iter().sum::<f64>() / n.max(1) as f64;
    if mean > 0.0 {
        f.iter_mut().for_each(|x| *x /= mean);
    }
    f
}

/// An average trust scaled by `f`.
fn trust(id: String, f: f64) -> TrustSpec {
    let arrivals_per_day = p::ED_ATTENDANCES_PER_TRUST_PER_DAY * f;
    let mut ed = EmergencyDepartmentSpec::new(
        ed_cubicles(arrivals_per_day),
        arrivals_per_day,
        DistributionSpec {
            distribution: DistributionKind::Lognormal,
            mean: p::ED_SERVICE_MEAN_MIN,
            sd: Some(p::ED_SERVICE_SD_MIN),
        },
    );
    ed.hourly_arrival_weights = Some(p::ED_HOURLY_WEIGHTS.to_vec());
    ed.weekday_arrival_weights = Some(p::ED_WEEKDAY_WEIGHTS.to_vec());
    let mut trust = TrustSpec::new(id, ed);
    trust.beds = Some(beds(p::beds_per_trust() * f));
    trust.imaging = Some(ImagingSpec::scaled(f));
    trust.scheduled_care = Some(ScheduledCareSpec::from_volumes(&ScheduledVolumes {
        outpatient_booked_per_working_day: p::OUTPATIENT_BOOKED_PER_TRUST_PER_DAY
            * p::WORKING_DAY_FACTOR
            * f,
        elective_day_case_per_working_day: p::ELECTIVE_DAY_CASES_PER_TRUST_PER_DAY
            * p::WORKING_DAY_FACTOR
            * f,
        elective_inpatient_per_working_day: (p::ELECTIVE_ADMISSIONS_PER_TRUST_PER_DAY
            - p::ELECTIVE_DAY_CASES_PER_TRUST_PER_DAY)
            * p::WORKING_DAY_FACTOR
            * f,
    }));
    trust
}

/// Cubicles by square-root staffing on the offered load (arrivals per
/// minute x mean service minutes), never fewer than the load needs to be
/// stable.
pub(super) fn ed_cubicles(arrivals_per_day: f64) -> u32 {
    let load = arrivals_per_day / 1440.0 * p::ED_SERVICE_MEAN_MIN;
    let staffed = (load + p::ED_STAFFING_BETA * load.sqrt()).round();
    staffed.max(load.floor() + 1.0).clamp(1.0, 10_000.0) as u32
}

/// General and acute beds, `beds` of them (rounded), with the England
/// emergency length of stay and admission share.
pub(super) fn beds(beds: f64) -> BedsSpec {
    let los = p::emergency_los_mean_days();
    BedsSpec {
        general_and_acute: beds.round().clamp(1.0, 10_000.0) as u32,
        ed_admission_share: p::ed_admission_share(),
        emergency_los_days: DistributionSpec {
            distribution: DistributionKind::Lognormal,
            mean: los,
            sd: Some(los * p::EMERGENCY_LOS_CV),
        },
        discharge_needs: default_discharge_needs(),
        discharge_delay_factor: 1.5,
        pharmacy_needs: crate::scenario::default_pharmacy_needs(),
        pharmacy_delay_factor: crate::scenario::default_hand_off_factor(),
        social_care_needs: crate::scenario::default_social_care_needs(),
        social_care_delay_factor: crate::scenario::default_hand_off_factor(),
        discharge_with_support_share: crate::scenario::default_discharge_with_support_share(),
        elective_los_days: crate::scenario::default_elective_los_days(),
        emergency_los_acuity_factors: crate::scenario::default_los_acuity_factors(),
    }
}

/// GP practices: each trust gets a share of them in proportion to its size,
/// placed in a catchment disc around it; each is then referred to its
/// nearest trust (almost always the one it was placed around).
fn practices(
    spec: &EnglandSpec,
    geography: &GeographySpec,
    rng: &mut ChaCha8Rng,
    size_factors: &[f64],
    trust_region: &[Region],
    out: &mut Organisations,
) {
    let total = (f64::from(spec.trusts) * spec.gp_practices_per_trust).round() as u32;
    let per_trust = apportion(total, size_factors);
    let list_size = Sampler::new(&DistributionSpec {
        distribution: DistributionKind::Lognormal,
        mean: p::GP_LIST_SIZE_MEAN,
        sd: Some(p::GP_LIST_SIZE_MEAN * p::GP_LIST_SIZE_CV),
    });
    let per_patient = p::gp_appointments_per_patient_per_working_day();
    let mut counters = [0u32; REGIONS.len()];
    let mut locations: Vec<Option<(f64, f64)>> = out
        .trusts
        .iter()
        .map(|t| t.location.map(|l| (l.latitude, l.longitude)))
        .collect();
    for (t, &count) in per_trust.iter().enumerate() {
        let region = trust_region[t];
        let trusts_in_region = trust_region
            .iter()
            .filter(|r| r.name == region.name)
            .count();
        // Catchments share the region's area between its trusts.
        let catchment_km = (region.radius_km / (trusts_in_region as f64).sqrt()).max(5.0);
        let centre = locations[t].unwrap_or((region.latitude, region.longitude));
        let r = REGIONS
            .iter()
            .position(|x| x.name == region.name)
            .unwrap_or(0);
        for _ in 0..count {
            counters[r] += 1;
            let at = point_in_disc(rng, centre, catchment_km);
            let list = list_size
                .as_ref()
                .map_or(p::GP_LIST_SIZE_MEAN, |s| s.sample(rng))
                .clamp(1000.0, 60_000.0)
                .round();
            locations.push(Some((at.latitude, at.longitude)));
            out.gp_practices.push(GpPracticeSpec {
                id: format!("{}-gp-{:04}", region.code, counters[r]),
                name: format!("{} practice {}", region.name, counters[r]),
                region: region.name.to_string(),
                location: Some(at),
                list_size: list as u32,
                appointments_per_working_day: (list * per_patient * 10.0).round() / 10.0,
                home_trust: String::new(),
                referrals_per_1000_per_working_day: ReferralRatesSpec::default(),
            });
        }
    }
    let ids: Vec<&str> = Vec::new();
    let travel = TravelTimes::new(&locations, geography, &ids);
    let n = out.trusts.len();
    for (g, practice) in out.gp_practices.iter_mut().enumerate() {
        let home = travel.nearest(n + g, 0..n).unwrap_or(0);
        practice.home_trust = out.trusts[home].id.clone();
    }
}

/// A point drawn uniformly in the disc of `radius_km` around `centre`,
/// with coordinates rounded to 4 decimals (about 10 m).
fn point_in_disc(rng: &mut ChaCha8Rng, centre: (f64, f64), radius_km: f64) -> Location {
    let r = radius_km * uniform(rng).sqrt();
    let theta = std::f64::consts::TAU * uniform(rng);
    let lat = centre.0 + r * theta.sin() / KM_PER_DEGREE;
    let lon = centre.1 + r * theta.cos() / (KM_PER_DEGREE * centre.0.to_radians().cos());
    let round = |x: f64| (x * 1e4).round() / 1e4;
    Location {
        latitude: round(lat.clamp(-90.0, 90.0)),
        longitude: round(lon.clamp(-180.0, 180.0)),
    }
}

#[cfg(test)]
#[path = "england_tests.rs"]
mod tests;
