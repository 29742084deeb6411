//! The browser app (wasm32 only): Leptos 0.8 CSR components that lay out the
//! view models of `crate::view`. No logic lives here that could be tested
//! natively; user-visible text is always rendered as text, never as HTML.

mod banners;
mod charts;
mod checks;
mod clock;
mod corrections;
mod detail;
mod download;
mod embedded;
mod filters;
mod grid;
mod hash;
mod html_copy;
mod import;
mod items;
mod local_store;
mod modal;
mod notices;
mod overview;
mod progress_editor;
mod report;
mod state;
mod toast;
mod toolbar;
mod wal;

use leptos::prelude::*;

use crate::view::format::date_cn;
use crate::view::route::{Panel, Route};
use state::AppState;

/// Id of the root element; tests wait for `#app[data-ready="1"]`.
const ROOT_ID: &str = "app";

/// Entry point, called by `src/main.rs`. Mounts synchronously: when this
/// returns, the DOM is there (before the page's load event).
pub fn start() {
    console_error_panic_hook::set_once();
    mark("minsheng-start");
    // Read once: the notice it may carry decides the page's notice, then its data is checked against that.
    let embedded = embedded::raw();
    let current = notices::current(embedded.as_deref().and_then(crate::progress::snapshot::carried_notice));
    mark("minsheng-notice-read");
    leptos::mount::mount_to_body(move || view! { <App current embedded/> });
    if let Some(root) = document().get_element_by_id(ROOT_ID) {
        let _ = root.set_attribute("data-ready", "1");
    }
    // Read by scripts/bench-load.mjs: time from navigation start to a mounted app.
    mark("minsheng-ready");
}

/// A `performance.mark` for the browser benchmarks (where opening spends its time).
pub(crate) fn mark(name: &str) {
    if let Some(performance) = window().performance() {
        let _ = performance.mark(name);
    }
}

#[component]
fn App(current: notices::Current, embedded: Option<String>) -> impl IntoView {
    let notice = current.notice;
    // The address names this page's notice only if it is a library one (an unknown id is dropped).
    let route = RwSignal::new(Route { notice: current.in_library.then(|| current.id.to_string()), ..hash::read(notice) });
    hash::sync(notice, route);
    let app = AppState::new(current, route, embedded);
    provide_context(app);
    undo_shortcuts(app);
    // Registered before any dialog's own Tab handling (it stops the event it takes).
    modal::date_field_is_one_tab_stop();
    let shown = Memo::new(move |_| {
        let unit = app.my_unit();
        route.with(|r| r.filter(notice, &unit).iter().map(|i| i.key).collect::<Vec<u32>>())
    });

    let title = notice.title.clone().unwrap_or_else(|| "（未能识别通知标题）".to_string());
    let date = notice.date.as_deref().map(date_cn);
    // A memo: the panel is rebuilt when it changes, not on every change of the
    // address (opening an item would rebuild the whole list under the dialog,
    // and the 详情 button that opened it, which gets focus back, would be gone).
    let panel_memo = Memo::new(move |_| route.with(|r| r.panel));
    let panel = move || panel_memo.get();
    // The briefing's slide (汇报模式), None when it is closed.
    let briefing = RwSignal::new(None::<usize>);
    // Every slide in the page for as long as it prints (打印全部幻灯片).
    let printing = RwSignal::new(false);
    let tab_href = move |p: Panel| format!("#{}", route.with(|r| Route { panel: p, ..r.clone() }).to_hash());

    view! {
        <main id=ROOT_ID class="app" style=crate::view::palette::custom_properties()>
            <SkipLink route/>
            <header class="masthead">
                <h1 class="notice-title">{title}</h1>
                <p class="notice-meta">
                    {date.map(|d| view! { <span class="notice-date">"印发日期：" {d}</span> })}
                    {notice.list_title.clone().map(|t| view! { <span class="list-title">{t}</span> })}
                    <span class="notice-summary">
                        "共 " <strong class="item-count">{notice.items.len()}</strong> " 项，"
                        <strong class="category-count">{notice.categories.len()}</strong> " 个类别"
                    </span>
                </p>
            </header>
            <notices::NoticeSwitcher/>
            <banners::Banners/>
            <overview::Overview notice route/>
            <toolbar::Toolbar/>
            <toast::ChangeToast id="change-toast" page_level=true/>
            <nav id="tabs" class="tabs" aria-label="视图">
                <a id="tab-items" href=move || tab_href(Panel::Items) class:active=move || panel() == Panel::Items>
                    "事项清单"
                </a>
                <a id="tab-grid" href=move || tab_href(Panel::Grid) class:active=move || panel() == Panel::Grid>
                    "填报"
                </a>
                <a id="tab-checks" href=move || tab_href(Panel::Checks) class:active=move || panel() == Panel::Checks>
                    "数据核查 " <span class="tab-count">{notice.diagnostics.len()}</span>
                </a>
                <a id="tab-charts" href=move || tab_href(Panel::Charts) class:active=move || panel() == Panel::Charts>
                    "图表"
                </a>
                <a id="tab-report" href=move || tab_href(Panel::Report) class:active=move || panel() == Panel::Report>
                    "通报"
                </a>
            </nav>
            {move || match panel() {
                Panel::Items => view! {
                    <filters::Filters notice route shown/>
                    <items::ItemList notice route shown/>
                }.into_any(),
                Panel::Checks => view! { <checks::ChecksPanel notice route/> }.into_any(),
                Panel::Grid => view! { <grid::GridPanel/> }.into_any(),
                Panel::Charts => view! { <charts::ChartsPanel briefing printing/> }.into_any(),
                Panel::Report => view! {
                    <filters::Filters notice route shown/>
                    <report::ReportPanel shown/>
                }.into_any(),
            }}
            <charts::Briefing slide=briefing/>
            {move || printing.get().then(|| view! { <charts::SlidesForPrint/> })}
            <import::ImportDialog/>
            <download::DownloadHelp/>
            <detail::ItemDetail notice route/>
            <footer class="app-footer">
                "数据来源：" {notice.title.clone().unwrap_or_default()}
                "。本页面为单个离线文件，不联网。"
                <banners::StorageStatus/>
            </footer>
        </main>
    }
}

/// The first Tab stop: straight to the items past the masthead, overview,
/// toolbar and tabs. Not an `href="#items"`: the address's hash is the
/// app's route.
#[component]
fn SkipLink(route: RwSignal<Route>) -> impl IntoView {
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        route.update(|r| r.panel = Panel::Items);
        request_animation_frame(|| {
            if let Some(list) = document().get_element_by_id("items").and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok()) {
                let _ = list.focus();
            }
        });
    };
    view! { <a id="skip-to-items" class="skip-link" href="#" on:click=skip>"跳到事项清单"</a> }
}

/// Ctrl+Z / Ctrl+Y (and Ctrl+Shift+Z) undo and redo, also in a field whose
/// value is committed (#16); while a value is being typed (an `input` since
/// the field's last `change`), the browser's own text undo applies.
fn undo_shortcuts(app: AppState) {
    const TYPING: &str = "data-typing";
    let mark = |typing: bool| {
        move |ev: web_sys::Event| {
            if let Some(field) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()) {
                let _ = if typing { field.set_attribute(TYPING, "") } else { field.remove_attribute(TYPING) };
            }
        }
    };
    let input = window_event_listener_untyped("input", mark(true));
    let change = window_event_listener_untyped("change", mark(false));
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) {
            return;
        }
        let typing = document().active_element().is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA") && el.has_attribute(TYPING));
        if typing {
            return;
        }
        match (ev.key().to_lowercase().as_str(), ev.shift_key()) {
            ("z", false) => app.undo(),
            ("z", true) | ("y", _) => app.redo(),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || {
        handle.remove();
        input.remove();
        change.remove();
    });
}
