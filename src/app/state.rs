//! The app's shared state, provided as a context: the notice, the route,
//! the progress tracker and its persistence, the as-of day, and the states
//! derived from them.

use leptos::prelude::*;

use super::clock;
use super::import::{Pending, Source};
use super::storage::{self, Banner, Mode, Persistence};
use crate::notice::Notice;
use crate::progress::diff::diff;
use crate::progress::{merge, Day, Edit, ItemState, Progress, Tracker};
use crate::view::progress::item_states;
use crate::view::route::Route;

#[derive(Clone, Copy)]
pub struct AppState {
    pub notice: &'static Notice,
    pub route: RwSignal<Route>,
    pub tracker: RwSignal<Tracker>,
    /// The day the lights are computed for: the route's `at`, else today.
    pub as_of: Signal<Day>,
    pub today: Day,
    /// Every item's state at `as_of`, recomputed after each edit.
    pub states: Memo<Vec<ItemState>>,
    /// The last refused edit's message, shown until the next edit.
    pub edit_error: RwSignal<Option<String>>,
    pub banners: RwSignal<Vec<Banner>>,
    pub persistence: StoredValue<Persistence>,
    pub mode: RwSignal<Mode>,
    /// The import waiting for the user's decision (its dialog is open).
    pub import: RwSignal<Option<Pending>>,
}

impl AppState {
    /// Load the stored progress and start saving every change.
    pub fn new(notice: &'static Notice, route: RwSignal<Route>) -> AppState {
        let today = clock::today();
        let loaded = storage::load(crate::BUNDLED_NOTICE, &clock::timestamp());
        let tracker = RwSignal::new(Tracker::new(loaded.progress));
        let as_of = Signal::derive(move || route.with(|r| r.at).unwrap_or(today));
        let states = Memo::new(move |_| tracker.with(|t| item_states(notice, &t.progress, as_of.get())));
        let app = AppState {
            notice,
            route,
            tracker,
            as_of,
            today,
            states,
            edit_error: RwSignal::new(None),
            banners: RwSignal::new(loaded.banners),
            mode: RwSignal::new(loaded.persistence.mode),
            persistence: StoredValue::new(loaded.persistence),
            import: RwSignal::new(None),
        };
        app.take_embedded_data();
        app.save_on_change();
        app.follow_other_tabs();
        app
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
        let now = clock::timestamp();
        let mut banners = Vec::new();
        let mut changed = false;
        self.tracker.update_untracked(|t| {
            let before = t.progress.history.len();
            self.persistence.update_value(|p| banners = p.save(t, &now));
            changed = t.progress.history.len() != before;
        });
        self.after_storage(banners, changed);
    }

    /// Edits saved by another tab of this file appear here (the `storage` event).
    fn follow_other_tabs(self) {
        let key = self.persistence.with_value(|p| p.key().to_string());
        let handle = window_event_listener(leptos::ev::storage, move |ev| {
            if ev.key().is_some_and(|k| k != key) {
                return;
            }
            let (mut changed, mut banner) = (false, None);
            self.tracker.update_untracked(|t| self.persistence.update_value(|p| (changed, banner) = p.on_external_change(ev.new_value(), t)));
            self.after_storage(banner.into_iter().collect(), changed);
        });
        on_cleanup(move || handle.remove());
    }

    /// Show what storage said; `changed`: the tracker was replaced under the views.
    fn after_storage(self, banners: Vec<Banner>, changed: bool) {
        self.mode.set(self.persistence.with_value(|p| p.mode));
        if !banners.is_empty() {
            self.banners.update(|all| {
                for b in banners {
                    if !all.iter().any(|a| a.kind() == b.kind()) {
                        all.push(b);
                    }
                }
            });
        }
        // A save that cleared the quota problem takes its banner away.
        if self.persistence.with_value(|p| p.mode == Mode::Normal) && !self.tracker.with_untracked(|t| self.persistence.with_value(|p| p.is_dirty(&t.progress))) {
            self.banners.update(|all| all.retain(|b| !matches!(b, Banner::Quota)));
        }
        if changed {
            // The tracker changed under the views: let them re-read it.
            self.tracker.notify();
        }
    }

    /// Show the state at `day` (kept in the URL; today is the default and not written).
    pub fn set_as_of(&self, day: Day) {
        let at = (day != self.today).then_some(day);
        self.route.update(|r| r.at = at);
    }

    pub fn dismiss(&self, kind: &str) {
        self.banners.update(|all| all.retain(|b| b.kind() != kind));
    }

    pub fn edit(&self, edit: Edit) {
        let at = clock::timestamp();
        let notice = self.notice;
        let result = self.tracker.try_update(|t| t.edit(notice, edit, &at));
        self.edit_error.set(match result {
            Some(Err(e)) => Some(e.to_string()),
            _ => None,
        });
    }

    pub fn undo(&self) {
        let at = clock::timestamp();
        if let Some(Some(item)) = self.tracker.try_update(|t| t.undo(&at)) {
            self.route.update(|r| r.item = Some(item));
        }
    }

    pub fn redo(&self) {
        let at = clock::timestamp();
        if let Some(Some(item)) = self.tracker.try_update(|t| t.redo(&at)) {
            self.route.update(|r| r.item = Some(item));
        }
    }

    /// Restore a backup as edits: it lands in the history and can be undone.
    pub fn restore(&self, slot: u32, saved_at: String) {
        let backup = match self.persistence.with_value(|p| p.read_backup(slot)) {
            Ok(b) => b,
            Err(message) => return self.edit_error.set(Some(format!("无法恢复备份：{message}"))),
        };
        let at = clock::timestamp();
        let notice = self.notice;
        let result = self.tracker.try_update(|t| {
            let edits = diff(&t.progress, &backup);
            t.edit_all(notice, edits, &at)
        });
        match result {
            Some(Err(e)) => self.edit_error.set(Some(format!("无法恢复备份：{e}"))),
            _ => self.after_storage(vec![Banner::Restored { at: saved_at.replace('T', " ") }], false),
        }
    }

    /// A copy saved "with data" carries a snapshot: with no data of its own
    /// here, the user sees it at once (and it is saved); with other data,
    /// the import dialog offers a merge; when nothing would change, silence.
    fn take_embedded_data(&self) {
        let snapshot = match super::html_copy::embedded(self) {
            None => return,
            Some(Err(e)) => return self.banners.update(|b| b.push(Banner::EmbeddedUnreadable { message: e.to_string() })),
            Some(Ok(snapshot)) => snapshot,
        };
        let empty = self.tracker.with_untracked(|t| t.progress.items.is_empty() && t.progress.history.is_empty());
        if empty {
            let by = super::import::exported_by(&snapshot.unit, &snapshot.exported_at);
            self.persistence.update_value(|p| p.mark_replaced());
            self.tracker.update_untracked(|t| {
                // The lights as the sender saw them, but "my unit" stays the reader's.
                let mut progress = snapshot.progress;
                progress.settings.unit = std::mem::take(&mut t.progress.settings.unit);
                t.replace(progress);
            });
            self.banners.update(|b| b.push(Banner::EmbeddedLoaded { by }));
            return;
        }
        let differs = self.tracker.with_untracked(|t| {
            let merged = merge(&[&t.progress, &snapshot.progress]);
            !merged.conflicts.is_empty() || !diff(&t.progress, &merged.progress).is_empty()
        });
        if differs {
            let source = Source::new("本文件附带的数据".to_string(), snapshot);
            self.import.set(Some(Pending { sources: vec![source], refused: vec![], embedded: true }));
        }
    }

    /// Replace the progress by an import's result (a merge or a file's
    /// data, keeping this browser's settings), then apply the user's
    /// conflict decisions as edits. An automatic backup is taken first; if
    /// it cannot be written, nothing is imported.
    pub fn apply_import(&self, progress: Progress, decisions: Vec<Edit>, summary: String) -> Result<(), String> {
        let now = clock::timestamp();
        let backed_up = self.tracker.with_untracked(|t| self.persistence.with_value(|p| p.backup_before_import(&t.progress, &now)));
        if !backed_up {
            return Err("导入前未能写入自动备份（浏览器存储空间不足），为免丢失数据已取消导入。请先“导出数据”保存当前进度，清理浏览器存储后再试。".into());
        }
        self.persistence.update_value(|p| p.mark_replaced());
        let notice = self.notice;
        let result = self.tracker.try_update(|t| {
            let settings = t.progress.settings.clone();
            t.replace(Progress { settings, ..progress });
            t.edit_all(notice, decisions, &now)
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

    pub fn state(&self, no: u32) -> Option<ItemState> {
        self.states.with(|s| s.iter().find(|s| s.no == no).cloned())
    }

    pub fn my_unit(&self) -> String {
        self.tracker.with(|t| t.progress.settings.unit.clone())
    }
}

pub fn app_state() -> AppState {
    expect_context::<AppState>()
}
