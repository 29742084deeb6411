//! Subsidy standards in an item's text and its measures: "补助标准按每人1.5万元".

use super::model::Subsidy;
use super::quantity::{scan, Quantity};
use super::text::{self, shorten};

static SENTENCE_MARKS: text::Marks = text::Marks::new(&['。', '；']);
const CLAUSE_DELIMS: &[char] = &['，', '：'];
/// Words that say nothing about what is paid for.
const GENERIC: &[&str] =
    &["补助标准", "标准", "按照", "按", "为", "给予", "实施", "的", "补助", "资助", "补贴", "不低于", "不超过", "一次性", "每人", "每年", "每月"];
/// Every character of the words in [`GENERIC`] (a test keeps them in step).
const GENERIC_CHARS: &str = "补助标准按照为给予实施的资贴不低于超过一次性每人年月";
const BUDGET_VERBS: &[&str] = &["采购", "预拨", "下达", "安排资金", "投入"];
const PER_PERSON: &[&str] = &["每人", "每生", "每名"];

/// Subsidy standards in `text`, in order.
pub fn extract(text: &str) -> Vec<Subsidy> {
    let mut out = Vec::new();
    // Every unit of money is written with 元: a sentence without it pays nothing
    // (and most items' texts have none: one search, then no sentence is cut).
    if !text::word!("元").is_in(text) {
        return out;
    }
    for sentence in SENTENCE_MARKS.split(text).flat_map(super::text::pieces).filter(|s| text::word!("元").is_in(s)) {
        let quantities = scan(sentence);
        let persons: Vec<&Quantity> = quantities.iter().filter(|q| matches!(q.unit.base, "人" | "人次") && sentence[..q.start].ends_with('为')).collect();
        let mut found: Vec<Subsidy> = Vec::new();
        let mut last_paid_end = 0;
        let once = sentence.contains("一次性");
        for q in quantities.iter().filter(|q| q.unit.base == "元") {
            if is_threshold(sentence, q) || is_old_standard(sentence, q) {
                continue;
            }
            let clause_start = clause_start(sentence, q.start);
            let window = &sentence[clause_start.max(last_paid_end)..q.number_start];
            let basis = basis(sentence, q, window, once);
            let budget = BUDGET_VERBS.contains(&basis.as_str());
            found.push(Subsidy {
                key: 0,
                label: label(sentence, q, clause_start),
                amount_yuan: q.normalized,
                basis,
                beneficiaries: None,
                planned_total_yuan: budget.then_some(q.normalized),
                quote: text::quote(sentence, q.start, q.end).trim().to_string(),
            });
            last_paid_end = q.end;
        }
        // The count applies only when the sentence pays one per-person standard to one group.
        let per_person: Vec<usize> = (0..found.len()).filter(|&i| PER_PERSON.iter().any(|p| found[i].basis.starts_with(p))).collect();
        if let ([person], [i]) = (persons.as_slice(), per_person.as_slice()) {
            let count = person.normalized as u64;
            found[*i].beneficiaries = Some(count);
            found[*i].planned_total_yuan = Some(found[*i].amount_yuan * count as f64);
        }
        out.extend(found);
    }
    out
}

/// Cost brackets, not payments: "5000元（含5000元）以上", "30000元以内部分".
fn is_threshold(sentence: &str, q: &Quantity) -> bool {
    let after = &sentence[q.unit_end..];
    after.starts_with("（含") || matches!(q.postfix, Some("以上" | "以下" | "以内")) || sentence[..q.start].ends_with('含')
}

/// "由每人每年610元提高至640元": 610 is the old standard.
fn is_old_standard(sentence: &str, q: &Quantity) -> bool {
    let after = &sentence[q.end..];
    ["提高至", "提高到", "调整为", "调整到"].iter().any(|w| after.starts_with(w))
}

/// Where the clause of a figure starting at `pos` starts (looking back at most [`text::REACH`] bytes).
fn clause_start(sentence: &str, pos: usize) -> usize {
    let lo = text::floor_boundary(sentence, pos.saturating_sub(text::REACH));
    sentence[lo..pos].rfind(CLAUSE_DELIMS).map_or(lo, |i| lo + i + '，'.len_utf8())
}

/// How the amount is paid: per whom, per period, once (`once`: the sentence
/// says 一次性), a cap or a budget.
fn basis(sentence: &str, q: &Quantity, window: &str, once: bool) -> String {
    if let Some(per) = unit_suffix_basis(&q.written_unit, window) {
        return per;
    }
    if let Some(per) = sentence[q.end..].strip_prefix('每').map(per_phrase) {
        return format!("每{per}");
    }
    if matches!(q.prefix, Some("不超过")) || window.ends_with("最高") {
        return "最高不超过".to_string();
    }
    if let Some(i) = window.find('每') {
        return format!("每{}", per_phrase(&window[i + '每'.len_utf8()..]));
    }
    if let Some(verb) = BUDGET_VERBS.iter().find(|v| window.contains(**v)) {
        return verb.to_string();
    }
    if once {
        return "一次性".to_string();
    }
    "标准".to_string()
}

/// "1500元/人" → 每人; "每人80元/月" → 每人每月; "600元/生•年" → 每生每年.
fn unit_suffix_basis(unit: &str, window: &str) -> Option<String> {
    let (_, per) = unit.split_once('/')?;
    let per = per.replace(['•', '·'], "每");
    let lead = PER_PERSON.iter().find(|p| window.ends_with(**p));
    Some(match lead {
        Some(p) => format!("{p}每{per}"),
        None => format!("每{per}"),
    })
}

/// What follows a "每": "人每学年资助…" → "人每学年"; "个普惠托位1万元" → "个普惠托位".
fn per_phrase(after: &str) -> String {
    const TOKENS: &[&str] = &["颗牙", "学年", "季度", "人", "生", "户", "名", "家", "次", "年", "月", "颗"];
    let mut out = String::new();
    let mut rest = after;
    loop {
        if let Some(t) = TOKENS.iter().find(|t| rest.starts_with(**t)) {
            out.push_str(t);
            rest = &rest[t.len()..];
        } else if let Some(r) = rest.strip_prefix('个') {
            // "每个普惠托位": the thing counted runs up to the figure.
            let noun: String = r.chars().take_while(|c| !c.is_ascii_digit() && !"，。；的".contains(*c)).take(8).collect();
            out.push('个');
            out.push_str(&noun);
            return out;
        } else {
            return out;
        }
        match rest.strip_prefix('每') {
            Some(r) => {
                out.push('每');
                rest = r;
            }
            None => return out,
        }
    }
}

/// Whether a clause (its figure taken out) says something of its own: two
/// characters or more once the generic words are gone.
fn says_own(clause: &str) -> bool {
    // A character in no generic word is never removed: two of them settle it
    // without removing anything (asked of every standard found).
    if clause.chars().filter(|&c| !GENERIC_CHARS.contains(c)).nth(1).is_some() {
        return true;
    }
    let mut own = clause.to_string();
    for w in GENERIC {
        own = text::without(&own, w);
    }
    own.chars().count() >= 2
}

/// The clause that says what is paid for; the one before it when this one is generic.
fn label(sentence: &str, q: &Quantity, clause_start: usize) -> String {
    // A run-on clause (longer than any of a real notice): the part around the figure.
    let (start, end) = text::clause_range(sentence, q.number_start, CLAUSE_DELIMS);
    let clause = text::quote(&sentence[start..end], q.number_start - start, q.unit_end.clamp(q.number_start, end) - start);
    if says_own(&text::without(clause, &sentence[q.start..q.end])) {
        let mut label = text::without(clause, &sentence[q.number_start..q.unit_end]);
        super::item::remove_citywide_markers(&mut label);
        return shorten(label.trim_matches(['，', '、']), 40);
    }
    let before = text::tail(&sentence[..clause_start]).trim_end_matches(CLAUSE_DELIMS);
    let prev = text::clause_around(before, before.len(), CLAUSE_DELIMS);
    shorten(if prev.is_empty() { clause } else { prev }, 40)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_chars_are_those_of_the_generic_words() {
        let mut chars: Vec<char> = GENERIC.iter().flat_map(|w| w.chars()).collect();
        chars.sort_unstable();
        chars.dedup();
        let mut listed: Vec<char> = GENERIC_CHARS.chars().collect();
        listed.sort_unstable();
        assert_eq!(chars, listed);
        assert!(says_own("为残疾儿童") && !says_own("标准按照补贴的补助") && !says_own("补助标准为每人每月"));
        // Removed word by word, in order: 补助 goes after 标准 was looked for.
        assert!(says_own("标补助准"));
    }

    #[test]
    fn per_person_with_count() {
        let s = extract("为280名残疾儿童提供康复训练救助，补助标准按每人1.5万元实施。");
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].amount_yuan, s[0].basis.as_str(), s[0].beneficiaries, s[0].planned_total_yuan), (15000.0, "每人", Some(280), Some(4_200_000.0)));
        assert_eq!(s[0].label, "为280名残疾儿童提供康复训练救助");
    }

    #[test]
    fn two_standards_share_a_count() {
        let s = extract("为9名残疾儿童适配假肢矫形器或其他辅助器具提供救助，适配假肢矫形器每人补助5000元，适配辅具每人补助1500元。");
        assert_eq!(s.iter().map(|s| (s.amount_yuan, s.beneficiaries)).collect::<Vec<_>>(), [(5000.0, None), (1500.0, None)]);
    }

    #[test]
    fn bases() {
        let cases = [
            ("补助标准由每人每年610元提高至640元", 640.0, "每人每年"),
            ("按照40元每颗牙的标准给予财政补助", 40.0, "每颗牙"),
            ("省级财政按照每个普惠托位1万元标准给予补助", 10000.0, "每个普惠托位"),
            ("按照不低于600元/生•年标准补贴", 600.0, "每生每年"),
            ("全部提高到每人80元/月", 80.0, "每人每月"),
            ("给予培训费用的50%且最高不超过2万元的一次性补贴", 20000.0, "最高不超过"),
            ("采购253万元体育器材", 2_530_000.0, "采购"),
            ("给予0.5万元一次性补贴", 5000.0, "一次性"),
        ];
        for (text, amount, basis) in cases {
            let s = extract(text);
            assert_eq!(s.len(), 1, "{text}: {s:?}");
            assert_eq!((s[0].amount_yuan, s[0].basis.as_str()), (amount, basis), "{text}");
        }
    }

    #[test]
    fn brackets_are_not_subsidies() {
        let s = extract("个人自付医药费5000元（含5000元）以上，30000元（含30000元）以下，按自付费用20%的标准给予一次性救助；30000元以内部分按20%；最高救助金额深度困难职工不超过50000元");
        assert_eq!(s.iter().map(|s| s.amount_yuan).collect::<Vec<_>>(), [50000.0]);
    }
}
