//! The 通报 panel: the 通报 the 督查考核办 publishes, for the items the
//! filters show, at the as-of day — its opening summary, then each
//! category's heading and items in the template's columns; printed (A4
//! landscape, see the print rules in app.css), or downloaded as DOCX (公文
//! style), XLSX or CSV.
//! Rows, lines, summary, title and files are built natively in
//! `view::report`, `view::docx` and `view::xlsx`.

use leptos::prelude::*;

use super::download::{download, download_bytes};
use super::state::app_state;
use crate::view::report::{self, Line, ReportRow, HEADERS};

#[component]
pub fn ReportPanel(shown: Memo<Vec<u32>>) -> impl IntoView {
    let app = app_state();
    let notice = app.notice;
    // The states at the previous quarter's end, for 环比 (the as-of day's are the app's).
    let previous = Memo::new(move |_| {
        let day = report::previous_quarter_end(app.as_of.get());
        app.tracker.with(|t| day.map(|d| crate::view::progress::item_states(notice, &t.progress, d)).unwrap_or_default())
    });
    let rows = Memo::new(move |_| {
        let items: Vec<&crate::notice::Item> = shown.with(|keys| notice.items.iter().filter(|i| keys.contains(&i.key)).collect());
        let at = app.as_of.get();
        app.tracker.with(|t| app.states.with(|states| previous.with(|before| report::rows_from_states(&items, &t.progress, states, before, at))))
    });
    let heading = Memo::new(move |_| report::heading(notice, app.as_of.get()));
    let summary = Memo::new(move |_| heading.with(|h| rows.with(|r| report::summary(h, r))));
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
        let text = heading.with(|h| rows.with(|r| report::csv(notice, h, r)));
        if let Err(m) = download(&file_name("csv"), &text, "text/csv;charset=utf-8") {
            fail(m);
        }
    };
    let save_xlsx = move |_| {
        let bytes = heading.with(|h| rows.with(|r| crate::view::xlsx::report_xlsx(&h.title_line(), &summary.get(), &report::lines(notice, r))));
        if let Err(m) = download_bytes(&file_name("xlsx"), &bytes, crate::view::xlsx::MIME) {
            fail(m);
        }
    };
    let save_docx = move |_| {
        let bytes = heading.with(|h| rows.with(|r| report::docx(notice, h, r)));
        if let Err(m) = download_bytes(&file_name("docx"), &bytes, crate::view::docx::MIME) {
            fail(m);
        }
    };
    let print = move |_| {
        if window().print().is_err() {
            fail("浏览器未能打开打印对话框。".to_string());
        }
    };
    // Each line keyed by what it shows, so an edit redraws its row only.
    let lines = move || {
        rows.with(|r| {
            report::lines(notice, r)
                .into_iter()
                .map(|l| match l {
                    Line::Category(name) => ReportLine::Category(name),
                    Line::Item(row) => ReportLine::Item(Box::new(row.clone())),
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section id="report-panel" class="report-panel" aria-label="通报">
            <style>{PAGE_RULES}</style>
            <div class="report-actions no-print">
                <span class="report-scope">{scope}</span>
                <span class="hint">"打印为 A4 横向；用 Firefox 打印时，页码在打印设置的“页眉和页脚”中。"</span>
                <span class="toolbar-gap"></span>
                <button id="report-print" type="button" on:click=print>"打印"</button>
                <button id="report-docx" type="button" on:click=save_docx>"⇩ 导出 Word（DOCX）"</button>
                <button id="report-xlsx" type="button" on:click=save_xlsx>"⇩ 导出 Excel（XLSX）"</button>
                <button id="report-csv" type="button" on:click=save_csv>"⇩ 导出 CSV"</button>
            </div>
            <SubmissionsBox/>
            <table id="report-table" class="report-table">
                <caption>
                    <span class="report-title">{move || heading.with(|h| h.title.clone())}</span>
                    <span class="report-as-of">{move || heading.with(|h| h.as_of.clone())}</span>
                    // On screen the summary opens the table; printed, it is the first row (below).
                    <span class="report-summary-caption">{move || summary.get()}</span>
                </caption>
                <thead>
                    // Printed only: a table's head repeats on every printed page, in both browsers.
                    <tr class="report-heading-row"><th colspan=HEADERS.len().to_string()>{move || heading.with(|h| h.title_line())}</th></tr>
                    <tr>{HEADERS.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    // Printed only: the opening summary, once, under the repeated title and headers
                    // (the caption, which shows it on screen, is not printed).
                    <tr class="report-summary-row"><td id="report-summary" colspan=HEADERS.len().to_string()>{move || summary.get()}</td></tr>
                    <For each=lines key=|l| l.clone() let:line>
                        {match line {
                            ReportLine::Category(name) => view! {
                                <tr class="report-category"><th colspan=HEADERS.len().to_string() scope="colgroup">{name}</th></tr>
                            }.into_any(),
                            ReportLine::Item(row) => view! { <ItemLine row=*row/> }.into_any(),
                        }}
                    </For>
                </tbody>
            </table>
        </section>
    }
}

/// 报送: which lead units have reported for the 通报's period, the 催报 text
/// to send the others, and 报送率 per category. Not printed: it is the
/// office's own worklist, not part of the 通报.
#[component]
fn SubmissionsBox() -> impl IntoView {
    use crate::view::submissions::{reminder, submissions};
    let app = app_state();
    let notice = app.notice;
    let state = Memo::new(move |_| app.tracker.with(|t| submissions(notice, &t.progress, app.as_of.get())));
    let copied = RwSignal::new(None::<&'static str>);
    let text = move || state.with(reminder);
    let period = move || state.with(|s| format!("{}—{}", crate::view::format::date_cn(&s.from.to_string()), crate::view::format::date_cn(&s.to.to_string())));
    view! {
        <details id="submissions" class="submissions no-print">
            <summary>"报送情况（" {period} "）：已报送 " <span id="reported-count">{move || state.with(|s| s.reported.len())}</span>
                " 个牵头单位，未报送 " <span id="unreported-count">{move || state.with(|s| s.unreported.len())}</span> " 个"</summary>
            <p class="hint">"本期内有任何一项事项记录了情况（进度、数值、备注、完成情况等）即视为已报送。"</p>
            <p>"未报送单位：" <span id="unreported-units">{move || state.with(|s| if s.unreported.is_empty() { "无".to_string() } else { s.unreported.join("、") })}</span></p>
            <textarea id="reminder-text" rows="2" readonly aria-label="催报通知" prop:value=text></textarea>
            <button id="reminder-copy" type="button" on:click=move |_| crate::app::download::copy(text(), "reminder-text", copied)>"复制催报通知"</button>
            {move || copied.get().map(|m| view! { <span id="reminder-copied" role="status">{m}</span> })}
            <table id="submission-rates" class="submission-rates">
                <thead><tr><th scope="col">"类别"</th><th scope="col">"事项"</th><th scope="col">"已报送"</th><th scope="col">"报送率"</th></tr></thead>
                <tbody>
                    {move || state.with(|s| s.categories.iter().map(|c| view! {
                        <tr data-category=c.name.clone()>
                            <td data-label="类别">{c.name.clone()}</td>
                            <td data-label="事项">{c.items}</td>
                            <td data-label="已报送">{c.reported}</td>
                            <td data-label="报送率">{crate::view::progress::percent(c.rate())}</td>
                        </tr>
                    }).collect_view())}
                </tbody>
            </table>
        </details>
    }
}

/// A line of the table as the page keeps it.
#[derive(Clone, PartialEq, Eq, Hash)]
enum ReportLine {
    Category(String),
    Item(Box<ReportRow>),
}

#[component]
fn ItemLine(row: ReportRow) -> impl IntoView {
    // The cells' classes, in HEADERS' order (the print and phone rules use them).
    const CLASSES: [&str; 11] = ["no", "goal", "leader", "units", "responsible", "partners", "quarter-goal", "achieved", "standing", "trend", "remark"];
    let cells = row.cells();
    view! {
        <tr class="report-row" data-item=row.no.to_string() data-light=row.light.key() data-judged=row.judged.to_string()>
            // data-label: on a phone each row is a card and each cell names its column.
            {cells.into_iter().enumerate().map(|(i, text)| {
                let dot = (i == 8 && !text.is_empty()).then(|| view! { <span class="light-dot" data-light=row.light.key()></span> });
                view! { <td class=CLASSES[i] data-label=HEADERS[i]>{dot}{text}</td> }
            }).collect_view()}
        </tr>
    }
}

/// The printed page: A4 landscape, and page numbers in the bottom margin
/// (an @page margin box: Chromium prints it; Firefox ESR has no margin boxes
/// yet and prints its own page numbers in its footer). Only while this
/// panel is shown, so other panels print as before.
const PAGE_RULES: &str = "@page { size: A4 landscape; margin: 12mm 10mm 14mm 10mm; \
    @bottom-center { content: \"第 \" counter(page) \" 页，共 \" counter(pages) \" 页\"; font-size: 9pt; color: #555; } }";
