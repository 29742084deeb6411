//! The 通报 panel: the table the 督查考核办 publishes, for the items the
//! filters show, at the as-of day; printed (A4 landscape, see the print
//! rules in app.css), or downloaded as XLSX or CSV. Rows, title and files
//! are built natively in `view::report` and `view::xlsx`.

use leptos::prelude::*;

use super::download::{download, download_bytes};
use super::state::app_state;
use crate::view::report::{self, ReportRow};

#[component]
pub fn ReportPanel(shown: Memo<Vec<u32>>) -> impl IntoView {
    let app = app_state();
    let notice = app.notice;
    let rows = Memo::new(move |_| {
        let items: Vec<&crate::notice::Item> = shown.with(|keys| notice.items.iter().filter(|i| keys.contains(&i.key)).collect());
        app.tracker.with(|t| app.states.with(|states| report::rows_from_states(&items, &t.progress, states)))
    });
    let heading = Memo::new(move |_| report::heading(notice, app.as_of.get()));
    let scope = move || {
        let n = rows.with(Vec::len);
        if n == notice.items.len() {
            format!("全部 {n} 项")
        } else {
            format!("筛选出的 {n} 项（共 {} 项）", notice.items.len())
        }
    };
    // A filtered table is another file: say which ("…_2023-10-31_区残联.xlsx").
    let file_name = move |ext: &str| {
        let scope = app.route.with(|r| r.unit.clone()).map(|u| format!("_{u}")).unwrap_or_default();
        let partial = rows.with(Vec::len) != notice.items.len() && scope.is_empty();
        format!("{}{scope}{}.{ext}", heading.with(|h| h.file_stem()), if partial { "_筛选" } else { "" })
    };
    let fail = move |message: String| app.edit_error.set(Some(message));
    let save_csv = move |_| {
        let text = rows.with(|r| report::csv(r));
        if let Err(m) = download(&file_name("csv"), &text, "text/csv;charset=utf-8") {
            fail(m);
        }
    };
    let save_xlsx = move |_| {
        let bytes = heading.with(|h| rows.with(|r| crate::view::xlsx::report_xlsx(&h.title_line(), r)));
        if let Err(m) = download_bytes(&file_name("xlsx"), &bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") {
            fail(m);
        }
    };
    let print = move |_| {
        if window().print().is_err() {
            fail("浏览器未能打开打印对话框。".to_string());
        }
    };
    view! {
        <section id="report-panel" class="report-panel" aria-label="通报">
            <style>{PAGE_RULES}</style>
            <div class="report-actions no-print">
                <span class="report-scope">{scope}</span>
                <span class="hint">"打印为 A4 横向；用 Firefox 打印时，页码在打印设置的“页眉和页脚”中。"</span>
                <span class="toolbar-gap"></span>
                <button id="report-print" type="button" on:click=print>"打印"</button>
                <button id="report-xlsx" type="button" on:click=save_xlsx>"⇩ 导出 Excel（XLSX）"</button>
                <button id="report-csv" type="button" on:click=save_csv>"⇩ 导出 CSV"</button>
            </div>
            <table id="report-table" class="report-table">
                <caption>
                    <span class="report-title">{move || heading.with(|h| h.title.clone())}</span>
                    <span class="report-as-of">{move || heading.with(|h| h.as_of.clone())}</span>
                </caption>
                <thead>
                    // Printed only: a table's head repeats on every printed page, in both browsers.
                    <tr class="report-heading-row"><th colspan="6">{move || heading.with(|h| h.title_line())}</th></tr>
                    <tr>{report::HEADERS.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|r| (r.key, r.achieved.clone(), r.remark.clone(), r.light) let:row>
                        <ReportLine row/>
                    </For>
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn ReportLine(row: ReportRow) -> impl IntoView {
    view! {
        <tr class="report-row" data-item=row.no.to_string() data-light=row.light.key()>
            // data-label: on a phone each row is a card and each cell names its column.
            <td class="no" data-label=report::HEADERS[0]>{row.no}</td>
            <td class="goal" data-label=report::HEADERS[1]>{row.goal}</td>
            <td class="units" data-label=report::HEADERS[2]>{row.units}</td>
            <td class="achieved" data-label=report::HEADERS[3]>{row.achieved}</td>
            <td class="standing" data-label=report::HEADERS[4]>
                <span class="light-dot" data-light=row.light.key()></span>
                {report::standing_text(row.standing, row.light)}
            </td>
            <td class="remark" data-label=report::HEADERS[5]>{row.remark}</td>
        </tr>
    }
}

/// The printed page: A4 landscape, and page numbers in the bottom margin
/// (an @page margin box: Chromium prints it; Firefox ESR has no margin boxes
/// yet and prints its own page numbers in its footer). Only while this
/// panel is shown, so other panels print as before.
const PAGE_RULES: &str = "@page { size: A4 landscape; margin: 12mm 10mm 14mm 10mm; \
    @bottom-center { content: \"第 \" counter(page) \" 页，共 \" counter(pages) \" 页\"; font-size: 9pt; color: #555; } }";
