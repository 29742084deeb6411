//! A ring of automatic backups of one notice's record, as pure policy: the
//! edge asks `plan_backup` after a save, writes the record to the planned
//! slot (`record::backup_key`), removes the dropped slots, and stores the
//! updated index (`record::backup_index_key`).
//!
//! At most `MAX_BACKUPS`, at most one per `MIN_GAP_SECS` of editing; when
//! full, the ring thins out the older ones so that recent backups are dense
//! and old ones sparse (roughly geometric in age: over a year of editing,
//! about 10 min, ½ h, 2 h, 6 h, 1 d, 3 d, 10 d, 1 month, 3 months, the first).

use serde::{Deserialize, Serialize};

use super::timestamp::{real, Timestamp};

pub const MAX_BACKUPS: usize = 10;
/// Ten minutes.
pub const MIN_GAP_SECS: i64 = 600;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BackupIndex {
    /// Oldest first.
    pub entries: Vec<BackupEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupEntry {
    pub slot: u32,
    /// Local time of the backup.
    #[serde(with = "real")]
    pub saved_at: Timestamp,
    /// Length of the history backed up (shown: "第 1234 次修改后").
    pub changes: usize,
    /// Where the backup is: None, in its slot's key (a copy of the state,
    /// as release 0.1 wrote them, or taken before an import); Some(g), it is
    /// the state after the first `changes` stored changes of generation `g`
    /// (the stored history is append-only, so a marker is a backup: it costs
    /// no bytes and no compression while editing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generation: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupPlan {
    /// Write the record to this slot (it may be one of `drop`: overwrite it).
    pub write: u32,
    /// Remove these slots (their keys and index entries).
    pub drop: Vec<u32>,
}

impl BackupIndex {
    /// The stored index; anything unreadable is an empty ring (the slots are
    /// reused from 0, so stale backup keys get overwritten).
    pub fn decode(raw: &str) -> BackupIndex {
        // A key given twice is damage like any other (never "the last one wins").
        let readable = super::jsonpath::repeated_keys(raw.as_bytes(), 1).is_empty();
        let mut index: BackupIndex = if readable { serde_json::from_str(raw).unwrap_or_default() } else { BackupIndex::default() };
        index.entries.sort_by_key(|e| e.saved_at);
        index
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).expect("index serializes")
    }

    /// Apply a plan carried out at `now`, with `changes` in the history
    /// backed up, as a marker into `generation` or (None) a copy in the slot.
    pub fn apply(&mut self, plan: &BackupPlan, now: Timestamp, changes: usize, generation: Option<u32>) {
        self.entries.retain(|e| e.slot != plan.write && !plan.drop.contains(&e.slot));
        self.entries.push(BackupEntry { slot: plan.write, saved_at: now, changes, generation });
        self.entries.sort_by_key(|e| e.saved_at);
    }

    pub fn newest(&self) -> Option<&BackupEntry> {
        self.entries.iter().max_by_key(|e| e.saved_at)
    }
}

/// What to do after a save at `now`: None when the newest backup is less
/// than ten minutes old. A clock set back counts as time passed.
pub fn plan_backup(index: &BackupIndex, now: Timestamp) -> Option<BackupPlan> {
    let newest = index.entries.iter().map(|e| e.saved_at).max();
    if newest.is_some_and(|newest| (0..MIN_GAP_SECS).contains(&newest.seconds_until(now))) {
        return None;
    }
    Some(plan_backup_now(index, now))
}

/// A backup at `now` whatever the gap (before an import replaces or merges the data).
pub fn plan_backup_now(index: &BackupIndex, now: Timestamp) -> BackupPlan {
    let origin = Timestamp::parse("2000-01-01T00:00:00").expect("a valid time");
    let now_s = origin.seconds_until(now);
    // Oldest first.
    let mut entries: Vec<(i64, u32)> = index.entries.iter().map(|e| (origin.seconds_until(e.saved_at), e.slot)).collect();
    entries.sort();
    entries.dedup_by_key(|e| e.1);
    let mut drop = Vec::new();
    // Keep MAX_BACKUPS - 1, then add the new one.
    while entries.len() >= MAX_BACKUPS {
        let victim = thinnest(&entries, now_s);
        drop.push(entries.remove(victim).1);
    }
    let write = match drop.first() {
        Some(&slot) => slot,
        None => (0..).find(|s| entries.iter().all(|e| e.1 != *s)).expect("a free slot"),
    };
    BackupPlan { write, drop }
}

/// The backup to drop from a full ring: never the newest nor the oldest; of
/// the others, the one whose removal leaves the smallest hole relative to
/// its age: (newer neighbour − older neighbour) / age of the newer neighbour.
/// In a ring of evenly spaced backups that is the one nearest the old end,
/// so the ring stretches back in time, dense near now and sparse far back.
/// (The plain "smallest gap to its newer neighbour" keeps a ring of evenly
/// spaced backups evenly spaced: the last 100 minutes, or the first day.)
fn thinnest(entries: &[(i64, u32)], now: i64) -> usize {
    let n = entries.len();
    if n < 3 {
        return 0;
    }
    let mut best = (f64::INFINITY, 1);
    for i in 1..n - 1 {
        let (older, newer) = (entries[i - 1].0, entries[i + 1].0);
        let hole = newer.saturating_sub(older) as f64;
        let age = now.saturating_sub(newer).max(1) as f64;
        if hole / age < best.0 {
            best = (hole / age, i);
        }
    }
    best.1
}
