//! The app's shared state, provided as a context: the notice, the route,
//! the progress tracker and its persistence, the as-of day, and the states
//! derived from them. Storage and import policy are the core's
//! (`progress::persist`, `progress::import`); this file wires them to
//! signals, the clock and the browser's storage.

use leptos::prelude::*;

use super::clock;
use super::local_store::LocalStore;
use crate::notice::Notice;
use crate::progress::carried::Carried;
use crate::progress::import::{on_embedded, with_local_settings, Embedded, Pending, Source};
use crate::progress::library::{self, Entry};
use crate::progress::persist::{self, Mode, Persistence, StorageEvent};
use crate::progress::snapshot::{read_for, ImportError, Page, Snapshot};
use crate::progress::store::Store as _;
use crate::progress::{diff::diff, Day, Edit, ItemState, Progress, Settings, Timestamp, Tracker};
use crate::view::banner::Banner;
use crate::view::progress::item_states;
use crate::view::route::Route;

#[derive(Clone, Copy)]
pub struct AppState {
    pub notice: &'static Notice,
    /// The notice's id (the key of its stored progress) and its text.
    pub notice_id: &'static str,
    pub notice_text: &'static str,
    pub notice_in_library: bool,
    /// The page's notice, its reading and corrections (核对与更正).
    pub current: super::notices::Current,
    /// Its library entry (see `notices::Current`): None for the bundled notice.
    pub notice_entry: Option<&'static Entry>,
    /// False while the page's notice (from this file) is not on the library's
    /// list: the first save puts it there (`put_notice_on_list`).
    notice_listed: StoredValue<bool>,
    pub route: RwSignal<Route>,
    pub tracker: RwSignal<Tracker>,
    /// The day the lights are computed for: the route's `at`, else `opening_day`.
    pub as_of: Signal<Day>,
    pub today: Day,
    /// The 截至日期 without `at=`: the day last chosen for this notice, else
    /// its year end once the year is over, else today (`view::period::opening_day`).
    pub opening_day: Day,
    /// A sender's 截至日期 (a file or copy with data), offered until taken or dismissed.
    pub offered_as_of: RwSignal<Option<Day>>,
    /// Every item's state at `as_of`, recomputed after each edit.
    pub states: Memo<Vec<ItemState>>,
    /// The last refused edit's message, shown until the next edit.
    pub edit_error: RwSignal<Option<String>>,
    /// What the last edit did ("已修改 第7项 …") and its place in the history,
    /// said for a few seconds with 撤销 next to it (`toast`).
    pub last_change: RwSignal<Option<(usize, String)>>,
    pub banners: RwSignal<Vec<Banner>>,
    pub persistence: StoredValue<Persistence>,
    pub mode: RwSignal<Mode>,
    /// The import waiting for the user's decision (its dialog is open).
    pub import: RwSignal<Option<Pending>>,
}

impl AppState {
    /// Load the stored progress and start saving every change. `embedded`:
    /// the snapshot's text a "网页带数据" copy of this file carries, if any.
    pub fn new(current: super::notices::Current, route: RwSignal<Route>, embedded: Option<String>) -> AppState {
        let notice = current.notice;
        let today = clock::today().unwrap_or_else(|| Day::new(crate::view::progress::notice_year(notice, 2023), 12, 31).expect("a valid day"));
        let mut banners: Vec<Banner> = Vec::new();
        let load_time = clock::now().unwrap_or_else(|year| {
            banners.push(Banner::BadClock { year });
            Timestamp::PRIOR
        });
        super::mark("minsheng-store-read-start");
        let loaded = persist::load(&mut LocalStore, current.id, &clock::tab_id(), load_time);
        super::mark("minsheng-store-read");
        banners.extend(loaded.events.into_iter().map(Banner::from));
        let tracker = RwSignal::new(Tracker::new(loaded.progress));
        let remembered = LocalStore.get(&crate::progress::keys::as_of_key(current.id)).ok().flatten().and_then(|d| Day::parse(&d));
        let opening_day = crate::view::period::opening_day(crate::view::progress::notice_year(notice, today.year()), today, remembered);
        let as_of = Signal::derive(move || route.with(|r| r.at).unwrap_or(opening_day));
        let states = Memo::new(move |_| tracker.with(|t| item_states(notice, &t.progress, as_of.get())));
        let app = AppState {
            notice,
            notice_id: current.id,
            notice_text: current.text,
            notice_in_library: current.in_library,
            current,
            notice_entry: current.entry,
            notice_listed: StoredValue::new(current.in_library || current.entry.is_none()),
            route,
            tracker,
            as_of,
            today,
            opening_day,
            offered_as_of: RwSignal::new(None),
            states,
            edit_error: RwSignal::new(None),
            last_change: RwSignal::new(None),
            banners: RwSignal::new(banners),
            mode: RwSignal::new(loaded.persistence.mode),
            persistence: StoredValue::new(loaded.persistence),
            import: RwSignal::new(None),
        };
        match embedded {
            None => app.read_history_soon(),
            Some(raw) => app.take_embedded_data(read_for(&raw, app.page())),
        }
        super::wal::open(current.id.to_string(), move |entries| app.take_recovered(entries));
        app.save_on_change();
        // After the first paint: adding a `storage` listener costs Chromium ~4 ms
        // with a year stored (measured); what another tab saved meanwhile is caught up.
        set_timeout(move || app.follow_other_tabs(), std::time::Duration::ZERO);
        super::mark("minsheng-state-built");
        app
    }

    /// The time of an edit, or the reason there is none (a banner says so).
    fn now(&self) -> Option<Timestamp> {
        match clock::now() {
            Ok(now) => Some(now),
            Err(year) => {
                self.show(vec![Banner::BadClock { year }]);
                None
            }
        }
    }

    /// Opening reads only the items' states; the history follows right
    /// after the first paint (the 修改记录 and past days' statuses need it).
    fn read_history_soon(self) {
        set_timeout(move || self.ensure_history(), std::time::Duration::ZERO);
    }

    /// Read the stored history now if it is not yet (export, merge, import need all of it).
    pub fn ensure_history(&self) {
        if !self.persistence.with_value(|p| p.history_unread()) {
            return;
        }
        let now = clock::now().unwrap_or(Timestamp::PRIOR);
        let mut events = Vec::new();
        self.tracker.update_untracked(|t| self.persistence.update_value(|p| events = p.load_history(&mut LocalStore, &mut t.progress, now)));
        self.after_storage(events, true);
    }

    /// Save within the same task as the edit (an Effect runs right after the
    /// update, before the next frame).
    fn save_on_change(self) {
        Effect::new(move |_| {
            let dirty = self.tracker.with(|t| self.persistence.with_value(|p| p.is_dirty(&t.progress)));
            if dirty {
                self.save_now();
            }
        });
    }

    fn save_now(self) {
        let Ok(now) = clock::now() else { return };
        if !self.notice_listed.get_value() && self.persistence.with_value(|p| p.mode == Mode::Normal) {
            self.put_notice_on_list(now);
        }
        let mut events = Vec::new();
        let mut changed = false;
        self.tracker.update_untracked(|t| {
            let before = t.progress.history.len();
            self.persistence.update_value(|p| {
                // First the durable copy of what this save adds (see `wal`).
                if let Some((generation, unsaved)) = p.unsaved(&t.progress).filter(|(_, u)| !u.is_empty()) {
                    super::wal::append(self.notice_id, generation, serde_json::to_string(unsaved).expect("changes serialize"));
                }
                events = p.save(&mut LocalStore, &mut t.progress, now);
                if !p.backup(&mut LocalStore, &t.progress, now) {
                    events.push(StorageEvent::BackupFailed);
                }
            });
            changed = t.progress.history.len() != before;
        });
        self.after_storage(events, changed);
    }

    /// The notice this file carries goes on the library's list when this
    /// browser first stores data for it (its data taken in from the file,
    /// an import confirmed, an edit), so that it is in the switcher from then
    /// on and its data never sits under an id the list does not name. Tried
    /// once a page; a refusal is told, the data is saved all the same.
    fn put_notice_on_list(self, now: Timestamp) {
        let Some(entry) = self.notice_entry else { return };
        self.notice_listed.set_value(true);
        match library::adopt(&mut LocalStore, Entry { added_at: now, ..entry.clone() }, self.current.read, self.notice_text, self.current.corrections) {
            Ok(listed) => self.route.update(|r| r.notice = Some(listed.id)),
            Err(e) => self.show(vec![Banner::NoticeNotAdded { message: e.to_string() }]),
        }
    }

    /// This page's notice, as snapshots are matched to it.
    pub fn page(&self) -> Page<'static> {
        Page { text: self.notice_text, notice: self.notice, entry: self.notice_entry }
    }

    /// The notice as an exported file carries it: a library notice's text and facts (the bundled one is in every build).
    pub fn carried(&self) -> Option<Carried> {
        self.notice_entry.map(|e| Carried::of(e, self.notice_text, self.current.read, self.current.corrections))
    }

    /// Changes the write-ahead copy kept that storage lacks (the browser was
    /// killed before localStorage reached the disk) come back.
    fn take_recovered(self, entries: Vec<(u32, String)>) {
        // Only changes of the stored generation: an import that replaced the data since must not see them back.
        // Nothing stored (localStorage lost the very first save): the first save writes generation 0.
        let generation = self.persistence.with_value(|p| p.generation()).unwrap_or(0);
        let recovered: Vec<crate::progress::Change> =
            entries.iter().filter(|(g, _)| *g == generation).filter_map(|(_, json)| serde_json::from_str::<Vec<_>>(json).ok()).flatten().collect();
        if recovered.is_empty() || self.persistence.with_value(|p| p.mode != Mode::Normal) {
            return;
        }
        let now = clock::now().unwrap_or(Timestamp::PRIOR);
        let mut taken = false;
        self.tracker.update_untracked(|t| self.persistence.update_value(|p| taken = p.take_recovered(&mut LocalStore, &mut t.progress, &recovered, now)));
        if taken {
            // Saved by the effect like any change. The mark tells the durability test where the edit came from.
            super::mark("minsheng-wal-recovered");
            self.tracker.notify();
        }
    }

    /// Edits saved by another tab of this file appear here (the `storage` event),
    /// from when this is called: a save of another tab before it is taken in at once.
    fn follow_other_tabs(self) {
        let key = self.persistence.with_value(|p| p.head_key().to_string());
        let watched = key.clone();
        let handle = window_event_listener(leptos::ev::storage, move |ev| {
            if ev.key().as_deref() == Some(watched.as_str()) {
                self.other_tab_saved(ev.new_value());
            }
        });
        // The app lives as long as the page: the listener is never removed.
        std::mem::forget(handle);
        if let Ok(head) = LocalStore.get(&key) {
            self.other_tab_saved(head);
        }
    }

    /// The stored head is `head` (unchanged, another tab's save, or cleared).
    fn other_tab_saved(self, head: Option<String>) {
        let now = clock::now().unwrap_or(Timestamp::PRIOR);
        let (mut changed, mut events) = (false, Vec::new());
        self.tracker
            .update_untracked(|t| self.persistence.update_value(|p| (changed, events) = p.on_external_change(&mut LocalStore, head, &mut t.progress, now)));
        self.after_storage(events, changed);
    }

    fn show(&self, banners: Vec<Banner>) {
        if banners.is_empty() {
            return;
        }
        self.banners.update(|all| {
            for b in banners {
                if !all.iter().any(|a| a.kind() == b.kind()) {
                    all.push(b);
                }
            }
        });
    }

    /// Show what storage said; `changed`: the tracker was replaced under the views.
    fn after_storage(self, events: Vec<StorageEvent>, changed: bool) {
        self.mode.set(self.persistence.with_value(|p| p.mode));
        self.show(events.into_iter().map(Banner::from).collect());
        // A save that cleared the quota problem takes its banner away.
        if self.persistence.with_value(|p| p.mode == Mode::Normal) && !self.tracker.with_untracked(|t| self.persistence.with_value(|p| p.is_dirty(&t.progress)))
        {
            self.banners.update(|all| all.retain(|b| !matches!(b, Banner::Quota)));
        }
        if changed {
            // The tracker changed under the views: let them re-read it.
            self.tracker.notify();
        }
    }

    /// Show the state at `day` (kept in the URL; today is the default and not written).
    /// The same day again changes nothing (nothing redraws).
    /// Show the lights at `day`, and remember it for this notice (今天 is
    /// remembered as no day: the notice then opens at today, or its year end).
    pub fn set_as_of(&self, day: Day) {
        let at = (day != self.opening_day).then_some(day);
        if self.route.with_untracked(|r| r.at) != at {
            self.route.update(|r| r.at = at);
        }
        let key = crate::progress::keys::as_of_key(self.notice_id);
        // Best effort: a browser that cannot store it opens at the default day.
        let _ = if day == self.today { LocalStore.remove(&key) } else { LocalStore.set(&key, &day.to_string()) };
        if self.offered_as_of.get_untracked() == Some(day) {
            self.offered_as_of.set(None);
        }
    }

    /// Offer a sender's 截至日期 when it is not the one shown.
    pub fn offer_as_of(&self, day: Option<Day>) {
        self.offered_as_of.set(day.filter(|d| *d != self.as_of.get_untracked()));
    }

    /// The day a fact typed now is recorded for (#15): the as-of day when it
    /// is past (a Q3 report compiled in October), else today.
    pub fn fact_day(&self) -> Day {
        self.as_of.get().min(self.today)
    }

    /// `fact_day` read once (an export), not as a reactive dependency.
    pub fn fact_day_untracked(&self) -> Day {
        self.as_of.get_untracked().min(self.today)
    }

    pub fn dismiss(&self, kind: &str) {
        self.banners.update(|all| all.retain(|b| b.kind() != kind));
    }

    pub fn edit(&self, edit: Edit) {
        let Some(at) = self.now() else { return };
        let notice = self.notice;
        let result = self.tracker.try_update(|t| t.edit(notice, edit, at));
        if let Some(Ok(true)) = result {
            let said = self.tracker.with_untracked(|t| {
                let (index, change) = t.progress.history.iter().enumerate().next_back()?;
                let no = notice.items.iter().find(|i| i.key == change.item).map_or(change.item, |i| i.no);
                Some((index, crate::view::progress::change_said(no, change)))
            });
            self.last_change.set(said);
        }
        self.edit_error.set(match result {
            Some(Err(e)) => Some(e.to_string()),
            _ => None,
        });
    }

    /// Several edits as one change set (a block pasted into the 填报 grid):
    /// all recorded or, if one is refused, none (the refusal, in Chinese);
    /// one 撤销 takes them all back. How many changed something.
    pub fn edit_batch(&self, edits: Vec<Edit>) -> Result<usize, String> {
        let Some(at) = self.now() else { return Err("电脑日期不正确，暂不能记录。".into()) };
        let notice = self.notice;
        match self.tracker.try_update(|t| t.edit_batch(notice, edits, at)) {
            Some(Err((_, e))) => Err(e.to_string()),
            Some(Ok(changed)) => {
                self.edit_error.set(None);
                if changed > 0 {
                    let index = self.tracker.with_untracked(|t| t.progress.history.len().saturating_sub(1));
                    self.last_change.set(Some((index, format!("已填入 {changed} 个数值（一次撤销可全部撤回）"))));
                }
                Ok(changed)
            }
            None => Ok(0),
        }
    }

    /// My unit and the light thresholds, checked by the tracker.
    pub fn set_settings(&self, settings: Settings) {
        let result = self.tracker.try_update(|t| t.set_settings(settings));
        self.edit_error.set(match result {
            Some(Err(e)) => Some(e.to_string()),
            _ => None,
        });
    }

    pub fn undo(&self) {
        let Some(at) = self.now() else { return };
        self.last_change.set(None);
        if let Some(Some(item)) = self.tracker.try_update(|t| t.undo(at)) {
            self.route.update(|r| r.item = Some(item));
        }
    }

    pub fn redo(&self) {
        let Some(at) = self.now() else { return };
        if let Some(Some(item)) = self.tracker.try_update(|t| t.redo(at)) {
            self.route.update(|r| r.item = Some(item));
        }
    }

    /// Restore a backup as edits: it lands in the history and can be undone.
    pub fn restore(&self, slot: u32, saved_at: Timestamp) {
        let Some(at) = self.now() else { return };
        let backup = match self.persistence.with_value(|p| p.read_backup(&mut LocalStore, slot, at)) {
            Ok(b) => b,
            Err(message) => return self.edit_error.set(Some(format!("无法恢复备份：{message}"))),
        };
        let notice = self.notice;
        let result = self.tracker.try_update(|t| {
            let edits = crate::progress::facts::for_day(diff(&t.progress, &backup), self.fact_day_untracked());
            t.edit_all(notice, edits, at)
        });
        match result {
            Some(Err(e)) => self.edit_error.set(Some(format!("无法恢复备份：{e}"))),
            _ => self.show(vec![Banner::Restored { at: saved_at.shown() }]),
        }
    }

    /// A copy saved "with data" carries a snapshot: with no data of its own
    /// here, the user sees it at once (and it is saved); with other data,
    /// the import dialog offers a merge; when nothing would change, silence.
    fn take_embedded_data(&self, carried: Result<Snapshot, ImportError>) {
        let snapshot = match carried {
            Err(e) => return self.show(vec![Banner::EmbeddedUnreadable { message: e.to_string() }]),
            Ok(snapshot) => snapshot,
        };
        self.ensure_history();
        self.offer_as_of(snapshot.as_of);
        let action = self.tracker.with_untracked(|t| on_embedded(&t.progress, &snapshot));
        match action {
            Embedded::Load(progress) => {
                let by = crate::progress::import::exported_by(&snapshot.unit, snapshot.exported_at);
                self.persistence.update_value(|p| p.mark_replaced());
                self.tracker.update_untracked(|t| t.replace(progress));
                self.show(vec![Banner::EmbeddedLoaded { by }]);
            }
            Embedded::Offer => {
                let source = Source::new("本文件附带的数据".to_string(), snapshot);
                self.import.set(Some(Pending { sources: vec![source], embedded: true, ..Pending::default() }));
            }
            Embedded::Nothing => {}
        }
    }

    /// Replace the progress by an import's result (a merge or a file's
    /// data, keeping this browser's settings), then apply the user's
    /// conflict decisions as edits. An automatic backup is taken first; if
    /// it cannot be written, nothing is imported.
    pub fn apply_import(&self, progress: Progress, decisions: Vec<Edit>, summary: String) -> Result<(), String> {
        let Some(now) = self.now() else { return Err("电脑日期不正确，暂不能导入。".into()) };
        self.ensure_history();
        let mut backed_up = false;
        self.tracker.update_untracked(|t| self.persistence.update_value(|p| backed_up = p.backup_before_import(&mut LocalStore, &mut t.progress, now)));
        if !backed_up {
            return Err("导入前未能写入自动备份（浏览器存储空间不足），为免丢失数据已取消导入。请先“导出数据”保存当前进度，清理浏览器存储后再试。".into());
        }
        self.persistence.update_value(|p| p.mark_replaced());
        let notice = self.notice;
        let result = self.tracker.try_update(|t| {
            let imported = with_local_settings(progress, &t.progress.settings);
            t.replace(imported);
            t.edit_all(notice, crate::progress::facts::for_day(decisions, self.fact_day_untracked()), now)
        });
        if let Some(Err(e)) = result {
            return Err(format!("冲突的选择未能全部应用：{e}"));
        }
        self.banners.update(|all| {
            all.retain(|b| b.kind() != "imported");
            all.push(Banner::Imported { summary });
        });
        Ok(())
    }

    /// The state of the item keyed `key` at the as-of day.
    pub fn state(&self, key: u32) -> Option<ItemState> {
        self.states.with(|s| s.iter().find(|s| s.key == key).cloned())
    }

    /// The same as a Memo, for a view shown once per item (cards, slides):
    /// it changes only when this item's state does, so an edit to another
    /// item does not rebuild it (`state` in a closure subscribes to all items).
    pub fn item_state(&self, key: u32) -> Memo<Option<ItemState>> {
        let app = *self;
        Memo::new(move |_| app.state(key))
    }

    pub fn my_unit(&self) -> String {
        self.tracker.with(|t| t.progress.settings.unit.clone())
    }
}

pub fn app_state() -> AppState {
    expect_context::<AppState>()
}
