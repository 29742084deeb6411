//! 填报 (#16): a lead unit's targets and subsidy figures in one table
//! (`view::grid` decides the rows, the moves, what a pasted block records).
//! A cell commits on `change`, as the item editor's fields do; Tab,
//! Shift+Tab, Enter and the arrows move between cells; a block pasted from
//! Excel or WPS is recorded as one change set (one 撤销 takes it back), or
//! refused whole with the cell that is wrong named.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use super::download::download_bytes;
use super::state::app_state;
use crate::progress::facts::ItemFacts;
use crate::progress::keys::notice_hash;
use crate::view::entry::{doubt_lines, hint};
use crate::view::filename::sanitize;
use crate::view::fill_form::{self, FormInfo};
use crate::view::format::date_cn;
use crate::view::grid::{self, Cell, Column, Move, Row};
use crate::view::overview::units;

/// What the grid says above the table: a refusal, or what a paste did.
#[derive(Clone, PartialEq)]
enum Note {
    Refused(String),
    Done(String),
}

#[component]
pub fn GridPanel() -> impl IntoView {
    let app = app_state();
    let notice = app.notice;
    let unit = Memo::new(move |_| app.route.with(|r| r.unit.clone()));
    let note = RwSignal::new(None::<Note>);
    let options = units(notice).into_iter().map(|u| {
        let (value, label) = (u.clone(), u.clone());
        view! { <option value=u prop:selected=move || unit.with(|x| x.as_ref() == Some(&value))>{label}</option> }
    });
    let pick = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        note.set(None);
        app.route.update(|r| r.unit = (!value.is_empty()).then_some(value));
    };
    view! {
        <section id="grid-panel" class="grid-panel" aria-label="填报">
            <div class="filters grid-bar">
                <label>
                    <span>"牵头单位"</span>
                    <select id="grid-unit" on:change=pick>
                        <option value="" prop:selected=move || unit.with(Option::is_none)>"全部单位"</option>
                        {options.collect_view()}
                    </select>
                </label>
                <button id="grid-export" type="button" class="button" title="导出本表为 Excel 填报表：单位在 Excel / WPS 中填写后交回，用“导入数据”读入"
                    on:click=move |_| export_form(unit.get_untracked())>
                    "⇩ 导出填报表（Excel）"
                </button>
                <p id="grid-fact-day" class="grid-fact-day">
                    {move || format!("填写的内容记为 {} 的情况", date_cn(&app.fact_day().to_string()))}
                </p>
            </div>
            <p class="grid-help">
                "Tab / Shift+Tab 到下一格、上一格，Enter 或 ↑ ↓ 上下移动，光标在开头或末尾时 ← → 左右移动。"
                "可从 Excel / WPS 复制一块数据，点中起始格后粘贴（Ctrl+V）：向右、向下依次填入，全部核对无误才记入，一次“撤销”可全部撤回；空白格不改动原值。"
                "也可“导出填报表（Excel）”发给单位，填好交回后用“导入数据”读入。"
            </p>
            <p id="grid-message" class="grid-message" role="alert" data-kind=move || match note.get() {
                Some(Note::Refused(_)) => "refused",
                Some(Note::Done(_)) => "done",
                None => "",
            }>
                {move || match note.get() {
                    Some(Note::Refused(m) | Note::Done(m)) => Some(m),
                    None => app.edit_error.get(),
                }}
            </p>
            {move || {
                let unit = unit.get();
                let rows = grid::rows(notice, unit.as_deref());
                let without = grid::items_without_rows(notice, unit.as_deref()).iter().map(|i| i.no.to_string()).collect::<Vec<_>>();
                view! {
                    {if rows.is_empty() {
                        view! { <p class="empty">"没有可填报的量化目标或补助。"</p> }.into_any()
                    } else {
                        view! { <GridTable rows note/> }.into_any()
                    }}
                    {(!without.is_empty()).then(|| view! {
                        <p class="grid-without">{format!("第{}项没有量化目标或补助，请在事项详情中填写进度。", without.join("、"))}</p>
                    })}
                }
            }}
        </section>
    }
}

/// Download the 填报表 of `unit` (None: every unit's) for the fact day (`view::fill_form`).
fn export_form(unit: Option<String>) {
    let app = app_state();
    let now = match super::clock::now() {
        Ok(now) => now,
        Err(year) => return app.edit_error.set(Some(format!("电脑日期不正确（{year}年），请校正后再导出。"))),
    };
    // The last change of each figure's field goes into the form: the whole history is needed.
    app.ensure_history();
    let info = FormInfo {
        notice_title: app.notice.title.clone().unwrap_or_else(|| "民生实事".into()),
        notice_hash: notice_hash(app.notice_text),
        unit,
        day: app.fact_day_untracked(),
        exported_at: now,
    };
    let bytes = app.tracker.with_untracked(|t| app.states.with_untracked(|s| fill_form::write(app.notice, &t.progress, s, &info)));
    let name = sanitize(&format!("{}_填报表_{}_{}.xlsx", info.notice_title, info.unit_shown(), info.day));
    if let Err(m) = download_bytes(&name, &bytes, fill_form::MIME) {
        app.edit_error.set(Some(m));
    }
}

/// The cell an input of the grid is (its `data-row` and `data-col`).
fn cell_of(input: &HtmlInputElement) -> Option<Cell> {
    let row = input.get_attribute("data-row")?.parse().ok()?;
    let column = Column::at(input.get_attribute("data-col")?.parse().ok()?)?;
    Some((row, column))
}

fn focus_cell((row, column): Cell) {
    let selector = format!("#grid input[data-row=\"{row}\"][data-col=\"{}\"]", column.index());
    if let Some(input) = document().query_selector(&selector).ok().flatten().and_then(|el| el.dyn_into::<HtmlInputElement>().ok()) {
        let _ = input.focus();
        input.select();
    }
}

/// Where a key moves the focus from `input`: ← and → only with the caret at
/// the field's start or end (or the whole value selected, as on arriving).
fn movement(ev: &leptos::ev::KeyboardEvent, input: &HtmlInputElement) -> Option<Move> {
    if ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
        return None;
    }
    let length = input.value().encode_utf16().count() as u32;
    let (start, end) = (input.selection_start().ok().flatten().unwrap_or(0), input.selection_end().ok().flatten().unwrap_or(0));
    let all = start == 0 && end == length;
    Some(match (ev.key().as_str(), ev.shift_key()) {
        ("Tab", false) => Move::Next,
        ("Tab", true) => Move::Previous,
        ("Enter" | "ArrowDown", _) => Move::Down,
        ("ArrowUp", _) => Move::Up,
        ("ArrowLeft", false) if end == 0 || all => Move::Left,
        ("ArrowRight", false) if start == length || all => Move::Right,
        _ => return None,
    })
}

#[component]
fn GridTable(rows: Vec<Row<'static>>, note: RwSignal<Option<Note>>) -> impl IntoView {
    let app = app_state();
    let rows = StoredValue::new(rows);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
        let (Some(at), Some(movement)) = (cell_of(&input), movement(&ev, &input)) else { return };
        // At the edge Tab leaves the grid as it would; the other keys stay.
        if let Some(to) = rows.with_value(|r| grid::step(r, at, movement)) {
            ev.prevent_default();
            focus_cell(to);
        }
    };
    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
        let Some(at) = cell_of(&input) else { return };
        let Some(text) = ev.clipboard_data().and_then(|d| d.get_data("text/plain").ok()) else { return };
        // One value is pasted into the field by the browser, and committed on change.
        if !grid::is_block(&text) {
            return;
        }
        ev.prevent_default();
        let day = app.fact_day();
        note.set(Some(match rows.with_value(|r| grid::paste(r, at, &text, day)) {
            Err(message) => Note::Refused(message),
            Ok(pasted) if pasted.edits.is_empty() => Note::Done("粘贴的内容都是空白，未作修改。".into()),
            Ok(pasted) => match app.edit_batch(pasted.edits) {
                Ok(changed) => Note::Done(format!("已粘贴 {} 格，其中 {changed} 格有改动；点“撤销”可一次撤回。", pasted.cells.len())),
                Err(message) => Note::Refused(format!("未粘贴：{message}")),
            },
        }));
    };
    let body = rows.with_value(|all| {
        all.iter()
            .enumerate()
            .map(|(index, row)| {
                let row = *row;
                // The item's first row is headed by the item itself.
                let first = index == 0 || all[index - 1].item.key != row.item.key;
                let item = row.item;
                let key = item.key;
                let facts = Memo::new(move |_| app.states.with(|s| s.iter().find(|s| s.key == key).map(|s| s.facts.clone()).unwrap_or_default()));
                let cells = Column::ALL.map(|column| {
                    if row.has(column) {
                        view! { <GridCell row index column facts note/> }.into_any()
                    } else {
                        view! { <td class="grid-void"></td> }.into_any()
                    }
                });
                view! {
                    {first.then(|| view! {
                        <tr class="grid-item" data-no=item.no.to_string()>
                            <td colspan="5"><span class="grid-item-no">{format!("第{}项", item.no)}</span> " " {item.text.clone()}</td>
                        </tr>
                    })}
                    <tr class="grid-row" data-row=index.to_string() data-key=row.key() data-no=item.no.to_string()
                        data-kind=match row.line { grid::Line::Target(_) => "target", grid::Line::Subsidy(_) => "subsidy" }>
                        <th scope="row" class="grid-what">{row.label()} <div class="goal">{row.goal()}</div></th>
                        {cells.into_iter().collect_view()}
                    </tr>
                }
            })
            .collect_view()
    });
    view! {
        <div class="grid-scroll">
            <table id="grid" class="grid-table" on:keydown=on_key on:paste=on_paste>
                <thead>
                    <tr>
                        <th scope="col">"指标"</th>
                        {Column::ALL.map(|c| view! { <th scope="col">{c.label()}</th> }).into_iter().collect_view()}
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// One cell: its value for the fact day, what a typed text reads as, and
/// the warnings about it (never blocking).
#[component]
fn GridCell(row: Row<'static>, index: usize, column: Column, facts: Memo<ItemFacts>, note: RwSignal<Option<Note>>) -> impl IntoView {
    let app = app_state();
    let unit = row.unit(column);
    // What is being typed (None once committed: the hint is then about the value recorded).
    let typed = RwSignal::new(None::<String>);
    let day = move || app.fact_day();
    let shown = move || facts.with(|f| app.tracker.with(|t| row.shown(column, &t.progress, f, day())));
    let placeholder = move || facts.with(|f| app.tracker.with(|t| row.placeholder(column, &t.progress, f, day())));
    let warnings = move |value: f64| facts.with(|f| app.tracker.with(|t| row.warnings(column, value, &t.progress, f, day())));
    let hint = move || -> Vec<(&'static str, String)> {
        match typed.get() {
            None => facts
                .with(|f| app.tracker.with(|t| row.value(column, &t.progress, f, day())))
                .map(|value| doubt_lines(warnings(value)).collect())
                .unwrap_or_default(),
            Some(text) => hint(&text, unit, warnings),
        }
    };
    let commit = move |ev: leptos::ev::Event| match row.edit(column, &event_target_value(&ev), app.fact_day()) {
        Some(Ok(edit)) => {
            typed.set(None);
            note.set(None);
            app.edit(edit);
        }
        Some(Err(message)) => note.set(Some(Note::Refused(message))),
        None => {}
    };
    let label = format!("第{}项 {} {}（{}）", row.item.no, row.label(), column.label(), unit);
    let class = match column {
        Column::Achieved => "grid-input grid-achieved",
        Column::Served => "grid-input grid-served",
        Column::Disbursed => "grid-input grid-disbursed",
        Column::Planned => "grid-input grid-planned",
    };
    view! {
        <td class="grid-cell" data-label=column.label()>
            <input class=class inputmode="decimal" autocomplete="off" aria-label=label
                data-row=index.to_string() data-col=column.index().to_string()
                prop:value=shown placeholder=placeholder
                on:input=move |ev| typed.set(Some(event_target_value(&ev)))
                on:change=commit/>
            {(column == Column::Achieved).then(|| view! { <span class="unit">{unit}</span> })}
            <div class="figure-hint" role="status">{move || hint().into_iter().map(|(class, l)| view! { <div class=class>{l}</div> }).collect_view()}</div>
        </td>
    }
}
