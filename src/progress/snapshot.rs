//! The JSON snapshot a unit mails to the district office (#6): a public,
//! versioned format, pretty and readable (Chinese unescaped). This is the
//! export side; import validation and merging come with #6.

use serde::{Deserialize, Serialize};

use super::model::Progress;
use super::record::notice_hash;
use crate::notice::Notice;

pub const FORMAT: &str = "minsheng-snapshot";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub format: String,
    pub format_version: u32,
    pub app_version: String,
    /// `record::notice_hash` of the notice text.
    pub notice: String,
    pub notice_title: Option<String>,
    /// Local time "YYYY-MM-DDTHH:MM:SS".
    pub exported_at: String,
    /// The exporting unit (from the settings), empty when none is set.
    pub unit: String,
    /// All progress, with its settings and history.
    pub progress: Progress,
}

/// The place a notice is about: 相山区 from "关于印发相山区2023年…" or "淮北市相山区2023年…".
pub fn place(notice: &Notice) -> Option<String> {
    let title = notice.list_title.as_deref().or(notice.title.as_deref())?;
    let before_year = &title[..title.find(|c: char| c.is_ascii_digit())?];
    let name = before_year.trim_start_matches("关于印发").trim_start_matches("关于");
    let name = name.rsplit_once('市').map_or(name, |(_, rest)| if rest.is_empty() { name } else { rest });
    (!name.is_empty()).then(|| name.to_string())
}

/// The snapshot file: its name ("相山区民生实事_2023-10-31_区残联.json") and pretty JSON.
pub fn export(notice_text: &str, notice: &Notice, progress: &Progress, exported_at: &str) -> (String, String) {
    let unit = progress.settings.unit.clone();
    let snapshot = Snapshot {
        format: FORMAT.to_string(),
        format_version: FORMAT_VERSION,
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        notice: notice_hash(notice_text),
        notice_title: notice.title.clone(),
        exported_at: exported_at.to_string(),
        unit: unit.clone(),
        progress: progress.clone(),
    };
    let day = exported_at.get(..10).unwrap_or(exported_at);
    let mut name = format!("{}民生实事_{day}", place(notice).unwrap_or_default());
    if !unit.is_empty() {
        name.push('_');
        name.push_str(&unit);
    }
    name.push_str(".json");
    (name, serde_json::to_string_pretty(&snapshot).expect("snapshot serializes"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::parse;
    use crate::progress::{Edit, Field, Tracker, Value};

    #[test]
    fn exported_snapshot_is_named_readable_and_complete() {
        let n = parse(crate::BUNDLED_NOTICE);
        assert_eq!(place(&n).as_deref(), Some("相山区"));
        let mut t = Tracker::default();
        t.progress.settings.unit = "区残联".into();
        t.edit(&n, Edit { item: 7, field: Field::Note, value: Value::Text("首批资金已拨付".into()) }, "2023-10-31T16:00:00").unwrap();
        let (name, json) = export(crate::BUNDLED_NOTICE, &n, &t.progress, "2023-10-31T17:05:00");
        assert_eq!(name, "相山区民生实事_2023-10-31_区残联.json");
        assert!(json.contains("\"note\": \"首批资金已拨付\""), "pretty, Chinese unescaped");
        let back: Snapshot = serde_json::from_str(&json).unwrap();
        assert_eq!((back.format.as_str(), back.format_version, back.unit.as_str()), (FORMAT, 1, "区残联"));
        assert_eq!(back.notice, notice_hash(crate::BUNDLED_NOTICE));
        assert_eq!(back.progress, t.progress, "all progress and history");
        t.progress.settings.unit.clear();
        assert_eq!(export(crate::BUNDLED_NOTICE, &n, &t.progress, "2023-11-01T08:00:00").0, "相山区民生实事_2023-11-01.json");
    }
}
