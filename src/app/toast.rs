//! The short notice after each change (#16): "已修改 第7项 完成值：0 → 0.45"
//! with 撤销 next to it, where the hand is, for a few seconds. A polite live
//! region, so a screen reader says it without moving focus.

use std::time::Duration;

use leptos::prelude::*;

use super::state::app_state;

/// How long the notice stays: long enough to read a line and reach 撤销.
const SHOWN_FOR: Duration = Duration::from_secs(8);

/// `id`: the page's (fixed at the bottom, while no item is open) or the item
/// editor's own, next to its 撤销 / 重做 (focus stays in the dialog there).
#[component]
pub fn ChangeToast(id: &'static str, #[prop(default = false)] page_level: bool) -> impl IntoView {
    let app = app_state();
    let shown = move || app.last_change.get().filter(|_| !page_level || app.route.with(|r| r.item.is_none()));
    // Each change hides its own notice only: a later one restarts the time.
    Effect::new(move |_| {
        if let Some((index, _)) = app.last_change.get() {
            set_timeout(
                move || {
                    app.last_change.update(|c| {
                        if c.as_ref().is_some_and(|(i, _)| *i == index) {
                            *c = None
                        }
                    })
                },
                SHOWN_FOR,
            );
        }
    });
    view! {
        <div id=id class="change-toast" class:page-level=page_level role="status" aria-live="polite">
            {move || shown().map(|(_, said)| view! {
                <span class="change-said">{said}</span>
                " "
                <button class="change-undo" type="button" on:click=move |_| app.undo()>"撤销"</button>
            })}
        </div>
    }
}
