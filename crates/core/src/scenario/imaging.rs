//! A trust's imaging modalities in scenario files: how many CT, MRI and
//! X-ray scanners its emergency department can use, how long a scan takes,
//! and which modality each acuity band's imaging requests go to.
//!
//! Every default is documented with its source or marked ASSUMPTION in
//! docs/MODEL.md (A29) and docs/model/system.md.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::validate::{Bound, Checks};
use super::{DistributionKind, DistributionSpec, ScenarioIssue};

/// `trusts[].imaging`: the scanners the emergency department calls on.
/// Absent: no scanner queue (imaging is a turnaround per patient only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImagingSpec {
    /// CT scanners.
    #[serde(default = "default_ct")]
    pub ct: ModalitySpec,
    /// MRI scanners.
    #[serde(default = "default_mri")]
    pub mri: ModalitySpec,
    /// X-ray rooms.
    #[serde(default = "default_x_ray")]
    pub x_ray: ModalitySpec,
    /// Per acuity band (highest first): the share of ED imaging requests
    /// that are CT. Default 0.5, 0.25, 0.05: ASSUMPTION (A29).
    #[serde(default = "default_ct_share")]
    pub ed_ct_share_by_acuity: [f64; 3],
    /// Per acuity band: the share that are MRI (X-ray takes the rest).
    /// Default 0.03, 0.02, 0.005: ASSUMPTION (A29, MRI rare from the ED).
    #[serde(default = "default_mri_share")]
    pub ed_mri_share_by_acuity: [f64; 3],
}

/// One modality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModalitySpec {
    /// Scanners (rooms, for X-ray) the emergency department can use.
    pub scanners: u32,
    /// Time a patient occupies a scanner, minutes.
    pub scan_min: DistributionSpec,
}

fn lognormal(mean: f64, sd: f64) -> DistributionSpec {
    DistributionSpec {
        distribution: DistributionKind::Lognormal,
        mean,
        sd: Some(sd),
    }
}

// Scanner counts: the UK had 10 CT and 8.6 MRI scanners per million people
// in 2021 (DHSC Life sciences competitive indicators 2024), about 565 CT
// and 486 MRI for England's 56.5 million, or 4.3 CT and 3.7 MRI per
// type 1 trust. The ED can use part of them (the rest run inpatient and
// outpatient lists): 2 CT and 1 MRI by default, and 3 X-ray rooms.
// Scan times (room occupancy): CT 15 min, MRI 40, X-ray 10. All ASSUMPTIONS
// (A29).
fn default_ct() -> ModalitySpec {
    ModalitySpec {
        scanners: 2,
        scan_min: lognormal(15.0, 6.0),
    }
}
fn default_mri() -> ModalitySpec {
    ModalitySpec {
        scanners: 1,
        scan_min: lognormal(40.0, 15.0),
    }
}
fn default_x_ray() -> ModalitySpec {
    ModalitySpec {
        scanners: 3,
        scan_min: lognormal(10.0, 5.0),
    }
}
fn default_ct_share() -> [f64; 3] {
    [0.5, 0.25, 0.05]
}
fn default_mri_share() -> [f64; 3] {
    [0.03, 0.02, 0.005]
}

impl Default for ImagingSpec {
    fn default() -> Self {
        Self {
            ct: default_ct(),
            mri: default_mri(),
            x_ray: default_x_ray(),
            ed_ct_share_by_acuity: default_ct_share(),
            ed_mri_share_by_acuity: default_mri_share(),
        }
    }
}

impl ImagingSpec {
    /// The defaults with scanner counts scaled by a trust's relative size
    /// (at least one of each).
    pub fn scaled(size: f64) -> Self {
        let mut s = Self::default();
        for m in [&mut s.ct, &mut s.mri, &mut s.x_ray] {
            m.scanners = ((f64::from(m.scanners) * size).round() as u32).max(1);
        }
        s
    }
}

/// Range checks of `key` (`trusts[i].imaging`).
pub(super) fn check(c: &mut Checks, key: &str, spec: &ImagingSpec) {
    for (name, m) in [("ct", &spec.ct), ("mri", &spec.mri), ("x_ray", &spec.x_ray)] {
        c.int(
            &format!("{key}.{name}.scanners"),
            m.scanners,
            1,
            1000,
            "scanners",
        );
        c.distribution(
            &format!("{key}.{name}.scan_min"),
            &m.scan_min,
            1440.0,
            "minutes",
        );
    }
    for (name, shares) in [
        ("ed_ct_share_by_acuity", &spec.ed_ct_share_by_acuity),
        ("ed_mri_share_by_acuity", &spec.ed_mri_share_by_acuity),
    ] {
        for (b, s) in shares.iter().enumerate() {
            c.real(
                &format!("{key}.{name}[{b}]"),
                *s,
                Bound::Closed(0.0),
                1.0,
                "share of the band's imaging requests",
            );
        }
    }
    for b in 0..3 {
        let total = spec.ed_ct_share_by_acuity[b] + spec.ed_mri_share_by_acuity[b];
        if total > 1.0 + 1e-9 {
            c.push(
                ScenarioIssue::new(
                    format!("{key}.ed_mri_share_by_acuity[{b}]"),
                    format!("CT and MRI shares of band {b} add up to {total}"),
                )
                .accepted("CT + MRI share of each band at most 1 (X-ray takes the rest)"),
            );
        }
    }
}
