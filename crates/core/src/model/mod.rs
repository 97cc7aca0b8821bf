//! The health-system model compiled from a scenario: organisations, their
//! services and the incidents that hit them.
//!
//! [`Model::build`] turns a validated [`Scenario`] into the structures the
//! engine runs: distributions compiled, arrival profiles normalised, dates
//! turned into simulated minutes.

mod arrivals;
mod beds;
mod diversion;
mod emergency_department;
mod imaging;
mod it_estate;
pub mod scheduled_care;

pub use arrivals::ArrivalProfile;
pub use beds::{
    Admission, AdmissionKind, AwaitingBed, Beds, DischargeDependency, DischargeRoute,
    SOCIAL_CARE_STEP, Ward,
};
pub use diversion::{DiversionPolicy, DivertTrigger, Neighbour, neighbours};
pub use emergency_department::{
    ACUITY_BANDS, Casemix, Diagnostic, DiagnosticOutcome, DiagnosticRequest, EdState,
    EmergencyDepartment, FOUR_HOURS_MIN, PaperMode, TWELVE_HOURS_MIN, TimeCritical, WaitingPatient,
    Working,
};
pub use imaging::{Imaging, MODALITIES, Modality, ScanNeed, ScanRequest, ScannerQueues, Scanners};
pub use it_estate::{ItEstate, SystemsState};

use crate::attack::{AttackPlan, AttackTarget, OrgKind};
use crate::clock::Calendar;
use crate::distributions::Sampler;
use crate::harm::HarmCatalogue;
use crate::scenario::{
    CasemixSpec, DiagnosticSpec, DiagnosticsSpec, DisruptionTrigger, ImagingSpec, Scenario,
    ScenarioError, ScenarioIssue, TravelTimes,
};
use scheduled_care::{PracticeCare, TrustCare, expected_referrals_per_working_day};

/// One organisation of the system.
#[derive(Debug, Clone)]
pub struct Organisation {
    /// Identifier from the scenario.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Region.
    pub region: String,
    /// Its emergency department.
    pub emergency_department: EmergencyDepartment,
    /// Its general and acute beds, if the scenario models them.
    pub beds: Option<Beds>,
    /// The scanners its emergency department calls on, if modelled.
    pub imaging: Option<Imaging>,
}

/// A GP practice, reported under its home trust.
#[derive(Debug, Clone)]
pub struct Practice {
    /// Index of its home trust in [`Model::organisations`].
    pub home_trust: usize,
    /// Its appointments and referrals.
    pub care: PracticeCare,
}

/// A scenario ready to simulate.
#[derive(Debug, Clone)]
pub struct Model {
    /// Scenario name.
    pub name: String,
    /// The run's calendar.
    pub calendar: Calendar,
    /// How IT systems depend on each other.
    pub it_estate: ItEstate,
    /// Organisations in scenario order (their index keys the random streams).
    pub organisations: Vec<Organisation>,
    /// The incidents, compiled: realised afresh in each replication.
    pub attack: AttackPlan,
    /// Every organisation the attack can reach: the trusts first, in
    /// [`Model::organisations`] order, then GP practices, ambulance
    /// services and shared services.
    pub targets: Vec<AttackTarget>,
    /// When departments divert ambulances.
    pub diversion: DiversionPolicy,
    /// Each department's neighbours, nearest first.
    pub neighbours: Vec<Vec<Neighbour>>,
    /// Each trust's scheduled care, where the scenario models it (in
    /// [`Model::organisations`] order).
    pub trust_care: Vec<Option<TrustCare>>,
    /// GP practices, in scenario order (attack targets after the trusts).
    pub practices: Vec<Practice>,
    /// The harm parameters in effect (the harm file with the scenario's
    /// overrides).
    pub harm: HarmCatalogue,
    /// Whether every replication uses the central harm values instead of
    /// drawing them (`--fixed-parameters`).
    pub fixed_harm_parameters: bool,
}

impl Model {
    /// Compiles a validated scenario.
    pub fn build(scenario: &Scenario) -> Result<Model, ScenarioError> {
        let cal = &scenario.calendar;
        let calendar = Calendar::new(
            cal.attack_date.0,
            cal.warm_up_days,
            cal.days_before_attack,
            cal.follow_up_days,
        );
        let mut issues = Vec::new();
        let mut organisations = Vec::with_capacity(scenario.trusts.len());
        for (i, t) in scenario.trusts.iter().enumerate() {
            let ed = &t.emergency_department;
            let Some(service_min) = Sampler::new(&ed.service_min) else {
                issues.push(ScenarioIssue::new(
                    format!("trusts[{i}].emergency_department.service_min"),
                    "cannot make a distribution from these parameters",
                ));
                continue;
            };
            let beds = match &t.beds {
                None => None,
                Some(b) => match (
                    Sampler::new(&b.emergency_los_days),
                    Sampler::new(&b.elective_los_days),
                ) {
                    (Some(los_days), Some(elective_los_days)) => Some(Beds {
                        count: b.general_and_acute,
                        admission_share: b.ed_admission_share,
                        los_days,
                        elective_los_days,
                        with_support_share: b.discharge_with_support_share,
                        discharge: [
                            (&b.discharge_needs, b.discharge_delay_factor),
                            (&b.pharmacy_needs, b.pharmacy_delay_factor),
                            (&b.social_care_needs, b.social_care_delay_factor),
                        ]
                        .map(|(needs, delay_factor)| DischargeDependency {
                            needs: needs.iter().fold(0, |m, s| m | s.bit()),
                            delay_factor,
                        }),
                        los_factor_by_acuity: beds::los_factors(
                            b.emergency_los_acuity_factors,
                            ed.casemix.acuity_shares,
                        ),
                    }),
                    (los, _) => {
                        let key = if los.is_none() {
                            "emergency_los_days"
                        } else {
                            "elective_los_days"
                        };
                        issues.push(ScenarioIssue::new(
                            format!("trusts[{i}].beds.{key}"),
                            "cannot make a distribution from these parameters",
                        ));
                        continue;
                    }
                },
            };
            let imaging = match &t.imaging {
                None => None,
                Some(spec) => match compile_imaging(spec) {
                    Some(imaging) => Some(imaging),
                    None => {
                        issues.push(ScenarioIssue::new(
                            format!("trusts[{i}].imaging"),
                            "cannot make a scan-time distribution from these parameters",
                        ));
                        continue;
                    }
                },
            };
            organisations.push(Organisation {
                beds,
                imaging,
                id: t.id.clone(),
                name: if t.name.is_empty() {
                    t.id.clone()
                } else {
                    t.name.clone()
                },
                region: t.region.clone(),
                emergency_department: EmergencyDepartment {
                    cubicles: ed.cubicles,
                    arrivals: ArrivalProfile::new(
                        ed.arrivals_per_day,
                        ed.hourly_arrival_weights.as_deref(),
                        ed.weekday_arrival_weights.as_deref(),
                    ),
                    service_min,
                    casemix: casemix(&ed.casemix),
                    diagnostics: match diagnostics(&ed.diagnostics) {
                        Some(d) => d,
                        None => {
                            issues.push(ScenarioIssue::new(
                                format!("trusts[{i}].emergency_department.diagnostics"),
                                "cannot make a turnaround distribution from these parameters",
                            ));
                            continue;
                        }
                    },
                    patience_min: if ed.left_without_being_seen.enabled {
                        Sampler::new(&ed.left_without_being_seen.patience_min)
                    } else {
                        None
                    },
                    needs: ed
                        .needs
                        .iter()
                        .map(|(system, paper)| PaperMode {
                            system_bit: system.bit(),
                            // Rehearsed downtime procedures work more on paper.
                            capacity_factor: (paper.capacity_factor
                                * scenario.controls.paper_capacity_multiplier())
                            .min(1.0),
                            service_time_factor: paper.service_time_factor,
                        })
                        .collect(),
                },
            });
        }
        let (trust_care, practices) = scheduled_care(scenario, &mut issues);
        let targets = attack_targets(scenario);
        let attack = match AttackPlan::build(scenario, &calendar, &targets) {
            Ok(plan) => Some(plan),
            Err(problems) => {
                issues.extend(problems);
                None
            }
        };
        let harm = match HarmCatalogue::embedded().with_overrides(&scenario.harm) {
            Ok(h) => h,
            Err(problems) => {
                for (name, problem) in problems {
                    issues.push(ScenarioIssue::new(
                        format!("harm.overrides.{name}"),
                        problem,
                    ));
                }
                HarmCatalogue::embedded().clone()
            }
        };
        let Some(attack) = attack.filter(|_| issues.is_empty()) else {
            return Err(ScenarioError::Invalid(issues));
        };
        Ok(Model {
            harm,
            fixed_harm_parameters: false,
            name: scenario.name.clone(),
            calendar,
            it_estate: ItEstate::new(&scenario.it_estate.effective()),
            neighbours: {
                let locations: Vec<Option<(f64, f64)>> = scenario
                    .trusts
                    .iter()
                    .map(|t| t.location.map(|l| (l.latitude, l.longitude)))
                    .collect();
                let ids: Vec<&str> = scenario.trusts.iter().map(|t| t.id.as_str()).collect();
                let travel = TravelTimes::new(&locations, &scenario.geography, &ids);
                // Without locations the road distance follows from the
                // travel time at the stated speed.
                let speed_km_per_min = scenario.geography.road_speed_kmh / 60.0;
                neighbours(
                    organisations.len(),
                    scenario.geography.road_winding_factor,
                    |a, b| {
                        let minutes = travel.minutes(a, b);
                        (
                            travel.km(a, b).unwrap_or(minutes * speed_km_per_min),
                            minutes,
                        )
                    },
                )
            },
            organisations,
            trust_care,
            practices,
            attack,
            targets,
            diversion: DiversionPolicy {
                trigger: match scenario.response.diversion.trigger {
                    DisruptionTrigger::Never => DivertTrigger::Never,
                    DisruptionTrigger::EdSystemsDown => DivertTrigger::EdOnPaper,
                    DisruptionTrigger::Infected => DivertTrigger::InfectedAndEdOnPaper,
                },
                max_hours: scenario.response.diversion.max_hours,
            },
        })
    }
}

fn casemix(spec: &CasemixSpec) -> Casemix {
    let tc = &spec.time_critical;
    let groups = [tc.stroke, tc.stemi, tc.sepsis, tc.major_trauma];
    Casemix {
        ambulance_share: spec.ambulance_share,
        acuity_cumulative: [
            spec.acuity_shares[0],
            spec.acuity_shares[0] + spec.acuity_shares[1],
        ],
        time_critical_share: groups.map(|g| g.share),
        to_intervention_min: groups.map(|g| g.to_intervention_min),
    }
}

fn compile_imaging(spec: &ImagingSpec) -> Option<Imaging> {
    let one = |m: &crate::scenario::ModalitySpec| {
        Some(Scanners {
            count: m.scanners,
            scan_min: Sampler::new(&m.scan_min)?,
        })
    };
    Some(Imaging {
        scanners: [one(&spec.ct)?, one(&spec.mri)?, one(&spec.x_ray)?],
        ct_share_by_acuity: spec.ed_ct_share_by_acuity,
        mri_share_by_acuity: spec.ed_mri_share_by_acuity,
    })
}

fn diagnostics(spec: &DiagnosticsSpec) -> Option<[Diagnostic; 2]> {
    let one = |d: &DiagnosticSpec| {
        Some(Diagnostic {
            request_share: d.request_share,
            turnaround_min: Sampler::new(&d.turnaround_min)?,
            needs: d.needs.iter().fold(0, |m, s| m | s.bit()),
            paper_turnaround_factor: d.paper_turnaround_factor,
            lost_result_probability: d.lost_result_probability,
        })
    };
    Some([one(&spec.imaging)?, one(&spec.pathology)?])
}

/// The organisations the attack model sees, trusts first (so a trust's
/// index is the same in both lists), then GP practices, ambulance services
/// and shared services. A shared service with an empty `serves` list serves
/// every trust and practice.
fn attack_targets(scenario: &Scenario) -> Vec<AttackTarget> {
    let location = |l: &Option<crate::scenario::GeoLocation>| l.map(|l| (l.latitude, l.longitude));
    let mut targets: Vec<AttackTarget> = Vec::new();
    for t in &scenario.trusts {
        targets.push(AttackTarget {
            id: t.id.clone(),
            kind: OrgKind::AcuteTrust,
            region: t.region.clone(),
            location: location(&t.location),
            uses_services: Vec::new(),
        });
    }
    for p in &scenario.gp_practices {
        targets.push(AttackTarget {
            id: p.id.clone(),
            kind: OrgKind::GpPractice,
            region: p.region.clone(),
            location: location(&p.location),
            uses_services: Vec::new(),
        });
    }
    for a in &scenario.ambulance_services {
        targets.push(AttackTarget {
            id: a.id.clone(),
            kind: OrgKind::AmbulanceService,
            region: a.region.clone(),
            location: None,
            uses_services: Vec::new(),
        });
    }
    let clients = scenario.trusts.len() + scenario.gp_practices.len();
    for s in &scenario.shared_services {
        let index = targets.len();
        targets.push(AttackTarget {
            id: s.id.clone(),
            kind: OrgKind::SharedService,
            region: String::new(),
            location: None,
            uses_services: Vec::new(),
        });
        for t in targets.iter_mut().take(clients) {
            if s.serves.is_empty() || s.serves.contains(&t.id) {
                t.uses_services.push(index);
            }
        }
    }
    targets
}

/// Compiles every trust's scheduled care and every GP practice. A trust's
/// first-appointment demand counts the referrals its practices will send.
fn scheduled_care(
    scenario: &Scenario,
    issues: &mut Vec<ScenarioIssue>,
) -> (Vec<Option<TrustCare>>, Vec<Practice>) {
    let trust_index = |id: &str| scenario.trusts.iter().position(|t| t.id == id);
    let mut expected = vec![[0.0; 3]; scenario.trusts.len()];
    for p in &scenario.gp_practices {
        if let Some(h) = trust_index(&p.home_trust) {
            let r = expected_referrals_per_working_day(p);
            for (e, r) in expected[h].iter_mut().zip(r) {
                *e += r;
            }
        }
    }
    let mut relocate = |prefix: String, e: scheduled_care::ScheduledCareError| {
        for mut issue in e.0 {
            if !prefix.is_empty() {
                issue.key = format!("{prefix}.{}", issue.key);
            }
            issues.push(issue);
        }
    };
    let trust_care: Vec<Option<TrustCare>> = scenario
        .trusts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let spec = rehearsed(t.scheduled_care.as_ref()?, &scenario.controls);
            TrustCare::new(&spec, expected[i], t.theatres.as_ref())
                .map_err(|e| relocate(format!("trusts[{i}]"), e))
                .ok()
        })
        .collect();
    let mut practices = Vec::with_capacity(scenario.gp_practices.len());
    for p in &scenario.gp_practices {
        let Some(home_trust) = trust_index(&p.home_trust) else {
            continue;
        };
        match PracticeCare::new(p, trust_care[home_trust].as_ref()) {
            Ok(care) => practices.push(Practice { home_trust, care }),
            Err(e) => relocate(String::new(), e),
        }
    }
    (trust_care, practices)
}

/// A trust's scheduled care with the paper capacity of rehearsed downtime
/// procedures (the `downtime_procedures` control), capped at normal.
fn rehearsed(
    spec: &crate::scenario::ScheduledCareSpec,
    controls: &crate::scenario::ControlsSpec,
) -> crate::scenario::ScheduledCareSpec {
    use crate::scenario::DowntimeModeSpec;
    let multiplier = controls.paper_capacity_multiplier();
    let mut spec = spec.clone();
    if multiplier == 1.0 {
        return spec;
    }
    let services = [
        &mut spec.outpatient_first,
        &mut spec.outpatient_follow_up,
        &mut spec.elective_day_case,
        &mut spec.elective_inpatient,
        &mut spec.referral_registration,
    ];
    for (i, service) in services.into_iter().enumerate() {
        if let DowntimeModeSpec::Paper { capacity_factor } = service.resolve(i).downtime {
            service.downtime = Some(DowntimeModeSpec::Paper {
                capacity_factor: (capacity_factor * multiplier).min(1.0),
            });
        }
    }
    spec
}
