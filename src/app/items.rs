//! The items, grouped by category, each card showing its units, level,
//! targets and subsidy standards at a glance.

use leptos::prelude::*;

use crate::notice::{Item, Notice};
use crate::view::format::{category_heading, level_label, subsidy, target};
use crate::view::overview::grouped;
use crate::view::progress::percent;
use crate::view::route::{level_key, Route};

use super::state::app_state;

#[component]
pub fn ItemList(notice: &'static Notice, route: RwSignal<Route>, shown: Memo<Vec<u32>>) -> impl IntoView {
    let groups = move || {
        let keys = shown.get();
        let items: Vec<&'static Item> = notice.items.iter().filter(|i| keys.contains(&i.key)).collect();
        if items.is_empty() {
            return view! { <p class="empty">"没有符合筛选条件的事项。"</p> }.into_any();
        }
        grouped(notice, &items)
            .into_iter()
            .map(|(name, index, items)| {
                view! {
                    <section class="category-group" data-category=index.to_string()>
                        <h2>
                            {category_heading(index, name)}
                            <span class="group-count">{items.len()} " 项"</span>
                        </h2>
                        {items.into_iter().map(|item| view! { <ItemCard item route/> }).collect_view()}
                    </section>
                }
            })
            .collect_view()
            .into_any()
    };
    // tabindex: the skip link moves focus here (one Tab on is the first 详情).
    view! { <div id="items" class="items" tabindex="-1" aria-label="事项清单">{groups}</div> }
}

/// "牵头单位：区民政局、区财政局", or the level when no unit is named.
pub fn units_line(item: &Item) -> String {
    match &item.units_label {
        Some(label) => format!("{label}：{}", item.units.join("、")),
        None => "未列牵头单位".to_string(),
    }
}

#[component]
fn ItemCard(item: &'static Item, route: RwSignal<Route>) -> impl IntoView {
    let (no, key) = (item.no, item.key);
    let app = app_state();
    // Its own state only: an edit to another item leaves this card as it is
    // (a closure over all states re-ran and rebuilt all 50 cards at each edit).
    let state = app.item_state(key);
    let targets = item.targets.iter().map(|t| {
        view! { <li class="target chip" title=t.quote.clone()>{t.label.clone()} " " <strong>{target(t)}</strong></li> }
    });
    let subsidies = item.subsidies.iter().map(|s| view! { <li class="subsidy chip" title=s.quote.clone()>"¥ " {subsidy(s)}</li> });
    view! {
        <article class="item-card" data-no=no.to_string() data-key=key.to_string()>
            <header class="item-head">
                <span class="item-no">{no}</span>
                <span class="item-level" data-level=level_key(item.level)>{level_label(app.notice, item.level)}</span>
                {item.citywide_reference.then(|| view! { <span class="tag citywide">"全市参照执行"</span> })}
                <span class="item-units">{units_line(item)}</span>
                {move || state.get().map(|s| view! {
                    <span class="item-progress">
                        <span class="item-light" data-light=s.light.key()>{s.light.label()}</span>
                        <span class="item-standing">{s.standing.label()}</span>
                        <span class="item-share">{percent(s.share)}</span>
                    </span>
                })}
            </header>
            <p class="item-text">{item.text.clone()}</p>
            {(!item.targets.is_empty()).then(|| view! { <ul class="item-targets chips" aria-label="量化目标">{targets.collect_view()}</ul> })}
            {(!item.subsidies.is_empty()).then(|| view! { <ul class="item-subsidies chips" aria-label="补助标准">{subsidies.collect_view()}</ul> })}
            <button class="item-open" type="button" aria-label=format!("第 {no} 项详情") on:click=move |_| route.update(|r| r.item = Some(key))>
                "详情 ›"
            </button>
        </article>
    }
}
