//! The notice library (#12): the notices this browser tracks besides the
//! bundled sample, each under an id of its own (`app::notices` adds and
//! opens them).
//!
//! ```text
//! minsheng:library          {"schema":1,"notices":[Entry…],"removed":[Entry…]}   (the commit point)
//! minsheng:notice:<id>      the notice's text as the user opened it (or corrected it)
//! minsheng:reading:<id>     {"schema":1,"reading":…,"corrections":…}: the keys of the last
//!                           reading (`notice::keys::Reading`) and the user's corrections
//! minsheng:v3:<id>…         its progress, as `persist` stores any notice's
//! ```
//!
//! An id is 16 hex characters given once, when the notice is added (the edge
//! draws it at random); the text's hash is its version, not its identity, so
//! a corrected text keeps its progress. The bundled notice is not listed: its
//! id is its text's hash, which release 0.1 keyed its progress by.

use serde::{Deserialize, Serialize};

use super::keys::{notice_hash, KEY_PREFIX};
use super::store::{Store, StoreError};
use super::timestamp::{real, Timestamp};
use crate::notice::corrections::{self, Corrections, Unapplied};
use crate::notice::keys::{assign, carry_keys, Reading, Unplaced};
use crate::notice::{parse, Notice, NOTICE_FORMAT_VERSION};

pub const INDEX_KEY: &str = "minsheng:library";
const SCHEMA: u32 = 1;

/// Where a notice's text is kept.
pub fn text_key(id: &str) -> String {
    format!("{KEY_PREFIX}notice:{id}")
}

/// Where a notice's last keyed reading and the user's corrections are kept
/// (any notice's: the bundled one's under its hash).
pub fn reading_key(id: &str) -> String {
    format!("{KEY_PREFIX}reading:{id}")
}

const READING_SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct StoredReading {
    schema: u32,
    reading: Reading,
    #[serde(default)]
    corrections: Corrections,
}

/// A notice as this page shows it: the parser's reading with the keys its
/// things had before (`read`), the user's corrections, and the result.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    /// The text's reading, keyed as the stored reading was (before corrections).
    pub read: Notice,
    pub corrections: Corrections,
    /// `read` with the corrections applied: what the page tracks.
    pub notice: Notice,
    /// What the last reading had and this one has not (its progress stays stored).
    pub unplaced: Vec<Unplaced>,
    /// Corrections that found nothing to apply to.
    pub unapplied: Vec<Unapplied>,
    /// The stored corrections could not be read (Chinese): shown, and never written over.
    pub problem: Option<String>,
}

/// The stored reading and corrections of `id`: None when there are none;
/// an unreadable or newer value is an error (never written over).
fn stored_reading<S: Store>(store: &S, id: &str) -> Result<Option<StoredReading>, LibraryError> {
    let Some(raw) = store.get(&reading_key(id))? else { return Ok(None) };
    #[derive(Deserialize)]
    struct Probe {
        schema: Option<u32>,
    }
    match serde_json::from_str::<Probe>(&raw) {
        Ok(Probe { schema: Some(n) }) if n > READING_SCHEMA => {
            return Err(LibraryError::CorrectionsUnreadable(format!("由更新版本的本工具保存（格式版本 {n}），请用新版本打开")))
        }
        Ok(_) => {}
        Err(e) => return Err(LibraryError::CorrectionsUnreadable(super::jsonpath::chinese_serde(&e.to_string()))),
    }
    let stored: StoredReading = super::jsonpath::typed(raw.as_bytes(), "").map_err(|e| LibraryError::CorrectionsUnreadable(e.to_string()))?;
    corrections::check(&stored.corrections).map_err(LibraryError::CorrectionsUnreadable)?;
    Ok(Some(stored))
}

/// Read the notice `id` (text `text`): the keys of its stored reading
/// carried to this one (`carry_keys`: a newer parser or a corrected text
/// keeps them), then its corrections applied. Nothing is written: a reading
/// that changed is stored by the next `save_corrections` or `replace_text`.
pub fn open<S: Store>(store: &S, id: &str, text: &str) -> Opened {
    open_read(store, id, parse(text))
}

/// [`open`] of a notice already read (`read`: its text parsed, e.g. the bundled
/// notice's stored reading, `crate::bundled_notice`).
pub fn open_read<S: Store>(store: &S, id: &str, mut read: Notice) -> Opened {
    let (stored, problem) = match stored_reading(store, id) {
        Ok(stored) => (stored, None),
        Err(e) => (None, Some(e.to_string())),
    };
    let mut unplaced = Vec::new();
    let corrections = match stored {
        Some(stored) => {
            let (keys, lost) = carry_keys(&stored.reading, &read);
            assign(&mut read, &keys);
            unplaced = lost;
            stored.corrections
        }
        None => Corrections::default(),
    };
    let (notice, unapplied) = corrections::apply(&read, &corrections);
    Opened { read, corrections, notice, unplaced, unapplied, problem }
}

/// Store `corrections` of the notice `id` as read (`read`, keyed): refused
/// in Chinese when they are not sound, or when what is stored cannot be read
/// (it is not written over).
pub fn save_corrections<S: Store>(store: &mut S, id: &str, read: &Notice, corrections: &Corrections) -> Result<(), LibraryError> {
    corrections::check(corrections).map_err(LibraryError::Refused)?;
    stored_reading(store, id)?;
    write_reading(store, id, read, corrections)?;
    // A listed notice's declared title, place and year are what the corrections say.
    let mut index = read_index(store)?;
    if let Some(entry) = index.notices.iter_mut().find(|e| e.id == id) {
        let (declared, _) = corrections::apply(read, corrections);
        let (title, place, year) = declared_facts(&declared);
        if (&entry.title, &entry.place, entry.year) != (&title, &place, year) {
            (entry.title, entry.place, entry.year) = (title, place, year);
            write_index(store, &index)?;
        }
    }
    Ok(())
}

/// What a notice declares itself to be: its list's title (else the document's), place and year.
fn declared_facts(notice: &Notice) -> (String, String, Option<i32>) {
    (notice.list_title.clone().or_else(|| notice.title.clone()).unwrap_or_default(), notice.place.clone().unwrap_or_default(), notice.year)
}

fn write_reading<S: Store>(store: &mut S, id: &str, read: &Notice, corrections: &Corrections) -> Result<(), LibraryError> {
    let stored = StoredReading { schema: READING_SCHEMA, reading: Reading::of(read), corrections: corrections.clone() };
    store.set(&reading_key(id), &serde_json::to_string(&stored).expect("a reading serializes"))?;
    Ok(())
}

/// Replace a listed notice's text with a corrected one: the keys carried from
/// its last reading, its corrections kept. Returns what the new text no
/// longer has (its progress stays stored). Refused without items.
pub fn replace_text<S: Store>(store: &mut S, id: &str, text: &str) -> Result<Vec<Unplaced>, LibraryError> {
    let mut index = read_index(store)?;
    let at = index.notices.iter().position(|e| e.id == id).ok_or_else(|| LibraryError::Unknown(id.to_string()))?;
    let before = open(store, id, &self::text(store, id)?);
    stored_reading(store, id)?;
    let mut read = parse(text);
    if read.items.is_empty() {
        return Err(LibraryError::NoItems);
    }
    let (keys, unplaced) = carry_keys(&Reading::of(&before.read), &read);
    assign(&mut read, &keys);
    let old_text = self::text(store, id)?;
    store.set(&text_key(id), text)?;
    if let Err(e) = write_reading(store, id, &read, &before.corrections) {
        let _ = store.set(&text_key(id), &old_text);
        return Err(e);
    }
    index.notices[at].text_hash = notice_hash(text);
    index.notices[at].parser_version = NOTICE_FORMAT_VERSION;
    write_index(store, &index)?;
    Ok(unplaced)
}

/// A notice in the library: its id, what it declares itself to be (editable),
/// and the version of its text and of the parser that read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub place: String,
    pub year: Option<i32>,
    /// `notice_hash` of the text.
    pub text_hash: String,
    /// The notice JSON format the parser wrote when the text was read.
    pub parser_version: u32,
    #[serde(with = "real")]
    pub added_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
struct Index {
    schema: u32,
    notices: Vec<Entry>,
    /// Removed from the list, their text and progress kept (restorable).
    #[serde(default)]
    removed: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LibraryError {
    /// Storage refused (full, or off): nothing changed.
    Store(StoreError),
    /// The stored list cannot be read: it is left as it is, never replaced.
    Unreadable(String),
    /// Written by a newer version: not written over.
    Newer(u32),
    /// The text has no item this parser can read.
    NoItems,
    /// The same text is already in the library (its id and title).
    AlreadyThere { id: String, title: String },
    /// No notice with this id.
    Unknown(String),
    /// Corrections that are not sound (why, in Chinese).
    Refused(String),
    /// A notice's stored reading and corrections cannot be read: left as they are.
    CorrectionsUnreadable(String),
}

impl std::fmt::Display for LibraryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LibraryError::Store(StoreError::Quota) => {
                f.write_str("浏览器存储空间已满，通知未能保存。可先把不再跟踪的通知“导出数据”存档，再移除它并在“已移除的通知”中永久删除，以腾出空间。")
            }
            LibraryError::Store(StoreError::Unavailable) => f.write_str("浏览器存储不可用（可能已被禁用），通知未能保存。"),
            LibraryError::Unreadable(why) => write!(f, "已保存的通知列表无法读取（{why}），为免覆盖，本页不会改写它。"),
            LibraryError::Newer(n) => write!(f, "通知列表由更新版本的本工具保存（格式版本 {n}），为免覆盖，本页不会改写它，请用新版本打开。"),
            LibraryError::NoItems => f.write_str("没有从这份文本中读出任何事项：请确认它是民生实事清单（事项以“1.”等编号开头，分类以“一、”开头）。"),
            LibraryError::AlreadyThere { title, .. } => write!(f, "这份通知已在列表中：“{title}”。"),
            LibraryError::Unknown(id) => write!(f, "列表中没有这份通知（{id}）。"),
            LibraryError::Refused(why) => write!(f, "更正未保存：{why}。"),
            LibraryError::CorrectionsUnreadable(why) => write!(f, "此通知的更正记录无法读取（{why}），为免覆盖，本页不会改写它。"),
        }
    }
}

impl From<StoreError> for LibraryError {
    fn from(e: StoreError) -> Self {
        LibraryError::Store(e)
    }
}

fn read_index<S: Store>(store: &S) -> Result<Index, LibraryError> {
    let Some(raw) = store.get(INDEX_KEY)? else { return Ok(Index { schema: SCHEMA, ..Index::default() }) };
    #[derive(Deserialize)]
    struct Probe {
        schema: Option<u32>,
    }
    match serde_json::from_str::<Probe>(&raw) {
        Ok(Probe { schema: Some(n) }) if n > SCHEMA => return Err(LibraryError::Newer(n)),
        Ok(_) => {}
        Err(e) => return Err(LibraryError::Unreadable(super::jsonpath::chinese_serde(&e.to_string()))),
    }
    super::jsonpath::typed::<Index>(raw.as_bytes(), "").map_err(|e| LibraryError::Unreadable(e.to_string()))
}

fn write_index<S: Store>(store: &mut S, index: &Index) -> Result<(), LibraryError> {
    store.set(INDEX_KEY, &serde_json::to_string(index).expect("the index serializes"))?;
    Ok(())
}

/// The notices in the library, in the order they were added.
pub fn list<S: Store>(store: &S) -> Result<Vec<Entry>, LibraryError> {
    lists(store).map(|(listed, _)| listed)
}

/// The notices taken off the list (their text and progress kept), to restore.
pub fn removed<S: Store>(store: &S) -> Result<Vec<Entry>, LibraryError> {
    lists(store).map(|(_, removed)| removed)
}

/// The listed notices and the removed ones, from one read of the list.
pub fn lists<S: Store>(store: &S) -> Result<(Vec<Entry>, Vec<Entry>), LibraryError> {
    read_index(store).map(|i| (i.notices, i.removed))
}

/// A listed notice's text.
pub fn text<S: Store>(store: &S, id: &str) -> Result<String, LibraryError> {
    if !read_index(store)?.notices.iter().any(|e| e.id == id) {
        return Err(LibraryError::Unknown(id.to_string()));
    }
    store.get(&text_key(id))?.ok_or_else(|| LibraryError::Unreadable(format!("通知 {id} 的文本缺失")))
}

/// Add a notice's text under `id` (16 hex characters the caller drew):
/// refused when it has no item or is already there. The text is written
/// first, the list last (a failed write leaves the list as it was).
pub fn add<S: Store>(store: &mut S, text: &str, id: &str, now: Timestamp, corrections: &Corrections) -> Result<(Entry, Notice), LibraryError> {
    corrections::check(corrections).map_err(LibraryError::Refused)?;
    let index = read_index(store)?;
    let text_hash = notice_hash(text);
    if let Some(there) = index.notices.iter().find(|e| e.text_hash == text_hash) {
        return Err(LibraryError::AlreadyThere { id: there.id.clone(), title: there.title.clone() });
    }
    let notice = parse(text);
    if notice.items.is_empty() {
        return Err(LibraryError::NoItems);
    }
    let read = notice;
    let (notice, _) = corrections::apply(&read, corrections);
    let (title, place, year) = declared_facts(&notice);
    let entry = Entry { id: id.to_string(), title, place, year, text_hash, parser_version: NOTICE_FORMAT_VERSION, added_at: now };
    insert(store, index, &entry, text, &read, corrections)?;
    Ok((entry, notice))
}

/// Add a notice under the id and declared facts it already has (a file
/// carried it: `progress::carried`), with the corrections it carried, so
/// that its colleagues' files keep matching it; a removed one is put back
/// on the list, a listed one is left as it is. Refused when another notice
/// there has the same text, or it has no item, or its corrections are not sound.
/// `read`: the text's reading keyed as the sender's (`Carried::read`).
pub fn adopt<S: Store>(store: &mut S, entry: Entry, read: &Notice, text: &str, corrections: &Corrections) -> Result<Entry, LibraryError> {
    corrections::check(corrections).map_err(LibraryError::Refused)?;
    let index = read_index(store)?;
    if let Some(there) = index.notices.iter().find(|e| e.id == entry.id) {
        return Ok(there.clone());
    }
    if let Some(there) = index.removed.iter().find(|e| e.id == entry.id).cloned() {
        restore(store, &entry.id)?;
        return Ok(there);
    }
    if let Some(there) = index.notices.iter().find(|e| e.text_hash == entry.text_hash) {
        return Err(LibraryError::AlreadyThere { id: there.id.clone(), title: there.title.clone() });
    }
    if read.items.is_empty() {
        return Err(LibraryError::NoItems);
    }
    insert(store, index, &entry, text, read, corrections)?;
    Ok(entry)
}

/// Write the text and the reading first, the list last (a failed write
/// leaves the list as it was, and what was written is taken back).
fn insert<S: Store>(store: &mut S, mut index: Index, entry: &Entry, text: &str, read: &Notice, corrections: &Corrections) -> Result<(), LibraryError> {
    store.set(&text_key(&entry.id), text)?;
    index.notices.push(entry.clone());
    if let Err(e) = write_reading(store, &entry.id, read, corrections).and_then(|()| write_index(store, &index)) {
        let _ = store.remove(&text_key(&entry.id));
        let _ = store.remove(&reading_key(&entry.id));
        return Err(e);
    }
    Ok(())
}

/// Take a notice off the list. Its text and progress stay stored (the
/// removed list names them) until the user deletes them: `restore` brings it back.
pub fn remove<S: Store>(store: &mut S, id: &str) -> Result<(), LibraryError> {
    move_entry(store, id, true)
}

/// Put a removed notice back on the list.
pub fn restore<S: Store>(store: &mut S, id: &str) -> Result<(), LibraryError> {
    move_entry(store, id, false)
}

/// Delete a removed notice for good, to free space: it leaves the removed
/// list first (the commit point), then its text, reading and corrections,
/// and all its progress (head, items, history, backups) are deleted. Only a
/// removed notice can be: the page offers it after the user exported it.
pub fn delete_removed<S: Store>(store: &mut S, id: &str) -> Result<(), LibraryError> {
    let mut index = read_index(store)?;
    let at = index.removed.iter().position(|e| e.id == id).ok_or_else(|| LibraryError::Unknown(id.to_string()))?;
    index.removed.remove(at);
    write_index(store, &index)?;
    let head = super::keys::Keys::for_hash(id).head;
    let mut keys = store.keys_with_prefix(&format!("{head}:"))?;
    keys.extend([head, text_key(id), reading_key(id)]);
    for key in keys {
        store.remove(&key)?;
    }
    Ok(())
}

/// Move `id` from the list to the removed ones (`off`), or back.
fn move_entry<S: Store>(store: &mut S, id: &str, off: bool) -> Result<(), LibraryError> {
    let mut index = read_index(store)?;
    let (from, to) = if off { (&mut index.notices, &mut index.removed) } else { (&mut index.removed, &mut index.notices) };
    let at = from.iter().position(|e| e.id == id).ok_or_else(|| LibraryError::Unknown(id.to_string()))?;
    to.push(from.remove(at));
    write_index(store, &index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::store::MemoryStore;
    use crate::progress::timestamp::ts;

    const LIST: &str = "关于印发某某县2025年民生实事的通知\n\n某某县2025年民生实事\n\n一、就业（1项）\n1.新增城镇就业1200人。（牵头单位：县人社局）\n";

    #[test]
    fn a_notice_is_added_listed_read_removed_and_restored() {
        let mut store = MemoryStore::new();
        assert_eq!(list(&store), Ok(vec![]));
        let (entry, notice) = add(&mut store, LIST, "00112233aabbccdd", ts("2025-01-02T09:00:00"), &Corrections::default()).unwrap();
        assert_eq!((entry.place.as_str(), entry.year, entry.title.as_str()), ("某某县", Some(2025), "某某县2025年民生实事"));
        assert_eq!(notice.items.len(), 1);
        assert_eq!(list(&store).unwrap(), std::slice::from_ref(&entry));
        assert_eq!(text(&store, "00112233aabbccdd").unwrap(), LIST);
        // The same text again: refused, naming the one there.
        let again = add(&mut store, LIST, "ffffffffffffffff", ts("2025-01-02T09:00:01"), &Corrections::default()).unwrap_err();
        assert!(again.to_string().contains("某某县2025年民生实事"), "{again}");
        remove(&mut store, "00112233aabbccdd").unwrap();
        assert_eq!(list(&store), Ok(vec![]));
        assert_eq!(removed(&store).unwrap(), std::slice::from_ref(&entry));
        assert_eq!(store.raw(&text_key("00112233aabbccdd")).as_deref(), Some(LIST), "the text is kept");
        restore(&mut store, "00112233aabbccdd").unwrap();
        assert_eq!(list(&store).unwrap(), [entry]);
        assert!(matches!(remove(&mut store, "0000000000000000"), Err(LibraryError::Unknown(_))));
    }

    #[test]
    fn a_text_without_items_is_refused_in_chinese() {
        let mut store = MemoryStore::new();
        let e = add(&mut store, "这不是一份清单。", "00112233aabbccdd", ts("2025-01-02T09:00:00"), &Corrections::default()).unwrap_err();
        assert_eq!(e, LibraryError::NoItems);
        assert!(e.to_string().contains("没有从这份文本中读出任何事项"));
        assert!(store.map.borrow().is_empty(), "nothing written");
    }

    #[test]
    fn an_unreadable_or_newer_list_is_never_written_over() {
        for (raw, newer) in [("{\"schema\":1,\"notices\":[{\"id\":", false), ("{\"schema\":2,\"notices\":\"未来\"}", true)] {
            let mut store = MemoryStore::new();
            store.put_raw(INDEX_KEY, raw);
            let e = add(&mut store, LIST, "00112233aabbccdd", ts("2025-01-02T09:00:00"), &Corrections::default()).unwrap_err();
            assert_eq!(matches!(e, LibraryError::Newer(2)), newer, "{e:?}");
            assert!(e.to_string().contains("为免覆盖"), "{e}");
            assert_eq!(store.raw(INDEX_KEY).as_deref(), Some(raw));
            assert_eq!(store.raw(&text_key("00112233aabbccdd")), None);
        }
    }

    #[test]
    fn a_full_store_leaves_the_list_as_it_was() {
        let mut store = MemoryStore::new();
        add(&mut store, LIST, "00112233aabbccdd", ts("2025-01-02T09:00:00"), &Corrections::default()).unwrap();
        let before = store.raw(INDEX_KEY);
        let used = store.used();
        let other = LIST.replace("1200人", "1300人");
        store.faults.borrow_mut().quota = Some(used + other.encode_utf16().count() + 30);
        let e = add(&mut store, &other, "1111111111111111", ts("2025-01-02T09:00:01"), &Corrections::default()).unwrap_err();
        assert_eq!(e, LibraryError::Store(StoreError::Quota));
        assert!(e.to_string().contains("存储空间已满"));
        assert_eq!(store.raw(INDEX_KEY), before);
        assert_eq!(store.raw(&text_key("1111111111111111")), None, "the text written first is taken back");
    }

    #[test]
    fn corrections_are_stored_and_survive_a_corrected_text() {
        use crate::notice::corrections::TargetFix;
        let mut store = MemoryStore::new();
        let id = "00112233aabbccdd";
        let mut c = Corrections { place: Some("某某县".into()), ..Default::default() };
        c.items.entry(1).or_default().targets.insert(0, Some(TargetFix { label: "新增城镇就业".into(), value: 1250.0, unit: "人".into() }));
        let (entry, _) = add(&mut store, LIST, id, ts("2025-01-02T09:00:00"), &c).unwrap();
        assert_eq!(entry.place, "某某县");
        let opened = open(&store, id, LIST);
        assert_eq!((opened.corrections.clone(), opened.problem.clone()), (c.clone(), None));
        assert_eq!(opened.notice.items[0].targets[0].value, 1250.0, "corrected");
        assert_eq!(opened.read.items[0].targets[0].value, 1200.0, "the reading itself is kept apart");
        // More corrections, stored.
        c.items.entry(1).or_default().units = Some(vec!["县人社局".into(), "县财政局".into()]);
        c.year = Some(2026);
        c.title = Some("某某县2026年民生实事（更正）".into());
        save_corrections(&mut store, id, &opened.read, &c).unwrap();
        assert_eq!(open(&store, id, LIST).notice.items[0].units.len(), 2);
        let listed = list(&store).unwrap();
        assert_eq!((listed[0].title.as_str(), listed[0].year), ("某某县2026年民生实事（更正）", Some(2026)), "the list shows the declared facts");
        // The text corrected: an item before it; the keys and the corrections follow the item.
        let corrected = LIST.replace("一、就业（1项）\n1.", "一、就业（2项）\n1.开发公益性岗位150个。（牵头单位：县人社局）\n2.");
        assert_eq!(replace_text(&mut store, id, &corrected), Ok(vec![]));
        let again = open(&store, &entry.id, &text(&store, id).unwrap());
        assert_eq!(again.notice.items.iter().map(|i| (i.no, i.key)).collect::<Vec<_>>(), [(1, 2), (2, 1)]);
        assert_eq!(again.notice.items[1].targets[0].value, 1250.0);
        assert_eq!(again.notice.items[1].units.len(), 2);
        assert_eq!(list(&store).unwrap()[0].text_hash, notice_hash(&corrected));
        // Unsound corrections are refused in Chinese and change nothing.
        let before = store.raw(&reading_key(id));
        let bad = Corrections { year: Some(99), ..Default::default() };
        let e = save_corrections(&mut store, id, &again.read, &bad).unwrap_err();
        assert!(e.to_string().contains("年份"), "{e}");
        assert_eq!(store.raw(&reading_key(id)), before);
    }

    #[test]
    fn unreadable_corrections_are_shown_and_never_written_over() {
        let mut store = MemoryStore::new();
        let id = "00112233aabbccdd";
        add(&mut store, LIST, id, ts("2025-01-02T09:00:00"), &Corrections::default()).unwrap();
        for raw in ["{\"schema\":1,\"reading\":{\"items\":[", "{\"schema\":1,\"reading\":{\"items\":[]},\"corrections\":{\"year\":\"明年\"}}", "{\"schema\":9}"]
        {
            store.put_raw(&reading_key(id), raw);
            let opened = open(&store, id, LIST);
            let problem = opened.problem.expect("said");
            assert!(problem.contains("更正记录无法读取"), "{problem}");
            assert_eq!(opened.notice.items.len(), 1, "the notice opens as read");
            assert!(save_corrections(&mut store, id, &opened.read, &Corrections::default()).is_err());
            assert!(replace_text(&mut store, id, LIST).is_err());
            assert_eq!(store.raw(&reading_key(id)).as_deref(), Some(raw));
        }
    }

    #[test]
    fn only_a_removed_notice_is_deleted_for_good_with_all_its_data() {
        let mut store = MemoryStore::new();
        let (keep, gone) = ("00112233aabbccdd", "1111111111111111");
        add(&mut store, LIST, keep, ts("2025-01-02T09:00:00"), &Corrections::default()).unwrap();
        add(&mut store, &LIST.replace("1200人", "1300人"), gone, ts("2025-01-02T09:00:01"), &Corrections::default()).unwrap();
        for id in [keep, gone] {
            let head = crate::progress::keys::Keys::for_hash(id);
            store.put_raw(&head.head, "{}");
            store.put_raw(&head.item(1, 1), "{}");
            store.put_raw(&head.backup(0), "{}");
        }
        assert!(matches!(delete_removed(&mut store, gone), Err(LibraryError::Unknown(_))), "a listed notice is not deleted");
        remove(&mut store, gone).unwrap();
        delete_removed(&mut store, gone).unwrap();
        assert_eq!(removed(&store).unwrap(), vec![]);
        let left: Vec<String> = store.map.borrow().keys().cloned().collect();
        assert!(left.iter().all(|k| !k.contains(gone)), "{left:?}");
        assert_eq!(left.iter().filter(|k| k.contains(keep)).count(), 5, "the other notice untouched: {left:?}");
    }
}
