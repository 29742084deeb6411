//! The bundled notice's reading kept with the seed (`minsheng::BUNDLED_READING`, read at
//! opening instead of parsing the text) is the parser's reading of it. When the parser
//! changes what it reads, this fails; `MINSHENG_WRITE_READING=1 cargo test --test
//! bundled_reading` writes the new reading (then review its diff and commit it).

use minsheng::notice::{parse, Notice};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/xiangshan-2023-50-minsheng.reading.json");

#[test]
fn the_bundled_reading_is_what_the_parser_reads() {
    let parsed = parse(minsheng::BUNDLED_NOTICE);
    if std::env::var_os("MINSHENG_WRITE_READING").is_some() {
        std::fs::write(PATH, serde_json::to_string(&parsed).expect("a notice serializes") + "\n").expect("the seed's reading written");
        return;
    }
    let stored: Notice = serde_json::from_str(minsheng::BUNDLED_READING).expect("the stored reading is a notice");
    assert!(
        stored == parsed,
        "seeds/xiangshan-2023-50-minsheng.reading.json is not what the parser reads: rewrite it with MINSHENG_WRITE_READING=1 cargo test --test bundled_reading"
    );
    // What the app opens with: the stored reading, not the fallback parse.
    assert_eq!(minsheng::bundled_notice(), parsed);
    assert_eq!(parsed.items.len(), 50);
}
