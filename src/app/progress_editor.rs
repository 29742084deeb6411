//! Recording progress on one item: status, note, evidence, each target's
//! value as of a day, each subsidy's beneficiaries and amounts, and the
//! item's history. Every field commits on `change` (not per keystroke), so
//! typing never waits for a save.

use leptos::prelude::*;

use super::state::{app_state, AppState};
use crate::notice::Item;
use crate::progress::{Day, Edit, Field, Status, Value};
use crate::view::format::{isolate, number, parse_number_input, target, yuan};
use crate::view::progress::{item_history, percent, subsidy_figures};

#[component]
pub fn ProgressEditor(item: &'static Item) -> impl IntoView {
    let app = app_state();
    let key = item.key;
    let state = move || app.state(key);
    view! {
        <section id="progress-editor" class="progress-editor" aria-label="进度">
            <h3>"进度"</h3>
            <p class="progress-summary">
                {move || state().map(|s| view! {
                    <span class="item-light" data-light=s.light.key()>{s.light.label()}</span>
                    " " <strong class="item-standing">{s.standing.label()}</strong>
                    " · 完成 " <span class="item-share">{percent(s.share)}</span>
                    " · 序时进度 " <span class="item-expected">{percent(Some(s.expected))}</span>
                    {s.deadline.map(|d| format!("（期限 {d}）"))}
                })}
            </p>
            <StatusFields item/>
            {(!item.targets.is_empty()).then(|| view! { <TargetRows item/> })}
            {(!item.subsidies.is_empty()).then(|| view! { <SubsidyRows item/> })}
            <p class="edit-error" role="alert">{move || app.edit_error.get()}</p>
            <p class="detail-updated">
                {move || app.tracker.with(|t| t.progress.items.get(&key).and_then(|p| p.updated.map(|at| {
                    format!("最后更新：{}{}", at.shown(), p.updated_by.as_ref().map(|u| format!("（{}）", isolate(u))).unwrap_or_default())
                })))}
            </p>
            <History item_key=key/>
        </section>
    }
}

fn text_edit(app: AppState, key: u32, field: Field) -> impl Fn(leptos::ev::Event) + Clone {
    move |ev| app.edit(Edit { item: key, field: field.clone(), value: Value::from_text(event_target_value(&ev).trim()) })
}

fn number_edit(app: AppState, key: u32, field: impl Fn() -> Field + Clone + 'static) -> impl Fn(leptos::ev::Event) + Clone {
    move |ev| match parse_number_input(&event_target_value(&ev)) {
        Ok(n) => app.edit(Edit { item: key, field: field(), value: Value::from_number(n) }),
        Err(message) => app.edit_error.set(Some(message)),
    }
}

#[component]
fn StatusFields(item: &'static Item) -> impl IntoView {
    let app = app_state();
    let key = item.key;
    let current = move || app.tracker.with(|t| t.progress.items.get(&key).cloned().unwrap_or_default());
    let options = Status::ALL.map(|s| view! { <option value=s.key() prop:selected=move || current().status == s>{s.label()}</option> });
    view! {
        <div class="status-fields">
            <label>
                <span>"状态"</span>
                <select id="edit-status" on:change=move |ev| app.edit(Edit { item: key, field: Field::Status, value: Value::Text(event_target_value(&ev)) })>
                    {options.into_iter().collect_view()}
                </select>
            </label>
            <Show when=move || current().status == Status::Paused>
                <label>
                    <span>"暂停原因"</span>
                    <input id="edit-pause-reason" prop:value=move || current().pause_reason on:change=text_edit(app, key, Field::PauseReason)/>
                </label>
            </Show>
            <label class="wide">
                <span>"备注"</span>
                <textarea id="edit-note" rows="2" prop:value=move || current().note on:change=text_edit(app, key, Field::Note)></textarea>
            </label>
            <label class="wide">
                <span>"佐证材料（文字、链接，按原文显示）"</span>
                <textarea id="edit-evidence" rows="2" prop:value=move || current().evidence on:change=text_edit(app, key, Field::Evidence)></textarea>
            </label>
        </div>
    }
}

#[component]
fn TargetRows(item: &'static Item) -> impl IntoView {
    let app = app_state();
    let key = item.key;
    let rows = item.targets.iter().enumerate().map(|(index, t)| {
        let target_key = t.key;
        // The day a typed value is recorded for: the as-of day unless changed here.
        let chosen = RwSignal::new(None::<Day>);
        let day = Signal::derive(move || chosen.get().unwrap_or_else(|| app.as_of.get()));
        // The same day again (the change after the input) changes nothing.
        let pick_day = move |ev: leptos::ev::Event| {
            if let Some(d) = Day::parse(&event_target_value(&ev)).filter(|d| chosen.get_untracked() != Some(*d)) {
                chosen.set(Some(d));
            }
        };
        let target_state = move || app.state(key).and_then(|s| s.targets.get(index).cloned());
        let observations = move || app.tracker.with(|tr| tr.progress.items.get(&key).and_then(|p| p.targets.get(&target_key).cloned()).unwrap_or_default());
        view! {
            <tr class="target-row" data-target=target_key.to_string()>
                <td>{t.label.clone()} <div class="goal">"目标 " {target(t)}</div></td>
                <td data-label="完成值">
                    <input class="target-value" inputmode="decimal" aria-label=format!("{} 完成值（{}）", t.label, t.unit)
                        prop:value=move || observations().iter().find(|o| o.as_of == day.get()).map(|o| number(o.value)).unwrap_or_default()
                        on:change=number_edit(app, key, move || Field::TargetAchieved { target: target_key, as_of: day.get_untracked() })/>
                    <span class="unit">{t.unit.clone()}</span>
                </td>
                <td data-label="截至">
                    // On input too, as #as-of (toolbar.rs): WebKit's change comes only with the blur.
                    <input class="target-date" type="date" aria-label="截至日期" title="年、月、日之间用 ← → 移动" prop:value=move || day.get().to_string()
                        on:input=pick_day on:change=pick_day/>
                </td>
                <td class="target-share" data-label="完成率">
                    {move || target_state().map(|s| view! {
                        <span class="target-light" data-light=s.light.key()>{s.light.label()}</span>
                        " " {percent(s.share)}
                        {s.as_of.map(|d| format!("（截至{d}）"))}
                    })}
                </td>
            </tr>
        }
    });
    view! {
        <table class="targets-table">
            <thead><tr><th>"量化目标"</th><th>"完成值"</th><th>"截至"</th><th>"完成率"</th></tr></thead>
            <tbody>{rows.collect_view()}</tbody>
        </table>
    }
}

#[component]
fn SubsidyRows(item: &'static Item) -> impl IntoView {
    let app = app_state();
    let key = item.key;
    let rows = item.subsidies.iter().map(|s| {
        let index = s.key;
        let figures = move || app.tracker.with(|t| subsidy_figures(s, t.progress.items.get(&key)));
        let shown = |v: Option<f64>| v.map(number).unwrap_or_default();
        view! {
            <tr class="subsidy-row" data-subsidy=index.to_string()>
                <td>{crate::view::format::subsidy(s)} <div class="goal">{s.label.clone()}</div></td>
                <td data-label="已惠及（人）"><input class="subsidy-served" inputmode="decimal" aria-label="已惠及人数"
                    prop:value=move || shown(figures().served)
                    on:change=number_edit(app, key, move || Field::SubsidyServed { subsidy: index })/></td>
                <td data-label="已发放（元）"><input class="subsidy-disbursed" inputmode="decimal" aria-label="已发放金额（元）"
                    placeholder=move || figures().disbursed.map(yuan).unwrap_or("服务人数×标准".into())
                    prop:value=move || if figures().disbursed_overridden { shown(figures().disbursed) } else { String::new() }
                    on:change=number_edit(app, key, move || Field::SubsidyDisbursed { subsidy: index })/>
                    <div class="computed">{move || figures().disbursed.map(yuan)}</div></td>
                <td data-label="计划（元）"><input class="subsidy-planned" inputmode="decimal" aria-label="计划金额（元）"
                    placeholder=move || figures().planned.map(yuan).unwrap_or("请填写".into())
                    prop:value=move || if figures().planned_from_notice { String::new() } else { shown(figures().planned) }
                    on:change=number_edit(app, key, move || Field::SubsidyPlanned { subsidy: index })/>
                    <div class="computed">{move || figures().planned.map(|p| format!("计划 {}", yuan(p)))}</div></td>
            </tr>
        }
    });
    view! {
        <table class="subsidies-table">
            <thead><tr><th>"补助标准"</th><th>"已惠及（人）"</th><th>"已发放（元）"</th><th>"计划（元）"</th></tr></thead>
            <tbody>{rows.collect_view()}</tbody>
        </table>
    }
}

/// The newest rows shown at first: a year of daily edits to one item is
/// hundreds of rows, which nobody reads at once and which would cost every
/// edit a redraw.
const HISTORY_SHOWN: usize = 100;

#[component]
fn History(item_key: u32) -> impl IntoView {
    let app = app_state();
    let all = RwSignal::new(false);
    // (the rows shown, the count of all): only the shown rows are formatted.
    let rows = Memo::new(move |_| {
        let limit = if all.get() { usize::MAX } else { HISTORY_SHOWN };
        app.tracker.with(|t| item_history(&t.progress, item_key, limit))
    });
    let shown = move || rows.with(|(r, _)| r.clone());
    let hidden = move || rows.with(|(r, total)| total - r.len());
    view! {
        <details class="detail-history-box">
            <summary>"修改记录（" {move || rows.with(|(_, total)| *total)} "）"</summary>
            <ul class="detail-history">
                <For each=shown key=|r| (r.index, r.at.clone(), r.field.clone(), r.new.clone()) let:r>
                    <li><time>{r.at}</time> " " <bdi class="who">{r.unit}</bdi> " " {r.field} "：" <bdi class="old">{r.old}</bdi> " → " <bdi class="new">{r.new}</bdi></li>
                </For>
            </ul>
            <Show when=move || { hidden() > 0 }>
                <button type="button" class="history-more" on:click=move |_| all.set(true)>"显示更早的 " {hidden} " 条"</button>
            </Show>
        </details>
    }
}
