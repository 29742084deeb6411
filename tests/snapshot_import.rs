//! Importing a snapshot file (#6): export → import is the identity, and every
//! kind of bad file is refused with a Chinese message naming what is wrong
//! and where, before anything could be changed.

use minsheng::notice::{parse, Notice};
use minsheng::progress::snapshot::{export, for_html, read, ImportError, MAX_BYTES};
use minsheng::progress::{Day, Edit, Field, Progress, Status, Tracker, Value};
use std::sync::OnceLock;

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
    export(minsheng::BUNDLED_NOTICE, notice(), progress, ts("2023-10-31T17:05:00")).1
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

#[test]
fn each_bad_file_is_refused_with_what_and_where() {
    let other_notice = exported(&some_progress()).replacen(&minsheng::progress::notice_hash(minsheng::BUNDLED_NOTICE), "0123456789abcdef", 1);
    let cases: Vec<(&str, String, &str)> = vec![
        ("not JSON", "进度表\n第7项 完成".into(), "不是有效的 JSON（第1行第1列"),
        ("cut off", exported(&some_progress())[..300].to_string(), "不是有效的 JSON（第"),
        ("an array", "[1, 2]".into(), "不是民生实事进度快照：最外层不是对象"),
        ("another format", r#"{"format":"tiddlywiki","format_version":1}"#.into(), "format 应为 \"minsheng-snapshot\""),
        ("no format", r#"{"title":"x"}"#.into(), "没有 format 字段"),
        ("a stored record", r#"{"schema":2,"notice":"3f3298e0f460c17a","saved_at":"x","revision":1,"progress":{}}"#.into(), "浏览器里保存的进度记录"),
        ("a future version", mutated("\"format_version\": 1", "\"format_version\": 7"), "快照格式版本 7，本版本只认识到 1"),
        ("version not a number", mutated("\"format_version\": 1", "\"format_version\": \"1\""), "位置 format_version：应为正整数"),
        ("another notice", other_notice, "属于另一份通知《"),
        ("status of the wrong type", mutated("\"status\": \"in_progress\"", "\"status\": 3"), "位置 progress.items.7.status："),
        ("unknown status", mutated("\"status\": \"in_progress\"", "\"status\": \"快完了\""), "位置 progress.items.7.status：未知取值"),
        ("value as text", mutated("\"value\": 512.5", "\"value\": \"512.5\""), "位置 progress.items.7.targets.0[0].value：类型不对"),
        ("negative count", mutated("\"served\": 40.0", "\"served\": -40.0"), "位置 progress.items.7.subsidies.0.served：不能为负数"),
        ("bad day", mutated("\"as_of\": \"2023-09-30\"", "\"as_of\": \"2023-09-31\""), "位置 progress.items.7.targets.0[0].as_of"),
        ("an item the notice lacks", mutated("\"7\": {", "\"99\": {"), "位置 progress.items.99：通知中没有第99项"),
        ("a target the item lacks", mutated("\"0\": [", "\"5\": ["), "位置 progress.items.7.targets.5：第7项没有第6个量化目标"),
        ("a history entry for no item", mutated("\"item\": 7", "\"item\": 51"), "位置 progress.history[0]：通知中没有第51项"),
        ("history missing a field", mutated("\"item\": 7,", ""), "位置 progress.history[0]：缺少字段"),
    ];
    for (what, raw, expected) in cases {
        match import(&raw) {
            Ok(_) => panic!("{what}: accepted"),
            Err(e) => assert!(e.to_string().contains(expected), "{what}: {e}"),
        }
    }
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
