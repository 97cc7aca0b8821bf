//! Harm in pounds: QALYs at three thresholds, and the unit costs of lost
//! activity (2016/17 reference-cost prices; re-base before comparing with
//! current budgets).

use super::draw::HarmDraw;
use super::parameters::HarmParameter;

/// The three values of a QALY, in the order [`qalys_value_gbp`] returns
/// them: NICE lower (£20,000), NICE upper (£30,000), Green Book (£70,000).
pub const QALY_VALUES: [HarmParameter; 3] = [
    HarmParameter::QalyValueNiceLowerGbp,
    HarmParameter::QalyValueNiceUpperGbp,
    HarmParameter::QalyValueGreenBookGbp,
];

/// `qalys` valued at each of [`QALY_VALUES`], in pounds.
pub fn qalys_value_gbp(qalys: f64, d: &HarmDraw) -> [f64; 3] {
    QALY_VALUES.map(|p| qalys * d.get(p))
}

/// A unit of hospital activity lost or added by an outage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Activity {
    /// An A&E attendance.
    AeAttendance,
    /// An outpatient attendance (first and follow-up combined).
    OutpatientAttendance,
    /// An elective inpatient episode (excess bed-days excluded).
    ElectiveInpatient,
    /// A day case.
    DayCase,
    /// A non-elective inpatient episode.
    NonElectiveInpatient,
    /// An excess bed-day (e.g. a delayed discharge).
    ExcessBedDay,
}

impl Activity {
    /// Every activity.
    pub const ALL: [Activity; 6] = [
        Activity::AeAttendance,
        Activity::OutpatientAttendance,
        Activity::ElectiveInpatient,
        Activity::DayCase,
        Activity::NonElectiveInpatient,
        Activity::ExcessBedDay,
    ];

    /// The harm parameter holding its unit cost.
    pub fn cost_parameter(self) -> HarmParameter {
        match self {
            Activity::AeAttendance => HarmParameter::AeAttendanceCostGbp,
            Activity::OutpatientAttendance => HarmParameter::OutpatientAttendanceCostGbp,
            Activity::ElectiveInpatient => HarmParameter::ElectiveInpatientCostGbp,
            Activity::DayCase => HarmParameter::DayCaseCostGbp,
            Activity::NonElectiveInpatient => HarmParameter::NonElectiveInpatientCostGbp,
            Activity::ExcessBedDay => HarmParameter::ExcessBedDayCostGbp,
        }
    }

    /// Its unit cost in pounds (2016/17 prices).
    pub fn unit_cost_gbp(self, d: &HarmDraw) -> f64 {
        d.get(self.cost_parameter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harm::HarmCatalogue;

    #[test]
    fn qalys_are_valued_at_the_three_thresholds() {
        let d = HarmDraw::central(HarmCatalogue::embedded());
        assert_eq!(qalys_value_gbp(2.0, &d), [40_000.0, 60_000.0, 140_000.0]);
    }

    #[test]
    fn unit_costs_are_the_2016_17_reference_costs() {
        let d = HarmDraw::central(HarmCatalogue::embedded());
        let costs = Activity::ALL.map(|a| a.unit_cost_gbp(&d));
        assert_eq!(costs, [148.0, 120.0, 3684.0, 738.0, 1590.0, 313.0]);
    }
}
