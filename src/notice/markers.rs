//! The number a list line starts with, in every style Chinese lists use:
//! `1.` `1、` `（1）` `①` `⑴` `⒈` `一、` `（一）`. Which style numbers the
//! items and which the categories is decided per list (`layout`), never here.

use super::text::{chinese_numeral, leading_number, word};

/// How a line is numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// `1.` `1、` (`1．` is normalized to `1.`).
    Dot,
    /// `（1）` `(1)` `⑴`.
    Paren,
    /// `①` … `㊿`, `⒈`.
    Circled,
    /// `一、`.
    Han,
    /// `（一）`.
    ParenHan,
}

/// A numbered line: its style, its number and the text after the number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark<'a> {
    pub style: Style,
    pub no: u32,
    pub rest: &'a str,
    /// `1.6月底前…`, `9.3.2万名`: a figure follows the dot, so the line is an
    /// item only where its number is the one expected next (else a decimal).
    pub figure_follows: bool,
    /// `.` or `、` after a `Dot` number (a list numbering its items `1、` and
    /// their measures `1.` keeps them apart); `）` otherwise.
    pub sep: char,
}

/// The list number a line starts with, if any.
pub fn mark(line: &str) -> Option<Mark<'_>> {
    let first = line.chars().next()?;
    // Most lines start with a word: decided by their first character (asked of every line).
    if !(first.is_ascii_digit()
        || first == '（'
        || matches!(first, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '〇' | '零' | '两' | '百')
        || circled(first).is_some())
    {
        return None;
    }
    if let Some(no) = circled(first) {
        let rest = line[first.len_utf8()..].trim_start_matches(['.', '、', ' ']);
        let style = if ('\u{2474}'..='\u{2487}').contains(&first) { Style::Paren } else { Style::Circled };
        return Some(Mark { style, no, rest, figure_follows: false, sep: '）' });
    }
    if let Some(inner) = line.strip_prefix('（') {
        let (numeral, rest) = inner.split_once('）')?;
        let rest = rest.trim_start_matches(['、', '.', ' ']);
        if let Some((no, "")) = leading_number(numeral) {
            return Some(Mark { style: Style::Paren, no, rest, figure_follows: false, sep: '）' });
        }
        return chinese_numeral(numeral).map(|no| Mark { style: Style::ParenHan, no, rest, figure_follows: false, sep: '）' });
    }
    if first.is_ascii_digit() {
        let (no, rest) = leading_number(line)?;
        // `1)` / `1）`, a half parenthesis: the same level as `（1）`.
        if let Some(rest) = rest.strip_prefix('）') {
            return Some(Mark { style: Style::Paren, no, rest: rest.trim_start(), figure_follows: false, sep: '）' });
        }
        let (sep, rest) = match rest.strip_prefix('.') {
            Some(r) => ('.', r),
            None => ('、', rest.strip_prefix('、')?),
        };
        let figure_follows = rest.starts_with(|c: char| c.is_ascii_digit());
        return Some(Mark { style: Style::Dot, no, rest: rest.trim_start(), figure_follows, sep });
    }
    // 一、 … 九十九、: a short numeral, not a word that happens to end before 、
    // (looked for in the first characters only: asked of every line, several times).
    let (at, _) = line.char_indices().take(5).find(|(_, c)| *c == '、')?;
    let (numeral, rest) = (&line[..at], &line[at + '、'.len_utf8()..]);
    chinese_numeral(numeral).map(|no| Mark { style: Style::Han, no, rest: rest.trim_start(), figure_follows: false, sep: '）' })
}

/// ①–⑳, ㉑–㉟, ㊱–㊿, ⑴–⒇, ⒈–⒛ → their number.
fn circled(c: char) -> Option<u32> {
    let n = c as u32;
    match c {
        '\u{2460}'..='\u{2473}' => Some(n - 0x2460 + 1),
        '\u{2474}'..='\u{2487}' => Some(n - 0x2474 + 1),
        '\u{2488}'..='\u{249b}' => Some(n - 0x2488 + 1),
        '\u{3251}'..='\u{325f}' => Some(n - 0x3251 + 21),
        '\u{32b1}'..='\u{32bf}' => Some(n - 0x32b1 + 36),
        _ => None,
    }
}

/// Where in `text` a mark of `style` numbered `no` starts a new part, after a
/// `；` or `。` (a whole list written on one line: `1.…；2.50个…；3.…`): the
/// byte offset of the number, if any. The number must be the one expected,
/// so `2.50个` is item 2 with 50个 and a figure such as `；3.5万` after item
/// 2 is not read as item 3 unless 3 is next.
pub fn next_inline(text: &str, style: Style, no: u32) -> Option<usize> {
    // The number as written in this style, then checked as a mark.
    let written = match style {
        Style::Dot => no.to_string(),
        Style::Paren => format!("（{no}）"),
        Style::Circled => std::char::from_u32(0x2460 + no.saturating_sub(1)).filter(|_| (1..=20).contains(&no))?.to_string(),
        Style::Han => format!("{}、", super::text::numeral(no)),
        Style::ParenHan => format!("（{}）", super::text::numeral(no)),
    };
    // Right after `；` or `。` (normalized text has no space there). The number
    // is searched, then the stop before it: in CJK text a stop's last byte
    // (what a search for `；` looks for) is also in many other characters, and
    // each such near miss cost a mispredicted branch, on every item's line.
    let stopped = |at: usize| text[..at].ends_with(['；', '。']);
    text.match_indices(written.as_str()).map(|(at, _)| at).find(|&at| stopped(at) && mark(&text[at..]).is_some_and(|m| m.style == style && m.no == no))
}

/// `一是`, `二是` … `十二是` inside a paragraph (a news report's list): the
/// byte ranges of each numbered part, in order, if the paragraph has at least
/// two. A part starts at the start or after `，；。：`, so `十一是` is not read
/// as `一是`, and parts must come in order.
pub fn ordinal_parts(paragraph: &str) -> Vec<(u32, usize, usize)> {
    // Asked of every line: most have no 一是 at all.
    if !word!("一是").is_in(paragraph) {
        return vec![];
    }
    let mut starts: Vec<(u32, usize, usize)> = Vec::new();
    let mut from = 0;
    let mut no = 1u32;
    loop {
        let word = format!("{}是", super::text::numeral(no));
        let found = paragraph[from..]
            .match_indices(word.as_str())
            .map(|(i, _)| from + i)
            .find(|&at| at == 0 || paragraph[..at].ends_with(['，', '；', '。', '：', ' ']) || paragraph[..at].ends_with("，还"));
        let Some(at) = found else { break };
        starts.push((no, at, at + word.len()));
        from = at + word.len();
        no += 1;
    }
    if starts.len() < 2 {
        return vec![];
    }
    let mut parts = Vec::with_capacity(starts.len());
    for (i, &(no, _, text_start)) in starts.iter().enumerate() {
        let end = match starts.get(i + 1) {
            Some(&(_, next, _)) => next,
            // The last part runs to the end of its sentence.
            None => paragraph[text_start..].find('。').map_or(paragraph.len(), |e| text_start + e + '。'.len_utf8()),
        };
        parts.push((no, text_start, end));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(line: &str) -> Option<(Style, u32, &str, bool)> {
        mark(line).map(|m| (m.style, m.no, m.rest, m.figure_follows))
    }

    #[test]
    fn every_style() {
        assert_eq!(m("1.新建"), Some((Style::Dot, 1, "新建", false)));
        assert_eq!(m("12、新建"), Some((Style::Dot, 12, "新建", false)));
        assert_eq!(m("9.3.2万名"), Some((Style::Dot, 9, "3.2万名", true)));
        assert_eq!(m("（3）新建"), Some((Style::Paren, 3, "新建", false)));
        assert_eq!(m("⑪新建"), Some((Style::Circled, 11, "新建", false)));
        assert_eq!(m("㉑新建"), Some((Style::Circled, 21, "新建", false)));
        assert_eq!(m("⑵新建"), Some((Style::Paren, 2, "新建", false)));
        assert_eq!(m("12）新建"), Some((Style::Paren, 12, "新建", false)), "`12)` after normalization");
        assert_eq!(m("十二、新建"), Some((Style::Han, 12, "新建", false)));
        assert_eq!(m("（十三）新建"), Some((Style::ParenHan, 13, "新建", false)));
        assert_eq!(m("新建、改建"), None);
        assert_eq!(m("0.98万人"), Some((Style::Dot, 0, "98万人", true)));
        assert_eq!(m("（牵头单位：县民政局）"), None);
    }

    #[test]
    fn inline_parts_in_order() {
        let text = "1.新建10个；2.50个社区；3.5万人。";
        assert_eq!(next_inline(text, Style::Dot, 2), Some(text.find("2.").unwrap()));
        assert_eq!(next_inline(text, Style::Dot, 4), None);
        let news = "今年将办好十二件实事：一是新建；二是改造；三是提升；四是a；五是b；六是c；七是d；八是e；九是f；十是g；十一是h；十二是i。下一步，";
        let parts = ordinal_parts(news);
        assert_eq!(parts.len(), 12);
        assert_eq!(&news[parts[10].1..parts[10].2], "h；");
        assert_eq!(&news[parts[11].1..parts[11].2], "i。");
        assert!(ordinal_parts("统一是好的。").is_empty());
    }
}
