//! The harm parameters as a type: one enum variant per row of
//! `harm-parameters.toml`, so code names a parameter and the compiler
//! checks it, and each carries the range an override may take.

/// The values a parameter may take, for validating overrides and the file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Domain {
    /// A probability, share or multiplier in [0, 1].
    Fraction,
    /// A hazard, odds or risk ratio: greater than 0, at most 100.
    Ratio,
    /// A non-negative quantity (hours, QALYs, pounds) up to `max`.
    NonNegative {
        /// The largest sane value.
        max: f64,
    },
}

impl Domain {
    /// Whether `value` is finite and inside the domain.
    pub fn contains(self, value: f64) -> bool {
        value.is_finite()
            && match self {
                Domain::Fraction => (0.0..=1.0).contains(&value),
                Domain::Ratio => value > 0.0 && value <= MAX_RATIO,
                Domain::NonNegative { max } => (0.0..=max).contains(&value),
            }
    }

    /// The accepted values, in words, for error messages.
    pub fn describe(self) -> String {
        match self {
            Domain::Fraction => "[0, 1]".to_string(),
            Domain::Ratio => format!("(0, {MAX_RATIO}]"),
            Domain::NonNegative { max } => format!("[0, {max}]"),
        }
    }
}

/// No published ratio per unit of delay comes near this; a larger override
/// is a typo (e.g. a percentage).
pub(crate) const MAX_RATIO: f64 = 100.0;

/// Maximum QALYs a single person can lose (a newborn's undiscounted
/// quality-adjusted life expectancy is about 68).
const MAX_QALYS: f64 = 100.0;

/// Maximum pounds for a price or a QALY value.
const MAX_GBP: f64 = 10_000_000.0;

macro_rules! harm_parameters {
    ($( $variant:ident => $name:literal, $domain:expr; )*) => {
        /// A harm parameter. Its index is its position in the harm file,
        /// which is also the order a replication draws them in.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(usize)]
        pub enum HarmParameter { $( #[doc = $name] $variant, )* }

        impl HarmParameter {
            /// Every parameter, in file (draw) order.
            pub const ALL: &[HarmParameter] = &[ $( HarmParameter::$variant, )* ];

            /// The snake_case name used in the harm file, scenario
            /// overrides and `parameters.csv`.
            pub fn name(self) -> &'static str {
                match self { $( HarmParameter::$variant => $name, )* }
            }

            /// The values the parameter may take.
            pub fn domain(self) -> Domain {
                match self { $( HarmParameter::$variant => $domain, )* }
            }
        }
    };
}

harm_parameters! {
    CancerTreatmentDelayHrPer4Weeks => "cancer_treatment_delay_hr_per_4_weeks", Domain::Ratio;
    CancerTreatmentBaseline5YearMortality => "cancer_treatment_baseline_5_year_mortality_probability", Domain::Fraction;
    CancerDeathQalysLost => "cancer_death_qalys_lost", Domain::NonNegative { max: MAX_QALYS };
    CancerShareOfUrgentReferrals => "cancer_share_of_urgent_referrals_probability", Domain::Fraction;
    CancerReferralDelayDeathsPer2Months => "cancer_referral_delay_deaths_per_cancer_per_2_months", Domain::Fraction;
    CancerReferralDelayLifeYearsPer2Months => "cancer_referral_delay_life_years_per_cancer_per_2_months", Domain::NonNegative { max: MAX_QALYS };
    CancerQalysPerLifeYear => "cancer_qalys_per_life_year", Domain::Fraction;
    EdAdmittedHarmOnsetHours => "ed_admitted_harm_onset_hours", Domain::NonNegative { max: 72.0 };
    EdAdmittedExcessDeath6To8Hours => "ed_admitted_excess_death_probability_6_to_8_hours", Domain::Fraction;
    EdAdmittedExcessDeathOver8Hours => "ed_admitted_excess_death_probability_over_8_hours", Domain::Fraction;
    AmbulanceDistanceDeathOrPerKm => "ambulance_distance_death_or_per_km", Domain::Ratio;
    AmbulanceEmergencyBaselineMortality => "ambulance_emergency_baseline_mortality_probability", Domain::Fraction;
    StrokeThrombolysisDelayDeathOrPer15Min => "stroke_thrombolysis_delay_death_or_per_15_min", Domain::Ratio;
    StrokeBaselineMortality => "stroke_thrombolysis_baseline_in_hospital_mortality_probability", Domain::Fraction;
    StemiReperfusionDelayRrPer30Min => "stemi_reperfusion_delay_1_year_death_rr_per_30_min", Domain::Ratio;
    StemiBaseline1YearMortality => "stemi_baseline_1_year_mortality_probability", Domain::Fraction;
    SepsisAntibioticDelayOrPerHour => "sepsis_antibiotic_delay_death_or_per_hour", Domain::Ratio;
    SepsisBaselineMortality => "sepsis_baseline_in_hospital_mortality_probability", Domain::Fraction;
    EmergencyDeathPopulationQalys => "emergency_death_population_qalys_at_age_75", Domain::NonNegative { max: MAX_QALYS };
    EmergencyDeathComorbidityFactor => "emergency_death_comorbidity_factor", Domain::Fraction;
    ElectiveWaitQalysPerWeek => "elective_wait_qalys_lost_per_week", Domain::NonNegative { max: 1.0 };
    FollowUpDelayHarmPerWeek => "outpatient_follow_up_delay_harm_probability_per_week", Domain::Fraction;
    FollowUpHarmQalys => "outpatient_follow_up_harm_qalys_per_harmed_patient", Domain::NonNegative { max: MAX_QALYS };
    LostResultAbnormalShare => "lost_result_abnormal_share", Domain::Fraction;
    LostResultHarmProbability => "lost_result_harm_probability", Domain::Fraction;
    AdverseEventDeathShare => "adverse_event_death_share", Domain::Fraction;
    NonFatalHarmQalys => "non_fatal_harm_qalys_per_event", Domain::NonNegative { max: MAX_QALYS };
    DelayedDischargeDeathsPerBedDay => "delayed_discharge_deaths_per_bed_day", Domain::Fraction;
    DelayedDischargeNewConditionsPerBedDay => "delayed_discharge_new_conditions_per_bed_day", Domain::Fraction;
    DelayedDischargeAttributableShare => "delayed_discharge_attributable_share", Domain::Fraction;
    QalyValueNiceLowerGbp => "qaly_value_nice_lower_gbp", Domain::NonNegative { max: MAX_GBP };
    QalyValueNiceUpperGbp => "qaly_value_nice_upper_gbp", Domain::NonNegative { max: MAX_GBP };
    QalyValueGreenBookGbp => "qaly_value_green_book_gbp", Domain::NonNegative { max: MAX_GBP };
    AeAttendanceCostGbp => "ae_attendance_cost_gbp", Domain::NonNegative { max: MAX_GBP };
    OutpatientAttendanceCostGbp => "outpatient_attendance_cost_gbp", Domain::NonNegative { max: MAX_GBP };
    ElectiveInpatientCostGbp => "elective_inpatient_cost_gbp", Domain::NonNegative { max: MAX_GBP };
    DayCaseCostGbp => "day_case_cost_gbp", Domain::NonNegative { max: MAX_GBP };
    NonElectiveInpatientCostGbp => "non_elective_inpatient_cost_gbp", Domain::NonNegative { max: MAX_GBP };
    ExcessBedDayCostGbp => "excess_bed_day_cost_gbp", Domain::NonNegative { max: MAX_GBP };
    ItRecoveryCostPerAffectedTrustGbp => "it_recovery_cost_per_affected_trust_gbp", Domain::NonNegative { max: MAX_GBP };
    ItSpecialistDayCostGbp => "it_specialist_day_cost_gbp", Domain::NonNegative { max: MAX_GBP };
    IncidentReportingSensitivity => "incident_reporting_sensitivity_probability", Domain::Fraction;
    ReportingFactorWhileSystemDown => "reporting_sensitivity_factor_while_system_down", Domain::Fraction;
}

/// The number of harm parameters.
pub const HARM_PARAMETER_COUNT: usize = HarmParameter::ALL.len();

impl HarmParameter {
    /// The parameter called `name`, if any.
    pub fn from_name(name: &str) -> Option<HarmParameter> {
        HarmParameter::ALL
            .iter()
            .copied()
            .find(|p| p.name() == name)
    }

    /// The closest parameter name to a misspelt `name`, if one is close
    /// enough to be a likely typo.
    pub fn suggest(name: &str) -> Option<&'static str> {
        // The same measure and cut-off as scenario keys, so suggestions
        // feel the same everywhere.
        HarmParameter::ALL
            .iter()
            .map(|p| (strsim::jaro_winkler(name, p.name()), p.name()))
            .filter(|(score, _)| *score >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, n)| n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_follow_the_list_and_names_are_unique_snake_case() {
        for (i, p) in HarmParameter::ALL.iter().enumerate() {
            assert_eq!(*p as usize, i);
            assert!(
                p.name()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{}",
                p.name()
            );
            assert_eq!(HarmParameter::from_name(p.name()), Some(*p));
        }
        let mut names: Vec<_> = HarmParameter::ALL.iter().map(|p| p.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), HARM_PARAMETER_COUNT);
    }

    #[test]
    fn domains_refuse_what_they_should() {
        assert!(Domain::Fraction.contains(0.0) && Domain::Fraction.contains(1.0));
        assert!(!Domain::Fraction.contains(1.01) && !Domain::Fraction.contains(f64::NAN));
        assert!(!Domain::Ratio.contains(0.0) && Domain::Ratio.contains(1.07));
        assert!(!Domain::NonNegative { max: 5.0 }.contains(-1.0));
        assert!(!Domain::NonNegative { max: 5.0 }.contains(f64::INFINITY));
    }

    #[test]
    fn misspelt_names_get_a_suggestion() {
        assert_eq!(
            HarmParameter::suggest("cancer_treatment_delay_hr_per_4_week"),
            Some("cancer_treatment_delay_hr_per_4_weeks")
        );
        assert_eq!(HarmParameter::suggest("zzz"), None);
    }
}
