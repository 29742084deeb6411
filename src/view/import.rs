//! What an import would do, as the rows the confirmation dialog lists:
//! each field that would change (item, field, old → new) and each conflict
//! with the values to choose from.

use crate::notice::Notice;
use crate::progress::diff::diff;
use crate::progress::{Conflict, Field, Progress, Status, Timestamp, Value};
use crate::view::format::number;

#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRow {
    /// The item's key; `no` is its printed number.
    pub item: u32,
    pub no: u32,
    /// The item's text, shortened.
    pub title: String,
    pub field: String,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConflictRow {
    pub item: u32,
    pub no: u32,
    pub title: String,
    pub field: String,
    /// Oldest first; the last is what the merge chose (the newest edit).
    pub choices: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: Value,
    pub shown: String,
    /// "区残联 2023-10-31 17:05" (who, when), "本机 · …" for this browser's own value.
    pub by: String,
}

/// Every field whose value differs between `from` (what the user has) and `to`.
pub fn change_rows(notice: &Notice, from: &Progress, to: &Progress) -> Vec<ChangeRow> {
    diff(from, to)
        .into_iter()
        .map(|edit| ChangeRow {
            item: edit.item,
            no: printed_no(notice, edit.item),
            title: title(notice, edit.item),
            field: edit.field.label(),
            old: shown(&edit.field, &from.get(edit.item, &edit.field)),
            new: shown(&edit.field, &edit.value),
        })
        .collect()
}

pub fn conflict_rows(notice: &Notice, conflicts: &[Conflict]) -> Vec<ConflictRow> {
    conflicts
        .iter()
        .map(|c| ConflictRow {
            item: c.item,
            no: printed_no(notice, c.item),
            title: title(notice, c.item),
            field: c.field.label(),
            choices: c
                .candidates
                .iter()
                .map(|candidate| Choice {
                    value: candidate.value.clone(),
                    shown: shown(&c.field, &candidate.value),
                    by: if candidate.input == 0 { format!("本机 · {}", by(&candidate.unit, &candidate.at)) } else { by(&candidate.unit, &candidate.at) },
                })
                .collect(),
        })
        .collect()
}

fn by(unit: &str, at: &Timestamp) -> String {
    let unit = if unit.is_empty() { "未署名" } else { unit };
    // To the minute; nothing for a value from before the history.
    let when = if at.is_prior() { String::new() } else { at.shown().chars().take(16).collect() };
    if when.is_empty() {
        unit.to_string()
    } else {
        format!("{unit} {when}")
    }
}

/// A value as the user reads it: status by its label, numbers without
/// trailing zeros, nothing as "（空）".
pub fn shown(field: &Field, value: &Value) -> String {
    match (field, value) {
        (_, Value::Empty) => "（空）".to_string(),
        (Field::Status, Value::Text(key)) => Status::from_key(key).map_or_else(|| key.clone(), |s| s.label().to_string()),
        (_, Value::Number(n)) => number(*n),
        (_, Value::Text(t)) => t.clone(),
    }
}

/// "7 新增托位675个…": the item's text cut to 24 characters.
/// The number printed before the item keyed `key`.
fn printed_no(notice: &Notice, key: u32) -> u32 {
    notice.items.iter().find(|i| i.key == key).map_or(key, |i| i.no)
}

fn title(notice: &Notice, key: u32) -> String {
    const MAX: usize = 24;
    let text = notice.items.iter().find(|i| i.key == key).map_or("", |i| i.text.as_str());
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::parse;
    use crate::progress::timestamp::ts;
    use crate::progress::{merge, Edit, Tracker};

    #[test]
    fn rows_say_what_changes_and_what_conflicts() {
        let n = parse(crate::BUNDLED_NOTICE);
        let mut common = Tracker::default();
        common.edit(&n, Edit { item: 7, field: Field::Note, value: Value::Text("共同".into()) }, ts("2023-09-01T09:00:00")).unwrap();
        let (mut mine, mut theirs) = (common.clone(), common.clone());
        mine.progress.settings.unit = "区民政局".into();
        theirs.progress.settings.unit = "区残联".into();
        mine.edit(&n, Edit { item: 7, field: Field::Note, value: Value::Text("本机".into()) }, ts("2023-10-01T09:00:00")).unwrap();
        theirs.edit(&n, Edit { item: 7, field: Field::Note, value: Value::Text("文件".into()) }, ts("2023-10-02T09:00:00")).unwrap();
        theirs.edit(&n, Edit { item: 9, field: Field::Status, value: Value::Text(Status::Done.key().into()) }, ts("2023-10-02T09:00:01")).unwrap();
        let merged = merge(&[&mine.progress, &theirs.progress]);
        let changes = change_rows(&n, &mine.progress, &merged.progress);
        let summary: Vec<(u32, &str, &str, &str)> = changes.iter().map(|r| (r.item, r.field.as_str(), r.old.as_str(), r.new.as_str())).collect();
        assert_eq!(summary, vec![(7, "备注", "本机", "文件"), (9, "状态", "未启动", "已完成")]);
        assert!(changes[0].title.ends_with('…') && changes[0].title.chars().count() == 25, "{}", changes[0].title);
        let conflicts = conflict_rows(&n, &merged.conflicts);
        assert_eq!(conflicts.len(), 1);
        let shown: Vec<(&str, &str)> = conflicts[0].choices.iter().map(|c| (c.shown.as_str(), c.by.as_str())).collect();
        assert_eq!(shown, vec![("本机", "本机 · 区民政局 2023-10-01 09:00"), ("文件", "区残联 2023-10-02 09:00")]);
    }

    #[test]
    fn values_read_as_the_user_wrote_them() {
        assert_eq!(shown(&Field::Status, &Value::Text("paused".into())), "已暂停");
        assert_eq!(shown(&Field::SubsidyServed { subsidy: 0 }, &Value::Number(40.0)), "40");
        assert_eq!(shown(&Field::Note, &Value::Empty), "（空）");
    }
}
