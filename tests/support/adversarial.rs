//! Adversarial notices (#11), shared by tests/notice_adversarial.rs and
//! benches/parse.rs (included with `#[path]`): each shape is built at any size
//! `n`, so a test or a benchmark can parse it at n and 2n and see the parser
//! stay linear. Deterministic: the same `n` gives the same text.
#![allow(dead_code)]

/// A notice of one item: title, date, one heading with the item line `item`,
/// and 附件1 with the same item and one measure line `measures`.
pub fn notice_with(item: &str, measures: &str) -> String {
    format!(
        "关于印发测试区2023年实施1项民生实事的通知\n2023年9月1日\n测试区2023年1项民生实事\n一、测试（1项）\n1.{item}（牵头单位：区民政局）\n附件1\n一、测试（1项）\n（一）{item}\n推进举措：\n1.{measures}\n"
    )
}

/// One item line with `n` spaces between two CJK characters ("新增" … "托位10个").
pub fn spaces(n: usize) -> String {
    notice_with(&format!("新增{}托位10个。", " ".repeat(n)), "完成。")
}

/// One item with `n` figures in one clause: "新增10个、10个、…10个。", and a
/// measure with `n` figures "5个、5个…".
pub fn quantities(n: usize) -> String {
    notice_with(&format!("新增{}10个。", "10个、".repeat(n.saturating_sub(1))), &format!("完成{}5个。", "5个、".repeat(n.saturating_sub(1))))
}

/// One item with `n` clauses of one figure each: "新增10个，10个，…10个。"
/// (`n` targets in the same unit: the breakdown check's shape).
pub fn quantity_clauses(n: usize) -> String {
    notice_with(&format!("新增{}10个。", "10个，".repeat(n.saturating_sub(1))), &format!("完成{}5个。", "5个，".repeat(n.saturating_sub(1))))
}

/// `n` items in the main list and in 附件1, under `n / 50` headings (lookups by item number).
pub fn items(n: usize) -> String {
    let mut s = String::from("关于印发测试区2023年实施民生实事的通知\n2023年9月1日\n测试区2023年民生实事\n");
    let per_heading = 50;
    let headings = n.div_ceil(per_heading).max(1);
    let list = |s: &mut String, attachment: bool| {
        for h in 0..headings {
            s.push_str(&format!("{}、分类{}（{}项）\n", digits_cn(h + 1), h + 1, per_heading));
            for i in h * per_heading + 1..=((h + 1) * per_heading).min(n) {
                if attachment {
                    s.push_str(&format!("（{}）新增托位{}个，补助每人{}元。\n推进举措：\n1.{}月底前完成{}个。\n", digits_cn(i), i, i % 97, i % 12 + 1, i));
                } else {
                    s.push_str(&format!("{i}.新增托位{i}个，补助每人{}元。（牵头单位：区民政局）\n", i % 97));
                }
            }
        }
    };
    list(&mut s, false);
    s.push_str("附件1\n");
    list(&mut s, true);
    s
}

/// One item line with `n` 〔…〕号, （全市参照执行） markers and 10月底前 deadlines, no clause break.
pub fn markers(n: usize) -> String {
    notice_with(&"淮民〔2022〕1号（全市参照执行）10月底前每人100元".repeat(n), &"〔〔10月底前".repeat(n))
}

/// About `bytes` of the seed's lines, shuffled and mangled with noise (runs
/// of spaces, figures, brackets, list numbers), from a fixed pseudo-random sequence.
pub fn mix(bytes: usize) -> String {
    const NOISE: &[&str] = &[
        "  ",
        "          ",
        "\u{3000}",
        "10个、",
        "5万元",
        "（全市参照执行）",
        "〔2022〕",
        "号",
        "10月底前",
        "，",
        "；",
        "。",
        "、",
        "（",
        "）",
        "每人",
        "一次性",
        "分别",
        "从3千伏安提高到",
        "不少于",
        "GB T",
        "12345678901234567890",
        "1.",
        "（一）",
        "推进举措：",
    ];
    let lines: Vec<&str> = minsheng::BUNDLED_NOTICE.lines().collect();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |bound: usize| {
        // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % bound
    };
    let mut s = String::with_capacity(bytes + 4096);
    // The seed first, so the result has a header and lists; then shuffled lines.
    s.push_str(minsheng::BUNDLED_NOTICE);
    while s.len() < bytes {
        let line = lines[next(lines.len())];
        let mut cut = next(line.len() + 1);
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        s.push_str(&line[..cut]);
        for _ in 0..next(4) {
            s.push_str(NOISE[next(NOISE.len())]);
        }
        if next(50) == 0 {
            s.push_str(&" ".repeat(next(20_000)));
        }
        s.push_str(&line[cut..]);
        s.push('\n');
    }
    s
}

/// 1 → 一, 10 → 一〇, 12345 → 一二三四五: written digit by digit, which the
/// parser reads as a Chinese numeral (up to 99999).
pub fn digits_cn(n: usize) -> String {
    n.to_string().chars().map(|c| "〇一二三四五六七八九".chars().nth(c as usize - '0' as usize).unwrap_or('〇')).collect()
}
