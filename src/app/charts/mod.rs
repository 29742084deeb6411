//! 图表: the five briefing charts on canvases (redrawn after every edit and
//! change of the as-of day), each with its data as a table and PNG/SVG
//! downloads; and the briefing mode (汇报模式). The charts themselves — data,
//! layout, drawing — are `crate::view::plot` (native, tested).

mod briefing;
mod leader;
mod paint;

use leptos::prelude::*;

use super::state::app_state;
use crate::view::palette::{Theme, LIGHT_THEME};
use crate::view::plot::{self, Chart, Kind};

pub use briefing::{Briefing, SlidesForPrint};

#[component]
pub fn ChartsPanel(briefing: RwSignal<Option<usize>>, printing: RwSignal<bool>) -> impl IntoView {
    let app = app_state();
    // The charts' data for the tables (the canvases are painted from the same list).
    let charts: RwSignal<Vec<Chart>> = RwSignal::new(Vec::new());
    let resized = RwSignal::new(0u32);
    let redraws = StoredValue::new(0u32);
    let handle = window_event_listener(leptos::ev::resize, move |_| resized.update(|n| *n += 1));
    on_cleanup(move || handle.remove());

    // Redraw every chart when the tracker or the as-of day changes (or the window's width).
    Effect::new(move |_| {
        let started = paint::now();
        let at = app.as_of.get();
        resized.track();
        let list = app.tracker.with(|t| plot::charts(app.notice, &t.progress, at));
        for chart in &list {
            if let Some(canvas) = paint::canvas_of(chart.kind) {
                paint::paint_fit(&canvas, chart);
            }
        }
        let ms = paint::now() - started;
        if let Some(root) = document().get_element_by_id("charts") {
            let _ = root.set_attribute("data-redraw-ms", &format!("{ms:.2}"));
            let _ = root.set_attribute("data-as-of", &at.to_string());
            redraws.update_value(|n| *n += 1);
            let _ = root.set_attribute("data-redraws", &redraws.get_value().to_string());
        }
        charts.set(list);
    });

    let figures = Kind::ALL.map(|kind| {
        let chart = move || charts.with(|all| all.iter().find(|c| c.kind == kind).cloned());
        let export = move |svg: bool| {
            if let Some(c) = chart() {
                let at = app.as_of.get_untracked();
                if let Err(message) = if svg { paint::export_svg(&c, at) } else { paint::export_png(&c, at) } {
                    app.edit_error.set(Some(message));
                }
            }
        };
        view! {
            <figure class="chart" data-chart=kind.key()>
                <div class="chart-canvas"><canvas role="img" aria-label=kind.title()></canvas></div>
                <figcaption>
                    <span class="chart-title">{kind.title()}</span>
                    <span class="chart-footer">{move || chart().map(|c| c.footer)}</span>
                    <span class="chart-actions">
                        <button type="button" class="chart-png" title="下载 PNG 图片（2 倍清晰度）" on:click=move |_| export(false)>"⇩ PNG"</button>
                        <button type="button" class="chart-svg" title="下载 SVG 矢量图" on:click=move |_| export(true)>"⇩ SVG"</button>
                    </span>
                </figcaption>
                <details class="chart-table">
                    <summary>"查看数据表"</summary>
                    {move || chart().map(|c| data_table(&c))}
                    // Also drawn under the legend; here for screen readers (the canvas is one image).
                    {move || chart().filter(|c| !c.notes.is_empty()).map(|c| view! {
                        <ul class="chart-notes">{c.notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                    })}
                </details>
            </figure>
        }
    });

    view! {
        <section id="charts" class="charts" aria-label="图表">
            <p class="charts-intro">
                "图表按截至日期计算；灯色同时以文字标注；完成度只计已报送的目标，报送率另列。"
                <button id="briefing-open" type="button" on:click=move |_| briefing::open(briefing)>"▶ 汇报模式"</button>
                <button id="slides-print-open" type="button" title="每页一张幻灯片，可在打印对话框中选“另存为 PDF”"
                    on:click=move |_| briefing::print_all(printing)>"打印全部幻灯片（PDF）"</button>
                <span class="hint">"（←/→ 翻页，F 全屏，B 黑屏，Esc 退出）"</span>
            </p>
            {figures.into_iter().collect_view()}
        </section>
    }
}

pub fn data_table(chart: &Chart) -> impl IntoView {
    let head = chart.table.head.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view();
    let rows = chart
        .table
        .rows
        .iter()
        .map(|r| {
            let mut cells = r.iter();
            let first = cells.next().cloned().unwrap_or_default();
            // data-label: on a phone each row is a card and each cell names its column.
            let cells = cells.zip(chart.table.head.iter().skip(1)).map(|(c, h)| view! { <td data-label=h.clone()>{c.clone()}</td> });
            view! { <tr><th scope="row">{first}</th>{cells.collect_view()}</tr> }
        })
        .collect_view();
    view! {
        <table class="chart-data">
            <caption>{chart.title.clone()} "（" {chart.footer.clone()} "）"</caption>
            <thead><tr>{head}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The light theme of the page (the briefing may be dark).
pub const PAGE_THEME: Theme = LIGHT_THEME;
