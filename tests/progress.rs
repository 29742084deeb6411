//! The progress model on the real notice: 序时进度, lag, lights at chosen
//! days, deadlines, state at an earlier day, history, undo and redo.

use minsheng::notice::{parse, Notice};
use minsheng::progress::{assess, expected_share, Day, Edit, EditError, Fact, Field, Light, Progress, Standing, Status, Timestamp, Tracker, Value};
use std::sync::OnceLock;

fn ts(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

fn notice() -> &'static Notice {
    static N: OnceLock<Notice> = OnceLock::new();
    N.get_or_init(|| parse(minsheng::BUNDLED_NOTICE))
}

fn day(s: &str) -> Day {
    Day::parse(s).unwrap()
}

fn item(no: u32) -> &'static minsheng::notice::Item {
    notice().items.iter().find(|i| i.no == no).unwrap()
}

fn achieved(target: usize, as_of: &str, value: f64, no: u32) -> Edit {
    Edit { item: no, field: Field::TargetAchieved { target, as_of: day(as_of) }, value: Value::Number(value) }
}

fn set_status(no: u32, status: Status) -> Edit {
    Edit { item: no, field: Field::Status, value: Value::Text(status.key().into()) }
}

fn state(t: &Tracker, no: u32, at: &str) -> minsheng::progress::ItemState {
    assess(item(no), t.progress.items.get(&no), &t.progress.history, 2023, day(at), &t.progress.settings)
}

#[test]
fn expected_share_of_the_year_and_of_a_deadline() {
    assert_eq!(expected_share(2023, None, day("2022-12-31")), 0.0);
    assert_eq!(expected_share(2023, None, day("2023-01-01")), 1.0 / 365.0);
    assert!((expected_share(2023, None, day("2023-06-30")) - 181.0 / 365.0).abs() < 1e-12);
    assert_eq!(expected_share(2023, None, day("2023-12-31")), 1.0);
    assert_eq!(expected_share(2023, None, day("2024-03-01")), 1.0);
    // Item 30: 10月底前全部完工, 12月底前竣工验收 → the earlier one counts.
    let deadline = minsheng::progress::schedule::deadline(item(30), 2023);
    assert_eq!(deadline, Some(day("2023-10-31")));
    assert!((expected_share(2023, deadline, day("2023-06-30")) - 181.0 / 304.0).abs() < 1e-12);
    assert_eq!(expected_share(2023, deadline, day("2023-11-15")), 1.0);
}

#[test]
fn lights_at_chosen_days() {
    let n = notice();
    // Item 7: 797 people. At 06-30, 181/365 = 49.6 % is expected.
    for (value, light, standing) in [
        (400.0, Light::Green, Standing::OnSchedule),
        (200.0, Light::Yellow, Standing::Behind),
        (100.0, Light::Red, Standing::Behind),
        (797.0, Light::Green, Standing::Done),
    ] {
        let mut t = Tracker::default();
        t.edit(n, achieved(0, "2023-06-30", value, 7), ts("2023-07-01T09:00:00")).unwrap();
        let s = state(&t, 7, "2023-06-30");
        assert_eq!((s.light, s.standing), (light, standing), "{value}: lag {:?}", s.lag);
        assert!((s.share.unwrap() - (value / 797.0).min(1.0)).abs() < 1e-12);
        assert!((s.lag.unwrap() - (181.0 / 365.0 - value / 797.0) * 100.0).abs() < 1e-9);
    }
}

#[test]
fn thresholds_are_settings() {
    let mut t = Tracker::default();
    t.edit(notice(), achieved(0, "2023-06-30", 200.0, 7), ts("2023-07-01T09:00:00")).unwrap(); // 24.7 points behind
    assert_eq!(state(&t, 7, "2023-06-30").light, Light::Yellow);
    t.progress.settings.red_lag = 20.0;
    assert_eq!(state(&t, 7, "2023-06-30").light, Light::Red);
    t.progress.settings.yellow_lag = 25.0;
    t.progress.settings.red_lag = 40.0;
    assert_eq!(state(&t, 7, "2023-06-30").light, Light::Green);
}

#[test]
fn not_started_or_nothing_numeric_is_grey() {
    let t = Tracker::default();
    assert_eq!((state(&t, 7, "2023-06-30").light, state(&t, 7, "2023-06-30").standing), (Light::Grey, Standing::NotAssessed));
    let mut t = Tracker::default();
    t.edit(notice(), set_status(25, Status::InProgress), ts("2023-05-01T10:00:00")).unwrap();
    assert_eq!(state(&t, 25, "2023-06-30").light, Light::Grey, "item 25 has no numeric target");
    t.edit(notice(), set_status(25, Status::Done), ts("2023-06-01T10:00:00")).unwrap();
    assert_eq!((state(&t, 25, "2023-06-30").light, state(&t, 25, "2023-06-30").standing), (Light::Green, Standing::Done));
}

#[test]
fn share_keeps_the_real_value_and_counts_from_a_baseline() {
    let mut t = Tracker::default();
    // Item 43: 从3千伏安提高到3.1千伏安 — 3.05 is halfway.
    t.edit(notice(), achieved(0, "2023-06-30", 3.05, 43), ts("2023-07-01T09:00:00")).unwrap();
    assert!((state(&t, 43, "2023-06-30").targets[0].share.unwrap() - 0.5).abs() < 1e-9);
    // Item 18: two targets; one over-achieved counts as 100 % in the item's mean, its own share stays 1.2.
    t.edit(notice(), achieved(0, "2023-06-30", 810.0, 18), ts("2023-07-01T09:00:00")).unwrap();
    t.edit(notice(), achieved(1, "2023-06-30", 270.0, 18), ts("2023-07-01T09:01:00")).unwrap();
    let s = state(&t, 18, "2023-06-30");
    assert!((s.targets[0].share.unwrap() - 1.2).abs() < 1e-9);
    assert!((s.share.unwrap() - 0.75).abs() < 1e-9);
}

#[test]
fn state_at_an_earlier_day() {
    let n = notice();
    let mut t = Tracker::default();
    t.edit(n, set_status(7, Status::InProgress), ts("2023-05-01T10:00:00")).unwrap();
    t.edit(n, achieved(0, "2023-06-30", 200.0, 7), ts("2023-07-03T10:00:00")).unwrap();
    // Q3 figures entered in October, as of the quarter's end.
    t.edit(n, achieved(0, "2023-09-30", 600.0, 7), ts("2023-10-05T10:00:00")).unwrap();
    t.edit(n, set_status(7, Status::Done), ts("2023-11-20T16:00:00")).unwrap();
    let at = |d: &str| state(&t, 7, d);
    assert_eq!((at("2023-04-01").status, at("2023-04-01").targets[0].achieved), (Status::NotStarted, None));
    assert_eq!((at("2023-07-15").status, at("2023-07-15").targets[0].achieved), (Status::InProgress, Some(200.0)));
    assert_eq!(at("2023-09-30").targets[0].achieved, Some(600.0));
    assert_eq!(at("2023-09-30").targets[0].as_of, Some(day("2023-09-30")));
    assert_eq!((at("2023-12-31").status, at("2023-12-31").standing), (Status::Done, Standing::Done));
}

#[test]
fn history_records_unit_field_old_new_and_time() {
    let n = notice();
    let mut t = Tracker::default();
    t.progress.settings.unit = "区残联".into();
    assert!(t.edit(n, Edit { item: 7, field: Field::Note, value: Value::Text("已拨付首批资金".into()) }, ts("2023-07-01T09:00:00")).unwrap());
    assert!(!t.edit(n, Edit { item: 7, field: Field::Note, value: Value::Text("已拨付首批资金".into()) }, ts("2023-07-01T09:01:00")).unwrap(), "no-op");
    t.edit(n, Edit { item: 7, field: Field::Note, value: Value::Text("已拨付两批".into()) }, ts("2023-08-01T09:00:00")).unwrap();
    let h = &t.progress.history;
    assert_eq!(h.len(), 2);
    assert_eq!(
        (h[1].unit.as_str(), h[1].item, &h[1].field, &h[1].old, &h[1].new),
        ("区残联", 7, &Field::Note, &Value::Text("已拨付首批资金".into()), &Value::Text("已拨付两批".into()))
    );
    let p = &t.progress.items[&7];
    assert_eq!((p.updated, p.updated_by.as_deref()), (Some(ts("2023-08-01T09:00:00")), Some("区残联")));
    // The history is part of the serialized state and reads back the same.
    let json = serde_json::to_string(&t.progress).unwrap();
    assert_eq!(serde_json::from_str::<Progress>(&json).unwrap(), t.progress);
}

#[test]
fn undo_and_redo() {
    let n = notice();
    let mut t = Tracker::default();
    t.edit(n, set_status(7, Status::InProgress), ts("2023-07-01T09:00:00")).unwrap();
    t.edit(n, achieved(0, "2023-06-30", 300.0, 7), ts("2023-07-01T09:01:00")).unwrap();
    assert_eq!(t.undo(ts("2023-07-01T09:02:00")), Some(7));
    assert_eq!(t.progress.get(7, &Field::TargetAchieved { target: 0, as_of: day("2023-06-30") }), Value::Empty);
    assert!(t.progress.items[&7].targets.is_empty());
    assert_eq!(t.undo(ts("2023-07-01T09:03:00")), Some(7));
    assert_eq!(t.progress.items[&7].status, Status::NotStarted);
    assert!(!t.can_undo());
    assert_eq!(t.redo(ts("2023-07-01T09:04:00")), Some(7));
    assert_eq!(t.progress.items[&7].status, Status::InProgress);
    // Undo and redo are changes too: 2 edits + 2 undos + 1 redo.
    assert_eq!(t.progress.history.len(), 5);
    // A new edit forgets what could be redone.
    t.edit(n, Edit { item: 7, field: Field::Note, value: Value::Text("x".into()) }, ts("2023-07-01T09:05:00")).unwrap();
    assert!(!t.can_redo());
    // An undo never overwrites a value changed since by someone else.
    t.progress.put(7, &Field::Note, &Value::Text("另一个标签页改的".into()));
    assert_eq!(t.undo(ts("2023-07-01T09:06:00")), None);
    assert_eq!(t.progress.items[&7].note, "另一个标签页改的");
}

#[test]
fn a_batch_is_all_or_nothing_and_one_undo_step() {
    let n = notice();
    let mut t = Tracker::default();
    t.edit(n, set_status(7, Status::InProgress), ts("2023-07-01T09:00:00")).unwrap();
    let served = |v: f64| Edit { item: 7, field: Field::Dated { fact: Fact::SubsidyServed { subsidy: 0 }, on: day("2023-06-30") }, value: Value::Number(v) };
    // One refused edit (a target item 8 lacks) and nothing changes.
    let bad = vec![achieved(0, "2023-06-30", 300.0, 7), achieved(5, "2023-06-30", 1.0, 8), served(10.0)];
    assert_eq!(t.edit_batch(n, bad, ts("2023-07-01T09:01:00")), Err((1, EditError::NoSuchTarget { item: 8, target: 5 })));
    let out_of_bounds = vec![achieved(0, "2023-06-30", 300.0, 7), achieved(0, "2023-06-30", 1e20, 8)];
    assert!(matches!(t.edit_batch(n, out_of_bounds, ts("2023-07-01T09:01:00")), Err((1, EditError::OutOfBounds { .. }))));
    assert_eq!(t.progress.history.len(), 1, "nothing recorded");
    assert_eq!(t.progress.get(7, &Field::TargetAchieved { target: 0, as_of: day("2023-06-30") }), Value::Empty);

    // Three edits, one of which changes nothing: two changes, one step.
    let good = vec![achieved(0, "2023-06-30", 300.0, 7), achieved(0, "2023-06-30", 40.0, 8), set_status(7, Status::InProgress), served(10.0)];
    assert_eq!(t.edit_batch(n, good.clone(), ts("2023-07-01T09:02:00")), Ok(3));
    assert_eq!(t.progress.history.len(), 4);
    assert_eq!(t.edit_batch(n, good, ts("2023-07-01T09:02:30")), Ok(0), "the same again changes nothing");
    assert_eq!(t.undo(ts("2023-07-01T09:03:00")), None, "a batch names no one item");
    for no in [7, 8] {
        assert_eq!(t.progress.get(no, &Field::TargetAchieved { target: 0, as_of: day("2023-06-30") }), Value::Empty, "item {no}");
    }
    assert_eq!(t.progress.get(7, &served(0.0).field), Value::Empty);
    assert_eq!(t.progress.items[&7].status, Status::InProgress, "the edit before the batch stays");
    assert_eq!(t.progress.history.len(), 7, "each undone change is recorded");
    assert_eq!(t.redo(ts("2023-07-01T09:04:00")), None);
    assert_eq!(t.progress.get(8, &Field::TargetAchieved { target: 0, as_of: day("2023-06-30") }), Value::Number(40.0));
    assert_eq!(t.progress.get(7, &served(0.0).field), Value::Number(10.0));

    // Another tab changed one field since: the undo leaves it and takes back the rest.
    t.progress.put(8, &Field::TargetAchieved { target: 0, as_of: day("2023-06-30") }, &Value::Number(41.0));
    t.undo(ts("2023-07-01T09:05:00"));
    assert_eq!(t.progress.get(8, &Field::TargetAchieved { target: 0, as_of: day("2023-06-30") }), Value::Number(41.0));
    assert_eq!(t.progress.get(7, &Field::TargetAchieved { target: 0, as_of: day("2023-06-30") }), Value::Empty);
    assert_eq!(t.undo(ts("2023-07-01T09:06:00")), Some(7), "then the edit before it");
    assert!(!t.can_undo());
}

#[test]
fn bad_edits_are_refused_with_a_chinese_message() {
    let n = notice();
    let mut t = Tracker::default();
    let cases = [
        (Edit { item: 99, field: Field::Note, value: Value::Text("x".into()) }, EditError::NoSuchItem(99)),
        (achieved(5, "2023-06-30", 1.0, 7), EditError::NoSuchTarget { item: 7, target: 5 }),
        (Edit { item: 8, field: Field::SubsidyServed { subsidy: 0 }, value: Value::Number(1.0) }, EditError::NoSuchSubsidy { item: 8, subsidy: 0 }),
        (achieved(0, "2023-06-30", -3.0, 7), EditError::OutOfBounds { field: "目标1完成值（截至2023-06-30）".into(), why: "不能为负数：-3".into() }),
        (Edit { item: 7, field: Field::Status, value: Value::Text("finished".into()) }, EditError::NotAStatus("finished".into())),
    ];
    for (edit, err) in cases {
        assert_eq!(t.edit(n, edit, ts("2023-07-01T09:00:00")), Err(err.clone()));
        assert!(!err.to_string().is_empty() && !err.to_string().is_ascii());
    }
    assert!(t.progress.history.is_empty() && t.progress.items.is_empty(), "nothing changed");
}

/// Numbering that restarts in each category (1, 2 / 1, 2): each item keeps a
/// record of its own, keyed by `Item::key`, and the 通报 shows the printed numbers.
#[test]
fn items_printed_with_the_same_number_keep_records_of_their_own() {
    let text = "某某县2025年民生实事\n\n一、就业（2项）\n1.新增城镇就业1200人。（牵头单位：县人社局）\n2.发放创业担保贷款3000万元。（牵头单位：县人社局）\n二、教育（2项）\n1.新建幼儿园2所，新增学位540个。（牵头单位：县教体局）\n2.改造农村学校厕所30座。（牵头单位：县教体局）\n";
    let n = parse(text);
    let printed: Vec<u32> = n.items.iter().map(|i| i.no).collect();
    let keys: Vec<u32> = n.items.iter().map(|i| i.key).collect();
    assert_eq!((printed, keys), (vec![1, 2, 1, 2], vec![1, 2, 3, 4]));
    let kindergarten = &n.items[2];
    let mut t = Tracker::default();
    let at = ts("2025-06-01T09:00:00");
    let seats = kindergarten.targets.iter().find(|t| t.label.contains("学位")).unwrap();
    t.edit(&n, Edit { item: kindergarten.key, field: Field::TargetAchieved { target: seats.key, as_of: day("2025-05-31") }, value: Value::Number(270.0) }, at)
        .unwrap();
    t.edit(&n, set_status(1, Status::Done), at).unwrap();
    assert_eq!(t.progress.items.keys().copied().collect::<Vec<_>>(), [1, 3], "two records, not one for printed number 1");
    let states = minsheng::view::progress::item_states(&n, &t.progress, day("2025-06-01"));
    assert_eq!(states[0].status, Status::Done);
    assert_eq!(states[2].status, Status::NotStarted, "the other item printed 1 is untouched");
    assert_eq!(states[2].targets.iter().find(|s| s.key == seats.key).and_then(|s| s.achieved), Some(270.0));
    let items: Vec<&minsheng::notice::Item> = n.items.iter().collect();
    let rows = minsheng::view::report::rows(&n, &items, &t.progress, day("2025-06-01"));
    assert_eq!(rows.iter().map(|r| (r.no, r.key)).collect::<Vec<_>>(), [(1, 1), (2, 2), (1, 3), (2, 4)]);
    assert!(rows[2].achieved.contains("完成270"), "{}", rows[2].achieved);
    // A key the notice does not have is refused, whatever is printed.
    assert!(t.edit(&n, set_status(5, Status::Done), at).is_err());
}

fn on(fact: Fact, d: &str) -> Field {
    Field::Dated { fact, on: day(d) }
}

#[test]
fn quarterly_goals_bend_the_expected_share() {
    use minsheng::progress::schedule::expected_with_milestones;
    // 20 % by Q1's end, 30 % by Q2's, 80 % by Q3's, all by the year's end.
    let m: Vec<(Day, f64)> = [("2023-03-31", 0.2), ("2023-06-30", 0.3), ("2023-09-30", 0.8)].iter().map(|(d, s)| (day(d), *s)).collect();
    let e = |d: &str| expected_with_milestones(2023, None, &m, day(d));
    assert!((e("2023-03-31") - 0.2).abs() < 1e-12);
    assert!((e("2023-06-30") - 0.3).abs() < 1e-12);
    assert!((e("2023-09-30") - 0.8).abs() < 1e-12);
    assert_eq!(e("2023-12-31"), 1.0);
    assert_eq!(e("2022-12-31"), 0.0);
    // Halfway through Q3 (08-15 is day 46 of Q3's 92): 0.3 + 0.5 × 46/92.
    assert!((e("2023-08-15") - (0.3 + 0.5 * 46.0 / 92.0)).abs() < 1e-12);
    // Without milestones: the straight line.
    assert_eq!(expected_with_milestones(2023, None, &[], day("2023-06-30")), expected_share(2023, None, day("2023-06-30")));
    // A milestone at or after the deadline is not on the way to it.
    let deadline = Some(day("2023-06-30"));
    assert_eq!(expected_with_milestones(2023, deadline, &m[1..], day("2023-06-29")), expected_share(2023, deadline, day("2023-06-29")));

    // On an item: item 7 (797 people) at 200 by 06-30 is 24.7 points behind the
    // straight line (yellow), but on schedule against a Q2 goal of 20 %.
    let n = notice();
    let mut t = Tracker::default();
    t.edit(n, achieved(0, "2023-06-30", 200.0, 7), ts("2023-07-01T09:00:00")).unwrap();
    assert_eq!(state(&t, 7, "2023-06-30").light, Light::Yellow);
    t.edit(n, Edit { item: 7, field: Field::QuarterShare { quarter: 2 }, value: Value::Number(20.0) }, ts("2023-07-01T09:01:00")).unwrap();
    t.edit(n, Edit { item: 7, field: Field::QuarterGoal { quarter: 2 }, value: Value::Text("完成首批康复救助".into()) }, ts("2023-07-01T09:02:00")).unwrap();
    let s = state(&t, 7, "2023-06-30");
    assert!((s.expected - 0.2).abs() < 1e-12);
    assert_eq!((s.light, s.standing), (Light::Green, Standing::OnSchedule));
    assert_eq!(t.progress.items[&7].quarters[&2].text, "完成首批康复救助");
    // Shares are percentages of the year's goal.
    let bad = t.edit(n, Edit { item: 7, field: Field::QuarterShare { quarter: 3 }, value: Value::Number(120.0) }, ts("2023-07-01T09:03:00"));
    assert!(matches!(bad, Err(EditError::OutOfBounds { .. })), "{bad:?}");
    let bad = t.edit(n, Edit { item: 7, field: Field::QuarterGoal { quarter: 5 }, value: Value::Text("x".into()) }, ts("2023-07-01T09:03:00"));
    assert!(matches!(bad, Err(EditError::NoSuchQuarter(5))), "{bad:?}");
}

#[test]
fn a_standing_set_by_hand_overrides_the_numbers_within_its_quarter() {
    let n = notice();
    let mut t = Tracker::default();
    // Item 25 has no numeric target: only a person can judge it.
    assert_eq!(state(&t, 25, "2023-09-30").standing, Standing::NotAssessed);
    let at = ts("2023-10-08T09:00:00");
    t.edit(n, Edit { item: 25, field: on(Fact::Judgement, "2023-09-30"), value: Value::Text(Standing::OnSchedule.key().into()) }, at).unwrap();
    t.edit(n, Edit { item: 25, field: on(Fact::JudgementReason, "2023-09-30"), value: Value::Text("已完成招标".into()) }, at).unwrap();
    let s = state(&t, 25, "2023-09-30");
    assert_eq!((s.light, s.standing, s.judged, s.facts.judgement_reason.as_str()), (Light::Green, Standing::OnSchedule, true, "已完成招标"));
    // Not in Q4: judged again, or computed.
    assert_eq!((state(&t, 25, "2023-12-31").standing, state(&t, 25, "2023-12-31").judged), (Standing::NotAssessed, false));
    // Behind keeps the numbers' red, else shows yellow.
    t.edit(n, achieved(0, "2023-09-30", 100.0, 7), at).unwrap();
    assert_eq!(state(&t, 7, "2023-09-30").light, Light::Red);
    t.edit(n, Edit { item: 7, field: on(Fact::Judgement, "2023-09-30"), value: Value::Text(Standing::Behind.key().into()) }, at).unwrap();
    assert_eq!(state(&t, 7, "2023-09-30").light, Light::Red);
    t.edit(n, Edit { item: 7, field: on(Fact::Judgement, "2023-09-30"), value: Value::Text(Standing::Done.key().into()) }, at).unwrap();
    assert_eq!((state(&t, 7, "2023-09-30").light, state(&t, 7, "2023-09-30").standing), (Light::Green, Standing::Done));
    // Cleared: the numbers' again.
    t.edit(n, Edit { item: 7, field: on(Fact::Judgement, "2023-09-30"), value: Value::Text(String::new()) }, at).unwrap();
    assert_eq!((state(&t, 7, "2023-09-30").standing, state(&t, 7, "2023-09-30").judged), (Standing::Behind, false));
    let bad = t.edit(n, Edit { item: 7, field: on(Fact::Judgement, "2023-09-30"), value: Value::Text("green".into()) }, at);
    assert!(matches!(bad, Err(EditError::NotAStanding(_))), "{bad:?}");
}

#[test]
fn facts_recorded_in_october_for_the_third_quarter() {
    let n = notice();
    let mut t = Tracker::default();
    t.edit(n, set_status(7, Status::InProgress), ts("2023-05-01T10:00:00")).unwrap();
    // Compiled on 10-08 for 09-30: status, note, 完成情况 and a subsidy figure.
    let at = ts("2023-10-08T09:00:00");
    t.edit(n, Edit { item: 7, field: on(Fact::Status, "2023-09-30"), value: Value::Text(Status::Done.key().into()) }, at).unwrap();
    t.edit(n, Edit { item: 7, field: on(Fact::Note, "2023-09-30"), value: Value::Text("三季度已完成".into()) }, at).unwrap();
    t.edit(n, Edit { item: 7, field: on(Fact::Summary, "2023-09-30"), value: Value::Text("康复救助797名全部完成".into()) }, at).unwrap();
    t.edit(n, Edit { item: 7, field: on(Fact::SubsidyServed { subsidy: 0 }, "2023-09-30"), value: Value::Number(280.0) }, at).unwrap();
    let q3 = state(&t, 7, "2023-09-30");
    assert_eq!(
        (q3.status, q3.standing, q3.facts.note.as_str(), q3.facts.summary.as_str()),
        (Status::Done, Standing::Done, "三季度已完成", "康复救助797名全部完成")
    );
    assert_eq!(q3.facts.subsidies[&0].served, Some(280.0));
    let q2 = state(&t, 7, "2023-06-30");
    assert_eq!((q2.status, q2.facts.note.as_str(), q2.facts.subsidies.len()), (Status::InProgress, "", 0));
    // The history says both when and for which day.
    let last = t.progress.history.last().unwrap();
    assert_eq!((last.at, last.field.label()), (at, "补助1已惠及人数（截至2023-09-30）".to_string()));
    // Undone: that day's fact goes, the earlier status shows again.
    for _ in 0..4 {
        t.undo(ts("2023-10-08T09:05:00")).unwrap();
    }
    let q3 = state(&t, 7, "2023-09-30");
    assert_eq!((q3.status, q3.facts.note.as_str()), (Status::InProgress, ""));
    assert!(t.progress.items[&7].dated.is_empty());
}

#[test]
fn people_are_recorded_and_checked() {
    let n = notice();
    let mut t = Tracker::default();
    let at = ts("2023-10-08T09:00:00");
    for (field, text) in [(Field::Leader, "王副区长"), (Field::Responsible, "李科长"), (Field::Partners, "区财政局、各镇街")] {
        t.edit(n, Edit { item: 7, field, value: Value::Text(text.into()) }, at).unwrap();
    }
    let p = &t.progress.items[&7];
    assert_eq!((p.leader.as_str(), p.responsible.as_str(), p.partners.as_deref()), ("王副区长", "李科长", Some("区财政局、各镇街")));
    let bad = t.edit(n, Edit { item: 7, field: Field::Leader, value: Value::Number(3.0) }, at);
    assert!(matches!(bad, Err(EditError::NotText { .. })), "{bad:?}");
    // Cleared 配合单位: the notice's again.
    t.edit(n, Edit { item: 7, field: Field::Partners, value: Value::Empty }, at).unwrap();
    assert_eq!(t.progress.items[&7].partners, None);
    // All of it reads back from JSON.
    let json = serde_json::to_string(&t.progress).unwrap();
    assert_eq!(serde_json::from_str::<Progress>(&json).unwrap(), t.progress);
}
