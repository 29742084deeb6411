//! 数据核查: what a careful reader of the notice would flag. Each check
//! reads the parsed items and the raw layout; none knows this notice.

use super::layout::Layout;
use super::model::{Category, Diagnostic, DiagnosticKind as K, Item, Level, TargetKind};
use super::quantity::{may_hold_oversized, scan, scan_all};
use super::text::{self, shorten};
use std::collections::{HashMap, HashSet};
use std::hash::Hash;

fn diag(kind: K, items: Vec<u32>, message: String, quote: Option<String>) -> Diagnostic {
    Diagnostic { kind, items, message, quote }
}

pub fn structure(layout: &Layout, items: &[Item], out: &mut Vec<Diagnostic>) {
    if layout.main.headings.is_empty() && items.is_empty() {
        out.push(diag(
            K::Unreadable,
            vec![],
            "未识别出分类标题（如“一、就业增收（3项）”）和编号事项（如“1.……”），文本可能不是民生实事通知的格式。".into(),
            layout.title.as_deref().map(|t| shorten(t, 60)),
        ));
        return;
    }
    if items.is_empty() {
        out.push(diag(K::Unreadable, vec![], "找到了分类标题，但未识别出任何编号事项。".into(), None));
    }
    if layout.date.is_none() {
        out.push(diag(K::Unreadable, vec![], "未找到印发日期（如“2023年9月1日”）。".into(), None));
    }
    match &layout.attachment {
        None if layout.list_in_attachment => {}
        None => out.push(diag(K::Unreadable, vec![], "未找到附件1（推进举措），各事项的推进举措为空。".into(), None)),
        Some(att) if att.items.is_empty() => out.push(diag(K::Unreadable, vec![], "附件1中未识别出编号事项（如“（一）……”）。".into(), None)),
        Some(_) => {}
    }
}

/// Index of the first element of `list` with each key (what `iter().find` by that key gives).
pub fn first_by<T, K: Hash + Eq>(list: &[T], key: impl Fn(&T) -> K) -> HashMap<K, usize> {
    let mut index = HashMap::with_capacity(list.len());
    for (i, x) in list.iter().enumerate() {
        index.entry(key(x)).or_insert(i);
    }
    index
}

/// Item numbers: duplicates, gaps, and items present in only one list.
pub fn numbering(layout: &Layout, items: &[Item], out: &mut Vec<Diagnostic>) {
    let nos: Vec<u32> = items.iter().map(|i| i.no).collect();
    let mut expected = 1;
    let mut category = None;
    for (item, &no) in items.iter().zip(&nos) {
        // Numbering may restart at 1 in each category.
        if no == 1 && category != Some(item.category) {
            expected = 1;
        }
        category = Some(item.category);
        if no != expected {
            out.push(diag(K::ItemMismatch, vec![no], format!("主清单编号不连续：应为第{expected}项，实为第{no}项。"), None));
        }
        expected = no.saturating_add(1);
    }
    let Some(att) = &layout.attachment else { return };
    let att_nos: Vec<u32> = att.items.iter().map(|i| i.no).collect();
    let (in_main, in_att): (HashSet<u32>, HashSet<u32>) = (nos.iter().copied().collect(), att_nos.iter().copied().collect());
    let missing: Vec<u32> = nos.iter().copied().filter(|n| !in_att.contains(n)).collect();
    if !missing.is_empty() && !att_nos.is_empty() {
        out.push(diag(K::ItemMismatch, missing.clone(), format!("附件1缺少以下事项：第{}项。", join(&missing, "、")), None));
    }
    let extra: Vec<u32> = att_nos.iter().copied().filter(|n| !in_main.contains(n)).collect();
    if !extra.is_empty() {
        out.push(diag(K::ItemMismatch, extra.clone(), format!("附件1有主清单没有的事项：第{}项。", join(&extra, "、")), None));
    }
    let by_no = first_by(items, |i| i.no);
    for raw in &att.items {
        let att_cat = raw.heading.and_then(|h| att.headings.get(h)).map(|h| h.index);
        if let (Some(item), Some(c)) = (by_no.get(&raw.no).map(|&i| &items[i]), att_cat) {
            if item.category != c {
                out.push(diag(K::ItemMismatch, vec![item.no], format!("第{}项在主清单属第{}类，在附件1属第{}类。", item.no, item.category, c), None));
            }
        }
    }
}

/// Heading counts against the items listed, against each other and against the total.
/// `own`: the label of the list's own tasks (区级, 县级…: `model::own_level_label`).
pub fn counts(layout: &Layout, categories: &[Category], items: &[Item], stated_total: Option<u32>, own: &str, out: &mut Vec<Diagnostic>) {
    // Counted once, looked up per category (#11: each category used to count all items).
    let mut district_by_category: HashMap<u32, u32> = HashMap::new();
    for i in items.iter().filter(|i| i.level == Level::District) {
        *district_by_category.entry(i.category).or_default() += 1;
    }
    let district = |c: &Category| district_by_category.get(&c.index).copied().unwrap_or(0);
    let main_heading = first_by(&layout.main.headings, |h| h.index);
    let att_heading = layout.attachment.as_ref().map(|a| first_by(&a.headings, |h| h.index)).unwrap_or_default();
    let att_listed_by_heading: Vec<u32> = layout.attachment.as_ref().map_or(vec![], |a| {
        let mut listed = vec![0; a.headings.len()];
        for h in a.items.iter().filter_map(|i| i.heading) {
            if let Some(n) = listed.get_mut(h) {
                *n += 1;
            }
        }
        listed
    });
    let att_listed = |c: &Category| layout.attachment.as_ref().map(|_| att_heading.get(&c.index).map_or(0, |&h| att_listed_by_heading[h]));
    for c in categories {
        let listed = c.item_nos.len() as u32;
        let d = district(c);
        let main_off = c.stated_count.is_some_and(|n| n != listed);
        let att_off = c.stated_count_attachment.is_some_and(|n| Some(n) != att_listed(c));
        let main_quote = || main_heading.get(&c.index).map(|&h| layout.main.headings[h].line.clone());
        let att_quote = || layout.attachment.as_ref().and_then(|att| att_heading.get(&c.index).map(|&h| att.headings[h].line.clone()));
        if main_off || att_off {
            // Quoted: the heading that is off (the main one when both are).
            let quote = if main_off { main_quote() } else { att_quote().or_else(main_quote) };
            out.push(diag(K::CategoryCountMismatch, c.item_nos.clone(), category_count_message(c, listed, d, own, att_listed(c), (main_off, att_off)), quote));
        }
        if let (Some(m), Some(a)) = (c.stated_count, c.stated_count_attachment) {
            if m != a {
                let quote = att_quote();
                out.push(diag(K::AttachmentCountMismatch, c.item_nos.clone(), format!("“{}”的项数在主清单为{m}项，在附件1为{a}项。", c.name), quote));
            }
        }
    }
    let sum_main: u32 = categories.iter().filter_map(|c| c.stated_count).sum();
    let sum_att: u32 = categories.iter().filter_map(|c| c.stated_count_attachment).sum();
    let listed = items.len() as u32;
    let district_total = items.iter().filter(|i| i.level == Level::District).count() as u32;
    let total = stated_total.unwrap_or(listed);
    if stated_total.is_some_and(|t| t != listed) {
        out.push(diag(K::StatedTotalMismatch, vec![], format!("标题称{total}项，主清单实际列出{listed}项。"), layout.list_title.clone()));
    }
    // Only headings that state counts (一、就业（3项）) can disagree with the total.
    let counts_stated = categories.iter().any(|c| c.stated_count.is_some() || c.stated_count_attachment.is_some());
    if counts_stated && (sum_main != total || (sum_att != 0 && sum_att != total)) {
        let all_district = categories.iter().all(|c| c.stated_count.is_none_or(|n| n == district(c)));
        let observation = if all_district && sum_main == district_total {
            format!("各类标题项数与该类{own}任务数逐一相符，标题似只计{own}任务，未计{}项上级任务", listed.saturating_sub(district_total))
        } else {
            "标题项数与实际列出的事项不对应".to_string()
        };
        let att_part = if sum_att != 0 { format!("，附件1各类标题合计{sum_att}项") } else { String::new() };
        out.push(diag(
            K::StatedTotalMismatch,
            vec![],
            format!("主清单各类标题项数合计{sum_main}项{att_part}，与总数{total}项不符；实际列出{listed}项，其中{own}任务{district_total}项。{observation}。"),
            layout.list_title.clone(),
        ));
    }
}

/// A heading whose （N项） is not what its list shows: each statement names
/// the list it is about and never sets two equal numbers against each other.
/// `listed`, `district`: the main list's items and district-level items of the
/// category; `att_listed`: 附件1's items under its heading; `off`: which
/// heading disagrees with its list (main, 附件1).
fn category_count_message(c: &Category, listed: u32, district: u32, own: &str, att_listed: Option<u32>, off: (bool, bool)) -> String {
    let (m, a) = (c.stated_count, c.stated_count_attachment);
    let name = &c.name;
    let main_list = format!("实际列出{listed}项（第{}项）", range(&c.item_nos));
    let note = if m == Some(district) { format!("，与{own}任务数一致") } else { String::new() };
    let levels = format!("，其中{own}任务{district}项、上级任务{}项{note}", listed.saturating_sub(district));
    match off {
        // Both headings say the same, both lists show the same: one statement for both.
        (true, true) if m == a && att_listed == Some(listed) => format!("“{name}”标题称{}项，{main_list}{levels}。", opt(m)),
        (true, true) => format!("“{name}”主清单标题称{}项，{main_list}{levels}；附件1标题称{}项，附件1实际列出{}项。", opt(m), opt(a), opt(att_listed)),
        (true, false) => match a {
            Some(a) => format!("“{name}”主清单标题称{}项，{main_list}{levels}；附件1标题称{a}项，与所列相符。", opt(m)),
            None => format!("“{name}”主清单标题称{}项，{main_list}{levels}。", opt(m)),
        },
        (false, _) => {
            let main = match m {
                Some(m) => format!("主清单标题称{m}项、列出{listed}项，两者相符"),
                None => format!("主清单列出{listed}项，标题未注明项数"),
            };
            format!("“{name}”附件1标题称{}项，附件1实际列出{}项；{main}。", opt(a), opt(att_listed))
        }
    }
}

/// Figures too large to be a target, a standard or a part (beyond
/// `quantity::MAX_FIGURE`, e.g. 400 digits): left out, and said so (one message per item).
pub fn oversized_figures<'a>(no: u32, texts: impl Iterator<Item = &'a String>, out: &mut Vec<Diagnostic>) {
    let mut first: Option<(String, String)> = None;
    let mut count = 0usize;
    for t in texts.filter(|t| may_hold_oversized(t)) {
        for q in scan_all(t).into_iter().filter(|q| q.oversized()) {
            count += 1;
            if first.is_none() {
                let number = &t[q.number_start..q.number_end];
                let figure = format!("{}{}（{}位数）", shorten(number, 12), q.written_unit, number.split('.').next().map_or(0, str::len));
                first = Some((figure, shorten(text::clause_around(t, q.number_start, &['，', '；', '。']), 60)));
            }
        }
    }
    let Some((figure, quote)) = first else { return };
    let more = if count > 1 { format!("等{count}个数字") } else { String::new() };
    out.push(diag(K::Unreadable, vec![no], format!("第{no}项：数字“{figure}”{more}超过上限10万亿（1e13），未计为目标、补助标准或分项。"), Some(quote)));
}

/// The same item worded differently in the two lists.
pub fn wording(main_text: &str, att_text: &str, no: u32, main_citywide: bool, att_citywide: bool, out: &mut Vec<Diagnostic>) {
    if main_citywide != att_citywide {
        let (has, lacks) = if main_citywide { ("主清单", "附件1") } else { ("附件1", "主清单") };
        out.push(diag(K::CitywideReferenceMismatch, vec![no], format!("第{no}项：{has}注明（全市参照执行），{lacks}没有。"), Some(shorten(main_text, 80))));
    }
    if main_text == att_text {
        return;
    }
    let (a, b) = differing_clauses(main_text, att_text);
    let quote = Some(format!("主清单：{a}；附件1：{b}"));
    match (scope_word(a), scope_word(b)) {
        (Some(m), Some(t)) if m != t && unify_scope(main_text) == unify_scope(att_text) => {
            out.push(diag(K::ScopeMismatch, vec![no], format!("第{no}项：主清单写“{m}”，附件1写“{t}”，范围不一致。"), quote));
        }
        _ => out.push(diag(K::WordingDiffers, vec![no], format!("第{no}项在主清单与附件1中的表述不同。"), quote)),
    }
}

const SCOPES: &[&str] = &["全省", "全市", "全区", "全县"];

fn scope_word(clause: &str) -> Option<&'static str> {
    SCOPES.iter().find(|s| text::find_in_short(clause, s).is_some()).copied()
}

/// The text with every 全市/全区/全县/全省 made alike.
fn unify_scope(text: &str) -> String {
    SCOPES.iter().fold(text.to_string(), |t, s| t.replace(s, "全＊"))
}

/// The clauses of `a` and `b` around their first difference.
fn differing_clauses<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    let common = a.char_indices().zip(b.chars()).find(|((_, x), y)| x != y).map_or(a.len().min(b.len()), |((i, _), _)| i);
    let delims = ['，', '；', '。'];
    let pos_b = super::text::floor_boundary(b, common);
    (super::text::clause_around(a, common, &delims), super::text::clause_around(b, pos_b, &delims))
}

/// The most characters between 〔 and 〕 of a 文号 (a year, or a mistaken "财综2022").
const MAX_DOCUMENT_YEAR_CHARS: usize = 20;

/// 文号 such as 淮残联〔2022〕13号: the year must be a real past year.
pub fn document_numbers(items: &[Item], notice_year: Option<u32>, out: &mut Vec<Diagnostic>) {
    for item in items {
        for text in std::iter::once(&item.text).chain(item.measures.iter()) {
            // The first "〕" at or after the last "〔" looked at (None: there is no more):
            // each part of the text is searched once, however many "〔" share one "〕" (#11).
            let mut close: Option<Option<usize>> = None;
            for (open, _) in text.match_indices('〔') {
                let next_close = match close {
                    Some(Some(c)) if c > open => Some(c),
                    Some(None) => None,
                    _ => text[open..].find('〕').map(|rel| open + rel),
                };
                close = Some(next_close);
                let Some(close_at) = next_close else { continue };
                let inner = &text[open + '〔'.len_utf8()..close_at];
                // More than a few words between the brackets: not a 文号 (nor its quote a paragraph).
                if inner.chars().nth(MAX_DOCUMENT_YEAR_CHARS).is_some() {
                    continue;
                }
                let after = &text[close_at + '〕'.len_utf8()..];
                // "号" within 12 bytes: looked for only there.
                let Some(hao) = after[..text::floor_boundary(after, 12 + '号'.len_utf8())].find('号').filter(|&h| h <= 12) else { continue };
                // The issuer runs back to the last delimiter, looking back at most REACH bytes.
                let lo = text::floor_boundary(text, open.saturating_sub(text::REACH));
                let issuer_start = text[lo..open].rfind(|c: char| "（《，、；：。 ".contains(c)).map_or(lo, |i| lo + i + text::char_len(text, lo + i));
                let issuer_start =
                    ["依据", "根据", "按照"].iter().find_map(|w| text[issuer_start..].strip_prefix(w)).map_or(issuer_start, |rest| text.len() - rest.len());
                let full = &text[issuer_start..close_at + '〕'.len_utf8() + hao + '号'.len_utf8()];
                let year: Option<u32> = inner.parse().ok().filter(|_| inner.len() == 4);
                let max_year = notice_year.unwrap_or(9999);
                let problem = match year {
                    None => Some(format!("文号“{full}”格式有误：六角括号内应为四位年份，实为“{inner}”。")),
                    Some(y) if y > max_year || y < 1949 => Some(format!("文号“{full}”的年份{y}不可能（通知印发于{}年）。", opt(notice_year))),
                    Some(_) => None,
                };
                if let Some(message) = problem {
                    out.push(diag(K::DocumentNumber, vec![item.no], format!("第{}项：{message}", item.no), Some(full.to_string())));
                }
            }
        }
    }
}

/// Counts in the measures against the item's one target in that unit:
/// "为797名残疾人" vs 280 + 9 + 625 + 66 in the four measures.
/// A sum far from the target (under half, over double) is taken for another
/// quantity (jobs created vs people trained), not a breakdown.
pub fn breakdowns(items: &[Item], out: &mut Vec<Diagnostic>) {
    for item in items {
        // Targets per base unit, counted once (#11: counted again for every target, quadratic).
        let mut per_unit: HashMap<&str, usize> = HashMap::new();
        for t in &item.targets {
            *per_unit.entry(t.base_unit.as_str()).or_default() += 1;
        }
        // The measures' figures, read once for the item (only when a target needs them).
        let mut measure_figures: Option<Vec<(&'static str, f64)>> = None;
        for target in item.targets.iter().filter(|t| t.kind == TargetKind::Count) {
            if per_unit.get(target.base_unit.as_str()) != Some(&1) {
                continue;
            }
            let figures = measure_figures.get_or_insert_with(|| item.measures.iter().flat_map(|m| scan(m)).map(|q| (q.unit.base, q.normalized)).collect());
            let parts: Vec<f64> = figures
                .iter()
                .filter(|(base, normalized)| *base == target.base_unit && *normalized != target.normalized)
                .map(|(_, normalized)| *normalized)
                .collect();
            let sum: f64 = parts.iter().sum();
            if parts.len() < 2 || sum == target.normalized || sum < target.normalized / 2.0 || sum > target.normalized * 2.0 {
                continue;
            }
            let list = parts.iter().map(|p| fmt_num(*p)).collect::<Vec<_>>().join("+");
            out.push(diag(
                K::BreakdownMismatch,
                vec![item.no],
                format!(
                    "第{}项目标为{}{}{}，推进举措分项合计{}={}{}，两者不符。",
                    item.no,
                    target.comparator.as_deref().unwrap_or(""),
                    fmt_num(target.normalized),
                    target.base_unit,
                    list,
                    fmt_num(sum),
                    target.base_unit
                ),
                Some(target.quote.clone()),
            ));
        }
    }
}

fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn opt(n: Option<u32>) -> String {
    n.map_or("?".to_string(), |n| n.to_string())
}

fn join(nos: &[u32], sep: &str) -> String {
    nos.iter().map(u32::to_string).collect::<Vec<_>>().join(sep)
}

/// "17–21" for a run, "6、8" otherwise.
fn range(nos: &[u32]) -> String {
    match nos {
        [] => String::new(),
        [a] => a.to_string(),
        [a, .., b] if nos.windows(2).all(|w| w[1] == w[0] + 1) => format!("{a}–{b}"),
        _ => join(nos, "、"),
    }
}
