//! The attack model: how incidents unfold in one replication (who is
//! infected, isolated or cut off from a supplier, which systems go down
//! when, and when each comes back).
