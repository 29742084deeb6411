//! A text file's encoding: UTF-8 (with or without BOM), UTF-16 LE/BE (with
//! BOM, or without one when its characters make it plain), else GB18030/GBK,
//! the common encoding of a government office's files. Never mojibake: a
//! decoding that does not look like Chinese text is refused.

use super::SourceError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// GB18030, of which GBK and GB2312 are subsets.
    Gb18030,
}

/// Decode `bytes` (not empty); `gb18030` is the strict GB18030 decoder.
pub fn decode(bytes: &[u8], gb18030: &dyn Fn(&[u8]) -> Option<String>) -> Result<(String, Encoding), SourceError> {
    let declared = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some((std::str::from_utf8(rest).ok().map(str::to_string), Encoding::Utf8))
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        Some((utf16(rest, u16::from_le_bytes), Encoding::Utf16Le))
    } else {
        bytes.strip_prefix(&[0xFE, 0xFF]).map(|rest| (utf16(rest, u16::from_be_bytes), Encoding::Utf16Be))
    };
    // A BOM declares the encoding: its text only has to be text.
    if let Some((text, encoding)) = declared {
        return match text {
            Some(t) if controls(&t) * 100 <= t.chars().count() => Ok((t, encoding)),
            Some(_) => Err(SourceError::Binary),
            None => Err(SourceError::UnknownEncoding),
        };
    }
    // UTF-8 with hardly any control character (BOM-less UTF-16 of CJK text
    // can be valid UTF-8 too: its bytes may all be below 0x80, many of them controls).
    if let Some(t) = std::str::from_utf8(bytes).ok().filter(|t| controls(t) * 100 <= t.chars().count()) {
        return Ok((t.to_string(), Encoding::Utf8));
    }
    for (order, encoding) in [(u16::from_le_bytes as fn([u8; 2]) -> u16, Encoding::Utf16Le), (u16::from_be_bytes, Encoding::Utf16Be)] {
        if let Some(t) = utf16(bytes, order).filter(|t| looks_chinese(t)) {
            return Ok((t, encoding));
        }
    }
    if well_formed_gb18030(bytes) {
        if let Some(t) = gb18030(bytes).filter(|t| looks_chinese(t)) {
            return Ok((t, Encoding::Gb18030));
        }
    }
    let odd = bytes.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    Err(if odd * 100 > bytes.len() { SourceError::Binary } else { SourceError::UnknownEncoding })
}

/// Strict UTF-16 of an even number of bytes (None: odd length or a lone surrogate).
fn utf16(bytes: &[u8], order: fn([u8; 2]) -> u16) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|p| order([p[0], p[1]])).collect();
    String::from_utf16(&units).ok()
}

/// Control characters other than tab, line feed, form feed and carriage return.
fn controls(text: &str) -> usize {
    text.chars().filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C')).count()
}

/// What a Chinese notice is written with: ASCII, CJK ideographs and
/// punctuation, full-width forms, the usual symbols. A wrong guess of the
/// encoding gives Hangul, Yi, private-use characters, surrogates or controls.
fn expected(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | '\x0C' | ' '..='~'
        | '\u{A0}'..='\u{FF}'          // Latin-1: ×, °, ·
        | '\u{2000}'..='\u{206F}'      // general punctuation: “”…—
        | '\u{2100}'..='\u{218F}'      // letterlike, Roman numerals
        | '\u{2190}'..='\u{21FF}'      // arrows
        | '\u{2460}'..='\u{24FF}'      // ①
        | '\u{2500}'..='\u{25FF}'      // box drawing, ■ ●
        | '\u{2600}'..='\u{27BF}'      // ★ ✓
        | '\u{2E80}'..='\u{2FDF}'      // radicals
        | '\u{3000}'..='\u{30FF}'      // CJK punctuation, kana
        | '\u{3200}'..='\u{33FF}'      // enclosed CJK, ㎡
        | '\u{3400}'..='\u{4DBF}'      // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'      // CJK
        | '\u{F900}'..='\u{FAFF}'      // CJK compatibility
        | '\u{FE30}'..='\u{FE4F}'      // CJK compatibility forms
        | '\u{FF00}'..='\u{FFEF}'      // full-width forms
        | '\u{FEFF}'
        | '\u{20000}'..='\u{3134F}'    // CJK extensions B–G
    )
}

/// At least 98% expected characters and some CJK: no mis-decoding passes this.
fn looks_chinese(text: &str) -> bool {
    let (mut total, mut unexpected, mut cjk) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        total += 1;
        if !expected(c) {
            unexpected += 1;
        }
        if matches!(c, '\u{3400}'..='\u{9FFF}') {
            cjk += 1;
        }
    }
    total > 0 && unexpected * 50 <= total && cjk > 0 && controls(text) == 0
}

/// Whether `bytes` are a well-formed GB18030 sequence: ASCII, two bytes
/// (81–FE, 40–7E | 80–FE) or four (81–FE, 30–39, 81–FE, 30–39).
pub fn well_formed_gb18030(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        if !(0x81..=0xFE).contains(&b) {
            return false;
        }
        match bytes.get(i + 1) {
            Some(0x40..=0x7E | 0x80..=0xFE) => i += 2,
            Some(0x30..=0x39) => match (bytes.get(i + 2), bytes.get(i + 3)) {
                (Some(0x81..=0xFE), Some(0x30..=0x39)) => i += 4,
                _ => return false,
            },
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &[u8]) -> Option<String> {
        None
    }

    #[test]
    fn boms_and_utf8() {
        assert_eq!(decode("\u{feff}通知".as_bytes(), &none).unwrap(), ("通知".to_string(), Encoding::Utf8));
        assert_eq!(decode(&[0xFF, 0xFE, 0x1A, 0x90, 0xE5, 0x77], &none).unwrap(), ("通知".to_string(), Encoding::Utf16Le));
        assert_eq!(decode(&[0xFE, 0xFF, 0x90, 0x1A, 0x77, 0xE5], &none).unwrap(), ("通知".to_string(), Encoding::Utf16Be));
        assert_eq!(decode(&[0xFF, 0xFE, 0x00, 0xD8], &none), Err(SourceError::UnknownEncoding), "lone surrogate");
        assert_eq!(decode(&[0, 0, 0, 1], &none), Err(SourceError::Binary));
    }

    #[test]
    fn bomless_utf16_only_when_it_reads_as_chinese() {
        let le: Vec<u8> = "民生实事\n1.新建".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&le, &none).unwrap().1, Encoding::Utf16Le);
        let be: Vec<u8> = "民生实事\n1.新建".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&be, &none).unwrap().1, Encoding::Utf16Be);
    }

    #[test]
    fn gb18030_structure() {
        assert!(well_formed_gb18030(&[0xB9, 0xD8, b'a', 0x81, 0x30, 0x81, 0x30]));
        assert!(!well_formed_gb18030(&[0xB9]));
        assert!(!well_formed_gb18030(&[0xFF, 0x40]));
        assert!(!well_formed_gb18030(&[0x81, 0x30, 0x20, 0x30]));
    }

    #[test]
    fn a_decoder_that_gives_nonsense_is_not_believed() {
        let bytes = [0xB9, 0xD8, 0xD3, 0xDA];
        assert_eq!(decode(&bytes, &|_| Some("\u{E000}\u{E001}".into())), Err(SourceError::UnknownEncoding));
        assert_eq!(decode(&bytes, &|_| Some("关于".into())).unwrap(), ("关于".to_string(), Encoding::Gb18030));
    }
}
