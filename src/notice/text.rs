//! Text normalization and small lexical helpers shared by the parser.
//!
//! Everything downstream sees normalized text: no BOM, `\n` line ends,
//! full-width Chinese punctuation (ASCII `():;,` mapped where they are
//! punctuation, not part of a number), ASCII digits, and `%`.

/// Normalize a whole notice. Total: any input gives some output.
pub fn normalize(input: &str) -> String {
    let text = input.trim_start_matches('\u{feff}');
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i > 0 { chars[i - 1] } else { ' ' };
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        let between_digits = prev.is_ascii_digit() && next.is_ascii_digit();
        let mapped = match c {
            '\r' if next == '\n' => continue,
            '\r' => '\n',
            '(' => '（',
            ')' => '）',
            ':' if !between_digits => '：',
            ';' => '；',
            ',' if !between_digits => '，',
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '％' => '%',
            '\u{3000}' | '\u{a0}' | '\t' => ' ',
            _ => c,
        };
        out.push(mapped);
    }
    out
}

/// Remove white space inside a line of Chinese text, keeping it only where it
/// separates two ASCII words ("GB T" stays, "不少于 500 件" → "不少于500件").
pub fn collapse_spaces(line: &str) -> String {
    let chars: Vec<char> = line.trim().chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_whitespace() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // A run of white space is looked at once (a line of 100k spaces stays linear).
        let end = chars[i..].iter().position(|c| !c.is_whitespace()).map_or(chars.len(), |n| i + n);
        let keep = matches!((out.chars().next_back(), chars.get(end)), (Some(p), Some(n)) if p.is_ascii_alphanumeric() && n.is_ascii_alphanumeric());
        if keep {
            out.push(' ');
        }
        i = end;
    }
    out
}

/// Value of a Chinese numeral such as 三, 十一, 二十, 五十, 一百零五.
/// None for anything else (or an absurdly large value).
pub fn chinese_numeral(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    let mut digit: Option<u64> = None;
    for c in s.chars() {
        let d = match c {
            '零' | '〇' => Some(0),
            '一' => Some(1),
            '二' | '两' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            _ => None,
        };
        if let Some(d) = d {
            digit = Some(digit.unwrap_or(0).saturating_mul(10).saturating_add(d));
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        total = total.saturating_add(digit.unwrap_or(1).saturating_mul(unit));
        digit = None;
    }
    let value = total.saturating_add(digit.unwrap_or(0));
    u32::try_from(value).ok().filter(|v| *v < 100_000)
}

/// Leading ASCII digits of `s` as a number, and the rest.
pub fn leading_number(s: &str) -> Option<(u32, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 || end > 6 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

/// Split off a leading list number "3." / "3、" / "3．" (not a decimal such
/// as "3.5万"): returns the number and the text after it.
pub fn strip_list_number(line: &str) -> Option<(u32, &str)> {
    let (n, rest) = leading_number(line)?;
    let after = rest.strip_prefix('.').or_else(|| rest.strip_prefix('、'))?;
    if after.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((n, after.trim_start()))
}

/// The text between the last of `delims` before `pos` and the first after it.
pub fn clause_around<'a>(text: &'a str, pos: usize, delims: &[char]) -> &'a str {
    let pos = floor_boundary(text, pos);
    let start = text[..pos].rfind(|c| delims.contains(&c)).map_or(0, |i| i + char_len(text, i));
    let end = text[pos..].find(|c| delims.contains(&c)).map_or(text.len(), |i| pos + i);
    &text[start..end.max(start)]
}

/// A clause or sentence longer than this is read in pieces of at most this
/// many bytes (~500 CJK characters). The seed's longest sentence is 122
/// characters; only a damaged or hostile text has longer ones, and there the
/// per-figure work (the clause around it, the words before it) stays bounded:
/// the parser is linear in the text, not in its figures × its clause length.
pub const MAX_PIECE_BYTES: usize = 1500;

/// `text` itself when short enough, else consecutive pieces of at most
/// `MAX_PIECE_BYTES`, each cut after a character that is not part of a number.
pub fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.len() > MAX_PIECE_BYTES {
        let mut cut = floor_boundary(rest, MAX_PIECE_BYTES);
        let in_number = |c: char| c.is_ascii_digit() || c == '.';
        while cut > MAX_PIECE_BYTES / 2 && rest[..cut].chars().next_back().is_some_and(in_number) {
            cut = floor_boundary(rest, cut - 1);
        }
        if cut == 0 {
            cut = rest.char_indices().nth(1).map_or(rest.len(), |(i, _)| i);
        }
        out.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    out.push(rest);
    out
}

/// Length in bytes of the char starting at byte `i`.
pub fn char_len(text: &str, i: usize) -> usize {
    text[i..].chars().next().map_or(0, char::len_utf8)
}

/// The largest char boundary not above `pos`.
pub fn floor_boundary(text: &str, pos: usize) -> usize {
    let mut p = pos.min(text.len());
    while !text.is_char_boundary(p) {
        p -= 1;
    }
    p
}

/// Shorten a quote for a message, on a char boundary.
pub fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max_chars).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_read_in_bounded_pieces() {
        assert_eq!(pieces("短句"), ["短句"]);
        let long = "每人每月100元".repeat(1000);
        let parts = pieces(&long);
        assert_eq!(parts.concat(), long);
        assert!(parts.iter().all(|p| p.len() <= MAX_PIECE_BYTES && !p.is_empty()));
        assert!(parts[..parts.len() - 1].iter().all(|p| !p.ends_with(|c: char| c.is_ascii_digit())), "no figure is cut");
        assert_eq!(pieces(&"9".repeat(4000)).concat(), "9".repeat(4000));
    }

    #[test]
    fn numerals() {
        for (s, v) in [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十七", 27), ("五十", 50), ("一百零五", 105), ("九十九", 99)] {
            assert_eq!(chinese_numeral(s), Some(v), "{s}");
        }
        assert_eq!(chinese_numeral("三公里"), None);
        assert_eq!(chinese_numeral(""), None);
    }

    #[test]
    fn normalizes_ascii_punctuation_but_not_numbers() {
        assert_eq!(normalize("\u{feff}a(b):c;d,e\r\n7:3 1,660"), "a（b）：c；d，e\n7:3 1,660");
        assert_eq!(normalize("９８％"), "98%");
    }

    #[test]
    fn collapses_spaces_between_chinese_only() {
        assert_eq!(collapse_spaces(" 不少于 500 件 "), "不少于500件");
        assert_eq!(collapse_spaces("1. 贯彻 GB T"), "1.贯彻GB T");
    }

    #[test]
    fn list_numbers_are_not_decimals() {
        assert_eq!(strip_list_number("3.培训"), Some((3, "培训")));
        assert_eq!(strip_list_number("3、持续"), Some((3, "持续")));
        assert_eq!(strip_list_number("0.98万人"), None);
    }
}
