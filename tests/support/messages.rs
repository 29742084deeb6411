//! What a refusal shown to a person may contain: Chinese, the names the
//! files themselves use (field names and paths, format values), a few
//! standard words (JSON, UTF, BOM, MB, Unicode, true/false/null), the programs
//! and file types a notice comes in (PDF, Word, Excel, WPS, .docx…), and
//! quotations of the file. Shared by tests/snapshot_import.rs and tests/fuzz.rs.

/// Field names and values of the snapshot and stored-record formats, and the standard words.
pub const ALLOWED: &[&str] = &[
    // the programs and file types a notice comes in (tests/fuzz.rs `source`)
    "PDF",
    "Word",
    "Excel",
    "WPS",
    "Office",
    "doc",
    "xls",
    "docx",
    "xlsx",
    "txt",
    "RTF",
    "GB",
    "GBK",
    "ZIP",
    "XML",
    // snapshot envelope
    "format",
    "format_version",
    "app_version",
    "notice",
    "notice_title",
    // the notice a snapshot carries (notice_source)
    "notice_source",
    "id",
    "title",
    "place",
    "year",
    "text_hash",
    "parser_version",
    "text",
    "exported_at",
    "unit",
    "progress",
    "minsheng",
    "snapshot",
    // progress
    "items",
    "status",
    "pause_reason",
    "note",
    "evidence",
    "targets",
    "subsidies",
    "updated",
    "updated_by",
    "as_of",
    "value",
    "served",
    "disbursed",
    "planned",
    "settings",
    "yellow_lag",
    "red_lag",
    "history",
    // a history entry
    "at",
    "item",
    "field",
    "target",
    "subsidy",
    "old",
    "new",
    // values
    "not_started",
    "in_progress",
    "done",
    "paused",
    "target_achieved",
    "subsidy_served",
    "subsidy_disbursed",
    "subsidy_planned",
    // stored records (schema 3 layout, release 0.1)
    "schema",
    "saved_at",
    "revision",
    "writer",
    "generation",
    "log",
    "chunks",
    "last",
    "imported",
    "encoding",
    "data",
    "achieved",
    "entries",
    "slot",
    "changes",
    // standards
    "JSON",
    "json",
    "UTF",
    "BOM",
    "MB",
    "Unicode",
    "true",
    "false",
    "null",
];

/// The ASCII words (two or more letters, `_` joining) of `message` that are
/// neither `ALLOWED` nor inside a quotation (“…”, 《…》, "…", `…`) of `file`'s text
/// or a path made of its keys (`位置 progress.items.7：`).
pub fn english_words(message: &str, file: &str) -> Vec<String> {
    english_words_in(message, &prepared(file))
}

/// `file` as messages may quote it: as it is and with JSON's escapes read
/// (values are quoted as read, `\n` a line break; paths by their keys).
/// Prepare it once for many messages about one file.
pub fn prepared(file: &str) -> String {
    format!("{file}\n{}", unescaped(file))
}

/// `english_words` with a `prepared` file.
pub fn english_words_in(message: &str, file: &str) -> Vec<String> {
    let message = without_file_paths(message, file);
    let message = message.as_str();
    let mut rest = String::new();
    let mut chars = message.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let close = match c {
            '“' => '”',
            '《' => '》',
            '"' => '"',
            '`' => '`',
            _ => {
                rest.push(c);
                continue;
            }
        };
        let inner_start = i + c.len_utf8();
        // A quoted value may hold the closing mark itself (“引号”): the longest quotation from the file wins.
        let ends: Vec<usize> = message[inner_start..].match_indices(close).map(|(j, _)| j).take(8).collect();
        let from_file = |inner: &str| inner.trim_end_matches('…').split('\u{fffd}').all(|piece| file.contains(piece));
        let len = ends.iter().rev().find(|&&j| from_file(&message[inner_start..inner_start + j])).or(ends.first()).copied();
        match len {
            Some(len) => {
                let inner = &message[inner_start..inner_start + len];
                // `quoted` shortens with … and blanks control characters with U+FFFD.
                if !from_file(inner) {
                    rest.push_str(inner);
                }
                while chars.peek().is_some_and(|(j, _)| *j < inner_start + len + close.len_utf8()) {
                    chars.next();
                }
            }
            None => rest.push(c),
        }
    }
    rest.split(|c: char| !(c.is_ascii_alphabetic() || c == '_'))
        .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2)
        .filter(|w| !ALLOWED.contains(w))
        .map(str::to_string)
        .collect()
}

/// `message` without the paths (after `位置 `, up to `：`) whose every key is in `file`.
fn without_file_paths(message: &str, file: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(i) = rest.find("位置 ") {
        let start = i + "位置 ".len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('：').unwrap_or(rest.len());
        let path = &rest[..end];
        let from_file = path.split(['.', '[', ']', '…', '\u{fffd}']).all(|key| key.is_empty() || key.bytes().all(|b| b.is_ascii_digit()) || file.contains(key));
        if !from_file {
            out.push_str(path);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `text` with JSON's string escapes decoded (best effort: what is not an escape stays).
fn unescaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                out.push(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).unwrap_or('\u{fffd}'));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}
