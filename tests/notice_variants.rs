//! The parser reads the layout, not this notice: a next-year notice written
//! for the tests (other place, categories, units and counts; BOM, CRLF and
//! ASCII punctuation) parses too, and so does any mangled form of the seed.

use minsheng::notice::{parse, DiagnosticKind as K, Level, Notice};

const VARIANT: &str = include_str!("data/variant-2024.txt");

fn kinds(n: &Notice, kind: K) -> Vec<Vec<u32>> {
    n.diagnostics.iter().filter(|d| d.kind == kind).map(|d| d.items.clone()).collect()
}

#[test]
fn next_years_notice_in_the_same_layout() {
    let n = parse(VARIANT);
    assert_eq!(n.title.as_deref(), Some("关于印发濉溪县2024年实施12项民生实事的通知"));
    assert_eq!(n.date.as_deref(), Some("2024-03-15"));
    assert_eq!(n.stated_total, Some(12));
    assert_eq!((n.year, n.place.as_deref(), n.own_level_label()), (Some(2024), Some("濉溪县"), "县级"));
    type CategoryRow<'a> = (u32, &'a str, Option<u32>, Option<u32>, usize);
    let cats: Vec<CategoryRow> = n.categories.iter().map(|c| (c.index, c.name.as_str(), c.stated_count, c.stated_count_attachment, c.item_nos.len())).collect();
    assert_eq!(
        cats,
        [
            (1, "养老服务", Some(2), Some(2), 2),
            (2, "公共交通", Some(3), Some(3), 3),
            (3, "住房保障", Some(1), Some(2), 2),
            (4, "文化体育", Some(4), Some(4), 4),
            (5, "就业创业", Some(1), Some(1), 1)
        ]
    );
    assert_eq!(n.items.len(), 12);
    assert_eq!(n.items[1].units, ["县民政局", "县财政局"]);
    assert_eq!(n.items[4].level, Level::City);
    assert_eq!(n.items[6].level, Level::Province);
    // The wrapped line of item 4 is one item.
    assert_eq!(n.items[3].text, "改造农村公路28.5公里；完成危桥改造6座。");
    assert_eq!(n.items[3].targets.iter().map(|t| t.normalized).collect::<Vec<_>>(), [28500.0, 6.0]);
    assert_eq!(n.items[11].targets[0].normalized, 12000.0);
    // A measure restating the item's standard adds its beneficiaries, not a second standard.
    let s = &n.items[1].subsidies;
    assert_eq!(s.len(), 1);
    assert_eq!((s[0].amount_yuan, s[0].basis.as_str(), s[0].beneficiaries, s[0].planned_total_yuan), (100.0, "每人每月", Some(1500), Some(150000.0)));
    assert_eq!(n.items[3].subsidies[0].basis, "采购");
    assert_eq!(n.items[0].deadlines[0].month, 6);
    assert_eq!(n.items[0].deadlines[0].day, Some(30));
}

#[test]
fn next_years_notice_diagnostics() {
    let n = parse(VARIANT);
    assert_eq!(kinds(&n, K::AttachmentCountMismatch), [vec![6, 7]]);
    assert_eq!(kinds(&n, K::CategoryCountMismatch), [vec![6, 7]]);
    assert_eq!(kinds(&n, K::CitywideReferenceMismatch), [vec![2]]);
    assert_eq!(kinds(&n, K::ScopeMismatch), [vec![6]]);
    assert_eq!(kinds(&n, K::DocumentNumber), [vec![1]]);
    // 10 + 9 ≠ 18; the 600 + 400 trainees of item 12 are not its 12000 jobs.
    assert_eq!(kinds(&n, K::BreakdownMismatch), [vec![6]]);
    let total: Vec<_> = n.diagnostics.iter().filter(|d| d.kind == K::StatedTotalMismatch).collect();
    assert_eq!(total.len(), 1);
    assert!(total[0].message.contains("合计11项"), "{}", total[0].message);
}

/// The seed with CRLF, a BOM, and ASCII （）：，； reads exactly as the seed.
#[test]
fn crlf_bom_and_ascii_punctuation_change_nothing() {
    let seed = minsheng::BUNDLED_NOTICE;
    let mangled: String = seed.replace('\n', "\r\n").replace('（', "(").replace('）', ")").replace('：', ":").replace('；', ";");
    let mangled = format!("\u{feff}{}", mangled.replace('，', ","));
    assert_eq!(parse(&mangled), parse(seed));
}

#[test]
fn empty_and_garbage_input_say_what_could_not_be_read() {
    for input in ["", "   \n\n", "hello world", "\u{0}\u{1}\u{fffd}\u{7f}", "一、\n1.\n（一）\n推进举措：", "附件1\n附件1\n", "1.2.3.4.5.", &"9".repeat(10_000)]
    {
        let n = parse(input);
        assert!(n.items.is_empty() || !n.diagnostics.is_empty(), "{input:?}");
        assert!(n.diagnostics.iter().any(|d| d.kind == K::Unreadable), "{input:?}: {:?}", n.diagnostics);
    }
}

/// A notice whose headings are right in the main list, and 附件1 files item 3
/// under the first heading (so 附件1's heading "（2项）" heads 3 items, and its
/// second heading none). `att_first`: the first heading of 附件1.
fn headings_notice(att_first: &str) -> String {
    format!(
        "关于印发测试区2023年实施3项民生实事的通知\n2023年9月1日\n测试区2023年3项民生实事\n\
         一、就业（2项）\n1.新增就业岗位100个。（牵头单位：区人社局）\n2.培训农民工200人次。（牵头单位：区人社局）\n\
         二、养老（1项）\n3.新增养老床位50个。（牵头单位：区民政局）\n\
         附件1\n{att_first}\n（一）新增就业岗位100个。\n推进举措：\n1.年底前完成。\n（二）培训农民工200人次。\n推进举措：\n1.年底前完成。\n\
         （三）新增养老床位50个。\n推进举措：\n1.年底前完成。\n二、养老（1项）\n"
    )
}

/// Every "标题称N项 … 列出M项" of a message sets different numbers against
/// each other, unless it says they agree (相符).
fn assert_no_equal_mismatch(message: &str) {
    let number_after = |s: &str, word: &str| -> Option<(u32, usize)> {
        let at = s.find(word)? + word.len();
        let digits: String = s[at..].chars().take_while(char::is_ascii_digit).collect();
        Some((digits.parse().ok()?, at + digits.len()))
    };
    for statement in message.split('；').filter(|s| !s.contains("相符")) {
        let mut rest = statement;
        while let Some((stated, end)) = number_after(rest, "标题称") {
            rest = &rest[end..];
            if let Some((listed, _)) = number_after(rest, "列出") {
                assert_ne!(stated, listed, "a mismatch of equal numbers: {message}");
            }
        }
    }
}

/// Issue #11's defect: only 附件1's heading disagrees with its list, and the
/// message said "标题称2项，实际列出2项" (the main list's count, which agrees).
#[test]
fn heading_count_message_names_the_list_that_is_off() {
    let n = parse(&headings_notice("一、就业（2项）"));
    let d: Vec<&str> = n.diagnostics.iter().filter(|d| d.kind == K::CategoryCountMismatch).map(|d| d.message.as_str()).collect();
    assert_eq!(d.len(), 2, "{d:?}");
    for m in &d {
        assert_no_equal_mismatch(m);
    }
    assert_eq!(d[0], "“就业”附件1标题称2项，附件1实际列出3项；主清单标题称2项、列出2项，两者相符。");
    assert_eq!(d[1], "“养老”附件1标题称1项，附件1实际列出0项；主清单标题称1项、列出1项，两者相符。");
    let quotes: Vec<_> = n.diagnostics.iter().filter(|d| d.kind == K::CategoryCountMismatch).map(|d| d.quote.as_deref()).collect();
    assert_eq!(quotes, [Some("一、就业（2项）"), Some("二、养老（1项）")]);

    // 附件1's heading says 3 and lists 3: the main heading (2) agrees with its list too.
    let n = parse(&headings_notice("一、就业（3项）"));
    let d: Vec<&str> = n.diagnostics.iter().filter(|d| d.kind == K::CategoryCountMismatch).map(|d| d.message.as_str()).collect();
    assert_eq!(d, ["“养老”附件1标题称1项，附件1实际列出0项；主清单标题称1项、列出1项，两者相符。"]);
}

/// Both headings off: each named with its own list; the seed's messages.
#[test]
fn heading_count_messages_of_the_seed_and_the_variant() {
    for n in [parse(minsheng::BUNDLED_NOTICE), parse(VARIANT)] {
        for d in n.diagnostics.iter().filter(|d| d.kind == K::CategoryCountMismatch) {
            assert_no_equal_mismatch(&d.message);
        }
    }
    let text = headings_notice("一、就业（2项）").replace("一、就业（2项）\n1.", "一、就业（1项）\n1.");
    let n = parse(&text);
    let d = n.diagnostics.iter().find(|d| d.kind == K::CategoryCountMismatch).unwrap();
    assert_eq!(d.message, "“就业”主清单标题称1项，实际列出2项（第1–2项），其中区级任务2项、上级任务0项；附件1标题称2项，附件1实际列出3项。");
    assert_no_equal_mismatch(&d.message);
}

#[test]
fn another_layout_is_reported_not_guessed() {
    let n = parse("会议纪要\n\n今天讨论了三件事。\n第一，预算。\n第二，人员。");
    assert!(n.items.is_empty() && n.categories.is_empty());
    assert_eq!(n.title.as_deref(), Some("会议纪要"));
    assert!(n.diagnostics[0].message.contains("未识别出分类标题"));
}

/// Cut the seed anywhere (on a char boundary): it still parses, and a cut in
/// the list shows up as missing attachment or fewer items, never as a panic.
#[test]
fn truncated_seed_anywhere() {
    let seed = minsheng::BUNDLED_NOTICE;
    let cuts: Vec<usize> = seed.char_indices().map(|(i, _)| i).step_by(97).collect();
    for cut in cuts {
        let n = parse(&seed[..cut]);
        assert!(n.items.len() <= 50);
        if cut < seed.find("附件1\n").unwrap() {
            assert!(n.diagnostics.iter().any(|d| d.kind == K::Unreadable), "cut at {cut}");
        }
    }
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Characters the parser treats specially, so random text hits its paths.
    const ALPHABET: &[&str] = &[
        "一",
        "十",
        "、",
        "（",
        "）",
        "(",
        ")",
        "：",
        "；",
        "，",
        "。",
        "项",
        "万",
        "元",
        "人",
        "个",
        "%",
        "每",
        "月",
        "底",
        "前",
        "〔",
        "〕",
        "号",
        "年",
        "日",
        "分别",
        "和",
        "从",
        "提高到",
        "不少于",
        "以上",
        "（含",
        "附件1",
        "推进举措",
        "牵头单位",
        "属市级任务",
        "全市参照执行",
        // The layouts of other lists (#13): numbers in every style, labels, tables, ordinals.
        "（1）",
        "①",
        "⑪",
        "一、",
        "（一）",
        "一是",
        "十一是",
        "：",
        "；",
        "|",
        "序号",
        "项目名称",
        "主办单位：",
        "协办单位：",
        "责任单位：",
        "年底前",
        "总投资",
        "亿元",
        "合计",
        "附件2",
        "- 2 -",
        "實事項目",
        "發展",
        "0",
        "1",
        "9",
        ".",
        "\n",
        " ",
        "\r",
        "\u{feff}",
        "/",
        "-",
    ];

    fn notice_like() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(ALPHABET), 0..400).prop_map(|parts| parts.concat())
    }

    /// 1 → 一, 12 → 十二, 21 → 二十一 (to 99).
    fn minsheng_numeral(k: u32) -> String {
        const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        match k {
            1..=9 => D[k as usize].to_string(),
            10..=19 => format!("十{}", D[(k % 10) as usize]),
            _ => format!("{}十{}", D[(k / 10) as usize], D[(k % 10) as usize]),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Parsed, written as JSON and read back: the same notice (#13: a
        /// 400-digit figure used to become `null`).
        #[test]
        fn on_notice_like_text(text in notice_like(), digits in 0usize..420) {
            let text = format!("{text}\n1.新增{}个。", "9".repeat(digits));
            let n = parse(&text);
            let json = serde_json::to_string(&n).unwrap();
            let back: minsheng::notice::Notice = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, n);
        }

        #[test]
        fn on_arbitrary_unicode(text in any::<String>()) {
            parse(&text);
        }

        /// A whole list on one line, `（1）…；（2）…；…`, in every numbering
        /// style and up to 30 parts: every part an item (a blind set found a
        /// panic past the ninth, where the number grows a digit).
        #[test]
        fn on_one_line_lists(n in 2u32..30, style in 0usize..4, words in proptest::collection::vec("[新建改造提升]{2,6}[0-9]{0,3}个", 30)) {
            let number = |k: u32| match style {
                0 => format!("（{k}）"),
                1 => format!("{k}."),
                2 => format!("{k}、"),
                _ => format!("（{}）", minsheng_numeral(k)),
            };
            let parts: Vec<String> = (1..=n).map(|k| format!("{}{}", number(k), words[(k - 1) as usize])).collect();
            let text = format!("某县2026年民生实事\n\n今年的民生实事是：{}。", parts.join("；"));
            let parsed = parse(&text);
            prop_assert_eq!(parsed.items.iter().map(|i| i.no).collect::<Vec<_>>(), (1..=n).collect::<Vec<_>>(), "{}", text);
        }

        #[test]
        fn on_spliced_seed(start in 0usize..42_000, len in 0usize..6_000, insert in notice_like()) {
            let seed = minsheng::BUNDLED_NOTICE;
            let floor = |mut i: usize| { i = i.min(seed.len()); while !seed.is_char_boundary(i) { i -= 1; } i };
            let (a, b) = (floor(start), floor(start.saturating_add(len)));
            let text = format!("{}{}{}", &seed[..a], insert, &seed[b..]);
            let n = parse(&text);
            // Every item's category is one of the categories read (or 0: before any heading).
            prop_assert!(n.items.iter().all(|i| i.category == 0 || n.categories.iter().any(|c| c.index == i.category)));
        }
    }
}

/// A county's list speaks of 县级 tasks, never 区级 (#12): in its diagnostics too.
#[test]
fn a_countys_own_tasks_are_county_level() {
    let n = parse(VARIANT);
    let levels: Vec<&str> = n.diagnostics.iter().map(|d| d.message.as_str()).filter(|m| m.contains("级任务")).collect();
    assert!(!levels.is_empty());
    assert!(levels.iter().all(|m| m.contains("县级任务") && !m.contains("区级")), "{levels:?}");
    let seed = parse(minsheng::BUNDLED_NOTICE);
    assert_eq!((seed.year, seed.place.as_deref(), seed.own_level_label()), (Some(2023), Some("相山区"), "区级"));
    for (title, place, label) in [
        ("关于印发淮北市2024年民生实事的通知", "淮北市", "市级"),
        ("关于印发某某自治旗2025年民生实事的通知", "某某自治旗", "旗级"),
        ("民生实事清单", "", "本级"),
    ] {
        let n = parse(&format!("{title}\n\n一、就业（1项）\n1.新增就业100人。（牵头单位：人社局）\n"));
        assert_eq!((n.place.as_deref().unwrap_or(""), n.own_level_label()), (place, label), "{title}");
    }
}

/// A list issued in December for the next year is measured against the year it is for (#12).
#[test]
fn a_list_is_measured_against_the_year_it_is_for() {
    let issued_before = VARIANT.replace("2024年3月15日", "2023年12月20日");
    let n = parse(&issued_before);
    assert_eq!((n.date.as_deref(), n.year), (Some("2023-12-20"), Some(2024)));
    assert_eq!(minsheng::view::progress::notice_year(&n, 1999), 2024);
    // Without a year in any title, the issue date's year; without both, the fallback.
    let untitled = parse("民生实事清单\n\n2023年12月20日\n一、就业（1项）\n1.新增就业100人。（牵头单位：人社局）\n");
    assert_eq!(untitled.year, None);
    assert_eq!(minsheng::view::progress::notice_year(&untitled, 1999), if untitled.date.is_some() { 2023 } else { 1999 });
}
