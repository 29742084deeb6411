//! Reading JSON into a typed value with an error that a person can act on:
//! where (the field path, `progress.items.7.status`) and what (in Chinese).
//! Shared by the stored-record decoders and the snapshot reader, so that a
//! file or a stored value gets the same answer wherever it is read:
//! - a key given twice in one object is refused (serde keeps the last of a
//!   map's repeated keys and skips unknown fields unread; browsers' JSON keeps
//!   the last too): `repeated_keys`, before anything else is read;
//! - serde's and serde_json's messages are translated (`chinese_serde`).

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

/// A value that could not be read: its path and what is wrong, in Chinese.
#[derive(Debug, Clone, PartialEq)]
pub struct PathError {
    pub path: String,
    pub detail: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "位置 {}：{}", shown(&self.path), self.detail)
    }
}

/// A path as shown to a person: the top level (`.`) is 最外层.
pub fn shown(path: &str) -> &str {
    if path == "." || path.is_empty() {
        "最外层"
    } else {
        path
    }
}

/// The error at `path` (its keys come from the file: shown blanked and shortened as `finished` does).
pub fn at(path: &str, detail: impl Into<String>) -> PathError {
    PathError { path: finished(path.to_string()), detail: detail.into() }
}

/// `inner` (a path from the scanner, `.` for the top) under `prefix`.
fn joined(prefix: &str, inner: &str) -> String {
    match (prefix, inner) {
        ("", ".") => ".".to_string(),
        (_, ".") => prefix.to_string(),
        ("", _) => inner.to_string(),
        _ if inner.starts_with('[') => format!("{prefix}{inner}"),
        _ => format!("{prefix}.{inner}"),
    }
}

/// Parse JSON into `T`, reporting a damaged field by its path under `prefix`.
/// A key repeated anywhere in the text is refused first.
pub fn typed<T: serde::de::DeserializeOwned>(json: &[u8], prefix: &str) -> Result<T, PathError> {
    if let Some((path, key)) = repeated_keys(json, 1).pop() {
        return Err(at(&joined(prefix, &path), repeated(&key)));
    }
    typed_refusing_itself(json, prefix)
}

/// [`typed`] without its scan for repeated keys, for a type that refuses
/// them itself: every struct derives `Deserialize` (serde refuses a field given
/// twice) and every map reads through `change_serde::unique_keys` /
/// `unique_objects`. What it lets through, an unknown key given twice, is
/// skipped either way, so no value depends on which one "wins". Used where the
/// scan cost most: every item's state read at opening (with a year stored the
/// scan was the largest single cost of opening, ~11 ms of ~70 in Chromium).
pub fn typed_refusing_itself<T: serde::de::DeserializeOwned>(json: &[u8], prefix: &str) -> Result<T, PathError> {
    let mut de = serde_json::Deserializer::from_slice(json);
    let value = T::deserialize(&mut de).map_err(|e| path_error(prefix, json, e))?;
    de.end().map_err(|e| at(if prefix.is_empty() { "." } else { prefix }, chinese_serde(&serde_message(json, &e))))?;
    Ok(value)
}

/// serde_json's error about `json` (read from its start) as a path and a message in Chinese.
pub fn path_error(prefix: &str, json: &[u8], e: serde_json::Error) -> PathError {
    let detail = serde_message(json, &e);
    // serde_json stops after the `}` / `]` that closes the value in which serde
    // found the error; only these two errors are about that value itself, any
    // other is about its last member (a custom or untagged-enum error).
    let own = detail.starts_with("missing field") || detail.starts_with("invalid length");
    let inner = json_path_at(json, e.line(), e.column(), !own);
    at(&joined(prefix, &inner), chinese_serde(&detail))
}

/// The path of the value a syntax error at `line`/`column` (serde_json's
/// position) is in: `progress.items.7.targets.0[0].value` for a `NaN` there.
pub fn path_at(json: &[u8], line: usize, column: usize) -> String {
    json_path_at(json, line, column, false)
}

/// What a repeated key is called, wherever it is found (our scanner, serde's
/// derive, a map of ours): the same words.
pub fn repeated(key: &str) -> String {
    format!("键“{}”重复出现（同一对象中每个键只能出现一次）", quoted(key))
}

/// A piece of the file quoted in a message: at most 40 characters, without
/// control or direction-changing characters (they would garble the message).
pub fn quoted(text: &str) -> String {
    let mut out: String = text.chars().take(40).map(|c| if c.is_control() || super::bounds::is_bidi_control(c) { '\u{fffd}' } else { c }).collect();
    if text.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

/// serde_json's messages in Chinese. Its grammar is small and fixed: its own
/// syntax messages, and serde's `invalid type: <found>, expected <wanted>`,
/// `missing field `x``, … with the type names of serde, its derive and ours.
/// The message is read piece by piece, so a value quoted from the file is
/// never translated; a message this does not know (our own, in Chinese) is
/// kept as it is (tests feed every kind of damage and look for English).
pub fn chinese_serde(message: &str) -> String {
    let message = without_position(message);
    if let Some(zh) = syntax(message) {
        return zh.to_string();
    }
    let with_found = |rest: &str, what: &str| {
        let (found, rest) = found(rest)?;
        let wanted = rest.strip_prefix(", expected ")?;
        Some(format!("{what}：应为{}，实为{found}", wanted_cn(wanted)))
    };
    let translated = if let Some(rest) = message.strip_prefix("invalid type: ") {
        with_found(rest, "类型不对")
    } else if let Some(rest) = message.strip_prefix("invalid value: ") {
        with_found(rest, "取值无效")
    } else if let Some(rest) = message.strip_prefix("invalid length ") {
        rest.split_once(", expected ").map(|(n, wanted)| format!("长度不对：应为{}，实为 {n} 个", wanted_cn(wanted)))
    } else if let Some(rest) = message.strip_prefix("unknown variant `") {
        unknown(rest, "未知取值")
    } else if let Some(rest) = message.strip_prefix("unknown field `") {
        unknown(rest, "未知字段")
    } else if let Some(field) = message.strip_prefix("missing field `").and_then(|r| r.strip_suffix('`')) {
        Some(format!("缺少字段“{}”", quoted(field)))
    } else {
        message.strip_prefix("duplicate field `").and_then(|r| r.strip_suffix('`')).map(repeated)
    };
    translated.unwrap_or_else(|| message.to_string())
}

/// serde_json appends " at line 3 column 7" to the messages it displays.
fn without_position(message: &str) -> &str {
    let Some(i) = message.rfind(" at line ") else { return message };
    let tail = &message[i + " at line ".len()..];
    let numbers = tail.split_once(" column ").is_some_and(|(l, c)| !l.is_empty() && !c.is_empty() && l.bytes().chain(c.bytes()).all(|b| b.is_ascii_digit()));
    if numbers {
        &message[..i]
    } else {
        message
    }
}

/// serde_json's own messages about the text (its `ErrorCode`s).
fn syntax(message: &str) -> Option<&'static str> {
    Some(match message {
        "EOF while parsing a string" => "内容在一个字符串中途结束（文件不完整）",
        "EOF while parsing an object" => "内容在一个对象中途结束（文件不完整）",
        "EOF while parsing a list" => "内容在一个数组中途结束（文件不完整）",
        "EOF while parsing a value" => "内容在中途结束（文件不完整）",
        "expected value" => "此处应为一个值（数字、字符串、对象、数组、true、false 或 null）",
        "expected `,` or `}`" => "此处应为逗号或右花括号",
        "expected `,` or `]`" => "此处应为逗号或右方括号",
        "expected `:`" => "此处应为冒号",
        "expected `\"`" => "此处应为双引号",
        "expected ident" => "此处的写法不对（应为 true、false 或 null）",
        "key must be a string" => "对象的键必须是带双引号的字符串",
        "trailing characters" => "结尾有多余的字符",
        "trailing comma" => "多余的逗号",
        "number out of range" => "数字超出范围",
        "invalid number" => "数字写法不对",
        "invalid escape" => "字符串中的转义写法不对",
        "invalid unicode code point" => "字符串中有无效的 Unicode 字符",
        "lone leading surrogate in hex escape" => "字符串中有不成对的代理字符",
        "unexpected end of hex escape" => "字符串中的转义不完整",
        "control character (\\u0000-\\u001F) found while parsing a string" => "字符串中有控制字符（如未转义的换行）",
        "recursion limit exceeded" => "嵌套层数过多",
        "invalid value: expected key to be a number in quotes" => "对象的键应为带引号的数字",
        "float key must be finite (got NaN or +/-inf)" => "对象的键应为有限的数字",
        _ => return None,
    })
}

/// What serde found (`de::Unexpected` as serde_json writes it), in Chinese,
/// and the rest of the message after it.
fn found(rest: &str) -> Option<(String, &str)> {
    for (en, zh) in [("boolean `", "布尔值 "), ("integer `", "整数 "), ("floating point `", "数字 "), ("character `", "字符 ")] {
        if let Some(value) = rest.strip_prefix(en) {
            let end = value.find('`')?;
            return Some((format!("{zh}{}", &value[..end]), &value[end + 1..]));
        }
    }
    if let Some(value) = rest.strip_prefix("string \"") {
        // Written with `{:?}`: a `"` inside is escaped.
        let bytes = value.as_bytes();
        let mut i = 0;
        while i < bytes.len() && bytes[i] != b'"' {
            i += if bytes[i] == b'\\' { 2 } else { 1 };
        }
        let text = value.get(..i)?;
        return Some((format!("字符串“{}”", quoted(text)), value.get(i + 1..)?));
    }
    let words = [
        ("null", " null"),
        ("unit value", " null"),
        ("byte array", "字节串"),
        ("Option value", "值"),
        ("newtype struct", "值"),
        ("sequence", "数组"),
        ("map", "对象"),
        ("unit variant", "取值"),
        ("newtype variant", "取值"),
        ("tuple variant", "取值"),
        ("struct variant", "取值"),
        ("enum", "取值"),
    ];
    words.iter().find_map(|(en, zh)| rest.strip_prefix(en).filter(|r| r.starts_with(", ")).map(|r| (zh.to_string(), r)))
}

/// What serde wanted (a visitor's `expecting`), in Chinese. Ours are Chinese already.
fn wanted_cn(wanted: &str) -> String {
    let fixed = match wanted {
        "a string" | "a borrowed string" | "string" | "a character" | "char" => "字符串",
        "f64" | "f32" => "数字",
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "非负整数",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "整数",
        "a boolean" | "bool" => " true 或 false",
        "a sequence" => "数组",
        "a map" => "对象",
        "option" => "值或 null",
        "unit" => " null",
        "variant identifier" => "取值名",
        "field identifier" => "字段名",
        "fewer elements in array" => "更少的元素",
        _ => "",
    };
    if !fixed.is_empty() {
        return fixed.to_string();
    }
    if let Some(name) = wanted.strip_prefix("struct ") {
        return match name.split_once(" with ") {
            Some((_, n)) => format!("含 {} 个元素的数组或对象", n.trim_end_matches(" elements").trim_end_matches(" element")),
            None => "对象".to_string(),
        };
    }
    if wanted.starts_with("enum ") {
        return "取值".to_string();
    }
    if let Some(n) = wanted.strip_prefix("a tuple of size ").or_else(|| wanted.strip_prefix("tuple of size ")) {
        return format!(" {n} 个元素的数组");
    }
    for suffix in [" elements in sequence", " element in sequence", " elements in map", " element in map"] {
        if let Some(n) = wanted.strip_suffix(suffix) {
            return format!(" {n} 个元素");
        }
    }
    if let Some(list) = wanted.strip_prefix("one of ") {
        return format!("以下之一：{}", names(list));
    }
    if wanted.starts_with('`') {
        return names(wanted);
    }
    wanted.to_string()
}

/// "`a`, `b` or `c`" as “a”、“b”或“c”.
fn names(list: &str) -> String {
    list.replace("`, `", "”、“").replace("` or `", "”或“").replace('`', "”").replacen('”', "“", 1)
}

/// "x`, expected one of …" / "x`, there are no variants" after `unknown variant ``.
fn unknown(rest: &str, what: &str) -> Option<String> {
    if let Some((name, wanted)) = rest.rsplit_once("`, expected ") {
        return Some(format!("{what}“{}”，应为{}", quoted(name), wanted_cn(wanted)));
    }
    let (name, _) = rest.rsplit_once("`, there are no ")?;
    Some(format!("{what}“{}”（此处没有可用的取值）", quoted(name)))
}

/// The keys given twice in one object, anywhere in `json`, in document
/// order, at most `limit`: (the object's path as `json_path_at` writes it,
/// the key). Keys are compared as JSON strings (`"\u0037"` is `"7"`).
/// Malformed text ends the scan (serde_json then says what is wrong); so
/// does nesting deeper than serde_json's limit of 128.
pub fn repeated_keys(json: &[u8], limit: usize) -> Vec<(String, String)> {
    /// Objects with more keys than this look keys up in a set.
    const FEW: usize = 16;
    let mut found = Vec::new();
    if limit == 0 {
        return found;
    }
    let mut stack: Vec<Open<'_>> = Vec::new();
    let mut keys: Vec<Cow<[u8]>> = Vec::new();
    let mut i = 0;
    while i < json.len() {
        match json[i] {
            b'"' => {
                let start = i + 1;
                let mut escaped = false;
                i = start;
                while i < json.len() && json[i] != b'"' {
                    if json[i] == b'\\' {
                        escaped = true;
                        i += 1;
                    }
                    i += 1;
                }
                if i >= json.len() {
                    break;
                }
                if let Some(Open::Object { from, set, current, want_key }) = stack.last_mut() {
                    if *want_key {
                        *want_key = false;
                        let key: Cow<[u8]> = if escaped {
                            match serde_json::from_slice::<String>(&json[start - 1..=i]) {
                                Ok(k) => Cow::Owned(k.into_bytes()),
                                Err(_) => break,
                            }
                        } else {
                            Cow::Borrowed(&json[start..i])
                        };
                        let again = match set {
                            Some(set) => !set.insert(key.clone()),
                            None => {
                                let again = keys[*from..].contains(&key);
                                keys.push(key.clone());
                                if keys.len() - *from > FEW {
                                    *set = Some(keys.drain(*from..).collect());
                                }
                                again
                            }
                        };
                        *current = Some(key.clone());
                        if again {
                            found.push((scanned_path(&stack), String::from_utf8_lossy(&key).into_owned()));
                            if found.len() >= limit {
                                break;
                            }
                        }
                    }
                }
            }
            b'{' => {
                if stack.len() >= 128 {
                    break;
                }
                stack.push(Open::Object { from: keys.len(), set: None, current: None, want_key: true });
            }
            b'[' => {
                if stack.len() >= 128 {
                    break;
                }
                stack.push(Open::Array { index: 0 });
            }
            b'}' | b']' => {
                if let Some(Open::Object { from, .. }) = stack.pop() {
                    keys.truncate(from);
                }
            }
            b',' => match stack.last_mut() {
                Some(Open::Object { want_key, current, .. }) => {
                    *want_key = true;
                    *current = None;
                }
                Some(Open::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    found
}

/// A scanned path as used in messages: `.` for the top; control and
/// direction-changing characters of the file's keys blanked (they would
/// garble the message); a path of more than 100 bytes (deep nesting, long
/// keys) shortened with `…`.
fn finished(path: String) -> String {
    let mut path: String = path.chars().map(|c| if c.is_control() || super::bounds::is_bidi_control(c) { '\u{fffd}' } else { c }).collect();
    if path.is_empty() {
        path.push('.');
    }
    if path.len() > 100 {
        let mut cut = 100;
        while !path.is_char_boundary(cut) {
            cut -= 1;
        }
        path.truncate(cut);
        path.push('…');
    }
    path
}

/// An open object or array while scanning for repeated keys.
enum Open<'a> {
    Object {
        /// Its keys are `keys[from..]` (while few) or `set`.
        from: usize,
        set: Option<HashSet<Cow<'a, [u8]>>>,
        /// The key whose value is being read, if any.
        current: Option<Cow<'a, [u8]>>,
        want_key: bool,
    },
    Array {
        index: usize,
    },
}

/// The path of the innermost object on `stack` (the one whose key repeats).
fn scanned_path(stack: &[Open<'_>]) -> String {
    let mut path = String::new();
    for frame in &stack[..stack.len().saturating_sub(1)] {
        match frame {
            Open::Object { current: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&String::from_utf8_lossy(key));
            }
            Open::Object { current: None, .. } => {}
            Open::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    finished(path)
}

/// The bytes serde_json consumed when it stopped at `line`/`column`: the
/// whole lines before `line`, then `column` bytes of it.
fn consumed(json: &[u8], line: usize, column: usize) -> &[u8] {
    let mut end = 0;
    for _ in 1..line {
        match json[end..].iter().position(|&b| b == b'\n') {
            Some(i) => end += i + 1,
            None => break,
        }
    }
    &json[..(end + column).min(json.len())]
}

/// serde_json's position (line, and bytes of it consumed) as a person counts:
/// line and column of the character it stopped at, in characters (a CJK
/// character is one column, not three; a stop at a line's end is on that line).
pub fn position(json: &[u8], line: usize, column: usize) -> (usize, usize) {
    let text = String::from_utf8_lossy(consumed(json, line, column));
    let Some(last) = text.chars().last() else { return (1, 1) };
    let before = &text[..text.len() - last.len_utf8()];
    let line = 1 + before.matches('\n').count();
    let column = 1 + before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line, column)
}

/// serde_json's message for `e` about `json`. For a comma before `}` or `]`
/// it says "trailing comma" in a value it reads, but "key must be a string"
/// or "expected value" in one it skips: "trailing comma" here for every field.
pub fn serde_message(json: &[u8], e: &serde_json::Error) -> String {
    let message = e.to_string();
    for (said, close) in [("key must be a string", b'}'), ("expected value", b']')] {
        if message.starts_with(said) {
            if let [before @ .., last] = consumed(json, e.line(), e.column()).trim_ascii_end() {
                if *last == close && before.trim_ascii_end().ends_with(b",") {
                    return message.replacen(said, "trailing comma", 1);
                }
            }
        }
    }
    message
}

/// The path ("items.7.targets.0[1].as_of", "." for the top) of the value that
/// serde_json was reading when it stopped at `line`/`column` (its error
/// position: the last byte it consumed). Map keys are joined by dots, array
/// indices written `[i]`; a key whose value has not begun is not part of it.
/// With `inside`, a closing `}` / `]` just before the position is not counted:
/// the path is that of the closed value's last member.
/// A small scanner instead of tracking the path while deserializing: it runs
/// only on an error, and costs a fraction of the code.
fn json_path_at(json: &[u8], line: usize, column: usize, inside: bool) -> String {
    enum Frame {
        /// The current key, once its `:` was read.
        Object { key: Option<String>, in_value: bool },
        /// The current element, once it has begun.
        Array { index: usize, begun: bool },
    }
    let mut json = consumed(json, line, column).trim_ascii_end();
    if let (true, [rest @ .., b'}' | b']']) = (inside, json) {
        json = rest;
    }

    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < json.len() {
        let b = json[i];
        if !b.is_ascii_whitespace() && !matches!(b, b',' | b':' | b'}' | b']') {
            if let Some(Frame::Array { begun, .. }) = stack.last_mut() {
                *begun = true;
            }
        }
        match b {
            b'"' => {
                let start = i;
                i += 1;
                while i < json.len() && json[i] != b'"' {
                    i += if json[i] == b'\\' { 2 } else { 1 };
                }
                if i >= json.len() {
                    break; // stopped inside this string
                }
                if let Some(Frame::Object { key, in_value: false }) = stack.last_mut() {
                    *key = serde_json::from_slice::<String>(&json[start..=i]).ok();
                }
            }
            b':' => {
                if let Some(Frame::Object { in_value, .. }) = stack.last_mut() {
                    *in_value = true;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, in_value }) => (*key, *in_value) = (None, false),
                Some(Frame::Array { index, begun }) => (*index, *begun) = (*index + 1, false),
                None => {}
            },
            b'{' => stack.push(Frame::Object { key: None, in_value: false }),
            b'[' => stack.push(Frame::Array { index: 0, begun: false }),
            b'}' | b']' => {
                stack.pop();
            }
            _ => {}
        }
        i += 1;
    }

    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), in_value: true } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Array { index, begun: true } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
            _ => break,
        }
    }
    finished(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Day;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[test]
    fn serde_messages_in_chinese() {
        assert_eq!(chinese_serde("invalid type: string \"x\", expected u32 at line 1 column 5"), "类型不对：应为非负整数，实为字符串“x”");
        assert_eq!(
            chinese_serde("invalid type: string \"a map, expected f64\", expected f64"),
            "类型不对：应为数字，实为字符串“a map, expected f64”",
            "a quoted value is kept"
        );
        assert_eq!(chinese_serde("duplicate field `format`"), repeated("format"));
        assert_eq!(chinese_serde("字段名"), "字段名", "ours are Chinese already");
        for english in [
            "invalid type: sequence, expected a string",
            "invalid type: floating point `1.5`, expected u32",
            "invalid type: map, expected f64",
            "invalid type: null, expected a sequence",
            "invalid type: boolean `true`, expected a map",
            "invalid type: integer `3`, expected option",
            "invalid value: integer `-7`, expected u32",
            "invalid type: null, expected struct Progress",
            "invalid type: boolean `true`, expected enum Other",
            "invalid length 1, expected a tuple of size 2",
            "invalid length 1, expected struct Observation with 2 elements",
            "invalid length 3, expected fewer elements in array",
            "unknown variant `x`, expected one of `a`, `b`",
            "unknown variant `x`, expected `a` or `b`",
            "unknown variant `x`, there are no variants",
            "unknown field `x`, expected `a`",
            "missing field `value`",
            "number out of range",
            "EOF while parsing an object",
            "expected `,` or `}` at line 3 column 4",
            "invalid value: expected key to be a number in quotes",
            "control character (\\u0000-\\u001F) found while parsing a string",
        ] {
            let zh = chinese_serde(english);
            let words: Vec<&str> =
                zh.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() > 1 && !["null", "true", "false", "value", "Unicode"].contains(w)).collect();
            // Only the quoted values (`x`, `a`, `b`) may stay.
            assert!(words.iter().all(|w| english.contains(&format!("`{w}`")) || english.contains(&format!("\"{w}\""))), "{english} → {zh}");
        }
    }

    #[test]
    fn repeated_keys_anywhere_with_their_path() {
        let found = |json: &str| repeated_keys(json.as_bytes(), 10);
        assert!(found(r#"{"a":{"b":1},"c":[{"b":1,"d":2},{"b":{"b":3}}]}"#).is_empty());
        assert_eq!(found(r#"{"a":1,"a":2}"#), [(".".to_string(), "a".to_string())]);
        assert_eq!(found(r#"{"items":{"7":{"note":"x"},"\u0037":{}}}"#), [("items".to_string(), "7".to_string())], "compared as JSON strings");
        assert_eq!(found(r#"{"h":[{"x":1},{"x":1,"y":[{"k":1,"k":2}],"x":2}]}"#), [("h[1].y[0]".into(), "k".into()), ("h[1]".into(), "x".into())]);
        assert_eq!(found(r#"{"s":"{\"a\":1,\"a\":2}","t":"]}","a":1}"#), [], "strings are not objects");
        // Many keys (a set) and a repeat among them.
        let many: Vec<String> = (0..40).map(|i| format!("\"{i}\":{i}")).collect();
        assert!(found(&format!("{{{}}}", many.join(","))).is_empty());
        assert_eq!(found(&format!("{{{},\"39\":0}}", many.join(","))), [(".".to_string(), "39".to_string())]);
        // Malformed or too deep: no answer, never a panic.
        for bad in ["{\"a\":1,\"a", "}}]]{", "{\"a\\", "\"", &"[".repeat(500), "{\"\\ud800\":1,\"\\ud800\":2}"] {
            let _ = found(bad);
        }
        assert!(found(&format!("{}{{\"a\":1,\"a\":2}}", "[".repeat(200))).is_empty());
    }

    #[test]
    fn positions_count_characters() {
        let text = "第一行\n“二”x";
        // serde_json's column counts bytes: 3 bytes of “, 3 of 二, 3 of ”, then x.
        assert_eq!(position(text.as_bytes(), 2, 10), (2, 4));
        assert_eq!(position(text.as_bytes(), 2, 0), (1, 4), "a stop at the line end is on that line");
        assert_eq!(position(b"", 1, 0), (1, 1));
    }

    /// Where serde_json stops on each kind of error, as a path (pretty-printed
    /// too: positions count lines).
    #[test]
    fn error_positions_become_paths() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Inner {
            n: u32,
            #[serde(default)]
            day: Option<Day>,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            #[serde(default)]
            list: Vec<Inner>,
            #[serde(default)]
            map: BTreeMap<u32, Vec<Inner>>,
            #[serde(default)]
            pair: Option<(u32, u32)>,
        }
        let path = |raw: &str| match typed::<Outer>(raw.as_bytes(), "") {
            Err(PathError { path, .. }) => path,
            other => panic!("{raw}: {other:?}"),
        };
        assert_eq!(path(r#"{"list":[{"n":1},{"n":"x"}]}"#), "list[1].n");
        assert_eq!(path(r#"{"list":[{"n":1},{"day":null}]}"#), "list[1]");
        assert_eq!(path(r#"{"list":[{"n":1},{"n":2,"day":"2023-02-30"}]}"#), "list[1].day");
        assert_eq!(path(r#"{"list":[{"n":1},{"n":2,"day":"2023-02-30","x":0}]}"#), "list[1].day");
        assert_eq!(path(r#"{"map":{"7":[{"n":1,"day":"2023-13-01"}]},"list":[]}"#), "map.7[0].day");
        assert_eq!(path(r#"{"map":{"seven":[]}}"#), "map");
        assert_eq!(path(r#"{"map":{"a\"b":[]}}"#), "map");
        assert_eq!(path(r#"{"list":{}}"#), "list");
        assert_eq!(path(r#"{"pair":[1]}"#), "pair");
        assert_eq!(path(r#""x""#), ".");
        assert_eq!(path("{\n  \"map\": {\n    \"7\": [\n      {\n        \"n\": -1\n      }\n    ]\n  }\n}"), "map.7[0].n");
        assert_eq!(path("{\n  \"list\": [\n    {\n      \"day\": null\n    }\n  ]\n}"), "list[0]");
        match typed::<Outer>(br#"{"list":[{"n":1}]}"#, "progress") {
            Ok(o) => assert_eq!(o.list.len(), 1),
            Err(e) => panic!("{e}"),
        }
        match typed::<Outer>(br#"{"list":[{"n":true}]}"#, "progress") {
            Err(PathError { path, .. }) => assert_eq!(path, "progress.list[0].n"),
            other => panic!("{other:?}"),
        }
    }
}
