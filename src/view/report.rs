//! The 通报 table (#6 groundwork): one row per item as the 督查考核办
//! publishes it — 序号, 年度目标, 牵头单位, 完成情况, 完成状况 (with its light), 备注 —
//! and its CSV form (UTF-8 with BOM, so Excel and WPS show the Chinese).

use crate::notice::{Item, Notice};
use crate::progress::{Day, ItemState, Light, Progress, Standing};
use crate::view::format::{number, yuan};
use crate::view::progress::{item_states, percent, subsidy_figures};

#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    /// The item's key (`Item::key`), which tells rows apart (printed numbers may repeat).
    pub key: u32,
    /// 序号: the number printed before the item.
    pub no: u32,
    /// 年度目标: the item's text.
    pub goal: String,
    pub units: String,
    /// 完成情况: each target's value against its goal, subsidies disbursed.
    pub achieved: String,
    pub standing: Standing,
    pub light: Light,
    /// 备注: the recorded note (and the pause reason when paused).
    pub remark: String,
}

/// Rows for `items` (all, or the current filter) at `at`.
pub fn rows(notice: &Notice, items: &[&Item], progress: &Progress, at: Day) -> Vec<ReportRow> {
    rows_from_states(items, progress, &item_states(notice, progress, at))
}

/// The same from the items' states already computed at the as-of day (the
/// app keeps them, so the panel does not assess every item again).
pub fn rows_from_states(items: &[&Item], _progress: &Progress, states: &[ItemState]) -> Vec<ReportRow> {
    items
        .iter()
        .filter_map(|item| {
            let state = states.iter().find(|s| s.key == item.key)?;
            let facts = &state.facts;
            let mut parts: Vec<String> = item
                .targets
                .iter()
                .zip(&state.targets)
                .filter_map(|(t, s)| {
                    s.achieved.map(|v| format!("{}完成{}{}（目标{}{}，{}）", t.label, number(v), t.unit, number(t.value), t.unit, percent(s.share)))
                })
                .collect();
            parts.extend(item.subsidies.iter().filter_map(|s| {
                let f = subsidy_figures(s, facts);
                f.disbursed.map(|d| format!("{}已发放{}", s.label, yuan(d)))
            }));
            let remark = match (facts.pause_reason.is_empty(), facts.note.is_empty()) {
                (false, false) => format!("暂停：{}；{}", facts.pause_reason, facts.note),
                (false, true) => format!("暂停：{}", facts.pause_reason),
                _ => facts.note.clone(),
            };
            Some(ReportRow {
                key: item.key,
                no: item.no,
                goal: item.text.clone(),
                units: item.units.join("、"),
                achieved: if parts.is_empty() { "未填报".to_string() } else { parts.join("；") },
                standing: state.standing,
                light: state.light,
                remark,
            })
        })
        .collect()
}

/// 完成状况 as text, the standing with its light: "序时推进（绿灯）" (table, CSV, XLSX).
pub fn standing_text(standing: Standing, light: Light) -> String {
    format!("{}（{}）", standing.label(), light.label())
}

pub const HEADERS: [&str; 6] = ["序号", "年度目标", "牵头单位", "完成情况", "完成状况", "备注"];

/// One CSV field: a text a spreadsheet would take for a formula (it starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return: Excel and WPS run
/// "=HYPERLINK(…)" and even read "-3户未完成" as a formula) gets a leading `'`,
/// the OWASP neutralisation, so it opens as the text it is; then quoted
/// where needed (RFC 4180).
pub fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// CSV with a UTF-8 BOM, every field through [`csv_field`].
pub fn csv(rows: &[ReportRow]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&HEADERS.join(","));
    out.push_str("\r\n");
    for r in rows {
        let line = [r.no.to_string(), r.goal.clone(), r.units.clone(), r.achieved.clone(), standing_text(r.standing, r.light), r.remark.clone()];
        out.push_str(&line.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// The table's title and as-of line, which also head the printed pages and
/// the XLSX sheet and name the downloads.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// "相山区2023年民生实事完成情况通报".
    pub title: String,
    /// "截至2023年10月31日".
    pub as_of: String,
    day: Day,
}

impl Heading {
    /// "相山区2023年民生实事完成情况通报（截至2023年10月31日）".
    pub fn title_line(&self) -> String {
        format!("{}（{}）", self.title, self.as_of)
    }

    /// "相山区2023年民生实事完成情况通报_2023-10-31".
    pub fn file_stem(&self) -> String {
        format!("{}_{}", self.title, self.day)
    }
}

pub fn heading(notice: &Notice, at: Day) -> Heading {
    let place = crate::progress::snapshot::place(notice).unwrap_or_default();
    let year = crate::view::progress::notice_year(notice, at.year());
    Heading {
        title: format!("{place}{year}年民生实事完成情况通报"), as_of: format!("截至{}", crate::view::format::date_cn(&at.to_string())), day: at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::parse;
    use crate::progress::{Edit, Fact, Field, Status, Tracker, Value};

    #[test]
    fn rows_and_csv_for_a_known_state() {
        let n = parse(crate::BUNDLED_NOTICE);
        let mut t = Tracker::default();
        let day = Day::parse("2023-06-30").unwrap();
        let at = crate::progress::timestamp::ts("2023-07-01T09:00:00");
        // Recorded on 07-01 for 06-30.
        let on = |fact| Field::Dated { fact, on: day };
        t.edit(&n, Edit { item: 7, field: Field::TargetAchieved { target: 0, as_of: day }, value: Value::Number(400.0) }, at).unwrap();
        t.edit(&n, Edit { item: 7, field: on(Fact::SubsidyServed { subsidy: 0 }), value: Value::Number(100.0) }, at).unwrap();
        t.edit(&n, Edit { item: 7, field: on(Fact::Note), value: Value::Text("首批资金已拨付, 含\"康复\"".into()) }, at).unwrap();
        t.edit(&n, Edit { item: 8, field: on(Fact::Status), value: Value::Text(Status::Paused.key().into()) }, at).unwrap();
        t.edit(&n, Edit { item: 8, field: on(Fact::PauseReason), value: Value::Text("场地改造".into()) }, at).unwrap();
        // A fact recorded without a day (before #15) holds from the day it was recorded.
        t.edit(&n, Edit { item: 9, field: Field::Note, value: Value::Text("七月一日记".into()) }, at).unwrap();
        assert_eq!(rows(&n, &[&n.items[8]], &t.progress, day)[0].remark, "");
        let items: Vec<&Item> = n.items.iter().filter(|i| [7, 8].contains(&i.no)).collect();
        let rows = rows(&n, &items, &t.progress, day);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0].achieved,
            "为残疾人提供康复救助完成400名（目标797名，50%）；为280名有康复需求的视力、听力、言语、肢体、智力等残疾儿童和孤独症儿童提供康复…已发放150万元"
        );
        assert_eq!((rows[0].standing, rows[0].light), (Standing::OnSchedule, Light::Green));
        assert_eq!(rows[1].achieved, "未填报");
        assert_eq!(rows[1].remark, "暂停：场地改造");
        let csv = csv(&rows);
        assert!(csv.starts_with("\u{feff}序号,年度目标,牵头单位,完成情况,完成状况,备注\r\n7,"));
        assert!(csv.contains(",序时推进（绿灯）,\"首批资金已拨付, 含\"\"康复\"\"\"\r\n"), "{csv}");
        assert!(csv.contains("\r\n8,") && csv.contains("未评估（灰灯）,暂停：场地改造\r\n"));
    }

    #[test]
    fn heading_names_place_year_and_day() {
        let h = heading(&parse(crate::BUNDLED_NOTICE), Day::parse("2023-10-31").unwrap());
        assert_eq!(h.title_line(), "相山区2023年民生实事完成情况通报（截至2023年10月31日）");
        assert_eq!(h.file_stem(), "相山区2023年民生实事完成情况通报_2023-10-31");
    }
}
