//! Saving and loading the stored progress record: the app encodes after
//! every edit and decodes at start and when another tab saved.
//! Run: `cargo bench --bench storage` (figures go to BENCHMARKS.md).
//!
//! The record is a year of daily edits to all 50 items (the same simulation
//! as `tests/progress_record.rs`: ~18k changes in the history).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use minsheng::notice::parse;
use minsheng::progress::record::{decode, encode_with, notice_hash, Encoding, StoredRecord};

#[path = "../tests/support/year.rs"]
mod year;

fn storage(c: &mut Criterion) {
    let notice = parse(minsheng::BUNDLED_NOTICE);
    let hash = notice_hash(minsheng::BUNDLED_NOTICE);
    let record = StoredRecord::new(hash.clone(), "2023-12-31T18:00:00", 18_250, year::year_of_edits(&notice));
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
