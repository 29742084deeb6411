//! Numbers with units in running Chinese text: "0.98万人", "不少于25人次",
//! "1.749公里", "95%以上", "1500元/人", "10余万元".
//!
//! The scanner finds every number followed by a known unit; callers decide
//! what is a target, a subsidy or a breakdown part. Dates, durations,
//! ordinals, document numbers and codes are not quantities.

use super::model::TargetKind;

#[derive(Debug, Clone, Copy)]
pub struct Unit {
    pub written: &'static str,
    pub base: &'static str,
    /// Power of ten from the written unit to the base unit (万 → 4).
    pub shift: u32,
    pub kind: TargetKind,
}

const fn u(written: &'static str, base: &'static str, shift: u32, kind: TargetKind) -> Unit {
    Unit { written, base, shift, kind }
}

use TargetKind::*;

/// `text.starts_with(word)`, its last byte compared first: asked of every
/// figure for every unit and comparator, and most differ from the text in that
/// byte (their first bytes are a CJK block's, which many characters share);
/// only the rest call memcmp (a function call in wasm).
fn starts_with_word(text: &str, word: &str) -> bool {
    let (t, w) = (text.as_bytes(), word.as_bytes());
    w.len() <= t.len() && w.last().is_none_or(|last| t[w.len() - 1] == *last) && t.starts_with(w)
}

/// `text.ends_with(word)`, the last bytes compared first (as [`starts_with_word`]).
fn ends_with_word(text: &str, word: &str) -> bool {
    text.as_bytes().last() == word.as_bytes().last() && text.ends_with(word)
}

/// Longest first where one is a prefix of another (万人次 before 万人).
const UNITS: &[Unit] = &[
    u("万人次", "人次", 4, Count),
    u("万人", "人", 4, Count),
    u("万名", "人", 4, Count),
    u("万份", "份", 4, Count),
    u("万株", "株", 4, Count),
    u("万套", "套", 4, Count),
    u("万户次", "户次", 4, Count),
    u("万户", "户", 4, Count),
    u("万批次", "批次", 4, Count),
    u("万件", "件", 4, Count),
    u("万次", "次", 4, Count),
    u("万个", "个", 4, Count),
    u("万册", "册", 4, Count),
    u("万条", "条", 4, Count),
    u("万平方米", "平方米", 4, Area),
    u("平方公里", "平方米", 6, Area),
    u("平方米", "平方米", 0, Area),
    u("万亩", "亩", 4, Area),
    u("亩", "亩", 0, Area),
    u("公顷", "平方米", 4, Area),
    u("亿元", "元", 8, MoneyStandard),
    u("万元", "元", 4, MoneyStandard),
    u("元", "元", 0, MoneyStandard),
    u("人次", "人次", 0, Count),
    u("人", "人", 0, Count),
    u("名", "人", 0, Count),
    u("户次", "户次", 0, Count),
    u("户", "户", 0, Count),
    u("套（间）", "套", 0, Count),
    u("套", "套", 0, Count),
    u("批次", "批次", 0, Count),
    u("万剂次", "剂次", 4, Count),
    u("剂次", "剂次", 0, Count),
    u("例", "例", 0, Count),
    u("对", "对", 0, Count),
    u("片", "片", 0, Count),
    u("期", "期", 0, Count),
    u("个", "个", 0, Count),
    u("家", "家", 0, Count),
    u("件", "件", 0, Count),
    u("场次", "场次", 0, Count),
    u("场", "场", 0, Count),
    u("张", "张", 0, Count),
    u("盏", "盏", 0, Count),
    u("块", "块", 0, Count),
    u("部", "部", 0, Count),
    u("门", "门", 0, Count),
    u("栋", "栋", 0, Count),
    u("份", "份", 0, Count),
    u("株", "株", 0, Count),
    u("所", "所", 0, Count),
    u("处", "处", 0, Count),
    u("座", "座", 0, Count),
    u("台", "台", 0, Count),
    u("辆", "辆", 0, Count),
    u("间", "间", 0, Count),
    u("条", "条", 0, Count),
    u("册", "册", 0, Count),
    u("项", "项", 0, Count),
    u("支", "支", 0, Count),
    u("口", "口", 0, Count),
    u("次", "次", 0, Count),
    u("剂", "剂", 0, Count),
    u("幢", "幢", 0, Count),
    u("眼", "眼", 0, Count),
    u("樘", "樘", 0, Count),
    u("具", "具", 0, Count),
    u("棵", "棵", 0, Count),
    u("本", "本", 0, Count),
    u("公里", "米", 3, Length),
    u("千米", "米", 3, Length),
    u("米", "米", 0, Length),
    u("千伏安", "伏安", 3, Capacity),
    u("伏安", "伏安", 0, Capacity),
    u("兆瓦", "瓦", 6, Capacity),
    u("千瓦", "瓦", 3, Capacity),
    u("万立方米", "立方米", 4, Capacity),
    u("立方米", "立方米", 0, Capacity),
    u("万吨", "吨", 4, Capacity),
    u("吨", "吨", 0, Capacity),
    u("%", "%", 0, Percent),
    u("倍", "倍", 0, Ratio),
];

/// A unit word's base unit and its power of ten to it: 万人次 → (人次, 4),
/// 公里 → (米, 3), 亿元 → (元, 8); a unit not in the table, with a leading
/// 万/亿/千/百 taken as that multiplier (万场 → (场, 4)); None for a blank.
pub fn unit_scale(word: &str) -> Option<(String, u32)> {
    if let Some(u) = UNITS.iter().find(|u| u.written == word) {
        return Some((u.base.to_string(), u.shift));
    }
    let mut chars = word.chars();
    let multiplier = match chars.next()? {
        '万' => 4,
        '亿' => 8,
        '千' => 3,
        '百' => 2,
        _ => return Some((word.to_string(), 0)),
    };
    let rest = chars.as_str();
    match unit_scale(rest) {
        Some((base, shift)) => Some((base, shift + multiplier)),
        // 万 alone: a multiplier of no unit.
        None => Some((String::new(), multiplier)),
    }
}

/// The unit `rest` starts with, and its words as written: one of [`UNITS`], or 万 before a
/// count of one (`1万剂`, `2.6万盏`: 剂 and 盏 ten thousand times).
fn unit_at(rest: &str) -> Option<(Unit, String)> {
    if let Some(unit) = UNITS.iter().find(|u| starts_with_word(rest, u.written)) {
        return Some((*unit, unit.written.to_string()));
    }
    let counted = rest.strip_prefix('万')?;
    let unit = UNITS.iter().find(|u| u.kind == Count && u.shift == 0 && starts_with_word(counted, u.written))?;
    Some((Unit { shift: 4, ..*unit }, format!("万{}", unit.written)))
}

/// Units that make a number a date, time, age, ordinal or duration.
const NOT_QUANTITIES: &[&str] = &["个月", "年", "月", "日", "号", "小时", "时", "分钟", "秒", "岁", "届", "周", "天", "季度", "期"];

/// Per-what suffixes of money figures ("1500元/人").
const MONEY_SUFFIXES: &[&str] = &["/生•年", "/生·年", "/人•年", "/人·年", "/人", "/月", "/年", "/生", "/户"];

/// Words right before a number that qualify it, longest first.
pub const PREFIX_COMPARATORS: &[&str] =
    &["不少于", "不低于", "不超过", "不高于", "提高到", "提高至", "增加到", "达到", "超过", "低于", "高于", "至少", "力争", "约"];
/// Words right after the unit that qualify it.
pub const POSTFIX_COMPARATORS: &[&str] = &["以上", "以下", "以内", "左右"];

#[derive(Debug, Clone)]
pub struct Quantity {
    /// Byte range of the whole match, comparators included.
    pub start: usize,
    pub end: usize,
    /// Byte offset of the number itself.
    pub number_start: usize,
    /// Byte offset just after the number's digits.
    pub number_end: usize,
    /// Byte offset just after the written unit (before any postfix comparator).
    pub unit_end: usize,
    pub value: f64,
    pub normalized: f64,
    /// The unit as written, with a money suffix ("元/人").
    pub written_unit: String,
    pub unit: Unit,
    pub prefix: Option<&'static str>,
    pub postfix: Option<&'static str>,
    /// "10余万元": more than the figure.
    pub approx_more: bool,
}

impl Quantity {
    /// Beyond [`MAX_FIGURE`] (or not a number at all): not a quantity to use.
    pub fn oversized(&self) -> bool {
        self.normalized.is_nan() || self.normalized > MAX_FIGURE
    }

    /// Postfix comparator wins (it is the more specific: "达到1.9万人左右").
    pub fn comparator(&self) -> Option<String> {
        self.postfix.or(self.prefix).map(str::to_string).or_else(|| self.approx_more.then(|| "余".to_string()))
    }
}

/// The largest figure read as a quantity (in base units): 10^13, the largest
/// value progress accepts (`progress::bounds::MAX_VALUE`; a test keeps the two
/// equal). A larger figure ("新增1000…(400位)个") is a typing error, not a
/// target: it would be infinite or beyond what progress can hold.
pub const MAX_FIGURE: f64 = 1e13;

/// All quantities in `text`, in order (none beyond [`MAX_FIGURE`]).
pub fn scan(text: &str) -> Vec<Quantity> {
    let mut found = scan_all(text);
    found.retain(|q| !q.oversized());
    found
}

/// Whether `text` may hold a figure beyond [`MAX_FIGURE`] (a cheap test
/// before a scan): it needs more than 13 digits with its unit's shift, so 8
/// digits in a row, or 6 followed by 亿 (the only unit shifting by more than 6).
pub fn may_hold_oversized(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let after = || text[i..].trim_start_matches(|c: char| c == '.' || c.is_ascii_digit()).trim_start_matches('余');
        match i - start {
            8.. => return true,
            6 | 7 if after().starts_with('亿') => return true,
            _ => {}
        }
    }
    false
}

/// All figures with a unit in `text`, in order, those beyond [`MAX_FIGURE`] too.
pub fn scan_all(text: &str) -> Vec<Quantity> {
    let mut found = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        // (By bytes: an ASCII digit is never part of another character, and
        // decoding each character to ask cost ~4 % of the seed's parse in wasm.)
        let Some(offset) = text.as_bytes()[pos..].iter().position(u8::is_ascii_digit) else { break };
        let number_start = pos + offset;
        let (number_end, quantity) = read_at(text, number_start);
        if let Some(q) = quantity {
            pos = q.end.max(number_end);
            found.push(q);
        } else {
            pos = number_end;
        }
    }
    found
}

/// Read the number starting at `start`; returns where it ends and, if it is
/// a quantity, the quantity.
fn read_at(text: &str, start: usize) -> (usize, Option<Quantity>) {
    let bytes = text.as_bytes();
    let mut end = start;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        end += 1;
    }
    if end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit() {
        end += 1;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
    }
    let number = &text[start..end];
    let before = &text[..start];
    // Codes and document numbers: "GB/T37516-2019", "〔2022〕", "0561-3199330", "第10".
    let prev = before.chars().next_back();
    if matches!(prev, Some(c) if c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '〔' | '[' | '【' | '.' | '第' | '－'))
        || matches!(text[end..].chars().next(), Some('-' | '－' | '〕' | ']' | '】' | ':' | '：'))
    {
        return (end, None);
    }
    let mut rest = &text[end..];
    let approx_more = rest.starts_with('余');
    if approx_more {
        rest = &rest['余'.len_utf8()..];
    }
    if NOT_QUANTITIES.iter().any(|w| starts_with_word(rest, w)) {
        return (end, None);
    }
    let Some((unit, mut written_unit)) = unit_at(rest) else { return (end, None) };
    rest = &rest[written_unit.len()..];
    if unit.kind == MoneyStandard {
        if let Some(sfx) = MONEY_SUFFIXES.iter().find(|s| starts_with_word(rest, s)) {
            written_unit.push_str(sfx);
            rest = &rest[sfx.len()..];
        }
    }
    let unit_end = text.len() - rest.len();
    let postfix = POSTFIX_COMPARATORS.iter().find(|w| starts_with_word(rest, w)).copied();
    let q_end = unit_end + postfix.map_or(0, str::len);
    let prefix = PREFIX_COMPARATORS.iter().find(|w| ends_with_word(before, w)).copied();
    let q_start = start - prefix.map_or(0, str::len);
    let value = parse_f64(number).unwrap_or(0.0);
    let normalized = shift_decimal(number, unit.shift);
    (
        end,
        Some(Quantity {
            start: q_start,
            end: q_end,
            number_start: start,
            number_end: end,
            unit_end,
            value,
            normalized,
            written_unit,
            unit,
            prefix,
            postfix,
            approx_more,
        }),
    )
}

/// `digits` × 10^shift computed on the decimal string, so 0.98万 is exactly 9800.
pub fn shift_decimal(digits: &str, shift: u32) -> f64 {
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    let shift = shift as usize;
    let moved = frac_part.len().min(shift);
    let mut s = String::with_capacity(digits.len() + shift + 1);
    s.push_str(int_part);
    s.push_str(&frac_part[..moved]);
    s.extend(std::iter::repeat_n('0', shift - moved));
    if moved < frac_part.len() {
        s.push('.');
        s.push_str(&frac_part[moved..]);
    }
    parse_f64(&s).unwrap_or(0.0)
}

/// `str::parse::<f64>` (same syntax: sign, digits with an optional point,
/// exponent, inf/infinity/nan) without core's float parser and its 10 KB table
/// of powers of five in the wasm. Exactly `parse` for up to 19 significant
/// digits with a decimal exponent within ±22 around a mantissa below 2^53 (any
/// figure in a notice or typed by a user: "480", "0.98", "1.5e3"); beyond that
/// it may differ from the correctly rounded value in the last bits.
pub fn parse_f64(text: &str) -> Option<f64> {
    const POW10: [f64; 23] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let sign = |v: f64| if negative { -v } else { v };
    if rest.eq_ignore_ascii_case("inf") || rest.eq_ignore_ascii_case("infinity") {
        return Some(sign(f64::INFINITY));
    }
    if rest.eq_ignore_ascii_case("nan") {
        return Some(f64::NAN);
    }
    let bytes = rest.as_bytes();
    let mut i = 0;
    // Up to 19 significant digits in `mantissa`; `exp10` scales it.
    let (mut mantissa, mut digits, mut exp10, mut seen) = (0u64, 0u32, 0i64, false);
    let mut point = false;
    while i < bytes.len() {
        match bytes[i] {
            b @ b'0'..=b'9' => {
                seen = true;
                if digits < 19 {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    if mantissa > 0 {
                        digits += 1;
                    }
                    if point {
                        exp10 -= 1;
                    }
                } else if !point {
                    exp10 += 1;
                }
            }
            b'.' if !point => point = true,
            _ => break,
        }
        i += 1;
    }
    if !seen {
        return None;
    }
    if i < bytes.len() {
        if !matches!(bytes[i], b'e' | b'E') {
            return None;
        }
        i += 1;
        let (exp_negative, start) = match bytes.get(i) {
            Some(b'-') => (true, i + 1),
            Some(b'+') => (false, i + 1),
            _ => (false, i),
        };
        let exp_digits = &bytes[start..];
        if exp_digits.is_empty() || !exp_digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let e = exp_digits.iter().fold(0i64, |e, &d| (e * 10 + i64::from(d - b'0')).min(1 << 20));
        exp10 += if exp_negative { -e } else { e };
    }
    if mantissa == 0 {
        return Some(sign(0.0));
    }
    let mut value = mantissa as f64;
    if mantissa < 1 << 53 && (-22..=22).contains(&exp10) {
        // Both exact: one correctly rounded operation (Clinger's fast path).
        value = if exp10 < 0 { value / POW10[(-exp10) as usize] } else { value * POW10[exp10 as usize] };
        return Some(sign(value));
    }
    let mut e = exp10;
    while e > 0 {
        let step = e.min(22);
        value *= POW10[step as usize];
        e -= step;
    }
    while e < 0 {
        let step = (-e).min(22);
        value /= POW10[step as usize];
        e += step;
    }
    Some(sign(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_f64_is_str_parse() {
        let same = [
            "0",
            "480",
            "0.98",
            "1660",
            "12.5",
            "007",
            "1.",
            ".5",
            "+3",
            "-3",
            "-0",
            "1e5",
            "1E-3",
            "2.5e+2",
            "inf",
            "-Infinity",
            "123456789012345",
            "9007199254740991",
            "0.000001",
            "3.14159265358979",
            "1e22",
            "1e-22",
            "99999.99",
        ];
        for t in same {
            assert_eq!(parse_f64(t).map(f64::to_bits), t.parse::<f64>().ok().map(f64::to_bits), "{t}");
        }
        assert!(parse_f64("NaN").is_some_and(f64::is_nan));
        for bad in ["", ".", "-", "e5", "1e", "1e+", "1.2.3", "1,0", "约500", "0x10", "1 ", " 1", "--1", "infx", "1_000"] {
            assert_eq!(parse_f64(bad), None, "{bad}");
            assert!(bad.parse::<f64>().is_err(), "{bad}");
        }
        // Outside the exact range: within a few units in the last place.
        for t in ["1e300", "1e-300", "12345678901234567890123", "0.1234567890123456789"] {
            let (ours, std) = (parse_f64(t).unwrap(), t.parse::<f64>().unwrap());
            assert!((ours - std).abs() <= std.abs() * 1e-15, "{t}: {ours} vs {std}");
        }
        assert_eq!(parse_f64("1e400"), Some(f64::INFINITY));
        assert_eq!(parse_f64("1e-400"), Some(0.0));
    }

    fn one(text: &str) -> Quantity {
        let q = scan(text);
        assert_eq!(q.len(), 1, "{text}: {q:?}");
        q.into_iter().next().unwrap()
    }

    #[test]
    fn units_and_normalization() {
        let q = one("城镇新增就业0.98万人；");
        assert_eq!((q.value, q.normalized, q.unit.base, q.written_unit.as_str()), (0.98, 9800.0, "人", "万人"));
        let q = one("项目1.749公里");
        assert_eq!((q.normalized, q.unit.kind), (1749.0, Length));
        let q = one("按1500元/人标准");
        assert_eq!(q.written_unit, "元/人");
        assert_eq!(shift_decimal("1.5", 4), 15000.0);
        assert_eq!(shift_decimal("0.004", 2), 0.4);
    }

    #[test]
    fn counts_of_visits_batches_items_teams_and_ponds() {
        // (text, value, written unit, base unit, normalized): longest unit first (户次 before 户).
        let cases = [
            ("帮扶困难职工1200户次", 1200.0, "户次", "户次", 1200.0),
            ("快检样品2万批次", 2.0, "万批次", "批次", 20000.0),
            ("新增服务事项30项", 30.0, "项", "项", 30.0),
            ("参赛队伍64支", 64.0, "支", "支", 64.0),
            ("山塘整治32口", 32.0, "口", "口", 32.0),
            ("巡诊1.5万次", 1.5, "万次", "次", 15000.0),
            // Measure words of wells, buildings, doses, extinguishers; 万 before any count.
            ("打机井3眼", 3.0, "眼", "眼", 3.0),
            ("改造楼栋48幢", 48.0, "幢", "幢", 48.0),
            ("配发灭火器3000具", 3000.0, "具", "具", 3000.0),
            ("接种疫苗1万剂", 1.0, "万剂", "剂", 10000.0),
            ("更换路灯2.6万盏", 2.6, "万盏", "盏", 26000.0),
            ("筛查2.2万例", 2.2, "万例", "例", 22000.0),
        ];
        for (text, value, written, base, normalized) in cases {
            let q = one(text);
            assert_eq!((q.value, q.written_unit.as_str(), q.unit.base, q.normalized), (value, written, base, normalized), "{text}");
        }
    }

    #[test]
    fn comparators() {
        assert_eq!(one("不少于25人次").comparator().as_deref(), Some("不少于"));
        assert_eq!(one("达到1.9万人左右").comparator().as_deref(), Some("左右"));
        assert_eq!(one("资金10余万元，").comparator().as_deref(), Some("余"));
    }

    #[test]
    fn figures_beyond_the_bound_are_no_quantities() {
        let huge = format!("新增1{}个，建设5万平方米", "0".repeat(400));
        assert_eq!(scan(&huge).iter().map(|q| q.normalized).collect::<Vec<_>>(), [50000.0]);
        assert_eq!(scan_all(&huge).iter().map(Quantity::oversized).collect::<Vec<_>>(), [true, false]);
        assert!(scan("1000亿元，1000000亿元").iter().map(|q| q.normalized).eq([1e11]));
        assert_eq!(scan("10000000000000元")[0].normalized, MAX_FIGURE);
        assert!(scan("10000000000001元").is_empty());
        assert!(may_hold_oversized("100000亿元") && may_hold_oversized("100000.5余亿元") && may_hold_oversized("12345678个"));
        assert!(!may_hold_oversized("99999.99亿元，1.5万人，0561-3199330"));
        for text in ["99999亿元", "99999.9999亿元", "1234567万元", "9999999平方公里", "1234567兆瓦", "1234567个"] {
            assert!(!may_hold_oversized(text) && scan_all(text).iter().all(|q| !q.oversized()), "{text}");
        }
    }

    #[test]
    fn not_quantities() {
        for text in ["到2023年底", "15分钟阅读圈", "24小时供水", "12个月", "GB/T37516-2019", "〔2021〕47号", "0561-3199330", "7:3 比例"] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }
}

/// The investment an item states (`年度投资3000万元`, `总投资1.2亿元`,
/// `计划投资金额约500万元`), in 元: the first money figure right after a 投资.
pub fn investment_yuan(text: &str) -> Option<f64> {
    if !text.contains("投资") {
        return None;
    }
    let found = scan(text);
    text.match_indices("投资").find_map(|(at, word)| {
        let after = at + word.len();
        found
            .iter()
            .find(|q| q.start >= after && q.start <= after + 12 && q.written_unit.ends_with('元') && !q.written_unit.contains('/'))
            .map(|q| q.normalized)
    })
}

#[cfg(test)]
mod investment_tests {
    #[test]
    fn investments_in_yuan() {
        assert_eq!(super::investment_yuan("改造道路5公里，总投资1.2亿元。"), Some(1.2e8));
        assert_eq!(super::investment_yuan("年度投资金额约300万元"), Some(3e6));
        assert_eq!(super::investment_yuan("按每人每月100元发放"), None);
    }
}
