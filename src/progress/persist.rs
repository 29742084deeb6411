//! What is stored when, for one notice's progress, against any `Store`:
//! load (migrate, repair, quarantine, read-only), save after each edit, take
//! in another tab's saves, backups. The app only moves strings in and out of
//! the browser (`app::local_store`) and shows the `StorageEvent`s.
//!
//! Invariants:
//! - a value that cannot be read is moved aside (a unique `quarantine` key)
//!   before its key is reused, never replaced by an empty default; what can
//!   still be read of a record loads, and the rest is listed;
//! - a record of a newer schema is never written over (read-only);
//! - a failed write keeps everything in memory, dirty, and says so; the next
//!   save writes it all again;
//! - one rule reconciles copies: another tab's save is taken in with
//!   `merge::merge_with_changes` (the stored copy plus this tab's own changes),
//!   so no tab loses an edit and the newest edit of a field wins;
//! - release 0.1's records (`minsheng:v2:`, `v1:`) are read, never written
//!   or deleted; its backups move into this layout's ring.
//!
//! The layout is `layout`'s. The history is read only when needed
//! (`load_history`): opening reads the head and the items' states.

use std::collections::BTreeSet;

use super::backups::{plan_backup, plan_backup_now, BackupEntry, BackupIndex};
use super::jsonpath::PathError;
use super::keys::{legacy_backup_prefix, legacy_keys, Keys};
use super::layout::{self, Backup, Head, HeadError, LogHead, CHUNK_LEN, SCHEMA};
use super::legacy::{self, LegacyError};
use super::merge::{identity_order, merge_with_changes};
use super::model::{Change, Progress, Settings};
use super::store::{Store, StoreError};
use super::timestamp::Timestamp;

/// What the user must be told about storage.
#[derive(Debug, Clone, PartialEq)]
pub enum StorageEvent {
    /// No storage: the page works in memory only.
    Unavailable,
    /// The quota is full: the latest changes are in memory only.
    Quota,
    /// Nothing stored yet for this notice.
    FirstRun,
    /// Release 0.1's record (schema `from`) was read into this layout.
    Migrated { from: u32 },
    /// A newer version's record: never written over.
    ReadOnly { message: String },
    /// Nothing of the stored record could be read; it was moved to `key`.
    Quarantined { key: String, message: String },
    /// Part of the stored record could not be read: the rest loaded; the
    /// unreadable values were moved to `keys` (or, for release 0.1's record,
    /// left where they are); `problems` lists what was lost or rebuilt.
    Repaired { keys: Vec<String>, problems: Vec<String> },
    /// This tab's unsaved changes were merged with another tab's.
    Merged,
    /// A due backup could not be written (the progress itself was saved).
    BackupFailed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Saving to the store.
    Normal,
    /// No storage at all: memory only.
    Memory,
    /// The stored record is from a newer version: never written.
    ReadOnly,
}

impl Mode {
    pub fn key(self) -> &'static str {
        match self {
            Mode::Normal => "normal",
            Mode::Memory => "memory",
            Mode::ReadOnly => "read_only",
        }
    }
}

/// One notice's place in the store and what this tab last wrote or read there.
#[derive(Debug, Clone)]
pub struct Persistence {
    hash: String,
    keys: Keys,
    /// This tab's id (random per page load, given by the edge).
    writer: String,
    pub mode: Mode,
    /// The head as this tab last wrote or read it; None before anything is stored.
    head: Option<Head>,
    head_raw: Option<String>,
    /// `progress.history[..saved]` is in the store.
    saved: usize,
    /// The stored history has not been read yet: `progress.history` holds
    /// only this session's changes.
    history_unread: bool,
    /// The open (last, not full) chunk's changes as stored (empty until the
    /// history is read: `save` reads it before appending).
    open_chunk: Vec<Change>,
    /// The chunks as the last full read of the history found them.
    found_log: LogHead,
    settings_saved: Settings,
    /// Items whose stored state may differ from memory beyond what
    /// `history[saved..]` touched (after a merge or a replace).
    items_dirty: BTreeSet<u32>,
    /// The next save writes the whole state as a new generation, and why.
    rewrite: Option<Rewrite>,
    /// Keys of generations below this one are leftovers of a whole write:
    /// removed at a later save that finds the head still this tab's (never
    /// at the write itself: another tab may have written its head meanwhile).
    sweep_below: Option<u32>,
    /// Values moved aside this session: (key, text), for export.
    pub quarantined: Vec<(String, String)>,
}

/// Why the whole state is written again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rewrite {
    /// An import replaced the state: what other tabs saved before is not
    /// merged back (only their unsaved changes, see `take_in`).
    Import,
    /// The stored copy had to be rebuilt, was cleared or is new: rewritten
    /// whole, and still merged with what other tabs save.
    Repair,
}

pub struct Loaded {
    pub progress: Progress,
    pub events: Vec<StorageEvent>,
    pub persistence: Persistence,
}

impl Persistence {
    fn new(hash: &str, writer: &str) -> Persistence {
        Persistence {
            hash: hash.to_string(),
            keys: Keys::for_hash(hash),
            writer: writer.to_string(),
            mode: Mode::Normal,
            head: None,
            head_raw: None,
            saved: 0,
            history_unread: false,
            open_chunk: Vec::new(),
            found_log: LogHead::default(),
            settings_saved: Settings::default(),
            items_dirty: BTreeSet::new(),
            rewrite: None,
            sweep_below: None,
            quarantined: Vec::new(),
        }
    }

    pub fn head_key(&self) -> &str {
        &self.keys.head
    }

    /// Whether memory holds anything the store has not.
    pub fn is_dirty(&self, progress: &Progress) -> bool {
        progress.history.len() != self.saved || progress.settings != self.settings_saved || self.rewrite.is_some() || !self.items_dirty.is_empty()
    }

    pub fn history_unread(&self) -> bool {
        self.history_unread
    }
}

/// Read this notice's progress at start. `writer` names this tab.
// The bench-only build of the previous layout returns before the rest.
#[cfg_attr(feature = "previous-layout", allow(unreachable_code, unused_variables))]
pub fn load<S: Store>(store: &mut S, hash: &str, writer: &str, now: Timestamp) -> Loaded {
    #[cfg(feature = "previous-layout")]
    return previous_layout::load(store, hash, writer);
    let mut p = Persistence::new(hash, writer);
    let mut events = Vec::new();
    let head_raw = match store.get(&p.keys.head) {
        Ok(raw) => raw,
        Err(_) => {
            p.mode = Mode::Memory;
            return Loaded { progress: Progress::default(), events: vec![StorageEvent::Unavailable], persistence: p };
        }
    };
    let progress = match head_raw {
        None => p.load_legacy(store, now, &mut events),
        Some(raw) => match layout::decode_head(&raw) {
            Err(HeadError::Newer(n)) => {
                p.mode = Mode::ReadOnly;
                events.push(StorageEvent::ReadOnly { message: newer_message(n) });
                Progress::default()
            }
            Err(HeadError::Unreadable(e)) => p.load_without_head(store, raw, e, now, &mut events),
            Ok(head) => p.load_current(store, head, raw, now, &mut events),
        },
    };
    Loaded { progress, events, persistence: p }
}

fn newer_message(schema: u64) -> String {
    format!("这份进度由更新版本的本工具保存（格式版本 {schema}，本版本只认识到 {SCHEMA}）。为免覆盖，本页不会改写它，请用新版本打开。")
}

impl Persistence {
    /// The head is readable: items from their keys; if the last save was cut
    /// short, the state is rebuilt from the history.
    fn load_current<S: Store>(&mut self, store: &mut S, head: Head, raw: String, now: Timestamp, events: &mut Vec<StorageEvent>) -> Progress {
        let log_matches = self.log_matches(store, &head);
        let mut progress = Progress { settings: head.settings.clone(), ..Progress::default() };
        let mut unreadable = Vec::new();
        for &no in &head.items {
            let key = self.keys.item(head.generation, no);
            match store.get(&key) {
                Ok(Some(value)) => match layout::decode_item(&value, &format!("items.{no}")) {
                    Ok(item) => {
                        progress.items.insert(no, item);
                    }
                    Err(e) => unreadable.push((key, value, format!("第{no}项：{}", e.detail))),
                },
                Ok(None) => unreadable.push((key, String::new(), format!("第{no}项的记录缺失"))),
                Err(_) => {}
            }
        }
        self.settings_saved = head.settings.clone();
        self.history_unread = true;
        if head.schema < SCHEMA {
            // An older schema's items are rewritten in this one's form by the
            // next save (at once: the state is dirty), which then writes the head
            // as this schema: an older build reads it as newer, never as damage.
            self.items_dirty.extend(progress.items.keys().copied());
        }
        self.head = Some(head);
        self.head_raw = Some(raw);
        if log_matches && unreadable.is_empty() {
            // `saved` counts this session's history entries: none yet.
            self.open_chunk = Vec::new();
            self.saved = 0;
            return progress;
        }
        // Rebuild from the history: the items' states follow from it.
        let mut problems: Vec<String> = unreadable.iter().map(|(_, _, why)| why.clone()).collect();
        let unreadable_count = problems.len();
        let mut moved = Vec::new();
        for (key, value, _) in unreadable {
            if !value.is_empty() {
                moved.extend(self.move_aside(store, &key, value, now));
            }
        }
        let head = self.head.clone().expect("set above");
        let (history, _, chunk_problems, chunk_keys) = self.read_history(store, &head, now);
        problems.extend(chunk_problems);
        moved.extend(chunk_keys);
        let history_complete = problems.len() == unreadable_count;
        // A complete history explains every stored state (what is written
        // whole is normalized to its history first): an item key it does not
        // explain is another tab's write racing ours, whose change that tab
        // still holds and brings back when it takes this copy in. Made a
        // value "from before the history" here, it would be recorded twice.
        let items = if history_complete { Default::default() } else { progress.items.clone() };
        let mut rebuilt = super::merge::merge(&[&Progress { items, settings: progress.settings.clone(), history }]).progress;
        rebuilt.settings = progress.settings;
        if !history_complete {
            // Part of the history is lost: an item's own readable record knows more.
            for (no, item) in progress.items {
                rebuilt.items.insert(no, item);
            }
        }
        self.history_unread = false;
        self.rewrite = Some(Rewrite::Repair);
        self.saved = rebuilt.history.len();
        if !problems.is_empty() {
            events.push(StorageEvent::Repaired { keys: moved, problems });
        }
        rebuilt
    }

    /// Whether the stored chunks are what the head says (the last one holds
    /// `log.last`, none follows), by their count prefixes alone: opening
    /// decodes no change (the open chunk is read with the history, before
    /// any save appends to it; see `save`).
    fn log_matches<S: Store>(&self, store: &S, head: &Head) -> bool {
        if !matches!(store.get(&self.keys.chunk(head.generation, head.log.chunks)), Ok(None)) {
            return false;
        }
        if head.log.chunks == 0 {
            return true;
        }
        let last = store.get(&self.keys.chunk(head.generation, head.log.chunks - 1)).ok().flatten();
        last.is_some_and(|raw| layout::chunk_count(&raw) == Some(head.log.last))
    }

    /// Every stored change of the head's generation, the chunks past the
    /// head's count included (a save cut short, another tab), and the log as
    /// found. Sets `open_chunk`. Unreadable chunks are moved aside and listed.
    fn read_history<S: Store>(&mut self, store: &mut S, head: &Head, now: Timestamp) -> (Vec<Change>, LogHead, Vec<String>, Vec<String>) {
        let mut history = Vec::with_capacity(head.log.total());
        let (mut problems, mut moved) = (Vec::new(), Vec::new());
        let mut log = LogHead::default();
        let mut last = Vec::new();
        let mut n = 0;
        loop {
            let key = self.keys.chunk(head.generation, n);
            let raw = match store.get(&key) {
                Ok(Some(raw)) => raw,
                _ if n < head.log.chunks => {
                    problems.push(format!("修改记录第 {} 段缺失", n + 1));
                    n += 1;
                    continue;
                }
                _ => break,
            };
            match layout::decode_chunk(&raw, &format!("log.{n}")) {
                Ok(changes) => {
                    log = LogHead { chunks: n + 1, last: changes.len() as u32 };
                    history.extend_from_slice(&changes);
                    last = changes;
                }
                Err(e) => {
                    problems.push(format!("修改记录第 {} 段无法读取（{}），其中的修改记录已移到一旁", n + 1, e.detail));
                    moved.extend(self.move_aside(store, &key, raw, now));
                }
            }
            n += 1;
        }
        drop_repeated(&mut history);
        // Appending continues in the last chunk only if it is not full.
        self.open_chunk = if last.len() < CHUNK_LEN { last } else { Vec::new() };
        self.found_log = log;
        (history, log, problems, moved)
    }

    /// The stored history, put before this session's changes. Needed before
    /// anything that reads the whole history (export, merge, as-of views).
    pub fn load_history<S: Store>(&mut self, store: &mut S, progress: &mut Progress, now: Timestamp) -> Vec<StorageEvent> {
        if !self.history_unread {
            return vec![];
        }
        self.history_unread = false;
        let Some(head) = self.head.clone() else { return vec![] };
        let (mut stored, log, problems, moved) = self.read_history(store, &head, now);
        if log != head.log || !problems.is_empty() {
            // Not what the head says: write it all again.
            self.rewrite.get_or_insert(Rewrite::Repair);
        }
        let ours = std::mem::take(&mut progress.history);
        self.saved += stored.len();
        stored.extend(ours);
        progress.history = stored;
        if problems.is_empty() {
            vec![]
        } else {
            vec![StorageEvent::Repaired { keys: moved, problems }]
        }
    }

    /// The head itself cannot be read: move it aside, then recover what the
    /// newest generation's keys hold.
    fn load_without_head<S: Store>(&mut self, store: &mut S, raw: String, error: PathError, now: Timestamp, events: &mut Vec<StorageEvent>) -> Progress {
        let message = format!("进度记录的索引无法读取（{error}）");
        let Some(aside) = self.move_aside(store, &self.keys.head.clone(), raw, now) else {
            // Could not move it aside: then it must not be overwritten either.
            self.mode = Mode::ReadOnly;
            events.push(StorageEvent::ReadOnly { message: format!("{message}，且无法另存。") });
            return Progress::default();
        };
        let family = store.keys_with_prefix(&self.keys.family()).unwrap_or_default();
        let generation = family.iter().filter_map(|k| layout::generation_of(k)).max();
        let Some(generation) = generation else {
            events.push(StorageEvent::Quarantined { key: aside, message });
            return Progress::default();
        };
        // A head that lists every item key found, and as many chunks as there are.
        let items: Vec<u32> = family
            .iter()
            .filter(|k| layout::generation_of(k) == Some(generation))
            .filter_map(|k| k.rsplit_once(":item:").and_then(|(_, rest)| rest.split_once('.')).and_then(|(_, no)| no.parse().ok()))
            .collect();
        let head = Head {
            schema: SCHEMA,
            notice: self.hash.clone(),
            saved_at: now,
            revision: 0,
            writer: self.writer.clone(),
            generation,
            settings: Settings::default(),
            items,
            log: LogHead::default(),
            imported: false,
        };
        let mut progress = self.load_current(store, head, String::new(), now, &mut Vec::new());
        // Rebuilt whole (`log` unknown): write it all again.
        let _ = self.load_history(store, &mut progress, now);
        self.rewrite = Some(Rewrite::Repair);
        events.push(StorageEvent::Repaired {
            keys: vec![aside], problems: vec![format!("{message}；已按各事项的记录和修改记录恢复，“设置”已恢复为默认值")]
        });
        progress
    }

    /// Nothing of this layout stored: release 0.1's record, if any.
    fn load_legacy<S: Store>(&mut self, store: &mut S, now: Timestamp, events: &mut Vec<StorageEvent>) -> Progress {
        let found = legacy_keys(&self.hash).into_iter().find_map(|key| store.get(&key).ok().flatten().map(|raw| (key, raw)));
        let Some((key, raw)) = found else {
            events.push(StorageEvent::FirstRun);
            return Progress::default();
        };
        match legacy::decode(&raw, &self.hash) {
            Ok(old) => {
                let mut progress = old.progress;
                progress.canonicalize();
                normalize(&mut progress);
                self.adopt_legacy_backups(store);
                events.push(StorageEvent::Migrated { from: old.schema });
                if !old.unreadable.is_empty() {
                    let problems = old.unreadable.iter().map(|e| format!("旧记录 {e}")).collect();
                    // The old record stays at its key, untouched; listed for
                    // 导出损坏的数据 like a value moved aside.
                    self.quarantined.push((key.clone(), raw.clone()));
                    events.push(StorageEvent::Repaired { keys: vec![key], problems });
                }
                self.rewrite = Some(Rewrite::Repair);
                self.settings_saved = progress.settings.clone();
                progress
            }
            Err(LegacyError::Newer(n)) => {
                self.mode = Mode::ReadOnly;
                events.push(StorageEvent::ReadOnly { message: newer_message(n) });
                Progress::default()
            }
            Err(e) => {
                // Left where it is (this version never writes that key): a copy aside for export.
                let aside = self.move_aside(store, &key, raw.clone(), now).unwrap_or(key);
                events.push(StorageEvent::Quarantined { key: aside, message: e.to_string() });
                Progress::default()
            }
        }
    }

    /// Release 0.1's backups join this layout's ring (moved, not copied).
    fn adopt_legacy_backups<S: Store>(&self, store: &mut S) {
        let prefix = legacy_backup_prefix(&self.hash);
        let Ok(Some(index)) = store.get(&format!("{prefix}backups")) else { return };
        let index = BackupIndex::decode(&index);
        for entry in &index.entries {
            if let Ok(Some(raw)) = store.get(&format!("{prefix}backup:{}", entry.slot)) {
                if store.set(&self.keys.backup(entry.slot), &raw).is_ok() {
                    let _ = store.remove(&format!("{prefix}backup:{}", entry.slot));
                }
            }
        }
        if store.set(&self.keys.backup_index(), &index.encode()).is_ok() {
            let _ = store.remove(&format!("{prefix}backups"));
        }
    }

    /// Move an unreadable value to a fresh quarantine key (the original key
    /// is left for the caller to reuse). None if it could not be written.
    fn move_aside<S: Store>(&mut self, store: &mut S, key: &str, value: String, now: Timestamp) -> Option<String> {
        let at = now.to_string();
        let aside = (0..u32::MAX).map(|n| self.keys.quarantine(&at, n)).find(|k| matches!(store.get(k), Ok(None)))?;
        store.set(&aside, &value).ok()?;
        if key.starts_with(&self.keys.head) {
            let _ = store.remove(key);
        }
        self.quarantined.push((aside.clone(), value));
        Some(aside)
    }
}

// ---- saving ------------------------------------------------------------------

impl Persistence {
    /// Save after an edit. Takes in first what another tab saved meanwhile
    /// (then `progress` becomes the merge). Returns what to tell the user.
    #[cfg_attr(feature = "previous-layout", allow(unreachable_code))]
    pub fn save<S: Store>(&mut self, store: &mut S, progress: &mut Progress, now: Timestamp) -> Vec<StorageEvent> {
        if self.mode != Mode::Normal || !self.is_dirty(progress) {
            return vec![];
        }
        #[cfg(feature = "previous-layout")]
        return self.save_previous_layout(store, progress, now);
        let mut events = Vec::new();
        let stored = match store.get(&self.keys.head) {
            Ok(stored) => stored,
            Err(_) => return self.lost_storage(),
        };
        let stored_is_ours = stored == self.head_raw;
        if !stored_is_ours {
            match stored {
                None => {
                    // Cleared elsewhere: everything in memory is unsaved again.
                    if self.head.is_some() {
                        self.forget_stored(store, progress, now);
                    }
                }
                Some(raw) => match layout::decode_head(&raw) {
                    Err(HeadError::Newer(n)) => {
                        self.mode = Mode::ReadOnly;
                        return vec![StorageEvent::ReadOnly { message: newer_message(n) }];
                    }
                    Err(HeadError::Unreadable(e)) => {
                        // Someone left something unreadable: keep it, then write ours whole.
                        let Some(aside) = self.move_aside(store, &self.keys.head.clone(), raw, now) else { return vec![StorageEvent::Quota] };
                        events.push(StorageEvent::Quarantined { key: aside, message: format!("进度记录的索引无法读取（{e}）") });
                        self.forget_stored(store, progress, now);
                    }
                    // A state this tab replaced (an import) is written whole over whatever is there.
                    Ok(_) if self.rewrite == Some(Rewrite::Import) => {}
                    Ok(head) => {
                        if self.take_in(store, progress, head, raw, now) {
                            events.push(StorageEvent::Merged);
                        }
                    }
                },
            }
        }
        if self.history_unread && progress.history.len() > self.saved {
            // Appending needs the open chunk, read with the history (right after
            // the first paint; here only when an edit comes first).
            events.extend(self.load_history(store, progress, now));
        }
        if self.rewrite.is_some() || self.head.is_none() {
            normalize(progress);
        } else if stored_is_ours {
            self.sweep(store);
        }
        events.extend(self.write(store, progress, now));
        events
    }

    /// Memory holds everything: the next write is a whole new generation.
    fn forget_stored<S: Store>(&mut self, store: &mut S, progress: &mut Progress, now: Timestamp) {
        let _ = self.load_history(store, progress, now);
        self.rewrite = Some(Rewrite::Repair);
    }

    fn lost_storage(&mut self) -> Vec<StorageEvent> {
        self.mode = Mode::Memory;
        vec![StorageEvent::Unavailable]
    }

    /// Another tab wrote `head`: take its state and history in, with this
    /// tab's own changes merged on top (`merge_with_changes`). True when this
    /// tab had unsaved changes (a real merge, worth telling).
    fn take_in<S: Store>(&mut self, store: &mut S, progress: &mut Progress, head: Head, raw: String, now: Timestamp) -> bool {
        let saved = self.saved.min(progress.history.len());
        let had_local = progress.history.len() > saved;
        // This tab's changes: only the unsaved ones when another tab imported
        // a new state since (the import must win), else all this tab holds —
        // a save of ours that another tab's write overlaid (two tabs writing
        // at once, a whole rewrite elsewhere) comes back.
        let replaced_elsewhere = head.imported && self.head.as_ref().is_some_and(|mine| mine.generation != head.generation);
        let mine = &progress.history[if replaced_elsewhere { saved } else { 0 }..];
        let mut stored = Persistence::new(&self.hash, &self.writer);
        let mut stored_progress = stored.load_current(store, head.clone(), raw.clone(), now, &mut Vec::new());
        let _ = stored.load_history(store, &mut stored_progress, now);
        if stored.rewrite.is_none() {
            // The stored state is its history replayed. Two tabs' whole first
            // writes landing interleaved leave item keys that the chunks do not
            // explain (and that the quick check at opening cannot see): the
            // history decides, and the items are written again.
            let probe = Progress { history: std::mem::take(&mut stored_progress.history), ..Progress::default() };
            let replayed = super::merge::merge(&[&probe]).progress.items;
            stored_progress.history = probe.history;
            if replayed != stored_progress.items {
                stored_progress.items = replayed;
                stored.rewrite = Some(Rewrite::Repair);
            }
        }
        let log = stored.found_log;
        self.quarantined.append(&mut stored.quarantined);
        let mut merged = merge_with_changes(&[&stored_progress], mine).progress;
        // Settings: a field this tab changed since it saved is this tab's.
        merged.settings = three_way(&stored_progress.settings, &progress.settings, &self.settings_saved);
        // What the store lacks: changes (appended after the stored ones) and item states.
        let mut known: Vec<&Change> = stored_progress.history.iter().collect();
        known.sort_unstable_by(|a, b| identity_order(a, b));
        let new_changes: Vec<Change> = merged.history.iter().filter(|c| known.binary_search_by(|k| identity_order(k, c)).is_err()).cloned().collect();
        self.items_dirty = merged.items.iter().filter(|(no, item)| stored_progress.items.get(no) != Some(item)).map(|(no, _)| *no).collect();
        self.items_dirty.extend(stored_progress.items.keys().filter(|no| !merged.items.contains_key(no)));
        // Items of an older schema (a tab of an older build wrote that head) are upgraded too.
        self.items_dirty.extend(stored.items_dirty.iter().filter(|no| merged.items.contains_key(no)));
        self.open_chunk = stored.open_chunk;
        self.settings_saved = stored_progress.settings.clone();
        self.head = Some(Head { log, ..head });
        self.head_raw = Some(raw);
        self.history_unread = false;
        if stored.rewrite.is_some() {
            // The stored copy did not read back whole (a write of another tab
            // under way, or damage): every item is written again; the history
            // is appended after what was found. Never a new generation here:
            // two tabs racing must not remove each other's keys.
            self.items_dirty.extend(merged.items.keys().chain(stored_progress.items.keys()));
        }
        if head.generation > 0 {
            // Older generations are leftovers once this tab's next save finds this head its own.
            self.sweep_below = Some(head.generation);
        }
        if self.rewrite == Some(Rewrite::Import) {
            // Taken in above only when not an import (see `save`).
            self.rewrite = None;
        }
        self.saved = stored_progress.history.len();
        // The merged state, its history in stored order then this tab's additions (the same set of changes).
        let mut history = stored_progress.history;
        history.extend(new_changes);
        merged.history = history;
        *progress = merged;
        had_local
    }

    /// Write what memory has and the store lacks: appended changes, the
    /// items they touched, the head last. A replaced state goes to a new
    /// generation, and the old one is removed after the head points away.
    fn write<S: Store>(&mut self, store: &mut S, progress: &Progress, now: Timestamp) -> Vec<StorageEvent> {
        let base = match (&self.head, self.rewrite) {
            (Some(head), None) => head.clone(),
            _ => Head {
                schema: SCHEMA,
                notice: self.hash.clone(),
                saved_at: now,
                revision: self.head.as_ref().map_or(0, |h| h.revision),
                writer: self.writer.clone(),
                generation: self.next_generation(store),
                settings: progress.settings.clone(),
                items: Vec::new(),
                log: LogHead::default(),
                imported: self.rewrite == Some(Rewrite::Import),
            },
        };
        let whole = self.rewrite.is_some() || self.head.is_none();
        debug_assert!(whole || !self.history_unread || progress.history.len() == self.saved, "appending before the open chunk is read");
        let (new_changes, mut open) = if whole { (&progress.history[..], Vec::new()) } else { (&progress.history[self.saved..], self.open_chunk.clone()) };
        // Chunks: continue the open one, seal each that fills up.
        let mut index = if open.is_empty() { base.log.chunks } else { base.log.chunks - 1 };
        let mut log = base.log;
        let mut written = Vec::new();
        for change in new_changes {
            open.push(change.clone());
            if open.len() == CHUNK_LEN {
                written.push((self.keys.chunk(base.generation, index), layout::encode_chunk(&open, true)));
                log = LogHead { chunks: index + 1, last: CHUNK_LEN as u32 };
                open.clear();
                index += 1;
            }
        }
        // (Nothing appended, as when only items are rewritten: the open chunk stays as stored.)
        if !open.is_empty() && !new_changes.is_empty() {
            written.push((self.keys.chunk(base.generation, index), layout::encode_chunk(&open, false)));
            log = LogHead { chunks: index + 1, last: open.len() as u32 };
        }
        // Items: those the new changes touched, and any a merge changed.
        let touched: BTreeSet<u32> =
            if whole { progress.items.keys().copied().collect() } else { new_changes.iter().map(|c| c.item).chain(self.items_dirty.iter().copied()).collect() };
        for no in &touched {
            let key = self.keys.item(base.generation, *no);
            match progress.items.get(no) {
                Some(item) => written.push((key, layout::encode_item(item))),
                None => written.push((key, String::new())),
            }
        }
        let head = Head {
            schema: SCHEMA,
            saved_at: now,
            revision: base.revision.saturating_add(1),
            writer: self.writer.clone(),
            settings: progress.settings.clone(),
            items: progress.items.keys().copied().collect(),
            log,
            ..base
        };
        let head_raw = layout::encode_head(&head);
        for (key, value) in &written {
            let result = if value.is_empty() { store.remove(key) } else { store.set(key, value) };
            if let Err(e) = result {
                return self.write_failed(e);
            }
        }
        if let Err(e) = store.set(&self.keys.head, &head_raw) {
            return self.write_failed(e);
        }
        self.open_chunk = open;
        self.saved = progress.history.len();
        self.settings_saved = progress.settings.clone();
        self.items_dirty.clear();
        self.rewrite = None;
        let generation = head.generation;
        self.head = Some(head);
        self.head_raw = Some(head_raw);
        if whole && generation > 0 {
            self.sweep_below = Some(generation);
        }
        vec![]
    }

    fn write_failed(&mut self, error: StoreError) -> Vec<StorageEvent> {
        match error {
            // Nothing is marked saved: the next save writes it all again.
            StoreError::Quota => vec![StorageEvent::Quota],
            StoreError::Unavailable => self.lost_storage(),
        }
    }

    /// A generation no key uses yet.
    fn next_generation<S: Store>(&self, store: &S) -> u32 {
        let family = store.keys_with_prefix(&self.keys.family()).unwrap_or_default();
        let highest = family.iter().filter_map(|k| layout::generation_of(k)).chain(self.head.as_ref().map(|h| h.generation)).max();
        highest.map_or(0, |g| g.saturating_add(1))
    }

    /// Remove the leftovers of generations older than the one this tab's
    /// whole write began, once a later save found the head still this tab's.
    fn sweep<S: Store>(&mut self, store: &mut S) {
        let Some(below) = self.sweep_below.take() else { return };
        for key in store.keys_with_prefix(&self.keys.family()).unwrap_or_default() {
            if layout::generation_of(&key).is_some_and(|g| g < below) {
                let _ = store.remove(&key);
            }
        }
    }

    /// Another tab wrote the head (the `storage` event): whether `progress`
    /// changed, and what to tell the user.
    pub fn on_external_change<S: Store>(
        &mut self,
        store: &mut S,
        new_head: Option<String>,
        progress: &mut Progress,
        now: Timestamp,
    ) -> (bool, Vec<StorageEvent>) {
        if self.mode != Mode::Normal || new_head == self.head_raw || self.rewrite == Some(Rewrite::Import) {
            // (A state this tab imported is written whole by its next save.)
            return (false, vec![]);
        }
        let Some(raw) = new_head else {
            // Cleared elsewhere: everything we hold is unsaved again.
            self.forget_stored(store, progress, now);
            return (false, vec![]);
        };
        match layout::decode_head(&raw) {
            Ok(head) => {
                let merged = self.take_in(store, progress, head, raw, now);
                // Anything of ours the store lacks is written back at once.
                let mut events = if self.is_dirty(progress) { self.write(store, progress, now) } else { vec![] };
                if merged {
                    events.push(StorageEvent::Merged);
                }
                (true, events)
            }
            Err(HeadError::Newer(n)) => {
                self.mode = Mode::ReadOnly;
                (false, vec![StorageEvent::ReadOnly { message: newer_message(n) }])
            }
            // Unreadable: the next save moves it aside.
            Err(HeadError::Unreadable(_)) => (false, vec![]),
        }
    }

    /// Changes found in the write-ahead copy (the edge keeps each save's new
    /// changes in IndexedDB, durable at once, while localStorage reaches the
    /// disk up to a minute later): those the history lacks are merged in by
    /// the one rule, and saved with the next save. True when any was missing.
    pub fn take_recovered<S: Store>(&mut self, store: &mut S, progress: &mut Progress, recovered: &[Change], now: Timestamp) -> bool {
        let _ = self.load_history(store, progress, now);
        let mut known: Vec<&Change> = progress.history.iter().collect();
        known.sort_unstable_by(|a, b| identity_order(a, b));
        // The copy is read like any stored value: figures out of bounds do not come back.
        let missing: Vec<Change> =
            recovered.iter().filter(|c| super::bounds::check_change(c).is_ok() && known.binary_search_by(|k| identity_order(k, c)).is_err()).cloned().collect();
        if missing.is_empty() {
            return false;
        }
        let merged = merge_with_changes(&[progress], &missing).progress;
        self.items_dirty.extend(merged.items.iter().filter(|(no, item)| progress.items.get(no) != Some(item)).map(|(no, _)| *no));
        self.items_dirty.extend(progress.items.keys().filter(|no| !merged.items.contains_key(no)));
        // The history keeps its stored order; the recovered changes follow it.
        progress.items = merged.items;
        progress.history.extend(missing);
        true
    }

    /// The changes memory holds and the store may not yet have on disk:
    /// what the edge copies to its write-ahead store right before a save,
    /// with the generation they belong to (None: no write-ahead copy, for
    /// a state replaced by an import is written whole and must not have
    /// older changes merged back into it).
    pub fn unsaved<'a>(&self, progress: &'a Progress) -> Option<(u32, &'a [Change])> {
        if self.rewrite == Some(Rewrite::Import) || self.mode != Mode::Normal {
            return None;
        }
        // Nothing stored yet: the first save writes generation 0.
        let generation = self.head.as_ref().map_or(0, |h| h.generation);
        Some((generation, &progress.history[self.saved.min(progress.history.len())..]))
    }

    /// The generation the stored state is in (recovered changes of another are not taken).
    pub fn generation(&self) -> Option<u32> {
        self.head.as_ref().map(|h| h.generation)
    }

    /// The state in memory replaced the stored one (an import): the next save
    /// writes it whole, as a new generation, instead of merging.
    pub fn mark_replaced(&mut self) {
        self.rewrite = Some(Rewrite::Import);
        self.history_unread = false;
    }
}

/// Make the state its history replayed (a value without a recorded change
/// becomes a change at `PRIOR`), as everything written whole is: backups are
/// markers into the stored history, and a rebuild replays it.
fn normalize(progress: &mut Progress) {
    let settings = std::mem::take(&mut progress.settings);
    *progress = super::merge::merge(&[progress]).progress;
    progress.settings = settings;
}

/// Keep the first of changes stored more than once. Two tabs that both
/// lost a change under the other's overlapping write both append it again;
/// a change is the same change whatever its `old` (`identity_order`, with
/// times to the millisecond), as the merge counts it.
fn drop_repeated(history: &mut Vec<Change>) {
    let mut order: Vec<usize> = (0..history.len()).collect();
    order.sort_by(|&a, &b| identity_order(&history[a], &history[b]).then(a.cmp(&b)));
    let mut repeated = vec![false; history.len()];
    for pair in order.windows(2) {
        if identity_order(&history[pair[0]], &history[pair[1]]).is_eq() {
            repeated[pair[1]] = true;
        }
    }
    if repeated.contains(&true) {
        let mut index = 0;
        history.retain(|_| {
            index += 1;
            !repeated[index - 1]
        });
    }
}

/// Settings three ways: a field this tab changed since it saved (`mine` ≠
/// `saved`) is this tab's, every other field is the stored one.
fn three_way(stored: &Settings, mine: &Settings, saved: &Settings) -> Settings {
    Settings {
        unit: if mine.unit != saved.unit { mine.unit.clone() } else { stored.unit.clone() },
        yellow_lag: if mine.yellow_lag != saved.yellow_lag { mine.yellow_lag } else { stored.yellow_lag },
        red_lag: if mine.red_lag != saved.red_lag { mine.red_lag } else { stored.red_lag },
    }
}

// ---- backups -----------------------------------------------------------------

impl Persistence {
    fn index<S: Store>(&self, store: &S) -> BackupIndex {
        store.get(&self.keys.backup_index()).ok().flatten().map(|raw| BackupIndex::decode(&raw)).unwrap_or_default()
    }

    /// Whether a backup is due at `now`.
    pub fn backup_due<S: Store>(&self, store: &S, now: Timestamp) -> bool {
        self.mode == Mode::Normal && plan_backup(&self.index(store), now).is_some()
    }

    /// Take a backup when one is due: a marker at the stored history's
    /// current length (the stored history is append-only and the state is
    /// it replayed). False only if it was due and could not be written.
    pub fn backup<S: Store>(&self, store: &mut S, progress: &Progress, now: Timestamp) -> bool {
        if self.mode != Mode::Normal || self.is_dirty(progress) {
            // Only a saved state is marked (the next save comes back here).
            return true;
        }
        let Some(head) = &self.head else { return true };
        let mut index = self.index(store);
        let Some(plan) = plan_backup(&index, now) else { return true };
        for slot in &plan.drop {
            let _ = store.remove(&self.keys.backup(*slot));
        }
        index.apply(&plan, now, head.log.total(), Some(head.generation));
        store.set(&self.keys.backup_index(), &index.encode()).is_ok()
    }

    /// A backup copy right before an import replaces or merges the data,
    /// whatever the gap, history included. True when written, or when there
    /// is no storage to write to.
    pub fn backup_before_import<S: Store>(&mut self, store: &mut S, progress: &mut Progress, now: Timestamp) -> bool {
        if self.mode != Mode::Normal {
            return true;
        }
        let _ = self.load_history(store, progress, now);
        let mut index = self.index(store);
        let plan = plan_backup_now(&index, now);
        let raw = layout::encode_backup(&Backup { schema: SCHEMA, notice: self.hash.clone(), saved_at: now, progress: progress.clone() });
        for slot in &plan.drop {
            let _ = store.remove(&self.keys.backup(*slot));
        }
        if store.set(&self.keys.backup(plan.write), &raw).is_err() {
            // Make room by dropping the oldest copies, then try once more.
            let mut copies: Vec<_> = index.entries.iter().filter(|e| e.generation.is_none()).cloned().collect();
            copies.sort_by_key(|e| e.saved_at);
            for old in &copies {
                let _ = store.remove(&self.keys.backup(old.slot));
                index.entries.retain(|e| e.slot != old.slot);
            }
            if store.set(&self.keys.backup(plan.write), &raw).is_err() {
                let _ = store.set(&self.keys.backup_index(), &index.encode());
                return false;
            }
        }
        index.apply(&plan, now, progress.history.len(), None);
        store.set(&self.keys.backup_index(), &index.encode()).is_ok()
    }

    /// The backups that can be restored, newest first (a marker into a
    /// generation an import replaced can no longer be).
    pub fn backups<S: Store>(&self, store: &S) -> Vec<BackupEntry> {
        if self.mode != Mode::Normal {
            return vec![];
        }
        let current = self.head.as_ref().map(|h| h.generation);
        let mut entries: Vec<BackupEntry> = self.index(store).entries.into_iter().filter(|e| e.generation.is_none() || e.generation == current).collect();
        entries.sort_by_key(|e| std::cmp::Reverse(e.saved_at));
        entries
    }

    /// The progress a backup holds: a marker's state replayed from the
    /// stored history, a copy read from its slot (this layout's, or one that
    /// release 0.1 wrote and that moved into this ring).
    pub fn read_backup<S: Store>(&self, store: &mut S, slot: u32, now: Timestamp) -> Result<Progress, String> {
        let entry = self.index(store).entries.into_iter().find(|e| e.slot == slot).ok_or("该备份已不存在。")?;
        if let Some(generation) = entry.generation {
            let head = self.head.clone().filter(|h| h.generation == generation).ok_or("该备份之后数据已被导入替换，无法从此备份恢复，请选择导入前的备份。")?;
            let mut reader = Persistence::new(&self.hash, &self.writer);
            let (mut history, _, problems, _) = reader.read_history(store, &head, now);
            if !problems.is_empty() || history.len() < entry.changes {
                return Err(format!("该备份所依据的修改记录不完整，无法恢复：{}", problems.join("；")));
            }
            history.truncate(entry.changes);
            let mut progress = super::merge::merge(&[&Progress { history, ..Progress::default() }]).progress;
            progress.history.clear();
            return Ok(progress);
        }
        let raw = store.get(&self.keys.backup(slot)).map_err(|_| "无法访问浏览器存储。".to_string())?.ok_or("该备份已不存在。")?;
        if raw.starts_with('z') {
            let mut progress = layout::decode_backup(&raw).map_err(|e| format!("备份无法读取，{e}"))?.progress;
            progress.canonicalize();
            return Ok(progress);
        }
        legacy::decode(&raw, &self.hash).map(|old| old.progress).map_err(|e| e.to_string())
    }
}

/// Release 0.1's layout, for the benchmarks only (`--features previous-layout`,
/// never in a shipped build): one key holds the whole record, decoded whole at
/// opening and encoded whole (JSON, deflate level 3, base64) at every save, as
/// release 0.1 did. Everything else in the app is today's, so a figure measured
/// against this build is the layout's own difference. It never migrates and
/// never merges another tab's save (release 0.1 rebased; the benchmarks have one tab).
#[cfg(feature = "previous-layout")]
mod previous_layout {
    use super::*;

    pub(super) fn load<S: Store>(store: &mut S, hash: &str, writer: &str) -> Loaded {
        let mut p = Persistence::new(hash, writer);
        let key = &legacy_keys(hash)[0];
        let (progress, events) = match store.get(key) {
            Err(_) => {
                p.mode = Mode::Memory;
                (Progress::default(), vec![StorageEvent::Unavailable])
            }
            Ok(None) => (Progress::default(), vec![StorageEvent::FirstRun]),
            Ok(Some(raw)) => match legacy::decode(&raw, hash) {
                Ok(old) => {
                    let mut progress = old.progress;
                    progress.canonicalize();
                    normalize(&mut progress);
                    (progress, vec![])
                }
                // Kept as it is: this build only measures.
                Err(_) => {
                    p.mode = Mode::ReadOnly;
                    (Progress::default(), vec![StorageEvent::ReadOnly { message: "旧格式记录无法读取（仅供测速的构建）".to_string() }])
                }
            },
        };
        p.saved = progress.history.len();
        p.settings_saved = progress.settings.clone();
        Loaded { progress, events, persistence: p }
    }

    impl Persistence {
        pub(super) fn save_previous_layout<S: Store>(&mut self, store: &mut S, progress: &mut Progress, now: Timestamp) -> Vec<StorageEvent> {
            let revision = progress.history.len() as u64;
            let raw = legacy::encode_v2(&self.hash, now, revision, progress, 3);
            match store.set(&legacy_keys(&self.hash)[0], &raw) {
                Ok(()) => {
                    self.saved = progress.history.len();
                    self.settings_saved = progress.settings.clone();
                    self.rewrite = None;
                    self.items_dirty.clear();
                    vec![]
                }
                Err(StoreError::Quota) => vec![StorageEvent::Quota],
                Err(StoreError::Unavailable) => self.lost_storage(),
            }
        }
    }
}
