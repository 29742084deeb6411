//! The parser against notices in the layouts real lists are published in
//! (`tests/corpus/`, written for the tests: invented places, own wording).
//! Each `.txt` has a `.json` with its expected items. The development set
//! must be read exactly; `unseen/` is a held-out set the parser was not
//! tuned on: it must find ≥ 95 % of the items (text start, units, category)
//! and invent none. Its failures are reported as counts only, so that the
//! parser is not tuned to it.

use minsheng::notice::{parse, Notice};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Expected {
    layout: String,
    year: Option<i32>,
    items: Vec<ExpectedItem>,
}

#[derive(Deserialize)]
struct ExpectedItem {
    no: u32,
    text_start: String,
    category: Option<String>,
    units: Vec<String>,
    deadline: Option<(u32, Option<u32>)>,
    #[serde(default)]
    targets: Vec<(f64, String)>,
    investment_wan: Option<f64>,
}

fn corpus(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
    files.sort();
    files
}

fn load(txt: &Path) -> (Notice, Expected) {
    let text = std::fs::read_to_string(txt).unwrap();
    let expected: Expected =
        serde_json::from_str(&std::fs::read_to_string(txt.with_extension("json")).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", txt.display()));
    (parse(&text), expected)
}

/// What one notice's reading got right and wrong.
#[derive(Default)]
struct Score {
    expected: usize,
    /// Items found with the right text start, units and category.
    right: usize,
    invented: usize,
    /// Every difference, for the development set.
    differences: Vec<String>,
}

/// Text without spaces, with full-width digits and brackets as the parser
/// normalizes them (`text_start` and units are written as in the .txt).
fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '(' => '（',
            ')' => '）',
            ',' => '，',
            ':' => '：',
            ';' => '；',
            c => c,
        })
        .collect()
}

/// Pair expected and parsed items in order by their text's start, then compare.
fn score(n: &Notice, want: &Expected) -> Score {
    let mut s = Score { expected: want.items.len(), ..Default::default() };
    let mut next = 0;
    let mut matched = vec![false; n.items.len()];
    for w in &want.items {
        let start = compact(&w.text_start);
        let Some(at) = (next..n.items.len()).find(|&i| compact(&n.items[i].text).starts_with(&start)) else {
            s.differences.push(format!("item {} “{}” not found", w.no, w.text_start));
            continue;
        };
        matched[at] = true;
        next = at + 1;
        let item = &n.items[at];
        // Index 0 holds the items under no heading (`notice::UNCATEGORIZED`).
        let category = n.category_name(item.category).filter(|_| item.category != 0).map(str::to_string);
        let mut wrong = Vec::new();
        // (Compared without spaces: `幼有所育 学有所教` as printed, read `幼有所育学有所教`.)
        if category.as_deref().map(compact) != w.category.as_deref().map(compact) {
            wrong.push(format!("category {category:?}, expected {:?}", w.category));
        }
        // (Compared as the parser normalizes them, like the text: `各村(社区)` is `各村（社区）`.)
        let compact_all = |units: &[String]| units.iter().map(|u| compact(u)).collect::<Vec<_>>();
        if compact_all(&item.units) != compact_all(&w.units) {
            wrong.push(format!("units {:?}, expected {:?}", item.units, w.units));
        }
        if wrong.is_empty() {
            s.right += 1;
        }
        if item.no != w.no {
            wrong.push(format!("no {}, expected {}", item.no, w.no));
        }
        let deadline = item.deadlines.first().map(|d| (d.month, d.day));
        if deadline != w.deadline {
            wrong.push(format!("deadline {deadline:?}, expected {:?}", w.deadline));
        }
        for (value, unit) in &w.targets {
            if !item.targets.iter().any(|t| t.value == *value && &t.unit == unit) {
                let got: Vec<_> = item.targets.iter().map(|t| format!("{}{}", t.value, t.unit)).collect();
                wrong.push(format!("target {value}{unit} not read (read {got:?})"));
            }
        }
        let investment = item.investment_yuan.map(|y| y / 1e4);
        if w.investment_wan.is_some_and(|wan| investment.is_none_or(|got| (got - wan).abs() > 1e-6)) {
            wrong.push(format!("investment {investment:?} 万元, expected {:?}", w.investment_wan));
        }
        if !wrong.is_empty() {
            s.differences.push(format!("item {} “{}”: {}", w.no, w.text_start, wrong.join("; ")));
        }
    }
    for (i, item) in n.items.iter().enumerate().filter(|(i, _)| !matched[*i]) {
        s.invented += 1;
        s.differences.push(format!("invented item #{i} no {}: “{}”", item.no, item.text.chars().take(20).collect::<String>()));
    }
    // The year the list is measured against: a title's, else the text's, else the issue date's.
    let year = Some(minsheng::view::progress::notice_year(n, 0)).filter(|y| *y != 0);
    if year != want.year {
        s.differences.push(format!("year {year:?}, expected {:?}", want.year));
    }
    s
}

#[test]
fn every_layout_of_the_development_set_is_read_exactly() {
    let files = corpus("tests/corpus");
    assert!(files.len() >= 12, "{} notices", files.len());
    let mut failures = Vec::new();
    for txt in &files {
        let (n, want) = load(txt);
        let s = score(&n, &want);
        if !s.differences.is_empty() {
            failures.push(format!("{} ({}):\n  {}", txt.file_name().unwrap().to_string_lossy(), want.layout, s.differences.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{} of {} notices differ:\n{}", failures.len(), files.len(), failures.join("\n"));
}

/// `unseen/`: written with the development set, measured blind once (82.6 %,
/// 10 invented), then informed by its writer's list of confounders (fixed
/// through development notices of each kind). `unseen2/`: written after
/// those fixes by another writer, who named no contents.
#[test]
fn notices_not_seen_while_writing_the_parser_are_read() {
    held_out("tests/corpus/unseen");
}

#[test]
fn notices_written_after_the_parser_are_read() {
    held_out("tests/corpus/unseen2");
}

/// `unseen3/`: written after every fix above, measured blind.
#[test]
fn notices_written_after_the_fixes_are_read() {
    held_out("tests/corpus/unseen3");
}

/// `unseen4/`: written after the `unseen3/` fixes, measured blind (93.8 %, 2 invented).
#[test]
fn a_fourth_set_written_after_the_fixes_is_read() {
    held_out("tests/corpus/unseen4");
}

/// A held-out set's totals: items right, invented, expected, and a line per file.
fn totals(dir: &str) -> (usize, usize, usize, Vec<String>) {
    let files = corpus(dir);
    assert!(files.len() >= 12, "{} notices", files.len());
    let (mut expected, mut right, mut invented) = (0, 0, 0);
    let mut per_file = Vec::new();
    for txt in &files {
        let (n, want) = load(txt);
        let s = score(&n, &want);
        expected += s.expected;
        right += s.right;
        invented += s.invented;
        per_file.push(format!("{}: {}/{} right, {} invented", txt.file_name().unwrap().to_string_lossy(), s.right, s.expected, s.invented));
        // What was wrong, with `--nocapture` (MINSHENG_CORPUS_DIFF=1): read only after the blind figure is taken.
        if std::env::var_os("MINSHENG_CORPUS_DIFF").is_some() {
            per_file.extend(s.differences.iter().map(|d| format!("    {d}")));
        }
    }
    let rate = right as f64 / expected as f64;
    println!("{dir}: {right} of {expected} items right ({:.1} %), {invented} invented\n{}", rate * 100.0, per_file.join("\n"));
    (right, invented, expected, per_file)
}

fn held_out(dir: &str) {
    let (right, invented, expected, per_file) = totals(dir);
    let rate = right as f64 / expected as f64;
    assert!(rate >= 0.95 && invented == 0, "{right} of {expected} items right ({:.1} %), {invented} invented:\n{}", rate * 100.0, per_file.join("\n"));
}

/// The parser knows layouts, not the bundled notice: none of its place names,
/// category names or unit names is written anywhere in `src/notice/` (code,
/// comments or tests).
#[test]
fn the_parser_holds_no_content_of_the_bundled_notice() {
    let seed = parse(minsheng::BUNDLED_NOTICE);
    let mut words: Vec<String> = seed.categories.iter().map(|c| c.name.clone()).chain(seed.items.iter().flat_map(|i| i.units.clone())).collect();
    words.extend(["相山", "淮北"].map(String::from));
    words.extend(seed.place.clone());
    words.sort();
    words.dedup();
    assert!(words.len() >= 25, "{words:?}");
    let mut files = Vec::new();
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src/notice")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let found: Vec<String> = files
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            words.iter().filter(|w| text.contains(w.as_str())).map(|w| format!("{}: {w}", f.display())).collect::<Vec<_>>()
        })
        .collect();
    assert!(found.is_empty(), "{found:?}");
}

/// `unseen5/`: written after the `unseen4/` fixes by a writer who saw no
/// parser code, measured blind.
#[test]
fn a_fifth_set_written_after_the_fixes_is_read() {
    held_out("tests/corpus/unseen5");
}

/// `unseen6/`: written after the `unseen5/` fixes by a writer who saw no
/// parser code, measured blind.
#[test]
fn a_sixth_set_written_after_the_fixes_is_read() {
    held_out("tests/corpus/unseen6");
}

/// `unseen7/`: written after the `unseen6/` fixes by a writer who saw no
/// parser code, measured blind.
#[test]
fn a_seventh_set_written_after_the_fixes_is_read() {
    held_out("tests/corpus/unseen7");
}

/// `unseen8/`: written after the `unseen7/` fixes by a writer who saw no
/// parser code, asked for the shapes of web pages, WeChat articles, PDF and
/// Word copies; measured blind.
#[test]
fn an_eighth_set_written_after_the_fixes_is_read() {
    held_out("tests/corpus/unseen8");
}

/// `unseen9/`: written after the `unseen8/` fixes by a writer who saw no
/// parser code, asked for sources of other kinds (a work report, a slide
/// deck, an OCR'd scan, a CSV export, a 征求意见稿, a bilingual notice…); measured blind.
/// Blind: 86 of 200 (43.0 %), 32 invented; 200 of 200 after the fixes (the
/// last of them, a slide deck's bullets and ▌ headings, a session later).
#[test]
fn a_ninth_set_written_after_the_fixes_is_read() {
    held_out("tests/corpus/unseen9");
}

/// `unseen10/`: written after the `unseen9/` fixes by a writer who saw no
/// parser code, asked for documents of more kinds (a 人大 decision, a news
/// report, a progress 通报, a mid-year adjustment, a 征求意见稿, WPS and PDF copies…); measured blind:
/// 163 of 200 (81.5 %), 16 invented; 200 of 200 after four fixes made through development notices.
#[test]
fn a_tenth_set_written_after_the_fixes_is_read() {
    held_out("tests/corpus/unseen10");
}

/// `unseen11/`: written after the `unseen10/` fixes by a writer who saw no
/// parser code, asked for combinations beyond the README's list (a candidates'
/// 公示, a portal page, sub-targets, units before each number, a chat, two-column PDF…); measured blind:
/// 122 of 198 (61.6 %), 18 invented; 198 of 198 after seven fixes made through development notices.
#[test]
fn an_eleventh_set_written_after_the_fixes_is_read() {
    held_out("tests/corpus/unseen11");
}

/// `unseen12/`: written after the `unseen11/` fixes by a writer who saw only the
/// corpus README and the issue's list of layouts, asked for notices in those
/// layouts (not beyond them); measured blind: 202 of 202 (100 %), 0 invented.
#[test]
fn a_first_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen12");
}

/// `unseen13/`: written at the same time by another writer, who saw only the
/// corpus README and the issue's list of layouts, asked for notices in those
/// layouts (not beyond them); measured blind: 188 of 200 (94.0 %), 0 invented
/// (one 人大 vote result whose counts `（赞成票141票）` follow the units); 200 of 200
/// after one fix made through a development notice.
#[test]
fn a_second_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen13");
}

/// `unseen14/`: written after the `unseen13/` fix by a third writer, who saw only
/// the corpus README and the issue's list of layouts, asked for notices in those
/// layouts (not beyond them); measured blind: 179 of 199 (89.9 %), 0 invented (a
/// category's last item ending with its 推进举措, a report's one section over its list, units in
/// parentheses before the deadline clause); 199 of 199 after three fixes made through development notices.
#[test]
fn a_third_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen14");
}

/// `unseen15/`: written after the `unseen14/` fixes by a fourth writer, who saw
/// only the corpus README and the issue's list of layouts, asked for notices in
/// those layouts (not beyond them); measured blind: 187 of 202 (92.6 %), 2 invented (a work
/// report's points before the line announcing its list, a signature read as the last item's
/// unit, units said in a clause `，由X牵头，Y配合，…`); 202 of 202 after three fixes made through
/// development notices.
#[test]
fn a_fourth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen15");
}

/// `unseen16/`: written after the `unseen15/` fixes by a fifth writer, who saw
/// only the corpus README and the issue's list of layouts, asked for notices in
/// those layouts (not beyond them); measured blind: 194 of 197 (98.5 %), 0 invented.
#[test]
fn a_fifth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen16");
}

/// `unseen17/`: written at the same time as `unseen16/`, after the `unseen15/` fixes, by a sixth writer, who saw
/// only the corpus README and the issue's list of layouts, asked for notices in
/// those layouts (not beyond them); measured blind: 192 of 200 (96.0 %), 0 invented.
#[test]
fn a_sixth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen17");
}

/// `unseen18/`: written after this session's speed work (no parser rule changed since
/// `unseen17/`) by a seventh writer, who saw only the corpus README and the issue's list of
/// layouts, asked for notices in those layouts; measured blind (after the `unseen19/` fix below, which it did
/// not inform): 196 of 208 (94.2 %), 1 invented (a 实施方案 whose 推进举措 are numbered as its items
/// are once normalized, `1．` items and `1.6月底前` measures: 0 of its 10 items); 206 of 208 after one fix
/// made through a development notice (`measures-then-units-same-numbers`).
#[test]
fn a_seventh_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen18");
}

/// `unseen19/`: written at the same time as `unseen18/` by an eighth writer (the same brief,
/// also asked for 工作报告 excerpts and WeChat articles); measured blind: 198 of 200 (99.0 %), 1 invented
/// (a WeChat article's byline `原创 X发布 2025-02-18 09:30` read as the first title-line item); 199 of 200
/// after one fix made through a development notice (`wechat-byline-then-titled-blocks`).
#[test]
fn an_eighth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen19");
}

/// `unseen20/`: written 2026-12-07 by a ninth writer, who saw only the corpus README and the issue's list
/// of layouts, asked for notices in those layouts; measured blind: 177 of 200 (88.5 %), 11 invented (a
/// 实施方案's own `（一）…（三）` points over its attached table; a report's point holding a one-line list;
/// measures opening `2.年底前…`); 200 of 200 after fixes made through development notices.
#[test]
fn a_ninth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen20");
}

/// `unseen21/`: written at the same time as `unseen20/` by a tenth writer (the same brief); measured blind:
/// 184 of 197 (93.4 %), 2 invented (a work report announcing its list by a count over `(1)…`); 197 of 197
/// after fixes made through development notices.
#[test]
fn a_tenth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen21");
}

/// `unseen22/`: written 2026-12-07 after the `unseen20/`–`unseen21/` fixes by an eleventh writer (the same
/// brief); measured blind: 181 of 197 (91.9 %), none invented (a one-line list opening `1.6月底前…`, a
/// news paragraph's last item closing with its units, a PDF wrapping inside the co-units' label); 197 of 197
/// after fixes made through development notices.
#[test]
fn an_eleventh_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen22");
}

/// `unseen23/`: written at the same time as `unseen22/` by a twelfth writer (the same brief, asked for
/// terse, wordy and carelessly copied notices); measured blind: 199 of 200 (99.5 %), none invented (two leads
/// parted by an ASCII comma, `由市水务局,市住建局牵头`); 200 of 200 after a fix made through a development notice.
#[test]
fn a_twelfth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen23");
}

/// `unseen24/`: written 2026-12-07 after the `unseen22/`–`unseen23/` fixes by a thirteenth writer (the same
/// brief); measured blind: 201 of 201 (100 %), none invented.
#[test]
fn a_thirteenth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen24");
}

/// `unseen25/`: written at the same time as `unseen24/` by a fourteenth writer (the same brief, asked for
/// sixteen offices' house styles and ways the copy reached the user); measured blind: 198 of 198 (100 %),
/// none invented.
#[test]
fn a_fourteenth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen25");
}

/// `unseen26/`: written 2026-12-07 after the `unseen24/`–`unseen25/` round by a fifteenth writer (the same
/// brief); measured blind: 171 of 198 (86.4 %), none invented.
#[test]
fn a_fifteenth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen26");
}

/// `unseen27/`: written at the same time as `unseen26/` by a sixteenth writer (the same brief); measured
/// blind: 183 of 196 (93.4 %), none invented.
#[test]
fn a_sixteenth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen27");
}

/// `unseen28/`: written 2026-12-07 after the `unseen26/`–`unseen27/` fixes by a seventeenth writer (the same brief);
/// measured blind: 181 of 200 (90.5 %), none invented (195 once categories were compared without spaces).
#[test]
fn a_seventeenth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen28");
}

/// `unseen29/`: written at the same time as `unseen28/` by an eighteenth writer (the same brief, asked for careless
/// copies); measured blind: 171 of 201 (85.1 %), 7 invented.
#[test]
fn an_eighteenth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen29");
}

/// `unseen30/`: written 2026-12-07 after the `unseen28/`–`unseen29/` fixes by a nineteenth writer (the same brief);
/// measured blind: 189 of 201 (94.0 %), none invented.
#[test]
fn a_nineteenth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen30");
}

/// `unseen31/`: written at the same time as `unseen30/` by a twentieth writer (the same brief, asked for careless
/// copies); measured blind: 185 of 200 (92.5 %), 4 invented.
#[test]
fn a_twentieth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen31");
}

/// `unseen32/`: written 2026-12-07 after the `unseen30/`–`unseen31/` fixes by a twenty-first writer (the same brief,
/// written in a hurry); measured blind: 160 of 181 (88.4 %), 3 invented.
#[test]
fn a_twenty_first_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen32");
}

/// `unseen33/`: written at the same time as `unseen32/` by a twenty-second writer (the same brief, asked for careless
/// copies, written in a hurry); measured blind: 183 of 195 (93.8 %), 1 invented.
#[test]
fn a_twenty_second_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen33");
}

/// `unseen34/`: written 2026-12-07 after the `unseen32/`–`unseen33/` fixes by a twenty-third writer (the same brief);
/// measured blind at 353b69b: 144 of 198 (72.7 %), 1 invented; 100 % after the fixes that followed.
#[test]
fn a_twenty_third_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen34");
}

/// `unseen35/`: written at the same time as `unseen34/` by a twenty-fourth writer (the same brief, asked for careless
/// copies); measured blind at 353b69b: 172 of 184 (93.5 %), 3 invented; 100 % after the fixes that followed.
#[test]
fn a_twenty_fourth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen35");
}

/// `unseen36/`: written 2026-12-07 after the `unseen34/`–`unseen35/` fixes by a twenty-fifth writer (the same brief);
/// measured blind at 656a174: 184 of 195 (94.4 %), 0 invented; 100 % after the fixes that followed.
#[test]
fn a_twenty_fifth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen36");
}

/// `unseen37/`: written at the same time as `unseen36/` by a twenty-sixth writer (the same brief); measured blind at
/// 656a174: 199 of 200 (99.5 %), 0 invented; 100 % after the fixes that followed.
#[test]
fn a_twenty_sixth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen37");
}

/// `unseen38/`–`unseen41/`: written 2026-12-07 after the `unseen36/`–`unseen37/` fixes by four more writers (the same
/// brief, each leaning one way: small places and informal copies; formal 市/县 documents; tables and web pages; real
/// documents' inconsistencies); measured blind at 2c3a4fd: 195 of 198 (98.5 %), 190 of 200 (95.0 %), 197 of 197
/// (100 %), 193 of 198 (97.5 %), nothing invented; 100 % each after the fixes that followed.
#[test]
fn a_twenty_seventh_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen38");
}

#[test]
fn a_twenty_eighth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen39");
}

#[test]
fn a_twenty_ninth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen40");
}

#[test]
fn a_thirtieth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen41");
}

/// `unseen42/`–`unseen45/`: written 2026-12-07 after the `unseen38/`–`unseen41/` fixes by four more writers (the same
/// brief, each leaning one way: 人大 and joint documents; long 实施方案 with many confounders; terse lists; sixteen
/// offices' house styles); measured blind at bfa2049: 193 of 196 (98.5 %, 1 invented), 200 of 200 (100 %), 195 of 200
/// (97.5 %), 198 of 200 (99.0 %); after the fixes that followed, none invented and each ≥ 99 %.
#[test]
fn a_thirty_first_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen42");
}

#[test]
fn a_thirty_second_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen43");
}

#[test]
fn a_thirty_third_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen44");
}

#[test]
fn a_thirty_fourth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen45");
}

/// `unseen46/`–`unseen49/`: written 2026-12-07 after the `unseen42/`–`unseen45/` fixes by four more writers (the same
/// brief, each leaning one way: documents holding more than the list; careless copies; many categories and long
/// items; a newcomer's mix of genres); measured blind at 47d3d3b: 198 of 198 (100 %), 195 of 201 (97.0 %), 200 of 200
/// (100 %), 196 of 197 (99.5 %), nothing invented; 100 % each after the fixes that followed.
#[test]
fn a_thirty_fifth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen46");
}

#[test]
fn a_thirty_sixth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen47");
}

#[test]
fn a_thirty_seventh_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen48");
}

#[test]
fn a_thirty_eighth_set_in_the_issues_layouts_is_read() {
    held_out("tests/corpus/unseen49");
}
