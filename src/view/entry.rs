//! Figures as people write them (#16): `12.5万`, `4500人次`, `1,200`,
//! full-width `４５００`, `8.6万元`, read against the unit a value is recorded
//! in (the target's, or 元 for money), with the conversion said back
//! ("4500人次 = 0.45万人次") and warnings that never block: far above the
//! target, below what was reported before, more paid out than planned.
//!
//! The scaling is done on the decimal string, never by multiplying floats,
//! so `0.45万` is exactly 4500 and `4500人次` exactly 0.45万人次.

use crate::notice::{parse_f64, unit_scale};

/// A typed figure in the recording unit, and what it was read as when the
/// text had a unit or a 万 of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: f64,
    /// "0.45万人次 = 4500人次", or None when the text was a plain number.
    pub conversion: Option<String>,
}

/// Read `text` as a figure in `unit` (万人次, 个, 元 …). Ok(None) for a blank
/// (the field was cleared); Err with a message in Chinese for anything that
/// is no non-negative figure, or a unit of another kind (公里 for 人次).
pub fn read_figure(text: &str, unit: &str) -> Result<Option<Figure>, String> {
    let cleaned = plain(text);
    if cleaned.is_empty() {
        return Ok(None);
    }
    let mantissa_end = cleaned.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(cleaned.len());
    // An exponent, as a spreadsheet copies a large figure (1.2E+07).
    let digits_end = exponent_end(&cleaned, mantissa_end);
    let (digits, suffix) = cleaned.split_at(digits_end);
    let shown = text.trim();
    if cleaned.starts_with('-') {
        return Err(format!("“{shown}”是负数，完成值和金额不能为负。"));
    }
    if digits.is_empty() || digits.starts_with('.') && digits.len() == 1 || digits.matches('.').count() > 1 || parse_f64(digits).is_none() {
        return Err(match unit {
            "" => format!("“{shown}”不是数字，请只填写数字（如 480 或 0.98）。"),
            _ => format!("“{shown}”不是数字，请填写数字，可带单位（如 480、0.98万、4500{unit}）。"),
        });
    }
    let plain_figure = |value: f64| Ok(Some(Figure { value, conversion: None }));
    if suffix.is_empty() || suffix == unit {
        return plain_figure(parse_f64(digits).unwrap_or(0.0));
    }
    let (unit_base, unit_shift) = unit_scale(unit).unwrap_or_default();
    let (typed_base, typed_shift) = unit_scale(suffix).unwrap_or_default();
    // A bare 万 takes the recording unit's base; 名 and 人 share one.
    let same_kind = typed_base.is_empty() || typed_base == unit_base || (unit_base.is_empty() && typed_base == unit);
    if !same_kind {
        return Err(format!("“{shown}”的单位“{suffix}”与该项的单位“{unit}”不同，请换算成{unit}填写，或只填数字。"));
    }
    let shift = typed_shift as i32 - unit_shift as i32;
    let value = if digits_end > mantissa_end { parse_f64(digits).unwrap_or(f64::NAN) * 10f64.powi(shift) } else { scaled(digits, shift) };
    if !value.is_finite() {
        return Err(format!("“{shown}”太大，不是可以记录的数值。"));
    }
    let value_in_unit = super::format::number(value);
    Ok(Some(Figure { value, conversion: Some(format!("{digits}{suffix} = {value_in_unit}{unit}")) }))
}

/// The lines said under a field while `text` is typed in `unit`: what it
/// reads as (`conversion`) and each doubt about the value (`doubt`, from
/// `doubts_of`), or why it is no figure. The editor and the 填报 grid say the same.
pub fn hint(text: &str, unit: &str, doubts_of: impl Fn(f64) -> Vec<String>) -> Vec<(&'static str, String)> {
    match read_figure(text, unit) {
        Ok(None) => Vec::new(),
        Ok(Some(figure)) => figure.conversion.map(|c| ("conversion", c)).into_iter().chain(doubt_lines(doubts_of(figure.value))).collect(),
        Err(message) => vec![("doubt", message)],
    }
}

/// Doubts as hint lines ("⚠ …").
pub fn doubt_lines(doubts: Vec<String>) -> impl Iterator<Item = (&'static str, String)> {
    doubts.into_iter().map(|d| ("doubt", format!("⚠ {d}")))
}

/// Why a figure about to be recorded may be a slip. Said, never enforced:
/// the person typing it may know better.
pub fn doubts(value: f64, goal: Option<f64>, earlier: Option<(f64, &str)>) -> Vec<String> {
    let mut out = Vec::new();
    // (A ratio with a margin: 0.9 of 0.6 is 150 %, though 0.6 × 1.5 < 0.9 in floats.)
    if let Some(goal) = goal.filter(|g| *g > 0.0 && value / g > 1.5 + 1e-9) {
        let times = value / goal * 100.0;
        out.push(format!("是目标的{}%，远超目标（150%以上），请核对数值和单位。", super::format::number((times * 10.0).round() / 10.0)));
    }
    if let Some((before, on)) = earlier.filter(|(before, _)| value < *before) {
        out.push(format!("低于此前填报的{}（截至{on}），累计完成值一般不会减少。", super::format::number(before)));
    }
    out
}

/// Money paid out above the plan (a warning for the 已发放 field).
pub fn paid_above_plan(disbursed: f64, planned: Option<f64>) -> Option<String> {
    let planned = planned.filter(|p| *p > 0.0 && disbursed > *p)?;
    Some(format!("已发放金额超过计划金额（计划{}），请核对。", super::format::yuan(planned)))
}

/// Full-width digits and points as ASCII; thousands separators and spaces dropped.
fn plain(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{3000}' | '\''))
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            '％' => '%',
            '－' => '-',
            _ => c,
        })
        .collect()
}

/// Where a number's exponent (`e7`, `E+07`, `e-3`) after `at` ends, or `at`.
fn exponent_end(text: &str, at: usize) -> usize {
    let rest = &text.as_bytes()[at..];
    if !matches!(rest.first(), Some(b'e' | b'E')) {
        return at;
    }
    let sign = usize::from(matches!(rest.get(1), Some(b'+' | b'-')));
    let digits = rest[1 + sign..].iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 {
        at
    } else {
        at + 1 + sign + digits
    }
}

/// `digits` (ASCII digits with at most one point) × 10^shift, moving the point.
fn scaled(digits: &str, shift: i32) -> f64 {
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    let all: String = format!("{int_part}{frac_part}");
    // Where the point goes, counted from the start of `all`.
    let point = int_part.len() as i64 + shift as i64;
    let moved = if point <= 0 {
        format!("0.{}{all}", "0".repeat((-point) as usize))
    } else if point as usize >= all.len() {
        format!("{all}{}", "0".repeat(point as usize - all.len()))
    } else {
        format!("{}.{}", &all[..point as usize], &all[point as usize..])
    };
    parse_f64(&moved).unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str, unit: &str) -> f64 {
        read_figure(text, unit).unwrap().unwrap().value
    }

    #[test]
    fn plain_numbers_as_people_type_them() {
        assert_eq!(value("1,200", "个"), 1200.0);
        assert_eq!(value(" ４５００ ", "人次"), 4500.0);
        assert_eq!(value("0．98", "万人"), 0.98);
        assert_eq!(value("12", "个"), 12.0);
        assert_eq!(read_figure("12", "个").unwrap().unwrap().conversion, None);
        assert_eq!(read_figure("  ", "个"), Ok(None));
    }

    #[test]
    fn a_unit_or_a_wan_of_its_own_is_converted_exactly() {
        assert_eq!(value("12.5万", "人次"), 125_000.0);
        assert_eq!(value("4500人次", "万人次"), 0.45);
        assert_eq!(value("0.45万人次", "人次"), 4500.0);
        assert_eq!(value("0.45万", "万人次"), 0.45, "万 is the unit's own");
        assert_eq!(value("8.6万元", "元"), 86_000.0);
        assert_eq!(value("8.6万", "元"), 86_000.0);
        assert_eq!(value("3000万元", "亿元"), 0.3);
        assert_eq!(value("1.749公里", "米"), 1749.0);
        assert_eq!(value("2500米", "公里"), 2.5);
        assert_eq!(value("3个", "个"), 3.0);
        assert_eq!(value("98%", "%"), 98.0);
        assert_eq!(value("1.2E+07", "元"), 12_000_000.0, "as a spreadsheet copies it");
        assert!(value("1e307", "人") > 1e306, "read; the tracker refuses it with its bound");
        assert_eq!(value("1.5e3万", "人次"), 15_000_000.0);
        assert_eq!(value("1.2万场", "场"), 12_000.0, "a unit outside the table, with 万");
        assert_eq!(value("120名", "人"), 120.0, "名 counts people as 人 does");
        assert_eq!(read_figure("4500人次", "万人次").unwrap().unwrap().conversion.as_deref(), Some("4500人次 = 0.45万人次"));
        assert_eq!(read_figure("0.45万人次", "人次").unwrap().unwrap().conversion.as_deref(), Some("0.45万人次 = 4500人次"));
    }

    #[test]
    fn what_is_no_figure_is_refused_in_chinese() {
        for bad in ["abc", "十二", "1.2.3", ".", "万"] {
            let message = read_figure(bad, "个").unwrap_err();
            assert!(message.contains("不是数字"), "{bad}: {message}");
        }
        assert!(read_figure("-3", "个").unwrap_err().contains("负数"));
        let other_kind = read_figure("5公里", "人次").unwrap_err();
        assert!(other_kind.contains("单位“公里”") && other_kind.contains("“人次”"), "{other_kind}");
        assert!(read_figure("95%", "个").is_err(), "a share is no count");
    }

    #[test]
    fn a_hint_says_the_conversion_the_doubts_or_the_refusal() {
        let far = |v: f64| if v > 1.0 { vec!["远超目标".to_string()] } else { Vec::new() };
        assert_eq!(hint("4500人次", "万人次", far), [("conversion", "4500人次 = 0.45万人次".to_string())]);
        assert_eq!(hint("4500", "万人次", far), [("doubt", "⚠ 远超目标".to_string())]);
        assert_eq!(hint("", "万人次", far), []);
        assert!(hint("abc", "个", far)[0].1.contains("不是数字"));
    }

    #[test]
    fn doubts_are_said_for_slips() {
        // 4500 typed where the goal is 0.6万人次.
        let far = doubts(4500.0, Some(0.6), None);
        assert_eq!(far.len(), 1);
        assert!(far[0].contains("750000%"), "{far:?}");
        assert!(doubts(0.9, Some(0.6), None).is_empty(), "150 % is still plausible");
        let lower = doubts(30.0, Some(100.0), Some((40.0, "2023-06-30")));
        assert!(lower[0].contains("低于此前填报的40（截至2023-06-30）"), "{lower:?}");
        assert!(doubts(50.0, Some(100.0), Some((40.0, "2023-06-30"))).is_empty());
        assert!(doubts(5.0, None, None).is_empty());
        assert!(paid_above_plan(120_000.0, Some(100_000.0)).unwrap().contains("计划10万元"));
        assert_eq!(paid_above_plan(90_000.0, Some(100_000.0)), None);
        assert_eq!(paid_above_plan(90_000.0, None), None);
    }
}
