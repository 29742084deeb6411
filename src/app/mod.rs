//! The browser app (wasm32 only): a minimal Leptos 0.8 CSR shell.
//!
//! It parses the bundled notice once, renders its title and item count, and
//! marks the root `data-ready="1"` once mounted so end-to-end tests know the
//! app is live. The real UI (filters, item detail, progress) comes later;
//! keep logic out of here and in browser-free modules that are tested natively.

use leptos::prelude::*;

use crate::notice::{parse, Notice};

/// Id of the root element the app renders; tests wait for
/// `#app[data-ready="1"]`.
const ROOT_ID: &str = "app";

/// Entry point, called by `src/main.rs` on wasm32. Mounts synchronously:
/// when this returns, the DOM is there.
pub fn start() {
    console_error_panic_hook::set_once();

    let notice = parse(crate::BUNDLED_NOTICE);
    leptos::mount::mount_to_body(move || view! { <App notice=notice/> });

    // Mounting is synchronous in CSR, so the root exists now.
    if let Some(root) = document().get_element_by_id(ROOT_ID) {
        let _ = root.set_attribute("data-ready", "1");
    }
}

#[component]
fn App(notice: Notice) -> impl IntoView {
    let title = notice
        .title
        .clone()
        .unwrap_or_else(|| "（未能识别通知标题）".to_string());
    let date = notice.date.clone();
    let categories = notice.categories.len();
    let items = notice.items.len();

    view! {
        <main id=ROOT_ID class="app">
            <header>
                <h1 class="notice-title">{title}</h1>
                {date.map(|d| view! { <p class="notice-date">"印发日期：" {d}</p> })}
            </header>
            <p class="notice-summary">
                "共 " <strong class="item-count">{items}</strong> " 项民生实事，"
                <strong class="category-count">{categories}</strong> " 个类别"
            </p>
        </main>
    }
}
