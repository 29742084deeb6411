//! Edits to progress: validated against the notice, recorded in the
//! history, undoable. The only way the app changes `Progress`.

use std::fmt;

use super::model::{Change, Fact, Field, ItemProgress, Observation, Progress, Settings, Status, Value};
use super::schedule::Standing;
use super::timestamp::Timestamp;
use crate::notice::Notice;

/// How many recent changes can be undone.
pub const UNDO_DEPTH: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub item: u32,
    pub field: Field,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EditError {
    NoSuchItem(u32),
    NoSuchTarget {
        item: u32,
        target: usize,
    },
    NoSuchSubsidy {
        item: u32,
        subsidy: usize,
    },
    NotANumber {
        field: String,
    },
    NotText {
        field: String,
    },
    /// A number `bounds` refuses (negative, too large), and why.
    OutOfBounds {
        field: String,
        why: String,
    },
    NotAStatus(String),
    /// A hand-set 完成状况 that is none of the three.
    NotAStanding(String),
    NoSuchQuarter(u8),
    Settings(String),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::NoSuchItem(no) => write!(f, "通知中没有第{no}项。"),
            EditError::NoSuchTarget { item, target } => write!(f, "第{item}项没有第{}个量化目标。", target + 1),
            EditError::NoSuchSubsidy { item, subsidy } => write!(f, "第{item}项没有第{}个补助标准。", subsidy + 1),
            EditError::NotANumber { field } => write!(f, "“{field}”应填写数字。"),
            EditError::NotText { field } => write!(f, "“{field}”应填写文字。"),
            EditError::OutOfBounds { field, why } => write!(f, "“{field}”{why}。"),
            EditError::NotAStatus(s) => write!(f, "未知的状态“{}”（应为 not_started、in_progress、done、paused 之一）", super::jsonpath::quoted(s)),
            EditError::NotAStanding(s) => write!(f, "未知的完成状况“{}”（应为 done、on_schedule、behind 之一，或空）", super::jsonpath::quoted(s)),
            EditError::NoSuchQuarter(q) => write!(f, "没有第{q}季度（应为 1–4）。"),
            EditError::Settings(why) => write!(f, "{why}。"),
        }
    }
}

impl Progress {
    /// The current value of a field.
    pub fn get(&self, item: u32, field: &Field) -> Value {
        let untouched = ItemProgress::default();
        let p = self.items.get(&item).unwrap_or(&untouched);
        match field {
            Field::Status => Value::Text(p.status.key().to_string()),
            Field::PauseReason => Value::from_text(&p.pause_reason),
            Field::Note => Value::from_text(&p.note),
            Field::Evidence => Value::from_text(&p.evidence),
            Field::TargetAchieved { target, as_of } => {
                Value::from_number(p.targets.get(target).and_then(|obs| obs.iter().find(|o| o.as_of == *as_of)).map(|o| o.value))
            }
            Field::SubsidyServed { subsidy } => Value::from_number(p.subsidies.get(subsidy).and_then(|s| s.served)),
            Field::SubsidyDisbursed { subsidy } => Value::from_number(p.subsidies.get(subsidy).and_then(|s| s.disbursed)),
            Field::SubsidyPlanned { subsidy } => Value::from_number(p.subsidies.get(subsidy).and_then(|s| s.planned)),
            // The fact recorded for exactly that day: each (fact, day) is a
            // field of its own, as a target's value on a day is, so fields
            // merge independently. What holds on a day (an earlier day's
            // fact, an undated value) is `facts::value_on`'s.
            Field::Dated { fact, on } => p.dated_exactly(*fact, *on).cloned().unwrap_or_default(),
            Field::Leader => Value::from_text(&p.leader),
            Field::Responsible => Value::from_text(&p.responsible),
            Field::Partners => p.partners.as_deref().map_or(Value::Empty, |t| Value::Text(t.to_string())),
            Field::QuarterGoal { quarter } => Value::from_text(p.quarters.get(quarter).map_or("", |q| q.text.as_str())),
            Field::QuarterShare { quarter } => Value::from_number(p.quarters.get(quarter).and_then(|q| q.share)),
        }
    }

    /// Set a field without recording anything (replay, undo and merge use this).
    pub fn put(&mut self, item: u32, field: &Field, value: &Value) {
        let p = self.items.entry(item).or_default();
        match field {
            Field::Status => p.status = Status::from_key(value.text()).unwrap_or_default(),
            Field::PauseReason => p.pause_reason = value.text().to_string(),
            Field::Note => p.note = value.text().to_string(),
            Field::Evidence => p.evidence = value.text().to_string(),
            Field::TargetAchieved { target, as_of } => {
                let observations = p.targets.entry(*target).or_default();
                observations.retain(|o| o.as_of != *as_of);
                if let Some(v) = value.number() {
                    let at = observations.partition_point(|o| o.as_of < *as_of);
                    observations.insert(at, Observation { as_of: *as_of, value: v });
                }
                if observations.is_empty() {
                    p.targets.remove(target);
                }
            }
            Field::SubsidyServed { subsidy } => p.subsidies.entry(*subsidy).or_default().served = value.number(),
            Field::SubsidyDisbursed { subsidy } => p.subsidies.entry(*subsidy).or_default().disbursed = value.number(),
            Field::SubsidyPlanned { subsidy } => p.subsidies.entry(*subsidy).or_default().planned = value.number(),
            // Nothing recorded removes the day's fact; a blank (`Text("")`)
            // is recorded: it hides an earlier day's.
            Field::Dated { fact, on } => match value {
                Value::Empty => p.dated.retain(|f| (f.fact, f.on) != (*fact, *on)),
                _ => p.put_dated(*fact, *on, value.clone()),
            },
            Field::Leader => p.leader = value.text().to_string(),
            Field::Responsible => p.responsible = value.text().to_string(),
            Field::Partners => p.partners = (*value != Value::Empty).then(|| value.text().to_string()),
            Field::QuarterGoal { quarter } => p.quarters.entry(*quarter).or_default().text = value.text().to_string(),
            Field::QuarterShare { quarter } => p.quarters.entry(*quarter).or_default().share = value.number(),
        }
        if let Field::QuarterGoal { quarter } | Field::QuarterShare { quarter } = field {
            if p.quarters.get(quarter).is_some_and(|q| *q == Default::default()) {
                p.quarters.remove(quarter);
            }
        }
        if let Field::SubsidyServed { subsidy } | Field::SubsidyDisbursed { subsidy } | Field::SubsidyPlanned { subsidy } = field {
            if p.subsidies.get(subsidy).is_some_and(|s| *s == Default::default()) {
                p.subsidies.remove(subsidy);
            }
        }
    }

    /// Record a change: set the value, stamp the item, append to history.
    fn record(&mut self, item: u32, field: Field, old: Value, new: Value, at: Timestamp) -> Change {
        self.put(item, &field, &new);
        let unit = self.settings.unit.clone();
        let p: &mut ItemProgress = self.items.entry(item).or_default();
        p.updated = Some(at);
        p.updated_by = (!unit.is_empty()).then(|| unit.clone());
        let change = Change { at, unit, item, field, old, new };
        self.history.push(change.clone());
        change
    }
}

/// Progress plus the in-memory undo and redo stacks of this session. A step
/// is the changes of one edit, or of one batch (a block pasted into the 填报
/// grid): undone and redone together.
#[derive(Debug, Clone, Default)]
pub struct Tracker {
    pub progress: Progress,
    undo: Vec<Vec<Change>>,
    redo: Vec<Vec<Change>>,
}

impl Tracker {
    pub fn new(progress: Progress) -> Tracker {
        Tracker { progress, undo: Vec::new(), redo: Vec::new() }
    }

    /// Apply an edit made at local time `at`. Ok(false) when it changes nothing.
    pub fn edit(&mut self, notice: &Notice, edit: Edit, at: Timestamp) -> Result<bool, EditError> {
        validate(notice, &edit)?;
        let old = self.progress.get(edit.item, &edit.field);
        if old == edit.value {
            return Ok(false);
        }
        let change = self.progress.record(edit.item, edit.field, old, edit.value, at);
        self.push_step(vec![change]);
        Ok(true)
    }

    /// Apply several edits as one change set (a block pasted into the 填报
    /// grid): every edit is validated first, and if one is refused nothing
    /// changes (its position in `edits` and why); else those that change
    /// something are recorded at `at` and undone and redone together, as one
    /// step. Returns how many changed something.
    pub fn edit_batch(&mut self, notice: &Notice, edits: Vec<Edit>, at: Timestamp) -> Result<usize, (usize, EditError)> {
        for (index, edit) in edits.iter().enumerate() {
            validate(notice, edit).map_err(|e| (index, e))?;
        }
        let mut step = Vec::new();
        for edit in edits {
            let old = self.progress.get(edit.item, &edit.field);
            if old != edit.value {
                step.push(self.progress.record(edit.item, edit.field, old, edit.value, at));
            }
        }
        let changed = step.len();
        if changed > 0 {
            self.push_step(step);
        }
        Ok(changed)
    }

    fn push_step(&mut self, step: Vec<Change>) {
        self.undo.push(step);
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undo the last step of this session; the undo is itself recorded in
    /// the history. Returns the item it touched when the step was one edit
    /// (a batch's items are many: None). A field changed since (by another
    /// tab) is not overwritten: a one-edit step is then dropped, a batch
    /// undoes the fields that still hold what it set.
    pub fn undo(&mut self, at: Timestamp) -> Option<u32> {
        let step = self.undo.pop()?;
        let done = self.replay(step, at, true);
        let item = single_item(&done);
        if !done.is_empty() {
            self.redo.push(done);
        }
        item
    }

    /// Redo the last undone step (see `undo`).
    pub fn redo(&mut self, at: Timestamp) -> Option<u32> {
        let step = self.redo.pop()?;
        let done = self.replay(step, at, false);
        let item = single_item(&done);
        if !done.is_empty() {
            self.undo.push(done);
        }
        item
    }

    /// Take a step back (`back`) or forward again, last change first when
    /// going back; a field that no longer holds what the step left is skipped.
    /// Returns the changes taken, in the step's order.
    fn replay(&mut self, step: Vec<Change>, at: Timestamp, back: bool) -> Vec<Change> {
        let mut done = Vec::with_capacity(step.len());
        let ordered: Box<dyn Iterator<Item = Change>> = if back { Box::new(step.into_iter().rev()) } else { Box::new(step.into_iter()) };
        for change in ordered {
            let (from, to) = if back { (&change.new, &change.old) } else { (&change.old, &change.new) };
            if self.progress.get(change.item, &change.field) != *from {
                continue;
            }
            self.progress.record(change.item, change.field.clone(), from.clone(), to.clone(), at);
            done.push(change);
        }
        if back {
            done.reverse();
        }
        done
    }

    /// Replace the progress (another tab saved, an import): the undo stacks
    /// refer to the old state and are dropped.
    pub fn replace(&mut self, progress: Progress) {
        *self = Tracker::new(progress);
    }

    /// Take in another tab's merged state, keeping this session's undo
    /// stacks: an undo never overwrites a field someone changed since.
    pub fn merge_in(&mut self, merged: Progress) {
        self.progress = merged;
    }

    /// Change the settings (my unit, the light thresholds): checked by
    /// `bounds::check_settings`, the unit trimmed. Not in the history: they
    /// are this browser's, not the progress's.
    pub fn set_settings(&mut self, mut settings: Settings) -> Result<(), EditError> {
        settings.unit = settings.unit.trim().to_string();
        super::bounds::check_settings(&settings).map_err(EditError::Settings)?;
        self.progress.settings = settings;
        Ok(())
    }

    /// Apply several edits (a restore) as one would by hand; returns how many changed something.
    pub fn edit_all(&mut self, notice: &Notice, edits: Vec<Edit>, at: Timestamp) -> Result<usize, EditError> {
        let mut changed = 0;
        for edit in edits {
            changed += usize::from(self.edit(notice, edit, at)?);
        }
        Ok(changed)
    }
}

/// The item of a step of one change (None for a batch, or nothing done).
fn single_item(step: &[Change]) -> Option<u32> {
    match step {
        [one] => Some(one.item),
        _ => None,
    }
}

pub(crate) fn validate(notice: &Notice, edit: &Edit) -> Result<(), EditError> {
    let item = notice.items.iter().find(|i| i.key == edit.item).ok_or(EditError::NoSuchItem(edit.item))?;
    match &edit.field {
        Field::Status | Field::Dated { fact: Fact::Status, .. } => {
            let key = edit.value.text();
            Status::from_key(key).ok_or_else(|| EditError::NotAStatus(key.to_string()))?;
        }
        Field::Dated { fact: Fact::Judgement, .. } if !edit.value.text().is_empty() => {
            let key = edit.value.text();
            Standing::from_key(key).ok_or_else(|| EditError::NotAStanding(key.to_string()))?;
        }
        Field::Dated { fact, .. } if fact.subsidy().is_some_and(|s| !item.subsidies.iter().any(|x| x.key == s)) => {
            return Err(EditError::NoSuchSubsidy { item: item.no, subsidy: fact.subsidy().unwrap_or_default() })
        }
        Field::QuarterGoal { quarter } | Field::QuarterShare { quarter } if !(1..=4).contains(quarter) => return Err(EditError::NoSuchQuarter(*quarter)),
        Field::TargetAchieved { target, .. } if !item.targets.iter().any(|t| t.key == *target) => {
            return Err(EditError::NoSuchTarget { item: item.no, target: *target })
        }
        Field::SubsidyServed { subsidy } | Field::SubsidyDisbursed { subsidy } | Field::SubsidyPlanned { subsidy }
            if !item.subsidies.iter().any(|s| s.key == *subsidy) =>
        {
            return Err(EditError::NoSuchSubsidy { item: item.no, subsidy: *subsidy })
        }
        _ => {}
    }
    if edit.field.is_number() {
        match &edit.value {
            Value::Empty => {}
            Value::Number(n) => {
                if let Some(why) = super::bounds::refusal(*n) {
                    return Err(EditError::OutOfBounds { field: edit.field.label(), why });
                }
                if matches!(edit.field, Field::QuarterShare { .. }) && *n > 100.0 {
                    return Err(EditError::OutOfBounds { field: edit.field.label(), why: "应在 0 到 100 之间".into() });
                }
            }
            // A blank for a day hides an earlier day's figure.
            Value::Text(t) if t.is_empty() && matches!(edit.field, Field::Dated { .. }) => {}
            Value::Text(_) => return Err(EditError::NotANumber { field: edit.field.label() }),
        }
    } else if let Value::Number(_) = edit.value {
        return Err(EditError::NotText { field: edit.field.label() });
    }
    Ok(())
}
