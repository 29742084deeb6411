//! The app's shared state, provided as a context: the notice, the route,
//! the progress tracker, the as-of day, and the states derived from them.

use leptos::prelude::*;

use super::clock;
use crate::notice::Notice;
use crate::progress::{Day, Edit, ItemState, Tracker};
use crate::view::progress::item_states;
use crate::view::route::Route;

#[derive(Clone, Copy)]
pub struct AppState {
    pub notice: &'static Notice,
    pub route: RwSignal<Route>,
    pub tracker: RwSignal<Tracker>,
    /// The day the lights are computed for (today unless the user picks another).
    pub as_of: RwSignal<Day>,
    pub today: Day,
    /// Every item's state at `as_of`, recomputed after each edit.
    pub states: Memo<Vec<ItemState>>,
    /// The last refused edit's message, shown until the next edit.
    pub edit_error: RwSignal<Option<String>>,
}

impl AppState {
    pub fn new(notice: &'static Notice, route: RwSignal<Route>, tracker: Tracker) -> AppState {
        let today = clock::today();
        let tracker = RwSignal::new(tracker);
        let as_of = RwSignal::new(today);
        let states = Memo::new(move |_| tracker.with(|t| item_states(notice, &t.progress, as_of.get())));
        AppState { notice, route, tracker, as_of, today, states, edit_error: RwSignal::new(None) }
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
