//! Recorded progress on the notice's items: the domain state, its edits and
//! history, and the schedule (序时进度, lag, lights). Browser-free.

pub mod backups;
pub mod day;
pub mod diff;
pub mod merge;
pub mod model;
pub mod record;
pub mod schedule;
pub mod snapshot;
pub mod tracker;

pub use backups::{plan_backup, BackupEntry, BackupIndex, BackupPlan};
pub use day::Day;
pub use merge::{merge, Candidate, Conflict, Merged};
pub use model::*;
pub use schedule::{assess, expected_share, ItemState, Light, Standing, TargetState};
pub use tracker::{Edit, EditError, Tracker};
pub use record::{decode, encode, notice_hash, notice_key, rebase, DecodeError, Decoded, StoredRecord};
