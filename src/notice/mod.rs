//! The notice parser: text in, [`Notice`] out. Pure and total (never panics,
//! always terminates); it knows the layout of a 民生实事 notice, not this
//! notice's content: item numbers, units, categories and counts are read.

mod checks;
pub mod corrections;
mod deadlines;
mod flat;
mod item;
pub mod keys;
mod labels;
mod layout;
mod list;
mod markers;
mod model;
mod quantity;
pub mod source;
mod subsidies;
mod targets;
mod text;
mod traditional;

pub use model::*;
pub use quantity::{parse_f64, shift_decimal, unit_scale};
#[cfg(not(target_arch = "wasm32"))]
pub use source::read;
pub use source::{read_with, Format, Source, SourceError};

use item::{split_item_line, ItemHead};
use layout::{Layout, RawItem};

/// Parse a notice. Anything that cannot be read becomes a diagnostic.
pub fn parse(input: &str) -> Notice {
    let simplified = traditional::to_simplified(input);
    let normalized = text::normalize(simplified.as_deref().unwrap_or(input));
    let layout = layout::split(&normalized);

    let mut diagnostics = Vec::new();
    // Item number → its first item in 附件1 (looked up once per item, #11).
    let attachment_by_no = layout.attachment.as_ref().map(|a| checks::first_by(&a.items, |i| i.no)).unwrap_or_default();
    let parts: Vec<ItemParts> = layout
        .main
        .items
        .iter()
        .map(|raw| {
            let att = attachment_by_no.get(&raw.no).and_then(|&i| layout.attachment.as_ref().map(|a| &a.items[i]));
            item_parts(&layout, raw, att, &mut diagnostics)
        })
        .collect();
    let readings = read_items_text(parts.iter().map(|p| (p.head.text.as_str(), p.measures.as_slice())));
    let items: Vec<Item> = parts.into_iter().zip(readings).map(|(parts, reading)| assemble_item(&layout, parts, reading)).collect();
    let categories = categories_with_uncategorized(&layout, &items);
    let stated_total = layout.list_title.iter().chain(layout.title.iter()).find_map(|t| stated_total(t));
    let titles = || layout.list_title.iter().chain(layout.title.iter());
    // A news report's title may name no year: the text before its list may
    // (`票决产生2026年民生实事`); else the issue date gives it (`view::progress::notice_year`).
    // A year said of the list (`2025年区级民生实事项目`) before any year a
    // fallback title line mentions (`2024年，全区民生支出…`).
    // A year the lines before the list name that is older than the issue date is
    // another's (a January report's `一、2025年工作回顾`): the date's year then holds.
    let header_year = layout.header_year.filter(|&y| layout.date.is_none_or(|(issued, _, _)| y >= issued as i32));
    let year = titles().find_map(|t| year_of_list(t)).or_else(|| titles().find_map(|t| list_year(t))).or(header_year);
    let place = titles().find_map(|t| place(t));

    let mut checks = Vec::new();
    checks::structure(&layout, &items, &mut checks);
    checks::numbering(&layout, &items, &mut checks);
    checks::counts(&layout, &categories, &items, stated_total, model::own_level_label(place.as_deref()), &mut checks);
    checks.append(&mut diagnostics);
    if simplified.is_some() {
        checks.push(layout::read_as("通知使用繁体字，已逐字转为简体读取（个别词语可能与原文用字不同）。".into(), vec![], None));
    }
    checks.extend(layout.notes.iter().chain(&layout.main.notes).cloned());
    // A list's own tasks name their units (a city's or province's tasks in a district list may not).
    let unitless: Vec<u32> = items.iter().filter(|i| i.units.is_empty() && i.level == Level::District).map(|i| i.no).collect();
    if !unitless.is_empty() && unitless.len() < items.len() {
        let nos: Vec<String> = unitless.iter().map(u32::to_string).collect();
        checks.push(layout::read_as(format!("第{}项未读到牵头（责任）单位，请核对。", nos.join("、")), unitless, None));
    }
    checks::document_numbers(&items, layout.date.map(|d| d.0), &mut checks);
    checks::breakdowns(&items, &mut checks);

    let mut notice = Notice {
        format_version: NOTICE_FORMAT_VERSION,
        title: layout.title.clone(),
        date: layout.date.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        list_title: layout.list_title.clone(),
        stated_total,
        year,
        place,
        categories,
        items,
        diagnostics: checks,
    };
    let keys = keys::first_keys(&notice);
    keys::assign(&mut notice, &keys);
    notice
}

/// The name of the category that holds the items a list puts under no heading
/// (index 0): all of them when the list has no categories.
pub const UNCATEGORIZED: &str = "未分类";

/// The list's categories; items under no heading get one of their own
/// (index 0, first), so every view that goes by category shows them.
fn categories_with_uncategorized(layout: &Layout, items: &[Item]) -> Vec<Category> {
    let mut out = categories(layout);
    let loose: Vec<u32> = items.iter().filter(|i| i.category == 0).map(|i| i.no).collect();
    if !loose.is_empty() && !out.iter().any(|c| c.index == 0) {
        out.insert(0, Category { index: 0, name: UNCATEGORIZED.to_string(), stated_count: None, stated_count_attachment: None, item_nos: loose });
    }
    out
}

fn categories(layout: &Layout) -> Vec<Category> {
    // One pass over the items and 附件1's headings, not one per category (#11).
    let mut item_nos: Vec<Vec<u32>> = vec![vec![]; layout.main.headings.len()];
    for i in &layout.main.items {
        if let Some(nos) = i.heading.and_then(|h| item_nos.get_mut(h)) {
            nos.push(i.no);
        }
    }
    let att_heading = layout.attachment.as_ref().map(|a| checks::first_by(&a.headings, |h| h.index)).unwrap_or_default();
    layout
        .main
        .headings
        .iter()
        .zip(item_nos)
        .map(|(h, item_nos)| Category {
            index: h.index,
            name: h.name.clone(),
            stated_count: h.stated_count,
            stated_count_attachment: layout.attachment.as_ref().and_then(|a| att_heading.get(&h.index).map(|&i| &a.headings[i])).and_then(|ah| ah.stated_count),
            item_nos,
        })
        .collect()
}

/// An item's line parted (text, units, level) and its measures: what is
/// known of it before its text is read for figures.
struct ItemParts<'a> {
    raw: &'a RawItem,
    head: ItemHead,
    att_head: Option<ItemHead>,
    measures: Vec<String>,
}

/// `att`: the item of 附件1 with the same number, if any.
fn item_parts<'a>(layout: &Layout, raw: &'a RawItem, att: Option<&RawItem>, diagnostics: &mut Vec<Diagnostic>) -> ItemParts<'a> {
    // Units before a deadline sentence also where the item's lines were joined (a wrapped scan).
    let line = labels::deadline_after_units(&raw.line).unwrap_or_else(|| raw.line.clone());
    // Units said in words, also in an item cut from a one-line list or a news paragraph (`…，由X牵头实施；`).
    let line = labels::item_closing_units(&line).unwrap_or(line);
    let mut head = split_item_line(&line);
    // An item naming no units: those it opens with (`由X牵头，举办…`), else those of its number in a table of who does what.
    if head.units.is_empty() {
        if let Some(labelled) = labels::opening_units(&line) {
            head = split_item_line(&labelled);
        }
    }
    if head.units.is_empty() {
        if let Some((_, units)) = layout.units_table.iter().find(|(no, _)| *no == raw.no) {
            head = split_item_line(&format!("{line}{units}"));
        }
    }
    let att_head = att.map(|a| split_item_line(&a.line));
    if let Some(a) = &att_head {
        checks::wording(&head.text, &a.text, raw.no, head.citywide_reference, a.citywide_reference, diagnostics);
    }
    // 附件1's measures, else the list's own (推进举措 under the item).
    let measures = att.map(|a| a.measures.clone()).filter(|m| !m.is_empty()).unwrap_or_else(|| raw.measures.clone());
    checks::oversized_figures(raw.no, std::iter::once(&head.text).chain(measures.iter()), diagnostics);
    ItemParts { raw, head, att_head, measures }
}

fn assemble_item(layout: &Layout, parts: ItemParts, reading: TextReading) -> Item {
    let ItemParts { raw, head, att_head, measures } = parts;
    let TextReading { investment_yuan, targets, baselines, subsidies, deadlines } = reading;
    let attachment_text = att_head.as_ref().filter(|a| a.text != head.text).map(|a| a.text.clone());
    let (units, units_label) = match (&head.units_label, &att_head) {
        (None, Some(a)) if a.units_label.is_some() => (a.units.clone(), a.units_label.clone()),
        _ => (head.units, head.units_label),
    };
    let category = raw.heading.and_then(|h| layout.main.headings.get(h)).map_or(0, |h| h.index);
    Item {
        no: raw.no,
        key: 0,
        category,
        text: head.text,
        attachment_text,
        units,
        units_label,
        partner_units: head.partner_units,
        investment_yuan,
        level: head.level,
        citywide_reference: head.citywide_reference || att_head.as_ref().is_some_and(|a| a.citywide_reference),
        measures,
        targets,
        subsidies,
        baselines,
        deadlines,
    }
}

/// What an item's text (and its 推进举措) say: its targets, baselines,
/// subsidies and deadlines, keyed by position (`keys` gives them their keys).
pub(crate) struct TextReading {
    pub investment_yuan: Option<f64>,
    pub targets: Vec<Target>,
    pub baselines: Vec<Target>,
    pub subsidies: Vec<Subsidy>,
    pub deadlines: Vec<Deadline>,
}

/// Read an item's text and measures: the parser's own reading, and a
/// corrected or added item's (`corrections`).
pub(crate) fn read_item_text(text: &str, measures: &[String]) -> TextReading {
    read_items_text(std::iter::once((text, measures))).pop().expect("one item in, one reading out")
}

/// [`read_item_text`] of each item, in order. Each reading runs over all the
/// items before the next starts, not item by item: the readers together are
/// larger than the instruction cache, and a notice's items in one reader at a
/// time kept its code (and its branches' history) warm (#13: the seed's parse
/// had twice the instruction-cache misses of the parser before the layouts).
pub(crate) fn read_items_text<'a>(items: impl Iterator<Item = (&'a str, &'a [String])> + Clone) -> Vec<TextReading> {
    let mut readings: Vec<TextReading> = items
        .clone()
        .map(|(text, _)| {
            let (targets, baselines) = targets::extract(text);
            TextReading { investment_yuan: None, targets, baselines, subsidies: Vec::new(), deadlines: Vec::new() }
        })
        .collect();
    for (reading, (text, measures)) in readings.iter_mut().zip(items.clone()) {
        reading.subsidies = merge_restated(subsidies::extract(text), measures.iter().flat_map(|m| subsidies::extract(m)));
    }
    for (reading, (text, measures)) in readings.iter_mut().zip(items.clone()) {
        reading.deadlines = std::iter::once(text).chain(measures.iter().map(String::as_str)).flat_map(deadlines::extract).collect();
    }
    for (reading, (text, _)) in readings.iter_mut().zip(items) {
        reading.investment_yuan = quantity::investment_yuan(text);
    }
    readings
}

/// The item's own standards, then the measures' ones; a measure restating a
/// standard of the item's text ("按每人每月100元标准执行") adds no second
/// standard, only what it knows more (the beneficiaries).
fn merge_restated(own: Vec<Subsidy>, from_measures: impl Iterator<Item = Subsidy>) -> Vec<Subsidy> {
    // Amount and basis → the first own standard with them (#11: searched for each measure's standard).
    // Amounts are finite and not negative, so equal amounts have equal bits (0.0 + 0.0 makes -0 +0).
    let key = |s: &Subsidy| ((s.amount_yuan + 0.0).to_bits(), s.basis.clone());
    let own_index = checks::first_by(&own, key);
    let mut all = own;
    for found in from_measures {
        match own_index.get(&key(&found)).map(|&i| &mut all[i]) {
            Some(known) => {
                if known.beneficiaries.is_none() {
                    known.beneficiaries = found.beneficiaries;
                    known.planned_total_yuan = found.planned_total_yuan;
                }
            }
            None => all.push(found),
        }
    }
    all
}

/// "青禾市云溪区2023年50项民生实事" → 50 (the figure right before "项").
/// The year a title names: four digits right before 年 (2023 in "…云溪区2023年50项…").
/// A year whose clause goes on to name the list (实事, 项目): `2025年民生实事`.
pub(super) fn year_of_list(title: &str) -> Option<i32> {
    title.match_indices('年').find_map(|(at, y)| {
        let digits = title.as_bytes()[..at].iter().rev().take_while(|b| b.is_ascii_digit()).count();
        let year: i32 = (digits == 4).then(|| title[at - 4..at].parse().ok()).flatten()?;
        let clause = title[at + y.len()..].split(['，', '。', '；']).next().unwrap_or("");
        (clause.contains("实事") || clause.contains("项目")).then_some(year)
    })
}

fn list_year(title: &str) -> Option<i32> {
    text::years(title).next().map(|(year, _)| year)
}

/// The place a title names: what comes before its first digit, without
/// 关于印发 and the city in front of a district or county ("关于印发云溪区…",
/// "青禾市云溪区2023年…" → 云溪区; "青禾市2024年…" → 青禾市).
fn place(title: &str) -> Option<String> {
    let before_year = &title[..title.find(|c: char| c.is_ascii_digit())?];
    let name = before_year.trim_start_matches("关于印发").trim_start_matches("关于");
    let name = name.rsplit_once('市').map_or(name, |(_, rest)| if rest.is_empty() { name } else { rest });
    (!name.is_empty()).then(|| name.to_string())
}

fn stated_total(title: &str) -> Option<u32> {
    let pos = title.find('项')?;
    let before = &title[..pos];
    let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    before[before.len() - digits..].parse().ok()
}
