//! Scheduled care in scenario files: outpatient clinics, elective
//! operations, GP appointments and referrals, booked as cohorts.
//!
//! Every key may be left out; a missing key takes the default of its
//! service ([`ServiceDefaults`]), documented with its source and status in
//! `docs/model/scheduled-care.md`.
//!
//! ```toml
//! [trusts.scheduled_care]
//! headroom = 0.05
//! surge = { extra_capacity_share = 0.1, max_days = 60 }
//! [trusts.scheduled_care.elective_day_case]
//! per_working_day = 150
//! downtime = { mode = "stop_and_cancel" }
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::error::ScenarioIssue;
use super::validate::Checks;
use super::{ItSystem, Scenario};

/// The services of a trust's scheduled care, in the order of every
/// per-service array in the model (`TrustService` in the model).
pub const TRUST_SERVICE_KEYS: [&str; 5] = [
    "outpatient_first",
    "outpatient_follow_up",
    "elective_day_case",
    "elective_inpatient",
    "referral_registration",
];

/// Factor from the England-like figures (annual activity / 365, Ghafur et
/// al. 2019) to a working day: 365 / 261 weekdays. ASSUMPTION: the source's
/// "per day" is per calendar day, and scheduled care runs on weekdays only.
pub const CALENDAR_TO_WORKING_DAY: f64 = 365.0 / 261.0;

/// A trust's scheduled care.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduledCareSpec {
    /// Normal capacity above mean demand, as a share (0.05: 5% more
    /// sessions than patients booked), so that a backlog can clear.
    /// Default 0.05 (ASSUMPTION).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headroom: Option<f64>,
    /// Working days after a hospital cancellation at the normal rate before
    /// the rebooked appointment. Default 10 (ASSUMPTION).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rebook_lead_working_days: Option<u32>,
    /// Extra sessions after an outage until the backlog is back to normal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surge: Option<SurgeSpec>,
    /// First outpatient appointments (GP referrals and others).
    #[serde(default)]
    pub outpatient_first: ServiceSpec,
    /// Outpatient follow-up appointments.
    #[serde(default)]
    pub outpatient_follow_up: ServiceSpec,
    /// Elective day cases.
    #[serde(default)]
    pub elective_day_case: ServiceSpec,
    /// Elective inpatient operations (admitted to a bed).
    #[serde(default)]
    pub elective_inpatient: ServiceSpec,
    /// Registration of the referrals the trust receives (no patient is
    /// seen: `per_working_day` and capacity do not apply).
    #[serde(default)]
    pub referral_registration: ServiceSpec,
}

/// One service; every key optional, defaulting per service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    /// Patients booked per working day (mean of a Poisson count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_working_day: Option<f64>,
    /// Share of patients with cancer priority (for first appointments:
    /// urgent suspected-cancer referrals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancer_share: Option<f64>,
    /// Share of patients with urgent (not cancer) priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgent_share: Option<f64>,
    /// Working days from booking to the appointment, by priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_working_days: Option<ByPriority<u32>>,
    /// Share of booked patients the hospital cancels at the normal rate
    /// (in both arms), by priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hospital_cancel_rate: Option<ByPriority<f64>>,
    /// The IT systems the service needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs: Option<Vec<ItSystem>>,
    /// What the service does while a system it needs is down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub downtime: Option<DowntimeModeSpec>,
}

/// A value per clinical priority.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ByPriority_{T}")]
pub struct ByPriority<T> {
    /// Cancer (for referrals: urgent suspected cancer, two-week wait).
    pub cancer: T,
    /// Urgent.
    pub urgent: T,
    /// Routine.
    pub routine: T,
}

impl<T: Copy> ByPriority<T> {
    /// In priority order: cancer, urgent, routine.
    pub fn to_array(self) -> [T; 3] {
        [self.cancer, self.urgent, self.routine]
    }
}

/// What a service does while the systems it needs are down.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "mode", rename_all = "snake_case", deny_unknown_fields)]
pub enum DowntimeModeSpec {
    /// Works on paper at a share of normal capacity.
    Paper {
        /// Share of normal capacity, (0, 1].
        capacity_factor: f64,
    },
    /// Cancels the sessions that fall while the systems are down.
    StopAndCancel,
}

impl DowntimeModeSpec {
    /// The paper capacity factor; `None` for stop-and-cancel.
    pub fn paper_capacity_factor(self) -> Option<f64> {
        match self {
            DowntimeModeSpec::Paper { capacity_factor } => Some(capacity_factor),
            DowntimeModeSpec::StopAndCancel => None,
        }
    }
}

/// Extra capacity after an outage.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SurgeSpec {
    /// Extra sessions as a share of normal capacity.
    pub extra_capacity_share: f64,
    /// The most working days the surge lasts.
    pub max_days: u32,
}

impl Default for SurgeSpec {
    /// ASSUMPTION: 10% extra (evening and weekend lists) for up to 60
    /// working days.
    fn default() -> Self {
        Self {
            extra_capacity_share: 0.1,
            max_days: 60,
        }
    }
}

/// A service with every setting resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceDefaults {
    /// Patients booked per working day.
    pub per_working_day: f64,
    /// Cancer share.
    pub cancer_share: f64,
    /// Urgent share.
    pub urgent_share: f64,
    /// Lead time by priority, working days.
    pub lead_working_days: ByPriority<u32>,
    /// Normal hospital cancellation rate by priority.
    pub hospital_cancel_rate: ByPriority<f64>,
    /// Needed systems.
    pub needs: Vec<ItSystem>,
    /// Downtime mode.
    pub downtime: DowntimeModeSpec,
}

/// Outpatient appointments booked per trust per working day: 1,603.9 per
/// day (Ghafur et al. 2019, npj Digit Med 2:98, Table 2; CONFIRMED) ×
/// [`CALENDAR_TO_WORKING_DAY`] (DERIVED).
pub const OUTPATIENT_BOOKED_PER_WORKING_DAY: f64 = 1603.9 * CALENDAR_TO_WORKING_DAY;
/// Share of outpatient appointments that are first appointments.
/// ASSUMPTION (not in the evidence): 0.3.
pub const OUTPATIENT_FIRST_SHARE: f64 = 0.3;
/// Elective day cases per trust per working day: 119.6 per day (Ghafur
/// 2019; CONFIRMED) × [`CALENDAR_TO_WORKING_DAY`].
pub const DAY_CASE_PER_WORKING_DAY: f64 = 119.6 * CALENDAR_TO_WORKING_DAY;
/// Elective inpatients per trust per working day: 120.4 − 119.6 = 0.8 per
/// day (Ghafur 2019; DERIVED) × [`CALENDAR_TO_WORKING_DAY`]. Probably an
/// undercount: see docs/model/scheduled-care.md.
pub const INPATIENT_PER_WORKING_DAY: f64 = 0.8 * CALENDAR_TO_WORKING_DAY;

/// Normal on-the-day cancellation of elective surgery: 13.9% (Wong et al.
/// 2018, Br J Anaesth 121:730; CONFIRMED); cancer surgery odds ratio 0.32,
/// so odds 0.139/0.861 × 0.32 → 4.9% (DERIVED).
const SURGERY_CANCEL: ByPriority<f64> = ByPriority {
    cancer: 0.049,
    urgent: 0.139,
    routine: 0.139,
};

/// Hospital-initiated outpatient cancellations: 119.8 / 1,603.9 = 7.5%
/// (Ghafur 2019, DERIVED; NHS Digital gives 9.5% for 2021/22).
const OUTPATIENT_CANCEL: ByPriority<f64> = ByPriority {
    cancer: 0.075,
    urgent: 0.075,
    routine: 0.075,
};

/// The defaults of service `index` (in [`TRUST_SERVICE_KEYS`] order).
pub fn service_defaults(index: usize) -> ServiceDefaults {
    use ItSystem::*;
    let lead = |cancer, urgent, routine| ByPriority {
        cancer,
        urgent,
        routine,
    };
    let paper = |capacity_factor| DowntimeModeSpec::Paper { capacity_factor };
    let first = OUTPATIENT_BOOKED_PER_WORKING_DAY * OUTPATIENT_FIRST_SHARE;
    match index {
        0 => ServiceDefaults {
            per_working_day: first,
            // USC referrals 286,720 a month (NHS England, July 2024) / 21.75
            // working days / 132 trusts ≈ 100 a day ≈ 15% of first
            // appointments (DERIVED).
            cancer_share: 0.15,
            urgent_share: 0.15,
            // 7 working days = 9 calendar days, inside the two-week standard.
            lead_working_days: lead(7, 10, 30),
            hospital_cancel_rate: OUTPATIENT_CANCEL,
            needs: vec![Pas, Epr],
            downtime: paper(0.5),
        },
        1 => ServiceDefaults {
            per_working_day: OUTPATIENT_BOOKED_PER_WORKING_DAY - first,
            cancer_share: 0.05,
            urgent_share: 0.10,
            lead_working_days: lead(10, 15, 40),
            hospital_cancel_rate: OUTPATIENT_CANCEL,
            needs: vec![Pas, Epr],
            downtime: paper(0.5),
        },
        2 | 3 => ServiceDefaults {
            per_working_day: if index == 2 {
                DAY_CASE_PER_WORKING_DAY
            } else {
                INPATIENT_PER_WORKING_DAY
            },
            cancer_share: 0.08,
            urgent_share: 0.15,
            lead_working_days: lead(15, 20, 60),
            hospital_cancel_rate: SURGERY_CANCEL,
            needs: vec![Pas, Epr, Pacs, Lims],
            downtime: DowntimeModeSpec::StopAndCancel,
        },
        _ => ServiceDefaults {
            per_working_day: 0.0,
            cancer_share: 0.0,
            urgent_share: 0.0,
            lead_working_days: lead(0, 0, 0),
            hospital_cancel_rate: ByPriority {
                cancer: 0.0,
                urgent: 0.0,
                routine: 0.0,
            },
            needs: vec![EReferral, Pas],
            downtime: paper(0.25),
        },
    }
}

impl ServiceSpec {
    /// This service's settings over the defaults of service `index`.
    pub fn resolve(&self, index: usize) -> ServiceDefaults {
        let d = service_defaults(index);
        ServiceDefaults {
            per_working_day: self.per_working_day.unwrap_or(d.per_working_day),
            cancer_share: self.cancer_share.unwrap_or(d.cancer_share),
            urgent_share: self.urgent_share.unwrap_or(d.urgent_share),
            lead_working_days: self.lead_working_days.unwrap_or(d.lead_working_days),
            hospital_cancel_rate: self.hospital_cancel_rate.unwrap_or(d.hospital_cancel_rate),
            needs: self.needs.clone().unwrap_or(d.needs),
            downtime: self.downtime.unwrap_or(d.downtime),
        }
    }
}

impl ScheduledCareSpec {
    /// The scheduled care of a trust with these volumes, every other
    /// setting at its default. Outpatient appointments are split into
    /// first and follow-up by `OUTPATIENT_FIRST_SHARE`.
    pub fn from_volumes(volumes: &ScheduledVolumes) -> Self {
        let op = volumes.outpatient_booked_per_working_day;
        let with = |v: f64| ServiceSpec {
            per_working_day: Some(v),
            ..ServiceSpec::default()
        };
        Self {
            outpatient_first: with(op * OUTPATIENT_FIRST_SHARE),
            outpatient_follow_up: with(op * (1.0 - OUTPATIENT_FIRST_SHARE)),
            elective_day_case: with(volumes.elective_day_case_per_working_day),
            elective_inpatient: with(volumes.elective_inpatient_per_working_day),
            ..Self::default()
        }
    }

    /// The services in `TRUST_SERVICE_KEYS` order.
    pub fn services(&self) -> [&ServiceSpec; 5] {
        [
            &self.outpatient_first,
            &self.outpatient_follow_up,
            &self.elective_day_case,
            &self.elective_inpatient,
            &self.referral_registration,
        ]
    }

    /// Headroom, resolved.
    pub fn headroom(&self) -> f64 {
        self.headroom.unwrap_or(0.05)
    }

    /// Rebooking lead after a normal cancellation, resolved.
    pub fn rebook_lead_working_days(&self) -> u32 {
        self.rebook_lead_working_days.unwrap_or(10)
    }

    /// Surge, resolved.
    pub fn surge(&self) -> SurgeSpec {
        self.surge.unwrap_or_default()
    }

    /// Every problem with these settings, keys under `prefix`.
    pub fn issues(&self, prefix: &str) -> Vec<ScenarioIssue> {
        let mut out = Vec::new();
        let mut range = |key: String, v: f64, low: f64, low_open: bool, high: f64, unit: &str| {
            let ok = v.is_finite() && (if low_open { v > low } else { v >= low }) && v <= high;
            if !ok {
                let open = if low_open { "(" } else { "[" };
                out.push(
                    ScenarioIssue::new(key, format!("{v} is out of range"))
                        .accepted(format!("{open}{low}, {high}] {unit}")),
                );
            }
        };
        range(
            format!("{prefix}.headroom"),
            self.headroom(),
            0.0,
            true,
            1.0,
            "share of demand",
        );
        let surge = self.surge();
        range(
            format!("{prefix}.surge.extra_capacity_share"),
            surge.extra_capacity_share,
            0.0,
            false,
            2.0,
            "share of capacity",
        );
        range(
            format!("{prefix}.surge.max_days"),
            f64::from(surge.max_days),
            0.0,
            false,
            3650.0,
            "working days",
        );
        range(
            format!("{prefix}.rebook_lead_working_days"),
            f64::from(self.rebook_lead_working_days()),
            1.0,
            false,
            365.0,
            "working days",
        );
        for (i, spec) in self.services().into_iter().enumerate() {
            let k = format!("{prefix}.{}", TRUST_SERVICE_KEYS[i]);
            let s = spec.resolve(i);
            range(
                format!("{k}.per_working_day"),
                s.per_working_day,
                0.0,
                false,
                1e6,
                "patients per working day",
            );
            range(
                format!("{k}.cancer_share"),
                s.cancer_share,
                0.0,
                false,
                1.0,
                "share",
            );
            range(
                format!("{k}.urgent_share"),
                s.urgent_share,
                0.0,
                false,
                1.0 - s.cancer_share.clamp(0.0, 1.0),
                "share (cancer_share + urgent_share <= 1)",
            );
            for (p, lead) in ["cancer", "urgent", "routine"]
                .iter()
                .zip(s.lead_working_days.to_array())
            {
                range(
                    format!("{k}.lead_working_days.{p}"),
                    f64::from(lead),
                    0.0,
                    false,
                    365.0,
                    "working days",
                );
            }
            for (p, rate) in ["cancer", "urgent", "routine"]
                .iter()
                .zip(s.hospital_cancel_rate.to_array())
            {
                range(
                    format!("{k}.hospital_cancel_rate.{p}"),
                    rate,
                    0.0,
                    false,
                    0.9,
                    "probability",
                );
            }
            if let DowntimeModeSpec::Paper { capacity_factor } = s.downtime {
                range(
                    format!("{k}.downtime.capacity_factor"),
                    capacity_factor,
                    0.0,
                    true,
                    1.0,
                    "share of normal capacity",
                );
            }
        }
        out
    }
}

/// A trust's normal daily volumes of scheduled care, from which a
/// generator builds its [`ScheduledCareSpec`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScheduledVolumes {
    /// Outpatient appointments booked per working day (first and follow-up).
    pub outpatient_booked_per_working_day: f64,
    /// Elective day cases per working day.
    pub elective_day_case_per_working_day: f64,
    /// Elective inpatient admissions per working day.
    pub elective_inpatient_per_working_day: f64,
}

impl ScheduledVolumes {
    /// The England-average acute trust (docs/model/scheduled-care.md).
    pub const ENGLAND_AVERAGE: ScheduledVolumes = ScheduledVolumes {
        outpatient_booked_per_working_day: OUTPATIENT_BOOKED_PER_WORKING_DAY,
        elective_day_case_per_working_day: DAY_CASE_PER_WORKING_DAY,
        elective_inpatient_per_working_day: INPATIENT_PER_WORKING_DAY,
    };
}

/// Checks every trust's scheduled care, and that GP practices that refer
/// send their referrals to a trust that models scheduled care.
pub(super) fn check_all(c: &mut Checks, scenario: &Scenario) {
    for (i, trust) in scenario.trusts.iter().enumerate() {
        if let Some(spec) = &trust.scheduled_care {
            for issue in spec.issues(&format!("trusts[{i}].scheduled_care")) {
                c.push(issue);
            }
        }
    }
    for (i, practice) in scenario.gp_practices.iter().enumerate() {
        let r = practice.referrals_per_1000_per_working_day;
        let refers = r.routine + r.urgent + r.urgent_suspected_cancer > 0.0;
        let home = scenario.trusts.iter().find(|t| t.id == practice.home_trust);
        if refers && home.is_some_and(|t| t.scheduled_care.is_none()) {
            c.push(
                ScenarioIssue::new(
                    format!("gp_practices[{i}].home_trust"),
                    format!(
                        "`{}` models no scheduled care, so it cannot receive referrals",
                        practice.home_trust
                    ),
                )
                .accepted("a trust with a [trusts.scheduled_care] table, or zero referral rates"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_table_is_the_england_average_trust_and_valid() {
        let spec: ScheduledCareSpec = toml::from_str("").unwrap();
        assert!(spec.issues("s").is_empty());
        let first = spec.outpatient_first.resolve(0).per_working_day;
        let follow = spec.outpatient_follow_up.resolve(1).per_working_day;
        assert!((first + follow - 1603.9 * 365.0 / 261.0).abs() < 1e-9);
        assert_eq!(spec, ScheduledCareSpec::default());
    }

    #[test]
    fn from_volumes_keeps_the_volumes() {
        let spec = ScheduledCareSpec::from_volumes(&ScheduledVolumes {
            outpatient_booked_per_working_day: 1000.0,
            elective_day_case_per_working_day: 80.0,
            elective_inpatient_per_working_day: 20.0,
        });
        assert!(spec.issues("s").is_empty());
        assert!((spec.outpatient_first.resolve(0).per_working_day - 300.0).abs() < 1e-9);
        assert_eq!(spec.elective_inpatient.resolve(3).per_working_day, 20.0);
    }

    #[test]
    fn a_partial_service_table_keeps_its_other_defaults() {
        let spec: ScheduledCareSpec = toml::from_str(
            "[elective_day_case]\nper_working_day = 50\ndowntime = { mode = \"paper\", capacity_factor = 0.4 }",
        )
        .unwrap();
        let s = spec.elective_day_case.resolve(2);
        assert_eq!(s.per_working_day, 50.0);
        assert_eq!(
            s.downtime,
            DowntimeModeSpec::Paper {
                capacity_factor: 0.4
            }
        );
        assert_eq!(s.lead_working_days.routine, 60);
    }

    #[test]
    fn bad_values_are_refused_with_their_keys() {
        let spec: ScheduledCareSpec = toml::from_str(
            "headroom = 0\n[outpatient_first]\ncancer_share = 0.8\nurgent_share = 0.5\n\
             [elective_inpatient]\ndowntime = { mode = \"paper\", capacity_factor = 0 }",
        )
        .unwrap();
        let keys: Vec<String> = spec.issues("t").into_iter().map(|i| i.key).collect();
        assert_eq!(
            keys,
            [
                "t.headroom",
                "t.outpatient_first.urgent_share",
                "t.elective_inpatient.downtime.capacity_factor"
            ]
        );
        assert!(toml::from_str::<ScheduledCareSpec>("[outpatient_first]\nper_day = 3").is_err());
    }
}
