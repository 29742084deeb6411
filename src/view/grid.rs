//! The 填报 grid (#16): a lead unit's items (or all items), each target's
//! 完成值 and each subsidy's 已惠及 / 已发放 / 计划 in one table, moved through
//! by keyboard, and a block copied from Excel or WPS (tab-separated rows)
//! pasted from the focused cell right and down.
//!
//! A row is a target or a subsidy of an item; the columns are the same for
//! every row, and a row has only the cells of its kind (a target row only
//! 完成值, a subsidy row the three others). Values are read as the item
//! editor reads them (`entry::read_figure`, against the unit they are
//! recorded in) and recorded for the fact day as it records them: a
//! target's value `as_of` the day, a subsidy's figures as dated facts.
//!
//! A pasted block is checked cell by cell before anything is recorded: a
//! cell that is no figure, or that falls where the table has no cell, refuses
//! the whole block with a message naming its row (item number and target or
//! subsidy) and column. A blank pasted cell leaves its cell as it is.

use super::entry::{doubts, paid_above_plan, read_figure};
use super::format::{money, number};
use super::progress::subsidy_figures;
use crate::notice::{Item, Notice, Subsidy, Target};
use crate::progress::facts::ItemFacts;
use crate::progress::{bounds, Day, Edit, Fact, Field, Progress, Value};

/// The columns one types into, left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// A target's 完成值 (in the target's unit).
    Achieved,
    /// A subsidy's 已惠及 (people).
    Served,
    /// A subsidy's 已发放 (yuan).
    Disbursed,
    /// A subsidy's 计划 (yuan).
    Planned,
}

impl Column {
    pub const ALL: [Column; 4] = [Column::Achieved, Column::Served, Column::Disbursed, Column::Planned];

    pub fn index(self) -> usize {
        match self {
            Column::Achieved => 0,
            Column::Served => 1,
            Column::Disbursed => 2,
            Column::Planned => 3,
        }
    }

    pub fn at(index: usize) -> Option<Column> {
        Column::ALL.get(index).copied()
    }

    /// The column's heading, as messages name it.
    pub fn label(self) -> &'static str {
        match self {
            Column::Achieved => "完成值",
            Column::Served => "已惠及（人）",
            Column::Disbursed => "已发放（元）",
            Column::Planned => "计划（元）",
        }
    }
}

/// What a row records.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Line<'a> {
    Target(&'a Target),
    Subsidy(&'a Subsidy),
}

/// One row of the grid: an item's target or subsidy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row<'a> {
    pub item: &'a Item,
    pub line: Line<'a>,
}

/// A cell: (row index, column).
pub type Cell = (usize, Column);

impl<'a> Row<'a> {
    /// Whether the row has a cell in `column`.
    pub fn has(&self, column: Column) -> bool {
        matches!((self.line, column), (Line::Target(_), Column::Achieved) | (Line::Subsidy(_), Column::Served | Column::Disbursed | Column::Planned))
    }

    /// The unit a value in `column` is recorded in.
    pub fn unit(&self, column: Column) -> &'a str {
        match (self.line, column) {
            (Line::Target(t), _) => &t.unit,
            (Line::Subsidy(_), Column::Served) => "人",
            (Line::Subsidy(_), _) => "元",
        }
    }

    /// The field a value typed in `column` is recorded in, for `day` (None where the row has no cell).
    pub fn field(&self, column: Column, day: Day) -> Option<Field> {
        let dated = |fact| Some(Field::Dated { fact, on: day });
        match (self.line, column) {
            (Line::Target(t), Column::Achieved) => Some(Field::TargetAchieved { target: t.key, as_of: day }),
            (Line::Subsidy(s), Column::Served) => dated(Fact::SubsidyServed { subsidy: s.key }),
            (Line::Subsidy(s), Column::Disbursed) => dated(Fact::SubsidyDisbursed { subsidy: s.key }),
            (Line::Subsidy(s), Column::Planned) => dated(Fact::SubsidyPlanned { subsidy: s.key }),
            _ => None,
        }
    }

    /// What an emptied cell records: nothing for a target's day, a blank
    /// for a subsidy's (it hides an earlier day's figure), as the editor does.
    pub fn blank(&self) -> Value {
        match self.line {
            Line::Target(_) => Value::Empty,
            Line::Subsidy(_) => Value::Text(String::new()),
        }
    }

    /// What the row is about: the target's label, or the subsidy's.
    pub fn label(&self) -> String {
        match self.line {
            Line::Target(t) => t.label.clone(),
            Line::Subsidy(s) if !s.label.is_empty() => format!("补助：{}", s.label),
            Line::Subsidy(s) => format!("补助：{}", super::format::subsidy(s)),
        }
    }

    /// The goal it is measured against: "目标 797名", "每人1.5万元（280人，计划420万元）".
    pub fn goal(&self) -> String {
        match self.line {
            Line::Target(t) => format!("目标 {}", super::format::target(t)),
            Line::Subsidy(s) => super::format::subsidy(s),
        }
    }

    /// The row as a message names it: 第7项“康复救助”.
    pub fn name(&self) -> String {
        format!("第{}项“{}”", self.item.no, self.label())
    }

    /// A key unique in the grid, for the page: `7-t0`, `7-s1` (item key, target or subsidy key).
    pub fn key(&self) -> String {
        match self.line {
            Line::Target(t) => format!("{}-t{}", self.item.key, t.key),
            Line::Subsidy(s) => format!("{}-s{}", self.item.key, s.key),
        }
    }

    /// The value a cell holds: the target's value for exactly `day` (as the
    /// editor shows it); the subsidy's figures from the item's facts on the
    /// as-of day, an amount only when one was typed (not computed, not the notice's).
    pub fn value(&self, column: Column, progress: &Progress, facts: &ItemFacts, day: Day) -> Option<f64> {
        match (self.line, column) {
            (Line::Target(t), Column::Achieved) => observation(progress, self.item.key, t.key, |d| d == day).map(|(v, _)| v),
            (Line::Subsidy(s), _) => {
                let f = subsidy_figures(s, facts);
                match column {
                    Column::Served => f.served,
                    Column::Disbursed => f.disbursed.filter(|_| f.disbursed_overridden),
                    Column::Planned => f.planned.filter(|_| !f.planned_from_notice),
                    Column::Achieved => None,
                }
            }
            _ => None,
        }
    }

    /// The cell's text: its `value`, as a field shows a number.
    pub fn shown(&self, column: Column, progress: &Progress, facts: &ItemFacts, day: Day) -> String {
        self.value(column, progress, facts, day).map(number).unwrap_or_default()
    }

    /// What an empty cell says: the last value before `day`, the amount
    /// computed or planned by the notice, 计划未填.
    pub fn placeholder(&self, column: Column, progress: &Progress, facts: &ItemFacts, day: Day) -> String {
        match (self.line, column) {
            (Line::Target(t), Column::Achieved) => {
                observation(progress, self.item.key, t.key, |d| d < day).map(|(v, d)| format!("此前 {}（{d}）", number(v))).unwrap_or_default()
            }
            (Line::Subsidy(s), Column::Disbursed) => subsidy_figures(s, facts).disbursed.map(money).unwrap_or_else(|| "人数×标准".into()),
            (Line::Subsidy(s), Column::Planned) => subsidy_figures(s, facts).planned.map(money).unwrap_or_else(|| "计划未填".into()),
            _ => String::new(),
        }
    }

    /// Why `value` in `column` may be a slip (said next to the cell, never
    /// enforced): far above the target or the subsidy's beneficiaries, below
    /// the value reported before `day`, paid above the plan.
    pub fn warnings(&self, column: Column, value: f64, progress: &Progress, facts: &ItemFacts, day: Day) -> Vec<String> {
        match (self.line, column) {
            (Line::Target(t), Column::Achieved) => {
                let earlier = observation(progress, self.item.key, t.key, |d| d < day).map(|(v, d)| (v, d.to_string()));
                doubts(value, Some(t.value), earlier.as_ref().map(|(v, d)| (*v, d.as_str())))
            }
            (Line::Subsidy(s), Column::Served) => doubts(value, s.beneficiaries.map(|n| n as f64), None),
            (Line::Subsidy(s), Column::Disbursed) => paid_above_plan(value, subsidy_figures(s, facts).planned).into_iter().collect(),
            _ => Vec::new(),
        }
    }

    /// Read `text` typed in `column` as the edit it records for `day`:
    /// None for a cell the row lacks; Err (Chinese, naming row and column)
    /// when it is no figure or one progress may not hold.
    pub fn edit(&self, column: Column, text: &str, day: Day) -> Option<Result<Edit, String>> {
        let field = self.field(column, day)?;
        let at = |why: String| format!("{}的“{}”：{why}", self.name(), column.label());
        Some(match read_figure(text, self.unit(column)) {
            Err(why) => Err(at(why)),
            Ok(None) => Ok(Edit { item: self.item.key, field, value: self.blank() }),
            Ok(Some(figure)) => match bounds::refusal(figure.value) {
                Some(why) => Err(at(format!("“{}”{why}。", text.trim()))),
                None => Ok(Edit { item: self.item.key, field, value: Value::Number(figure.value) }),
            },
        })
    }
}

/// The latest observation of an item's target on a day `pick` accepts: (value, day).
fn observation(progress: &Progress, item: u32, target: usize, pick: impl Fn(Day) -> bool) -> Option<(f64, Day)> {
    let observations = progress.items.get(&item)?.targets.get(&target)?;
    observations.iter().filter(|o| pick(o.as_of)).max_by_key(|o| o.as_of).map(|o| (o.value, o.as_of))
}

/// The rows for a lead unit (None: every item), in the notice's order: each
/// item's targets, then its subsidies. Items with neither have no row.
pub fn rows<'a>(notice: &'a Notice, unit: Option<&str>) -> Vec<Row<'a>> {
    notice
        .items
        .iter()
        .filter(|i| unit.is_none_or(|u| i.units.iter().any(|x| x == u)))
        .flat_map(|item| {
            item.targets
                .iter()
                .map(move |t| Row { item, line: Line::Target(t) })
                .chain(item.subsidies.iter().map(move |s| Row { item, line: Line::Subsidy(s) }))
        })
        .collect()
}

/// A unit's items that have no row (nothing to fill in the grid).
pub fn items_without_rows<'a>(notice: &'a Notice, unit: Option<&str>) -> Vec<&'a Item> {
    notice.items.iter().filter(|i| unit.is_none_or(|u| i.units.iter().any(|x| x == u))).filter(|i| i.targets.is_empty() && i.subsidies.is_empty()).collect()
}

/// Where the keyboard moves the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// Tab: the next cell, left to right, then the next rows.
    Next,
    /// Shift+Tab.
    Previous,
    /// Enter, ↓: the next row with a cell in this column.
    Down,
    /// ↑.
    Up,
    /// ←: the nearest cell to the left in this row.
    Left,
    /// →.
    Right,
}

/// The cell the focus moves to from `from`, or None (the edge: Tab then
/// leaves the grid, the others stay).
pub fn step(rows: &[Row], from: Cell, movement: Move) -> Option<Cell> {
    let (row, column) = from;
    let cells_of = |r: usize| Column::ALL.into_iter().filter(move |c| rows[r].has(*c)).map(move |c| (r, c));
    match movement {
        Move::Next => (row..rows.len()).flat_map(cells_of).find(|&(r, c)| (r, c.index()) > (row, column.index())),
        Move::Previous => {
            (0..=row.min(rows.len().saturating_sub(1))).rev().flat_map(|r| cells_of(r).rev()).find(|&(r, c)| (r, c.index()) < (row, column.index()))
        }
        Move::Down => (row + 1..rows.len()).find(|r| rows[*r].has(column)).map(|r| (r, column)),
        Move::Up => (0..row.min(rows.len())).rev().find(|r| rows[*r].has(column)).map(|r| (r, column)),
        Move::Right => rows.get(row).and_then(|_| cells_of(row).find(|(_, c)| c.index() > column.index())),
        Move::Left => rows.get(row).and_then(|_| cells_of(row).rev().find(|(_, c)| c.index() < column.index())),
    }
}

/// A block as Excel and WPS copy it: rows ended by CR LF (or LF, or CR),
/// cells by tabs; a cell in double quotes (Excel quotes one holding a tab,
/// a line break or a quote) is unquoted. The line break after the last row
/// ends it, it is no empty row.
pub fn block(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![vec![String::new()]];
    let mut chars = text.chars().peekable();
    // Only at the start of a cell does a quote open a quoted cell.
    let mut quoted = false;
    while let Some(c) = chars.next() {
        let cell = rows.last_mut().and_then(|r| r.last_mut()).expect("a row has a cell");
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() => quoted = true,
            '\t' => rows.last_mut().expect("a row").push(String::new()),
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                rows.push(vec![String::new()]);
            }
            _ => cell.push(c),
        }
    }
    if rows.len() > 1 && rows.last().is_some_and(|r| r.len() == 1 && r[0].is_empty()) {
        rows.pop();
    }
    rows
}

/// Whether pasted text is a block for the grid (more than one cell), not a
/// value to paste into a field as the browser does.
pub fn is_block(text: &str) -> bool {
    let cells = block(text);
    cells.len() > 1 || cells.first().is_some_and(|r| r.len() > 1)
}

/// A checked block: the edits to record as one change set and the cells they fill.
#[derive(Debug, Clone, PartialEq)]
pub struct Pasted {
    pub edits: Vec<Edit>,
    pub cells: Vec<Cell>,
}

/// Put a pasted block on the grid from cell `at` right and down, for `day`.
/// Every non-blank cell of the block must land on a cell of the table and
/// read as a figure; else Err names the first that does not (row and
/// column, in Chinese) and how many others fail, and nothing is to change.
pub fn paste(rows: &[Row], at: Cell, text: &str, day: Day) -> Result<Pasted, String> {
    let (top, left) = (at.0, at.1.index());
    let mut pasted = Pasted { edits: Vec::new(), cells: Vec::new() };
    let mut problems: Vec<String> = Vec::new();
    for (i, line) in block(text).iter().enumerate() {
        for (j, typed) in line.iter().enumerate() {
            if typed.trim().is_empty() {
                continue;
            }
            let place = format!("（粘贴内容第{}行第{}列“{}”）", i + 1, j + 1, typed.trim());
            let (Some(row), Some(column)) = (rows.get(top + i), Column::at(left + j)) else {
                let edge = if top + i >= rows.len() { "下边" } else { "右边" };
                problems.push(format!(
                    "粘贴的内容超出了表格的{edge}{place}，请从更靠{}的格子开始粘贴，或少复制几{}。",
                    if edge == "下边" { "上" } else { "左" },
                    if edge == "下边" { "行" } else { "列" }
                ));
                continue;
            };
            match row.edit(column, typed, day) {
                None => problems.push(format!("{}没有“{}”一栏{place}：目标行只填完成值，补助行只填已惠及、已发放、计划。", row.name(), column.label())),
                Some(Err(why)) => problems.push(why),
                Some(Ok(edit)) => {
                    pasted.edits.push(edit);
                    pasted.cells.push((top + i, column));
                }
            }
        }
    }
    match problems.len() {
        0 => Ok(pasted),
        1 => Err(format!("未粘贴：{}", problems[0])),
        n => Err(format!("未粘贴：{}（另有 {} 格有误）", problems[0], n - 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::parse;
    use crate::progress::{Timestamp, Tracker};
    use std::sync::OnceLock;

    fn notice() -> &'static Notice {
        static N: OnceLock<Notice> = OnceLock::new();
        N.get_or_init(|| parse(crate::BUNDLED_NOTICE))
    }

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    /// (item no, "t"/"s" + key) of each row.
    fn shape(rows: &[Row]) -> Vec<String> {
        rows.iter()
            .map(|r| match r.line {
                Line::Target(t) => format!("{}t{}", r.item.no, t.key),
                Line::Subsidy(s) => format!("{}s{}", r.item.no, s.key),
            })
            .collect()
    }

    #[test]
    fn a_units_rows_are_its_items_targets_then_subsidies() {
        let n = notice();
        assert_eq!(shape(&rows(n, Some("区人社局"))), ["1t0", "1t1", "2t0", "2s0"]);
        let disabled = rows(n, Some("区残联"));
        assert_eq!(shape(&disabled)[..6], ["7t0", "7s0", "7s1", "7s2", "7s3", "8t0"]);
        assert!(disabled.iter().all(|r| r.item.units.iter().any(|u| u == "区残联")));
        assert!(disabled.iter().any(|r| r.item.no == 11), "a lead unit among several");
        let all = rows(n, None);
        let counted: usize = n.items.iter().map(|i| i.targets.len() + i.subsidies.len()).sum();
        assert_eq!(all.len(), counted);
        assert!(rows(n, Some("没有这个单位")).is_empty());
        // Item 20 (a province's item) has no figure to fill.
        assert!(items_without_rows(n, None).iter().all(|i| i.targets.is_empty() && i.subsidies.is_empty()));
        let keys: std::collections::BTreeSet<String> = all.iter().map(Row::key).collect();
        assert_eq!(keys.len(), all.len(), "row keys are unique");
    }

    #[test]
    fn cells_record_what_the_editor_records_for_the_fact_day() {
        let rows = rows(notice(), Some("区残联"));
        let on = day("2023-06-30");
        let (target, subsidy) = (rows[0], rows[1]);
        assert!(target.has(Column::Achieved) && !target.has(Column::Served));
        assert!(!subsidy.has(Column::Achieved) && subsidy.has(Column::Planned));
        assert_eq!(target.unit(Column::Achieved), "名");
        assert_eq!(
            target.edit(Column::Achieved, "0.04万", on),
            Some(Ok(Edit { item: 7, field: Field::TargetAchieved { target: 0, as_of: on }, value: Value::Number(400.0) }))
        );
        assert_eq!(
            subsidy.edit(Column::Disbursed, "12.5万元", on),
            Some(Ok(Edit { item: 7, field: Field::Dated { fact: Fact::SubsidyDisbursed { subsidy: 0 }, on }, value: Value::Number(125_000.0) }))
        );
        assert_eq!(subsidy.edit(Column::Served, " ", on).unwrap().unwrap().value, Value::Text(String::new()), "a blank hides an earlier day's");
        assert_eq!(target.edit(Column::Achieved, "", on).unwrap().unwrap().value, Value::Empty);
        assert_eq!(target.edit(Column::Served, "3", on), None);
        let refused = target.edit(Column::Achieved, "很多", on).unwrap().unwrap_err();
        assert!(refused.starts_with("第7项“") && refused.contains("的“完成值”：") && refused.contains("不是数字"), "{refused}");
        let too_big = subsidy.edit(Column::Planned, "1e20", on).unwrap().unwrap_err();
        assert!(too_big.contains("“计划（元）”") && too_big.contains("上限"), "{too_big}");
    }

    #[test]
    fn shown_values_placeholders_and_warnings_follow_progress() {
        let n = notice();
        let rows = rows(n, Some("区残联"));
        let (target, subsidy) = (rows[0], rows[1]);
        let mut t = Tracker::default();
        let at = Timestamp::parse("2023-07-01T09:00:00").unwrap();
        let q1 = day("2023-03-31");
        let q2 = day("2023-06-30");
        let edits = vec![target.edit(Column::Achieved, "300", q1).unwrap().unwrap(), subsidy.edit(Column::Disbursed, "500万", q2).unwrap().unwrap()];
        t.edit_batch(n, edits, at).unwrap();
        let undated = crate::progress::facts::UndatedChanges::of(&t.progress.history);
        let subsidies: Vec<usize> = target.item.subsidies.iter().map(|s| s.key).collect();
        let facts = crate::progress::facts::item_facts(t.progress.items.get(&7), &undated, 7, &subsidies, q2);
        assert_eq!(target.shown(Column::Achieved, &t.progress, &facts, q1), "300");
        assert_eq!(target.shown(Column::Achieved, &t.progress, &facts, q2), "", "only the day's own value");
        assert_eq!(target.placeholder(Column::Achieved, &t.progress, &facts, q2), "此前 300（2023-03-31）");
        assert_eq!(subsidy.shown(Column::Disbursed, &t.progress, &facts, q2), "5000000");
        assert_eq!(subsidy.shown(Column::Planned, &t.progress, &facts, q2), "", "the notice's plan is no typed value");
        assert_eq!(subsidy.placeholder(Column::Planned, &t.progress, &facts, q2), "420.00万元");
        let lower = target.warnings(Column::Achieved, 200.0, &t.progress, &facts, q2);
        assert!(lower[0].contains("低于此前填报的300"), "{lower:?}");
        assert!(target.warnings(Column::Achieved, 2000.0, &t.progress, &facts, q2)[0].contains("远超目标"));
        assert!(subsidy.warnings(Column::Disbursed, 5_000_000.0, &t.progress, &facts, q2)[0].contains("超过计划金额"));
        assert!(subsidy.warnings(Column::Served, 1000.0, &t.progress, &facts, q2)[0].contains("远超目标"), "280 children");
        assert!(subsidy.warnings(Column::Planned, 1.0, &t.progress, &facts, q2).is_empty());
    }

    #[test]
    fn the_keyboard_moves_through_cells_that_exist() {
        // 1t0, 1t1, 2t0, 2s0.
        let rows = rows(notice(), Some("区人社局"));
        use Column::*;
        assert_eq!(step(&rows, (0, Achieved), Move::Next), Some((1, Achieved)));
        assert_eq!(step(&rows, (2, Achieved), Move::Next), Some((3, Served)));
        assert_eq!(step(&rows, (3, Served), Move::Next), Some((3, Disbursed)));
        assert_eq!(step(&rows, (3, Planned), Move::Next), None, "Tab leaves the grid");
        assert_eq!(step(&rows, (3, Served), Move::Previous), Some((2, Achieved)));
        assert_eq!(step(&rows, (3, Planned), Move::Previous), Some((3, Disbursed)));
        assert_eq!(step(&rows, (0, Achieved), Move::Previous), None);
        assert_eq!(step(&rows, (0, Achieved), Move::Down), Some((1, Achieved)));
        assert_eq!(step(&rows, (2, Achieved), Move::Down), None, "no 完成值 below");
        assert_eq!(step(&rows, (3, Served), Move::Up), None, "no 已惠及 above");
        assert_eq!(step(&rows, (2, Achieved), Move::Up), Some((1, Achieved)));
        assert_eq!(step(&rows, (3, Served), Move::Right), Some((3, Disbursed)));
        assert_eq!(step(&rows, (3, Disbursed), Move::Left), Some((3, Served)));
        assert_eq!(step(&rows, (3, Served), Move::Left), None);
        assert_eq!(step(&rows, (0, Achieved), Move::Right), None);
        // Every cell is reached by Tab from the first, and back by Shift+Tab.
        let mut at = (0, Achieved);
        let mut seen = vec![at];
        while let Some(next) = step(&rows, at, Move::Next) {
            seen.push(next);
            at = next;
        }
        assert_eq!(seen.len(), 3 + 3);
        while let Some(previous) = step(&rows, at, Move::Previous) {
            assert_eq!(seen.pop().map(|_| seen.last().copied()), Some(Some(previous)));
            at = previous;
        }
        assert!(step(&[], (0, Achieved), Move::Next).is_none());
    }

    #[test]
    fn blocks_are_read_as_excel_and_wps_copy_them() {
        assert_eq!(block("1\t2\r\n3\t4\r\n"), [vec!["1", "2"], vec!["3", "4"]]);
        assert_eq!(block("1\t2\n3\t4"), [vec!["1", "2"], vec!["3", "4"]]);
        assert_eq!(block("1\r2"), [vec!["1"], vec!["2"]]);
        assert_eq!(block("5\r\n"), [vec!["5"]]);
        assert_eq!(block("a\t\tb\n\nc"), [vec!["a", "", "b"], vec![""], vec!["c"]]);
        assert_eq!(block("\"1,200\"\t\"say \"\"hi\"\"\t\"\n2"), [vec!["1,200", "say \"hi\"\t"], vec!["2"]]);
        assert_eq!(block(""), [vec![""]]);
        assert!(is_block("1\t2") && is_block("1\n2") && is_block("1\r\n2\r\n"));
        assert!(!is_block("12.5万") && !is_block("12\r\n"), "one cell is pasted as the browser does");
    }

    #[test]
    fn a_pasted_block_fills_right_and_down_or_nothing() {
        let n = notice();
        // 7t0, 7s0 … 7s3, 8t0 …
        let rows = rows(n, Some("区残联"));
        let on = day("2023-06-30");
        use Column::*;
        let block = "100\r\n\t10\t12万\t420万\r\n\t\t1,000\r\n";
        let pasted = paste(&rows, (0, Achieved), block, on).unwrap();
        assert_eq!(pasted.cells, [(0, Achieved), (1, Served), (1, Disbursed), (1, Planned), (2, Disbursed)]);
        let values: Vec<f64> = pasted.edits.iter().map(|e| e.value.number().unwrap()).collect();
        assert_eq!(values, [100.0, 10.0, 120_000.0, 4_200_000.0, 1000.0]);
        assert_eq!(pasted.edits[4].field, Field::Dated { fact: Fact::SubsidyDisbursed { subsidy: 1 }, on });

        // Recorded as one change set, taken back by one undo.
        let mut t = Tracker::default();
        let at = Timestamp::parse("2023-07-01T09:00:00").unwrap();
        assert_eq!(t.edit_batch(n, pasted.edits, at), Ok(5));
        t.undo(at);
        assert!(t.progress.items.get(&7).is_none_or(|p| p.targets.is_empty() && p.dated.is_empty()), "{:?}", t.progress.items.get(&7));

        // A figure where the row has no cell: the row and the column named.
        let misplaced = paste(&rows, (0, Achieved), "100\r\n10\r\n", on).unwrap_err();
        assert!(misplaced.starts_with("未粘贴：第7项“补助：") && misplaced.contains("没有“完成值”一栏（粘贴内容第2行第1列“10”）"), "{misplaced}");
        // No figure, or a unit of another kind.
        let bad = paste(&rows, (1, Achieved), "\t5公里\t3\r\n\t四十\r\n", on).unwrap_err();
        assert!(bad.contains("第7项“补助：") && bad.contains("的“已惠及（人）”：") && bad.contains("公里"), "{bad}");
        assert!(bad.ends_with("（另有 1 格有误）"), "{bad}");
        // Past the bottom or the right edge.
        let last = rows.len() - 1;
        let low = paste(&rows, (last, if rows[last].has(Achieved) { Achieved } else { Served }), "1\n2\n", on).unwrap_err();
        assert!(low.contains("超出了表格的下边"), "{low}");
        let wide = paste(&rows, (1, Planned), "1\t2", on).unwrap_err();
        assert!(wide.contains("超出了表格的右边") && wide.contains("第1行第2列“2”"), "{wide}");
        // Blanks past the edges and in cells a row lacks are nothing.
        assert_eq!(paste(&rows, (1, Planned), "1\t\r\n\t\r\n", on).unwrap().cells, [(1, Planned)]);
        assert_eq!(paste(&rows, (0, Achieved), "1\t\t\t\t\t", on).unwrap().cells, [(0, Achieved)]);
    }

    #[test]
    fn fifty_pasted_values_are_checked_and_committed_quickly() {
        let n = notice();
        let rows = rows(n, None);
        let targets: Vec<usize> = (0..rows.len()).filter(|r| rows[*r].has(Column::Achieved)).take(50).collect();
        assert_eq!(targets.len(), 50);
        // A column of 50 values under 完成值, blanks on the subsidy rows between.
        let last = *targets.last().unwrap();
        let text: String = (0..=last).map(|r| if rows[r].has(Column::Achieved) { format!("{}\r\n", r + 1) } else { "\r\n".into() }).collect();
        let start = std::time::Instant::now();
        let pasted = paste(&rows, (0, Column::Achieved), &text, day("2023-06-30")).unwrap();
        let mut t = Tracker::default();
        assert_eq!(t.edit_batch(n, pasted.edits, Timestamp::parse("2023-07-01T09:00:00").unwrap()), Ok(50));
        assert!(start.elapsed() < std::time::Duration::from_millis(200), "{:?}", start.elapsed());
    }
}
