//! Data-driven tests of the parser against the real notice in seeds/.
//! Expected values live in tests/data/*.tsv, read off the notice by hand.

use minsheng::notice::{parse, DiagnosticKind, Item, Level, Notice, TargetKind};
use std::sync::OnceLock;

fn seed() -> &'static Notice {
    static NOTICE: OnceLock<Notice> = OnceLock::new();
    NOTICE.get_or_init(|| parse(minsheng::BUNDLED_NOTICE))
}

fn rows(tsv: &str) -> Vec<Vec<&str>> {
    tsv.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(|l| l.split('\t').collect()).collect()
}

fn item(no: u32) -> &'static Item {
    seed().items.iter().find(|i| i.no == no).unwrap_or_else(|| panic!("item {no} missing"))
}

fn opt(s: &str) -> Option<&str> {
    (s != "-").then_some(s)
}

#[test]
fn header() {
    let n = seed();
    assert_eq!(n.title.as_deref(), Some("关于印发相山区2023年实施50项民生实事的通知"));
    assert_eq!(n.date.as_deref(), Some("2023-09-01"));
    assert_eq!(n.list_title.as_deref(), Some("淮北市相山区2023年50项民生实事"));
    assert_eq!(n.stated_total, Some(50));
}

#[test]
fn categories() {
    let expected = [
        (1, "促进就业", 3, 3, 1..=3),
        (2, "社会保障", 2, 2, 4..=5),
        (3, "困难群体救助", 10, 11, 6..=16),
        (4, "教育惠民", 3, 3, 17..=21),
        (5, "卫生健康", 5, 5, 22..=27),
        (6, "环境保护", 1, 1, 28..=29),
        (7, "交通出行", 2, 2, 30..=31),
        (8, "文体服务", 3, 3, 32..=35),
        (9, "城乡建设", 6, 6, 36..=46),
        (10, "公共安全", 2, 2, 47..=50),
    ];
    let got = &seed().categories;
    assert_eq!(got.len(), expected.len());
    for (c, (index, name, stated, stated_att, nos)) in got.iter().zip(expected) {
        assert_eq!((c.index, c.name.as_str(), c.stated_count, c.stated_count_attachment), (index, name, Some(stated), Some(stated_att)));
        assert_eq!(c.item_nos, nos.collect::<Vec<u32>>(), "category {index}");
    }
}

#[test]
fn every_item_number_category_units_level_measures() {
    let expected = rows(include_str!("data/seed-items.tsv"));
    assert_eq!(expected.len(), 50);
    assert_eq!(seed().items.len(), 50);
    for row in expected {
        let no: u32 = row[0].parse().unwrap();
        let it = item(no);
        let level = match row[2] {
            "district" => Level::District,
            "city" => Level::City,
            _ => Level::Province,
        };
        let units: Vec<&str> = opt(row[4]).map(|u| u.split('、').collect()).unwrap_or_default();
        assert_eq!(it.category, row[1].parse::<u32>().unwrap(), "item {no} category");
        assert_eq!(it.level, level, "item {no} level");
        assert_eq!(it.units_label.as_deref(), opt(row[3]), "item {no} units label");
        assert_eq!(it.units, units, "item {no} units");
        assert_eq!(it.measures.len(), row[5].parse::<usize>().unwrap(), "item {no} measures: {:?}", it.measures);
        assert_eq!(it.citywide_reference, row[6] == "true", "item {no} 全市参照执行");
    }
}

#[test]
fn item_texts_and_measures() {
    assert_eq!(item(1).text, "促进重点群体稳定就业，城镇新增就业0.98万人；力争36个城市社区达到省级“三公里”充分就业社区标准。");
    // The marker is a flag, not text; the trailing parentheticals are gone.
    assert_eq!(item(2).text, "支持毕业生求职创业，按1500元/人标准发放求职创业补贴。");
    assert_eq!(item(12).text, "救助血友病、恶性肿瘤、心脏大血管疾病、再生障碍性贫血等重大疾病困难患者60名。");
    // Numbering stripped, a single unnumbered paragraph is one measure.
    assert_eq!(item(28).measures, ["制定农村黑臭水体治理方案，定期督查。"]);
    assert!(item(6).measures[2].starts_with("持续开展孤儿"), "“3、” numbering: {:?}", item(6).measures[2]);
    assert!(item(49).measures[0].starts_with("贯彻落实《反电信网络诈骗法》"));
    for (measure, start) in item(7).measures.iter().zip(["为280名", "为9名", "为625名", "为66名"]) {
        assert!(measure.starts_with(start), "{measure}");
    }
}

#[test]
fn attachment_wording_only_where_it_differs() {
    let differing: Vec<u32> = seed().items.iter().filter(|i| i.attachment_text.is_some()).map(|i| i.no).collect();
    assert_eq!(differing, [14, 19, 23]);
    assert!(item(14).attachment_text.as_deref().unwrap().starts_with("全区办理法律援助案件不少于500件"));
}

#[test]
fn every_target_value_by_value() {
    let expected = rows(include_str!("data/seed-targets.tsv"));
    let mut got = Vec::new();
    for it in &seed().items {
        for t in &it.targets {
            let kind = serde_json::to_value(t.kind).unwrap();
            got.push(vec![
                it.no.to_string(),
                t.value.to_string(),
                t.unit.clone(),
                t.normalized.to_string(),
                t.base_unit.clone(),
                kind.as_str().unwrap().to_string(),
                t.comparator.clone().unwrap_or("-".into()),
            ]);
        }
    }
    let expected: Vec<Vec<String>> = expected.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect();
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e);
    }
    assert_eq!(got.len(), expected.len(), "number of targets");
}

#[test]
fn target_labels_say_what_is_counted() {
    let labels = |no| item(no).targets.iter().map(|t| t.label.clone()).collect::<Vec<_>>();
    assert_eq!(labels(18), ["新增托位", "新增公办幼儿园学位"]);
    assert_eq!(labels(1)[0], "城镇新增就业");
    assert_eq!(labels(23), ["全市新生儿遗传代谢病筛查率", "新生儿听力障碍筛查率"]);
    assert_eq!(labels(31), ["新增城市停车泊位", "新增公共停车泊位"]);
}

#[test]
fn names_deadlines_and_baselines_are_not_targets() {
    // 15分钟阅读圈, 24小时供水, 2023年底, 三公里 are not figures to reach.
    assert_eq!(item(33).targets.len(), 1);
    assert_eq!(item(42).targets.iter().map(|t| t.value).collect::<Vec<_>>(), [5.0]);
    assert!(item(22).targets.iter().all(|t| t.value != 2023.0));
    let b = &item(43).baselines;
    assert_eq!((b.len(), b[0].value, b[0].unit.as_str(), b[0].kind), (1, 3.0, "千伏安", TargetKind::Capacity));
    assert_eq!(item(43).targets[0].label, "农村电网户均配变容量");
    let d: Vec<_> = item(30).deadlines.iter().map(|d| (d.month, d.day)).collect();
    assert_eq!(d, [(10, None), (12, None)]);
}

#[test]
fn every_subsidy_value_by_value() {
    let expected = rows(include_str!("data/seed-subsidies.tsv"));
    let mut got = Vec::new();
    for it in &seed().items {
        for s in &it.subsidies {
            let num = |v: Option<String>| v.unwrap_or("-".into());
            got.push(vec![
                it.no.to_string(),
                s.amount_yuan.to_string(),
                s.basis.clone(),
                num(s.beneficiaries.map(|b| b.to_string())),
                num(s.planned_total_yuan.map(|t| t.to_string())),
            ]);
        }
    }
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e);
    }
    assert_eq!(got.len(), expected.len(), "number of subsidies");
}

#[test]
fn subsidies_keep_their_quote() {
    let s = &item(7).subsidies[0];
    assert!(s.quote.contains("为280名") && s.quote.contains("每人1.5万元"), "{}", s.quote);
    // Medical-cost brackets of item 6 are not payments.
    assert!(item(6).subsidies.iter().all(|s| ![5000.0, 30000.0, 70000.0].contains(&s.amount_yuan)));
}

fn diagnostics(kind: DiagnosticKind) -> Vec<(Vec<u32>, String, Option<String>)> {
    seed().diagnostics.iter().filter(|d| d.kind == kind).map(|d| (d.items.clone(), d.message.clone(), d.quote.clone())).collect()
}

#[test]
fn diagnostic_heading_counts() {
    let d = diagnostics(DiagnosticKind::CategoryCountMismatch);
    let flagged: Vec<u32> = d.iter().map(|(items, _, _)| items[0]).collect();
    // 困难群体救助, 教育惠民, 卫生健康, 环境保护, 文体服务, 城乡建设, 公共安全.
    assert_eq!(flagged, [6, 17, 22, 28, 32, 36, 47]);
    assert!(d[1].1.contains("标题称3项，实际列出5项"), "{}", d[1].1);
    assert_eq!(d[1].2.as_deref(), Some("四、教育惠民（3项）"));
    let total = diagnostics(DiagnosticKind::StatedTotalMismatch);
    assert_eq!(total.len(), 1);
    let msg = &total[0].1;
    assert!(msg.contains("合计37项") && msg.contains("附件1各类标题合计38项") && msg.contains("50项"), "{msg}");
    assert!(msg.contains("只计区级任务"), "the headings count district-level items: {msg}");
}

#[test]
fn diagnostic_attachment_heading_count() {
    let d = diagnostics(DiagnosticKind::AttachmentCountMismatch);
    assert_eq!(d.len(), 1);
    assert!(d[0].1.contains("主清单为10项，在附件1为11项"), "{}", d[0].1);
    assert_eq!(d[0].2.as_deref(), Some("三、困难群体救助（11项）"));
}

#[test]
fn diagnostic_scope_citywide_and_wording() {
    let scope: Vec<u32> = diagnostics(DiagnosticKind::ScopeMismatch).iter().map(|d| d.0[0]).collect();
    assert_eq!(scope, [14, 19, 23]);
    let citywide: Vec<u32> = diagnostics(DiagnosticKind::CitywideReferenceMismatch).iter().map(|d| d.0[0]).collect();
    assert_eq!(citywide, [13, 25, 26, 49]);
    assert!(diagnostics(DiagnosticKind::WordingDiffers).is_empty());
    assert!(diagnostics(DiagnosticKind::ItemMismatch).is_empty());
}

#[test]
fn diagnostic_document_numbers() {
    let d = diagnostics(DiagnosticKind::DocumentNumber);
    let got: Vec<(u32, Option<&str>)> = d.iter().map(|(items, _, q)| (items[0], q.as_deref())).collect();
    assert_eq!(got, [(15, Some("淮退役军人〔2121〕59号")), (39, Some("财综〔财综2022〕438号"))]);
    assert!(d[0].1.contains("2121") && d[0].1.contains("不可能"));
    assert!(d[1].1.contains("格式有误"));
}

#[test]
fn diagnostic_breakdowns() {
    let d = diagnostics(DiagnosticKind::BreakdownMismatch);
    let got: Vec<(u32, &str)> = d.iter().map(|(items, m, _)| (items[0], m.as_str())).collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].0, 7);
    assert!(got[0].1.contains("797") && got[0].1.contains("280+9+625+66=980"), "{}", got[0].1);
    assert_eq!(got[1].0, 10);
    assert!(got[1].1.contains("27") && got[1].1.contains("14+10=24"), "{}", got[1].1);
}

#[test]
fn json_has_the_public_field_names() {
    let json = serde_json::to_value(seed()).unwrap();
    for key in ["title", "date", "categories", "items", "diagnostics"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    for key in ["index", "name", "stated_count", "stated_count_attachment", "item_nos"] {
        assert!(json["categories"][0].get(key).is_some(), "categories.{key}");
    }
    let item7 = &json["items"][6];
    for key in ["no", "category", "text", "attachment_text", "units", "units_label", "level", "citywide_reference", "measures", "targets", "subsidies"] {
        assert!(item7.get(key).is_some(), "items.{key}");
    }
    for key in ["label", "value", "unit", "normalized", "base_unit", "kind", "comparator"] {
        assert!(item7["targets"][0].get(key).is_some(), "targets.{key}");
    }
    for key in ["label", "amount_yuan", "basis", "beneficiaries", "planned_total_yuan", "quote"] {
        assert!(item7["subsidies"][0].get(key).is_some(), "subsidies.{key}");
    }
    assert_eq!(item7["level"], "district");
    assert_eq!(json["items"][11]["level"], "city");
    assert_eq!(json["diagnostics"][0]["kind"], "category_count_mismatch");
    // Round trip: the public format reads back into the same notice.
    let back: Notice = serde_json::from_value(json).unwrap();
    assert_eq!(&back, seed());
}
