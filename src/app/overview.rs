//! The categories at a glance: a line for a newcomer, a link to 数据核查,
//! and a card per category with its items, its lights and its completion
//! against 序时进度 at the as-of day (`view::glance`). A card click filters the list.

use leptos::prelude::*;

use super::state::app_state;
use crate::notice::Notice;
use crate::progress::Light;
use crate::view::format::{category_heading, number};
use crate::view::glance::{self, CategoryGlance};
use crate::view::overview::categories;
use crate::view::palette::light_mark;
use crate::view::route::{Panel, Route};

#[component]
pub fn Overview(notice: &'static Notice, route: RwSignal<Route>) -> impl IntoView {
    let app = app_state();
    let all = Memo::new(move |_| app.states.with(|s| app.tracker.with(|t| glance::categories(notice, s, &t.progress.settings))));
    let cards = categories(notice).into_iter().map(|row| {
        let index = row.index;
        // Rebuilt only when this category's figures change, not at every edit of any item.
        let g = Memo::new(move |_| all.with(|all| all.iter().find(|g| g.index == index).cloned()));
        let selected = move || route.with(|r| r.category == Some(index));
        let toggle = move |_| {
            route.update(|r| {
                r.category = if r.category == Some(index) { None } else { Some(index) };
                r.panel = Panel::Items;
            })
        };
        view! {
            <button class="category-card" class:selected=selected data-category=index.to_string() on:click=toggle
                aria-pressed=move || selected().to_string()>
                <span class="category-name">{category_heading(index, &row.name)}</span>
                <span class="category-figure">
                    <span class="category-listed">{row.listed}</span>
                    <span class="category-unit">"项"</span>
                </span>
                {row.investment_wan.map(|w| view! { <span class="category-investment" title="本类各事项所列投资之和">"投资 " {number(w)} " 万元"</span> })}
                {move || g.get().map(|g| view! { <Glance g/> })}
            </button>
        }
    });
    let checks_href = move || format!("#{}", route.with(|r| Route { panel: Panel::Checks, item: None, ..r.clone() }).to_hash());
    let checks = notice.diagnostics.len();
    view! {
        <section id="overview" class="overview" aria-label="分类概览">
            <p id="overview-intro" class="overview-intro">
                {glance::intro(app.notice_entry.is_none())} " "
                <a id="overview-checks" href=checks_href title="解析通知原文时发现的疑点，及其涉及的事项">
                    {if checks == 0 { "数据核查：未发现疑点".to_string() } else { format!("数据核查：{checks} 条疑点 →") }}
                </a>
            </p>
            <div class="overview-cards">{cards.collect_view()}</div>
        </section>
    }
}

/// A card's progress: its items per light, and its completion (grey while nothing is reported) with 报送率.
#[component]
fn Glance(g: CategoryGlance) -> impl IntoView {
    let c = g.completion;
    let lights = Light::ALL.iter().zip(g.lights).map(|(light, n)| {
        view! {
            <span class="category-light" data-light=light.key() data-count=n.to_string() title=light.label()>
                <span class="light-dot" data-light=light.key()></span>{light_mark(*light)} " " {n}
            </span>
        }
    });
    view! {
        <span class="category-lights">{lights.collect_view()}</span>
        <span class="category-completion" data-light=c.light.key() data-reported=c.reported.to_string() data-targets=c.targets.to_string()>
            <span class="category-state">{c.light.label()}</span>
            <span class="category-share">{c.text()}</span>
        </span>
        {(c.targets > 0).then(|| view! {
            <span class="category-rate" title="有数值的量化目标数 / 量化目标数">{c.rate_text()}</span>
        })}
    }
}
