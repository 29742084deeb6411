//! Category, lead unit, level and free-text filters. Each writes the route;
//! the hash follows.

use leptos::prelude::*;

use crate::notice::{Level, Notice};
use crate::view::format::{category_heading, level_label};
use crate::view::overview::units;
use crate::view::route::{level_from_key, level_key, Route};

#[component]
pub fn Filters(notice: &'static Notice, route: RwSignal<Route>, shown: Memo<Vec<u32>>) -> impl IntoView {
    let category_options = notice.categories.iter().map(|c| {
        let index = c.index;
        view! {
            <option value=index.to_string() prop:selected=move || route.with(|r| r.category == Some(index))>
                {category_heading(index, &c.name)}
            </option>
        }
    });
    let unit_options = units(notice).into_iter().map(|unit| {
        let (value, label) = (unit.clone(), unit.clone());
        view! { <option value=unit prop:selected=move || route.with(|r| r.unit.as_ref() == Some(&value))>{label}</option> }
    });
    let level_options = [Level::District, Level::City, Level::Province].map(|level| {
        view! {
            <option value=level_key(level) prop:selected=move || route.with(|r| r.level == Some(level))>{level_label(notice, level)}</option>
        }
    });
    let total = notice.items.len();
    let reset = move |_| route.update(|r| *r = Route { notice: r.notice.take(), item: r.item, at: r.at, panel: r.panel, ..Route::default() });

    view! {
        <section id="filters" class="filters" aria-label="筛选">
            <label>
                <span>"类别"</span>
                <select id="filter-category" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    route.update(|r| r.category = value.parse().ok());
                }>
                    <option value="" prop:selected=move || route.with(|r| r.category.is_none())>"全部类别"</option>
                    {category_options.collect_view()}
                </select>
            </label>
            <label>
                <span>"牵头单位"</span>
                <select id="filter-unit" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    route.update(|r| r.unit = (!value.is_empty()).then_some(value));
                }>
                    <option value="" prop:selected=move || route.with(|r| r.unit.is_none())>"全部单位"</option>
                    {unit_options.collect_view()}
                </select>
            </label>
            <label>
                <span>"层级"</span>
                <select id="filter-level" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    route.update(|r| r.level = level_from_key(&value));
                }>
                    <option value="" prop:selected=move || route.with(|r| r.level.is_none())>"全部层级"</option>
                    {level_options.into_iter().collect_view()}
                </select>
            </label>
            <label class="search">
                <span>"搜索"</span>
                <input id="filter-search" type="search" placeholder="事项、举措、单位或编号…"
                    prop:value=move || route.with(|r| r.query.clone())
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        route.update(|r| r.query = value);
                    }/>
            </label>
            <label class="mine" title="在“设置”中填写我的单位后可用">
                <span>"我的单位"</span>
                <input id="filter-mine" type="checkbox" prop:checked=move || route.with(|r| r.mine)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        route.update(|r| r.mine = on);
                    }/>
            </label>
            <button id="filter-reset" type="button" on:click=reset disabled=move || !route.with(Route::is_filtered)>"清除筛选"</button>
            <span class="result-count" data-count=move || shown.with(Vec::len).to_string()>
                {move || format!("显示 {} / {} 项", shown.with(Vec::len), total)}
            </span>
        </section>
    }
}
