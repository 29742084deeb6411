//! The notice library (#12): the notices this browser tracks besides the
//! bundled sample, each under an id of its own (`app::notices` adds and
//! opens them).
//!
//! ```text
//! minsheng:library          {"schema":1,"notices":[Entry…],"removed":[Entry…]}   (the commit point)
//! minsheng:notice:<id>      the notice's text as the user opened it
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
use crate::notice::{parse, Notice, NOTICE_FORMAT_VERSION};

pub const INDEX_KEY: &str = "minsheng:library";
const SCHEMA: u32 = 1;

/// Where a notice's text is kept.
pub fn text_key(id: &str) -> String {
    format!("{KEY_PREFIX}notice:{id}")
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
}

impl std::fmt::Display for LibraryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LibraryError::Store(StoreError::Quota) => f.write_str("浏览器存储空间已满，通知未能保存。可先导出并移除不再跟踪的通知以腾出空间。"),
            LibraryError::Store(StoreError::Unavailable) => f.write_str("浏览器存储不可用（可能已被禁用），通知未能保存。"),
            LibraryError::Unreadable(why) => write!(f, "已保存的通知列表无法读取（{why}），为免覆盖，本页不会改写它。"),
            LibraryError::Newer(n) => write!(f, "通知列表由更新版本的本工具保存（格式版本 {n}），为免覆盖，本页不会改写它，请用新版本打开。"),
            LibraryError::NoItems => f.write_str("没有从这份文本中读出任何事项：请确认它是民生实事清单（事项以“1.”等编号开头，分类以“一、”开头）。"),
            LibraryError::AlreadyThere { title, .. } => write!(f, "这份通知已在列表中：“{title}”。"),
            LibraryError::Unknown(id) => write!(f, "列表中没有这份通知（{id}）。"),
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
pub fn add<S: Store>(store: &mut S, text: &str, id: &str, now: Timestamp) -> Result<(Entry, Notice), LibraryError> {
    let index = read_index(store)?;
    let text_hash = notice_hash(text);
    if let Some(there) = index.notices.iter().find(|e| e.text_hash == text_hash) {
        return Err(LibraryError::AlreadyThere { id: there.id.clone(), title: there.title.clone() });
    }
    let notice = parse(text);
    if notice.items.is_empty() {
        return Err(LibraryError::NoItems);
    }
    let entry = Entry {
        id: id.to_string(),
        title: notice.list_title.clone().or_else(|| notice.title.clone()).unwrap_or_default(),
        place: notice.place.clone().unwrap_or_default(),
        year: notice.year,
        text_hash,
        parser_version: NOTICE_FORMAT_VERSION,
        added_at: now,
    };
    insert(store, index, &entry, text)?;
    Ok((entry, notice))
}

/// Add a notice under the id and declared facts it already has (a file
/// carried it: `progress::carried`), so that its colleagues' files keep
/// matching it; a removed one is put back on the list, a listed one is left
/// as it is. Refused when another notice there has the same text, or it has no item.
pub fn adopt<S: Store>(store: &mut S, entry: Entry, text: &str) -> Result<Entry, LibraryError> {
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
    if parse(text).items.is_empty() {
        return Err(LibraryError::NoItems);
    }
    insert(store, index, &entry, text)?;
    Ok(entry)
}

/// Write the text first, the list last (a failed write leaves the list as it was).
fn insert<S: Store>(store: &mut S, mut index: Index, entry: &Entry, text: &str) -> Result<(), LibraryError> {
    store.set(&text_key(&entry.id), text)?;
    index.notices.push(entry.clone());
    if let Err(e) = write_index(store, &index) {
        let _ = store.remove(&text_key(&entry.id));
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
        let (entry, notice) = add(&mut store, LIST, "00112233aabbccdd", ts("2025-01-02T09:00:00")).unwrap();
        assert_eq!((entry.place.as_str(), entry.year, entry.title.as_str()), ("某某县", Some(2025), "某某县2025年民生实事"));
        assert_eq!(notice.items.len(), 1);
        assert_eq!(list(&store).unwrap(), std::slice::from_ref(&entry));
        assert_eq!(text(&store, "00112233aabbccdd").unwrap(), LIST);
        // The same text again: refused, naming the one there.
        let again = add(&mut store, LIST, "ffffffffffffffff", ts("2025-01-02T09:00:01")).unwrap_err();
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
        let e = add(&mut store, "这不是一份清单。", "00112233aabbccdd", ts("2025-01-02T09:00:00")).unwrap_err();
        assert_eq!(e, LibraryError::NoItems);
        assert!(e.to_string().contains("没有从这份文本中读出任何事项"));
        assert!(store.map.borrow().is_empty(), "nothing written");
    }

    #[test]
    fn an_unreadable_or_newer_list_is_never_written_over() {
        for (raw, newer) in [("{\"schema\":1,\"notices\":[{\"id\":", false), ("{\"schema\":2,\"notices\":\"未来\"}", true)] {
            let mut store = MemoryStore::new();
            store.put_raw(INDEX_KEY, raw);
            let e = add(&mut store, LIST, "00112233aabbccdd", ts("2025-01-02T09:00:00")).unwrap_err();
            assert_eq!(matches!(e, LibraryError::Newer(2)), newer, "{e:?}");
            assert!(e.to_string().contains("为免覆盖"), "{e}");
            assert_eq!(store.raw(INDEX_KEY).as_deref(), Some(raw));
            assert_eq!(store.raw(&text_key("00112233aabbccdd")), None);
        }
    }

    #[test]
    fn a_full_store_leaves_the_list_as_it_was() {
        let mut store = MemoryStore::new();
        add(&mut store, LIST, "00112233aabbccdd", ts("2025-01-02T09:00:00")).unwrap();
        let before = store.raw(INDEX_KEY);
        let used = store.used();
        let other = LIST.replace("1200人", "1300人");
        store.faults.borrow_mut().quota = Some(used + other.encode_utf16().count() + 30);
        let e = add(&mut store, &other, "1111111111111111", ts("2025-01-02T09:00:01")).unwrap_err();
        assert_eq!(e, LibraryError::Store(StoreError::Quota));
        assert!(e.to_string().contains("存储空间已满"));
        assert_eq!(store.raw(INDEX_KEY), before);
        assert_eq!(store.raw(&text_key("1111111111111111")), None, "the text written first is taken back");
    }
}
