//! Notice files → notice text → `parse`: each format, the refusals, and the
//! reader against Python's readers of the same files (tests/data/sources/,
//! written by make.py there with Python's codecs, zipfile, python-docx and
//! openpyxl).

use minsheng::notice::source::{Encoding, MAX_FILE_BYTES};
use minsheng::notice::{parse, read, Format, Notice, Source, SourceError};
use proptest::prelude::*;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/sources/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn expected() -> serde_json::Value {
    serde_json::from_slice(&fixture("expected.json")).unwrap()
}

fn read_fixture(name: &str) -> Source {
    read(name, &fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// (item number, category index, units label, units, deadlines as (month, day)).
type Row<'a> = (u32, u32, &'a str, Vec<&'a str>, Vec<(u32, Option<u32>)>);

fn items(n: &Notice) -> Vec<Row<'_>> {
    n.items
        .iter()
        .map(|i| {
            (
                i.no,
                i.category,
                i.units_label.as_deref().unwrap_or(""),
                i.units.iter().map(String::as_str).collect(),
                i.deadlines.iter().map(|d| (d.month, d.day)).collect(),
            )
        })
        .collect()
}

fn categories(n: &Notice) -> Vec<(u32, &str, Option<u32>, Vec<u32>)> {
    n.categories.iter().map(|c| (c.index, c.name.as_str(), c.stated_count, c.item_nos.clone())).collect()
}

/// The little notice of the .txt fixtures, parsed.
fn assert_small_notice(n: &Notice) {
    assert_eq!(n.title.as_deref(), Some("关于印发青禾县2026年五项民生实事的通知"));
    assert_eq!(n.date.as_deref(), Some("2026-03-02"));
    assert_eq!(categories(n), [(1, "教育提升", Some(2), vec![1, 2]), (2, "健康服务", Some(3), vec![3, 4, 5])]);
    assert_eq!(
        items(n),
        [
            (1, 1, "牵头单位", vec!["县教育局"], vec![(10, None)]),
            (2, 1, "牵头单位", vec!["县教育局", "县财政局"], vec![]),
            (3, 2, "牵头单位", vec!["县卫健委"], vec![(6, Some(30))]),
            (4, 2, "牵头单位", vec!["县卫健委"], vec![]),
            (5, 2, "配合单位", vec!["县人社局"], vec![]),
        ]
    );
}

#[test]
fn gbk_text_is_decoded_as_python_decodes_it() {
    let s = read_fixture("notice.gbk.txt");
    assert_eq!(s.format, Format::Txt { encoding: Encoding::Gb18030 });
    assert_eq!(s.text, expected()["gbk"].as_str().unwrap());
    assert!(s.notes.is_empty());
    assert_small_notice(&parse(&s.text));
}

#[test]
fn utf16_with_and_without_bom_little_and_big_endian() {
    let bytes = fixture("notice.utf16le.txt");
    let want = expected()["utf16le"].as_str().unwrap().to_string();
    let s = read("notice.txt", &bytes).unwrap();
    assert_eq!((s.format, &s.text), (Format::Txt { encoding: Encoding::Utf16Le }, &want));
    assert_small_notice(&parse(&s.text));
    let bomless = read("notice.txt", &bytes[2..]).unwrap();
    assert_eq!((bomless.format, &bomless.text), (Format::Txt { encoding: Encoding::Utf16Le }, &want));
    let be: Vec<u8> = bytes.chunks_exact(2).flat_map(|p| [p[1], p[0]]).collect();
    let s = read("notice.txt", &be).unwrap();
    assert_eq!((s.format, &s.text), (Format::Txt { encoding: Encoding::Utf16Be }, &want));
    let s = read("notice.txt", &be[2..]).unwrap();
    assert_eq!((s.format, &s.text), (Format::Txt { encoding: Encoding::Utf16Be }, &want));
}

#[test]
fn utf8_with_and_without_bom() {
    let bytes = fixture("notice.utf8.txt");
    let s = read("notice.txt", &bytes).unwrap();
    assert_eq!(s.format, Format::Txt { encoding: Encoding::Utf8 });
    assert_small_notice(&parse(&s.text));
    let with_bom = [&[0xEF, 0xBB, 0xBF][..], &bytes].concat();
    assert_eq!(read("notice.txt", &with_bom).unwrap().text, s.text);
    // The same text in GBK and UTF-8 reads the same.
    assert_eq!(read_fixture("notice.gbk.txt").text.replace("\r\n", "\n"), s.text);
}

#[test]
fn the_seed_reads_as_itself() {
    let s = read("seed.txt", minsheng::BUNDLED_NOTICE.as_bytes()).unwrap();
    assert_eq!(s.text, minsheng::BUNDLED_NOTICE);
}

#[test]
fn docx_paragraphs_and_list_table() {
    let s = read_fixture("list.docx");
    assert_eq!(s.format, Format::Docx);
    let want = expected();
    let lines: Vec<&str> = s.text.lines().collect();
    // The paragraphs as python-docx reads them: the five before the table and the one after.
    let paragraphs: Vec<&str> = want["docx"]["paragraphs"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert_eq!(lines[..5], paragraphs[..5]);
    assert_eq!(lines.last(), paragraphs.last());
    assert_eq!(
        lines[5..lines.len() - 1],
        [
            "一、就业创业（2项）",
            "1.零工驿站：建成县城零工驿站1个、乡镇零工服务点8个，服务灵活就业人员3000人次，2026年9月底前完成。配合单位：各乡镇。（牵头单位：县人社局）",
            "2.技能培训：开展职业技能培训2000人次，12月底前。（牵头单位：县人社局）",
            "二、城乡环境（2项）",
            "3.背街小巷改造：改造背街小巷12条，总长4.5公里，2026年10月31日前完成。配合单位：县城管局、县财政局。（牵头单位：县住建局）",
            "4.公厕提升：新建改建公厕20座，年底前完成。（牵头单位：县城管局）",
        ]
    );
    // Each item row of the table as python-docx reads it (merged cells repeated) is in the text.
    for row in want["docx"]["rows"].as_array().unwrap().iter().skip(1) {
        let cells: Vec<&str> = row.as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
        if cells[0].parse::<u32>().is_ok() {
            let start = format!("{}.{}：{}，", cells[0], cells[1], cells[2]);
            assert!(lines.iter().any(|l| l.starts_with(&start) && l.ends_with(&format!("（牵头单位：{}）", cells[3]))), "{start}");
        }
    }
    let n = parse(&s.text);
    assert_eq!(n.title.as_deref(), Some("关于印发青禾县2026年四项民生实事的通知"));
    assert_eq!(n.date.as_deref(), Some("2026-03-02"));
    assert_eq!(n.list_title.as_deref(), Some("青禾县2026年四项民生实事"));
    assert_eq!(categories(&n), [(1, "就业创业", Some(2), vec![1, 2]), (2, "城乡环境", Some(2), vec![3, 4])]);
    assert_eq!(
        items(&n),
        [
            (1, 1, "牵头单位", vec!["县人社局"], vec![(9, None)]),
            (2, 1, "牵头单位", vec!["县人社局"], vec![(12, None)]),
            (3, 2, "牵头单位", vec!["县住建局"], vec![(10, Some(31))]),
            (4, 2, "牵头单位", vec!["县城管局"], vec![(12, None)]),
        ]
    );
    assert!(!n.diagnostics.iter().any(|d| d.kind == minsheng::notice::DiagnosticKind::CategoryCountMismatch), "{:?}", n.diagnostics);
}

#[test]
fn docx_main_part_found_through_its_relationship() {
    let s = read_fixture("renamed.docx");
    assert_eq!(s.text, read_fixture("list.docx").text);
    // python-docx (which follows the relationship) reads the same paragraphs.
    let paragraphs = expected()["renamed_docx_paragraphs"].clone();
    assert_eq!(paragraphs, expected()["docx"]["paragraphs"]);
}

#[test]
fn xlsx_list_with_categories_merges_dates_and_a_sheet_without_header() {
    let s = read_fixture("list.xlsx");
    assert_eq!(s.format, Format::Xlsx);
    assert_eq!(
        s.text.lines().collect::<Vec<_>>(),
        [
            "list",
            "青禾县2026年民生实事项目表",
            "一、社会保障（2项）",
            "1.助餐服务：新增老年助餐点15个，2026年6月30日前完成，年度投资300万元。责任单位：各乡镇。（牵头单位：县民政局）",
            "2.居家养老：为300户困难老人家庭实施适老化改造，9月底前完成，年度投资90.5万元。责任单位：县残联。（牵头单位：县民政局）",
            "二、交通出行（1项）",
            "3.公交线路：新开通城乡公交线路3条，2026年11月底前完成。（牵头单位：县交通局）",
        ]
    );
    assert_eq!(s.notes, ["第1张工作表“清单”的“备注”列未读入。", "第2张工作表“说明”没有找到清单表头（如“序号”“项目名称”“主要内容”“牵头单位”），已跳过。"]);
    // openpyxl's reading of the same rows: each item's name and content, and its number.
    let want = expected();
    assert_eq!(want["xlsx"]["sheets"], serde_json::json!(["清单", "说明"]));
    for row in want["xlsx"]["rows"].as_array().unwrap() {
        let cells: Vec<&str> = row.as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
        if cells[0].parse::<u32>().is_ok() {
            let start = format!("{}.{}：{}，", cells[0], cells[1], cells[2]);
            assert!(s.text.lines().any(|l| l.starts_with(&start)), "{start}");
        }
    }
    let n = parse(&s.text);
    assert_eq!(n.list_title.as_deref(), Some("青禾县2026年民生实事项目表"));
    // 年度投资 is a money target of its item (0 is none).
    let money: Vec<Vec<f64>> = n.items.iter().map(|i| i.targets.iter().filter(|t| t.label.contains("年度投资")).map(|t| t.normalized).collect()).collect();
    assert_eq!(money, [vec![3_000_000.0], vec![905_000.0], vec![]]);
    assert_eq!(categories(&n), [(1, "社会保障", Some(2), vec![1, 2]), (2, "交通出行", Some(1), vec![3])]);
    assert_eq!(
        items(&n),
        [
            (1, 1, "牵头单位", vec!["县民政局"], vec![(6, Some(30))]),
            (2, 1, "牵头单位", vec!["县民政局"], vec![(9, None)]),
            (3, 2, "牵头单位", vec!["县交通局"], vec![(11, None)]),
        ]
    );
}

#[test]
fn xlsx_shared_and_inline_strings_stored_or_deflated() {
    for name in ["handmade.xlsx", "stored.xlsx"] {
        let s = read_fixture(name);
        let lines: Vec<&str> = s.text.lines().collect();
        assert_eq!(
            lines[1..],
            ["一、表1（2项）", "1.饮水安全：改造供水管网8.5公里 & 泵站2座。（责任单位：县水利局）", "2.路灯：安装路灯120盏。（责任单位：县城管局）"],
            "{name}"
        );
        // Without a category row the sheet is the category: the parser reads items under a heading only.
        assert_eq!(s.notes, ["第1张工作表“表1”在第一个事项前没有分类行，已归入“表1”类。"]);
        let n = parse(&s.text);
        assert_eq!(categories(&n), [(1, "表1", Some(2), vec![1, 2])]);
        assert_eq!(items(&n), [(1, 1, "责任单位", vec!["县水利局"], vec![]), (2, 1, "责任单位", vec!["县城管局"], vec![])]);
    }
}

fn refusal(name: &str, bytes: &[u8]) -> (SourceError, String) {
    let e = read(name, bytes).expect_err(name);
    let message = e.to_string();
    (e, message)
}

#[test]
fn refusals_say_what_to_do_in_chinese() {
    let cases: [(&str, SourceError, &[&str]); 9] = [
        ("empty.txt", SourceError::Empty, &["空的"]),
        ("junk.bin", SourceError::Binary, &["不是文本"]),
        ("scan.pdf", SourceError::Pdf, &["PDF", "复制"]),
        ("old.doc", SourceError::LegacyOffice { extension: Some("doc".into()) }, &["旧版 Word", "另存为", ".docx"]),
        ("old.xls", SourceError::LegacyOffice { extension: Some("xls".into()) }, &["旧版 Excel", "另存为", ".xlsx"]),
        ("other.docx", SourceError::OtherZip, &["压缩包", "不是 Word"]),
        ("bomb.docx", SourceError::Inflated, &["64 MB"]),
        ("corrupt.docx", SourceError::Corrupt { what: "压缩文件", detail: "“word/document.xml”无法解压".into() }, &["已损坏", "重新保存"]),
        ("truncated.xlsx", SourceError::Corrupt { what: "压缩文件", detail: "找不到压缩目录，文件可能不完整".into() }, &["已损坏"]),
    ];
    for (name, want, words) in cases {
        let (e, message) = refusal(name, &fixture(name));
        if let SourceError::Corrupt { .. } = want {
            assert!(matches!(e, SourceError::Corrupt { .. }), "{name}: {e:?}");
        } else {
            assert_eq!(e, want, "{name}");
        }
        for w in words {
            assert!(message.contains(w), "{name}: {message}");
        }
        assert!(message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{message}");
    }
}

#[test]
fn more_refusals() {
    // An encrypted Office file is an OLE file under its own extension.
    let (e, m) = refusal("通知.docx", &fixture("old.doc"));
    assert_eq!(e, SourceError::LegacyOffice { extension: Some("docx".into()) });
    assert!(m.contains("密码"), "{m}");
    // Over the size cap: refused before any work, whatever the bytes.
    let big = vec![b'a'; MAX_FILE_BYTES + 1];
    let (e, m) = refusal("big.txt", &big);
    assert_eq!(e, SourceError::TooLarge { bytes: MAX_FILE_BYTES + 1 });
    assert!(m.contains("30 MB"), "{m}");
    assert_eq!(refusal("blank.txt", b" \r\n\t ").0, SourceError::Empty);
    assert_eq!(refusal("bom.txt", &[0xEF, 0xBB, 0xBF]).0, SourceError::Empty);
    assert_eq!(refusal("x.rtf", b"{\\rtf1\\ansi hello}").0, SourceError::Rtf);
    assert_eq!(refusal("x.pdf", b"not really").0, SourceError::Pdf);
    // Latin-1 bytes that are no GB18030: no guess.
    assert_eq!(refusal("latin.txt", &[0x63, 0x61, 0x66, 0xE9, 0x20, 0xFF, 0xFF]).0, SourceError::UnknownEncoding);
    // A workbook without any list, a document without text.
    let (e, m) = refusal("nolist.xlsx", &fixture("nolist.xlsx"));
    assert_eq!(e, SourceError::NoListInWorkbook);
    assert!(m.contains("项目名称"), "{m}");
    let (e, m) = refusal("blank.docx", &fixture("blank.docx"));
    assert_eq!(e, SourceError::NoText { what: "Word 文档" });
    assert!(m.contains("没有文字"), "{m}");
}

#[test]
fn magic_bytes_before_extension() {
    let s = read("清单.docx", "一、教育（1项）\n1.新建学校。（牵头单位：县教育局）".as_bytes()).unwrap();
    assert!(matches!(s.format, Format::Txt { .. }));
    assert_eq!(s.notes, ["文件扩展名是 .docx，但内容是纯文本，已按文本读取。"]);
    let s = read("清单.txt", &fixture("list.docx")).unwrap();
    assert_eq!(s.format, Format::Docx);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..3000), name in "[a-z]{0,3}\\.(txt|docx|xlsx|pdf|doc|)") {
        let _ = read(&name, &bytes);
        let zipped = [&b"PK\x03\x04"[..], &bytes].concat();
        let _ = read(&name, &zipped);
    }

    #[test]
    fn never_panics_on_damaged_documents(which in 0usize..3, at in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8), cut in any::<prop::sample::Index>()) {
        let name = ["list.docx", "list.xlsx", "handmade.xlsx"][which];
        let mut bytes = fixture(name);
        for (i, b) in &at {
            let i = i.index(bytes.len());
            bytes[i] = *b;
        }
        if let Ok(s) = read(name, &bytes) {
            let _ = parse(&s.text);
        }
        let len = cut.index(bytes.len());
        let _ = read(name, &bytes[..len]);
    }
}

/// A notice in traditional characters reads as the same notice in simplified
/// ones; the conversion matches OpenCC's (`scripts/make-t2s.py` wrote the seed
/// in traditional characters with OpenCC, and OpenCC's conversion back) but
/// for the few words OpenCC converts as phrases (瞭解 → 了解), listed here.
#[test]
fn traditional_characters_read_as_opencc_converts_them() {
    let traditional = include_str!("data/t2s/seed.traditional.txt");
    let opencc = include_str!("data/t2s/seed.opencc-simplified.txt");
    assert_ne!(traditional, opencc);
    let n = minsheng::notice::parse(traditional);
    let seed = minsheng::notice::parse(opencc);
    let differing: std::collections::BTreeSet<String> = n
        .items
        .iter()
        .zip(&seed.items)
        .flat_map(|(a, b)| a.text.chars().zip(b.text.chars()).chain(a.measures.concat().chars().zip(b.measures.concat().chars())).collect::<Vec<_>>())
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("{a}→{b}"))
        .collect();
    assert!(differing.iter().all(|d| ["瞭→了"].contains(&d.as_str())), "{differing:?}");
    type Shape = (u32, u32, Vec<String>, Vec<f64>, usize);
    let shape = |n: &minsheng::notice::Notice| -> Vec<Shape> {
        n.items.iter().map(|i| (i.no, i.category, i.units.clone(), i.targets.iter().map(|t| t.normalized).collect(), i.measures.len())).collect()
    };
    assert_eq!(n.items.len(), 50);
    assert_eq!(shape(&n), shape(&seed));
    assert_eq!((n.title.clone(), n.categories.len()), (seed.title.clone(), seed.categories.len()));
}
