//! What one replication measures: the metric catalogue and the
//! accumulators the model fills.
//!
//! Every metric is either a **sum** (a count of patients, hours, ...) or a
//! **ratio** of two sums (a mean wait is total waiting minutes over patients
//! who waited). Keeping numerator and denominator apart lets results be
//! added up over organisations and days without averaging averages: the
//! mean wait of a group of trusts is their total waiting over their total
//! patients.
//!
//! The catalogue ([`METRICS`]) is the single source of metric names, units
//! and descriptions; `docs/outputs.md` documents each one and a test keeps
//! the two in step.

/// How a metric combines over organisations, days and replications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregation {
    /// Added up (counts, hours).
    Sum,
    /// Numerator over denominator, each added up separately.
    Ratio,
}

/// One entry of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct MetricDef {
    /// snake_case name with its unit, as in every output file.
    pub name: &'static str,
    /// The unit, spelt out.
    pub unit: &'static str,
    /// How it combines.
    pub aggregation: Aggregation,
    /// Whether `daily.csv` reports it day by day.
    pub daily: bool,
    /// Whether the CLI shows it in the headline table after a run.
    pub headline: bool,
    /// One sentence for people.
    pub description: &'static str,
}

macro_rules! metrics {
    ($( $variant:ident => $name:literal, $unit:literal, $agg:ident, daily: $daily:literal, headline: $head:literal, $desc:literal; )*) => {
        /// A metric the model records. Its index is its position in [`METRICS`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(usize)]
        pub enum Metric { $( #[doc = $desc] $variant, )* }

        /// The metric catalogue, in output order.
        pub const METRICS: &[MetricDef] = &[
            $( MetricDef { name: $name, unit: $unit, aggregation: Aggregation::$agg, daily: $daily, headline: $head, description: $desc }, )*
        ];

        impl Metric {
            /// Every metric, in catalogue order.
            pub const ALL: &[Metric] = &[ $( Metric::$variant, )* ];
        }
    };
}

metrics! {
    EdAttendances => "ed_attendances", "patients", Sum, daily: true, headline: true,
        "Patients arriving at the emergency department (counted on their arrival day).";
    EdWaitMinMean => "ed_wait_min_mean", "minutes", Ratio, daily: true, headline: true,
        "Mean time from arrival to the start of treatment in a cubicle, over patients whose treatment started.";
    EdTimeInDepartmentMinMean => "ed_time_in_department_min_mean", "minutes", Ratio, daily: true, headline: false,
        "Mean time from arrival to leaving the department, over patients who left.";
    Ed4hBreaches => "ed_4h_breaches", "patients", Sum, daily: true, headline: true,
        "Patients who spent more than 4 hours in the department (including those still there at the end with more than 4 hours).";
    Ed12hStays => "ed_12h_stays", "patients", Sum, daily: true, headline: true,
        "Patients who spent more than 12 hours in the department (including those still there at the end with more than 12 hours).";
    EdQueueLengthMean => "ed_queue_length_mean", "patients", Ratio, daily: true, headline: false,
        "Time-average number of patients waiting for a cubicle, per department.";
    EdUtilisation => "ed_utilisation", "share of cubicles", Ratio, daily: true, headline: false,
        "Time-average share of the department's normal cubicles occupied by a patient.";
    EdInDepartmentAtEnd => "ed_in_department_at_end", "patients", Sum, daily: false, headline: false,
        "Patients still waiting or in treatment when the run ends (so every arrival is accounted for).";
    DowntimeProcedureHours => "downtime_procedure_hours", "hours", Sum, daily: true, headline: true,
        "Hours an organisation's emergency department worked on downtime (paper) procedures because a system it needs was down.";
    SystemsDownHours => "systems_down_hours", "system-hours", Sum, daily: true, headline: false,
        "Hours each IT system was effectively down (itself or something it depends on), added up over the organisation's systems.";
    AdmissionsEmergency => "admissions_emergency", "patients", Sum, daily: true, headline: false,
        "ED patients admitted to a general and acute bed (counted on the day they reach the bed).";
    BedOccupancy => "bed_occupancy", "share of beds", Ratio, daily: true, headline: false,
        "Time-average share of general and acute beds occupied (held discharges included).";
    EdExitBlockHours => "ed_exit_block_hours", "hours", Sum, daily: true, headline: false,
        "Hours admitted patients spent in an ED cubicle after their treatment, waiting for a bed (counted on their arrival day).";
    DelayedDischargeBedDays => "delayed_discharge_bed_days", "bed-days", Sum, daily: true, headline: false,
        "Bed-days occupied by patients whose discharge was due but held because a system discharge needs was down (counted on the day the time falls in).";
    EdLeftWithoutBeingSeen => "ed_left_without_being_seen", "patients", Sum, daily: true, headline: false,
        "Walk-in patients of the two lower acuity bands who left before treatment because their wait exceeded their patience (counted on their arrival day).";
    AmbulanceArrivals => "ambulance_arrivals", "patients", Sum, daily: true, headline: false,
        "Patients conveyed by ambulance to this department, diverted ones included (counted on their arrival day).";
    AmbulanceHandoversOver60Min => "ambulance_handovers_over_60_min", "patients", Sum, daily: true, headline: false,
        "Ambulance patients who waited more than 60 minutes for a cubicle (the crew waits with them; counted on their arrival day).";
    AmbulanceDiversions => "ambulance_diversions", "patients", Sum, daily: true, headline: true,
        "Ambulance patients taken to another emergency department because theirs was on divert (counted at the diverting trust, on the day of the call).";
    AmbulanceExtraJourneyMin => "ambulance_extra_journey_min", "minutes", Sum, daily: true, headline: false,
        "Added ambulance journey time of diverted patients, from their own department's site to the receiving one (counted at the diverting trust).";
    AmbulanceExtraJourneyKm => "ambulance_extra_journey_km", "km", Sum, daily: true, headline: false,
        "Added road distance of diverted patients (counted at the diverting trust).";
    EdDivertHours => "ed_divert_hours", "hours", Sum, daily: true, headline: false,
        "Hours the department was on ambulance divert.";
    ImagingDelayed => "imaging_delayed", "requests", Sum, daily: true, headline: false,
        "ED imaging requests whose turnaround ran on downtime procedures because a system imaging needs was down (counted on the patient's arrival day).";
    PathologyDelayed => "pathology_delayed", "requests", Sum, daily: true, headline: false,
        "ED pathology requests whose turnaround ran on downtime procedures because a system pathology needs was down (counted on the patient's arrival day).";
    ResultsLost => "results_lost", "results", Sum, daily: true, headline: false,
        "ED imaging and pathology results lost while their systems were down and repeated (counted on the patient's arrival day).";
    StrokeDoorToNeedleMinMean => "stroke_door_to_needle_min_mean", "minutes", Ratio, daily: true, headline: false,
        "Mean time from arrival to thrombolysis of stroke patients (wait, CT turnaround, assessment).";
    StemiDoorToBalloonMinMean => "stemi_door_to_balloon_min_mean", "minutes", Ratio, daily: true, headline: false,
        "Mean time from arrival to reperfusion of ST-elevation heart-attack patients.";
    SepsisDoorToAntibioticsMinMean => "sepsis_door_to_antibiotics_min_mean", "minutes", Ratio, daily: true, headline: false,
        "Mean time from arrival to antibiotics of sepsis patients.";
    TraumaDoorToCtMinMean => "trauma_door_to_ct_min_mean", "minutes", Ratio, daily: true, headline: false,
        "Mean time from arrival to the CT scan of major-trauma patients.";
    StrokeDoorToCtMinMean => "stroke_door_to_ct_min_mean", "minutes", Ratio, daily: true, headline: false,
        "Mean time from arrival to the start of the CT scan of stroke patients, at trusts that model their scanners.";
    CtWaitMinMean => "ct_wait_min_mean", "minutes", Ratio, daily: true, headline: false,
        "Mean wait of ED patients for a CT scanner, from the request at the start of treatment to the start of the scan.";
    MriWaitMinMean => "mri_wait_min_mean", "minutes", Ratio, daily: true, headline: false,
        "Mean wait of ED patients for an MRI scanner.";
    XRayWaitMinMean => "x_ray_wait_min_mean", "minutes", Ratio, daily: true, headline: false,
        "Mean wait of ED patients for an X-ray room.";
    ExcessDeaths => "excess_deaths", "deaths", Sum, daily: true, headline: true,
        "Expected deaths attributable to delays, over every pathway, from the harm model's effect sizes (counted on the day the delay ends).";
    QalysLost => "qalys_lost", "QALYs", Sum, daily: true, headline: true,
        "Expected quality-adjusted life-years lost to delays (deaths included), over every pathway.";
    HarmEvents => "harm_events", "patients", Sum, daily: true, headline: false,
        "Patients whose delay passed a harm threshold (docs/model/harm.md): the events an incident-reporting system could have recorded.";
    HarmEventsReported => "harm_events_reported", "patients", Sum, daily: true, headline: true,
        "Expected harm events the incident-reporting system would have recorded, its sensitivity lowered while the reporting system was down.";
    ExcessDeathsEmergency => "excess_deaths_emergency", "deaths", Sum, daily: true, headline: false,
        "Expected excess deaths in emergency care: long ED stays of admitted patients, delayed stroke, heart-attack and sepsis treatment, diverted ambulances.";
    ExcessDeathsCancer => "excess_deaths_cancer", "deaths", Sum, daily: true, headline: false,
        "Expected excess deaths in cancer: delayed urgent suspected-cancer referrals and delayed cancer treatment.";
    ExcessDeathsElective => "excess_deaths_elective", "deaths", Sum, daily: true, headline: false,
        "Expected excess deaths in elective care: waiting longer for an operation.";
    ExcessDeathsOutpatient => "excess_deaths_outpatient", "deaths", Sum, daily: true, headline: false,
        "Expected excess deaths in outpatient follow-up delayed.";
    ExcessDeathsDiagnostics => "excess_deaths_diagnostics", "deaths", Sum, daily: true, headline: false,
        "Expected excess deaths in lost imaging and pathology results.";
    ExcessDeathsInpatient => "excess_deaths_inpatient", "deaths", Sum, daily: true, headline: false,
        "Expected excess deaths in delayed discharge.";
    QalysLostEmergency => "qalys_lost_emergency", "QALYs", Sum, daily: true, headline: false,
        "Expected QALYs lost in emergency care: long ED stays of admitted patients, delayed stroke, heart-attack and sepsis treatment, diverted ambulances.";
    QalysLostCancer => "qalys_lost_cancer", "QALYs", Sum, daily: true, headline: false,
        "Expected QALYs lost in cancer: delayed urgent suspected-cancer referrals and delayed cancer treatment.";
    QalysLostElective => "qalys_lost_elective", "QALYs", Sum, daily: true, headline: false,
        "Expected QALYs lost in elective care: waiting longer for an operation.";
    QalysLostOutpatient => "qalys_lost_outpatient", "QALYs", Sum, daily: true, headline: false,
        "Expected QALYs lost in outpatient follow-up delayed.";
    QalysLostDiagnostics => "qalys_lost_diagnostics", "QALYs", Sum, daily: true, headline: false,
        "Expected QALYs lost in lost imaging and pathology results.";
    QalysLostInpatient => "qalys_lost_inpatient", "QALYs", Sum, daily: true, headline: false,
        "Expected QALYs lost in delayed discharge.";
    QalyValueGbp20k => "qaly_value_gbp_20k", "pounds", Sum, daily: false, headline: false,
        "QALYs lost valued at the NICE lower threshold, £20,000 per QALY.";
    QalyValueGbp30k => "qaly_value_gbp_30k", "pounds", Sum, daily: false, headline: false,
        "QALYs lost valued at the NICE upper threshold, £30,000 per QALY.";
    QalyValueGbp70k => "qaly_value_gbp_70k", "pounds", Sum, daily: false, headline: false,
        "QALYs lost valued at the HM Treasury Green Book value, £70,000 per QALY.";    OutpatientAppointmentsHeld => "outpatient_appointments_held", "appointments", Sum, daily: true, headline: false,
        "Outpatient appointments (first and follow-up) held (counted on the day held).";
    OutpatientAppointmentsCancelled => "outpatient_appointments_cancelled", "appointments", Sum, daily: true, headline: true,
        "Outpatient appointments cancelled: by the outage (sessions stopped or lost to paper capacity) and by the hospital at the normal rate (both arms; the difference is the outage's).";
    ElectiveOperationsCancelled => "elective_operations_cancelled", "operations", Sum, daily: true, headline: true,
        "Elective day cases and inpatient operations cancelled, by the outage, at the normal rate and for want of a bed.";
    ElectiveOperationsCancelledNoBed => "elective_operations_cancelled_no_bed", "operations", Sum, daily: true, headline: false,
        "Elective inpatient operations cancelled on the day because no bed was free after the emergency patients waiting for one (both arms; included in elective_operations_cancelled).";
    AdmissionsElective => "admissions_elective", "patients", Sum, daily: true, headline: false,
        "Elective day cases and inpatient operations carried out.";
    MutualAidPatients => "mutual_aid_patients", "patients", Sum, daily: true, headline: false,
        "Outpatients and elective patients another trust's incident would have cancelled, treated here the same day under mutual aid (counted at the receiving trust).";
    GpAppointmentsHeld => "gp_appointments_held", "appointments", Sum, daily: true, headline: false,
        "GP appointments held at the trust's GP practices (practices are reported under their home trust).";
    GpAppointmentsCancelled => "gp_appointments_cancelled", "appointments", Sum, daily: true, headline: true,
        "GP appointments cancelled because the practice's systems were down (practices reported under their home trust).";
    ReferralsDelayed => "referrals_delayed", "referrals", Sum, daily: true, headline: false,
        "GP referrals sent or registered after the day they were made, because the practice's or the trust's systems were down.";
    UrgentCancerReferralsDelayed => "urgent_cancer_referrals_delayed", "referrals", Sum, daily: true, headline: true,
        "Urgent suspected-cancer referrals delayed at the practice or at the trust.";
    TwoWeekBreaches => "two_week_breaches", "patients", Sum, daily: true, headline: true,
        "Urgent suspected-cancer referrals first seen more than 14 days after the GP referred them.";
    OutpatientBacklog => "outpatient_backlog", "patients", Ratio, daily: true, headline: false,
        "Outpatients not seen on the day they were due and still waiting, at the end of each day (mean over days).";
    ElectiveBacklog => "elective_backlog", "patients", Ratio, daily: true, headline: false,
        "Elective patients not treated on the day they were due and still waiting, at the end of each day (mean over days).";
    ReferralBacklog => "referral_backlog", "referrals", Ratio, daily: true, headline: false,
        "GP referrals made but not yet sent or registered, at the end of each day (mean over days).";
    DelayDaysOutpatient => "delay_days_outpatient", "patient-days", Sum, daily: true, headline: false,
        "Days outpatients were seen after the day first booked for, added up (counted on the day seen).";
    DelayDaysElective => "delay_days_elective", "patient-days", Sum, daily: true, headline: false,
        "Days elective patients were treated after the day first booked for, added up.";
    DelayDaysGp => "delay_days_gp", "patient-days", Sum, daily: true, headline: false,
        "Days GP appointments were held after the day first booked for, added up.";
    LostActivityGbp => "lost_activity_gbp", "pounds", Sum, daily: true, headline: false,
        "Activity cancelled by the outage valued at unit cost (outpatient £120, day case £738, elective inpatient £3,684, 2016/17 prices): the cost of the slots lost.";
    RecoveryCostGbp => "recovery_cost_gbp", "pounds", Sum, daily: false, headline: false,
        "IT recovery cost of the trusts an incident infected or disrupted, at the harm file's cost per affected trust (NAO 2017 derived).";
    ItSupportCostGbp => "it_support_cost_gbp", "pounds", Sum, daily: false, headline: false,
        "IT specialist support (overtime) during the incident: days with any system down at the trust in the reporting window x the cost of a specialist day.";
    DaysToRecoverOutpatient => "days_to_recover_outpatient", "days", Sum, daily: false, headline: false,
        "Days from the attack until the outpatient backlog is back within 1% of the counterfactual's and stays there (paired: attack arm and difference; 0 in the counterfactual).";
    DaysToRecoverElective => "days_to_recover_elective", "days", Sum, daily: false, headline: false,
        "Days from the attack until the elective backlog is back within 1% of the counterfactual's and stays there (paired, as above).";
    DaysToRecoverReferral => "days_to_recover_referral", "days", Sum, daily: false, headline: false,
        "Days from the attack until the referral backlog is back within 1% of the counterfactual's and stays there (paired, as above).";
    TrustsInfected => "trusts_infected", "trusts", Sum, daily: false, headline: true,
        "Trusts (acute and ambulance) infected by malware (system-wide; attack arm only).";
    AcuteTrustsInfected => "acute_trusts_infected", "trusts", Sum, daily: false, headline: false,
        "Acute trusts infected by malware (system-wide).";
    TrustsDisruptedNotInfected => "trusts_disrupted_not_infected", "trusts", Sum, daily: false, headline: false,
        "Trusts that lost IT without being infected: precautionary isolation, shared systems, a supplier, an outage (system-wide).";
    GpPracticesInfected => "gp_practices_infected", "practices", Sum, daily: false, headline: false,
        "GP practices infected by malware (system-wide).";
    TrustsDiverting => "trusts_diverting", "trusts", Sum, daily: false, headline: false,
        "Acute trusts whose emergency department diverted ambulances at some time in the run (system-wide and per trust).";
    OrganisationInfected => "organisation_infected", "share of replications", Sum, daily: false, headline: false,
        "1 if malware infected the organisation in the replication, else 0: its mean over replications is the share infected.";
    OrganisationIsolated => "organisation_isolated", "share of replications", Sum, daily: false, headline: false,
        "1 if the organisation isolated systems as a precaution (and was not infected), else 0.";
    OrganisationDisrupted => "organisation_disrupted", "share of replications", Sum, daily: false, headline: false,
        "1 if the organisation lost IT without being infected (isolation included), else 0.";
    NetworkDownHours => "network_down_hours", "hours", Sum, daily: false, headline: false,
        "Hours the `network` system was effectively down (itself or through what it depends on).";
    DirectoryDownHours => "directory_down_hours", "hours", Sum, daily: false, headline: false,
        "Hours the `directory` system was effectively down (itself or through what it depends on).";
    PasDownHours => "pas_down_hours", "hours", Sum, daily: false, headline: false,
        "Hours the `pas` system was effectively down (itself or through what it depends on).";
    EprDownHours => "epr_down_hours", "hours", Sum, daily: false, headline: false,
        "Hours the `epr` system was effectively down (itself or through what it depends on).";
    PacsDownHours => "pacs_down_hours", "hours", Sum, daily: false, headline: false,
        "Hours the `pacs` system was effectively down (itself or through what it depends on).";
    LimsDownHours => "lims_down_hours", "hours", Sum, daily: false, headline: false,
        "Hours the `lims` system was effectively down (itself or through what it depends on).";
    EmailDownHours => "email_down_hours", "hours", Sum, daily: false, headline: false,
        "Hours the `email` system was effectively down (itself or through what it depends on).";
    EReferralDownHours => "e_referral_down_hours", "hours", Sum, daily: false, headline: false,
        "Hours the `e_referral` system was effectively down (itself or through what it depends on).";
    TelephonyDownHours => "telephony_down_hours", "hours", Sum, daily: false, headline: false,
        "Hours the `telephony` system was effectively down (itself or through what it depends on).";
    MedicalDevicesDownHours => "medical_devices_down_hours", "hours", Sum, daily: false, headline: false,
        "Hours the `medical_devices` system was effectively down (itself or through what it depends on).";
}

/// The number of metrics.
pub const METRIC_COUNT: usize = METRICS.len();

impl Metric {
    /// The catalogue entry.
    pub fn def(self) -> &'static MetricDef {
        &METRICS[self as usize]
    }

    /// The output name.
    pub fn name(self) -> &'static str {
        self.def().name
    }
}

/// A numerator and denominator, added up as events happen.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Accumulator {
    /// Sum of the quantity (or the count, for sums).
    pub numerator: f64,
    /// Sum of the weights (ratios only).
    pub denominator: f64,
}

impl Accumulator {
    /// Adds another accumulator.
    pub fn add(&mut self, other: &Accumulator) {
        self.numerator += other.numerator;
        self.denominator += other.denominator;
    }
}

/// One accumulator per metric.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricValues([Accumulator; METRIC_COUNT]);

impl Default for MetricValues {
    fn default() -> Self {
        Self([Accumulator::default(); METRIC_COUNT])
    }
}

impl MetricValues {
    /// The accumulator of `m`.
    pub fn get(&self, m: Metric) -> &Accumulator {
        &self.0[m as usize]
    }

    /// Adds to a sum metric.
    pub fn add(&mut self, m: Metric, amount: f64) {
        self.0[m as usize].numerator += amount;
    }

    /// Adds an observation to a ratio metric.
    pub fn add_ratio(&mut self, m: Metric, numerator: f64, denominator: f64) {
        let a = &mut self.0[m as usize];
        a.numerator += numerator;
        a.denominator += denominator;
    }

    /// Adds every metric of `other`.
    pub fn add_all(&mut self, other: &MetricValues) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            a.add(b);
        }
    }

    /// The metric's value: the sum, or the ratio (`None` when nothing was
    /// observed, e.g. a mean wait with no patients).
    pub fn value(&self, m: Metric) -> Option<f64> {
        let a = self.get(m);
        match m.def().aggregation {
            Aggregation::Sum => Some(a.numerator),
            Aggregation::Ratio => (a.denominator > 0.0).then(|| a.numerator / a.denominator),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_consistent() {
        assert_eq!(Metric::ALL.len(), METRIC_COUNT);
        for (i, m) in Metric::ALL.iter().enumerate() {
            assert_eq!(*m as usize, i);
            let name = m.name();
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{name}"
            );
        }
        let mut names: Vec<_> = METRICS.iter().map(|d| d.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), METRIC_COUNT, "metric names are unique");
    }

    #[test]
    fn ratios_are_pooled_not_averaged() {
        let mut a = MetricValues::default();
        a.add_ratio(Metric::EdWaitMinMean, 100.0, 1.0);
        let mut b = MetricValues::default();
        b.add_ratio(Metric::EdWaitMinMean, 30.0, 3.0);
        a.add_all(&b);
        assert_eq!(a.value(Metric::EdWaitMinMean), Some(32.5));
        assert_eq!(MetricValues::default().value(Metric::EdWaitMinMean), None);
        assert_eq!(
            MetricValues::default().value(Metric::EdAttendances),
            Some(0.0)
        );
    }
}
