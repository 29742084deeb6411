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

/// The bundled notice `k` times over (#13: time must grow linearly with a
/// list's size): its header once, then its main list and its 附件1 each
/// repeated `k` times, categories and items numbered on (the 2nd copy's
/// items are 51–100, its categories 十一–二十).
pub fn scaled_seed(k: usize) -> String {
    let seed = minsheng::BUNDLED_NOTICE;
    let lines: Vec<&str> = seed.lines().collect();
    let first_heading = lines.iter().position(|l| l.trim_start().starts_with("一、")).unwrap_or(0);
    let list_end = lines.iter().position(|l| l.starts_with("附件：")).unwrap_or(lines.len());
    let attachment = lines.iter().position(|l| l.trim() == "附件1").unwrap_or(lines.len());
    let renumber = |line: &str, r: usize| -> String {
        let t = line.trim_start();
        if let Some((n, rest)) = t.split_once('、').and_then(|(n, rest)| han_value(n).map(|n| (n, rest))) {
            return format!("{}、{rest}", digits_cn(n + 10 * r));
        }
        if let Some((n, rest)) = t.strip_prefix('（').and_then(|x| x.split_once('）')).and_then(|(n, rest)| han_value(n).map(|n| (n, rest))) {
            return format!("（{}）{rest}", digits_cn(n + 50 * r));
        }
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && t[digits..].starts_with('.') && !t[digits + 1..].starts_with(|c: char| c.is_ascii_digit()) {
            return format!("{}{}", t[..digits].parse::<usize>().unwrap() + 50 * r, &t[digits..]);
        }
        line.to_string()
    };
    let mut out: Vec<String> = lines[..first_heading].iter().map(|l| l.to_string()).collect();
    for r in 0..k {
        out.extend(lines[first_heading..list_end].iter().filter(|l| !l.starts_with("各镇街")).map(|l| renumber(l, r)));
    }
    // 附件1's title once (the line after 附件1), then its list k times.
    let body = (attachment + 1..lines.len()).find(|&i| !lines[i].trim().is_empty()).map_or(lines.len(), |i| i + 1);
    out.extend(lines[list_end..body].iter().map(|l| l.to_string()));
    for r in 0..k {
        // Measures (numbered 1. 2. in each item) keep their numbers.
        let mut in_measures = false;
        out.extend(lines[body..].iter().map(|l| {
            if l.starts_with("推进举措") {
                in_measures = true;
            } else if l.trim_start().starts_with('（') || l.contains("、") && han_value(l.split('、').next().unwrap_or("")).is_some() {
                in_measures = false;
            }
            if in_measures {
                l.to_string()
            } else {
                renumber(l, r)
            }
        }));
    }
    out.join("\n")
}

/// 一 … 九十九 → 1 … 99 (the bundled notice's numerals).
fn han_value(s: &str) -> Option<usize> {
    let d = |c: char| "一二三四五六七八九".chars().position(|x| x == c).map(|i| i + 1);
    let cs: Vec<char> = s.trim().chars().collect();
    match cs.as_slice() {
        ['十'] => Some(10),
        [a] => d(*a),
        ['十', b] => Some(10 + d(*b)?),
        [a, '十'] => Some(10 * d(*a)?),
        [a, '十', b] => Some(10 * d(*a)? + d(*b)?),
        _ => None,
    }
}
