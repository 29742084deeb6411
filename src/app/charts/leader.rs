//! The slides a leader starts a briefing with (#16): the headline figures,
//! the items at 红灯 with unit and reason, the lead units ranked by lag
//! (`view::headline`), before the charts and the categories.

use leptos::prelude::*;

use crate::app::state::app_state;
use crate::view::format::date_cn;
use crate::view::headline::{headline, red_items, units_by_lag};
use crate::view::plot;
use crate::view::progress::percent;

/// How many slides come before the charts.
pub const COUNT: usize = 3;

/// Slide `n` (0 ‥ COUNT).
pub fn slide(n: usize) -> AnyView {
    match n {
        0 => view! { <Cover/> }.into_any(),
        1 => view! { <RedItems/> }.into_any(),
        _ => view! { <UnitsByLag/> }.into_any(),
    }
}

#[component]
fn Footer() -> impl IntoView {
    let app = app_state();
    view! { <p class="slide-footer">{move || plot::footer(app.notice, app.as_of.get())}</p> }
}

#[component]
fn Cover() -> impl IntoView {
    let app = app_state();
    let h = Memo::new(move |_| app.states.with(|s| headline(app.notice, s)));
    let h = move || h.get();
    let figure = |label: &'static str, key: &'static str, value: Signal<String>| {
        view! { <div class="headline-figure" data-figure=key><span class="headline-value">{value}</span><span class="headline-label">{label}</span></div> }
    };
    view! {
        <div class="slide slide-cover">
            <h2>{app.notice.title.clone().unwrap_or_else(|| "民生实事".to_string())}</h2>
            <p class="slide-subtitle">{move || format!("共 {} 件 · 截至{}", h().total, date_cn(&app.as_of.get().to_string()))}</p>
            <div class="headline-figures">
                {figure("已完成（件）", "done", Signal::derive(move || h().done.to_string()))}
                {figure("序时推进（件）", "on_schedule", Signal::derive(move || h().on_schedule.to_string()))}
                {figure("未达到序时进度（件）", "behind", Signal::derive(move || h().behind.to_string()))}
                {figure("资金执行率", "funds", Signal::derive(move || percent(h().funds_rate)))}
            </div>
            <p class="slide-note">{move || (h().not_assessed > 0).then(|| format!("另有 {} 件尚未填报、无法评估。", h().not_assessed))}</p>
            <Footer/>
        </div>
    }
}

#[component]
fn RedItems() -> impl IntoView {
    let app = app_state();
    let rows = Memo::new(move |_| app.states.with(|s| red_items(app.notice, s)));
    let rows = move || rows.get();
    view! {
        <div class="slide slide-red">
            <h2>"红灯事项" <span class="slide-count">{move || format!("（{} 项）", rows().len())}</span></h2>
            <table class="slide-table" tabindex="0" aria-label="红灯事项">
                <thead><tr><th>"序号"</th><th>"事项"</th><th>"牵头单位"</th><th>"原因"</th></tr></thead>
                <tbody>
                    {move || rows().into_iter().map(|r| view! {
                        <tr data-no=r.no.to_string()><td>{r.no}</td><td>{r.text}</td><td>{r.units}</td><td>{r.reason}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="slide-note">{move || rows().is_empty().then_some("没有红灯事项。")}</p>
            <Footer/>
        </div>
    }
}

#[component]
fn UnitsByLag() -> impl IntoView {
    let app = app_state();
    let rows = move || app.states.with(|s| units_by_lag(app.notice, s));
    view! {
        <div class="slide slide-units">
            <h2>"牵头单位滞后排名"</h2>
            <table class="slide-table" tabindex="0" aria-label="牵头单位滞后排名">
                <thead><tr><th>"名次"</th><th>"牵头单位"</th><th>"事项"</th><th>"未达到序时进度"</th><th>"红灯"</th><th>"平均滞后（百分点）"</th></tr></thead>
                <tbody>
                    {move || rows().into_iter().take(12).enumerate().map(|(i, u)| view! {
                        <tr><td>{i + 1}</td><td>{u.unit}</td><td>{u.items}</td><td>{u.behind}</td><td>{u.red}</td>
                            <td>{u.mean_lag.map_or("—".to_string(), |l| format!("{l:.0}"))}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <Footer/>
        </div>
    }
}
