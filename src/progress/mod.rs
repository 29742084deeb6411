//! Recorded progress on the notice's items: the domain state, its edits and
//! history, the schedule (序时进度, lag, lights), and how all of it is stored
//! and shared. Browser-free: the app supplies the clock and the store.

pub mod backups;
pub mod bounds;
pub mod carried;
mod change_serde;
pub mod day;
pub mod diff;
pub mod facts;
pub mod import;
pub mod jsonpath;
pub mod keys;
pub mod layout;
pub mod legacy;
pub mod library;
pub mod merge;
pub mod model;
pub mod persist;
pub mod schedule;
pub mod snapshot;
pub mod store;
pub mod timestamp;
pub mod tracker;

pub use backups::{plan_backup, BackupEntry, BackupIndex, BackupPlan};
pub use day::Day;
pub use keys::notice_hash;
pub use merge::{merge, merge_with_changes, Candidate, Conflict, Merged};
pub use model::*;
pub use schedule::{assess, expected_share, ItemState, Light, Standing, TargetState};
pub use timestamp::Timestamp;
pub use tracker::{Edit, EditError, Tracker};
