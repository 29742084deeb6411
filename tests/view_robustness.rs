//! Hostile values in the views (#11): no number can hang the charts or show
//! as "inf"/"NaN", no 通报 cell opens as a formula, and the files read back
//! with readers that are not ours (the `csv` crate, calamine).

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use minsheng::notice::{parse, Item, Notice};
use minsheng::progress::{Day, Edit, Field, ItemProgress, Observation, Progress, SubsidyProgress, Timestamp, Tracker, Value};
use minsheng::view::palette::LIGHT_THEME;
use minsheng::view::plot::{charts, Kind};
use minsheng::view::report::{csv, csv_field, heading, lines, rows, summary, Line, HEADERS};
use minsheng::view::xlsx::report_xlsx;
use proptest::prelude::*;

fn notice() -> &'static Notice {
    static N: std::sync::OnceLock<Notice> = std::sync::OnceLock::new();
    N.get_or_init(|| parse(minsheng::BUNDLED_NOTICE))
}

fn ts(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

fn day(s: &str) -> Day {
    Day::parse(s).unwrap()
}

/// The texts a spreadsheet runs as formulas, and two that it must not change.
const REMARKS: [&str; 8] = ["=1+1", "+1", "-3户未完成", "@SUM(A1:A2)", "\t=1+1", "\r=cmd", "=HYPERLINK(\"http://x\",\"点此\")", "按计划推进"];

fn tracker_with_remarks() -> (Tracker, Vec<u32>) {
    let n = notice();
    let mut t = Tracker::default();
    let items: Vec<u32> = n.items.iter().take(REMARKS.len()).map(|i| i.no).collect();
    for (no, remark) in items.iter().zip(REMARKS) {
        t.edit(n, Edit { item: *no, field: Field::Note, value: Value::Text(remark.to_string()) }, ts("2023-07-01T09:00:00")).unwrap();
    }
    (t, items)
}

#[test]
fn a_csv_cell_never_starts_a_formula_and_reads_back_as_typed() {
    let (t, items) = tracker_with_remarks();
    let n = notice();
    let chosen: Vec<&Item> = n.items.iter().filter(|i| items.contains(&i.no)).collect();
    let at = day("2023-07-01");
    let rows = rows(n, &chosen, &t.progress, at);
    let heading = heading(n, at);
    let text = csv(n, &heading, &rows);
    // The title, the summary, the headers, then category headings (one field) and items.
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let all: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!((&all[0][0], &all[1][0]), (heading.title_line().as_str(), summary(&heading, &rows).as_str()));
    assert_eq!(all[2].iter().collect::<Vec<_>>(), HEADERS);
    let read: Vec<&csv::StringRecord> = all[3..].iter().filter(|r| r.len() == HEADERS.len()).collect();
    assert!(all[3..].iter().all(|r| r.len() == 1 || r.len() == HEADERS.len()));
    assert_eq!(read.len(), REMARKS.len());
    for (record, remark) in read.iter().zip(REMARKS) {
        let cell = &record[10];
        let risky = remark.starts_with(['=', '+', '-', '@', '\t', '\r']);
        if risky {
            assert_eq!(cell, format!("'{remark}"), "neutralised with a leading apostrophe");
        } else {
            assert_eq!(cell, remark);
        }
        for field in record.iter() {
            assert!(!field.starts_with(['=', '+', '-', '@', '\t', '\r']), "a field a spreadsheet would run: {field:?}");
        }
    }
    // Ordinary fields are untouched: the goal and the unit as the notice has them.
    assert_eq!(&read[0][1], chosen[0].text.as_str());
    assert_eq!(csv_field("区民政局"), "区民政局");
    assert_eq!(csv_field("-3户, 未完成"), "\"'-3户, 未完成\"");
}

#[test]
fn the_workbook_keeps_formula_texts_as_text() {
    let (t, items) = tracker_with_remarks();
    let n = notice();
    let chosen: Vec<&Item> = n.items.iter().filter(|i| items.contains(&i.no)).collect();
    let rows = rows(n, &chosen, &t.progress, day("2023-07-01"));
    let lines = lines(n, &rows);
    let bytes = report_xlsx("通报", "", &lines);
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let formulas = book.worksheet_formula(&sheet).unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no cell holds a formula");
    let range = book.worksheet_range(&sheet).unwrap();
    let item_rows = lines.iter().enumerate().filter(|(_, l)| matches!(l, Line::Item(_))).map(|(i, _)| i + 3);
    for (row, remark) in item_rows.zip(REMARKS) {
        // XML 1.0 turns a lone \r into a line break on reading: the workbook keeps the text otherwise exactly.
        let expected = remark.replace('\r', "\n");
        assert_eq!(range.get((row, 10)), Some(&Data::String(expected)), "row {row}");
    }
}

#[test]
fn a_huge_figure_is_refused_when_typed_with_its_bound_in_the_message() {
    let n = notice();
    let mut t = Tracker::default();
    let item = n.items.iter().find(|i| !i.subsidies.is_empty()).unwrap();
    for value in [1e307, f64::INFINITY, 1e14] {
        let err = t.edit(n, Edit { item: item.no, field: Field::SubsidyServed { subsidy: 0 }, value: Value::Number(value) }, ts("2023-07-01T09:00:00"));
        let message = err.unwrap_err().to_string();
        assert!(message.contains("上限") || message.contains("有限"), "{value}: {message}");
    }
    assert!(t.progress.items.is_empty(), "nothing was stored");
}

/// A state no check let in (a damaged store, an older release's file):
/// every item's every figure set to `value`.
fn state_holding(value: f64) -> Progress {
    let n = notice();
    let mut p = Progress::default();
    for item in &n.items {
        let mut entry = ItemProgress::default();
        for (i, _) in item.targets.iter().enumerate() {
            entry.targets.insert(i, vec![Observation { as_of: day("2023-03-01"), value }]);
        }
        let subsidies: BTreeMap<usize, SubsidyProgress> =
            (0..item.subsidies.len()).map(|i| (i, SubsidyProgress { served: Some(value), disbursed: None, planned: Some(value) })).collect();
        entry.subsidies = subsidies;
        p.items.insert(item.no, entry);
    }
    p
}

/// Every chart, laid out, drawn to SVG; every table cell and 通报 text.
fn render_everything(p: &Progress) -> String {
    let n = notice();
    let mut out = String::new();
    for chart in charts(n, p, day("2023-07-15")) {
        let height = chart.natural_height(800.0);
        assert!(height.is_finite() && height > 0.0 && height < 10_000.0, "{:?}: {height}", chart.kind);
        out.push_str(&chart.svg(800, height as u32, &LIGHT_THEME));
        for row in &chart.table.rows {
            out.push_str(&row.join("|"));
        }
    }
    let all: Vec<&Item> = n.items.iter().collect();
    for r in rows(n, &all, p, day("2023-07-15")) {
        out.push_str(&r.achieved);
    }
    out
}

#[test]
fn the_values_that_hung_the_charts_render_as_an_anomaly() {
    for value in [1e307, f64::MAX, f64::INFINITY, f64::NAN, 1e300] {
        let text = render_everything(&state_holding(value));
        assert!(!text.contains("inf") && !text.contains("NaN"), "{value}: a figure shown as inf/NaN");
        assert!(text.contains("数值异常"), "{value}: the anomaly is named");
    }
    // Bounded figures are still figures.
    let text = render_everything(&state_holding(1e13));
    assert!(!text.contains("inf") && !text.contains("NaN"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// Any f64 in every figure: the charts lay out and draw, in bounded time (a
    /// hang fails the run), and show no "inf" or "NaN".
    #[test]
    fn any_figure_renders(bits in any::<u64>()) {
        let value = f64::from_bits(bits);
        let text = render_everything(&state_holding(value));
        prop_assert!(!text.contains("inf") && !text.contains("NaN"), "{value}");
    }
}

#[test]
fn the_subsidy_chart_scale_ignores_an_anomaly() {
    let p = state_holding(f64::INFINITY);
    let chart = minsheng::view::plot::chart(Kind::Subsidies, notice(), &p, day("2023-07-15"));
    // Categories with subsidies show the anomaly; those without have nothing to show.
    assert!(chart.table.rows.iter().all(|r| r[1] == "数值异常" || r[1] == "0"), "{:?}", chart.table.rows);
    assert!(chart.table.rows.iter().filter(|r| r[1] == "数值异常").count() >= 5, "{:?}", chart.table.rows);
    let svg = chart.svg(800, 600, &LIGHT_THEME);
    assert!(svg.contains(">\n0\n</text>"), "the axis still starts at 0");
}
