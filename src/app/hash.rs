//! The route lives in the URL hash: read at start and on `hashchange`
//! (back/forward, a pasted link), written back on every change.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::notice::Notice;
use crate::view::route::Route;

pub fn read(notice: &Notice) -> Route {
    Route::from_hash(&window().location().hash().unwrap_or_default()).valid_for(notice)
}

/// Keep `route` and the hash in step, both ways.
pub fn sync(notice: &'static Notice, route: RwSignal<Route>) {
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let from_hash = read(notice);
        if route.with_untracked(|r| r.notice != from_hash.notice) {
            // Another notice: a page shows one notice for its life (see `notices`).
            let _ = window().location().reload();
            return;
        }
        if route.with_untracked(|r| *r != from_hash) {
            route.set(from_hash);
        }
    });
    on_cleanup(move || handle.remove());
    Effect::new(move |_| route.with(write));
}

fn write(route: &Route) {
    let wanted = route.to_hash();
    let location = window().location();
    if location.hash().unwrap_or_default().trim_start_matches('#') == wanted {
        return;
    }
    // replaceState: typing a search must not flood the history, and it fires no hashchange.
    let url = format!("#{wanted}");
    let replaced = window().history().and_then(|h| h.replace_state_with_url(&JsValue::NULL, "", Some(&url)));
    if replaced.is_err() {
        let _ = location.set_hash(&wanted);
    }
}
