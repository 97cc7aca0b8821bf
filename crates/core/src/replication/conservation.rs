//! The patient accounting of a replication: where everyone ended up.

/// Where every patient who arrived ended up: nobody is lost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Conservation {
    /// Patients who arrived (warm-up included), counted where they called
    /// from (a diverted patient once).
    pub arrived: u64,
    /// Patients treated who left the department.
    pub treated: u64,
    /// Patients who left without being seen.
    pub left_without_being_seen: u64,
    /// Diverted patients still in an ambulance at the end.
    pub in_transit_at_end: u64,
    /// Scheduled-care cohort members created (bookings, referrals).
    pub cohort_created: u64,
    /// Cohort members seen or treated.
    pub cohort_completed: u64,
    /// Cohort members still on a booking list at the end.
    pub cohort_waiting: u64,
    /// Referrals made but not yet sent or registered at the end.
    pub cohort_referrals_pending: u64,
    /// Cohort members handed to another trust under mutual aid and
    /// treated there (counted at the trust that booked them).
    pub cohort_treated_elsewhere: u64,
    /// Patients in a cubicle at the end.
    pub in_treatment_at_end: u64,
    /// Patients waiting at the end.
    pub waiting_at_end: u64,
    /// Admitted patients in a cubicle at the end, treated and waiting for a
    /// bed (exit block).
    pub awaiting_bed_at_end: u64,
    /// Admitted patients in a bed at the end.
    pub in_bed_at_end: u64,
    /// Admitted patients discharged from their bed.
    pub discharged: u64,
    /// Elective inpatients put in a bed (they are also cohort members
    /// completed: this accounts for their stay in the ward).
    pub elective_admitted: u64,
    /// Elective inpatients discharged.
    pub elective_discharged: u64,
    /// Elective inpatients in a bed at the end.
    pub elective_in_bed_at_end: u64,
    /// Of the arrivals, those diverted to another department (they are
    /// also in exactly one of the end states above).
    pub diverted: u64,
}

impl Conservation {
    /// Adds another organisation's accounting.
    pub fn add(&mut self, other: &Conservation) {
        self.arrived += other.arrived;
        self.treated += other.treated;
        self.left_without_being_seen += other.left_without_being_seen;
        self.in_transit_at_end += other.in_transit_at_end;
        self.in_treatment_at_end += other.in_treatment_at_end;
        self.waiting_at_end += other.waiting_at_end;
        self.awaiting_bed_at_end += other.awaiting_bed_at_end;
        self.in_bed_at_end += other.in_bed_at_end;
        self.discharged += other.discharged;
        self.elective_admitted += other.elective_admitted;
        self.elective_discharged += other.elective_discharged;
        self.elective_in_bed_at_end += other.elective_in_bed_at_end;
        self.diverted += other.diverted;
        self.cohort_created += other.cohort_created;
        self.cohort_completed += other.cohort_completed;
        self.cohort_waiting += other.cohort_waiting;
        self.cohort_referrals_pending += other.cohort_referrals_pending;
        self.cohort_treated_elsewhere += other.cohort_treated_elsewhere;
    }

    /// Whether every arrival is in exactly one end state.
    pub fn balances(&self) -> bool {
        self.arrived
            == self.treated
                + self.left_without_being_seen
                + self.in_transit_at_end
                + self.in_treatment_at_end
                + self.waiting_at_end
                + self.awaiting_bed_at_end
                + self.in_bed_at_end
                + self.discharged
            && self.cohort_created
                == self.cohort_completed
                    + self.cohort_waiting
                    + self.cohort_referrals_pending
                    + self.cohort_treated_elsewhere
            && self.elective_admitted == self.elective_discharged + self.elective_in_bed_at_end
    }
}
