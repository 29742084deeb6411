//! Quantitative targets of an item's text: "新增托位675个" → 675 个.

use super::model::Target;
use super::quantity::{scan_all, Quantity, PREFIX_COMPARATORS};
use super::text::{self, quote, tail};

static CLAUSE_MARKS: text::Marks = text::Marks::new(&['，', '；', '。', '：']);
/// Words between a baseline and its target: "从3千伏安提高到3.1千伏安".
const RAISE_WORDS: &[&str] = &["提高到", "提高至", "提升到", "提升至", "增加到", "增至", "升至", "到"];
const LABEL_TRIM: &[char] = &['、', '和', '及', '，', '；', '。', '：', ' '];

/// Targets and baselines stated in `text`, in order.
pub fn extract(text: &str) -> (Vec<Target>, Vec<Target>) {
    let mut targets = Vec::new();
    let mut baselines = Vec::new();
    let mut previous_clause = "";
    for clause in CLAUSE_MARKS.split(text).flat_map(super::text::pieces).filter(|c| !c.is_empty()) {
        let context = std::mem::replace(&mut previous_clause, clause);
        // Oversized figures are no targets, but still end their neighbours' labels.
        let quantities = scan_all(clause);
        let respective = respective_subjects(clause, &quantities);
        let mut comparators: Option<Comparators> = None;
        for (i, q) in quantities.iter().enumerate() {
            let prev = i.checked_sub(1).map(|p| &quantities[p]);
            let next = quantities.get(i + 1);
            if q.oversized() {
                continue;
            }
            if is_baseline(clause, q, next) {
                baselines.push(target(clause, q, baseline_subject(clause, q), None));
                continue;
            }
            let label = match (&respective, prev) {
                (Some((subjects, _)), _) => subjects[i].clone(),
                (None, Some(p)) if is_baseline(clause, p, Some(q)) => baseline_subject(clause, p),
                _ => label_for(clause, q, prev, next),
            };
            let comparator = match &respective {
                Some((_, shared)) => shared.clone(),
                None => q.comparator().or_else(|| comparators.get_or_insert_with(|| Comparators::new(clause)).before(clause, q.start)),
            };
            // "资助不少于27人次" says too little alone: prefix the clause before it.
            let label = if label.chars().count() < 4 && !context.is_empty() { format!("{}，{label}", tail(context)) } else { label };
            targets.push(target(clause, q, label, comparator));
        }
    }
    (targets, baselines)
}

fn target(clause: &str, q: &Quantity, label: String, comparator: Option<String>) -> Target {
    Target {
        key: 0,
        label,
        value: q.value,
        unit: q.written_unit.clone(),
        normalized: q.normalized,
        base_unit: q.unit.base.to_string(),
        kind: q.unit.kind,
        comparator,
        quote: quote(clause, q.start, q.end).to_string(),
    }
}

/// "从3千伏安提高到3.1千伏安": the first figure is where it starts from.
fn is_baseline(clause: &str, q: &Quantity, next: Option<&Quantity>) -> bool {
    let Some(next) = next else { return false };
    if !clause[..q.start].ends_with('从') {
        return false;
    }
    let between = &clause[q.end..next.start];
    let between = next.prefix.map_or(between.to_string(), |p| format!("{between}{p}"));
    RAISE_WORDS.contains(&between.as_str())
}

/// What the baseline/target pair measures: the text before "从".
fn baseline_subject(clause: &str, baseline: &Quantity) -> String {
    tidy(tail(&clause[..baseline.start])).trim_end_matches('从').to_string()
}

/// The clause around a figure without the figure: "新增托位675个、…" → 新增托位.
fn label_for(clause: &str, q: &Quantity, prev: Option<&Quantity>, next: Option<&Quantity>) -> String {
    let left_start = prev.map_or(0, |p| p.end);
    let left = &clause[left_start..q.start];
    let right_end = next.map_or(clause.len(), |n| n.start);
    let right = &clause[q.end..right_end];
    // A following figure starts its own phrase at "、" or "和".
    let right = if next.is_some() { right.split(['、', '和']).next().unwrap_or("") } else { right };
    tidy(&format!("{left}{right}"))
}

fn tidy(label: &str) -> String {
    let label = label.trim_matches(LABEL_TRIM);
    let label = label.strip_prefix("其中").unwrap_or(label);
    label.strip_suffix('的').unwrap_or(label).to_string()
}

/// "A和B分别达到98%和95%以上": one subject per figure, and the comparator they share.
fn respective_subjects(clause: &str, quantities: &[Quantity]) -> Option<(Vec<String>, Option<String>)> {
    let pos = clause.find("分别")?;
    if quantities.len() < 2 || quantities.iter().any(|q| q.number_start < pos) {
        return None;
    }
    let subjects_text = &clause[..pos];
    let subjects: Vec<String> = subjects_text.split(['和', '、', '及']).map(tidy).filter(|s| !s.is_empty()).collect();
    if subjects.len() != quantities.len() {
        return None;
    }
    // The subjects share the clause's leading words ("全区新生儿…和新生儿…").
    let shared = quantities.last().and_then(|q| q.postfix).or(quantities[0].prefix).map(str::to_string);
    Some((subjects, shared))
}

/// A comparator word anywhere before a figure of a clause ("不低于当地…标准的1.3倍").
/// In a run-on clause (longer than [`text::REACH`]) where each comparator word
/// first ends is noted once, so that each figure looks up the words instead
/// of searching the clause up to itself (#11: quadratic in the figures).
struct Comparators(Option<Vec<(usize, &'static str)>>);

impl Comparators {
    fn new(clause: &str) -> Self {
        Comparators((clause.len() > text::REACH).then(|| PREFIX_COMPARATORS.iter().filter_map(|w| clause.find(*w).map(|i| (i + w.len(), *w))).collect()))
    }

    /// The first of [`PREFIX_COMPARATORS`] found in `clause[..pos]`.
    fn before(&self, clause: &str, pos: usize) -> Option<String> {
        let word = match &self.0 {
            Some(ends) => ends.iter().find(|(end, _)| *end <= pos).map(|(_, w)| *w),
            None => PREFIX_COMPARATORS.iter().find(|w| text::find_in_short(&clause[..pos], w).is_some()).copied(),
        };
        word.map(str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::model::TargetKind;

    #[test]
    fn two_targets_in_one_clause() {
        let (t, _) = extract("实施安心托幼行动，新增托位675个、新增公办幼儿园学位540个。");
        let got: Vec<_> = t.iter().map(|t| (t.label.as_str(), t.normalized)).collect();
        assert_eq!(got, [("新增托位", 675.0), ("新增公办幼儿园学位", 540.0)]);
    }

    #[test]
    fn baseline_and_target() {
        let (t, b) = extract("农村电网户均配变容量从3千伏安提高到3.1千伏安。");
        assert_eq!((b.len(), b[0].value), (1, 3.0));
        assert_eq!((t.len(), t[0].value, t[0].normalized), (1, 3.1, 3100.0));
        assert_eq!(t[0].label, "农村电网户均配变容量");
        assert_eq!(t[0].comparator.as_deref(), Some("提高到"));
        assert_eq!(t[0].kind, TargetKind::Capacity);
    }

    #[test]
    fn respectively() {
        let (t, _) = extract("全区新生儿遗传代谢病筛查率和新生儿听力障碍筛查率分别达到98%和95%以上。");
        let got: Vec<_> = t.iter().map(|t| (t.label.as_str(), t.value, t.comparator.as_deref())).collect();
        assert_eq!(got, [("全区新生儿遗传代谢病筛查率", 98.0, Some("以上")), ("新生儿听力障碍筛查率", 95.0, Some("以上"))]);
    }
}
