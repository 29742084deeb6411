//! 汇报模式: full screen, the leader's three slides (`leader`), then one
//! slide per chart and one per category (its items and their lights). Keys are what presentation clickers send:
//! ←/→ and PageUp/PageDown (also Space, Home, End), F full screen, B blank
//! screen, T light/dark, Esc leave. Leaving full screen by the browser's own
//! Esc also leaves the briefing.

use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::paint;
use crate::app::modal;
use crate::app::state::app_state;
use crate::view::palette::{DARK_THEME, LIGHT_THEME};
use crate::view::plot::{self, Kind};
use crate::view::progress::percent;

/// Id of the container that goes full screen.
const ID: &str = "briefing";

/// Open the briefing at its first slide, full screen (called from a click, so
/// the browser allows it).
pub fn open(slide: RwSignal<Option<usize>>) {
    slide.set(Some(0));
    set_fullscreen(true);
}

fn is_fullscreen() -> bool {
    document().fullscreen_element().is_some()
}

/// requestFullscreen / exitFullscreen, ignoring a refusal (the briefing then
/// simply fills the window) without an unhandled promise rejection.
fn set_fullscreen(on: bool) {
    let doc = document();
    let (target, method): (JsValue, &str) = if on {
        match doc.get_element_by_id(ID) {
            Some(el) => (el.into(), "requestFullscreen"),
            None => return,
        }
    } else {
        (doc.into(), "exitFullscreen")
    };
    let Ok(f) = js_sys::Reflect::get(&target, &method.into()).and_then(|f| f.dyn_into::<js_sys::Function>()) else { return };
    if let Ok(promise) = f.call0(&target).and_then(|p| p.dyn_into::<js_sys::Promise>()) {
        let ignore = Closure::once(|_: JsValue| {});
        let _ = promise.catch(&ignore);
        ignore.forget();
    }
}

#[component]
pub fn Briefing(slide: RwSignal<Option<usize>>) -> impl IntoView {
    let app = app_state();
    let notice = app.notice;
    let count = super::leader::COUNT + Kind::ALL.len() + notice.categories.len();
    let dark = RwSignal::new(false);
    let blank = RwSignal::new(false);
    // Set while F leaves full screen on purpose (the briefing stays).
    let keep_open = StoredValue::new(false);

    let go = move |delta: isize| {
        slide.update(|s| {
            if let Some(n) = s {
                *n = (*n as isize + delta).clamp(0, count as isize - 1) as usize;
            }
        })
    };
    let close = move || {
        slide.set(None);
        blank.set(false);
        if is_fullscreen() {
            keep_open.set_value(true);
            set_fullscreen(false);
        }
    };

    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if slide.get_untracked().is_none() || ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
            return;
        }
        match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" | "PageDown" | " " => go(1),
            "ArrowLeft" | "ArrowUp" | "PageUp" => go(-1),
            "Home" => slide.set(Some(0)),
            "End" => slide.set(Some(count - 1)),
            "f" | "F" => {
                if is_fullscreen() {
                    keep_open.set_value(true);
                    set_fullscreen(false);
                } else {
                    set_fullscreen(true);
                }
            }
            "b" | "B" => blank.update(|b| *b = !*b),
            "t" | "T" => dark.update(|d| *d = !*d),
            "Escape" => close(),
            "Tab" => return modal::keep_tab_inside(&ev, ID),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || keys.remove());
    // Focus goes into the briefing when it opens and back to 汇报模式 when it closes.
    let shown = Memo::new(move |_| slide.get().is_some());
    Effect::new(move |was: Option<bool>| {
        let now = shown.get();
        match (was.unwrap_or(false), now) {
            (false, true) => modal::enter(ID),
            (true, false) => modal::leave(ID),
            _ => {}
        }
        now
    });

    // The browser's Esc (or any exit from full screen) not caused by F leaves the briefing.
    let on_change = Closure::<dyn FnMut()>::new(move || {
        if is_fullscreen() && slide.get_untracked().is_none() {
            // Full screen came after the briefing was left (Esc right after opening).
            keep_open.set_value(true);
            set_fullscreen(false);
        } else if !is_fullscreen() {
            if keep_open.get_value() {
                keep_open.set_value(false);
            } else if slide.get_untracked().is_some() {
                slide.set(None);
                blank.set(false);
            }
        }
    });
    let _ = document().add_event_listener_with_callback("fullscreenchange", on_change.as_ref().unchecked_ref());
    on_change.forget();

    let current = move || slide.get().unwrap_or(0);
    let body = move || {
        let n = slide.get()?;
        // The leader's slides first, then the charts, then the categories.
        let Some(n) = n.checked_sub(super::leader::COUNT) else { return Some(super::leader::slide(n)) };
        Some(if let Some(kind) = Kind::ALL.get(n).copied() {
            view! { <ChartSlide kind dark/> }.into_any()
        } else {
            let category = notice.categories.get(n - Kind::ALL.len())?;
            view! { <CategorySlide index=category.index/> }.into_any()
        })
    };

    view! {
        <div id=ID class="briefing" hidden=move || slide.get().is_none() role="dialog" aria-modal="true" aria-label="汇报模式" tabindex="-1"
            data-slide=move || current().to_string()
            data-theme=move || if dark.get() { "dark" } else { "light" }
            data-blank=move || if blank.get() { "1" } else { "0" }>
            {body}
            <div class="briefing-bar">
                <button type="button" class="briefing-prev" title="上一页（←）" aria-label="上一页（←）" on:click=move |_| go(-1)>"◀"</button>
                <span class="briefing-page">{move || format!("{} / {}", current() + 1, count)}</span>
                <button type="button" class="briefing-next" title="下一页（→）" aria-label="下一页（→）" on:click=move |_| go(1)>"▶"</button>
                <button type="button" class="briefing-theme" title="浅色/深色（T）" aria-label="浅色/深色（T）" on:click=move |_| dark.update(|d| *d = !*d)>"◐"</button>
                <button type="button" class="briefing-close" title="退出（Esc）" aria-label="退出（Esc）" on:click=move |_| close()>"✕"</button>
            </div>
            <div class="briefing-blank" aria-hidden="true"></div>
        </div>
    }
}

#[component]
fn ChartSlide(kind: Kind, dark: RwSignal<bool>) -> impl IntoView {
    let app = app_state();
    let canvas = NodeRef::<Canvas>::new();
    let resized = RwSignal::new(0u32);
    let handle = window_event_listener(leptos::ev::resize, move |_| resized.update(|n| *n += 1));
    // Firefox resizes the page to the screen on entering full screen without
    // a resize event the chart sees in time: measure again once it is done.
    let fullscreen = window_event_listener_untyped("fullscreenchange", move |_| {
        request_animation_frame(move || resized.update(|n| *n += 1));
    });
    on_cleanup(move || {
        handle.remove();
        fullscreen.remove();
    });
    Effect::new(move |_| {
        let Some(el) = canvas.get() else { return };
        resized.track();
        let at = app.as_of.get();
        let chart = app.tracker.with(|t| plot::chart(kind, app.notice, &t.progress, at));
        let parent = el.parent_element();
        let width = parent.as_ref().map_or(1024, |p| p.client_width()).max(320) as f64;
        let height = parent.as_ref().map_or(600, |p| p.client_height()).max(240) as f64;
        // Large type on a projector: scale with the slide, never below the page's size.
        let zoom = (width / 900.0).min(height / 560.0).clamp(1.0, 2.5);
        let theme = if dark.get() { DARK_THEME } else { LIGHT_THEME };
        paint::paint(&el, &chart, width, height, &theme, zoom);
    });
    view! {
        <div class="slide slide-chart" data-chart=kind.key()>
            // The canvas is sized to this box, which has no padding (the slide has).
            <div class="slide-canvas"><canvas node_ref=canvas role="img" aria-label=kind.title()></canvas></div>
        </div>
    }
}

/// A category's items with their lights and completion.
#[component]
pub fn CategorySlide(index: u32) -> impl IntoView {
    let app = app_state();
    let notice = app.notice;
    let category = notice.categories.iter().find(|c| c.index == index);
    let name = category.map(|c| c.name.clone()).unwrap_or_default();
    let in_category = move || notice.items.iter().filter(move |i| i.category == index);
    let items = in_category().map(|item| {
        let no = item.no;
        let state = app.item_state(item.key);
        view! {
            <li class="slide-item" data-no=no.to_string()>
                <span class="item-light" data-light=move || state.with(|s| s.as_ref().map_or("grey", |s| s.light.key()))>
                    {move || state.with(|s| s.as_ref().map_or("灰灯", |s| s.light.label()))}
                </span>
                <span class="slide-item-no">{no} "."</span>
                <span class="slide-item-text">{item.text.clone()}</span>
                <span class="slide-item-share">{move || state.with(|s| s.as_ref().map(|s| percent(s.share)).unwrap_or_default())}</span>
            </li>
        }
    });
    view! {
        <div class="slide slide-category" data-category=index.to_string()>
            <h2>{name} <span class="slide-count">{format!("（{} 项）", in_category().count())}</span></h2>
            <ol class="slide-items" tabindex="0" aria-label="本类事项">{items.collect_view()}</ol>
            <p class="slide-footer">{move || plot::footer(notice, app.as_of.get())}</p>
        </div>
    }
}

/// Every slide one after the other for the printer (a PDF for those who
/// cannot project): the charts as SVG, in the page's theme. Rendered only
/// while printing; `print_all` shows it alone on paper, a slide a page.
#[component]
pub fn SlidesForPrint() -> impl IntoView {
    let app = app_state();
    let notice = app.notice;
    let at = app.as_of.get_untracked();
    let charts = Kind::ALL.iter().map(|&kind| {
        let chart = app.tracker.with_untracked(|t| plot::chart(kind, notice, &t.progress, at));
        let svg = chart.svg(1100, 620, &LIGHT_THEME);
        view! { <div class="slide slide-chart-print" data-chart=kind.key() role="img" aria-label=kind.title() inner_html=svg></div> }
    });
    view! {
        <div id="slides-print" class="slides-print">
            {(0..super::leader::COUNT).map(super::leader::slide).collect_view()}
            {charts.collect_view()}
            {notice.categories.iter().map(|c| view! { <CategorySlide index=c.index/> }).collect_view()}
        </div>
    }
}

/// Print every slide (the browser's 打印 → 另存为 PDF): the slides are put in
/// the page, printed alone, and taken out again.
pub fn print_all(printing: RwSignal<bool>) {
    let root = document().document_element();
    printing.set(true);
    if let Some(root) = &root {
        let _ = root.class_list().add_1("printing-slides");
    }
    request_animation_frame(move || {
        let _ = window().print();
        if let Some(root) = &root {
            let _ = root.class_list().remove_1("printing-slides");
        }
        printing.set(false);
    });
}
