//! Focus in modal dialogs, one rule for all of them (WAI-ARIA's dialog
//! pattern): opening moves focus into the dialog, Tab and Shift+Tab stay
//! inside it, Esc closes it, and closing gives focus back to what opened it
//! (the 详情 button, 导入数据, …), so a keyboard or screen-reader user is never
//! left on the page behind or at the top of the page.
//!
//! Not `<dialog>`'s `showModal()`: it would do most of this, but its top layer
//! and `::backdrop` replace the backdrops the dialogs have (a click on them
//! closes the item), and WebKit before 15.4 lacks it.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

thread_local! {
    /// The open dialogs, innermost last, each with the element that had focus
    /// when it opened. Keys go to the innermost one only.
    static OPEN: RefCell<Vec<(&'static str, Option<HtmlElement>)>> = const { RefCell::new(Vec::new()) };
}

/// What Tab can reach inside a dialog.
const TABBABLE: &str = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), \
                        textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

/// Make the element `id`, which the calling component renders with
/// `tabindex="-1"`, a modal dialog for as long as the component lives:
/// focus moves in once it is mounted, Tab is kept inside, Esc calls `close`,
/// and focus returns to the opener when the component goes away.
pub fn modal(id: &'static str, close: impl Fn() + Clone + Send + Sync + 'static) {
    enter(id);
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if !is_innermost(id) {
            return;
        }
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                close();
            }
            "Tab" => keep_tab_inside(&ev, id),
            _ => {}
        }
    });
    on_cleanup(move || {
        keys.remove();
        leave(id);
    });
}

/// Dialog `id` opens: remember the opener, and focus the dialog itself once
/// it is in the page (a screen reader then reads its title; Tab goes on to
/// its first field).
pub fn enter(id: &'static str) {
    let opener = document().active_element().and_then(|e| e.dyn_into::<HtmlElement>().ok());
    OPEN.with(|open| open.borrow_mut().push((id, opener)));
    request_animation_frame(move || {
        if let Some(el) = element(id) {
            let _ = el.focus();
        }
    });
}

/// Dialog `id` closed: focus goes back to its opener if that is still in the page.
pub fn leave(id: &'static str) {
    let opener = OPEN.with(|open| {
        let mut open = open.borrow_mut();
        let at = open.iter().rposition(|(d, _)| *d == id)?;
        open.remove(at).1
    });
    let Some(el) = opener else { return };
    let give_back = move || {
        if el.is_connected() {
            let _ = el.focus();
        }
    };
    // Leaving full screen (the briefing) ends later and then focuses the
    // page itself, which would undo a focus given now: wait for it.
    let doc = document();
    if doc.fullscreen_element().is_some() {
        let once = web_sys::AddEventListenerOptions::new();
        once.set_once(true);
        let callback = wasm_bindgen::closure::Closure::once_into_js(give_back);
        let _ = doc.add_event_listener_with_callback_and_add_event_listener_options("fullscreenchange", callback.unchecked_ref(), &once);
    } else {
        give_back();
    }
}

pub fn is_innermost(id: &str) -> bool {
    OPEN.with(|open| open.borrow().last().is_some_and(|(d, _)| *d == id))
}

/// Tab from the last control goes to the first, Shift+Tab from the first (or
/// from the dialog itself) to the last, and a Tab from outside comes in.
pub fn keep_tab_inside(ev: &KeyboardEvent, id: &str) {
    let Some(dialog) = element(id) else { return };
    let stops = tab_stops(&dialog);
    let (Some(first), Some(last)) = (stops.first(), stops.last()) else {
        ev.prevent_default();
        return;
    };
    let active = document().active_element();
    let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
    let is = |el: &HtmlElement| active.as_ref().is_some_and(|a| a == el.unchecked_ref::<Element>());
    let target = if !inside {
        Some(if ev.shift_key() { last } else { first })
    } else if ev.shift_key() && (is(first) || is(&dialog)) {
        Some(last)
    } else if !ev.shift_key() && is(last) {
        Some(first)
    } else {
        None
    };
    if let Some(el) = target {
        ev.prevent_default();
        let _ = el.focus();
    }
}

fn element(id: &str) -> Option<HtmlElement> {
    document().get_element_by_id(id)?.dyn_into::<HtmlElement>().ok()
}

/// The dialog's tab stops in document order, shown ones only (a collapsed
/// `<details>` hides its fields).
fn tab_stops(dialog: &HtmlElement) -> Vec<HtmlElement> {
    let Ok(list) = dialog.query_selector_all(TABBABLE) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok()).filter(|el| el.get_client_rects().length() > 0).collect()
}

/// Renders nothing: put inside a dialog's markup (which has `id` and
/// `tabindex="-1"`), it makes that dialog modal while it is shown.
#[component]
pub fn ModalFocus(id: &'static str, #[prop(into)] close: Callback<()>) -> impl IntoView {
    modal(id, move || close.run(()));
}
