//! Recorded progress: the serialized domain state (a storage and snapshot
//! boundary: versioned by `SCHEMA_VERSION`, migrations in `migrate`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::day::Day;
use super::timestamp::Timestamp;

/// Version of the layout below. v1 is read by `migrate`.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    /// By item number; an item nobody touched has no entry.
    #[serde(deserialize_with = "super::change_serde::unique_objects")]
    pub items: BTreeMap<u32, ItemProgress>,
    #[serde(deserialize_with = "super::change_serde::object")]
    pub settings: Settings,
    /// Every change ever made, oldest first.
    pub history: Vec<Change>,
}

impl Progress {
    /// Drop item entries that hold nothing (an untouched item has no entry):
    /// a record migrated from schema 1 or written by hand may have them, and
    /// two states that differ only in these are the same state.
    pub fn canonicalize(&mut self) {
        self.items.retain(|_, p| *p != ItemProgress::default());
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemProgress {
    pub status: Status,
    /// Why the item is 已暂停.
    pub pause_reason: String,
    pub note: String,
    /// Evidence: free text and links, always shown as text.
    pub evidence: String,
    /// Per target (index into the notice item's `targets`): values achieved, by as-of day.
    #[serde(deserialize_with = "super::change_serde::unique_keys")]
    pub targets: BTreeMap<usize, Vec<Observation>>,
    /// Per subsidy standard (index into the item's `subsidies`).
    #[serde(deserialize_with = "super::change_serde::unique_objects")]
    pub subsidies: BTreeMap<usize, SubsidyProgress>,
    /// Local time of the last change.
    pub updated: Option<Timestamp>,
    pub updated_by: Option<String>,
    /// Facts by the day they are true for (#15), in (fact, day) order; the
    /// undated fields above hold what was recorded before facts had a day.
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "super::facts::sorted_facts")]
    pub dated: Vec<DatedFact>,
    /// 分管领导, 责任人: names, as typed.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub leader: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub responsible: String,
    /// 配合单位 as the user set them; None: the notice's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partners: Option<String>,
    /// 季度目标 by quarter (1–4).
    #[serde(skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "super::change_serde::unique_objects")]
    pub quarters: BTreeMap<u8, QuarterGoal>,
}

/// A quarter's goal (季度目标): what should be done by its end, and where
/// useful how far along the year's goal that is (cumulative %, 0–100), which
/// 序时进度 then follows.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct QuarterGoal {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
}

/// Something true about an item from a day on (#15): recorded for the day it
/// is true for, which may be before the day it was typed (a Q3 report
/// compiled in October).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fact {
    Status,
    PauseReason,
    Note,
    Evidence,
    /// 完成情况 as a person wrote it (else the numbers' account).
    Summary,
    /// 完成状况 set by hand: a `Standing` key; empty: the computed one.
    Judgement,
    JudgementReason,
    SubsidyServed {
        subsidy: usize,
    },
    SubsidyDisbursed {
        subsidy: usize,
    },
    SubsidyPlanned {
        subsidy: usize,
    },
}

impl Fact {
    /// Facts that speak for a period hold only within their quarter: the Q3
    /// 完成情况 is not Q4's.
    pub fn within_quarter(self) -> bool {
        matches!(self, Fact::Summary | Fact::Judgement | Fact::JudgementReason)
    }

    pub fn is_number(self) -> bool {
        matches!(self, Fact::SubsidyServed { .. } | Fact::SubsidyDisbursed { .. } | Fact::SubsidyPlanned { .. })
    }

    pub fn label(self) -> String {
        match self {
            Fact::Status => "状态".into(),
            Fact::PauseReason => "暂停原因".into(),
            Fact::Note => "备注".into(),
            Fact::Evidence => "佐证材料".into(),
            Fact::Summary => "完成情况".into(),
            Fact::Judgement => "完成状况（人工认定）".into(),
            Fact::JudgementReason => "认定理由".into(),
            Fact::SubsidyServed { subsidy } => format!("补助{}已惠及人数", subsidy + 1),
            Fact::SubsidyDisbursed { subsidy } => format!("补助{}已发放金额", subsidy + 1),
            Fact::SubsidyPlanned { subsidy } => format!("补助{}计划金额", subsidy + 1),
        }
    }

    /// The field that held this fact before facts had a day, if any.
    pub fn undated(self) -> Option<Field> {
        Some(match self {
            Fact::Status => Field::Status,
            Fact::PauseReason => Field::PauseReason,
            Fact::Note => Field::Note,
            Fact::Evidence => Field::Evidence,
            Fact::SubsidyServed { subsidy } => Field::SubsidyServed { subsidy },
            Fact::SubsidyDisbursed { subsidy } => Field::SubsidyDisbursed { subsidy },
            Fact::SubsidyPlanned { subsidy } => Field::SubsidyPlanned { subsidy },
            Fact::Summary | Fact::Judgement | Fact::JudgementReason => return None,
        })
    }
}

/// A fact's value for a day. Stored as `{"field":"note","on":"2023-09-30","value":"…"}`
/// (`facts`), the form a history entry gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct DatedFact {
    pub fact: Fact,
    pub on: Day,
    /// `Value::Empty` is kept: "no 备注 for Q3" hides Q2's.
    pub value: Value,
}

/// Read by its key alone (`change_serde`): a number is "not a status", not broken JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    NotStarted,
    InProgress,
    Done,
    Paused,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::NotStarted, Status::InProgress, Status::Done, Status::Paused];

    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "未启动",
            Status::InProgress => "推进中",
            Status::Done => "已完成",
            Status::Paused => "已暂停",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Paused => "paused",
        }
    }

    pub fn from_key(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// A value achieved as of a day ("截至9月30日完成500人").
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    pub as_of: Day,
    pub value: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SubsidyProgress {
    /// Beneficiaries served so far.
    pub served: Option<f64>,
    /// Amount disbursed, when the user overrides served × standard.
    pub disbursed: Option<f64>,
    /// Planned amount, when the notice gives none or the user corrects it.
    pub planned: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The user's unit (区残联), stored with each change.
    pub unit: String,
    /// Lag in percentage points from which a light turns yellow / red.
    pub yellow_lag: f64,
    pub red_lag: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { unit: String::new(), yellow_lag: 10.0, red_lag: 30.0 }
    }
}

/// What a change touched. Serialized inside its `Change` (`"field": "target_achieved", "target": 0, "as_of": …`):
/// see `change_serde`.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Status,
    PauseReason,
    Note,
    Evidence,
    TargetAchieved {
        target: usize,
        as_of: Day,
    },
    SubsidyServed {
        subsidy: usize,
    },
    SubsidyDisbursed {
        subsidy: usize,
    },
    SubsidyPlanned {
        subsidy: usize,
    },
    /// A fact for the day it is true for (#15): what the app records now.
    Dated {
        fact: Fact,
        on: Day,
    },
    /// The item's people (#15): not per period.
    Leader,
    Responsible,
    Partners,
    /// 季度目标 (quarter 1–4): its text, and its cumulative share of the year's goal (%).
    QuarterGoal {
        quarter: u8,
    },
    QuarterShare {
        quarter: u8,
    },
}

impl Field {
    pub fn label(&self) -> String {
        match self {
            Field::Dated { fact, on } => format!("{}（截至{on}）", fact.label()),
            Field::Leader => "分管领导".into(),
            Field::Responsible => "责任人".into(),
            Field::Partners => "配合单位".into(),
            Field::QuarterGoal { quarter } => format!("第{}季度目标", quarter_cn(*quarter)),
            Field::QuarterShare { quarter } => format!("第{}季度末累计进度（%）", quarter_cn(*quarter)),
            Field::Status => "状态".into(),
            Field::PauseReason => "暂停原因".into(),
            Field::Note => "备注".into(),
            Field::Evidence => "佐证材料".into(),
            Field::TargetAchieved { target, as_of } => format!("目标{}完成值（截至{as_of}）", target + 1),
            Field::SubsidyServed { subsidy } => format!("补助{}已惠及人数", subsidy + 1),
            Field::SubsidyDisbursed { subsidy } => format!("补助{}已发放金额", subsidy + 1),
            Field::SubsidyPlanned { subsidy } => format!("补助{}计划金额", subsidy + 1),
        }
    }
}

impl Field {
    /// Whether the field holds a number (else text or a key).
    pub fn is_number(&self) -> bool {
        match self {
            Field::TargetAchieved { .. } | Field::SubsidyServed { .. } | Field::SubsidyDisbursed { .. } | Field::SubsidyPlanned { .. } => true,
            Field::QuarterShare { .. } => true,
            Field::Dated { fact, .. } => fact.is_number(),
            _ => false,
        }
    }
}

/// 一 二 三 四 for quarters 1–4.
pub fn quarter_cn(quarter: u8) -> &'static str {
    ["一", "二", "三", "四"].get(usize::from(quarter).wrapping_sub(1)).copied().unwrap_or("？")
}

/// A field's value: text, a number, or nothing (cleared). JSON `null`, a
/// number or a string (see `change_serde`: read by the JSON type itself, no
/// guessing among variants).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Empty,
    Number(f64),
    Text(String),
}

impl Value {
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn text(&self) -> &str {
        match self {
            Value::Text(t) => t,
            _ => "",
        }
    }

    pub fn from_text(text: &str) -> Value {
        if text.is_empty() {
            Value::Empty
        } else {
            Value::Text(text.to_string())
        }
    }

    pub fn from_number(n: Option<f64>) -> Value {
        n.map_or(Value::Empty, Value::Number)
    }
}

/// One entry of the history: who changed what, from what, to what, when.
/// Serialized flat (`{"at","unit","item","field",…,"old","new"}`, the
/// format of release 0.1): see `change_serde`.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// When, by the editing computer's clock (`Timestamp::PRIOR` for a value
    /// that predates the history).
    pub at: Timestamp,
    pub unit: String,
    pub item: u32,
    pub field: Field,
    pub old: Value,
    pub new: Value,
}
