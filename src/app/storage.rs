//! localStorage at the edge (gloo-storage). Everything about the stored
//! form (keys, encoding, migrations, merging, backup policy) is in
//! `crate::progress::record` and `backups`, tested natively; this file only
//! moves strings in and out of the browser and says what went wrong.
//!
//! Invariants: a value we cannot read is moved aside before its key is
//! reused, never replaced by an empty default; a record from a newer version
//! is never written over; a failed write keeps everything in memory and says
//! so; every save first merges what another tab saved meanwhile.

use gloo_storage::{LocalStorage, Storage as _};

use crate::progress::backups::{plan_backup, plan_backup_now, BackupEntry, BackupIndex, BackupPlan};
use crate::progress::record::{
    backup_index_key, backup_key, decode, encode_parts, key_for_hash, legacy_keys, notice_hash, level_for, quarantine_key, rebase, rebase_settings,
    stored_revision, Encoding, StoredRecord,
};
use crate::progress::{Progress, Settings, Tracker};

/// What the user must know about storage, shown as banners.
#[derive(Debug, Clone, PartialEq)]
pub enum Banner {
    Unavailable,
    Quota,
    Quarantined { key: String, message: String },
    ReadOnly { message: String },
    Migrated { from: u32 },
    FirstRun,
    Merged,
    Restored { at: String },
    BackupFailed,
    /// An import was applied; what it did.
    Imported { summary: String },
    /// This file carried data (saved as HTML with data) and it was taken in.
    EmbeddedLoaded { by: String },
    EmbeddedUnreadable { message: String },
}

impl Banner {
    pub fn kind(&self) -> &'static str {
        match self {
            Banner::Unavailable => "unavailable",
            Banner::Quota => "quota",
            Banner::Quarantined { .. } => "quarantined",
            Banner::ReadOnly { .. } => "read_only",
            Banner::Migrated { .. } => "migrated",
            Banner::FirstRun => "first_run",
            Banner::Merged => "merged",
            Banner::Restored { .. } => "restored",
            Banner::BackupFailed => "backup_failed",
            Banner::Imported { .. } => "imported",
            Banner::EmbeddedLoaded { .. } => "embedded_loaded",
            Banner::EmbeddedUnreadable { .. } => "embedded_unreadable",
        }
    }

    pub fn is_problem(&self) -> bool {
        matches!(self, Banner::Unavailable | Banner::Quota | Banner::Quarantined { .. } | Banner::ReadOnly { .. } | Banner::BackupFailed | Banner::EmbeddedUnreadable { .. })
    }

    pub fn message(&self) -> String {
        match self {
            Banner::Unavailable => "此浏览器不允许本页面保存数据（可能禁用了网站数据或处于受限模式）。本次修改只保存在内存中，关闭页面即丢失，请及时点击“导出数据”保存为文件。".into(),
            Banner::Quota => "浏览器存储空间已满，最近的修改尚未保存（仍在页面中）。请立即点击“导出数据”保存为文件，并清理浏览器中不需要的网站数据。".into(),
            Banner::Quarantined { message, .. } => format!("浏览器中保存的进度数据无法读取，已原样移到一旁保存（未删除）。原因：{message} 可点击“导出损坏的数据”交给技术人员处理。现在从空白进度开始。"),
            Banner::ReadOnly { message } => format!("{message} 为避免覆盖，本页面不会写入浏览器存储；修改只保存在内存中，请使用新版本文件。"),
            Banner::Migrated { from } => format!("已将旧版本（第{from}版）保存的进度升级为新格式，原数据仍保留。"),
            Banner::FirstRun => "进度数据保存在本浏览器中，只有在同一台电脑、同一浏览器打开此文件时才能看到。Firefox 按文件位置区分数据：移动或改名后的文件看不到原有记录。换电脑或浏览器前请先“导出数据”。".into(),
            Banner::Merged => "已合并在另一个标签页中所做的修改。".into(),
            Banner::Restored { at } => format!("已从 {at} 的自动备份恢复（恢复操作已记入修改记录，可撤销）。"),
            Banner::BackupFailed => "存储空间不足，未能写入自动备份（当前进度已保存）。建议导出数据。".into(),
            Banner::Imported { summary } => format!("{summary}导入前的数据已自动备份，可在“设置 → 自动备份”中恢复。"),
            Banner::EmbeddedLoaded { by } => format!("已载入此文件附带的进度数据（{by}），并保存到本浏览器。"),
            Banner::EmbeddedUnreadable { message } => format!("此文件附带的进度数据无法读取，未载入（本机数据未受影响）。原因：{message}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Saving to localStorage.
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

/// One notice's place in localStorage and what this tab last synced with it.
#[derive(Debug, Clone)]
pub struct Persistence {
    hash: String,
    key: String,
    pub mode: Mode,
    revision: u64,
    synced_len: usize,
    synced_settings: Settings,
    /// Quarantined values found this session: (key, text), for export.
    pub quarantined: Vec<(String, String)>,
}

pub struct Loaded {
    pub progress: Progress,
    pub banners: Vec<Banner>,
    pub persistence: Persistence,
}

/// The browser's storage, if this page may use it (Chrome with site data
/// blocked throws on the mere access; Firefox with storage disabled gives null).
fn storage_ok() -> bool {
    web_sys::window().is_some_and(|w| matches!(w.local_storage(), Ok(Some(_))))
}

fn read(key: &str) -> Result<Option<String>, ()> {
    if !storage_ok() {
        return Err(());
    }
    LocalStorage::raw().get_item(key).map_err(|_| ())
}

/// Err(true) when the quota is exceeded, Err(false) for any other refusal.
fn write(key: &str, value: &str) -> Result<(), bool> {
    if !storage_ok() {
        return Err(false);
    }
    LocalStorage::raw().set_item(key, value).map_err(|e| {
        let name = js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
        name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED"
    })
}

/// Read this notice's progress at start.
pub fn load(notice_text: &str, now: &str) -> Loaded {
    let hash = notice_hash(notice_text);
    let key = key_for_hash(&hash);
    let mut persistence = Persistence { hash: hash.clone(), key: key.clone(), mode: Mode::Normal, revision: 0, synced_len: 0, synced_settings: Settings::default(), quarantined: vec![] };
    let mut banners = Vec::new();
    let Ok(stored) = read(&key) else {
        persistence.mode = Mode::Memory;
        return Loaded { progress: Progress::default(), banners: vec![Banner::Unavailable], persistence };
    };
    // An older version's key, read only when the current one is empty.
    let (raw, from_legacy) = match stored {
        Some(raw) => (Some(raw), false),
        None => (legacy_keys(&hash).iter().find_map(|k| read(k).ok().flatten()), true),
    };
    let Some(raw) = raw else {
        banners.push(Banner::FirstRun);
        return Loaded { progress: Progress::default(), banners, persistence };
    };
    match decode(&raw, &hash) {
        Ok(decoded) => {
            if let Some(from) = decoded.migrated_from {
                banners.push(Banner::Migrated { from });
                if !from_legacy {
                    // The old text stays readable beside the migrated record.
                    let _ = write(&quarantine_key(&key, &format!("{now}-v{from}")), &raw);
                }
            }
            let progress = decoded.record.progress;
            persistence.revision = decoded.record.revision;
            if decoded.migrated_from.is_none() {
                persistence.synced_len = progress.history.len();
                persistence.synced_settings = progress.settings.clone();
            } else {
                // Unsynced on purpose: the first save writes the migrated record.
                persistence.synced_len = usize::MAX;
            }
            Loaded { progress, banners, persistence }
        }
        Err(error) if !error.may_overwrite() => {
            persistence.mode = Mode::ReadOnly;
            banners.push(Banner::ReadOnly { message: error.to_string() });
            Loaded { progress: Progress::default(), banners, persistence }
        }
        Err(error) => {
            let aside = quarantine_key(&key, now);
            if write(&aside, &raw).is_err() {
                // Could not move it aside: then it must not be overwritten either.
                persistence.mode = Mode::ReadOnly;
                banners.push(Banner::ReadOnly { message: format!("保存的进度数据无法读取（{error}），且无法另存。") });
            } else {
                // Moved, not copied: the copy is safe, so the key is freed (and a
                // reload or the next save does not quarantine the same text again).
                LocalStorage::delete(&key);
                banners.push(Banner::Quarantined { key: aside.clone(), message: error.to_string() });
            }
            persistence.quarantined.push((aside, raw));
            Loaded { progress: Progress::default(), banners, persistence }
        }
    }
}

impl Persistence {
    /// Whether `progress` has anything storage has not.
    pub fn is_dirty(&self, progress: &Progress) -> bool {
        progress.history.len() != self.synced_len || progress.settings != self.synced_settings
    }

    /// Save after an edit. Merges first what another tab saved meanwhile (then
    /// the tracker's progress is replaced by the merge). Returns banners to show.
    pub fn save(&mut self, tracker: &mut Tracker, now: &str) -> Vec<Banner> {
        if self.mode != Mode::Normal || !self.is_dirty(&tracker.progress) {
            return vec![];
        }
        let mut banners = Vec::new();
        match read(&self.key) {
            Err(()) => return self.lost_storage(),
            // Our own last save is still there: nothing to merge, no need to decode it.
            Ok(Some(raw)) if self.synced_len != usize::MAX && stored_revision(&raw) == Some(self.revision) => {}
            Ok(Some(raw)) => match decode(&raw, &self.hash) {
                Ok(d) if d.record.revision != self.revision && self.synced_len != usize::MAX => {
                    if self.merge(tracker, d.record) {
                        banners.push(Banner::Merged);
                    }
                }
                Ok(_) => {}
                Err(e) if !e.may_overwrite() => {
                    self.mode = Mode::ReadOnly;
                    return vec![Banner::ReadOnly { message: e.to_string() }];
                }
                Err(e) => {
                    // Someone (another tab, another version) left something unreadable: keep it.
                    let aside = quarantine_key(&self.key, now);
                    if write(&aside, &raw).is_err() {
                        return vec![Banner::Quota];
                    }
                    self.quarantined.push((aside.clone(), raw));
                    banners.push(Banner::Quarantined { key: aside, message: e.to_string() });
                }
            },
            Ok(None) => {}
        }
        let progress = &tracker.progress;
        let revision = self.revision + 1;
        let raw = encode_parts(&self.hash, now, revision, progress, Encoding::Deflate { level: level_for(progress) });
        match write(&self.key, &raw) {
            Ok(()) => {
                self.revision += 1;
                self.synced_len = progress.history.len();
                self.synced_settings = progress.settings.clone();
                if !self.backup(progress, revision, now) {
                    banners.push(Banner::BackupFailed);
                }
            }
            Err(true) => banners.push(Banner::Quota),
            Err(false) => banners.extend(self.lost_storage()),
        }
        banners
    }

    fn lost_storage(&mut self) -> Vec<Banner> {
        self.mode = Mode::Memory;
        vec![Banner::Unavailable]
    }

    /// Take in a record another tab saved: ours on top of theirs. True when
    /// this tab had unsaved changes that were re-applied (a real merge).
    fn merge(&mut self, tracker: &mut Tracker, stored: StoredRecord) -> bool {
        let had_local = self.synced_len != usize::MAX && tracker.progress.history.len() > self.synced_len;
        let mut merged = rebase(&stored.progress, &tracker.progress, self.synced_len.min(tracker.progress.history.len()));
        merged.settings = rebase_settings(&stored.progress.settings, &tracker.progress.settings, &self.synced_settings);
        self.revision = stored.revision;
        self.synced_len = stored.progress.history.len();
        self.synced_settings = stored.progress.settings.clone();
        tracker.merge_in(merged);
        had_local
    }

    /// Another tab wrote our key (the `storage` event): whether the tracker
    /// changed, and a banner when there is something to say.
    pub fn on_external_change(&mut self, new_value: Option<String>, tracker: &mut Tracker) -> (bool, Option<Banner>) {
        if self.mode != Mode::Normal {
            return (false, None);
        }
        let Some(raw) = new_value else {
            // Cleared elsewhere: everything we hold is unsaved again.
            self.synced_len = usize::MAX;
            self.revision = 0;
            return (false, None);
        };
        match decode(&raw, &self.hash) {
            Ok(d) if d.record.revision != self.revision => {
                let merged = self.merge(tracker, d.record);
                (true, merged.then_some(Banner::Merged))
            }
            Ok(_) => (false, None),
            Err(e) if !e.may_overwrite() => {
                self.mode = Mode::ReadOnly;
                (false, Some(Banner::ReadOnly { message: e.to_string() }))
            }
            // Unreadable: the next save moves it aside.
            Err(_) => (false, None),
        }
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    fn index(&self) -> BackupIndex {
        read(&backup_index_key(&self.key)).ok().flatten().map(|raw| BackupIndex::decode(&raw)).unwrap_or_default()
    }

    /// Write a backup when one is due. False only if it was due and could not be written.
    fn backup(&self, progress: &Progress, revision: u64, now: &str) -> bool {
        let index = self.index();
        let Some(plan) = plan_backup(&index, now) else { return true };
        // Backups are rare (at most one per 10 minutes): compress harder, and
        // leave out the history — a restore applies the backup's fields as
        // edits and needs none (a year: 64 KB instead of 277 KB a backup).
        let state_only = Progress { items: progress.items.clone(), settings: progress.settings.clone(), history: Vec::new() };
        let raw = encode_parts(&self.hash, now, revision, &state_only, Encoding::Deflate { level: 10 });
        self.write_backup(index, plan, &raw, now, progress.history.len())
    }

    /// A backup right before an import replaces or merges the data: taken
    /// whatever the gap, with the history (a replace drops it otherwise).
    /// True when written, or when there is no storage to write to.
    pub fn backup_before_import(&self, progress: &Progress, now: &str) -> bool {
        if self.mode != Mode::Normal {
            return true;
        }
        let index = self.index();
        let Some(plan) = plan_backup_now(&index, now) else { return false };
        let raw = encode_parts(&self.hash, now, self.revision, progress, Encoding::Deflate { level: level_for(progress) });
        self.write_backup(index, plan, &raw, now, progress.history.len())
    }

    /// The state in memory replaced this tab's (an import): the next save
    /// writes it whole instead of merging it into what is stored.
    pub fn mark_replaced(&mut self) {
        self.synced_len = usize::MAX;
    }

    fn write_backup(&self, mut index: BackupIndex, plan: BackupPlan, raw: &str, now: &str, changes: usize) -> bool {
        for slot in &plan.drop {
            LocalStorage::delete(backup_key(&self.key, *slot));
        }
        if write(&backup_key(&self.key, plan.write), raw).is_err() {
            // Make room by dropping the oldest backups, then try once more.
            let mut entries = index.entries.clone();
            entries.sort_by(|a, b| a.saved_at.cmp(&b.saved_at));
            for old in entries.iter().take(entries.len().saturating_sub(2)) {
                LocalStorage::delete(backup_key(&self.key, old.slot));
                index.entries.retain(|e| e.slot != old.slot);
            }
            if write(&backup_key(&self.key, plan.write), raw).is_err() {
                let _ = write(&backup_index_key(&self.key), &index.encode());
                return false;
            }
        }
        index.apply(&plan, now, changes);
        write(&backup_index_key(&self.key), &index.encode()).is_ok()
    }

    /// The backups, newest first.
    pub fn backups(&self) -> Vec<BackupEntry> {
        if self.mode != Mode::Normal {
            return vec![];
        }
        let mut entries = self.index().entries;
        entries.sort_by(|a, b| b.saved_at.cmp(&a.saved_at));
        entries
    }

    /// The progress stored in a backup slot.
    pub fn read_backup(&self, slot: u32) -> Result<Progress, String> {
        let raw = read(&backup_key(&self.key, slot)).map_err(|_| "无法访问浏览器存储。".to_string())?.ok_or("该备份已不存在。")?;
        decode(&raw, &self.hash).map(|d| d.record.progress).map_err(|e| e.to_string())
    }
}
