//! notice2json as a user runs it.

use std::process::Command;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_notice2json")).args(args).output().expect("run notice2json")
}

#[test]
fn prints_pretty_utf8_json_of_the_seed() {
    let out = run(&["seeds/xiangshan-2023-50-minsheng.txt"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\"title\": \"关于印发相山区2023年实施50项民生实事的通知\""), "Chinese unescaped, pretty");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["items"].as_array().unwrap().len(), 50);
}

#[test]
fn gbk_text_is_read() {
    let dir = std::env::temp_dir().join(format!("notice2json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let gbk = dir.join("gbk.txt");
    std::fs::write(&gbk, [0xb9, 0xd8, 0xd3, 0xda, 0xd3, 0xa1, 0xb7, 0xa2]).unwrap(); // 关于印发 in GBK
    let out = run(&[gbk.to_str().unwrap()]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["title"], "关于印发");
}

#[test]
fn docx_and_xlsx_lists_are_read_with_notes_on_stderr() {
    let out = run(&["tests/data/sources/list.docx"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["items"].as_array().unwrap().len(), 4);
    let out = run(&["tests/data/sources/list.xlsx"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["items"][2]["units"], serde_json::json!(["县交通局"]));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("提示 / note: 第2张工作表“说明”没有找到清单表头"), "{err}");
}

#[test]
fn unreadable_files_are_refused_in_chinese_and_english() {
    for (file, chinese, english) in [
        ("tests/data/sources/scan.pdf", "暂不支持 PDF", "PDF is not supported"),
        ("tests/data/sources/old.xls", "另存为", "legacy .doc/.xls"),
        ("tests/data/sources/junk.bin", "不是文本", "not text"),
    ] {
        let out = run(&[file]);
        assert_eq!(out.status.code(), Some(1), "{file}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(chinese) && err.contains(english), "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn missing_file_and_usage() {
    let out = run(&["/nonexistent/notice.txt"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("无法读取") && err.contains("cannot read"), "{err}");
    assert!(!run(&[]).status.success());
}

#[test]
fn garbage_text_still_gives_json_with_diagnostics() {
    let dir = std::env::temp_dir().join(format!("notice2json-g-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("other.txt");
    std::fs::write(&f, "随便写点什么\n没有清单").unwrap();
    let out = run(&[f.to_str().unwrap()]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["items"].as_array().unwrap().len(), 0);
    assert_eq!(json["diagnostics"][0]["kind"], "unreadable");
}
