//! Mutual aid between trusts (`[response.mutual_aid]`).
//!
//! The rule (`docs/model/scheduled-care.md`, section 8): on a working day
//! an acute trust's incident cancels outpatients or electives
//! (`cancelled_outage`: its IT, a cancellation policy or a supplier), a
//! share `s` of those cancelled, `round(s · cancelled)` per pathway, are
//! instead treated the same day by other trusts, nearest first by travel
//! time (`Model::neighbours`), each taking only trusts that are not
//! affected themselves that day (nothing down, no session lost) and only
//! up to the slots their own patients left unused that day (so the
//! receiver's own list is untouched). The patients leave the sending
//! trust's list for good (`Ledger::treated_elsewhere`) and are counted,
//! with their delay and its harm, at the receiver (`mutual_aid_patients`).
//! Trusts are taken in index order, so the result does not depend on
//! threads.

use crate::model::Model;
use crate::model::scheduled_care::{
    Completion, TRUST_SERVICES, TrustCareState, TrustDay, TrustDayContext,
};

/// A trust's scheduled-care pathways (outpatient first, follow-up, day
/// case, inpatient).
const PATHWAYS: usize = 4;

/// What one trust's day left for mutual aid.
#[derive(Debug, Clone, Copy)]
struct DayNote {
    day: u32,
    affected: bool,
    spare: [u32; PATHWAYS],
    cancelled: [u32; PATHWAYS],
}

/// Mutual aid over one replication of one arm.
#[derive(Debug, Clone)]
pub(super) struct MutualAid {
    today: Vec<Option<DayNote>>,
    /// Per trust, whether it has treated another trust's patients.
    pub(super) received: Vec<bool>,
}

impl MutualAid {
    pub(super) fn new(trusts: usize) -> Self {
        Self {
            today: vec![None; trusts],
            received: vec![false; trusts],
        }
    }

    /// Notes trust `i`'s day, just stepped.
    pub(super) fn note_day(&mut self, i: usize, ctx: &TrustDayContext, out: &TrustDay) {
        let affected = (0..TRUST_SERVICES)
            .any(|s| ctx.down_share[s] > 0.0 || ctx.sessions_lost_share[s] > 0.0);
        self.today[i] = ctx.working_day.then(|| DayNote {
            day: ctx.day,
            affected,
            spare: std::array::from_fn(|p| out.pathways[p].spare_slots),
            cancelled: std::array::from_fn(|p| out.pathways[p].cancelled_outage),
        });
    }

    /// Moves a share `share` of each trust's outage cancellations of `day`
    /// to its unaffected neighbours; `record(receiver, completion)` counts
    /// them at the receiver.
    pub(super) fn transfer(
        &mut self,
        model: &Model,
        share: f64,
        day: u32,
        trusts: &mut [Option<TrustCareState>],
        mut record: impl FnMut(usize, &Completion),
    ) {
        for (i, sender) in trusts.iter_mut().enumerate() {
            let Some(note) = self.today[i].filter(|n| n.day == day) else {
                continue;
            };
            let Some(sender) = sender.as_mut() else {
                continue;
            };
            for p in 0..PATHWAYS {
                let mut want = (share * f64::from(note.cancelled[p])).round() as u32;
                for n in &model.neighbours[i] {
                    if want == 0 {
                        break;
                    }
                    let j = n.organisation;
                    let Some(receiver) = self.today.get_mut(j).and_then(Option::as_mut) else {
                        continue;
                    };
                    if receiver.day != day || receiver.affected || receiver.spare[p] == 0 {
                        continue;
                    }
                    let offered = want.min(receiver.spare[p]);
                    let moved = sender.hand_over(p, offered, day);
                    let count: u32 = moved.iter().map(|c| c.count).sum();
                    receiver.spare[p] -= count;
                    want -= count;
                    if count > 0 {
                        self.received[j] = true;
                    }
                    for c in &moved {
                        record(j, c);
                    }
                    if count < offered {
                        // The sender has nobody left to hand over.
                        break;
                    }
                }
            }
        }
    }
}
