//! Imaging modalities as resources: the CT, MRI and X-ray scanners an
//! emergency department calls on.
//!
//! An ED patient with an imaging request is scanned on one modality, chosen
//! on arrival (stroke and major trauma always CT; others by their acuity
//! band's shares). When their treatment starts they join that modality's
//! queue: highest acuity band first, first come first served within a band.
//! A free scanner takes the next patient for their scan duration. The wait
//! for a scanner is the only part of imaging that lengthens a stay under
//! normal working: the scan itself and its report are part of the
//! treatment time (docs/MODEL.md, A20 and A29), and the report's slower
//! turnaround on paper is the diagnostic's own factor
//! ([`super::Diagnostic::paper_turnaround_factor`]).

use std::collections::VecDeque;

use crate::clock::SimTime;
use crate::distributions::Sampler;

use super::ACUITY_BANDS;

/// An imaging modality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Modality {
    /// Computed tomography.
    Ct = 0,
    /// Magnetic resonance imaging.
    Mri = 1,
    /// Plain radiography.
    XRay = 2,
}

/// The number of modalities.
pub const MODALITIES: usize = 3;

impl Modality {
    /// Every modality, in index order.
    pub const ALL: [Modality; MODALITIES] = [Modality::Ct, Modality::Mri, Modality::XRay];

    /// The name used in scenario files and metric names.
    pub fn name(self) -> &'static str {
        match self {
            Modality::Ct => "ct",
            Modality::Mri => "mri",
            Modality::XRay => "x_ray",
        }
    }
}

/// One modality's scanners.
#[derive(Debug, Clone)]
pub struct Scanners {
    /// Scanners (or X-ray rooms) the department can use.
    pub count: u32,
    /// Time a patient occupies a scanner, minutes.
    pub scan_min: Sampler,
}

/// A trust's imaging, compiled.
#[derive(Debug, Clone)]
pub struct Imaging {
    /// Per modality, in [`Modality::ALL`] order.
    pub scanners: [Scanners; MODALITIES],
    /// Per acuity band: the share of imaging requests that go to CT.
    pub ct_share_by_acuity: [f64; ACUITY_BANDS],
    /// Per acuity band: the share that go to MRI (X-ray takes the rest).
    pub mri_share_by_acuity: [f64; ACUITY_BANDS],
}

impl Imaging {
    /// The modality of a request from a patient of band `acuity`, given a
    /// uniform draw `u`; `needs_ct` (stroke, major trauma) forces CT.
    pub fn modality_for(&self, acuity: u8, needs_ct: bool, u: f64) -> Modality {
        let band = usize::from(acuity).min(ACUITY_BANDS - 1);
        let ct = self.ct_share_by_acuity[band];
        if needs_ct || u < ct {
            Modality::Ct
        } else if u < ct + self.mri_share_by_acuity[band] {
            Modality::Mri
        } else {
            Modality::XRay
        }
    }
}

/// A patient's scan, drawn on arrival.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScanNeed {
    /// The modality.
    pub modality: Modality,
    /// Time on the scanner, minutes.
    pub scan_min: f64,
}

/// A request waiting for a scanner, carrying what the engine needs when
/// the scan starts.
#[derive(Debug, Clone, Copy)]
pub struct ScanRequest<T> {
    /// When the patient joined the queue.
    pub requested_at: SimTime,
    /// Time on the scanner, minutes.
    pub scan_min: f64,
    /// The engine's own data about the patient.
    pub payload: T,
}

/// The changing state of a trust's scanners: how many of each modality are
/// busy and who waits for them.
#[derive(Debug, Clone)]
pub struct ScannerQueues<T> {
    busy: [u32; MODALITIES],
    queues: [[VecDeque<ScanRequest<T>>; ACUITY_BANDS]; MODALITIES],
}

impl<T> Default for ScannerQueues<T> {
    fn default() -> Self {
        Self {
            busy: [0; MODALITIES],
            queues: Default::default(),
        }
    }
}

impl<T> ScannerQueues<T> {
    /// A patient of band `acuity` asks for a scan on `modality`, which has
    /// `scanners`. Returns the request back if a scanner is free (the scan
    /// starts now and the scanner is marked busy); otherwise it waits.
    pub fn request(
        &mut self,
        modality: Modality,
        scanners: u32,
        acuity: u8,
        request: ScanRequest<T>,
    ) -> Option<ScanRequest<T>> {
        let m = modality as usize;
        if self.busy[m] < scanners {
            self.busy[m] += 1;
            Some(request)
        } else {
            let band = usize::from(acuity).min(ACUITY_BANDS - 1);
            self.queues[m][band].push_back(request);
            None
        }
    }

    /// A scan on `modality` ended: the next patient (highest band, longest
    /// waiting) starts on the freed scanner and is returned; if nobody
    /// waits the scanner falls idle.
    pub fn finish(&mut self, modality: Modality) -> Option<ScanRequest<T>> {
        let m = modality as usize;
        let next = self.queues[m].iter_mut().find_map(VecDeque::pop_front);
        if next.is_none() {
            self.busy[m] = self.busy[m].saturating_sub(1);
        }
        next
    }

    /// Scanners of `modality` in use.
    pub fn busy(&self, modality: Modality) -> u32 {
        self.busy[modality as usize]
    }

    /// Every request still waiting, all modalities.
    pub fn waiting(&self) -> impl Iterator<Item = &ScanRequest<T>> {
        self.queues.iter().flatten().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{DistributionKind, DistributionSpec};

    fn fixed(mean: f64) -> Sampler {
        Sampler::new(&DistributionSpec {
            distribution: DistributionKind::Fixed,
            mean,
            sd: None,
        })
        .unwrap()
    }

    fn imaging() -> Imaging {
        let s = |count| Scanners {
            count,
            scan_min: fixed(10.0),
        };
        Imaging {
            scanners: [s(1), s(1), s(2)],
            ct_share_by_acuity: [0.5, 0.25, 0.05],
            mri_share_by_acuity: [0.05, 0.02, 0.01],
        }
    }

    /// One scanner, 20-minute scans, requests at 0, 5 and 10: the scans
    /// start at 0, 20 and 40, so the waits are 0, 15 and 30 minutes.
    #[test]
    fn one_scanner_gives_the_hand_computed_waits() {
        let mut q: ScannerQueues<u32> = ScannerQueues::default();
        let req = |at, id| ScanRequest {
            requested_at: at,
            scan_min: 20.0,
            payload: id,
        };
        let mut starts = Vec::new();
        let mut now = 0.0;
        // Event-by-event: requests at 0, 5, 10; each scan ends 20 later.
        let first = q.request(Modality::Ct, 1, 1, req(0.0, 0)).unwrap();
        starts.push((first.payload, now - first.requested_at));
        assert!(q.request(Modality::Ct, 1, 1, req(5.0, 1)).is_none());
        assert!(q.request(Modality::Ct, 1, 1, req(10.0, 2)).is_none());
        assert_eq!(q.busy(Modality::Ct), 1);
        while let Some(next) = {
            now += 20.0;
            q.finish(Modality::Ct)
        } {
            starts.push((next.payload, now - next.requested_at));
        }
        assert_eq!(starts, vec![(0, 0.0), (1, 15.0), (2, 30.0)]);
        assert_eq!(q.busy(Modality::Ct), 0, "the scanner falls idle");
    }

    #[test]
    fn higher_acuity_goes_first_and_modalities_queue_apart() {
        let mut q: ScannerQueues<u32> = ScannerQueues::default();
        let req = |id| ScanRequest {
            requested_at: 0.0,
            scan_min: 10.0,
            payload: id,
        };
        assert!(q.request(Modality::Mri, 1, 2, req(0)).is_some());
        assert!(q.request(Modality::Mri, 1, 2, req(1)).is_none());
        assert!(q.request(Modality::Mri, 1, 0, req(2)).is_none());
        // Another modality's scanner is free.
        assert!(q.request(Modality::XRay, 1, 2, req(3)).is_some());
        assert_eq!(q.waiting().count(), 2);
        assert_eq!(q.finish(Modality::Mri).map(|r| r.payload), Some(2));
        assert_eq!(q.finish(Modality::Mri).map(|r| r.payload), Some(1));
        assert!(q.finish(Modality::Mri).is_none());
    }

    #[test]
    fn stroke_and_trauma_always_get_ct_and_others_follow_the_shares() {
        let im = imaging();
        for k in 0..1000 {
            let u = f64::from(k) / 1000.0;
            assert_eq!(im.modality_for(0, true, u), Modality::Ct);
        }
        let share = |band: u8, m: Modality| {
            (0..10_000)
                .filter(|k| im.modality_for(band, false, (f64::from(*k) + 0.5) / 1e4) == m)
                .count() as f64
                / 1e4
        };
        assert!((share(0, Modality::Ct) - 0.5).abs() < 1e-3);
        assert!((share(1, Modality::Mri) - 0.02).abs() < 1e-3);
        assert!((share(2, Modality::XRay) - 0.94).abs() < 1e-3);
    }
}
