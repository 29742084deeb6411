//! The 10 categories at a glance: items listed, and a badge where the
//! heading's stated count differs. A card click filters the list.

use leptos::prelude::*;

use crate::notice::Notice;
use crate::view::format::{category_heading, number};
use crate::view::overview::categories;
use crate::view::route::{Panel, Route};

#[component]
pub fn Overview(notice: &'static Notice, route: RwSignal<Route>) -> impl IntoView {
    let cards = categories(notice).into_iter().map(|row| {
        let index = row.index;
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
                {row.badge.map(|b| view! { <span class="count-badge" title="标题所称项数与实际列出的事项数不同">"⚠ " {b}</span> })}
            </button>
        }
    });
    view! {
        <section id="overview" class="overview" aria-label="分类概览">
            {cards.collect_view()}
        </section>
    }
}
