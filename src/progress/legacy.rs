//! Release 0.1's stored records, read once to migrate (never written over):
//! schema 2 (`minsheng:v2:<hash>`, a JSON envelope with the whole progress,
//! plain or deflate+base64) and schema 1 (`minsheng:v1:<hash>`, no history).
//! `encode_v2` writes schema 2 exactly as that release did: the benchmarks
//! compare the current layout against it, and tests make old records with it.
//!
//! A damaged record is repaired rather than refused: what can be read item by
//! item and change by change loads, the rest is listed (`Repair`).

use std::collections::BTreeMap;

use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value as Json;

use super::day::Day;
use super::jsonpath::{at, path_error, repeated, repeated_keys, typed, PathError};
use super::model::{Change, ItemProgress, Observation, Progress, Settings, Status, SubsidyProgress};
use super::timestamp::Timestamp;

const DEFLATE_BASE64: &str = "deflate+base64";
const MAX_INFLATED: usize = 64 << 20;
/// Repeated keys listed one by one when a record is repaired (the rest are counted).
const LISTED_REPEATS: usize = 20;

/// A release 0.1 record, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Legacy {
    pub schema: u32,
    pub progress: Progress,
    /// Parts that could not be read (path and why); empty when all was read.
    pub unreadable: Vec<PathError>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LegacyError {
    /// Schema above 2 under a legacy key: leave it alone.
    Newer(u64),
    /// Nothing in it can be read as progress of this notice.
    Unreadable(PathError),
    OtherNotice(String),
}

impl std::fmt::Display for LegacyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LegacyError::Newer(n) => write!(f, "这份进度由更新版本的本工具保存（格式版本 {n}）。为免覆盖，本页不会改写它，请用新版本打开。"),
            LegacyError::Unreadable(e) => write!(f, "旧版本保存的进度无法读取，{e}"),
            LegacyError::OtherNotice(found) => write!(f, "这份进度属于另一份通知（通知标识“{}”）。", super::jsonpath::quoted(found)),
        }
    }
}

#[derive(Deserialize)]
struct Header {
    schema: Option<Json>,
    notice: Option<Json>,
    encoding: Option<Json>,
    data: Option<Json>,
}

/// Read a release 0.1 record of the notice `hash`.
pub fn decode(raw: &str, hash: &str) -> Result<Legacy, LegacyError> {
    let unreadable = |path: &str, detail: String| LegacyError::Unreadable(at(path, detail));
    let header: Header = serde_json::from_str(raw).map_err(|e| LegacyError::Unreadable(path_error("", raw.as_bytes(), e)))?;
    let schema = header.schema.as_ref().and_then(Json::as_u64).ok_or_else(|| unreadable("schema", "缺少格式版本".into()))?;
    if schema > 2 {
        return Err(LegacyError::Newer(schema));
    }
    match header.notice {
        Some(Json::String(n)) if n == hash => {}
        Some(Json::String(n)) => return Err(LegacyError::OtherNotice(n)),
        _ => return Err(unreadable("notice", "缺少通知标识".into())),
    }
    if schema < 2 {
        let v1: V1Record = typed(raw.as_bytes(), "").map_err(LegacyError::Unreadable)?;
        return Ok(Legacy { schema: 1, progress: migrate_v1(v1).map_err(LegacyError::Unreadable)?, unreadable: vec![] });
    }
    let (json, prefix): (std::borrow::Cow<[u8]>, &str) = match (&header.encoding, &header.data) {
        (None, _) => (raw.as_bytes().into(), ""),
        (Some(Json::String(e)), Some(Json::String(data))) if e == DEFLATE_BASE64 => {
            (super::layout::inflated(data, MAX_INFLATED).map_err(|why| unreadable("data", why))?.into(), "progress")
        }
        _ => return Err(unreadable("encoding", "未知的编码".into())),
    };
    #[derive(Deserialize)]
    struct Plain {
        progress: Progress,
    }
    let strict = if prefix.is_empty() { typed::<Plain>(&json, "").map(|p| p.progress) } else { typed::<Progress>(&json, prefix) };
    match strict {
        Ok(progress) if within_bounds(&progress) => Ok(Legacy { schema: 2, progress, unreadable: vec![] }),
        _ => repair(&json, prefix),
    }
}

fn within_bounds(progress: &Progress) -> bool {
    progress.items.values().all(|i| super::bounds::check_item(i).is_ok()) && progress.history.iter().all(|c| super::bounds::check_change(c).is_ok())
}

/// Read what can be read, part by part: settings, each item, each change.
/// A part holding a repeated key (or given twice itself) is not read: which
/// copy is meant cannot be known (the same answer as for a whole file).
fn repair(json: &[u8], prefix: &str) -> Result<Legacy, LegacyError> {
    let whole: Json = serde_json::from_slice(json).map_err(|e| LegacyError::Unreadable(path_error("", json, e)))?;
    // Each repeated key is listed, and the part it is in (or that is given twice) is not read.
    let mut unreadable = Vec::new();
    let mut twice = Vec::new();
    let found = repeated_keys(json, usize::MAX);
    for (n, (object, key)) in found.iter().enumerate() {
        let object = match (prefix, object.as_str()) {
            ("", o) => o.to_string(),
            (p, ".") => p.to_string(),
            (p, o) => format!("{p}.{o}"),
        };
        twice.push(if object == "." { key.clone() } else { format!("{object}.{key}") });
        // The first few are listed; the parts of all are skipped.
        if n < LISTED_REPEATS {
            unreadable.push(at(&object, repeated(key)));
        }
    }
    if found.len() > LISTED_REPEATS {
        unreadable.push(at(prefix, format!("另有 {} 处重复的键", found.len() - LISTED_REPEATS)));
    }
    let within = |inner: &str, outer: &str| inner.strip_prefix(outer).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']));
    let skipped = |part: &str| twice.iter().any(|value| within(value, part) || within(part, value));
    let (progress, base) = if prefix.is_empty() { (whole.get("progress"), "progress") } else { (Some(&whole), prefix) };
    let Some(Json::Object(progress)) = progress else {
        return Err(LegacyError::Unreadable(at(base, "应为对象")));
    };
    let mut out = Progress::default();
    // Each part read through `typed` again, for its path and message.
    let read = |value: &Json| serde_json::to_vec(value).expect("JSON re-serializes");
    if let Some(settings) = progress.get("settings").filter(|_| !skipped(&format!("{base}.settings"))) {
        match typed::<Settings>(&read(settings), &format!("{base}.settings")) {
            Ok(s) => out.settings = s,
            Err(e) => unreadable.push(e),
        }
    }
    if let Some(Json::Object(items)) = progress.get("items") {
        for (no, item) in items {
            let path = format!("{base}.items.{no}");
            let Ok(no) = no.parse::<u32>() else {
                unreadable.push(at(&path, "事项编号不是数字"));
                continue;
            };
            if skipped(&path) {
                continue;
            }
            match typed::<ItemProgress>(&read(item), &path) {
                Ok(p) => match super::bounds::check_item(&p) {
                    Ok(()) => {
                        out.items.insert(no, p);
                    }
                    Err((inner, why)) => unreadable.push(at(&format!("{path}{inner}"), why)),
                },
                Err(e) => unreadable.push(e),
            }
        }
    }
    if let Some(Json::Array(history)) = progress.get("history") {
        for (i, change) in history.iter().enumerate() {
            let path = format!("{base}.history[{i}]");
            if skipped(&path) {
                continue;
            }
            match typed::<Change>(&read(change), &path) {
                Ok(c) => match super::bounds::check_change(&c) {
                    Ok(()) => out.history.push(c),
                    Err((inner, why)) => unreadable.push(at(&format!("{path}{inner}"), why)),
                },
                Err(e) => unreadable.push(e),
            }
        }
    }
    Ok(Legacy { schema: 2, progress: out, unreadable })
}

/// Release 0.1's schema-2 record, exactly as it stored it.
pub fn encode_v2(hash: &str, saved_at: Timestamp, revision: u64, progress: &Progress, level: u8) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        schema: u32,
        notice: &'a str,
        saved_at: Timestamp,
        revision: u64,
        encoding: &'a str,
        data: String,
    }
    let json = serde_json::to_vec(progress).expect("progress serializes");
    let data = base64::engine::general_purpose::STANDARD.encode(miniz_oxide::deflate::compress_to_vec(&json, level));
    serde_json::to_string(&Out { schema: 2, notice: hash, saved_at, revision, encoding: DEFLATE_BASE64, data }).expect("record serializes")
}

// ---- schema 1 ------------------------------------------------------------

/// v1: status by Chinese label, one `as_of` for all of an item's achieved
/// values, served counts per subsidy, no history, no settings.
#[derive(Deserialize)]
struct V1Record {
    #[serde(default)]
    items: BTreeMap<u32, V1Item>,
}

#[derive(Deserialize)]
struct V1Item {
    #[serde(default)]
    status: V1Status,
    #[serde(default)]
    note: String,
    #[serde(default)]
    achieved: BTreeMap<usize, Amount>,
    #[serde(default)]
    as_of: Option<Day>,
    #[serde(default)]
    served: BTreeMap<usize, Amount>,
}

#[derive(Default)]
struct V1Status(Status);

impl<'de> Deserialize<'de> for V1Status {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<V1Status, D::Error> {
        let label = String::deserialize(d)?;
        Status::ALL.into_iter().find(|s| s.label() == label).map(V1Status).ok_or_else(|| {
            let known: Vec<&str> = Status::ALL.iter().map(|s| s.label()).collect();
            serde::de::Error::custom(format!("未知的状态“{}”（应为 {}）", super::jsonpath::quoted(&label), known.join("/")))
        })
    }
}

/// A number `bounds` accepts.
struct Amount(f64);

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        let n = f64::deserialize(d)?;
        match super::bounds::refusal(n) {
            None => Ok(Amount(n)),
            Some(why) => Err(serde::de::Error::custom(why)),
        }
    }
}

fn migrate_v1(v1: V1Record) -> Result<Progress, PathError> {
    let mut progress = Progress::default();
    for (no, old) in v1.items {
        let p = progress.items.entry(no).or_default();
        p.status = old.status.0;
        p.note = old.note;
        if !old.achieved.is_empty() {
            let as_of = old.as_of.ok_or_else(|| at(&format!("items.{no}.as_of"), "有完成值（achieved）却没有截至日期"))?;
            for (target, Amount(value)) in old.achieved {
                p.targets.insert(target, vec![Observation { as_of, value }]);
            }
        }
        for (subsidy, Amount(served)) in old.served {
            p.subsidies.insert(subsidy, SubsidyProgress { served: Some(served), ..Default::default() });
        }
    }
    Ok(progress)
}
