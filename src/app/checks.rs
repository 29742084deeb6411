//! 数据核查: the parser's diagnostics with their quotes, each linked to its items.

use leptos::prelude::*;

use crate::notice::Notice;
use crate::view::format::{diagnostic_key, diagnostic_kind};
use crate::view::route::Route;

#[component]
pub fn ChecksPanel(notice: &'static Notice, route: RwSignal<Route>) -> impl IntoView {
    let item_href = move |no: u32| format!("#{}", route.with(|r| Route { item: Some(no), ..r.clone() }).to_hash());
    let rows = notice.diagnostics.iter().map(|d| {
        let links = d.items.iter().map(|&no| view! { <a class="diagnostic-item" data-no=no.to_string() href=move || item_href(no)>"第" {no} "项"</a> });
        view! {
            <article class="diagnostic" data-kind=diagnostic_key(d.kind)>
                <span class="diagnostic-kind">{diagnostic_kind(d.kind)}</span>
                <p class="diagnostic-message">{d.message.clone()}</p>
                {d.quote.clone().map(|q| view! { <blockquote class="diagnostic-quote">{q}</blockquote> })}
                {(!d.items.is_empty()).then(|| view! { <p class="diagnostic-items">"涉及：" {links.collect_view()}</p> })}
            </article>
        }
    });
    view! {
        <section id="checks" class="checks" aria-label="数据核查">
            <p class="checks-intro">
                "以下是解析通知原文时自动发现的疑点（共 " {notice.diagnostics.len()} " 条），供核对原文时参考。"
            </p>
            {rows.collect_view()}
        </section>
    }
}
