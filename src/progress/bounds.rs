//! The numbers progress may hold, defined once: every value typed, imported,
//! merged or read from storage is checked here, so that no total a view
//! computes can overflow (50 items × a few figures each stay far below
//! f64's range) and no "inf" or "NaN" reaches a chart, a 通报 or a file.

/// The largest figure accepted: 10^13 (十万亿). A target counts people,
/// households or places, an amount is in 元: a county's whole budget is far
/// below this, so anything larger is a typing or file error.
pub const MAX_VALUE: f64 = 1e13;

/// The largest computed figure shown (a total over items and subsidies, a
/// count × a standard): 1000 × [`MAX_VALUE`]. A computed figure beyond it, or
/// not finite, is shown as 数值异常 (`view::format::ANOMALY`), never as "inf"
/// and never fed to a chart's scale.
pub const MAX_TOTAL: f64 = 1e16;

/// Whether a computed figure may be shown and plotted as a number.
pub fn total_is_sound(n: f64) -> bool {
    n.is_finite() && n.abs() <= MAX_TOTAL
}

/// Why a number is refused, in Chinese, or None when it may be stored.
pub fn refusal(n: f64) -> Option<String> {
    if !n.is_finite() {
        Some("不是有限的数字".to_string())
    } else if n < 0.0 {
        Some(format!("不能为负数：{}", shown(n)))
    } else if n > MAX_VALUE {
        Some(format!("数值过大（{}），上限为 10 万亿（1e13）", shown(n)))
    } else {
        None
    }
}

/// A refused number as written in a message: `1e307`, not 308 digits.
fn shown(n: f64) -> String {
    if n.abs() >= 1e15 {
        format!("{n:e}")
    } else {
        n.to_string()
    }
}

use super::model::{Change, ItemProgress, Settings};

/// A stored or imported item's numbers: `Err((path inside the item, why))`.
pub fn check_item(item: &ItemProgress) -> Result<(), (String, String)> {
    for (target, observations) in &item.targets {
        for (i, o) in observations.iter().enumerate() {
            if let Some(why) = refusal(o.value) {
                return Err((format!(".targets.{target}[{i}].value"), why));
            }
        }
    }
    for (subsidy, s) in &item.subsidies {
        for (name, value) in [("served", s.served), ("disbursed", s.disbursed), ("planned", s.planned)] {
            if let Some(why) = value.and_then(refusal) {
                return Err((format!(".subsidies.{subsidy}.{name}"), why));
            }
        }
    }
    for (i, fact) in item.dated.iter().enumerate() {
        if let Some(why) = fact.value.number().and_then(refusal) {
            return Err((format!(".dated[{i}].value"), why));
        }
    }
    for (quarter, goal) in &item.quarters {
        if !(1..=4).contains(quarter) {
            return Err((format!(".quarters.{quarter}"), "季度应为 1–4".to_string()));
        }
        if let Some(share) = goal.share.filter(|s| !(s.is_finite() && (0.0..=100.0).contains(s))) {
            return Err((format!(".quarters.{quarter}.share"), format!("季度累计进度应在 0 到 100 之间，实为 {share}")));
        }
    }
    Ok(())
}

/// A history entry's numbers.
pub fn check_change(change: &Change) -> Result<(), (String, String)> {
    for (name, value) in [("old", &change.old), ("new", &change.new)] {
        if let Some(why) = value.number().and_then(refusal) {
            return Err((format!(".{name}"), why));
        }
    }
    Ok(())
}

/// Light thresholds: percentage points, 0 ≤ yellow ≤ red ≤ 100; the unit is a name.
pub fn check_settings(settings: &Settings) -> Result<(), String> {
    let in_range = |n: f64| n.is_finite() && (0.0..=100.0).contains(&n);
    if !in_range(settings.yellow_lag) || !in_range(settings.red_lag) {
        return Err(format!("阈值应为 0 到 100 之间的数字（百分点），实为 黄灯 {}、红灯 {}", settings.yellow_lag, settings.red_lag));
    }
    if settings.yellow_lag > settings.red_lag {
        return Err(format!("黄灯阈值（{}）不能大于红灯阈值（{}）", settings.yellow_lag, settings.red_lag));
    }
    check_unit(&settings.unit)
}

/// The longest unit name accepted ("区人力资源和社会保障局" is 11 characters).
pub const MAX_UNIT_CHARS: usize = 50;

/// A unit name: at most `MAX_UNIT_CHARS` characters, no control or
/// direction-changing characters (they would reorder the history's text).
pub fn check_unit(unit: &str) -> Result<(), String> {
    if unit.chars().count() > MAX_UNIT_CHARS {
        return Err(format!("单位名称过长（最多 {MAX_UNIT_CHARS} 个字）"));
    }
    if unit.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Err("单位名称中有不可见的控制字符，请重新输入".to_string());
    }
    Ok(())
}

/// Unicode's explicit direction controls (LRE…RLO, LRI…PDI, LRM, RLM, ALM).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_finite_non_negative_figures_up_to_the_bound_pass() {
        for ok in [0.0, 1.5, 797.0, MAX_VALUE] {
            assert_eq!(refusal(ok), None, "{ok}");
        }
        for bad in [-1.0, -0.5, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 1e307, MAX_VALUE * 1.000001] {
            assert!(refusal(bad).is_some(), "{bad}");
        }
        assert_eq!(refusal(1e307).unwrap(), "数值过大（1e307），上限为 10 万亿（1e13）");
        assert_eq!(refusal(1e14).unwrap(), "数值过大（100000000000000），上限为 10 万亿（1e13）");
        assert_eq!(refusal(-2.5e300).unwrap(), "不能为负数：-2.5e300");
    }
}
