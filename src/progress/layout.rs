//! The stored layout of one notice's progress (schema 3), value by value.
//! `persist` decides what to write when; this file only turns each part
//! into its string and back.
//!
//! ```text
//! <head>                     {"schema":4,"notice":…,"saved_at":…,"revision":n,"writer":…,"generation":g,
//!                             "settings":{…},"items":[7,12,…],"log":{"chunks":k,"last":m}}
//! <head>:item:<g>.<no>       one item's state: its JSON without the dated target values, then a line
//!                            "\n<target>:<series>" per target (schema 4; schema 3 had them in the JSON,
//!                            and large items as "z" + base64(deflate(JSON)))
//! <head>:log:<g>.<n>         history chunk n: "<count>;" + JSON array of changes (the open, last
//!                            chunk), or "<count>;z" + base64(deflate(JSON array)) once full (sealed)
//! <head>:backup:<slot>       a backup copy taken before an import: {"schema":4,…,"progress"} deflated
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
//!
//! Schema 4 differs from 3 only in the items: a year of daily values is
//! ~16,000 dated figures, which as JSON objects (`{"as_of":…,"value":…}`)
//! were 600 KB to inflate and parse at every opening; as series
//! (`2023-01-02=3;+1=5.5;…`, a day after the first as `+days`) they are a
//! quarter of that, read without serde. Both forms are read (a schema 3
//! head's items are rewritten at its first save), only schema 4 is written.

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use super::day::Day;
use super::jsonpath::{at, path_error, typed, PathError};
use super::model::{Change, ItemProgress, Observation, Settings};
use super::timestamp::{real, Timestamp};

pub const SCHEMA: u32 = 4;

/// The oldest schema of this layout still read (see `persist` for how it is upgraded).
pub const OLDEST_SCHEMA: u32 = 3;

/// Changes per history chunk: the open chunk is rewritten on every save,
/// so it stays small (~40 KB of JSON); a full one is deflated once.
pub const CHUNK_LEN: usize = 256;

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
        Some(n) if n >= u64::from(OLDEST_SCHEMA) => {}
        _ => return Err(HeadError::Unreadable(at(".", format!("不是本工具的进度记录（缺少 schema {OLDEST_SCHEMA}–{SCHEMA}）")))),
    }
    typed(raw.as_bytes(), "").map_err(HeadError::Unreadable)
}

#[derive(Debug, Clone, PartialEq)]
pub enum HeadError {
    Newer(u64),
    Unreadable(PathError),
}

/// Item state: its JSON without the dated target values, then one line per
/// target holding its series. Never deflated (schema 3 deflated large ones,
/// still read): inflating 50 items took ~12 ms of opening in Chromium, for
/// ~60 KB of storage saved.
pub fn encode_item(item: &ItemProgress) -> String {
    // Every field listed (no `..`): a field added to `ItemProgress` must be placed here.
    let without_targets = ItemProgress {
        status: item.status,
        pause_reason: item.pause_reason.clone(),
        note: item.note.clone(),
        evidence: item.evidence.clone(),
        targets: Default::default(),
        subsidies: item.subsidies.clone(),
        updated: item.updated,
        updated_by: item.updated_by.clone(),
        dated: item.dated.clone(),
        leader: item.leader.clone(),
        responsible: item.responsible.clone(),
        partners: item.partners.clone(),
        quarters: item.quarters.clone(),
    };
    // serde_json writes no raw line break (they are escaped in strings): the first one ends the JSON.
    let mut text = serde_json::to_string(&without_targets).expect("item serializes");
    for (target, observations) in &item.targets {
        text.push('\n');
        text.push_str(&target.to_string());
        text.push(':');
        encode_series(observations, &mut text);
    }
    text
}

/// An item's stored state, schema 3 (JSON only) or 4 (JSON, then its series).
pub fn decode_item(raw: &str, path: &str) -> Result<ItemProgress, PathError> {
    let text = unpacked(raw, path)?;
    let (json, series) = match text.iter().position(|&b| b == b'\n') {
        Some(end) => (&text[..end], Some(&text[end + 1..])),
        None => (&text[..], None),
    };
    let mut item: ItemProgress = super::jsonpath::typed_refusing_itself(json, path)?;
    for line in series.into_iter().flat_map(|s| s.split(|&b| b == b'\n')) {
        let line = std::str::from_utf8(line).map_err(|_| at(&format!("{path}.targets"), "目标完成值不是文本"))?;
        let (target, series) = line.split_once(':').ok_or_else(|| at(&format!("{path}.targets"), "目标完成值缺少目标序号"))?;
        let target: usize = target.parse().map_err(|_| at(&format!("{path}.targets"), format!("目标序号“{}”不是非负整数", super::jsonpath::quoted(target))))?;
        let observations = decode_series(series).map_err(|(i, why)| at(&format!("{path}.targets.{target}[{i}]"), why))?;
        if item.targets.insert(target, observations).is_some() {
            return Err(at(&format!("{path}.targets"), format!("键“{target}”重复出现")));
        }
    }
    super::bounds::check_item(&item).map_err(|(inner, detail)| at(&format!("{path}{inner}"), detail))?;
    Ok(item)
}

/// Dated values as `day=value` joined by `;`: a day later than the one
/// before as `+days` (a daily series is `+1=…`), any other in full; a value
/// in its shortest text that reads back to the same number (`Debug`: `12.5`,
/// `5e-324`, a whole number without its `.0`; ryu would add 16 KB to the wasm, core's formatting is there anyway).
fn encode_series(observations: &[Observation], out: &mut String) {
    use std::fmt::Write as _;
    let mut previous: Option<Day> = None;
    for (i, o) in observations.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        match previous.map(|p| p.days_until(o.as_of)) {
            Some(days @ 1..=99_999) => write!(out, "+{days}").expect("a String takes text"),
            _ => write!(out, "{}", o.as_of).expect("a String takes text"),
        }
        out.push('=');
        let start = out.len();
        write!(out, "{:?}", o.value).expect("a String takes text");
        if out.ends_with(".0") && !out[start..].starts_with('-') {
            // `480`, not `480.0` (-0.0 keeps its point: `-0` would read as 0).
            out.truncate(out.len() - 2);
        }
        previous = Some(o.as_of);
    }
}

/// A stored value. Most are short (`480.0`, `12.5`: at most 15 digits and a
/// point), read here exactly: the digits and the power of ten are exact
/// doubles, so one division rounds once (Clinger's fast path). Any other
/// goes to serde_json's reader (exact: `float_roundtrip`; JSON's syntax, so
/// no NaN or inf), not `str::parse`: core's float reader would add ~30 KB to
/// the wasm. A year holds ~16,000 values, read at opening.
fn read_value(text: &str) -> Option<f64> {
    const POW10: [f64; 16] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
    let bytes = text.as_bytes();
    let point = bytes.iter().position(|&b| b == b'.');
    let digits = bytes.len() - usize::from(point.is_some());
    let short = (1..=15).contains(&digits)
        && point.is_none_or(|p| p > 0 && p + 1 < bytes.len())
        && bytes.iter().enumerate().all(|(i, b)| b.is_ascii_digit() || Some(i) == point);
    if !short {
        return serde_json::from_str(text).ok();
    }
    let mantissa = bytes.iter().filter(|b| b.is_ascii_digit()).fold(0u64, |m, b| m * 10 + u64::from(b - b'0'));
    Some(mantissa as f64 / POW10[point.map_or(0, |p| bytes.len() - 1 - p)])
}

/// `encode_series` read back, or the index of the entry that is wrong and why.
fn decode_series(text: &str) -> Result<Vec<Observation>, (usize, String)> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::with_capacity(text.len() / 8);
    let mut previous: Option<Day> = None;
    for (i, entry) in text.split(';').enumerate() {
        let refuse = |why: &str| (i, format!("“{}”{why}", super::jsonpath::quoted(entry)));
        let (day, value) = entry.split_once('=').ok_or_else(|| refuse("缺少“=”"))?;
        let as_of = match day.strip_prefix('+') {
            Some(days) => {
                let digits = !days.is_empty() && days.bytes().all(|b| b.is_ascii_digit());
                let days: u32 = days.parse().ok().filter(|_| digits).ok_or_else(|| refuse("的天数不是正整数"))?;
                let previous = previous.ok_or_else(|| refuse("是第一项，不能写相隔天数"))?;
                previous.after(days).filter(|_| days > 0).ok_or_else(|| refuse("的天数不是正整数或超出日历"))?
            }
            None if day.len() == 10 => Day::parse(day).ok_or_else(|| refuse("不是有效日期"))?,
            None => return Err(refuse("不是有效日期")),
        };
        let value = read_value(value).ok_or_else(|| refuse("的完成值不是数字"))?;
        out.push(Observation { as_of, value });
        previous = Some(as_of);
    }
    Ok(out)
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
        assert!(raw.starts_with('{') && raw.contains("\n0:2023-01-02=0;+1=1.5;+1=3;"), "large: plain, as a series");
        assert_eq!(decode_item(&raw, "item").unwrap(), item);
        // Schema 3's form of a large item: its whole JSON deflated.
        let schema_3 = packed(&serde_json::to_vec(&item).unwrap(), 1);
        assert_eq!(decode_item(&schema_3, "item").unwrap(), item);
    }

    proptest::proptest! {
        /// Any dated values, in any order, with repeated days, any number
        /// the bounds allow (subnormals, -0, the largest): stored and read
        /// back bit for bit, in both the plain and the deflated form.
        #[test]
        fn series_round_trip_exactly(
            targets in proptest::collection::btree_map(0usize..40, proptest::collection::vec((0u32..900_000, 0.0f64..=1e13), 0..300), 0..4),
            note in "\\PC{0,40}",
        ) {
            let base = Day::new(1990, 1, 1).unwrap();
            let item = ItemProgress {
                note,
                targets: targets
                    .into_iter()
                    .map(|(t, obs)| (t, obs.into_iter().map(|(d, v)| Observation { as_of: base.after(d).unwrap(), value: v }).collect()))
                    .collect(),
                ..Default::default()
            };
            let read = decode_item(&encode_item(&item), "item").unwrap();
            proptest::prop_assert_eq!(&read, &item);
            for (t, obs) in &item.targets {
                for (a, b) in obs.iter().zip(&read.targets[t]) {
                    proptest::prop_assert_eq!(a.value.to_bits(), b.value.to_bits());
                }
            }
        }
    }

    proptest::proptest! {
        /// The short values' own reader against `str::parse` (correctly rounded).
        #[test]
        fn short_values_read_as_str_parse_does(int in 0u64..10u64.pow(15), decimals in 0usize..15, text in "[0-9.]{1,18}") {
            let digits = int.to_string();
            let written = if decimals == 0 || decimals >= digits.len() { digits } else { format!("{}.{}", &digits[..digits.len() - decimals], &digits[digits.len() - decimals..]) };
            proptest::prop_assert_eq!(read_value(&written).map(f64::to_bits), written.parse::<f64>().ok().map(f64::to_bits), "{}", written);
            // Any text of digits and points: the same number or refused, never another.
            if let Some(v) = read_value(&text) {
                proptest::prop_assert_eq!(Some(v.to_bits()), text.parse::<f64>().ok().map(f64::to_bits), "{}", text);
            }
        }
    }

    #[test]
    fn odd_numbers_and_days_round_trip() {
        let day = |s| Day::parse(s).unwrap();
        let values = [0.0, -0.0, f64::MIN_POSITIVE, 5e-324, 0.1 + 0.2, 1e13, 123456789.12345678];
        let item = ItemProgress {
            targets: [
                (0, values.iter().map(|&value| Observation { as_of: day("2023-05-01"), value }).collect()),
                (3, vec![]),
                (
                    7,
                    vec![
                        Observation { as_of: day("2023-12-31"), value: 1.0 },
                        Observation { as_of: day("2023-01-01"), value: 2.0 },
                        Observation { as_of: day("2299-01-01"), value: 3.0 },
                    ],
                ),
            ]
            .into(),
            ..Default::default()
        };
        let raw = encode_item(&item);
        assert!(raw.contains("\n7:2023-12-31=1;2023-01-01=2;2299-01-01=3"), "{raw}");
        let read = decode_item(&raw, "item").unwrap();
        assert_eq!(read, item);
        assert!(read.targets[&0][1].value.is_sign_negative(), "-0 stays -0");
    }

    #[test]
    fn a_damaged_series_is_refused_with_its_place() {
        let json = r#"{"status":"in_progress","targets":{}}"#;
        for (series, path, why) in [
            ("0:2023-05-01=3;+1=x", "items.7.targets.0[1]", "完成值不是数字"),
            ("0:2023-05-01=3;+0=4", "items.7.targets.0[1]", "天数不是正整数"),
            ("0:+1=4", "items.7.targets.0[0]", "第一项"),
            ("0:2023-02-30=4", "items.7.targets.0[0]", "不是有效日期"),
            ("0:2023-5-1=4", "items.7.targets.0[0]", "不是有效日期"),
            ("0:2023-05-01", "items.7.targets.0[0]", "缺少“=”"),
            ("0:2023-05-01=1e14", "items.7.targets.0[0].value", "上限"),
            ("0:2023-05-01=NaN", "items.7.targets.0[0]", "完成值不是数字"),
            ("0:2023-05-01=1x", "items.7.targets.0[0]", "完成值不是数字"),
            ("x:2023-05-01=1", "items.7.targets", "目标序号"),
            ("2023-05-01=1", "items.7.targets", "目标序号"),
            ("0:2023-05-01=1\n0:2023-05-02=1", "items.7.targets", "键“0”重复出现"),
        ] {
            let e = decode_item(&format!("{json}\n{series}"), "items.7").expect_err(series);
            assert_eq!(e.path, path, "{series}: {e:?}");
            assert!(e.detail.contains(why), "{series}: {e:?}");
        }
        // Given both in the JSON (schema 3) and as a series: refused, not one of them chosen.
        let both = r#"{"targets":{"0":[{"as_of":"2023-05-01","value":3.0}]}}"#.to_string() + "\n0:2023-05-01=4";
        assert!(decode_item(&both, "items.7").unwrap_err().detail.contains("键“0”重复出现"));
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
        assert_eq!(decode_head(r#"{"schema":5,"whatever":1}"#), Err(HeadError::Newer(5)));
        assert!(matches!(decode_head("{"), Err(HeadError::Unreadable(_))));
        assert!(matches!(decode_head(r#"{"schema":3}"#), Err(HeadError::Unreadable(_))));
        assert!(matches!(decode_head(r#"{"schema":2}"#), Err(HeadError::Unreadable(_))));
        assert_eq!(generation_of("minsheng:v3:ab:item:2.17"), Some(2));
        assert_eq!(generation_of("minsheng:v3:ab:log:0.3"), Some(0));
        assert_eq!(generation_of("minsheng:v3:ab:backups"), None);
        assert_eq!(LogHead { chunks: 3, last: 5 }.total(), 2 * CHUNK_LEN + 5);
    }
}
