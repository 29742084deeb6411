//! Opening and saving with a year of daily edits to all 50 items stored
//! (`tests/support/year.rs`: 18,250 changes), against release 0.1's layout
//! measured in the same run: that release serialized and deflated the whole
//! record (state and history) on every edit, and decoded all of it to open.
//! Run: `cargo bench --bench storage` (figures go to BENCHMARKS.md).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use minsheng::notice::parse;
use minsheng::progress::persist::load;
use minsheng::progress::store::MemoryStore;
use minsheng::progress::{legacy, notice_hash, Edit, Field, Tracker, Value};

#[path = "../tests/support/year.rs"]
mod year;
use year::ts;

fn storage(c: &mut Criterion) {
    let notice = parse(minsheng::BUNDLED_NOTICE);
    let hash = notice_hash(minsheng::BUNDLED_NOTICE);
    let progress = year::year_of_edits(&notice);

    // Release 0.1: every save encodes the whole record; opening decodes it.
    let old = legacy::encode_v2(&hash, ts("2023-12-31T18:00:00"), 1, &progress, 3);
    eprintln!("release 0.1 record: {} bytes", old.len());
    c.bench_function("release 0.1: save after an edit (encode the year record)", |b| {
        b.iter(|| legacy::encode_v2(&hash, ts("2023-12-31T18:00:00"), 2, black_box(&progress), 3))
    });
    c.bench_function("release 0.1: open (decode the year record)", |b| b.iter(|| legacy::decode(black_box(&old), &hash).unwrap()));

    // Schema 3: the year written whole once (as after a migration).
    let store = MemoryStore::new();
    let mut writer = store.clone();
    let mut loaded = load(&mut writer, &hash, "a", ts("2024-01-01T08:00:00"));
    loaded.progress = progress.clone();
    loaded.persistence.mark_replaced();
    assert!(loaded.persistence.save(&mut writer, &mut loaded.progress, ts("2024-01-01T08:00:00")).is_empty());
    eprintln!("schema 4: {} bytes in {} keys", store.bytes(), store.map.borrow().len());

    c.bench_function("schema 4: open (head, items, open chunk)", |b| {
        b.iter(|| {
            let mut s = store.clone();
            load(&mut s, &hash, "b", ts("2024-01-02T08:00:00"))
        })
    });
    c.bench_function("schema 4: read the whole history after opening", |b| {
        b.iter_batched(
            || {
                let mut s = store.clone();
                (load(&mut s, &hash, "b", ts("2024-01-02T08:00:00")), s)
            },
            |(mut l, mut s)| l.persistence.load_history(&mut s, &mut l.progress, ts("2024-01-02T08:00:00")),
            criterion::BatchSize::LargeInput,
        )
    });
    // One edit and its save, on a copy of the store each time (the store grows otherwise).
    c.bench_function("schema 4: save after an edit", |b| {
        b.iter_batched(
            || {
                let copy = MemoryStore::new();
                *copy.map.borrow_mut() = store.map.borrow().clone();
                let mut s = copy.clone();
                let mut l = load(&mut s, &hash, "c", ts("2024-01-02T08:00:00"));
                // As in the app: the history is read right after the first paint, before any edit
                // (a save that appends reads it itself if not: see `persist::save`).
                l.persistence.load_history(&mut s, &mut l.progress, ts("2024-01-02T08:00:00"));
                let mut t = Tracker::new(l.progress);
                t.edit(&notice, Edit { item: 7, field: Field::Note, value: Value::Text("新的一年".into()) }, ts("2024-01-02T09:00:00")).unwrap();
                (t, l.persistence, s)
            },
            |(mut t, mut p, mut s)| p.save(&mut s, &mut t.progress, ts("2024-01-02T09:00:00")),
            criterion::BatchSize::LargeInput,
        )
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = storage
}
criterion_main!(benches);
