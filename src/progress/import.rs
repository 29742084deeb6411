//! Import policy: what the files picked (or the data a page carries) are,
//! what taking them in does, and what the user decides. The app shows the
//! dialog; everything it applies is decided here and tested natively.

use super::carried::{here, Carried, Here};
use super::library::{self, Entry};
use super::merge::{merge, Merged};
use super::model::{Progress, Settings};
use super::persist::{self, Loaded, Mode};
use super::snapshot::Snapshot;
use super::store::Store;
use super::timestamp::Timestamp;
use super::tracker::Edit;

/// A file that passed every check, ready to replace or merge.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file's name, or "本文件附带的数据".
    pub name: String,
    pub unit: String,
    pub exported_at: Timestamp,
    pub progress: Progress,
    /// The sender's 截至日期, if the file says.
    pub as_of: Option<crate::progress::Day>,
}

impl Source {
    pub fn new(name: String, snapshot: Snapshot) -> Source {
        Source { name, unit: snapshot.unit, exported_at: snapshot.exported_at, progress: snapshot.progress, as_of: snapshot.as_of }
    }

    pub fn by(&self) -> String {
        exported_by(&self.unit, self.exported_at)
    }
}

/// "区残联，导出于 2023-10-31 17:05:00": who exported a snapshot, and when.
pub fn exported_by(unit: &str, exported_at: Timestamp) -> String {
    let unit = if unit.is_empty() { "未署名单位" } else { unit };
    format!("{unit}，导出于 {}", exported_at.shown())
}

/// What the import dialog is about: the files that can be imported, and those refused (name, why).
#[derive(Debug, Clone, Default)]
pub struct Pending {
    pub sources: Vec<Source>,
    pub refused: Vec<(String, String)>,
    /// The data came with this HTML file, not from a picked file.
    pub embedded: bool,
    /// Files of other notices that carry their notice, by notice.
    pub foreign: Vec<Foreign>,
}

/// Files of a notice the page does not show, which carry that notice: it
/// can be added (when this browser lacks it) with their data, or switched to.
#[derive(Debug, Clone)]
pub struct Foreign {
    /// The notice, as the first of the files carries it.
    pub carried: Carried,
    pub sources: Vec<Source>,
    /// What this browser has of it.
    pub here: Here,
}

impl Pending {
    /// File `name`, a snapshot of another notice carrying it (`snapshot::read_for`'s
    /// `OtherNotice`), joins the files of its notice. `listed`, `removed`: the library.
    pub fn add_foreign(&mut self, name: String, mut snapshot: Snapshot, listed: &[Entry], removed: &[Entry]) {
        let Some(carried) = snapshot.notice_source.take() else { return };
        match self.foreign.iter_mut().find(|f| carried.is(&f.carried.entry(Timestamp::PRIOR))) {
            Some(f) => f.sources.push(Source::new(name, snapshot)),
            None => {
                let here = here(&carried, listed, removed);
                self.foreign.push(Foreign { carried, sources: vec![Source::new(name, snapshot)], here });
            }
        }
    }
}

/// The data of a notice this browser has none of yet: the files' (one
/// file's as it is, several merged), with the first sender's thresholds and
/// the reader's own unit (`my_unit`).
pub fn received(files: &[&Progress], my_unit: &str) -> Progress {
    let mut progress = match files {
        [one] => (*one).clone(),
        _ => merge(files).progress,
    };
    progress.settings = files.first().map(|p| p.settings.clone()).unwrap_or_default();
    progress.settings.unit = my_unit.to_string();
    progress
}

/// Add the notice `carried` to the library and store `progress` as its
/// progress (a whole write under its id: `persist`), for a snapshot of a
/// notice this browser lacks. Either both are written or nothing is: the
/// library's list is the commit point, written last; the progress written
/// before it is taken back when the list cannot be. `writer` names this tab.
pub fn add_notice_with<S: Store>(store: &mut S, carried: &Carried, mut progress: Progress, writer: &str, now: Timestamp) -> Result<Entry, String> {
    let (listed, removed) = library::lists(store).map_err(|e| e.to_string())?;
    if let Here::Listed(e) | Here::Removed(e) = here(carried, &listed, &removed) {
        return Err(format!("本浏览器已有这份通知（“{}”），未作改动。", e.title));
    }
    let unavailable = "浏览器存储不可用，通知和数据未能保存。";
    let Loaded { progress: mut stored, mut persistence, .. } = persist::load(store, &carried.id, writer, now);
    if persistence.mode != Mode::Normal {
        return Err(unavailable.into());
    }
    // The head and every key of its family (items, history, backups) start with the head's key.
    let head = persistence.head_key().to_string();
    let stored_before = !store.keys_with_prefix(&head).map_err(|_| unavailable.to_string())?.is_empty();
    if stored_before {
        // Progress left under this id without its notice (an earlier attempt cut short): kept, merged in.
        let _ = persistence.load_history(store, &mut stored, now);
        let settings = progress.settings.clone();
        progress = merge(&[&stored, &progress]).progress;
        progress.settings = settings;
    }
    let take_back = |store: &mut S| {
        if !stored_before {
            for key in store.keys_with_prefix(&head).unwrap_or_default() {
                let _ = store.remove(&key);
            }
        }
    };
    persistence.mark_replaced();
    let _ = persistence.save(store, &mut progress, now);
    if persistence.is_dirty(&progress) {
        take_back(store);
        return Err("浏览器存储空间不足，通知和数据未能保存，未作改动。可先导出并移除不再跟踪的通知以腾出空间。".into());
    }
    library::adopt(store, carried.entry(now), &carried.read(), &carried.text, &carried.corrections).map_err(|e| {
        take_back(store);
        e.to_string()
    })
}

/// What to do with the data a "网页带数据" copy carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Embedded {
    /// Nothing here yet: take it as it is (the reader's own unit kept).
    Load(Progress),
    /// Different from what is here: offer the merge dialog.
    Offer,
    /// Nothing would change.
    Nothing,
}

/// `local` must hold its whole history (it decides what would change).
pub fn on_embedded(local: &Progress, snapshot: &Snapshot) -> Embedded {
    if local.items.is_empty() && local.history.is_empty() {
        // The lights as the sender saw them, but "my unit" stays the reader's.
        return Embedded::Load(received(&[&snapshot.progress], &local.settings.unit));
    }
    let merged = merge(&[local, &snapshot.progress]);
    if !merged.conflicts.is_empty() || !super::diff::diff(local, &merged.progress).is_empty() {
        Embedded::Offer
    } else {
        Embedded::Nothing
    }
}

/// The local copy merged with the sources (the local copy first: its settings stay).
pub fn merged(local: &Progress, sources: &[Source]) -> Merged {
    let inputs: Vec<&Progress> = std::iter::once(local).chain(sources.iter().map(|s| &s.progress)).collect();
    merge(&inputs)
}

/// The user's choices in the conflicts (an index per conflict; the last
/// candidate, the newest, is what the merge already took) as edits.
pub fn decisions(merged: &Merged, choices: &[usize]) -> Vec<Edit> {
    merged
        .conflicts
        .iter()
        .zip(choices)
        .filter(|(c, &i)| i + 1 != c.candidates.len() && i < c.candidates.len())
        .map(|(c, &i)| Edit { item: c.item, field: c.field.clone(), value: c.candidates[i].value.clone() })
        .collect()
}

/// The state after an import: the result's items and history with this
/// browser's own settings (my unit, my thresholds).
pub fn with_local_settings(result: Progress, local: &Settings) -> Progress {
    Progress { settings: local.clone(), ..result }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::parse;
    use crate::progress::timestamp::ts;
    use crate::progress::{Field, Tracker, Value};

    fn snapshot(progress: Progress) -> Snapshot {
        Snapshot {
            format: "minsheng-snapshot".into(),
            format_version: 1,
            app_version: "0".into(),
            notice: String::new(),
            notice_title: None,
            exported_at: ts("2023-10-31T17:05:00"),
            unit: "区残联".into(),
            progress,
            notice_source: None,
            as_of: None,
        }
    }

    #[test]
    fn embedded_data_loads_into_an_empty_browser_and_is_offered_otherwise() {
        let n = parse(crate::BUNDLED_NOTICE);
        let mut theirs = Tracker::default();
        theirs.progress.settings.unit = "区残联".into();
        theirs.edit(&n, Edit { item: 7, field: Field::Note, value: Value::Text("他们的".into()) }, ts("2023-10-01T09:00:00")).unwrap();
        let carried = snapshot(theirs.progress.clone());
        let mut empty = Progress::default();
        empty.settings.unit = "区民政局".into();
        match on_embedded(&empty, &carried) {
            Embedded::Load(p) => {
                assert_eq!(p.items, theirs.progress.items);
                assert_eq!(p.settings.unit, "区民政局", "my unit stays mine");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(on_embedded(&theirs.progress, &carried), Embedded::Nothing);
        let mut mine = Tracker::default();
        mine.edit(&n, Edit { item: 8, field: Field::Note, value: Value::Text("我的".into()) }, ts("2023-10-02T09:00:00")).unwrap();
        assert_eq!(on_embedded(&mine.progress, &carried), Embedded::Offer);
        let source = Source::new("a.json".into(), carried);
        assert_eq!(source.by(), "区残联，导出于 2023-10-31 17:05:00");
        let m = merged(&mine.progress, &[source]);
        assert_eq!(m.progress.items.len(), 2);
        assert!(decisions(&m, &[]).is_empty());
    }
}
