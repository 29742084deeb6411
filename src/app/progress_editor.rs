//! Recording progress on one item: status, note, evidence, 完成情况 and a
//! 完成状况 set by hand, each target's value as of a day, each subsidy's
//! beneficiaries and amounts, the item's people and quarterly goals, and its
//! history. Facts are recorded for the day they are true for (#15: the
//! as-of day when it is past, else today) and shown as they were on the
//! as-of day. Every field commits on `change` (not per keystroke), so typing
//! never waits for a save.

use leptos::prelude::*;

use super::state::{app_state, AppState};
use crate::notice::Item;
use crate::progress::facts::ItemFacts;
use crate::progress::{quarter_cn, Day, Edit, Fact, Field, Standing, Status, Value};
use crate::view::entry::{hint, read_figure};
use crate::view::format::{date_cn, isolate, money, number, target};
use crate::view::grid::{Column, Line, Row};
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
                    {s.judged.then_some("（人工认定）")}
                    " · 完成 " <span class="item-share">{percent(s.share)}</span>
                    " · 序时进度 " <span class="item-expected">{percent(Some(s.expected))}</span>
                    {s.deadline.map(|d| format!("（期限 {d}）"))}
                })}
            </p>
            <div class="editor-undo">
                <button id="editor-undo" type="button" title="撤销（Ctrl+Z）" on:click=move |_| app.undo()
                    disabled=move || !app.tracker.with(|t| t.can_undo())>"↶ 撤销"</button>
                <button id="editor-redo" type="button" title="重做（Ctrl+Y）" on:click=move |_| app.redo()
                    disabled=move || !app.tracker.with(|t| t.can_redo())>"↷ 重做"</button>
                <super::toast::ChangeToast id="editor-change"/>
            </div>
            <p id="fact-day" class="fact-day hint">
                {move || format!("以下填写的内容记为 {} 的情况", date_cn(&app.fact_day().to_string()))}
                {move || (app.as_of.get() > app.today).then_some("（截至日期在今天之后，按今天记录）")}
            </p>
            <StatusFields item/>
            <JudgementFields item/>
            {(!item.targets.is_empty()).then(|| view! { <TargetRows item/> })}
            {(!item.subsidies.is_empty()).then(|| view! { <SubsidyRows item/> })}
            <PeopleFields item/>
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

/// The item's facts on the as-of day.
fn facts_of(app: AppState, key: u32) -> impl Fn() -> ItemFacts + Copy {
    move || app.state(key).map(|s| s.facts).unwrap_or_default()
}

/// A fact for the fact day: a cleared text is recorded as a blank, which
/// hides an earlier day's.
fn fact_edit(app: AppState, key: u32, fact: Fact) -> impl Fn(leptos::ev::Event) + Clone {
    move |ev| app.edit(Edit { item: key, field: Field::Dated { fact, on: app.fact_day() }, value: Value::Text(event_target_value(&ev).trim().to_string()) })
}

fn text_edit(app: AppState, key: u32, field: Field) -> impl Fn(leptos::ev::Event) + Clone {
    move |ev| app.edit(Edit { item: key, field: field.clone(), value: Value::from_text(event_target_value(&ev).trim()) })
}

/// A figure in `unit` as people write it (`0.45万`, `4500人次`, `1,200`).
/// `blank`: what an emptied field records (a dated figure's blank, or nothing).
fn number_edit(app: AppState, key: u32, field: impl Fn() -> Field + Clone + 'static, blank: Value, unit: &'static str) -> impl Fn(leptos::ev::Event) + Clone {
    move |ev| match read_figure(&event_target_value(&ev), unit) {
        Ok(n) => app.edit(Edit { item: key, field: field(), value: n.map_or_else(|| blank.clone(), |f| Value::Number(f.value)) }),
        Err(message) => app.edit_error.set(Some(message)),
    }
}

/// Under a figure's field, while it is typed and after: what the text reads
/// as ("4500人次 = 0.45万人次") and any doubt about it (`Row::warnings`, as
/// the 填报 grid says them), or why it is no figure. Never blocks the value.
#[component]
fn FigureHint(typed: RwSignal<String>, row: Row<'static>, column: Column, #[prop(into)] day: Signal<Day>) -> impl IntoView {
    let app = app_state();
    let facts = facts_of(app, row.item.key);
    let warnings = move |value: f64| app.tracker.with(|t| row.warnings(column, value, &t.progress, &facts(), day.get_untracked()));
    let lines = move || hint(&typed.get(), row.unit(column), warnings);
    view! {
        <div class="figure-hint" role="status">{move || lines().into_iter().map(|(class, l)| view! { <div class=class>{l}</div> }).collect_view()}</div>
    }
}

#[component]
fn StatusFields(item: &'static Item) -> impl IntoView {
    let app = app_state();
    let key = item.key;
    let current = facts_of(app, key);
    let options = Status::ALL.map(|s| view! { <option value=s.key() prop:selected=move || current().status == s>{s.label()}</option> });
    view! {
        <div class="status-fields">
            <label>
                <span>"状态"</span>
                <select id="edit-status" on:change=move |ev| app.edit(Edit { item: key, field: Field::Dated { fact: Fact::Status, on: app.fact_day() }, value: Value::Text(event_target_value(&ev)) })>
                    {options.into_iter().collect_view()}
                </select>
            </label>
            <Show when=move || current().status == Status::Paused>
                <label>
                    <span>"暂停原因"</span>
                    <input id="edit-pause-reason" prop:value=move || current().pause_reason on:change=fact_edit(app, key, Fact::PauseReason)/>
                </label>
            </Show>
            <label class="wide">
                <span>"备注"</span>
                <textarea id="edit-note" rows="2" prop:value=move || current().note on:change=fact_edit(app, key, Fact::Note)></textarea>
            </label>
            <label class="wide">
                <span>"佐证材料（文字、链接，按原文显示）"</span>
                <textarea id="edit-evidence" rows="2" prop:value=move || current().evidence on:change=fact_edit(app, key, Fact::Evidence)></textarea>
            </label>
        </div>
    }
}

/// 完成情况 (written for the quarter; the numbers' account until then) and a
/// 完成状况 set by hand with its reason, which overrides the computed one.
#[component]
fn JudgementFields(item: &'static Item) -> impl IntoView {
    let app = app_state();
    let key = item.key;
    let current = facts_of(app, key);
    let from_numbers =
        move || app.state(key).and_then(|s| crate::view::report::numbers_account(item, &s)).unwrap_or_else(|| "（暂无数据：请填写本季度完成情况）".into());
    let judged = move || current().judgement.map_or("", Standing::key);
    let options = Standing::JUDGED.map(|s| view! { <option value=s.key() prop:selected=move || judged() == s.key()>{s.label()}</option> });
    view! {
        <div class="status-fields judgement-fields">
            <label class="wide">
                <span>"完成情况（本季度；不填则按数据生成）"</span>
                <textarea id="edit-summary" rows="2" placeholder=from_numbers prop:value=move || current().summary on:change=fact_edit(app, key, Fact::Summary)></textarea>
            </label>
            // The numbers' account as a start to edit from (the field stays empty until then).
            <button id="summary-from-numbers" type="button" class="small"
                disabled=move || app.state(key).and_then(|s| crate::view::report::numbers_account(item, &s)).is_none()
                on:click=move |_| {
                    if let Some(text) = app.state(key).and_then(|s| crate::view::report::numbers_account(item, &s)) {
                        app.edit(Edit { item: key, field: Field::Dated { fact: Fact::Summary, on: app.fact_day() }, value: Value::Text(text) });
                    }
                }>"按数据填入完成情况"</button>
            <label>
                <span>"完成状况（人工认定，本季度有效）"</span>
                <select id="edit-judgement" on:change=fact_edit(app, key, Fact::Judgement)>
                    <option value="" prop:selected=move || judged().is_empty()>"按数据自动判定"</option>
                    {options.into_iter().collect_view()}
                </select>
            </label>
            <Show when=move || current().judgement.is_some()>
                <label class="grow">
                    <span>"认定理由"</span>
                    <input id="edit-judgement-reason" prop:value=move || current().judgement_reason on:change=fact_edit(app, key, Fact::JudgementReason)/>
                </label>
            </Show>
        </div>
    }
}

#[component]
fn TargetRows(item: &'static Item) -> impl IntoView {
    let app = app_state();
    let key = item.key;
    let rows = item.targets.iter().enumerate().map(|(index, t)| {
        let target_key = t.key;
        // The day a typed value is recorded for: the fact day unless changed here.
        let chosen = RwSignal::new(None::<Day>);
        let day = Signal::derive(move || chosen.get().unwrap_or_else(|| app.fact_day()));
        // The same day again (the change after the input) changes nothing.
        let pick_day = move |ev: leptos::ev::Event| {
            if let Some(d) = Day::parse(&event_target_value(&ev)).filter(|d| chosen.get_untracked() != Some(*d)) {
                chosen.set(Some(d));
            }
        };
        let target_state = move || app.state(key).and_then(|s| s.targets.get(index).cloned());
        let observations = move || app.tracker.with(|tr| tr.progress.items.get(&key).and_then(|p| p.targets.get(&target_key).cloned()).unwrap_or_default());
        let typed = RwSignal::new(String::new());
        view! {
            <tr class="target-row" data-target=target_key.to_string()>
                <td>{t.label.clone()} <div class="goal">"目标 " {target(t)}</div></td>
                <td data-label="完成值">
                    <input class="target-value" inputmode="decimal" aria-label=format!("{} 完成值（{}）", t.label, t.unit)
                        prop:value=move || observations().iter().find(|o| o.as_of == day.get()).map(|o| number(o.value)).unwrap_or_default()
                        on:input=move |ev| typed.set(event_target_value(&ev))
                        on:change=number_edit(app, key, move || Field::TargetAchieved { target: target_key, as_of: day.get_untracked() }, Value::Empty, &t.unit)/>
                    <span class="unit">{t.unit.clone()}</span>
                    <FigureHint typed row=Row { item, line: Line::Target(t) } column=Column::Achieved day/>
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
    let current = facts_of(app, key);
    let rows = item.subsidies.iter().map(|s| {
        let index = s.key;
        let figures = move || subsidy_figures(s, &current());
        let shown = |v: Option<f64>| v.map(number).unwrap_or_default();
        let dated = move |fact: Fact| move || Field::Dated { fact, on: app.fact_day() };
        let blank = Value::Text(String::new());
        let (served_typed, disbursed_typed, planned_typed) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
        let keep = |typed: RwSignal<String>| move |ev: leptos::ev::Event| typed.set(event_target_value(&ev));
        let row = Row { item, line: Line::Subsidy(s) };
        let fact_day = Signal::derive(move || app.fact_day());
        view! {
            <tr class="subsidy-row" data-subsidy=index.to_string()>
                <td>{crate::view::format::subsidy(s)} <div class="goal">{s.label.clone()}</div></td>
                <td data-label="已惠及（人）"><input class="subsidy-served" inputmode="decimal" aria-label="已惠及人数"
                    prop:value=move || shown(figures().served) on:input=keep(served_typed)
                    on:change=number_edit(app, key, dated(Fact::SubsidyServed { subsidy: index }), blank.clone(), "人")/>
                    <FigureHint typed=served_typed row column=Column::Served day=fact_day/></td>
                <td data-label="已发放（元）"><input class="subsidy-disbursed" inputmode="decimal" aria-label="已发放金额（元）"
                    placeholder=move || figures().disbursed.map(money).unwrap_or("服务人数×标准".into())
                    prop:value=move || if figures().disbursed_overridden { shown(figures().disbursed) } else { String::new() }
                    on:input=keep(disbursed_typed)
                    on:change=number_edit(app, key, dated(Fact::SubsidyDisbursed { subsidy: index }), blank.clone(), "元")/>
                    <FigureHint typed=disbursed_typed row column=Column::Disbursed day=fact_day/>
                    <div class="computed">{move || figures().disbursed.map(money)}</div></td>
                <td data-label="计划（元）"><input class="subsidy-planned" inputmode="decimal" aria-label="计划金额（元）"
                    placeholder=move || figures().planned.map(money).unwrap_or("计划未填".into())
                    prop:value=move || if figures().planned_from_notice { String::new() } else { shown(figures().planned) }
                    on:input=keep(planned_typed)
                    on:change=number_edit(app, key, dated(Fact::SubsidyPlanned { subsidy: index }), blank.clone(), "元")/>
                    <FigureHint typed=planned_typed row column=Column::Planned day=fact_day/>
                    <div class="computed">{move || Some(figures().planned.map_or("计划未填".to_string(), |p| format!("计划 {}", money(p))))}</div></td>
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

/// 分管领导, 责任人, 配合单位 (the notice's until changed) and 季度目标: the
/// item's, not a period's.
#[component]
fn PeopleFields(item: &'static Item) -> impl IntoView {
    let app = app_state();
    let key = item.key;
    let recorded = move || app.tracker.with(|t| t.progress.items.get(&key).cloned().unwrap_or_default());
    let notice_partners = item.partner_units.join("、");
    let quarters = (1..=4u8).map(|quarter| {
        let goal = move || recorded().quarters.get(&quarter).cloned().unwrap_or_default();
        view! {
            <tr class="quarter-row" data-quarter=quarter.to_string()>
                <th scope="row">{format!("第{}季度", quarter_cn(quarter))}</th>
                <td data-label="季度目标"><input class="quarter-goal" aria-label=format!("第{}季度目标", quarter_cn(quarter))
                    prop:value=move || goal().text on:change=text_edit(app, key, Field::QuarterGoal { quarter })/></td>
                <td data-label="季末累计完成（%）"><input class="quarter-share" inputmode="decimal" aria-label=format!("第{}季度末累计完成年度目标（%）", quarter_cn(quarter))
                    prop:value=move || goal().share.map(number).unwrap_or_default()
                    on:change=number_edit(app, key, move || Field::QuarterShare { quarter }, Value::Empty, "%")/></td>
            </tr>
        }
    });
    view! {
        <details class="people-box">
            <summary>"责任分工与季度目标"</summary>
            <div class="status-fields people-fields">
                <label><span>"分管领导"</span><input id="edit-leader" prop:value=move || recorded().leader on:change=text_edit(app, key, Field::Leader)/></label>
                <label><span>"责任人"</span><input id="edit-responsible" prop:value=move || recorded().responsible on:change=text_edit(app, key, Field::Responsible)/></label>
                <label class="grow"><span>"配合单位"</span><input id="edit-partners" placeholder=notice_partners
                    prop:value=move || recorded().partners.unwrap_or_default() on:change=text_edit(app, key, Field::Partners)/></label>
            </div>
            <table class="quarters-table">
                <thead><tr><th>"季度"</th><th>"季度目标"</th><th>"季末累计完成年度目标（%）"</th></tr></thead>
                <tbody>{quarters.collect_view()}</tbody>
            </table>
            <p class="hint">"填写季末累计百分比后，序时进度按季度目标计算，不再按全年平均。"</p>
        </details>
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
