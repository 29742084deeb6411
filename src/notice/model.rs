//! The parsed notice: the public JSON format that `notice2json` prints and
//! snapshots embed. Field names are a contract; add fields, never rename.

use serde::{Deserialize, Serialize};

/// Version of the JSON layout below. Bump when a field changes meaning.
pub const NOTICE_FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub format_version: u32,
    /// The document's title, e.g. 关于印发云溪区2023年实施50项民生实事的通知.
    pub title: Option<String>,
    /// Issue date as ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Title of the list itself (青禾市云溪区2023年50项民生实事).
    pub list_title: Option<String>,
    /// The total the title announces ("50项"), if any.
    pub stated_total: Option<u32>,
    /// The year the list is for (2023 from "…云溪区2023年50项民生实事"), which
    /// 序时进度 measures against: a list issued in December 2022 for 2023 is
    /// a 2023 list. From the list's title, then the document's; None if neither says.
    #[serde(default)]
    pub year: Option<i32>,
    /// The place the list is about (云溪区 from "青禾市云溪区2023年…"), if a title says.
    #[serde(default)]
    pub place: Option<String>,
    pub categories: Vec<Category>,
    pub items: Vec<Item>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Notice {
    /// The name of the category numbered `index`.
    pub fn category_name(&self, index: u32) -> Option<&str> {
        self.categories.iter().find(|c| c.index == index).map(|c| c.name.as_str())
    }

    /// The label of the list's own tasks (`Level::District`, no level marker),
    /// after the kind of place: 县级 for a county, 区级 for a district, 市级 for
    /// a city; 本级 when the place is not known. A county's list never says 区级.
    pub fn own_level_label(&self) -> &'static str {
        own_level_label(self.place.as_deref())
    }
}

/// `Notice::own_level_label` for a place name.
pub fn own_level_label(place: Option<&str>) -> &'static str {
    match place.and_then(|p| p.chars().last()) {
        Some('县') => "县级",
        Some('区') => "区级",
        Some('市') => "市级",
        Some('旗') => "旗级",
        Some('州') => "州级",
        Some('省') => "省级",
        _ => "本级",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// 1-based, from the heading's Chinese numeral (一 → 1).
    pub index: u32,
    pub name: String,
    /// "（N项）" in the main list's heading.
    pub stated_count: Option<u32>,
    /// "（N项）" in 附件1's heading.
    pub stated_count_attachment: Option<u32>,
    /// Items actually listed under this heading in the main list.
    pub item_nos: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    District,
    City,
    Province,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The number printed before the item (shown to the user; numbering may
    /// restart in each category, so it is not the item's identity).
    pub no: u32,
    /// The item's stable key (`keys`): what recorded progress points at.
    /// The printed number when a notice's numbers are unique when first read.
    #[serde(default)]
    pub key: u32,
    /// The category's `index`.
    pub category: u32,
    /// Text as in the main list, without the trailing parenthetical(s).
    pub text: String,
    /// 附件1's wording, only where it differs from `text`.
    pub attachment_text: Option<String>,
    pub units: Vec<String>,
    /// 牵头单位 or 配合单位, as written; None when no unit is named.
    pub units_label: Option<String>,
    /// The other units named (协办, 配合, 共同责任 …), when the notice names them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partner_units: Vec<String>,
    /// The investment the item states (`年度投资3000万元`, `总投资1.2亿元`), in 元.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investment_yuan: Option<f64>,
    pub level: Level,
    /// The text carries （全市参照执行） in either list.
    pub citywide_reference: bool,
    /// 推进举措 of 附件1, numbering stripped.
    pub measures: Vec<String>,
    pub targets: Vec<Target>,
    pub subsidies: Vec<Subsidy>,
    /// Baselines stated alongside a target (从3千伏安提高到3.1千伏安 → 3 千伏安).
    pub baselines: Vec<Target>,
    /// Deadlines the item or its measures give ("10月底前全部完工").
    pub deadlines: Vec<Deadline>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Count,
    Percent,
    MoneyStandard,
    Length,
    Area,
    Capacity,
    /// "1.3倍" of another standard.
    Ratio,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// The target's stable key within its item (`keys`), which recorded values point at.
    #[serde(default)]
    pub key: usize,
    /// What is counted, from the clause around the number (新增托位).
    pub label: String,
    /// The number as written (0.98). Finite: a figure beyond 10^13 in base
    /// units is no target (数据核查 names it, kind `unreadable`).
    pub value: f64,
    /// The unit as written (万人).
    pub unit: String,
    /// Value in base units (9800).
    pub normalized: f64,
    /// Base unit (人).
    pub base_unit: String,
    pub kind: TargetKind,
    /// 不少于, 以上, 左右, 达到, 不低于 … or None for a plain figure.
    pub comparator: Option<String>,
    /// The text the target was read from: its clause (in a run-on text
    /// without punctuation, the part of it within ~200 characters of the figure).
    pub quote: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subsidy {
    /// The subsidy's stable key within its item (`keys`), which recorded figures point at.
    #[serde(default)]
    pub key: usize,
    /// What is paid for (康复训练救助).
    pub label: String,
    pub amount_yuan: f64,
    /// 每人, 每人每年, 一次性, 最高不超过 (a cap), 采购 (a budget) …
    pub basis: String,
    /// Count the same clause applies it to, when it says so unambiguously.
    pub beneficiaries: Option<u64>,
    /// amount × beneficiaries where both are known (or the budget itself).
    pub planned_total_yuan: Option<f64>,
    pub quote: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    /// Month number, 1–12.
    pub month: u32,
    /// Day of month when given; None means end of month (月底).
    pub day: Option<u32>,
    pub quote: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticKind {
    /// The input could not be read as this layout (no list, no items …).
    Unreadable,
    /// A heading's （N项） differs from the items listed under it.
    CategoryCountMismatch,
    /// The headings' counts add up to something else than the announced total.
    StatedTotalMismatch,
    /// Main list and 附件1 state different counts for the same category.
    AttachmentCountMismatch,
    /// 全市 in one list, 全区 in the other, for the same item.
    ScopeMismatch,
    /// （全市参照执行） in one list and not the other.
    CitywideReferenceMismatch,
    /// A 文号 with an impossible year, or malformed.
    DocumentNumber,
    /// Measures' breakdown does not add up to the item's target.
    BreakdownMismatch,
    /// An item of one list is missing from the other, or numbering skips.
    ItemMismatch,
    /// Other wording differences between the two lists.
    WordingDiffers,
    /// How an unusual text was read (traditional characters, a table in the
    /// text, an item number running into a figure …): for the user to check.
    ReadAs,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub kind: DiagnosticKind,
    pub items: Vec<u32>,
    /// Chinese, for the 数据核查 panel.
    pub message: String,
    pub quote: Option<String>,
}
