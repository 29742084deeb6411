//! A year of daily edits to all 50 items, shared by tests/progress_record.rs
//! and benches/storage.rs (included with `#[path]`): the size and speed
//! figures of the stored record are measured on this.

use minsheng::notice::Notice;
use minsheng::progress::{Day, Edit, Field, Progress, Timestamp, Tracker, Value};

/// A timestamp literal.
#[allow(dead_code)]
pub fn ts(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap_or_else(|| panic!("not a timestamp: {text}"))
}

/// Each day of 2023, for each item: an observation as of that day of its
/// first target, or (no target) a new note; ~18k changes in the history.
pub fn year_of_edits(notice: &Notice) -> Progress {
    let mut t = Tracker::default();
    t.progress.settings.unit = "区残联".into();
    let mut day = Day::new(2023, 1, 1).unwrap();
    for d in 0..365u32 {
        for (i, item) in notice.items.iter().enumerate() {
            let at = ts(&format!("{day}T{:02}:{:02}:{:02}", 9 + i / 60, i % 60, d % 60));
            let edit = if item.targets.is_empty() {
                Edit {
                    item: item.no, field: Field::Note, value: Value::Text(format!("第{}天：已召开推进会，完成阶段性工作{}项。", d + 1, d % 7 + 1))
                }
            } else {
                Edit { item: item.no, field: Field::TargetAchieved { target: 0, as_of: day }, value: Value::Number(f64::from(d * 3 + i as u32)) }
            };
            t.edit(notice, edit, at).unwrap();
        }
        day = day.next();
    }
    t.progress
}
