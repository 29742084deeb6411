//! The stored layout of one notice's progress (schema 3), value by value.
//! `persist` decides what to write when; this file only turns each part
//! into its string and back.
//!
//! ```text
//! <head>                     {"schema":3,"notice":…,"saved_at":…,"revision":n,"writer":…,"generation":g,
//!                             "settings":{…},"items":[7,12,…],"log":{"chunks":k,"last":m}}
//! <head>:item:<g>.<no>       one item's state: its JSON, or "z" + base64(deflate(JSON)) when large
//! <head>:log:<g>.<n>         history chunk n: "<count>;" + JSON array of changes (the open, last
//!                            chunk), or "<count>;z" + base64(deflate(JSON array)) once full (sealed)
//! <head>:backup:<slot>       a backup copy taken before an import: {"schema":3,…,"progress"} deflated
//! <head>:backups             the backup ring's index (most backups are markers into the history)
//! ```
//!
//! Why this shape: an edit rewrites its item (a few KB even after a year of
//! daily values), appends to the open chunk (at most `CHUNK_LEN` changes) and
//! rewrites the small head — never the whole history, which opening the app
//! does not read either. The head is written last: it is the commit point.
//! A save cut short (a crash, another tab) leaves the last chunk's count
//! different from the head's, and the next load rebuilds the state from the
//! history. A replace (import) writes a new generation `g` beside the old one
//! and switches the head to it, so no moment has half of each.

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use super::jsonpath::{at, path_error, typed, PathError};
use super::model::{Change, ItemProgress, Settings};
use super::timestamp::{real, Timestamp};

pub const SCHEMA: u32 = 3;

/// Changes per history chunk: the open chunk is rewritten on every save,
/// so it stays small (~40 KB of JSON); a full one is deflated once.
pub const CHUNK_LEN: usize = 256;

/// An item's JSON above this many bytes is stored deflated.
const DEFLATE_ABOVE: usize = 1024;

/// Refuse to inflate a value beyond this (a damaged or hostile record).
const MAX_INFLATED: usize = 64 << 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Head {
    pub schema: u32,
    pub notice: String,
    #[serde(with = "real")]
    pub saved_at: Timestamp,
    /// Bumped by every save (saturating: never wraps to an old value). With
    /// `writer`, tells a tab whether the stored head is the one it wrote.
    pub revision: u64,
    /// The tab that wrote this head (random per tab).
    pub writer: String,
    /// Bumped when the whole state is written anew (an import, a repair):
    /// keys of older generations are leftovers.
    pub generation: u32,
    pub settings: Settings,
    /// The items that have a stored state, ascending.
    pub items: Vec<u32>,
    pub log: LogHead,
    /// This generation was begun by an import: changes another tab saved
    /// into an older generation are not merged back into it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub imported: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogHead {
    /// Chunks 0..chunks exist.
    pub chunks: u32,
    /// Changes in the last chunk (the others hold `CHUNK_LEN` each).
    pub last: u32,
}

impl LogHead {
    pub fn total(self) -> usize {
        match self.chunks {
            0 => 0,
            n => (n as usize - 1) * CHUNK_LEN + self.last as usize,
        }
    }
}

/// The generation a family key belongs to (`…:item:<g>.<no>`, `…:log:<g>.<n>`).
pub fn generation_of(family_key: &str) -> Option<u32> {
    let rest = family_key.rsplit_once(":item:").or_else(|| family_key.rsplit_once(":log:"))?.1;
    rest.split_once('.')?.0.parse().ok()
}

pub fn encode_head(head: &Head) -> String {
    serde_json::to_string(head).expect("head serializes")
}

/// The head, or what is wrong with it. A head of a newer schema is
/// `Err(Newer(n))`: it must never be written over.
pub fn decode_head(raw: &str) -> Result<Head, HeadError> {
    #[derive(Deserialize)]
    struct Schema {
        schema: Option<serde_json::Value>,
    }
    let schema = match serde_json::from_str::<Schema>(raw) {
        Ok(probe) => probe.schema.and_then(|s| s.as_u64()),
        // Not JSON, or `schema` twice: what is wrong, where.
        Err(e) => return Err(HeadError::Unreadable(path_error("", raw.as_bytes(), e))),
    };
    match schema {
        Some(n) if n > u64::from(SCHEMA) => return Err(HeadError::Newer(n)),
        Some(n) if n == u64::from(SCHEMA) => {}
        _ => return Err(HeadError::Unreadable(at(".", "不是本工具的进度记录（缺少 schema 3）"))),
    }
    typed(raw.as_bytes(), "").map_err(HeadError::Unreadable)
}

#[derive(Debug, Clone, PartialEq)]
pub enum HeadError {
    Newer(u64),
    Unreadable(PathError),
}

/// Item state: small as JSON, large deflated (level 1: an edit pays for it).
pub fn encode_item(item: &ItemProgress) -> String {
    let json = serde_json::to_vec(item).expect("item serializes");
    if json.len() <= DEFLATE_ABOVE {
        return String::from_utf8(json).expect("JSON is UTF-8");
    }
    packed(&json, 1)
}

pub fn decode_item(raw: &str, path: &str) -> Result<ItemProgress, PathError> {
    let json = unpacked(raw, path)?;
    let item: ItemProgress = super::jsonpath::typed_refusing_itself(&json, path)?;
    super::bounds::check_item(&item).map_err(|(inner, detail)| at(&format!("{path}{inner}"), detail))?;
    Ok(item)
}

/// A history chunk: sealed (full, deflated at level 6, written once) or open.
pub fn encode_chunk(changes: &[Change], sealed: bool) -> String {
    let json = serde_json::to_vec(changes).expect("changes serialize");
    let mut out = format!("{};", changes.len());
    if sealed {
        out.push_str(&packed(&json, 6));
    } else {
        out.push_str(std::str::from_utf8(&json).expect("JSON is UTF-8"));
    }
    out
}

/// How many changes a chunk says it holds (its prefix alone).
pub fn chunk_count(raw: &str) -> Option<u32> {
    raw.split_once(';')?.0.parse().ok()
}

pub fn decode_chunk(raw: &str, path: &str) -> Result<Vec<Change>, PathError> {
    let (count, body) = raw.split_once(';').ok_or_else(|| at(path, "缺少条数前缀"))?;
    let json = unpacked(body, path)?;
    let changes: Vec<Change> = typed(&json, path)?;
    if count.parse() != Ok(changes.len()) {
        return Err(at(path, format!("条数不符：前缀“{}”，实有 {} 条", super::jsonpath::quoted(count), changes.len())));
    }
    for (i, change) in changes.iter().enumerate() {
        super::bounds::check_change(change).map_err(|(inner, detail)| at(&format!("{path}[{i}]{inner}"), detail))?;
    }
    Ok(changes)
}

/// "z" + base64 of raw deflate.
fn packed(json: &[u8], level: u8) -> String {
    let deflated = miniz_oxide::deflate::compress_to_vec(json, level);
    let mut out = String::with_capacity(1 + deflated.len() * 4 / 3 + 4);
    out.push('z');
    base64::engine::general_purpose::STANDARD.encode_string(deflated, &mut out);
    out
}

/// JSON as stored: as it is, or inflated from `packed`.
fn unpacked<'a>(raw: &'a str, path: &str) -> Result<std::borrow::Cow<'a, [u8]>, PathError> {
    let Some(b64) = raw.strip_prefix('z') else {
        return Ok(std::borrow::Cow::Borrowed(raw.as_bytes()));
    };
    inflated(b64, MAX_INFLATED).map(std::borrow::Cow::Owned).map_err(|why| at(path, why))
}

/// base64 of raw deflate, unpacked (release 0.1's records too), or why not, in Chinese.
pub(crate) fn inflated(b64: &str, limit: usize) -> Result<Vec<u8>, String> {
    use base64::DecodeError;
    use miniz_oxide::inflate::TINFLStatus;
    let deflated = base64::engine::general_purpose::STANDARD.decode(b64.as_bytes()).map_err(|e| match e {
        DecodeError::InvalidByte(i, _) => format!("压缩数据的编码有误：第 {} 个字符不是编码字符", i + 1),
        DecodeError::InvalidLength(_) | DecodeError::InvalidLastSymbol(..) => "压缩数据的编码不完整（被截断或改动过）".to_string(),
        DecodeError::InvalidPadding => "压缩数据的编码结尾有误".to_string(),
    })?;
    miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, limit).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => format!("压缩数据解压后超过 {} MB，不予读取", limit >> 20),
        TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => "压缩数据不完整（被截断）".to_string(),
        _ => "压缩数据已损坏，无法解压".to_string(),
    })
}

/// A backup copy, taken right before an import replaces or merges the
/// data: the whole progress, history included (a replace removes the old
/// history), deflated hard (imports are rare).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    pub schema: u32,
    pub notice: String,
    #[serde(with = "real")]
    pub saved_at: Timestamp,
    pub progress: super::model::Progress,
}

pub fn encode_backup(backup: &Backup) -> String {
    packed(&serde_json::to_vec(backup).expect("backup serializes"), 10)
}

pub fn decode_backup(raw: &str) -> Result<Backup, PathError> {
    let json = unpacked(raw, ".")?;
    let backup: Backup = typed(&json, "")?;
    for (no, item) in &backup.progress.items {
        super::bounds::check_item(item).map_err(|(inner, detail)| at(&format!("progress.items.{no}{inner}"), detail))?;
    }
    for (i, change) in backup.progress.history.iter().enumerate() {
        super::bounds::check_change(change).map_err(|(inner, detail)| at(&format!("progress.history[{i}]{inner}"), detail))?;
    }
    Ok(backup)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::{Day, Field, Observation, Value};

    use crate::progress::timestamp::ts;

    /// An item's state is read without the whole-text scan for repeated
    /// keys (opening's largest cost): serde and the maps must refuse every
    /// repeated key the scan would, at every level of an item.
    #[test]
    fn an_item_refuses_repeated_keys_without_the_scan() {
        let good = r#"{"status":"in_progress","note":"甲","targets":{"0":[{"as_of":"2023-05-01","value":3.0}]},"subsidies":{"1":{"served":2.0}}}"#;
        assert!(decode_item(good, "items.7").is_ok());
        for (what, bad, path, key) in [
            ("a field", good.replacen(r#""note":"甲""#, r#""note":"甲","note":"乙""#, 1), "items.7", "note"),
            ("a target", good.replacen(r#""targets":{"#, r#""targets":{"0":[],"#, 1), "items.7.targets", "0"),
            ("a target, escaped", good.replacen(r#""targets":{"#, r#""targets":{"0":[],"#, 1), "items.7.targets", "0"),
            ("an observation's field", good.replacen(r#""value":3.0"#, r#""value":3.0,"value":4.0"#, 1), "items.7.targets.0[0]", "value"),
            ("a subsidy", good.replacen(r#""subsidies":{"#, r#""subsidies":{"1":{},"#, 1), "items.7.subsidies", "1"),
            ("a subsidy's figure", good.replacen(r#""served":2.0"#, r#""served":2.0,"served":1.0"#, 1), "items.7.subsidies.1", "served"),
        ] {
            let scanned = crate::progress::jsonpath::typed::<ItemProgress>(bad.as_bytes(), "items.7").expect_err(what);
            let read = decode_item(&bad, "items.7").expect_err(what);
            assert!(read.detail.contains(&format!("键“{key}”重复出现")), "{what}: {read:?}");
            assert!(read.path.starts_with(path) && scanned.path.starts_with(path), "{what}: {read:?} / {scanned:?}");
        }
        // A repeated key this version does not know is skipped, as one given once is.
        let unknown = good.replacen('{', r#"{"x":1,"x":2,"#, 1);
        assert_eq!(decode_item(&unknown, "items.7").unwrap(), decode_item(good, "items.7").unwrap());
    }

    #[test]
    fn items_small_and_large_round_trip() {
        let mut item = ItemProgress { note: "已开工".into(), ..Default::default() };
        assert!(encode_item(&item).starts_with('{'), "small: plain JSON");
        assert_eq!(decode_item(&encode_item(&item), "item").unwrap(), item);
        let mut day = Day::new(2023, 1, 1).unwrap();
        let observations = (0..365).map(|i| {
            day = day.next();
            Observation { as_of: day, value: f64::from(i) * 1.5 }
        });
        item.targets.insert(0, observations.collect());
        item.updated = Some(ts("2023-12-31T09:00:00.125"));
        let raw = encode_item(&item);
        assert!(raw.starts_with('z'), "large: deflated");
        assert_eq!(decode_item(&raw, "item").unwrap(), item);
    }

    #[test]
    fn chunks_round_trip_and_say_their_count() {
        let change = |i: u32| Change {
            at: ts("2023-10-01T09:00:00"),
            unit: "区残联".into(),
            item: i,
            field: Field::Note,
            old: Value::Empty,
            new: Value::Text(format!("第{i}条")),
        };
        let changes: Vec<Change> = (1..=3).map(change).collect();
        for sealed in [false, true] {
            let raw = encode_chunk(&changes, sealed);
            assert_eq!(chunk_count(&raw), Some(3));
            assert_eq!(decode_chunk(&raw, "log").unwrap(), changes);
        }
        let lying = encode_chunk(&changes, false).replacen("3;", "4;", 1);
        assert!(decode_chunk(&lying, "log").unwrap_err().detail.contains("条数不符"));
    }

    #[test]
    fn heads_of_newer_schemas_are_told_apart_from_damage() {
        assert_eq!(decode_head(r#"{"schema":4,"whatever":1}"#), Err(HeadError::Newer(4)));
        assert!(matches!(decode_head("{"), Err(HeadError::Unreadable(_))));
        assert!(matches!(decode_head(r#"{"schema":3}"#), Err(HeadError::Unreadable(_))));
        assert_eq!(generation_of("minsheng:v3:ab:item:2.17"), Some(2));
        assert_eq!(generation_of("minsheng:v3:ab:log:0.3"), Some(0));
        assert_eq!(generation_of("minsheng:v3:ab:backups"), None);
        assert_eq!(LogHead { chunks: 3, last: 5 }.total(), 2 * CHUNK_LEN + 5);
    }
}
