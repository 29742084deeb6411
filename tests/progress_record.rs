//! The stored form of progress: keys, encode/decode (plain and compressed),
//! the size of a year of edits, migration from schema 1, refusals with the
//! field path, rebasing two tabs' edits, and the backup ring over a year.

use minsheng::notice::{parse, Notice};
use minsheng::progress::backups::{plan_backup, plan_backup_now, seconds, BackupIndex, BackupPlan, MAX_BACKUPS};
use minsheng::progress::record::{
    backup_index_key, backup_key, decode, encode, encode_with, key_for_hash, notice_hash, notice_key, quarantine_key, rebase, rebase_settings,
    DecodeError, Encoding, StoredRecord,
};
use minsheng::progress::{Change, Day, Edit, Field, Progress, Settings, Status, Tracker, Value, SCHEMA_VERSION};
use std::sync::OnceLock;

#[path = "support/year.rs"]
mod year;

fn notice() -> &'static Notice {
    static N: OnceLock<Notice> = OnceLock::new();
    N.get_or_init(|| parse(minsheng::BUNDLED_NOTICE))
}

fn hash() -> String {
    notice_hash(minsheng::BUNDLED_NOTICE)
}

fn day(s: &str) -> Day {
    Day::parse(s).unwrap()
}

fn note(no: u32, text: &str) -> Edit {
    Edit { item: no, field: Field::Note, value: Value::Text(text.into()) }
}

fn status(no: u32, s: Status) -> Edit {
    Edit { item: no, field: Field::Status, value: Value::Text(s.key().into()) }
}

fn achieved(no: u32, target: usize, as_of: &str, value: f64) -> Edit {
    Edit { item: no, field: Field::TargetAchieved { target, as_of: day(as_of) }, value: Value::Number(value) }
}

/// A few months of varied edits, an undo, a redo, non-default settings.
fn sample_progress() -> Progress {
    let n = notice();
    let mut t = Tracker::default();
    t.progress.settings = Settings { unit: "区残联".into(), yellow_lag: 12.5, red_lag: 25.0 };
    t.edit(n, status(7, Status::InProgress), "2023-03-01T09:00:00").unwrap();
    t.edit(n, achieved(7, 0, "2023-06-30", 300.0), "2023-07-02T10:00:00").unwrap();
    t.edit(n, achieved(7, 0, "2023-09-30", 612.5), "2023-10-08T10:00:00").unwrap();
    t.edit(n, Edit { item: 7, field: Field::SubsidyServed { subsidy: 0 }, value: Value::Number(280.0) }, "2023-10-08T10:01:00").unwrap();
    t.edit(n, Edit { item: 7, field: Field::SubsidyDisbursed { subsidy: 0 }, value: Value::Number(1.4e6) }, "2023-10-08T10:02:00").unwrap();
    t.edit(n, note(7, "“引号”、<b>标签</b>、换行\n和 \\ 反斜杠"), "2023-10-08T10:03:00").unwrap();
    t.edit(n, Edit { item: 7, field: Field::Evidence, value: Value::Text("https://example.org/a?b=1&c=2".into()) }, "2023-10-08T10:04:00").unwrap();
    t.edit(n, status(30, Status::Paused), "2023-05-01T09:00:00").unwrap();
    t.edit(n, Edit { item: 30, field: Field::PauseReason, value: Value::Text("雨季停工".into()) }, "2023-05-01T09:01:00").unwrap();
    t.edit(n, achieved(18, 1, "2023-06-30", 270.0), "2023-07-01T09:00:00").unwrap();
    t.undo("2023-07-01T09:01:00").unwrap();
    t.redo("2023-07-01T09:02:00").unwrap();
    t.progress
}

fn record(progress: Progress) -> StoredRecord {
    StoredRecord::new(hash(), "2023-10-08T10:05:00", 42, progress)
}

fn corrupt_path(result: Result<minsheng::progress::Decoded, DecodeError>) -> (String, String) {
    match result {
        Err(e @ DecodeError::Corrupt { .. }) => {
            let DecodeError::Corrupt { path, .. } = &e else { unreachable!() };
            (path.clone(), e.to_string())
        }
        other => panic!("expected Corrupt, got {other:?}"),
    }
}

// ---- keys ------------------------------------------------------------------

#[test]
fn keys_are_namespaced_and_derived_from_the_notice_text() {
    let key = notice_key(minsheng::BUNDLED_NOTICE);
    assert_eq!(key, "minsheng:v2:3f3298e0f460c17a", "first 16 hex chars of the seed's SHA-256");
    assert_eq!(key, key_for_hash(&hash()));
    assert_eq!(notice_key(&minsheng::BUNDLED_NOTICE.replace('\n', "\r\n")), key, "a CRLF copy finds the same progress");
    assert_ne!(notice_key(&minsheng::BUNDLED_NOTICE.replace("797名", "798名")), key);
    for k in [quarantine_key(&key, "2023-10-08T10:05:00"), backup_key(&key, 3), backup_index_key(&key)] {
        assert!(k.starts_with(&format!("{key}:")), "{k}");
    }
    assert_eq!(backup_key(&key, 3), "minsheng:v2:3f3298e0f460c17a:backup:3");
    assert_eq!(quarantine_key(&key, "T"), "minsheng:v2:3f3298e0f460c17a:quarantine:T");
}

// ---- v2 --------------------------------------------------------------------

#[test]
fn round_trip_plain_and_compressed_is_identity() {
    let rec = record(sample_progress());
    for encoding in [Encoding::Plain, Encoding::Deflate { level: 1 }, Encoding::Deflate { level: 6 }, Encoding::Deflate { level: 10 }] {
        let raw = encode_with(&rec, encoding);
        let decoded = decode(&raw, &hash()).unwrap();
        assert_eq!(decoded.record, rec, "{encoding:?}");
        assert_eq!(decoded.migrated_from, None);
        assert_eq!(decoded.compressed, encoding != Encoding::Plain);
        // Re-encoding what was read gives the same string (stable form).
        assert_eq!(encode_with(&decoded.record, encoding), raw);
    }
    assert_eq!(decode(&encode(&rec), &hash()).unwrap().record, rec);
    assert_eq!(decode(&encode(&record(Progress::default())), &hash()).unwrap().record, record(Progress::default()));
}

#[test]
fn the_envelope_stays_readable() {
    let raw = encode(&record(sample_progress()));
    let json: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(json["schema"], SCHEMA_VERSION);
    assert_eq!(json["notice"], hash());
    assert_eq!(json["saved_at"], "2023-10-08T10:05:00");
    assert_eq!(json["revision"], 42);
    assert_eq!(json["encoding"], "deflate+base64");
    assert!(json["data"].as_str().unwrap().bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)));
    let plain = encode_with(&record(sample_progress()), Encoding::Plain);
    assert!(plain.starts_with(r#"{"schema":2,"notice":"3f3298e0f460c17a","saved_at":"2023-10-08T10:05:00","revision":42,"progress":{"#), "{plain:.120}");
}

#[test]
fn a_year_of_daily_edits_fits_the_budget() {
    let progress = year::year_of_edits(notice());
    assert_eq!(progress.history.len(), 365 * 50);
    let rec = record(progress);
    let plain = encode_with(&rec, Encoding::Plain);
    let stored = encode(&rec);
    let utf16 = |s: &str| s.encode_utf16().count();
    eprintln!(
        "year record: {} changes; plain {} bytes ({} UTF-16 units); deflate+base64 {} bytes; deflate 1: {}; deflate 10: {}",
        rec.progress.history.len(),
        plain.len(),
        utf16(&plain),
        stored.len(),
        encode_with(&rec, Encoding::Deflate { level: 1 }).len(),
        encode_with(&rec, Encoding::Deflate { level: 10 }).len(),
    );
    assert!(plain.len() > 1_000_000, "plain JSON is over budget: that is why it is compressed");
    assert!(stored.len() <= 1_000_000, "{} bytes", stored.len());
    assert_eq!(decode(&stored, &hash()).unwrap().record, rec);
}

// ---- refusals --------------------------------------------------------------

#[test]
fn a_record_of_another_notice_is_refused() {
    let other = StoredRecord::new("0123456789abcdef", "2023-10-08T10:05:00", 1, sample_progress());
    for raw in [encode(&other), encode_with(&other, Encoding::Plain)] {
        let err = decode(&raw, &hash()).unwrap_err();
        assert_eq!(err, DecodeError::OtherNotice { found: "0123456789abcdef".into(), expected: hash() });
        assert!(err.to_string().contains("另一份通知"), "{err}");
    }
}

#[test]
fn a_future_schema_is_refused_and_must_not_be_overwritten() {
    for raw in [
        format!(r#"{{"schema":3,"notice":"{}","whatever":{{"new":"layout"}}}}"#, hash()),
        r#"{"schema":99}"#.to_string(),
        format!(r#"{{"schema":3,"notice":"{}","saved_at":"x","revision":1,"encoding":"zstd+base85","data":"@@"}}"#, hash()),
    ] {
        let err = decode(&raw, &hash()).unwrap_err();
        assert!(matches!(err, DecodeError::FutureVersion(_)), "{err:?}");
        assert!(!err.may_overwrite());
        assert!(err.to_string().contains("更新版本"), "{err}");
    }
    assert_eq!(decode(r#"{"schema":3}"#, &hash()), Err(DecodeError::FutureVersion(3)));
}

#[test]
fn garbage_and_truncation_are_refused() {
    let h = hash();
    let full = encode_with(&record(sample_progress()), Encoding::Plain);
    let compressed = encode(&record(sample_progress()));
    for raw in ["", "hello", "{", &full[..full.len() / 2], &full[..full.len() - 1], &compressed[..compressed.len() - 2]] {
        let err = decode(raw, &h).unwrap_err();
        assert!(matches!(err, DecodeError::NotJson { .. }), "{raw:.40}: {err:?}");
        assert!(err.to_string().contains("不是完整的 JSON") && err.to_string().contains('行'), "{err}");
        assert!(err.may_overwrite());
    }
    for raw in ["[1,2]", "null", "42", "{}", r#"{"items":{}}"#, r#"{"schema":"2"}"#, r#"{"schema":0}"#, r#"{"schema":2}"#, r#"{"schema":2,"notice":7}"#] {
        let err = decode(raw, &h).unwrap_err();
        assert!(matches!(err, DecodeError::NotOurFormat(_)), "{raw}: {err:?}");
        assert!(err.to_string().contains("不是本工具的进度记录"), "{err}");
    }
}

#[test]
fn damaged_fields_are_refused_with_their_path() {
    let h = hash();
    let base = serde_json::to_value(record_json(sample_progress())).unwrap();
    let cases: Vec<(&str, serde_json::Value, &str)> = vec![
        ("/progress/items/7/status", "finished".into(), "progress.items.7.status"),
        ("/progress/items/7/status", 3.into(), "progress.items.7.status"),
        ("/progress/items/7/note", serde_json::json!(["x"]), "progress.items.7.note"),
        ("/progress/items/7/targets/0/0/value", "很多".into(), "progress.items.7.targets.0[0].value"),
        ("/progress/items/7/targets/0/1/as_of", "2023-02-30".into(), "progress.items.7.targets.0[1].as_of"),
        ("/progress/items/7/subsidies/0/served", "280".into(), "progress.items.7.subsidies.0.served"),
        ("/progress/settings/red_lag", "high".into(), "progress.settings.red_lag"),
        ("/progress/history", serde_json::json!({}), "progress.history"),
        ("/progress", serde_json::json!([]), "progress"),
        ("/progress", "x".into(), "progress"),
        ("/revision", "seven".into(), "revision"),
        ("/revision", (-1).into(), "revision"),
        ("/saved_at", serde_json::Value::Null, "saved_at"),
    ];
    for (pointer, bad, path) in cases {
        let mut json = base.clone();
        *json.pointer_mut(pointer).unwrap_or_else(|| panic!("{pointer}")) = bad;
        let (found, message) = corrupt_path(decode(&json.to_string(), &h));
        assert_eq!(found, path, "{message}");
        assert!(message.contains(path) && message.contains("进度记录已损坏"), "{message}");
    }
    // A bad item key, and a history entry of an unknown field.
    let raw = encode_with(&record(sample_progress()), Encoding::Plain).replace(r#""items":{"7":"#, r#""items":{"seven":"#);
    assert!(corrupt_path(decode(&raw, &h)).0.starts_with("progress.items"));
    let raw = encode_with(&record(sample_progress()), Encoding::Plain).replace(r#""field":"pause_reason""#, r#""field":"colour""#);
    assert!(corrupt_path(decode(&raw, &h)).0.starts_with("progress.history"));
}

#[test]
fn damaged_compressed_payloads_are_refused() {
    let h = hash();
    let mut json: serde_json::Value = serde_json::from_str(&encode(&record(sample_progress()))).unwrap();
    let data = json["data"].as_str().unwrap().to_string();
    let with = |json: &serde_json::Value, key: &str, v: serde_json::Value| {
        let mut j = json.clone();
        j[key] = v;
        j.to_string()
    };
    // Not base64; base64 but cut deflate; an unknown encoding; no data.
    assert_eq!(corrupt_path(decode(&with(&json, "data", "!!!".into()), &h)).0, "data");
    assert_eq!(corrupt_path(decode(&with(&json, "data", data[..data.len() / 2 / 4 * 4].into()), &h)).0, "data");
    assert_eq!(corrupt_path(decode(&with(&json, "encoding", "gzip".into()), &h)).0, "encoding");
    json.as_object_mut().unwrap().remove("data");
    assert_eq!(corrupt_path(decode(&json.to_string(), &h)).0, "data");
    // Well-compressed but wrong inside: the path is the same as in a plain record.
    let mut rec = record(sample_progress());
    rec.progress.items.get_mut(&7).unwrap().note = "MARK".into();
    let inner = serde_json::to_string(&rec.progress).unwrap().replace(r#""status":"in_progress""#, r#""status":"finished""#);
    let deflated = miniz_oxide::deflate::compress_to_vec(inner.as_bytes(), 6);
    use base64::Engine as _;
    let mut json: serde_json::Value = serde_json::from_str(&encode(&rec)).unwrap();
    json["data"] = base64::engine::general_purpose::STANDARD.encode(deflated).into();
    let (path, message) = corrupt_path(decode(&json.to_string(), &h));
    assert_eq!(path, "progress.items.7.status");
    assert!(message.contains("未知取值") && message.contains("finished"), "{message}");
}

/// The plain record as a JSON value (for pointer edits).
fn record_json(progress: Progress) -> serde_json::Value {
    serde_json::from_str(&encode_with(&record(progress), Encoding::Plain)).unwrap()
}

// ---- schema 1 ----------------------------------------------------------------

fn v1_fixture() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/progress-v1.json")).unwrap()
}

#[test]
fn v1_is_migrated() {
    let decoded = decode(&v1_fixture(), &hash()).unwrap();
    assert_eq!(decoded.migrated_from, Some(1));
    let rec = &decoded.record;
    assert_eq!((rec.schema, rec.notice.as_str(), rec.saved_at.as_str(), rec.revision), (2, hash().as_str(), "", 0));
    let p = &rec.progress;
    assert_eq!(p.items.keys().copied().collect::<Vec<_>>(), vec![7, 18, 25, 30, 33]);
    let seven = &p.items[&7];
    assert_eq!(seven.status, Status::InProgress);
    assert_eq!(seven.note, "已完成第三季度康复救助，资金已拨付。");
    assert_eq!(p.get(7, &Field::TargetAchieved { target: 0, as_of: day("2023-09-30") }), Value::Number(480.0));
    assert_eq!(seven.targets[&0].len(), 1);
    assert_eq!(p.get(7, &Field::SubsidyServed { subsidy: 0 }), Value::Number(280.0));
    assert_eq!(p.get(7, &Field::SubsidyServed { subsidy: 2 }), Value::Number(35.0));
    assert_eq!(p.get(7, &Field::SubsidyDisbursed { subsidy: 0 }), Value::Empty);
    assert_eq!(p.get(18, &Field::TargetAchieved { target: 1, as_of: day("2023-06-30") }), Value::Number(260.5));
    assert_eq!(p.items[&25].status, Status::Done);
    assert_eq!((p.items[&30].status, p.items[&30].note.as_str()), (Status::Paused, "雨季停工"));
    assert_eq!(p.items[&33].status, Status::NotStarted);
    assert!(p.history.is_empty());
    assert_eq!(p.settings, Settings::default());
    // Saved again, it is a v2 record that reads back unchanged.
    let again = decode(&encode(rec), &hash()).unwrap();
    assert_eq!((&again.record, again.migrated_from), (rec, None));
    // The migrated state is usable: an edit on top of it.
    let mut t = Tracker::new(rec.progress.clone());
    t.edit(notice(), achieved(7, 0, "2023-10-31", 600.0), "2023-11-01T09:00:00").unwrap();
    assert_eq!(t.progress.items[&7].targets[&0].len(), 2);
}

#[test]
fn v1_minimal_and_of_another_notice() {
    let d = decode(&format!(r#"{{"schema":1,"notice":"{}"}}"#, hash()), &hash()).unwrap();
    assert_eq!((d.record.progress, d.migrated_from), (Progress::default(), Some(1)));
    let d = decode(&format!(r#"{{"schema":1,"notice":"{}","saved_at":"2023-09-30T08:00:00","items":{{}}}}"#, hash()), &hash()).unwrap();
    assert_eq!(d.record.saved_at, "2023-09-30T08:00:00");
    assert!(matches!(decode(&v1_fixture(), "0000000000000000"), Err(DecodeError::OtherNotice { .. })));
}

#[test]
fn damaged_v1_is_refused_with_its_path() {
    let fixture: serde_json::Value = serde_json::from_str(&v1_fixture()).unwrap();
    let cases: Vec<(&str, Option<serde_json::Value>, &str, &str)> = vec![
        ("/items/7/status", Some("完成了".into()), "items.7.status", "未知的状态“完成了”（应为 未启动/推进中/已完成/已暂停）"),
        ("/items/7/status", Some("in_progress".into()), "items.7.status", "未知的状态"),
        ("/items/7/status", Some(1.into()), "items.7.status", "类型不对"),
        ("/items/7/achieved/0", Some((-5).into()), "items.7.achieved.0", "不能为负数"),
        ("/items/7/achieved/0", Some("480".into()), "items.7.achieved.0", "类型不对"),
        ("/items/7/served/2", Some(serde_json::Value::Null), "items.7.served.2", "类型不对"),
        ("/items/7/as_of", Some("2023-09-31".into()), "items.7.as_of", "不是有效日期"),
        ("/items/18/as_of", None, "items.18.as_of", "没有截至日期"),
        ("/items/25/note", Some(false.into()), "items.25.note", "类型不对"),
        ("/items", Some(serde_json::json!([1])), "items", "类型不对"),
    ];
    for (pointer, bad, path, words) in cases {
        let mut json = fixture.clone();
        match bad {
            Some(v) => *json.pointer_mut(pointer).unwrap() = v,
            None => {
                let (parent, key) = pointer.rsplit_once('/').unwrap();
                json.pointer_mut(parent).unwrap().as_object_mut().unwrap().remove(key);
            }
        }
        let (found, message) = corrupt_path(decode(&json.to_string(), &hash()));
        assert_eq!(found, path, "{message}");
        assert!(message.contains(path) && message.contains(words), "{message}");
    }
}

// ---- two tabs ----------------------------------------------------------------

fn key_of(c: &Change) -> (String, u32, Field, Value) {
    (c.at.clone(), c.item, c.field.clone(), c.new.clone())
}

/// For each (item, field), each change's `old` is the previous change's `new`.
fn assert_consistent_chain(p: &Progress) {
    let mut last = std::collections::HashMap::new();
    for c in &p.history {
        if let Some(prev) = last.insert((c.item, format!("{:?}", c.field)), c.new.clone()) {
            assert_eq!(c.old, prev, "{c:?}");
        }
    }
    // And the state holds the last value of each field.
    for (i, c) in p.history.iter().enumerate() {
        if !p.history[i + 1..].iter().any(|d| d.item == c.item && d.field == c.field) {
            assert_eq!(p.get(c.item, &c.field), c.new, "{c:?}");
        }
    }
}

#[test]
fn two_tabs_lose_no_edit_and_the_later_writer_wins() {
    let n = notice();
    // Both tabs open the same stored state.
    let mut base = Tracker::default();
    base.edit(n, note(7, "初始"), "2023-07-01T08:00:00").unwrap();
    let synced = base.progress.clone();
    let (mut a, mut b) = (Tracker::new(synced.clone()), Tracker::new(synced.clone()));
    let mut b_synced = synced.history.len();
    a.progress.settings.unit = "区残联".into();
    b.progress.settings.unit = "区民政局".into();

    // A edits item 7 (note, status) and saves first: storage = A.
    a.edit(n, note(7, "A 的备注"), "2023-07-01T09:00:00").unwrap();
    a.edit(n, status(7, Status::InProgress), "2023-07-01T09:01:00").unwrap();
    let stored = a.progress.clone();
    let a_synced = a.progress.history.len();

    // B meanwhile edited item 18 and the same note of item 7, later.
    b.edit(n, achieved(18, 0, "2023-06-30", 500.0), "2023-07-01T09:00:30").unwrap();
    b.edit(n, note(7, "B 的备注"), "2023-07-01T09:02:00").unwrap();
    // B saves: storage moved on, so B rebases onto it.
    let merged = rebase(&stored, &b.progress, b_synced);
    assert_eq!(merged.items[&7].note, "B 的备注", "same field: the later writer wins");
    assert_eq!(merged.items[&7].status, Status::InProgress, "A's other edit kept");
    assert_eq!(merged.get(18, &Field::TargetAchieved { target: 0, as_of: day("2023-06-30") }), Value::Number(500.0));
    assert_eq!(merged.history.len(), 1 + 2 + 2);
    // B's note change now replaced A's note, not B's stale "初始".
    assert_eq!(merged.history.last().unwrap().old, Value::Text("A 的备注".into()));
    assert_eq!(merged.items[&7].updated.as_deref(), Some("2023-07-01T09:02:00"));
    assert_eq!(merged.items[&7].updated_by.as_deref(), Some("区民政局"));
    assert_consistent_chain(&merged);
    b.replace(merged.clone());
    b_synced = b.progress.history.len();
    let stored = merged;

    // A, not yet synced, edits again (item 30 and item 18 too) and saves: the other way round.
    a.edit(n, status(30, Status::Paused), "2023-07-01T09:05:00").unwrap();
    a.edit(n, achieved(18, 0, "2023-06-30", 520.0), "2023-07-01T09:06:00").unwrap();
    let merged = rebase(&stored, &a.progress, a_synced);
    assert_eq!(merged.get(18, &Field::TargetAchieved { target: 0, as_of: day("2023-06-30") }), Value::Number(520.0));
    assert_eq!(merged.items[&7].note, "B 的备注");
    assert_eq!(merged.items[&30].status, Status::Paused);
    assert_consistent_chain(&merged);

    // No change lost: every change either tab made is in the history, in each tab's order.
    let all: Vec<_> = merged.history.iter().map(key_of).collect();
    for tab in [&a.progress.history, &b.progress.history] {
        let mine: Vec<_> = tab.iter().map(key_of).collect();
        let mut at = 0;
        for k in &mine {
            at += all[at..].iter().position(|x| x == k).unwrap_or_else(|| panic!("lost {k:?}")) + 1;
        }
    }
    assert_eq!(merged.history.len(), 1 + 2 + 2 + 2);
    // B syncs: nothing of its own unsynced, so it takes storage as is.
    assert_eq!(rebase(&merged, &b.progress, b_synced), merged);
    // Nothing unsynced, or a synced length past the end: storage as is.
    assert_eq!(rebase(&stored, &a.progress, a.progress.history.len() + 5), stored);
}

#[test]
fn a_tab_rebased_twice_on_the_same_state_is_idempotent_in_state() {
    let n = notice();
    let mut a = Tracker::default();
    a.edit(n, note(9, "x"), "2023-07-01T09:00:00").unwrap();
    let stored = sample_progress();
    let once = rebase(&stored, &a.progress, 0);
    assert_eq!(once.items[&9].note, "x");
    assert_eq!(once.items[&7], stored.items[&7]);
    assert_eq!(once.settings, stored.settings, "settings are storage's");
}

#[test]
fn settings_merge_three_ways() {
    let synced = Settings::default();
    let stored = Settings { unit: "区民政局".into(), yellow_lag: 15.0, ..Settings::default() };
    let mine = Settings { red_lag: 40.0, yellow_lag: 12.0, ..Settings::default() };
    let merged = rebase_settings(&stored, &mine, &synced);
    assert_eq!(merged, Settings { unit: "区民政局".into(), yellow_lag: 12.0, red_lag: 40.0 });
    assert_eq!(rebase_settings(&stored, &synced, &synced), stored);
}

// ---- backups ---------------------------------------------------------------

fn at(s: &str) -> String {
    s.to_string()
}

#[test]
fn backup_plans() {
    let mut index = BackupIndex::default();
    let plan = plan_backup(&index, "2023-07-01T09:00:00").unwrap();
    assert_eq!(plan, BackupPlan { write: 0, drop: vec![] });
    index.apply(&plan, "2023-07-01T09:00:00", 3);
    assert_eq!(plan_backup(&index, "2023-07-01T09:09:59"), None, "at most one per 10 minutes");
    assert_eq!(plan_backup(&index, "not a time"), None);
    // Before an import: a backup now, whatever the gap, in a free slot.
    assert_eq!(plan_backup_now(&index, "2023-07-01T09:00:30"), Some(BackupPlan { write: 1, drop: vec![] }));
    let plan = plan_backup(&index, "2023-07-01T09:10:00").unwrap();
    assert_eq!(plan, BackupPlan { write: 1, drop: vec![] });
    index.apply(&plan, "2023-07-01T09:10:00", 9);
    // A clock set back does not stop backups.
    assert!(plan_backup(&index, "2023-06-30T09:00:00").is_some());
    // The index is stored as JSON and read back; garbage reads as empty.
    assert_eq!(BackupIndex::decode(&index.encode()), index);
    assert_eq!(BackupIndex::decode("{oops"), BackupIndex::default());
    assert_eq!(index.newest().unwrap().changes, 9);

    // Full: one slot is dropped and reused, never the newest or the oldest.
    let mut index = BackupIndex::default();
    for h in 0..MAX_BACKUPS {
        let now = format!("2023-07-01T{:02}:00:00", 8 + h);
        let plan = plan_backup(&index, &now).unwrap();
        index.apply(&plan, &now, h);
    }
    assert_eq!(index.entries.len(), MAX_BACKUPS);
    let plan = plan_backup(&index, "2023-07-01T18:00:00").unwrap();
    assert_eq!(plan.drop, vec![plan.write]);
    assert_ne!(plan.write, index.entries[0].slot);
    assert_ne!(plan.write, index.entries[MAX_BACKUPS - 1].slot);
    index.apply(&plan, "2023-07-01T18:00:00", 10);
    assert_eq!(index.entries.len(), MAX_BACKUPS);
    assert_eq!(index.entries[0].saved_at, "2023-07-01T08:00:00");

    // An index with too many (or unreadable) entries is brought back to size.
    let mut big = BackupIndex::default();
    for i in 0..13u32 {
        big.entries.push(minsheng::progress::BackupEntry { slot: i, saved_at: format!("2023-07-{:02}T09:00:00", i + 1), changes: 0 });
    }
    big.entries[5].saved_at = at("garbled");
    let plan = plan_backup(&big, "2023-08-01T09:00:00").unwrap();
    assert_eq!(plan.drop.len(), 4);
    assert!(plan.drop.contains(&5), "the unreadable one goes first");
    big.apply(&plan, "2023-08-01T09:00:00", 1);
    assert_eq!(big.entries.len(), MAX_BACKUPS);
}

#[test]
fn backups_over_a_year_are_dense_recently_and_sparse_long_ago() {
    let mut index = BackupIndex::default();
    let mut day = Day::new(2023, 1, 2).unwrap();
    let mut saves = 0usize;
    let mut written = 0usize;
    let mut last_now = String::new();
    while day.year() == 2023 {
        let weekday = (Day::new(2023, 1, 2).unwrap().days_until(day)) % 7; // 2023-01-02 is a Monday
        if weekday < 5 {
            // Two editing sessions a day, a save every 3 minutes.
            for (from, to) in [(9 * 60, 11 * 60 + 30), (14 * 60, 17 * 60)] {
                let mut minute = from;
                while minute < to {
                    let now = format!("{day}T{:02}:{:02}:00", minute / 60, minute % 60);
                    saves += 1;
                    if let Some(plan) = plan_backup(&index, &now) {
                        index.apply(&plan, &now, saves);
                        written += 1;
                    }
                    // Invariants after every save.
                    assert!(index.entries.len() <= MAX_BACKUPS);
                    let mut slots: Vec<u32> = index.entries.iter().map(|e| e.slot).collect();
                    slots.sort();
                    slots.dedup();
                    assert_eq!(slots.len(), index.entries.len(), "slots are unique");
                    assert!(slots.iter().all(|s| (*s as usize) < MAX_BACKUPS));
                    let newest = seconds(&index.newest().unwrap().saved_at).unwrap();
                    assert!(seconds(&now).unwrap() - newest < 600, "the newest backup is under 10 minutes old");
                    last_now = now;
                    minute += 3;
                }
            }
        }
        day = day.next();
    }
    let now = seconds(&last_now).unwrap();
    let ages: Vec<f64> = index.entries.iter().rev().map(|e| (now - seconds(&e.saved_at).unwrap()) as f64 / 3600.0).collect();
    eprintln!("{saves} saves, {written} backups written; ages (hours) of the ring, newest first: {ages:.1?}");
    assert_eq!(index.entries.len(), MAX_BACKUPS);
    assert!(written > 1000 && written < saves / 3);
    // Dense recently: the two newest within the last hour; sparse long ago: the oldest from January.
    assert!(ages[1] < 1.0, "{ages:?}");
    assert!(index.entries[0].saved_at.starts_with("2023-01-"), "{:?}", index.entries[0]);
    // Gaps grow with age (between neighbours, newest first), apart from at most a little noise.
    let gaps: Vec<f64> = ages.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(gaps[..3].iter().sum::<f64>() * 10.0 < gaps[gaps.len() - 3..].iter().sum::<f64>(), "{gaps:?}");
    // Spread over the year: some backup within the last day, the last week, the last month, and older than 3 months.
    for (from, to) in [(3.0, 30.0), (30.0, 24.0 * 10.0), (24.0 * 10.0, 24.0 * 45.0)] {
        assert!(ages.iter().any(|a| *a > from && *a <= to), "none from {from} to {to} hours ago: {ages:?}");
    }
    assert!(ages.iter().filter(|a| **a > 24.0 * 90.0).count() >= 1, "{ages:?}");
}

/// What localStorage holds after a year of daily edits to all 50 items: the
/// record (as `encode` stores it after every edit) and a full ring of 10
/// backups (level 10, without the history: a restore applies the backup's
/// fields as edits, so it needs none). Goal: ≤ 1 MB in all.
#[test]
fn a_year_of_edits_with_its_backups_fits_in_a_megabyte() {
    use minsheng::progress::record::{encode_with, Encoding};
    let progress = year::year_of_edits(notice());
    let main = encode(&record(progress.clone())).len();
    let mut state_only = progress;
    state_only.history.clear();
    let backup = encode_with(&record(state_only), Encoding::Deflate { level: 10 }).len();
    let total = main + 10 * backup;
    println!("year of edits: record {main} B, backup {backup} B, with 10 backups {total} B");
    assert!(total <= 1_000_000, "record {main} B + 10 × backup {backup} B = {total} B");
}

#[test]
fn the_revision_is_read_from_the_envelope_alone() {
    use minsheng::progress::record::{encode_with, stored_revision, Encoding};
    let rec = StoredRecord::new(hash(), "2023-10-08T10:05:00", 42, sample_progress());
    assert_eq!(stored_revision(&encode(&rec)), Some(42));
    assert_eq!(stored_revision(&encode_with(&rec, Encoding::Plain)), Some(42));
    // Damaged payload, same envelope: still read (the payload is not touched).
    assert_eq!(stored_revision(r#"{"schema":2,"revision":7,"encoding":"deflate+base64","data":"%%%"}"#), Some(7));
    for raw in ["not json", r#"{"schema":1,"revision":7}"#, r#"{"schema":99,"revision":7}"#, r#"{"schema":2}"#, r#"{"schema":2,"revision":"7"}"#] {
        assert_eq!(stored_revision(raw), None, "{raw}");
    }
}
