//! Scheduled care as cohorts: outpatient appointments, elective
//! operations, GP appointments and referrals, booked by the day.
