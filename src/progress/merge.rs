//! Merging the progress of several copies (#6): the district office's own
//! copy and the snapshots the lead units mail in, each of which edited
//! mostly its own items.
//!
//! A history is taken as a set of changes. A change is identified by
//! (at, unit, item, field, new) — not by `old`, which `record::rebase`
//! rewrites, so one event can carry different `old`s in different copies.
//! The merged history is the union of the inputs' changes in one total order
//! (`at`, unit, item, field, new), each `old` rewritten to the value before it
//! in that order; the merged state is that history replayed. So the result
//! depends on the set of changes only: merging is idempotent, commutative
//! and associative, and per field the newest change wins ("newest" by the
//! `at` each copy's own clock wrote).
//!
//! Before merging, each input is normalized:
//! - a value the input had before its history began (a record migrated from
//!   schema 1 has state but no history) becomes a change at
//!   `Timestamp::PRIOR` by unit `""`, which sorts before every recorded edit. Copies of one migrated
//!   record thus share that change instead of disagreeing about it;
//! - a copy's changes to one field within one second (an edit and its undo)
//!   are kept if the total order (unit, then value) lists them in their
//!   history order; otherwise only the last of them, their net effect, is.
//!
//! The history is authoritative: a state value that contradicts the field's
//! own recorded changes (never written by the app) is not carried over.

use std::cmp::Ordering;

use super::diff::fields;
use super::model::{Change, Field, ItemProgress, Progress, Value};
use super::timestamp::Timestamp;

/// The merge of several copies.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Merged {
    /// Items and history merged; `settings` are the first input's (the
    /// local user's own, not merged).
    pub progress: Progress,
    /// Fields changed independently in several copies, by (item, field).
    /// `progress` holds the newest candidate; the user decides, choosing
    /// another with an ordinary edit. The merged copy holds every side's
    /// changes, so merging the same files into it again lists nothing.
    pub conflicts: Vec<Conflict>,
}

/// A field that copies changed independently since the changes they share,
/// ending at different values. An input's version of a field is the set of
/// its changes to it; a version contained in another (a stale copy) is
/// superseded; two or more versions left whose newest values differ are a
/// conflict. For two inputs: both changed the field since their common state.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub item: u32,
    pub field: Field,
    /// The newest value of each copy's version, oldest first: the last is
    /// what the merge chose.
    pub candidates: Vec<Candidate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub value: Value,
    /// When and by whom the value was set (`PRIOR` for a value older than
    /// the history, e.g. migrated from schema 1).
    pub at: Timestamp,
    pub unit: String,
    /// The lowest index of the inputs whose version of the field ends here.
    pub input: usize,
}

/// Merge `inputs`; `inputs[0]` is the local copy, whose settings the result
/// keeps. No inputs: the default.
pub fn merge(inputs: &[&Progress]) -> Merged {
    merge_with_changes(inputs, &[])
}

/// `merge`, with `changes` joining the union exactly as they are (one more
/// input, taken as a set of changes rather than as a copy: no values from
/// before a history are inferred from their `old`s). A tab takes in what
/// another tab saved this way: the stored copy as `inputs[0]` and its own
/// unsaved changes as `changes`, by the same rule as every other merge.
pub fn merge_with_changes(inputs: &[&Progress], changes: &[Change]) -> Merged {
    let Some(local) = inputs.first() else {
        return Merged::default();
    };
    let normalized: Vec<Normalized> = inputs.iter().map(|p| normalize(p)).collect();
    let mut held: Vec<Held> = Vec::new();
    for (input, n) in normalized.iter().enumerate() {
        held.extend(n.prior.iter().chain(n.recorded.iter().copied()).map(|change| Held { change, input }));
    }
    held.extend(changes.iter().map(|change| Held { change, input: inputs.len() }));
    let input_count = inputs.len() + usize::from(!changes.is_empty());
    held.sort_unstable_by(|a, b| field_order(a.change, b.change).then(a.input.cmp(&b.input)));

    let mut history: Vec<&Change> = Vec::new();
    let mut conflicts = Vec::new();
    for field_changes in held.chunk_by(|a, b| same_field(a.change, b.change)) {
        // One entry per distinct change, with the inputs holding it (ascending).
        let distinct: Vec<&[Held]> = field_changes.chunk_by(|a, b| field_order(a.change, b.change).is_eq()).collect();
        history.extend(distinct.iter().map(|holders| holders[0].change));
        conflicts.extend(conflict(&distinct, input_count));
    }
    history.sort_unstable_by(|a, b| history_order(a, b));

    let mut progress = Progress { settings: local.settings.clone(), ..Progress::default() };
    progress.history.reserve(history.len());
    for change in history {
        apply(&mut progress, change.clone());
    }
    Merged { progress, conflicts }
}

/// One input's changes as the merge sees them.
struct Normalized<'a> {
    /// Values from before the history began, as changes at "".
    prior: Vec<Change>,
    recorded: Vec<&'a Change>,
}

/// A change and one input holding it.
struct Held<'a> {
    change: &'a Change,
    input: usize,
}

fn normalize(progress: &Progress) -> Normalized<'_> {
    let history = &progress.history;
    // By field, each field's changes by time; stable, so a second's changes
    // stay in history order.
    let mut by_field: Vec<usize> = (0..history.len()).collect();
    by_field.sort_by(|&a, &b| {
        let (a, b) = (&history[a], &history[b]);
        a.item.cmp(&b.item).then_with(|| cmp_field(&a.field, &b.field)).then_with(|| a.at.cmp(&b.at))
    });
    let mut prior = Vec::new();
    let mut recorded = Vec::with_capacity(history.len());
    let mut first_changes: Vec<&Change> = Vec::new();
    for field_changes in by_field.chunk_by(|&a, &b| same_field(&history[a], &history[b])) {
        let first = &history[*field_changes.iter().min().expect("chunks are not empty")];
        first_changes.push(first);
        if first.old != untouched(first.item, &first.field) {
            let held = as_held(first.item, &first.field, &first.old);
            if held != untouched(first.item, &first.field) {
                prior.push(prior_change(first.item, first.field.clone(), held));
            }
        }
        for second in field_changes.chunk_by(|&a, &b| history[a].at == history[b].at) {
            let in_order = second.windows(2).all(|w| unit_then_new(&history[w[0]], &history[w[1]]).is_lt());
            if in_order {
                recorded.extend(second.iter().map(|&i| &history[i]));
            } else {
                recorded.push(&history[*second.last().expect("chunks are not empty")]);
            }
        }
    }
    // Fields with a value but no history at all.
    for &item in progress.items.keys() {
        for field in fields(progress, progress, item) {
            let in_history = first_changes.binary_search_by(|c| c.item.cmp(&item).then_with(|| cmp_field(&c.field, &field))).is_ok();
            let value = progress.get(item, &field);
            if !in_history && value != untouched(item, &field) {
                prior.push(prior_change(item, field, value));
            }
        }
    }
    Normalized { prior, recorded }
}

/// A value from before the history, as a change that sorts before every dated one.
fn prior_change(item: u32, field: Field, value: Value) -> Change {
    Change { at: Timestamp::PRIOR, unit: String::new(), item, field, old: Value::Empty, new: value }
}

/// A field's value where nobody has touched it.
fn untouched(item: u32, field: &Field) -> Value {
    Progress::default().get(item, field)
}

/// `value` as the field holds it (an empty status reads as 未启动).
fn as_held(item: u32, field: &Field, value: &Value) -> Value {
    let mut p = Progress::default();
    p.put(item, field, value);
    p.get(item, field)
}

/// Record `change` as the newest: its `old` becomes the current value, the
/// item is stamped as by an edit (a change at `PRIOR` predates every stamp).
fn apply(progress: &mut Progress, mut change: Change) {
    change.old = progress.get(change.item, &change.field);
    progress.put(change.item, &change.field, &change.new);
    if !change.at.is_prior() {
        let p: &mut ItemProgress = progress.items.entry(change.item).or_default();
        p.updated = Some(change.at);
        p.updated_by = (!change.unit.is_empty()).then(|| change.unit.clone());
    }
    progress.history.push(change);
}

/// The conflict on one field, if any. `distinct` are the field's distinct
/// changes in order, each as the inputs holding it.
fn conflict(distinct: &[&[Held]], input_count: usize) -> Option<Conflict> {
    if distinct.len() < 2 {
        return None;
    }
    // Each input's version of the field: the positions of its changes.
    let mut versions: Vec<Vec<usize>> = vec![Vec::new(); input_count];
    for (position, holders) in distinct.iter().enumerate() {
        for held in *holders {
            versions[held.input].push(position);
        }
    }
    // Identical versions count once, as the lowest input holding them.
    let mut versions: Vec<(Vec<usize>, usize)> = versions.into_iter().enumerate().filter(|(_, v)| !v.is_empty()).map(|(input, v)| (v, input)).collect();
    versions.sort_unstable();
    versions.dedup_by(|later, earlier| later.0 == earlier.0);
    if versions.len() < 2 {
        return None;
    }
    // A version contained in another (a stale copy) is superseded.
    let is_maximal = |v: &Vec<usize>| versions.iter().all(|(other, _)| other == v || !is_subset(v, other));
    let mut newest: Vec<(usize, usize)> = versions.iter().filter(|(v, _)| is_maximal(v)).map(|(v, input)| (v[v.len() - 1], *input)).collect();
    newest.sort_unstable();
    newest.dedup_by_key(|(position, _)| *position);
    let value = |position: usize| &distinct[position][0].change.new;
    let chosen = value(newest.last()?.0);
    if newest.iter().all(|&(position, _)| cmp_value(value(position), chosen).is_eq()) {
        return None;
    }
    let first = distinct[0][0].change;
    let candidates = newest
        .into_iter()
        .map(|(position, input)| {
            let change = distinct[position][0].change;
            Candidate { value: change.new.clone(), at: change.at, unit: change.unit.clone(), input }
        })
        .collect();
    Some(Conflict { item: first.item, field: first.field.clone(), candidates })
}

/// Both ascending.
fn is_subset(small: &[usize], big: &[usize]) -> bool {
    let mut big = big.iter();
    small.iter().all(|s| big.any(|b| b == s))
}

fn same_field(a: &Change, b: &Change) -> bool {
    a.item == b.item && cmp_field(&a.field, &b.field).is_eq()
}

/// A change's identity (time, unit, item, field, new value) as an order:
/// equal means the same change, whatever its `old`.
pub(crate) fn identity_order(a: &Change, b: &Change) -> Ordering {
    history_order(a, b)
}

/// The merged history's order (the identity of a change, oldest first).
fn history_order(a: &Change, b: &Change) -> Ordering {
    a.at.cmp(&b.at)
        .then_with(|| a.unit.cmp(&b.unit))
        .then_with(|| a.item.cmp(&b.item))
        .then_with(|| cmp_field(&a.field, &b.field))
        .then_with(|| cmp_value(&a.new, &b.new))
}

/// The same identity, field by field.
fn field_order(a: &Change, b: &Change) -> Ordering {
    a.item.cmp(&b.item).then_with(|| cmp_field(&a.field, &b.field)).then_with(|| a.at.cmp(&b.at)).then_with(|| unit_then_new(a, b))
}

fn unit_then_new(a: &Change, b: &Change) -> Ordering {
    a.unit.cmp(&b.unit).then_with(|| cmp_value(&a.new, &b.new))
}

fn cmp_field(a: &Field, b: &Field) -> Ordering {
    fn key(field: &Field) -> (u8, usize, Option<super::Day>) {
        use super::model::Fact;
        match *field {
            Field::Dated { fact, on } => {
                let (rank, index) = match fact {
                    Fact::Status => (8, 0),
                    Fact::PauseReason => (9, 0),
                    Fact::Note => (10, 0),
                    Fact::Evidence => (11, 0),
                    Fact::Summary => (12, 0),
                    Fact::Judgement => (13, 0),
                    Fact::JudgementReason => (14, 0),
                    Fact::SubsidyServed { subsidy } => (15, subsidy),
                    Fact::SubsidyDisbursed { subsidy } => (16, subsidy),
                    Fact::SubsidyPlanned { subsidy } => (17, subsidy),
                };
                (rank, index, Some(on))
            }
            Field::Leader => (18, 0, None),
            Field::Responsible => (19, 0, None),
            Field::Partners => (20, 0, None),
            Field::QuarterGoal { quarter } => (21, usize::from(quarter), None),
            Field::QuarterShare { quarter } => (22, usize::from(quarter), None),
            Field::Status => (0, 0, None),
            Field::PauseReason => (1, 0, None),
            Field::Note => (2, 0, None),
            Field::Evidence => (3, 0, None),
            Field::TargetAchieved { target, as_of } => (4, target, Some(as_of)),
            Field::SubsidyServed { subsidy } => (5, subsidy, None),
            Field::SubsidyDisbursed { subsidy } => (6, subsidy, None),
            Field::SubsidyPlanned { subsidy } => (7, subsidy, None),
        }
    }
    key(a).cmp(&key(b))
}

/// Empty, then numbers (total order), then text.
fn cmp_value(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.total_cmp(y),
        (Value::Text(x), Value::Text(y)) => x.cmp(y),
        _ => {
            let rank = |v: &Value| match v {
                Value::Empty => 0,
                Value::Number(_) => 1,
                Value::Text(_) => 2,
            };
            rank(a).cmp(&rank(b))
        }
    }
}
