//! A notice as a file carries it (#12): a snapshot, and so a "网页带数据"
//! copy, of a library notice holds the library's facts about it and its
//! whole text, so that a colleague who never had that notice gets it with
//! the data. Checked completely when read (`check`), and matched to the
//! notices a browser has (`is`, `here`) by what identifies a notice.
//!
//! ```json
//! "notice_source": { "id": "00112233aabbccdd", "title": "…", "place": "青禾县", "year": 2025,
//!                    "text_hash": "…", "parser_version": 1, "text": "关于印发…",
//!                    "reading": {…}, "corrections": {…} }
//! ```
//!
//! `reading` (the sender's keyed reading, `notice::keys::Reading`) gives the
//! receiver the sender's keys for the text even where they are not the first
//! ones (a text corrected since it was added); `corrections` are the sender's
//! (`notice::corrections`), so the receiver tracks the notice as corrected.
//! Both are left out when there is nothing to say.
//!
//! ```text
//! ```
//!
//! Public format: fields are added (with `serde(default)`), never renamed.

use serde::{Deserialize, Serialize};

use super::bounds::is_bidi_control;
use super::keys::notice_hash;
use super::library::Entry;
use super::timestamp::Timestamp;
use crate::notice::corrections::{self, Corrections};
use crate::notice::keys::{assign, carry_keys, Reading};
use crate::notice::{parse, Notice};

/// A notice carried by a file: the library entry's declared facts (as the
/// exporting browser has them) and the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Carried {
    /// The notice's identity, drawn once by the browser that added it (16 hex characters).
    pub id: String,
    pub title: String,
    pub place: String,
    pub year: Option<i32>,
    /// `notice_hash` of `text`: the version of the text.
    pub text_hash: String,
    /// The notice JSON format the parser wrote when the text was read.
    pub parser_version: u32,
    pub text: String,
    /// The sender's keyed reading of `text` (absent: the first keys of its reading).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<Reading>,
    /// The sender's corrections of the reading.
    #[serde(default, skip_serializing_if = "Corrections::is_empty")]
    pub corrections: Corrections,
}

/// The longest notice text carried: a 200-item list is ~100 KB, and a
/// snapshot is at most `snapshot::MAX_BYTES` in all.
pub const MAX_TEXT_BYTES: usize = 4 << 20;
/// The longest declared title and place, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_PLACE_CHARS: usize = 50;

impl Carried {
    /// What a file carries of the library notice `entry` with text `text`.
    /// The declared facts are written as `check` accepts them (invisible
    /// control characters left out, lengths bounded), so an export always reads back.
    /// `read`: the keyed reading the page tracks (with `corrections` applied).
    pub fn of(entry: &Entry, text: &str, read: &Notice, corrections: &Corrections) -> Carried {
        let reading = Reading::of(read);
        Carried {
            id: entry.id.clone(),
            title: sane(&entry.title, MAX_TITLE_CHARS),
            place: sane(&entry.place, MAX_PLACE_CHARS),
            year: entry.year,
            text_hash: notice_hash(text),
            parser_version: entry.parser_version,
            text: text.to_string(),
            // Only when it says more than the first keys do.
            reading: (reading != Reading::of(&parse(text))).then_some(reading),
            corrections: corrections.clone(),
        }
    }

    /// The text read with the sender's keys (not yet corrected).
    pub fn read(&self) -> Notice {
        let mut read = parse(&self.text);
        if let Some(reading) = &self.reading {
            let (keys, _) = carry_keys(reading, &read);
            assign(&mut read, &keys);
        }
        read
    }

    /// The library entry of this notice, added at `added_at`.
    pub fn entry(&self, added_at: Timestamp) -> Entry {
        Entry {
            id: self.id.clone(),
            title: self.title.clone(),
            place: self.place.clone(),
            year: self.year,
            text_hash: self.text_hash.clone(),
            parser_version: self.parser_version,
            added_at,
        }
    }

    /// Whether this is the library's `entry`: the same id (the same notice
    /// added once, passed from colleague to colleague), the same text (added
    /// by two people independently), or the same declared notice (place,
    /// year and title all known and equal: a corrected text added anew).
    pub fn is(&self, entry: &Entry) -> bool {
        self.id == entry.id
            || self.text_hash == entry.text_hash
            || declared(&self.place, self.year, &self.title).is_some_and(|d| Some(d) == declared(&entry.place, entry.year, &entry.title))
    }
}

/// A notice's declared place, year and title, when all three are known.
fn declared<'a>(place: &'a str, year: Option<i32>, title: &'a str) -> Option<(&'a str, i32, &'a str)> {
    Some((place, year?, title)).filter(|_| !place.is_empty() && !title.is_empty())
}

/// What this browser has of a carried notice.
#[derive(Debug, Clone, PartialEq)]
pub enum Here {
    /// Nothing: it can be added.
    Nothing,
    /// On the list (another notice than the page's, or the file would be the page's).
    Listed(Entry),
    /// Taken off the list, its text and progress kept.
    Removed(Entry),
}

/// Find `carried` among the library's listed and removed notices.
pub fn here(carried: &Carried, listed: &[Entry], removed: &[Entry]) -> Here {
    if let Some(e) = listed.iter().find(|e| carried.is(e)) {
        Here::Listed(e.clone())
    } else if let Some(e) = removed.iter().find(|e| carried.is(e)) {
        Here::Removed(e.clone())
    } else {
        Here::Nothing
    }
}

/// `text` without control or direction characters, at most `max` characters.
fn sane(text: &str, max: usize) -> String {
    text.chars().filter(|&c| !c.is_control() && !is_bidi_control(c)).take(max).collect()
}

/// Check a carried notice completely: `Err((field, why))` names the field of
/// `notice_source` that is wrong, in Chinese; `Ok` gives the notice as the sender tracks it (its reading keyed as the
/// sender's, with the sender's corrections).
/// `snapshot_notice` is the snapshot's `notice` (the hash of the text its data was recorded on).
pub fn check(carried: &Carried, snapshot_notice: &str) -> Result<Notice, (&'static str, String)> {
    let is_hex16 = |s: &str| s.len() == 16 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !is_hex16(&carried.id) {
        return Err(("id", "通知标识应为 16 位十六进制字符（0–9、a–f）".into()));
    }
    for (field, value, max) in [("title", &carried.title, MAX_TITLE_CHARS), ("place", &carried.place, MAX_PLACE_CHARS)] {
        if value.chars().count() > max {
            return Err((field, format!("过长（最多 {max} 个字）")));
        }
        if value.chars().any(|c| c.is_control() || is_bidi_control(c)) {
            return Err((field, "含有不可见的控制字符".into()));
        }
    }
    if carried.year.is_some_and(|y| !(0..=9999).contains(&y)) {
        return Err(("year", format!("年份应为四位数，实为 {}", carried.year.unwrap_or_default())));
    }
    if carried.text.len() > MAX_TEXT_BYTES {
        return Err(("text", format!("通知文本过长（{:.1} MB，最多 {} MB）", carried.text.len() as f64 / (1 << 20) as f64, MAX_TEXT_BYTES >> 20)));
    }
    if carried.text_hash != notice_hash(&carried.text) {
        return Err(("text_hash", "与通知文本不符（文件可能被改动过）".into()));
    }
    if carried.text_hash != snapshot_notice {
        return Err(("text_hash", "与快照的 notice 不一致（文件可能被改动过）".into()));
    }
    let read = carried.read();
    if read.items.is_empty() {
        return Err(("text", "通知文本中读不出任何事项".into()));
    }
    corrections::check(&carried.corrections).map_err(|why| ("corrections", why))?;
    Ok(corrections::apply(&read, &carried.corrections).0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::timestamp::ts;

    const LIST: &str = "关于印发某某县2025年民生实事的通知\n\n某某县2025年民生实事\n\n一、就业（1项）\n1.新增城镇就业1200人。（牵头单位：县人社局）\n";

    fn entry(id: &str, text: &str) -> Entry {
        Entry {
            id: id.into(),
            title: "某某县2025年民生实事".into(),
            place: "某某县".into(),
            year: Some(2025),
            text_hash: notice_hash(text),
            parser_version: 1,
            added_at: ts("2025-01-02T09:00:00"),
        }
    }

    #[test]
    fn a_notice_is_known_by_its_id_its_text_or_its_declared_place_year_and_title() {
        let carried = Carried::of(&entry("00112233aabbccdd", LIST), LIST, &parse(LIST), &Corrections::default());
        assert!(check(&carried, &notice_hash(LIST)).is_ok());
        let corrected = LIST.replace("1200人", "1300人");
        let same_id = entry("00112233aabbccdd", &corrected);
        let same_text = Entry { title: "另一个标题".into(), ..entry("ffffffffffffffff", LIST) };
        let same_declared = entry("ffffffffffffffff", &corrected);
        for e in [&same_id, &same_text, &same_declared] {
            assert!(carried.is(e), "{e:?}");
        }
        let other_year = Entry { year: Some(2026), ..same_declared.clone() };
        assert!(!carried.is(&other_year));
        // Unknown facts never match: two notices without a title are not one.
        let unknown = Carried { title: String::new(), ..carried.clone() };
        assert!(!unknown.is(&Entry { title: String::new(), ..same_declared.clone() }));
        assert_eq!(here(&carried, std::slice::from_ref(&other_year), &[]), Here::Nothing);
        assert_eq!(here(&carried, std::slice::from_ref(&other_year), std::slice::from_ref(&same_declared)), Here::Removed(same_declared.clone()));
        assert_eq!(here(&carried, std::slice::from_ref(&same_id), &[same_declared]), Here::Listed(same_id));
    }

    #[test]
    fn declared_facts_are_carried_as_the_reader_accepts_them() {
        let odd = Entry { title: format!("标题\u{202e}含\t控制{}", "长".repeat(300)), ..entry("00112233aabbccdd", LIST) };
        let carried = Carried::of(&odd, LIST, &parse(LIST), &Corrections::default());
        assert_eq!(carried.title.chars().count(), MAX_TITLE_CHARS);
        assert!(carried.title.starts_with("标题含控制"));
        assert!(check(&carried, &notice_hash(LIST)).is_ok());
        assert_eq!(carried.entry(odd.added_at).id, odd.id);
    }
}
