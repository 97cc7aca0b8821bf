//! Random streams: one independent generator per (seed, replication,
//! process, organisation).
//!
//! Every stochastic process in the model (arrivals at one trust, service
//! times at one trust, ...) draws from its own stream, so what one process
//! draws never shifts what another draws. This is what makes *common random
//! numbers* work: the attack arm and the counterfactual arm of a replication
//! see the same patients arrive with the same needs, and two scenarios run
//! with the same seed see the same patients too. Their difference is then the
//! effect of the attack (or of the scenario change), not of luck.
//!
//! The generator is ChaCha8, which is portable (the same seed gives the same
//! numbers on every platform and version of `rand_chacha` 0.10) and has 2^64
//! streams per key. The key is derived from (seed, process, organisation) by
//! SplitMix64, the stream number is the replication index.
//!
//! Process identifiers are part of the results: renumbering one changes every
//! number the model produces, so they are fixed here and never reused.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The model's random generator.
pub type Stream = ChaCha8Rng;

/// A stochastic process that owns a random stream. The discriminants are
/// stable identifiers: never renumber or reuse one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u32)]
pub enum Process {
    /// Emergency department arrival times (thinning draws included).
    EdArrivals = 1,
    /// Emergency department service requirements, drawn in arrival order.
    EdServiceTime = 2,
    /// Inpatient length of stay of admitted ED patients, drawn on arrival.
    InpatientLengthOfStay = 3,
    /// Whether an ED patient will be admitted, drawn on arrival.
    EdAdmission = 4,
    /// An ED patient's acuity, time-critical condition and how they came
    /// (ambulance or walk-in), drawn on arrival.
    EdCasemix = 5,
    /// Imaging and pathology requests and their turnaround, drawn on arrival.
    EdDiagnostics = 6,
    /// How long an ED patient will wait before leaving without being seen.
    EdPatience = 7,
    /// An ED patient's imaging modality and scan durations, drawn on
    /// arrival where the trust models its scanners.
    EdImaging = 8,
    /// The harm parameters of one replication (probabilistic sensitivity
    /// analysis), organisation 0: the same in both arms.
    HarmParameters = 20,
    /// Whether a harm event is reported to the incident-reporting system.
    HarmReporting = 21,
    /// Where and when an incident is seeded.
    AttackSeeding = 30,
    /// Spread of a worm between organisations.
    AttackSpread = 31,
    /// Which systems an infection or detonation encrypts.
    AttackEncryption = 32,
    /// How long each system takes to recover.
    AttackRecovery = 33,
    /// Whether and for how long an organisation isolates as a precaution.
    AttackIsolation = 34,
    /// Whether a targeted attack's initial compromise happens: one draw
    /// per targeted-ransomware incident (organisation = the incident's
    /// position among them), made whatever the controls.
    AttackCompromise = 35,
    /// Scheduled care: demand, cancellations and rebooking at one organisation.
    ScheduledCare = 40,
    /// Scheduled care: lengths of stay of elective inpatients.
    ElectiveLengthOfStay = 41,
    /// Scheduled care: new bookings and referrals at a trust, and the
    /// hospital-initiated cancellations at the normal rate (drawn when
    /// booked, so both arms see the same).
    ScheduledDemand = 42,
    /// A GP practice's appointments and the referrals it makes.
    GpPracticeDemand = 43,
}

impl Process {
    /// Every process, for documentation and tests.
    pub const ALL: [Process; 20] = [
        Process::EdArrivals,
        Process::EdServiceTime,
        Process::InpatientLengthOfStay,
        Process::EdAdmission,
        Process::EdCasemix,
        Process::EdDiagnostics,
        Process::EdPatience,
        Process::EdImaging,
        Process::HarmParameters,
        Process::HarmReporting,
        Process::AttackSeeding,
        Process::AttackSpread,
        Process::AttackEncryption,
        Process::AttackRecovery,
        Process::AttackIsolation,
        Process::AttackCompromise,
        Process::ScheduledCare,
        Process::ElectiveLengthOfStay,
        Process::ScheduledDemand,
        Process::GpPracticeDemand,
    ];

    /// The name used in documentation and `run.json`.
    pub fn name(self) -> &'static str {
        match self {
            Process::EdArrivals => "ed_arrivals",
            Process::EdServiceTime => "ed_service_time",
            Process::InpatientLengthOfStay => "inpatient_length_of_stay",
            Process::EdAdmission => "ed_admission",
            Process::EdCasemix => "ed_casemix",
            Process::EdDiagnostics => "ed_diagnostics",
            Process::EdPatience => "ed_patience",
            Process::EdImaging => "ed_imaging",
            Process::HarmParameters => "harm_parameters",
            Process::HarmReporting => "harm_reporting",
            Process::AttackSeeding => "attack_seeding",
            Process::AttackSpread => "attack_spread",
            Process::AttackEncryption => "attack_encryption",
            Process::AttackRecovery => "attack_recovery",
            Process::AttackIsolation => "attack_isolation",
            Process::AttackCompromise => "attack_compromise",
            Process::ScheduledCare => "scheduled_care",
            Process::ElectiveLengthOfStay => "elective_length_of_stay",
            Process::ScheduledDemand => "scheduled_demand",
            Process::GpPracticeDemand => "gp_practice_demand",
        }
    }
}

/// Identifies one random stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StreamKey {
    /// The run's master seed.
    pub seed: u64,
    /// The replication index (0-based).
    pub replication: u64,
    /// Which process draws from it.
    pub process: Process,
    /// Index of the organisation in the scenario's system (0-based).
    pub organisation: u32,
}

impl StreamKey {
    /// The generator for this key, positioned at its first number.
    pub fn stream(self) -> Stream {
        let mut mixer = SplitMix64(
            self.seed
                ^ (u64::from(self.process as u32) << 32 | u64::from(self.organisation))
                    .wrapping_mul(0x9E37_79B9_7F4A_7C15),
        );
        let mut key = [0u8; 32];
        for chunk in key.chunks_exact_mut(8) {
            chunk.copy_from_slice(&mixer.next().to_le_bytes());
        }
        let mut rng = ChaCha8Rng::from_seed(key);
        rng.set_stream(self.replication);
        rng
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): spreads structured inputs such as
/// small integers over the whole key space.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    fn key(seed: u64, replication: u64, process: Process, organisation: u32) -> StreamKey {
        StreamKey {
            seed,
            replication,
            process,
            organisation,
        }
    }

    #[test]
    fn same_key_same_numbers() {
        let a: Vec<u64> = {
            let mut r = key(7, 3, Process::EdArrivals, 2).stream();
            (0..8).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = key(7, 3, Process::EdArrivals, 2).stream();
            (0..8).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
    }

    #[test]
    fn every_component_of_the_key_changes_the_stream() {
        let first = |k: StreamKey| k.stream().next_u64();
        let base = key(7, 3, Process::EdArrivals, 2);
        let variants = [
            key(8, 3, Process::EdArrivals, 2),
            key(7, 4, Process::EdArrivals, 2),
            key(7, 3, Process::EdServiceTime, 2),
            key(7, 3, Process::EdArrivals, 3),
        ];
        for v in variants {
            assert_ne!(first(base), first(v), "{v:?}");
        }
    }
}
