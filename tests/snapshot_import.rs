//! Importing a snapshot file (#6): export → import is the identity, and every
//! kind of bad file is refused with a Chinese message naming what is wrong
//! and where, before anything could be changed.

use minsheng::notice::{parse, Notice};
use minsheng::progress::snapshot::{export, for_html, read, text_of, ImportError, MAX_BYTES};
use minsheng::progress::{Day, Edit, Field, Progress, Status, Tracker, Value};
use std::sync::OnceLock;

#[path = "support/messages.rs"]
mod messages;
#[path = "support/year.rs"]
mod year;
use year::ts;

fn notice() -> &'static Notice {
    static N: OnceLock<Notice> = OnceLock::new();
    N.get_or_init(|| parse(minsheng::BUNDLED_NOTICE))
}

fn some_progress() -> Progress {
    let n = notice();
    let mut t = Tracker::default();
    t.progress.settings.unit = "区残联".into();
    let day = |s| Day::parse(s).unwrap();
    let edits = [
        Edit { item: 7, field: Field::Status, value: Value::Text(Status::InProgress.key().into()) },
        Edit { item: 7, field: Field::TargetAchieved { target: 0, as_of: day("2023-09-30") }, value: Value::Number(512.5) },
        Edit { item: 7, field: Field::SubsidyServed { subsidy: 0 }, value: Value::Number(40.0) },
        Edit { item: 12, field: Field::Note, value: Value::Text("“引号” <b>标签</b> & 换行\n第二行 </script>".into()) },
        Edit { item: 12, field: Field::Evidence, value: Value::Text("https://example.org/a?b=1".into()) },
    ];
    for (i, e) in edits.into_iter().enumerate() {
        t.edit(n, e, ts(&format!("2023-10-0{}T09:00:00", i + 1))).unwrap();
    }
    t.undo(ts("2023-10-06T09:00:00"));
    t.progress
}

fn exported(progress: &Progress) -> String {
    export(minsheng::BUNDLED_NOTICE, notice(), progress, ts("2023-10-31T17:05:00"), None, None).1
}

fn import(raw: &str) -> Result<Progress, ImportError> {
    read(raw, minsheng::BUNDLED_NOTICE, notice()).map(|s| s.progress)
}

#[test]
fn export_then_import_is_the_identity() {
    for progress in [Progress::default(), some_progress(), year::year_of_edits(notice())] {
        assert_eq!(import(&exported(&progress)).unwrap(), progress);
    }
    // A BOM (an editor saved it) and CRLF line ends are fine.
    let p = some_progress();
    let crlf = format!("\u{feff}{}", exported(&p).replace('\n', "\r\n"));
    assert_eq!(import(&crlf).unwrap(), p);
}

/// Replace the first occurrence of `from` in the exported JSON.
fn mutated(from: &str, to: &str) -> String {
    let json = exported(&some_progress());
    assert!(json.contains(from), "the export has {from}");
    json.replacen(from, to, 1)
}

/// The exported JSON with the value at `pointer` (RFC 6901) replaced, or removed (None).
fn with(pointer: &str, value: Option<serde_json::Value>) -> String {
    let mut json: serde_json::Value = serde_json::from_str(&exported(&some_progress())).unwrap();
    match value {
        Some(value) => *json.pointer_mut(pointer).unwrap_or_else(|| panic!("the export has {pointer}")) = value,
        None => {
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            json.pointer_mut(parent).unwrap().as_object_mut().unwrap().remove(key).unwrap_or_else(|| panic!("the export has {pointer}"));
        }
    }
    serde_json::to_string_pretty(&json).unwrap()
}

fn utf16(text: &str, bom: bool, unit: fn(u16) -> [u8; 2]) -> Vec<u8> {
    let mut out = if bom { unit(0xfeff).to_vec() } else { Vec::new() };
    out.extend(text.encode_utf16().flat_map(unit));
    out
}

fn le(text: &str) -> Vec<u8> {
    utf16(text, true, u16::to_le_bytes)
}

fn be(text: &str) -> Vec<u8> {
    utf16(text, true, u16::to_be_bytes)
}

/// What a file gets: taken in, or refused with a message naming the path (when the fault is in a value) and saying `says`.
enum Answer {
    Accepted,
    Refused { path: Option<&'static str>, says: &'static str },
}

fn no(path: &'static str, says: &'static str) -> Answer {
    Answer::Refused { path: Some(path), says }
}

fn not(says: &'static str) -> Answer {
    Answer::Refused { path: None, says }
}

/// Every kind of bad file (wrong type at each level, broken JSON of each
/// kind, numbers out of bounds, repeated keys, encodings), as bytes.
fn bad_files() -> Vec<(&'static str, Vec<u8>, Answer)> {
    use serde_json::json;
    let good = exported(&some_progress());
    let top = |insert: &str| good.replacen('{', &format!("{{{insert}"), 1);
    let other_notice = good.replacen(&minsheng::progress::notice_hash(minsheng::BUNDLED_NOTICE), "0123456789abcdef", 1);
    let b = |s: String| s.into_bytes();
    let w = |pointer: &str, value: serde_json::Value| with(pointer, Some(value)).into_bytes();
    let item7 = "/progress/items/7";
    vec![
        // encodings
        ("UTF-8 with BOM", [b"\xef\xbb\xbf".to_vec(), b(good.clone())].concat(), Answer::Accepted),
        ("UTF-16 LE with BOM", le(&good), Answer::Accepted),
        ("UTF-16 BE with BOM", be(&good), Answer::Accepted),
        ("UTF-16 LE with BOM, odd length", [le(&good), vec![b'\n']].concat(), not("不是文本")),
        ("UTF-16 BE with BOM, a lone surrogate", [be("{\"unit\":\""), vec![0xd8, 0x00], be("\"}")[2..].to_vec()].concat(), not("不是文本")),
        ("UTF-16 LE without BOM", utf16(&good, false, u16::to_le_bytes), not("不是文本")),
        ("Latin-1", b"{\"unit\": \"caf\xe9\"}".to_vec(), not("不是文本")),
        ("empty", vec![], not("文件是空的")),
        ("white space only", b" \r\n\t ".to_vec(), not("文件是空的")),
        ("only a BOM", b"\xef\xbb\xbf".to_vec(), not("文件是空的")),
        ("only a UTF-16 BOM", vec![0xff, 0xfe], not("文件是空的")),
        // not a snapshot
        ("null", b"null".to_vec(), not("最外层不是对象")),
        ("an empty array", b"[]".to_vec(), not("最外层不是对象")),
        ("an array", b"[1, 2]".to_vec(), not("最外层不是对象")),
        ("a string", b"\"minsheng-snapshot\"".to_vec(), not("最外层不是对象")),
        ("another format", b(r#"{"format":"tiddlywiki","format_version":1}"#.into()), not("format 应为“minsheng-snapshot”")),
        ("no format", b(r#"{"title":"x"}"#.into()), not("没有 format 字段")),
        ("a stored record", b(r#"{"schema":2,"notice":"3f3298e0f460c17a","saved_at":"x","revision":1,"progress":{}}"#.into()), not("浏览器里保存的进度记录")),
        ("another notice", b(other_notice), not("属于另一份通知《")),
        ("a future version", w("/format_version", json!(7)), not("快照格式版本 7，本版本只认识到 1")),
        // broken JSON
        ("not JSON at all", b("进度表\n第7项 完成".into()), not("不是有效的 JSON（第1行第1列")),
        ("cut off", b(good[..300].to_string()), not("文件不完整")),
        ("cut off in a string", b(good[..good.find("区残联").unwrap() + 3].to_string()), not("字符串中途结束")),
        ("a trailing comma", b(mutated("\"red_lag\": 30.0", "\"red_lag\": 30.0,")), no("progress.settings", "多余的逗号")),
        ("a trailing comma in a list", b(mutated("\"new\": null\n      }\n    ]", "\"new\": null\n      },\n    ]")), no("progress.history", "多余的逗号")),
        ("a missing colon", b(mutated("\"unit\": \"区残联\"", "\"unit\" \"区残联\"")), not("此处应为冒号")),
        ("a missing comma", b(mutated("\"unit\": \"区残联\",", "\"unit\": \"区残联\"")), not("此处应为逗号或右花括号")),
        ("single quotes", b("{'format': 'minsheng-snapshot'}".into()), not("对象的键必须是带双引号的字符串")),
        ("a comment", b(format!("// 导出\n{good}")), not("此处应为一个值")),
        ("trailing characters", b(format!("{good}\n}}")), not("结尾有多余的字符")),
        ("an invalid escape", b(mutated("\"note\": \"\"", r#""note": "a\qb""#)), no("progress.items.7.note", "转义写法不对")),
        ("a line break inside a string", b(mutated("\"note\": \"\"", "\"note\": \"第一行\n第二行\"")), no("progress.items.7.note", "控制字符")),
        ("a lone surrogate escape", b(mutated("\"note\": \"\"", r#""note": "\ud800""#)), no("progress.items.7.note", "转义不完整")),
        ("NaN", b(mutated("512.5", "NaN")), no("progress.items.7.targets.0[0].value", "此处应为一个值")),
        ("Infinity", b(mutated("\"served\": 40.0", "\"served\": Infinity")), no("progress.items.7.subsidies.0.served", "此处应为一个值")),
        ("an unquoted word", b(mutated("\"status\": \"in_progress\"", "\"status\": in_progress")), no("progress.items.7.status", "此处应为一个值")),
        ("a misspelt null", b(mutated("\"planned\": null", "\"planned\": nul")), no("progress.items.7.subsidies.0.planned", "应为 true、false 或 null")),
        (
            "nesting too deep",
            b(with("/notice_title", Some(json!("x"))).replace("\"x\"", &format!("{}{}", "[".repeat(200), "]".repeat(200)))),
            not("位置 notice_title[0][0]"),
        ),
        // numbers
        ("1e400", b(mutated("512.5", "1e400")), no("progress.items.7.targets.0[0].value", "数字超出范围")),
        (
            "a 400-digit number",
            b(mutated("\"served\": 40.0", &format!("\"served\": 1{}", "0".repeat(400)))),
            no("progress.items.7.subsidies.0.served", "数字超出范围"),
        ),
        ("-1 served", w(&format!("{item7}/subsidies/0/served"), json!(-1)), no("progress.items.7.subsidies.0.served", "不能为负数")),
        ("1e14 achieved", w(&format!("{item7}/targets/0/0/value"), json!(1e14)), no("progress.items.7.targets.0[0].value", "数值过大")),
        ("1e307 served", w(&format!("{item7}/subsidies/0/served"), json!(1e307)), no("progress.items.7.subsidies.0.served", "数值过大")),
        ("1e14 in the history", w("/progress/history/1/new", json!(1e14)), no("progress.history[1]", "数值过大")),
        ("-5 as an old value", w("/progress/history/1/old", json!(-5)), no("progress.history[1].old", "不能为负数")),
        ("1e400 in the history", b(mutated("\"new\": 512.5", "\"new\": 1e400")), no("progress.history[1].new", "数字超出范围")),
        ("-0 achieved", w(&format!("{item7}/targets/0/0/value"), json!(-0.0)), Answer::Accepted),
        // the envelope, wrong types
        ("format a number", w("/format", json!(1)), not("format 应为“minsheng-snapshot”，实为 1")),
        ("format null", w("/format", json!(null)), not("format 应为“minsheng-snapshot”，实为 null")),
        ("format_version as text", w("/format_version", json!("1")), no("format_version", "应为正整数")),
        ("format_version -1", w("/format_version", json!(-1)), no("format_version", "应为正整数，实为 -1")),
        ("format_version 1.5", w("/format_version", json!(1.5)), no("format_version", "应为正整数")),
        ("format_version 0", w("/format_version", json!(0)), no("format_version", "应为正整数")),
        ("format_version 1e400", b(mutated("\"format_version\": 1", "\"format_version\": 1e400")), no("format_version", "数字超出范围")),
        ("format_version null", w("/format_version", json!(null)), no("format_version", "应为正整数，实为 null")),
        ("notice a number", w("/notice", json!(5)), no("notice", "应为通知标识字符串")),
        ("notice null", w("/notice", json!(null)), no("notice", "应为通知标识字符串")),
        ("notice_title a number", w("/notice_title", json!(5)), no("notice_title", "类型不对：应为字符串，实为整数 5")),
        ("exported_at a word", w("/exported_at", json!("yesterday")), no("exported_at", "不是有效的时间")),
        ("exported_at empty", w("/exported_at", json!("")), no("exported_at", "不是有效的时间")),
        ("unit a number", w("/unit", json!(5)), no("unit", "类型不对")),
        ("unit with a direction control", w("/unit", json!("区残联\u{202e}")), no("unit", "控制字符")),
        ("progress an array", w("/progress", json!([])), no("progress", "类型不对：应为对象，实为数组")),
        ("progress null", w("/progress", json!(null)), no("progress", "类型不对：应为对象，实为 null")),
        ("no progress", with("/progress", None).into_bytes(), no("最外层", "缺少字段“progress”")),
        // progress.items
        ("items an array", w("/progress/items", json!([])), no("progress.items", "类型不对：应为对象，实为数组")),
        ("an item number that is a word", b(mutated("\"7\": {", "\"seven\": {")), no("progress.items", "对象的键应为带引号的数字")),
        ("an item that is text", w("/progress/items/12", json!("x")), no("progress.items.12", "类型不对：应为对象，实为字符串")),
        ("an item the notice lacks", b(mutated("\"7\": {", "\"99\": {")), no("progress.items.99", "通知中没有第99项")),
        ("status a number", w(&format!("{item7}/status"), json!(3)), no("progress.items.7.status", "类型不对：应为状态")),
        ("status unknown", w(&format!("{item7}/status"), json!("快完了")), no("progress.items.7.status", "未知取值“快完了”")),
        ("note a number", w(&format!("{item7}/note"), json!(5)), no("progress.items.7.note", "类型不对：应为字符串，实为整数 5")),
        ("note an array", w(&format!("{item7}/note"), json!(["a"])), no("progress.items.7.note", "类型不对：应为字符串，实为数组")),
        ("note true", w(&format!("{item7}/note"), json!(true)), no("progress.items.7.note", "实为布尔值 true")),
        ("targets an array", w(&format!("{item7}/targets"), json!([])), no("progress.items.7.targets", "类型不对：应为对象")),
        ("a target's values an object", w(&format!("{item7}/targets/0"), json!({})), no("progress.items.7.targets.0", "类型不对：应为数组，实为对象")),
        ("a target the item lacks", b(mutated("\"0\": [", "\"5\": [")), no("progress.items.7.targets.5", "第7项没有第6个量化目标")),
        ("an observation that is text", w(&format!("{item7}/targets/0/0"), json!("x")), no("progress.items.7.targets.0[0]", "应为对象")),
        (
            "an observation without value",
            w(&format!("{item7}/targets/0/0"), json!({"as_of": "2023-09-30"})),
            no("progress.items.7.targets.0[0]", "缺少字段“value”"),
        ),
        (
            "a value as text",
            w(&format!("{item7}/targets/0/0/value"), json!("512.5")),
            no("progress.items.7.targets.0[0].value", "类型不对：应为数字，实为字符串"),
        ),
        ("a value true", w(&format!("{item7}/targets/0/0/value"), json!(true)), no("progress.items.7.targets.0[0].value", "类型不对：应为数字")),
        ("a bad day", w(&format!("{item7}/targets/0/0/as_of"), json!("2023-09-31")), no("progress.items.7.targets.0[0].as_of", "不是有效日期")),
        ("a day as a number", w(&format!("{item7}/targets/0/0/as_of"), json!(20230930)), no("progress.items.7.targets.0[0].as_of", "类型不对")),
        ("subsidies an array", w(&format!("{item7}/subsidies"), json!([])), no("progress.items.7.subsidies", "类型不对：应为对象")),
        ("a subsidy that is a number", w(&format!("{item7}/subsidies/0"), json!(5)), no("progress.items.7.subsidies.0", "类型不对：应为对象")),
        ("served as text", w(&format!("{item7}/subsidies/0/served"), json!("40")), no("progress.items.7.subsidies.0.served", "类型不对：应为数字")),
        (
            "a subsidy the item lacks",
            b(mutated("\"subsidies\": {\n          \"0\"", "\"subsidies\": {\n          \"9\"")),
            no("progress.items.7.subsidies.9", "第7项没有第10个补助标准"),
        ),
        ("updated a word", w(&format!("{item7}/updated"), json!("now")), no("progress.items.7.updated", "不是有效的时间")),
        // progress.settings
        ("settings text", w("/progress/settings", json!("x")), no("progress.settings", "类型不对：应为对象")),
        ("yellow_lag as text", w("/progress/settings/yellow_lag", json!("10")), no("progress.settings.yellow_lag", "类型不对：应为数字")),
        ("yellow_lag 150", w("/progress/settings/yellow_lag", json!(150)), no("progress.settings", "阈值应为 0 到 100 之间")),
        ("red_lag -1", w("/progress/settings/red_lag", json!(-1)), no("progress.settings", "阈值应为 0 到 100 之间")),
        ("yellow above red", w("/progress/settings/yellow_lag", json!(40)), no("progress.settings", "不能大于红灯阈值")),
        ("settings unit with a line break", w("/progress/settings/unit", json!("区\n残联")), no("progress.settings", "控制字符")),
        // progress.history
        ("history an object", w("/progress/history", json!({})), no("progress.history", "类型不对：应为数组，实为对象")),
        ("a history entry that is a number", w("/progress/history/0", json!(5)), no("progress.history[0]", "一条修改记录")),
        ("a history item as text", w("/progress/history/0/item", json!("7")), no("progress.history[0].item", "类型不对：应为非负整数")),
        ("a history item -7", w("/progress/history/0/item", json!(-7)), no("progress.history[0].item", "应为非负整数，实为整数 -7")),
        ("a history item 1e14", w("/progress/history/0/item", json!(1e14)), no("progress.history[0].item", "应为非负整数")),
        ("a history item for no item", w("/progress/history/0/item", json!(51)), no("progress.history[0]", "通知中没有第51项")),
        ("a history time that is a word", w("/progress/history/0/at", json!("monday")), no("progress.history[0].at", "不是有效的时间")),
        ("a history field unknown", w("/progress/history/0/field", json!("teleport")), no("progress.history[0].field", "未知的修改内容“teleport”")),
        ("a history value an array", w("/progress/history/0/new", json!([1])), no("progress.history[0].new", "应为null、数字或字符串")),
        ("a history target the item lacks", w("/progress/history/1/target", json!(9)), no("progress.history[1]", "没有第10个量化目标")),
        ("a history entry without time", with("/progress/history/0/at", None).into_bytes(), no("progress.history[0]", "缺少字段“at”")),
        ("a history status unknown", w("/progress/history/0/new", json!("快完了")), no("progress.history[0]", "未知的状态")),
        // keys given twice
        ("format twice", b(top("\"format\": \"minsheng-snapshot\",")), no("最外层", "键“format”重复出现")),
        ("unit twice", b(top("\"unit\": \"区残联\",")), no("最外层", "键“unit”重复出现")),
        ("an unknown key twice", b(top("\"x\": 1, \"x\": 2,")), no("最外层", "键“x”重复出现")),
        ("item 7 twice", b(mutated("\"items\": {", "\"items\": {\"7\": {\"note\": \"甲\"},")), no("progress.items", "键“7”重复出现")),
        ("item 7 twice, once escaped", b(mutated("\"items\": {", "\"items\": {\"\\u0037\": {\"note\": \"甲\"},")), no("progress.items", "键“7”重复出现")),
        ("target 0 twice", b(mutated("\"targets\": {", "\"targets\": {\"0\": [],")), no("progress.items.7.targets", "键“0”重复出现")),
        ("subsidy 0 twice", b(mutated("\"subsidies\": {", "\"subsidies\": {\"0\": {},")), no("progress.items.7.subsidies", "键“0”重复出现")),
        (
            "status twice in an item",
            b(mutated("\"status\": \"in_progress\",", "\"status\": \"in_progress\", \"status\": \"done\",")),
            no("progress.items.7", "键“status”重复出现"),
        ),
        (
            "as_of twice in an observation",
            b(mutated("\"as_of\": \"2023-09-30\",", "\"as_of\": \"2023-09-30\", \"as_of\": \"2023-09-29\",")),
            no("progress.items.7.targets.0[0]", "键“as_of”重复出现"),
        ),
        ("red_lag twice", b(mutated("\"red_lag\": 30.0", "\"red_lag\": 30.0, \"red_lag\": 40.0")), no("progress.settings", "键“red_lag”重复出现")),
        ("item twice in a history entry", b(mutated("\"item\": 7,", "\"item\": 7, \"item\": 8,")), no("progress.history[0]", "键“item”重复出现")),
        (
            "an unknown key twice in a history entry",
            b(mutated("\"field\": \"status\",", "\"field\": \"status\", \"why\": 1, \"why\": 2,")),
            no("progress.history[0]", "键“why”重复出现"),
        ),
    ]
}

fn answer(bytes: &[u8]) -> Result<Progress, ImportError> {
    text_of(bytes).and_then(|text| import(&text))
}

/// Every bad file is refused (and the good ones taken) with a message in
/// Chinese that names the path of a wrong value, the same in every encoding.
#[test]
fn each_bad_file_is_refused_in_chinese_with_what_and_where() {
    let cases = bad_files();
    assert!(cases.iter().filter(|(_, _, a)| matches!(a, Answer::Refused { .. })).count() >= 30);
    let mut failures = Vec::new();
    for (what, bytes, expected) in &cases {
        let got = answer(bytes);
        match (expected, &got) {
            (Answer::Accepted, Ok(_)) => {}
            (Answer::Accepted, Err(e)) => failures.push(format!("{what}: refused: {e}")),
            (Answer::Refused { .. }, Ok(_)) => failures.push(format!("{what}: accepted")),
            (Answer::Refused { path, says }, Err(e)) => {
                let message = e.to_string();
                let english = messages::english_words(&message, &String::from_utf8_lossy(bytes));
                if !english.is_empty() {
                    failures.push(format!("{what}: English {english:?} in {message}"));
                }
                if let Some(path) = path {
                    if !message.contains(&format!("位置 {path}：")) {
                        failures.push(format!("{what}: no path {path} in {message}"));
                    }
                }
                if !message.contains(says) {
                    failures.push(format!("{what}: not “{says}” in {message}"));
                }
            }
        }
        // The same text gets the same answer however it was encoded.
        if let Ok(text) = text_of(bytes) {
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            for (encoding, again) in [
                ("UTF-8", text.as_bytes().to_vec()),
                ("UTF-8 BOM", [&b"\xef\xbb\xbf"[..], text.as_bytes()].concat()),
                ("UTF-16 LE", le(text)),
                ("UTF-16 BE", be(text)),
            ] {
                if answer(&again) != got {
                    failures.push(format!("{what}: another answer as {encoding}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} cases:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn a_file_too_large_is_refused_unread() {
    let huge = " ".repeat(MAX_BYTES + 1);
    let e = import(&huge).unwrap_err();
    assert_eq!(e, ImportError::TooLarge { bytes: MAX_BYTES + 1 });
    assert!(e.to_string().starts_with("文件太大（20.0 MB）"), "{e}");
}

#[test]
fn embedded_in_html_the_json_cannot_close_its_script() {
    let json = exported(&some_progress());
    let embedded = for_html(&json);
    assert!(!embedded.contains('<'));
    assert!(json.contains("</script>"), "the note above has one");
    assert_eq!(import(&embedded).unwrap(), some_progress());
}

/// A snapshot exported by release 0.1 (tests/data/release-0.1, written by that
/// release's own `snapshot::export`) opens unchanged (#12: nothing already
/// stored or exported is lost): the progress it holds, with the bundled notice.
#[test]
fn a_snapshot_exported_by_release_0_1_reads_unchanged() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/release-0.1/");
    let bytes = std::fs::read(format!("{dir}snapshot-v1.json")).unwrap();
    let expected: Progress = serde_json::from_str(&std::fs::read_to_string(format!("{dir}expected-progress.json")).unwrap()).unwrap();
    let snapshot = read(&text_of(&bytes).unwrap(), minsheng::BUNDLED_NOTICE, notice()).unwrap();
    assert_eq!((snapshot.format_version, snapshot.app_version.as_str(), snapshot.unit.as_str()), (1, "0.1.0", "区残联"));
    assert_eq!(snapshot.progress, expected);
    assert!(snapshot.progress.history.len() >= 3 && snapshot.progress.items.contains_key(&7));
}

// ---- snapshots that carry their notice (#12) -------------------------------

use minsheng::progress::carried::{Carried, Here};
use minsheng::progress::import::{add_notice_with, received, Pending};
use minsheng::progress::library::{self, Entry};
use minsheng::progress::snapshot::{carried_notice, read_for, Page, Snapshot};
use minsheng::progress::store::{MemoryStore, Store};
use minsheng::progress::{notice_hash, persist};

/// A county's own list (our wording), tracked as a library notice.
const COUNTY: &str = "关于印发青禾县2025年十项民生实事的通知\n\n青禾县2025年十项民生实事\n\n一、教育托育（2项）\n1.新建普惠性托育园3所，新增托位180个。（牵头单位：县卫健委）\n2.改造乡村学校食堂12所。（牵头单位：县教育局）\n二、道路出行（1项）\n3.新改建农村公路45公里，10月底前完工。（牵头单位：县交通运输局）\n";
const COUNTY_ID: &str = "0a1b2c3d4e5f6789";

fn county() -> &'static Notice {
    static N: OnceLock<Notice> = OnceLock::new();
    N.get_or_init(|| parse(COUNTY))
}

fn county_entry() -> Entry {
    let mut store = MemoryStore::new();
    library::add(&mut store, COUNTY, COUNTY_ID, ts("2025-01-02T09:00:00"), &Default::default()).unwrap().0
}

fn county_progress() -> Progress {
    let mut t = Tracker::default();
    t.progress.settings.unit = "县交通运输局".into();
    let day = Day::parse("2025-06-30").unwrap();
    t.edit(county(), Edit { item: 3, field: Field::TargetAchieved { target: 0, as_of: day }, value: Value::Number(20.5) }, ts("2025-07-01T09:00:00")).unwrap();
    t.edit(county(), Edit { item: 3, field: Field::Note, value: Value::Text("路基已完成".into()) }, ts("2025-07-01T09:01:00")).unwrap();
    t.progress
}

/// The county's snapshot as the app exports it: carrying the notice.
fn county_export() -> String {
    let carried = Carried::of(&county_entry(), COUNTY, &minsheng::notice::parse(COUNTY), &Default::default());
    export(COUNTY, county(), &county_progress(), ts("2025-07-01T10:00:00"), Some(carried), None).1
}

fn county_page(entry: &Entry) -> Page<'_> {
    Page { text: COUNTY, notice: county(), entry: Some(entry) }
}

#[test]
fn a_library_notice_travels_with_its_snapshot_and_reads_back_whole() {
    let json = county_export();
    let entry = county_entry();
    let back = read_for(&json, county_page(&entry)).unwrap();
    assert_eq!(back.progress, county_progress());
    let carried = back.notice_source.expect("the notice travels");
    assert_eq!((carried.id.as_str(), carried.text.as_str(), carried.text_hash.as_str()), (COUNTY_ID, COUNTY, entry.text_hash.as_str()));
    assert_eq!((carried.place.as_str(), carried.year, carried.title.as_str()), ("青禾县", Some(2025), "青禾县2025年十项民生实事"));
    assert_eq!(carried_notice(&json), Some(carried.clone()), "read alone, as a page carrying data is opened");
    assert_eq!(carried_notice(&for_html(&json)), Some(carried), "and from inside a page");
    // The bundled notice's snapshots do not carry it: the file stays as release 0.1 wrote it.
    assert!(!exported(&some_progress()).contains("notice_source"));
    assert_eq!(carried_notice(&exported(&some_progress())), None);
}

#[test]
fn a_snapshot_belongs_to_the_page_by_its_text_its_id_or_its_declared_notice() {
    let json = county_export();
    // A corrected text on the page: the same notice by its id, or by its place, year and title.
    let corrected = COUNTY.replace("改造乡村学校食堂12所", "改造乡村学校食堂15所");
    let corrected_notice = parse(&corrected);
    let same_id = Entry { text_hash: notice_hash(&corrected), ..county_entry() };
    let same_declared = Entry { id: "ffffffffffffffff".into(), ..same_id.clone() };
    for entry in [&same_id, &same_declared] {
        let page = Page { text: &corrected, notice: &corrected_notice, entry: Some(entry) };
        assert_eq!(read_for(&json, page).unwrap().progress, county_progress(), "{entry:?}");
    }
    // Another notice's page: refused, carrying the checked snapshot, whose data can be taken in with its notice.
    let other = Entry { id: "ffffffffffffffff".into(), year: Some(2026), ..same_id };
    for page in
        [Page { text: &corrected, notice: &corrected_notice, entry: Some(&other) }, Page { text: minsheng::BUNDLED_NOTICE, notice: notice(), entry: None }]
    {
        match read_for(&json, page) {
            Err(e @ ImportError::OtherNotice { carried: Some(_), .. }) => {
                assert!(e.to_string().contains("属于另一份通知"), "{e}");
                let ImportError::OtherNotice { carried: Some(snapshot), .. } = e else { unreachable!() };
                assert_eq!(snapshot.progress, county_progress());
                assert_eq!(snapshot.notice_source.unwrap().id, COUNTY_ID);
            }
            other => panic!("{other:?}"),
        }
    }
    // Without its notice, a snapshot of another text is refused as before, unread.
    let bare = exported(&some_progress());
    let entry = county_entry();
    assert!(matches!(read_for(&bare, county_page(&entry)), Err(ImportError::OtherNotice { carried: None, .. })));
}

/// The county's exported JSON with `notice_source` changed by `change`.
fn with_source(change: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let mut json: serde_json::Value = serde_json::from_str(&county_export()).unwrap();
    change(&mut json);
    serde_json::to_string_pretty(&json).unwrap().into_bytes()
}

/// A damaged carried notice is refused in Chinese with its path, on the
/// notice's own page and on another's: nothing is offered to add.
#[test]
fn each_damage_to_a_carried_notice_is_refused_in_chinese_with_its_path() {
    use serde_json::json;
    let set = |field: &'static str, value: serde_json::Value| with_source(move |j| j["notice_source"][field] = value);
    let no_items = "关于印发青禾县2025年民生实事的通知\n\n只是一段文字。\n";
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("id too short", set("id", json!("0a1b")), "notice_source.id", "16 位十六进制"),
        ("id in capitals", set("id", json!("0A1B2C3D4E5F6789")), "notice_source.id", "16 位十六进制"),
        ("id a number", set("id", json!(5)), "notice_source.id", "类型不对"),
        ("no id", with_source(|j| drop(j["notice_source"].as_object_mut().unwrap().remove("id"))), "notice_source", "缺少字段“id”"),
        ("title with a line break", set("title", json!("青禾县\n2025")), "notice_source.title", "控制字符"),
        ("title too long", set("title", json!("长".repeat(201))), "notice_source.title", "过长"),
        ("place with a direction control", set("place", json!("青禾县\u{202e}")), "notice_source.place", "控制字符"),
        ("year of five digits", set("year", json!(20250)), "notice_source.year", "四位数"),
        ("year as text", set("year", json!("2025年")), "notice_source.year", "类型不对"),
        ("text changed after export", set("text", json!(COUNTY.replace("180个", "1800个"))), "notice_source.text_hash", "与通知文本不符"),
        (
            "text without items",
            with_source(|j| {
                j["notice_source"]["text"] = json!(no_items);
                j["notice_source"]["text_hash"] = json!(notice_hash(no_items));
                j["notice"] = json!(notice_hash(no_items));
            }),
            "notice_source.text",
            "读不出任何事项",
        ),
        ("text a number", set("text", json!(5)), "notice_source.text", "类型不对"),
        ("text_hash of another text", with_source(|j| j["notice"] = json!("0123456789abcdef")), "notice_source.text_hash", "与快照的 notice 不一致"),
        ("notice_source an array", with_source(|j| j["notice_source"] = json!([])), "notice_source", "类型不对"),
        (
            "id twice",
            {
                let good = String::from_utf8(set("id", json!(COUNTY_ID))).unwrap();
                good.replacen("\"id\": ", "\"id\": \"0000000000000000\", \"id\": ", 1).into_bytes()
            },
            "notice_source",
            "键“id”重复出现",
        ),
        (
            "an item the carried notice lacks",
            with_source(|j| {
                let items = j["progress"]["items"].as_object_mut().unwrap();
                let three = items.remove("3").unwrap();
                items.insert("9".into(), three);
            }),
            "progress.items.9",
            "通知中没有第9项",
        ),
    ];
    let entry = county_entry();
    let mut failures = Vec::new();
    for (what, bytes, path, says) in &cases {
        let text = text_of(bytes).unwrap();
        for (page, on) in [(county_page(&entry), "its page"), (Page { text: minsheng::BUNDLED_NOTICE, notice: notice(), entry: None }, "another page")] {
            // An item the carried notice lacks is only wrong on a page that is not that notice's.
            if what.starts_with("an item") && on == "its page" {
                continue;
            }
            match read_for(&text, page) {
                Ok(_) | Err(ImportError::OtherNotice { .. }) => failures.push(format!("{what} on {on}: not refused")),
                Err(e) => {
                    let message = e.to_string();
                    let english = messages::english_words(&message, &text);
                    if !english.is_empty() {
                        failures.push(format!("{what} on {on}: English {english:?} in {message}"));
                    }
                    if !message.contains(&format!("位置 {path}：")) || !message.contains(says) {
                        failures.push(format!("{what} on {on}: not “{path}” and “{says}” in {message}"));
                    }
                }
            }
        }
        if !what.starts_with("an item") {
            assert_eq!(carried_notice(&text), None, "{what}: a damaged notice is not shown from a page that carries it");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What the import dialog offers for files of a notice the page does not show.
#[test]
fn files_of_another_notice_are_grouped_by_notice_with_what_this_browser_has_of_it() {
    let ImportError::OtherNotice { carried: Some(snapshot), .. } = read(&county_export(), minsheng::BUNDLED_NOTICE, notice()).unwrap_err() else { panic!() };
    let entry = county_entry();
    let mut pending = Pending::default();
    pending.add_foreign("县交通运输局.json".into(), (*snapshot).clone(), &[], &[]);
    pending.add_foreign("县教育局.json".into(), (*snapshot).clone(), &[], &[]);
    assert_eq!(pending.foreign.len(), 1, "one notice");
    assert_eq!(pending.foreign[0].sources.len(), 2);
    assert_eq!(pending.foreign[0].here, Here::Nothing);
    for (listed, removed, here) in [(vec![entry.clone()], vec![], Here::Listed(entry.clone())), (vec![], vec![entry.clone()], Here::Removed(entry.clone()))] {
        let mut pending = Pending::default();
        pending.add_foreign("a.json".into(), (*snapshot).clone(), &listed, &removed);
        assert_eq!(pending.foreign[0].here, here);
    }
    let progress = received(&[&snapshot.progress], "县住建局");
    assert_eq!((progress.items.clone(), progress.settings.unit.as_str()), (county_progress().items, "县住建局"), "my unit stays mine");
}

fn county_carried() -> (Carried, Progress) {
    let ImportError::OtherNotice { carried: Some(snapshot), .. } = read(&county_export(), minsheng::BUNDLED_NOTICE, notice()).unwrap_err() else { panic!() };
    let Snapshot { notice_source, progress, .. } = *snapshot;
    (notice_source.unwrap(), progress)
}

#[test]
fn adding_a_carried_notice_keeps_its_id_and_stores_its_data_whole() {
    let (carried, progress) = county_carried();
    let mut store = MemoryStore::new();
    let entry = add_notice_with(&mut store, &carried, progress.clone(), "tab", ts("2025-07-02T09:00:00")).unwrap();
    assert_eq!(entry.id, COUNTY_ID, "the colleague's id: their next files match");
    assert_eq!(library::list(&store).unwrap(), std::slice::from_ref(&entry));
    assert_eq!(library::text(&store, COUNTY_ID).unwrap(), COUNTY);
    let mut loaded = persist::load(&mut store, COUNTY_ID, "other tab", ts("2025-07-02T09:01:00"));
    let _ = loaded.persistence.load_history(&mut store, &mut loaded.progress, ts("2025-07-02T09:01:00"));
    assert_eq!((loaded.progress.items, loaded.progress.history), (progress.items, progress.history));
    // Now it is here: a second add changes nothing and says so.
    let before = store.map.borrow().clone();
    let again = add_notice_with(&mut store, &carried, county_progress(), "tab", ts("2025-07-02T09:02:00")).unwrap_err();
    assert!(again.contains("本浏览器已有这份通知"), "{again}");
    assert_eq!(*store.map.borrow(), before);
}

#[test]
fn a_carried_notice_that_cannot_be_stored_changes_nothing() {
    let (carried, progress) = county_carried();
    // Room for the progress and the notice's text but not for the list; then room for nothing.
    let full = {
        let mut store = MemoryStore::new();
        add_notice_with(&mut store, &carried, progress.clone(), "tab", ts("2025-07-02T09:00:00")).unwrap();
        store.used()
    };
    for room in [full - 10, 10] {
        let mut store = MemoryStore::new();
        store.faults.borrow_mut().quota = Some(room);
        let e = add_notice_with(&mut store, &carried, progress.clone(), "tab", ts("2025-07-02T09:00:00")).unwrap_err();
        assert!(e.contains("存储空间") && e.contains("未"), "{room}: {e}");
        assert!(store.map.borrow().is_empty(), "{room}: left {:?}", store.map.borrow().keys().collect::<Vec<_>>());
    }
    // A removed notice is put back by `adopt`, under its id; the same text under another id is refused.
    let mut store = MemoryStore::new();
    library::add(&mut store, COUNTY, COUNTY_ID, ts("2025-01-02T09:00:00"), &Default::default()).unwrap();
    library::remove(&mut store, COUNTY_ID).unwrap();
    assert_eq!(library::adopt(&mut store, carried.entry(ts("2025-07-02T09:00:00")), &carried.read(), COUNTY, &carried.corrections).unwrap().id, COUNTY_ID);
    assert_eq!(library::list(&store).unwrap().len(), 1);
    let twin = Carried { id: "ffffffffffffffff".into(), ..carried };
    assert!(matches!(
        library::adopt(&mut store, twin.entry(ts("2025-07-02T09:00:00")), &twin.read(), COUNTY, &twin.corrections),
        Err(library::LibraryError::AlreadyThere { .. })
    ));
    assert!(store.get(&library::text_key("ffffffffffffffff")).unwrap().is_none());
}

/// A corrected notice travels corrected: the sender's keys (a text corrected
/// since it was added) and corrections (an item split in two, a target
/// added) come with the file, the data recorded on what the corrections made
/// checks against them, and the receiver tracks the notice as the sender does.
#[test]
fn a_corrected_notice_travels_with_its_keys_and_corrections() {
    use minsheng::notice::corrections::{Corrections, TargetFix};
    let mut sender = MemoryStore::new();
    library::add(&mut sender, COUNTY, COUNTY_ID, ts("2025-01-02T09:00:00"), &Default::default()).unwrap();
    // The text corrected (an item inserted at the top): keys are no longer the printed numbers.
    let corrected = COUNTY
        .replace("一、教育托育（2项）\n1.", "一、教育托育（3项）\n1.开设托育指导讲座10场。（牵头单位：县卫健委）\n2.")
        .replace("\n2.改造", "\n3.改造")
        .replace("\n3.新改建", "\n4.新改建");
    library::replace_text(&mut sender, COUNTY_ID, &corrected).unwrap();
    let opened = library::open(&sender, COUNTY_ID, &corrected);
    let mut c = Corrections::default();
    let roads = opened.read.items.iter().find(|i| i.text.starts_with("新改建农村公路")).unwrap();
    assert_eq!((roads.no, roads.key), (4, 3), "keys follow the items");
    c.items.entry(roads.key).or_default().targets.insert(7, Some(TargetFix { label: "改造危桥".into(), value: 6.0, unit: "座".into() }));
    let split_off = c.split(&opened.read, &opened.notice, 1, 11).unwrap();
    library::save_corrections(&mut sender, COUNTY_ID, &opened.read, &c).unwrap();
    let page = library::open(&sender, COUNTY_ID, &corrected);
    let mut t = Tracker::default();
    let day = Day::parse("2025-06-30").unwrap();
    t.edit(&page.notice, Edit { item: 3, field: Field::TargetAchieved { target: 7, as_of: day }, value: Value::Number(4.0) }, ts("2025-07-01T09:00:00"))
        .unwrap();
    t.edit(&page.notice, Edit { item: split_off, field: Field::Note, value: Value::Text("已完成选址".into()) }, ts("2025-07-01T09:01:00")).unwrap();
    let entry = library::list(&sender).unwrap().remove(0);
    let carried = Carried::of(&entry, &corrected, &page.read, &page.corrections);
    assert!(carried.reading.is_some(), "keys that are not the first ones travel");
    let json = export(&corrected, &page.notice, &t.progress, ts("2025-07-01T10:00:00"), Some(carried), None).1;

    // A colleague without the notice: offered, with data checked against the corrected notice.
    let ImportError::OtherNotice { carried: Some(snapshot), .. } = read(&json, minsheng::BUNDLED_NOTICE, notice()).unwrap_err() else { panic!("offered") };
    let Snapshot { notice_source, progress, .. } = *snapshot;
    let carried = notice_source.unwrap();
    assert_eq!(carried.corrections, c);
    let mut receiver = MemoryStore::new();
    add_notice_with(&mut receiver, &carried, progress, "tab", ts("2025-07-02T09:00:00")).unwrap();
    let there = library::open(&receiver, COUNTY_ID, &library::text(&receiver, COUNTY_ID).unwrap());
    assert_eq!(there.notice, page.notice, "tracked as the sender tracks it");
    let loaded = persist::load(&mut receiver, COUNTY_ID, "tab", ts("2025-07-02T09:01:00"));
    assert_eq!(loaded.progress.items, t.progress.items);
    // Corrections that are not sound are refused with their path.
    let mut bad: serde_json::Value = serde_json::from_str(&json).unwrap();
    bad["notice_source"]["corrections"]["year"] = serde_json::json!(12);
    match read(&bad.to_string(), minsheng::BUNDLED_NOTICE, notice()) {
        Err(ImportError::Invalid { path, detail }) => assert_eq!((path.as_str(), detail.contains("年份")), ("notice_source.corrections", true), "{detail}"),
        other => panic!("{other:?}"),
    }
}
