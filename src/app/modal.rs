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
                commit_field_being_typed_in();
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

/// Leave the focused field first, so that a value being typed commits through
/// its own `change` while its editor still exists: closed with it focused, the
/// value was lost and the late `change` reached a disposed editor (a panic).
/// A click on 关闭 or on the backdrop moves focus first by itself.
fn commit_field_being_typed_in() {
    if let Some(field) = document().active_element().and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = field.blur();
    }
}

/// Dialog `id` opens: remember the opener, and focus the dialog itself once
/// it is in the page (a screen reader then reads its title; Tab goes on to
/// its first field).
pub fn enter(id: &'static str) {
    let opener = document().active_element().and_then(|e| e.dyn_into::<HtmlElement>().ok());
    OPEN.with(|open| open.borrow_mut().push((id, opener)));
    request_animation_frame(move || {
        let Some(el) = element(id) else { return };
        // Unless a click got there first (a field in the dialog has focus).
        if !document().active_element().is_some_and(|a| el.contains(Some(&a))) {
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
    if el.is_connected() {
        let _ = el.focus();
    }
    // While in full screen (the briefing) the rest of the page is inert and
    // takes no focus, and full screen ends later: at that change, give focus
    // back once more if it is nowhere, or on something hidden (a button of
    // the closed briefing, which the browser is about to drop). Only then: a
    // listener left waiting by every other dialog would pile up.
    if document().fullscreen_element().is_none() {
        return;
    }
    let once = web_sys::AddEventListenerOptions::new();
    once.set_once(true);
    let again = wasm_bindgen::closure::Closure::once_into_js(move || {
        let doc = document();
        let lost =
            doc.active_element().is_none_or(|a| a.get_client_rects().length() == 0 || doc.body().is_some_and(|body| &a == body.unchecked_ref::<Element>()));
        if lost && el.is_connected() {
            let _ = el.focus();
        }
    });
    let _ = document().add_event_listener_with_callback_and_add_event_listener_options("fullscreenchange", again.unchecked_ref(), &once);
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

/// A date field is one Tab stop: browsers stop at its year, month and day in
/// turn (three stops for one field, seven for the toolbar's day before the
/// list); ← and → still move between them. Within the innermost open dialog,
/// where Tab wraps; else within the page. Called before the dialogs' own Tab
/// handling, which it then stops.
pub fn date_field_is_one_tab_stop() {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() != "Tab" || ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
            return;
        }
        let Some(field) = document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if field.type_() != "date" {
            return;
        }
        let dialog = OPEN.with(|open| open.borrow().last().map(|(id, _)| *id)).and_then(element);
        let Some(root) = dialog.clone().or_else(|| document().body()) else { return };
        let stops = tab_stops(&root);
        let Some(at) = stops.iter().position(|s| s.unchecked_ref::<Element>() == field.unchecked_ref::<Element>()) else { return };
        let n = stops.len();
        let next = match (ev.shift_key(), dialog.is_some()) {
            (false, true) => Some((at + 1) % n),
            (true, true) => Some((at + n - 1) % n),
            (false, false) => (at + 1 < n).then_some(at + 1),
            (true, false) => at.checked_sub(1),
        };
        // At the page's ends the browser goes on to its own controls.
        let Some(next) = next else { return };
        ev.prevent_default();
        ev.stop_immediate_propagation();
        let _ = stops[next].focus();
    });
    on_cleanup(move || handle.remove());
}

/// The tab stops under `root` in document order, shown ones only (a collapsed
/// `<details>` hides its fields).
fn tab_stops(root: &HtmlElement) -> Vec<HtmlElement> {
    let Ok(list) = root.query_selector_all(TABBABLE) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok()).filter(|el| el.get_client_rects().length() > 0).collect()
}

/// Renders nothing: put inside a dialog's markup (which has `id` and
/// `tabindex="-1"`), it makes that dialog modal while it is shown.
#[component]
pub fn ModalFocus(id: &'static str, #[prop(into)] close: Callback<()>) -> impl IntoView {
    modal(id, move || close.run(()));
}
