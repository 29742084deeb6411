//! Chinese display strings for figures: 0.98万人, 1.5万元, 不少于25人次.

use crate::notice::{DiagnosticKind, Level, Notice, Subsidy, Target};
use crate::progress::bounds::total_is_sound;

/// Shown in place of a figure that is not a number the app can hold (a total
/// that overflowed, a value from a damaged file): never "inf" or "NaN".
pub const ANOMALY: &str = "数值异常";

/// An item's level as the list's users say it: its own tasks after the place
/// (区级, 县级, 市级…), the others as 市级任务 / 省级任务.
pub fn level_label(notice: &Notice, level: Level) -> &'static str {
    match level {
        Level::District => notice.own_level_label(),
        Level::City => "市级任务",
        Level::Province => "省级任务",
    }
}

/// A number without a trailing ".0" (f64 Display already gives the shortest form).
pub fn number(n: f64) -> String {
    if !total_is_sound(n) {
        return ANOMALY.to_string();
    }
    format!("{n}")
}

/// "不少于25人次", "0.98万人", "98%以上".
pub fn target(t: &Target) -> String {
    let figure = format!("{}{}", number(t.value), t.unit);
    match t.comparator.as_deref() {
        Some(c @ ("以上" | "以下" | "以内" | "左右")) => format!("{figure}{c}"),
        Some("余") => format!("{}余{}", number(t.value), t.unit),
        Some(c) => format!("{c}{figure}"),
        None => figure,
    }
}

/// 15000 → "1.5万元", 640 → "640元", 2530000 → "253万元".
pub fn yuan(amount: f64) -> String {
    if !total_is_sound(amount) {
        return ANOMALY.to_string();
    }
    if amount >= 10_000.0 && (amount / 100.0).fract() == 0.0 {
        format!("{}万元", number(amount / 10_000.0))
    } else {
        format!("{}元", number(amount))
    }
}

/// A recorded or computed amount of money (已发放, 计划): 万元 with two
/// decimals from 1万 on, as amounts are read out in 通报 ("12.35万元"), else 元.
pub fn money(amount: f64) -> String {
    if !total_is_sound(amount) {
        return ANOMALY.to_string();
    }
    if amount.abs() >= 10_000.0 {
        format!("{:.2}万元", amount / 10_000.0)
    } else {
        format!("{}元", number((amount * 100.0).round() / 100.0))
    }
}

/// "每人1.5万元（280人，计划420万元）".
pub fn subsidy(s: &Subsidy) -> String {
    let mut out = match s.basis.as_str() {
        "最高不超过" => format!("最高不超过{}", yuan(s.amount_yuan)),
        "标准" => yuan(s.amount_yuan),
        b if b.starts_with('每') => format!("{b}{}", yuan(s.amount_yuan)),
        b => format!("{b}{}", yuan(s.amount_yuan)),
    };
    match (s.beneficiaries, s.planned_total_yuan) {
        (Some(n), Some(total)) => out.push_str(&format!("（{n}人，计划{}）", yuan(total))),
        (None, Some(total)) if total != s.amount_yuan => out.push_str(&format!("（计划{}）", yuan(total))),
        _ => {}
    }
    out
}

/// A plain number typed by a user: "480", "0.98", "1,660", full-width "４８０",
/// "" (cleared); a figure with a unit of its own is refused (where the unit
/// is known, `entry::read_figure` reads it). Err carries a Chinese message.
pub fn parse_number_input(text: &str) -> Result<Option<f64>, String> {
    match super::entry::read_figure(text, "")? {
        Some(figure) if figure.conversion.is_some() => Err(format!("“{}”带有单位，请只填写数字（如 480 或 0.98）。", text.trim())),
        figure => Ok(figure.map(|f| f.value)),
    }
}

/// "2023-09-01" → "2023年9月1日"; anything else as it is.
pub fn date_cn(iso: &str) -> String {
    let parts: Vec<u32> = iso.split('-').filter_map(|p| p.parse().ok()).collect();
    match parts.as_slice() {
        [y, m, d] => format!("{y}年{m}月{d}日"),
        _ => iso.to_string(),
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (category headings).
pub fn cn_numeral(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[(n % 10) as usize] }),
        20..=99 => format!("{}十{}", DIGITS[(n / 10) as usize], if n.is_multiple_of(10) { "" } else { DIGITS[(n % 10) as usize] }),
        _ => n.to_string(),
    }
}

/// A category as headed: "三、困难帮扶"; the items a list puts under no
/// heading (`notice::UNCATEGORIZED`) by their name alone.
pub fn category_heading(index: u32, name: &str) -> String {
    if index == 0 {
        name.to_string()
    } else {
        format!("{}、{name}", cn_numeral(index))
    }
}

/// The JSON name of a diagnostic kind ("breakdown_mismatch"), for data attributes.
pub fn diagnostic_key(kind: DiagnosticKind) -> String {
    serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

pub fn diagnostic_kind(kind: DiagnosticKind) -> &'static str {
    match kind {
        DiagnosticKind::Unreadable => "无法识别",
        DiagnosticKind::CategoryCountMismatch => "分类项数不符",
        DiagnosticKind::StatedTotalMismatch => "总数不符",
        DiagnosticKind::AttachmentCountMismatch => "附件项数不一致",
        DiagnosticKind::ScopeMismatch => "全市/全区不一致",
        DiagnosticKind::CitywideReferenceMismatch => "全市参照执行不一致",
        DiagnosticKind::DocumentNumber => "文号有误",
        DiagnosticKind::BreakdownMismatch => "分项合计不符",
        DiagnosticKind::ItemMismatch => "事项不对应",
        DiagnosticKind::WordingDiffers => "表述不同",
        DiagnosticKind::ReadAs => "读法说明",
    }
}

/// User text set inside a sentence of ours, between FIRST STRONG ISOLATE and
/// POP DIRECTIONAL ISOLATE: an unclosed U+202E (or any right-to-left text) in
/// a unit name or note stays inside and cannot reorder the sentence around
/// it. Components use `<bdi>` for the same; this is for texts built here
/// (banners, "最后更新" lines) that end up in one text node.
pub fn isolate(text: &str) -> String {
    format!("\u{2068}{text}\u{2069}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::parse;

    #[test]
    fn figures_read_as_written() {
        let n = parse(crate::BUNDLED_NOTICE);
        let t = |no: usize, i: usize| target(&n.items[no - 1].targets[i]);
        assert_eq!(t(1, 0), "0.98万人");
        assert_eq!(t(6, 0), "不少于25人次");
        assert_eq!(t(23, 1), "95%以上");
        assert_eq!(t(19, 1), "1.9万人左右");
        assert_eq!(subsidy(&n.items[6].subsidies[0]), "每人1.5万元（280人，计划420万元）");
        assert_eq!(subsidy(&n.items[34].subsidies[0]), "采购253万元");
        assert_eq!(subsidy(&n.items[2].subsidies[1]), "最高不超过2万元");
        assert_eq!(yuan(640.0), "640元");
        assert_eq!(yuan(16000.0), "1.6万元");
        assert_eq!(money(1_234_567.0), "123.46万元");
        assert_eq!(money(4_200_000.0), "420.00万元");
        assert_eq!(money(9_999.5), "9999.5元");
        assert_eq!(money(f64::INFINITY), ANOMALY);
        assert_eq!(date_cn("2023-09-01"), "2023年9月1日");
        assert_eq!(parse_number_input(" 1,660 "), Ok(Some(1660.0)));
        assert_eq!(parse_number_input("４８０"), Ok(Some(480.0)));
        assert_eq!(parse_number_input(""), Ok(None));
        assert!(parse_number_input("约500").unwrap_err().contains("不是数字"));
        assert!(parse_number_input("-3").is_err());
        assert!(parse_number_input("1.5万").unwrap_err().contains("带有单位"));
        assert_eq!([1, 10, 11, 20, 21].map(cn_numeral), ["一", "十", "十一", "二十", "二十一"]);
        assert_eq!(diagnostic_key(DiagnosticKind::BreakdownMismatch), "breakdown_mismatch");
    }
}
