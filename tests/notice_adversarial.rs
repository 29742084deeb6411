//! The parser on adversarial input (#11): each shape of tests/support/adversarial.rs
//! at a size where the quadratic code took minutes (or ran out of memory) and
//! the linear code takes well under a second. Nothing here is timed (speed is
//! measured by `cargo bench --bench parse -- adversarial`, see BENCHMARKS.md):
//! the tests check what the parse gives, and that the output grows linearly
//! (a shape at 2n gives at most about twice the JSON of n); a quadratic
//! parser would make this file time out in CI.

#[path = "support/adversarial.rs"]
mod adversarial;

use minsheng::notice::{parse, DiagnosticKind as K, Notice};

fn json_len(n: &Notice) -> usize {
    serde_json::to_string(n).map(|j| j.len()).unwrap_or(usize::MAX)
}

/// The JSON at 2n is at most twice that at n, plus a little (headers, wider numbers).
fn assert_linear_output(name: &str, build: impl Fn(usize) -> String, n: usize) {
    let (small, large) = (json_len(&parse(&build(n))), json_len(&parse(&build(2 * n))));
    assert!(large <= 2 * small + small / 20 + 4096, "{name}: JSON of {n}: {small} B, of {}: {large} B (more than double)", 2 * n);
}

#[test]
fn a_run_of_spaces_between_chinese_characters() {
    let n = parse(&adversarial::spaces(400_000));
    assert_eq!(n.items.len(), 1);
    assert_eq!(n.items[0].text, "新增托位10个。");
    assert_eq!(n.items[0].targets.iter().map(|t| t.normalized).collect::<Vec<_>>(), [10.0]);
    assert_linear_output("spaces", adversarial::spaces, 100_000);
}

#[test]
fn many_figures_in_one_clause() {
    let count = 10_000;
    let n = parse(&adversarial::quantities(count));
    assert_eq!(n.items.len(), 1);
    let targets = &n.items[0].targets;
    assert_eq!(targets.len(), count);
    assert!(targets.iter().all(|t| t.normalized == 10.0 && t.base_unit == "个"));
    // Each quote is the part of the clause around its figure, not the whole clause again.
    assert!(targets.iter().all(|t| t.quote.len() <= 300 && t.quote.contains("10个")), "{}", targets[1].quote.len());
    assert_linear_output("quantities", adversarial::quantities, 2_000);
}

#[test]
fn many_clauses_of_one_figure_each() {
    let count = 30_000;
    let n = parse(&adversarial::quantity_clauses(count));
    assert_eq!(n.items[0].targets.len(), count);
    // Many targets in one unit: no breakdown check (it needs exactly one).
    assert!(!n.diagnostics.iter().any(|d| d.kind == K::BreakdownMismatch));
    assert_linear_output("quantity clauses", adversarial::quantity_clauses, 5_000);
}

#[test]
fn many_items_in_both_lists() {
    let count = 10_000;
    let n = parse(&adversarial::items(count));
    assert_eq!(n.items.len(), count);
    assert_eq!(n.categories.len(), count / 50);
    // Every item found its 附件1 entry (measures and deadline) by number.
    assert!(n.items.iter().all(|i| i.measures.len() == 1 && i.deadlines.len() == 1 && i.targets[0].normalized == f64::from(i.no)));
    assert!(n.items.iter().all(|i| i.attachment_text.is_none()));
    assert!(n.categories.iter().all(|c| c.item_nos.len() == 50 && c.stated_count_attachment == Some(50)));
    assert!(
        !n.diagnostics.iter().any(|d| matches!(d.kind, K::ItemMismatch | K::CategoryCountMismatch | K::AttachmentCountMismatch)),
        "{:?}",
        &n.diagnostics[..1]
    );
    assert_linear_output("items", adversarial::items, 1_000);
}

#[test]
fn markers_document_numbers_and_deadlines_in_one_run_on_line() {
    let count = 2_500;
    let n = parse(&adversarial::markers(count));
    let item = &n.items[0];
    assert!(item.citywide_reference && !item.text.contains("参照执行"));
    assert_eq!(item.subsidies.len(), count);
    assert_eq!(item.deadlines.len(), 2 * count);
    assert!(item.deadlines.iter().all(|d| d.quote.len() <= 300));
    assert!(item.subsidies.iter().all(|s| s.quote.len() <= 300 && s.label.chars().count() <= 41));
    assert_linear_output("markers", adversarial::markers, 500);
}

#[test]
fn two_megabytes_of_mangled_notice() {
    let text = adversarial::mix(2_000_000);
    assert!(text.len() >= 2_000_000);
    let n = parse(&text);
    // The seed comes first: its 50 items are read; the rest is noise around them.
    assert_eq!(n.items.len(), 50);
    assert_eq!(n.title.as_deref(), Some("关于印发相山区2023年实施50项民生实事的通知"));
    assert_linear_output("mix", adversarial::mix, 500_000);
}

/// A figure of 400 digits is no target (it would be infinite: JSON null) and
/// 数据核查 says it was left out; figures up to 10^13 are read.
#[test]
fn a_figure_of_400_digits_is_left_out_and_said_so() {
    let huge = format!("1{}", "0".repeat(399));
    let text = adversarial::notice_with(&format!("新增{huge}个托位，新增床位20个，补助{huge}元，新建1000000亿元项目"), &format!("完成{huge}个，另完成5个。"));
    let n = parse(&text);
    let item = &n.items[0];
    assert!(item.targets.iter().chain(&item.baselines).all(|t| t.value.is_finite() && t.normalized <= 1e13), "{:?}", item.targets);
    assert!(item.subsidies.iter().all(|s| s.amount_yuan.is_finite() && s.amount_yuan <= 1e13));
    assert_eq!(item.targets.iter().map(|t| (t.label.as_str(), t.normalized)).collect::<Vec<_>>(), [("新增床位", 20.0)]);
    let json = serde_json::to_string(&n).unwrap();
    assert!(!json.contains("inf") && !json.contains("NaN") && !json.contains("e+"), "{json}");
    for key in ["\"value\":null", "\"normalized\":null", "\"amount_yuan\":null", "\"planned_total_yuan\":null"] {
        assert!(!json.contains(key), "{key}");
    }
    let said: Vec<&str> = n.diagnostics.iter().filter(|d| d.kind == K::Unreadable && d.items == [1]).map(|d| d.message.as_str()).collect();
    assert_eq!(said.len(), 1, "{:?}", n.diagnostics);
    assert!(said[0].contains("400位数") && said[0].contains("超过上限10万亿") && said[0].contains("等4个数字"), "{}", said[0]);
    // The app's bound and the parser's are the same.
    assert_eq!(minsheng::progress::bounds::MAX_VALUE, 1e13);
    let at_bound = parse(&adversarial::notice_with("新增10000000000000个", "完成。"));
    assert_eq!(at_bound.items[0].targets[0].normalized, minsheng::progress::bounds::MAX_VALUE);
    assert!(!at_bound.diagnostics.iter().any(|d| d.message.contains("超过上限")));
}

/// The bundled notice 10 times over reads as 10 copies of it (#13; its time
/// at 1×, 10× and 100× is `cargo bench --bench parse -- scaled`).
#[test]
fn ten_copies_of_the_bundled_notice_are_ten_times_its_items() {
    let one = parse(minsheng::BUNDLED_NOTICE);
    let ten = parse(&adversarial::scaled_seed(10));
    assert_eq!((ten.items.len(), ten.categories.len()), (500, 100));
    for (k, item) in ten.items.iter().enumerate() {
        let seed = &one.items[k % 50];
        assert_eq!((item.no, &item.text, &item.units, item.measures.len()), (k as u32 + 1, &seed.text, &seed.units, seed.measures.len()), "item {}", k + 1);
    }
}
