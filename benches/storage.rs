//! Saving and loading the stored progress record: the app encodes after
//! every edit and decodes at start and when another tab saved.
//! Run: `cargo bench --bench storage` (figures go to BENCHMARKS.md).
//!
//! The record is a year of daily edits to all 50 items (the same simulation
//! as `tests/progress_record.rs`: ~18k changes in the history).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use minsheng::notice::{parse, Notice};
use minsheng::progress::record::{decode, encode_with, notice_hash, Encoding, StoredRecord};
use minsheng::progress::{Day, Edit, Field, Progress, Tracker, Value};

/// Each day of 2023, for each item: an observation as of that day of its
/// first target, or (no target) a new note. Kept in step with the test's copy.
fn year_of_edits(notice: &Notice) -> Progress {
    let mut t = Tracker::default();
    t.progress.settings.unit = "区残联".into();
    let start = Day::new(2023, 1, 1).unwrap();
    let mut day = start;
    for d in 0..365u32 {
        for (i, item) in notice.items.iter().enumerate() {
            let at = format!("{day}T{:02}:{:02}:{:02}", 9 + i / 60, i % 60, d % 60);
            let edit = if item.targets.is_empty() {
                Edit { item: item.no, field: Field::Note, value: Value::Text(format!("第{}天：已召开推进会，完成阶段性工作{}项。", d + 1, d % 7 + 1)) }
            } else {
                Edit { item: item.no, field: Field::TargetAchieved { target: 0, as_of: day }, value: Value::Number(f64::from(d * 3 + i as u32)) }
            };
            t.edit(notice, edit, &at).unwrap();
        }
        day = next(day);
    }
    t.progress
}

fn next(day: Day) -> Day {
    Day::new(day.year(), day.month(), day.day() + 1)
        .or_else(|| Day::new(day.year(), day.month() + 1, 1))
        .unwrap_or_else(|| Day::new(day.year() + 1, 1, 1).unwrap())
}

fn storage(c: &mut Criterion) {
    let notice = parse(minsheng::BUNDLED_NOTICE);
    let hash = notice_hash(minsheng::BUNDLED_NOTICE);
    let record = StoredRecord::new(hash.clone(), "2023-12-31T18:00:00", 18_250, year_of_edits(&notice));
    for (name, encoding) in [
        ("plain", Encoding::Plain),
        ("deflate 1", Encoding::Deflate { level: 1 }),
        ("deflate 3", Encoding::Deflate { level: 3 }),
        ("deflate 6", Encoding::Deflate { level: 6 }),
    ] {
        let stored = encode_with(&record, encoding);
        eprintln!("year record, {name}: {} bytes", stored.len());
        c.bench_function(&format!("encode year record ({name})"), |b| b.iter(|| encode_with(black_box(&record), encoding)));
        c.bench_function(&format!("decode year record ({name})"), |b| b.iter(|| decode(black_box(&stored), &hash).unwrap()));
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = storage
}
criterion_main!(benches);
