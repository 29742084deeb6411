//! The 通报 as the 督查考核办 publishes it (#15): an opening summary (截至X月X日，
//! N件民生实事已完成M件…), then one row per item under its category's heading,
//! in the template's columns — 序号 · 年度目标 · 分管领导 · 牵头单位 · 责任人 ·
//! 配合单位 · 季度目标 · 完成情况 · 完成状况 (the three official words only) · 环比
//! (against the previous quarter's end) · 备注 — with no text cut. The page, the
//! print, CSV (UTF-8 with BOM, so Excel and WPS show the Chinese), XLSX and
//! DOCX all show `ReportRow::cells`.

use crate::notice::{Item, Notice};
use crate::progress::facts::quarter_of;
use crate::progress::{Day, ItemState, Light, Progress, Standing};
use crate::view::format::{money, number};
use crate::view::progress::{item_states, percent, subsidy_figures};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReportRow {
    /// The item's key (`Item::key`), which tells rows apart (printed numbers may repeat).
    pub key: u32,
    /// 序号: the number printed before the item.
    pub no: u32,
    /// The item's category (`Category::index`; 0: none).
    pub category: u32,
    /// 年度目标: the item's text.
    pub goal: String,
    pub leader: String,
    /// 牵头单位.
    pub units: String,
    pub responsible: String,
    /// 配合单位: as set for the item, else the notice's.
    pub partners: String,
    /// 季度目标: the as-of day's quarter's.
    pub quarter_goal: String,
    /// 完成情况: as written for the quarter, else each target's value against
    /// its goal and the subsidies disbursed, else 未填报.
    pub achieved: String,
    pub standing: Standing,
    pub light: Light,
    /// 完成状况 was set by hand.
    pub judged: bool,
    /// The standing at the previous quarter's end (环比), if there was one.
    pub previous: Option<Standing>,
    /// 备注: the note, the pause reason, why the standing was set by hand.
    pub remark: String,
}

pub const HEADERS: [&str; 11] = ["序号", "年度目标", "分管领导", "牵头单位", "责任人", "配合单位", "季度目标", "完成情况", "完成状况", "环比", "备注"];

impl ReportRow {
    /// The row's cells, as every form of the 通报 shows them.
    pub fn cells(&self) -> [String; 11] {
        [
            self.no.to_string(),
            self.goal.clone(),
            self.leader.clone(),
            self.units.clone(),
            self.responsible.clone(),
            self.partners.clone(),
            self.quarter_goal.clone(),
            self.achieved.clone(),
            official_word(self.standing).to_string(),
            trend(self.previous, self.standing),
            self.remark.clone(),
        ]
    }
}

/// 完成状况 in the template's words: 完成, 序时推进, 未达到序时进度; an item
/// nobody can assess yet (no figures, not judged) is left blank.
pub fn official_word(standing: Standing) -> &'static str {
    match standing {
        Standing::NotAssessed => "",
        s => s.label(),
    }
}

/// 环比: the standing against the previous quarter's end.
pub fn trend(previous: Option<Standing>, now: Standing) -> String {
    let rank = |s: Standing| match s {
        Standing::Done => Some(3),
        Standing::OnSchedule => Some(2),
        Standing::Behind => Some(1),
        Standing::NotAssessed => None,
    };
    match (previous, previous.and_then(rank), rank(now)) {
        (Some(p), Some(before), Some(after)) if after > before => format!("好转（上季度{}）", p.label()),
        (Some(p), Some(before), Some(after)) if after < before => format!("退步（上季度{}）", p.label()),
        (Some(_), Some(_), Some(_)) => "持平".to_string(),
        _ => "—".to_string(),
    }
}

/// The last day of the quarter before `at`'s (环比 compares with it).
pub fn previous_quarter_end(at: Day) -> Option<Day> {
    let (year, quarter) = quarter_of(at);
    match quarter {
        1 => Day::new(year - 1, 12, 31),
        q => Day::end_of_month(year, u32::from(q - 1) * 3),
    }
}

/// Rows for `items` (all, or the current filter) at `at`.
pub fn rows(notice: &Notice, items: &[&Item], progress: &Progress, at: Day) -> Vec<ReportRow> {
    let previous = previous_quarter_end(at).map(|d| item_states(notice, progress, d)).unwrap_or_default();
    rows_from_states(items, progress, &item_states(notice, progress, at), &previous, at)
}

/// The same from the items' states already computed at the as-of day and
/// at the previous quarter's end (the app keeps them, so the panel does not
/// assess every item again).
pub fn rows_from_states(items: &[&Item], progress: &Progress, states: &[ItemState], previous: &[ItemState], at: Day) -> Vec<ReportRow> {
    let quarter = quarter_of(at).1;
    items
        .iter()
        .filter_map(|item| {
            let state = states.iter().find(|s| s.key == item.key)?;
            let facts = &state.facts;
            let recorded = progress.items.get(&item.key);
            let achieved =
                if !facts.summary.is_empty() { facts.summary.clone() } else { numbers_account(item, state).unwrap_or_else(|| "未填报".to_string()) };
            let mut remark: Vec<String> = Vec::new();
            if !facts.pause_reason.is_empty() {
                remark.push(format!("暂停：{}", facts.pause_reason));
            }
            if !facts.note.is_empty() {
                remark.push(facts.note.clone());
            }
            if state.judged {
                remark.push(if facts.judgement_reason.is_empty() {
                    "完成状况为人工认定".to_string()
                } else {
                    format!("完成状况为人工认定：{}", facts.judgement_reason)
                });
            }
            let quarter_goal = recorded.and_then(|p| p.quarters.get(&quarter)).map_or(String::new(), |g| match (g.text.is_empty(), g.share) {
                (_, None) => g.text.clone(),
                (true, Some(share)) => format!("累计完成{}%", number(share)),
                (false, Some(share)) => format!("{}（累计完成{}%）", g.text, number(share)),
            });
            Some(ReportRow {
                key: item.key,
                no: item.no,
                category: item.category,
                goal: item.text.clone(),
                leader: recorded.map_or(String::new(), |p| p.leader.clone()),
                units: item.units.join("、"),
                responsible: recorded.map_or(String::new(), |p| p.responsible.clone()),
                partners: recorded.and_then(|p| p.partners.clone()).unwrap_or_else(|| item.partner_units.join("、")),
                quarter_goal,
                achieved,
                standing: state.standing,
                light: state.light,
                judged: state.judged,
                previous: previous.iter().find(|s| s.key == item.key).map(|s| s.standing),
                remark: remark.join("；"),
            })
        })
        .collect()
}

/// What the numbers say was done (each target's value against its goal, the
/// subsidies disbursed), if anything is recorded: 完成情况 until a person writes it.
/// A label the parser shortened (with …) is left out: the 通报 cuts no text.
pub fn numbers_account(item: &Item, state: &ItemState) -> Option<String> {
    let whole = |label: &str| if label.contains('…') { String::new() } else { label.to_string() };
    let mut parts: Vec<String> = item
        .targets
        .iter()
        .zip(&state.targets)
        .filter_map(|(t, s)| {
            s.achieved.map(|v| format!("{}完成{}{}（目标{}{}，{}）", whole(&t.label), number(v), t.unit, number(t.value), t.unit, percent(s.share)))
        })
        .collect();
    parts.extend(item.subsidies.iter().filter_map(|s| {
        let name = if s.label.contains('…') { format!("{}补助", crate::view::format::subsidy(s)) } else { s.label.clone() };
        subsidy_figures(s, &state.facts).disbursed.map(|d| format!("{name}已发放{}", money(d)))
    }));
    (!parts.is_empty()).then(|| parts.join("；"))
}

/// A line of the 通报: a category's heading (a row across the table), or an item.
#[derive(Debug, Clone, PartialEq)]
pub enum Line<'a> {
    Category(String),
    Item(&'a ReportRow),
}

/// The rows under their categories' headings (一、基础教育…), in the rows' order.
pub fn lines<'a>(notice: &Notice, rows: &'a [ReportRow]) -> Vec<Line<'a>> {
    let mut out = Vec::with_capacity(rows.len() + notice.categories.len());
    let mut current = None;
    for row in rows {
        if current != Some(row.category) {
            current = Some(row.category);
            let heading = notice
                .categories
                .iter()
                .find(|c| c.index == row.category)
                .map_or_else(|| "未分类".to_string(), |c| crate::view::format::category_heading(c.index, &c.name));
            out.push(Line::Category(heading));
        }
        out.push(Line::Item(row));
    }
    out
}

/// The opening summary, as offices publish it: "截至2023年9月30日，50件民生实事
/// 已完成12件，完成率24%；序时推进30件；未达到序时进度6件。" Items nobody could
/// assess yet are counted too, so the figures add up.
pub fn summary(heading: &Heading, rows: &[ReportRow]) -> String {
    let count = |s: Standing| rows.iter().filter(|r| r.standing == s).count();
    let total = rows.len();
    let done = count(Standing::Done);
    let rate = if total == 0 { "—".to_string() } else { format!("{:.0}%", done as f64 * 100.0 / total as f64) };
    let mut text = format!(
        "{}，{total}件民生实事已完成{done}件，完成率{rate}；序时推进{}件；未达到序时进度{}件",
        heading.as_of,
        count(Standing::OnSchedule),
        count(Standing::Behind)
    );
    let open = count(Standing::NotAssessed);
    if open > 0 {
        text.push_str(&format!("；尚未评估{open}件（无完成数据，也未人工认定）"));
    }
    text.push('。');
    text
}

/// Relative column widths of the Word table, in HEADERS' order.
const DOCX_WIDTHS: [u32; 11] = [4, 22, 6, 8, 6, 8, 10, 20, 7, 7, 10];

/// The 通报 as a Word document (公文 style: `view::docx`): the title, the
/// as-of day, the summary, then the table with its category rows.
pub fn docx(notice: &Notice, heading: &Heading, rows: &[ReportRow]) -> Vec<u8> {
    use crate::view::docx::{write, DocRow, Document};
    let table: Vec<DocRow> = lines(notice, rows)
        .into_iter()
        .map(|l| match l {
            Line::Category(name) => DocRow::Heading(name),
            Line::Item(r) => DocRow::Cells(r.cells().to_vec()),
        })
        .collect();
    write(&Document {
        title: &heading.title,
        subtitle: &format!("（{}）", heading.as_of),
        summary: &[summary(heading, rows)],
        headers: &HEADERS,
        widths: &DOCX_WIDTHS,
        rows: &table,
    })
}

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

/// CSV with a UTF-8 BOM, every field through [`csv_field`]: the title, the
/// summary, the headers, then each category's heading and its rows.
pub fn csv(notice: &Notice, heading: &Heading, rows: &[ReportRow]) -> String {
    let mut out = String::from("\u{feff}");
    let mut line = |fields: &[String]| {
        out.push_str(&fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    };
    line(&[heading.title_line()]);
    line(&[summary(heading, rows)]);
    line(&HEADERS.map(String::from));
    for l in lines(notice, rows) {
        match l {
            Line::Category(name) => line(&[name]),
            Line::Item(r) => line(&r.cells()),
        }
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
        assert_eq!(rows[0].achieved, "为残疾人提供康复救助完成400名（目标797名，50%）；每人1.5万元（280人，计划420万元）补助已发放150.00万元");
        assert_eq!((rows[0].standing, rows[0].light), (Standing::OnSchedule, Light::Green));
        assert_eq!(rows[1].achieved, "未填报");
        assert_eq!(rows[1].remark, "暂停：场地改造");
        // No Q1 figures: no 环比 yet.
        assert_eq!((rows[0].previous, rows[0].cells()[9].as_str()), (Some(Standing::NotAssessed), "—"));
        let h = heading(&n, day);
        let csv = csv(&n, &h, &rows);
        assert!(csv.starts_with("\u{feff}相山区2023年民生实事完成情况通报（截至2023年6月30日）\r\n截至2023年6月30日，2件民生实事已完成0件，完成率0%；序时推进1件；未达到序时进度0件；尚未评估1件（无完成数据，也未人工认定）。\r\n序号,年度目标,分管领导,牵头单位,责任人,配合单位,季度目标,完成情况,完成状况,环比,备注\r\n三、困难群体救助\r\n7,"), "{csv}");
        assert!(csv.contains(",序时推进,—,\"首批资金已拨付, 含\"\"康复\"\"\"\r\n"), "{csv}");
        assert!(csv.contains("\r\n8,") && csv.contains(",未填报,,—,暂停：场地改造\r\n"), "{csv}");
    }

    #[test]
    fn the_written_account_the_judgement_the_people_and_the_trend() {
        let n = parse(crate::BUNDLED_NOTICE);
        let mut t = Tracker::default();
        let (q2, q3) = (Day::parse("2023-06-30").unwrap(), Day::parse("2023-09-30").unwrap());
        let at = crate::progress::timestamp::ts("2023-10-08T09:00:00");
        let edit = |t: &mut Tracker, field, value: &str| t.edit(&n, Edit { item: 7, field, value: Value::Text(value.into()) }, at).unwrap();
        // Q2 behind by the numbers, Q3 judged on schedule with a reason and a written account.
        t.edit(&n, Edit { item: 7, field: Field::TargetAchieved { target: 0, as_of: q2 }, value: Value::Number(100.0) }, at).unwrap();
        edit(&mut t, Field::Dated { fact: Fact::Judgement, on: q3 }, Standing::OnSchedule.key());
        edit(&mut t, Field::Dated { fact: Fact::JudgementReason, on: q3 }, "资金已全部到位");
        edit(&mut t, Field::Dated { fact: Fact::Summary, on: q3 }, "已救助620名");
        edit(&mut t, Field::Leader, "王副区长");
        edit(&mut t, Field::Responsible, "李科长");
        edit(&mut t, Field::Partners, "区财政局");
        edit(&mut t, Field::QuarterGoal { quarter: 3 }, "救助600名");
        t.edit(&n, Edit { item: 7, field: Field::QuarterShare { quarter: 3 }, value: Value::Number(75.0) }, at).unwrap();
        let item7: Vec<&Item> = n.items.iter().filter(|i| i.no == 7).collect();
        let r = &rows(&n, &item7, &t.progress, q3)[0];
        assert_eq!(
            r.cells().map(|c| c.to_string())[2..].to_vec(),
            [
                "王副区长",
                "区残联",
                "李科长",
                "区财政局",
                "救助600名（累计完成75%）",
                "已救助620名",
                "序时推进",
                "好转（上季度未达到序时进度）",
                "完成状况为人工认定：资金已全部到位"
            ]
        );
        // The notice's partner units until set; Q2 shows Q2's: no account, no judgement.
        let q2_row = &rows(&n, &item7, &t.progress, q2)[0];
        assert_eq!((q2_row.judged, q2_row.standing, q2_row.quarter_goal.as_str()), (false, Standing::Behind, ""));
        assert!(q2_row.achieved.starts_with("为残疾人提供康复救助完成100名"), "{}", q2_row.achieved);
        let mut notice_partners = n.clone();
        notice_partners.items[7].partner_units = vec!["区卫健委".into(), "区医保局".into()];
        let item8: Vec<&Item> = notice_partners.items.iter().filter(|i| i.no == 8).collect();
        assert_eq!(rows(&notice_partners, &item8, &t.progress, q3)[0].partners, "区卫健委、区医保局");
    }

    #[test]
    fn the_summary_counts_every_standing_and_lines_head_each_category() {
        let n = parse(crate::BUNDLED_NOTICE);
        let items: Vec<&Item> = n.items.iter().collect();
        let day = Day::parse("2023-09-30").unwrap();
        let rows = rows(&n, &items, &Progress::default(), day);
        assert_eq!(
            summary(&heading(&n, day), &rows),
            "截至2023年9月30日，50件民生实事已完成0件，完成率0%；序时推进0件；未达到序时进度0件；尚未评估50件（无完成数据，也未人工认定）。"
        );
        let lines = lines(&n, &rows);
        let headings: Vec<&str> = lines.iter().filter_map(|l| if let Line::Category(h) = l { Some(h.as_str()) } else { None }).collect();
        assert_eq!(headings.len(), n.categories.len());
        assert_eq!(headings[0], crate::view::format::category_heading(n.categories[0].index, &n.categories[0].name));
        assert_eq!(trend(Some(Standing::OnSchedule), Standing::Behind), "退步（上季度序时推进）");
        assert_eq!(trend(Some(Standing::Done), Standing::Done), "持平");
        assert_eq!(trend(None, Standing::Done), "—");
        assert_eq!(previous_quarter_end(Day::parse("2023-02-10").unwrap()), Day::parse("2022-12-31"));
        assert_eq!(previous_quarter_end(Day::parse("2023-10-31").unwrap()), Day::parse("2023-09-30"));
    }

    #[test]
    fn heading_names_place_year_and_day() {
        let h = heading(&parse(crate::BUNDLED_NOTICE), Day::parse("2023-10-31").unwrap());
        assert_eq!(h.title_line(), "相山区2023年民生实事完成情况通报（截至2023年10月31日）");
        assert_eq!(h.file_stem(), "相山区2023年民生实事完成情况通报_2023-10-31");
    }
}
