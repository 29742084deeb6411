//! Reading JSON into a typed value with an error that a person can act on:
//! where (the field path, `progress.items.7.status`) and what (in Chinese).
//! Shared by the stored-record decoders and the snapshot reader.

use std::fmt;

/// A value that could not be read: its path and what is wrong, in Chinese.
#[derive(Debug, Clone, PartialEq)]
pub struct PathError {
    pub path: String,
    pub detail: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "位置 {}：{}", self.path, self.detail)
    }
}

pub fn at(path: &str, detail: impl Into<String>) -> PathError {
    PathError { path: path.to_string(), detail: detail.into() }
}

/// Parse JSON into `T`, reporting a damaged field by its path under `prefix`.
pub fn typed<T: serde::de::DeserializeOwned>(json: &[u8], prefix: &str) -> Result<T, PathError> {
    let mut de = serde_json::Deserializer::from_slice(json);
    let value = T::deserialize(&mut de).map_err(|e| path_error(prefix, json, e))?;
    de.end().map_err(|e| at(if prefix.is_empty() { "." } else { prefix }, chinese_serde(&e.to_string())))?;
    Ok(value)
}

fn path_error(prefix: &str, json: &[u8], e: serde_json::Error) -> PathError {
    let detail = e.to_string();
    // serde_json stops after the `}` / `]` that closes the value in which serde
    // found the error; only these two errors are about that value itself, any
    // other is about its last member (a custom or untagged-enum error).
    let own = detail.starts_with("missing field") || detail.starts_with("invalid length");
    let inner = json_path_at(json, e.line(), e.column(), !own);
    let path = match (prefix, inner.as_str()) {
        ("", ".") => ".".to_string(),
        (_, ".") => prefix.to_string(),
        ("", _) => inner,
        _ => format!("{prefix}.{inner}"),
    };
    at(&path, chinese_serde(&detail))
}

/// serde_json's messages in Chinese. Its grammar is small and fixed
/// ("invalid type: <what>, expected <what>", "missing field `x`", …), and its
/// type names come from serde's derive and ours; anything not matched keeps
/// its English words but is reached only by a message this table lacks (a
/// test feeds every kind of damage and looks for English words).
pub fn chinese_serde(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    // Whole phrases first, then type names, then the connecting words.
    const RULES: &[(&str, &str)] = &[
        ("EOF while parsing a string", "内容在一个字符串中途结束（文件不完整）"),
        ("EOF while parsing an object", "内容在一个对象中途结束（文件不完整）"),
        ("EOF while parsing a list", "内容在一个数组中途结束（文件不完整）"),
        ("EOF while parsing a value", "内容在中途结束（文件不完整）"),
        ("EOF while parsing", "内容在中途结束（文件不完整）"),
        ("expected value", "此处的值写法或类型不对"),
        ("expected `,` or `}`", "此处应为逗号或右花括号"),
        ("expected `,` or `]`", "此处应为逗号或右方括号"),
        ("expected `:`", "此处应为冒号"),
        ("expected ident", "此处的写法不对（应为 true、false 或 null）"),
        ("key must be a string", "对象的键必须是字符串"),
        ("trailing characters", "结尾有多余的字符"),
        ("trailing comma", "多余的逗号"),
        ("number out of range", "数字超出范围"),
        ("invalid number", "数字写法不对"),
        ("invalid escape", "字符串中的转义写法不对"),
        ("invalid unicode code point", "字符串中有无效的 Unicode 字符"),
        ("lone leading surrogate in hex escape", "字符串中有不成对的代理字符"),
        ("unexpected end of hex escape", "字符串中的 \\u 转义不完整"),
        ("control character (\\u0000-\\u001F) found while parsing a string", "字符串中有控制字符"),
        ("recursion limit exceeded", "嵌套层数过多"),
        ("invalid type: ", "类型不对："),
        ("invalid value: ", "取值无效："),
        ("invalid length ", "长度不对："),
        ("unknown variant ", "未知取值 "),
        ("unknown field ", "未知字段 "),
        ("missing field ", "缺少字段 "),
        ("duplicate field ", "字段重复出现："),
        (", expected one of ", "，应为以下之一："),
        (", expected ", "，应为 "),
        ("expected one of ", "应为以下之一："),
        ("expected ", "应为 "),
        ("floating point ", "小数 "),
        ("integer ", "整数 "),
        ("string ", "字符串 "),
        ("boolean ", "布尔值 "),
        ("unit value", "null"),
        ("a string", "字符串"),
        ("a sequence", "数组"),
        ("a map", "对象"),
        ("a boolean", "布尔值"),
        ("sequence", "数组"),
        ("map", "对象"),
        ("an integer", "整数"),
        ("f64", "数字"),
        ("u64", "非负整数"),
        ("u32", "非负整数"),
        ("usize", "非负整数"),
        ("u16", "非负整数"),
        ("u8", "非负整数"),
        ("i64", "整数"),
        ("i32", "整数"),
        ("option", "值或 null"),
        ("tuple of size ", "元素个数为 "),
        (" elements in sequence", " 个元素的数组"),
        (" element in sequence", " 个元素的数组"),
        ("fewer elements in array", "数组元素不足"),
    ];
    let mut out = message.to_string();
    for (en, zh) in RULES {
        if out.contains(en) {
            out = out.replace(en, zh);
        }
    }
    // "struct Progress", "enum Status": the kind of thing, not our type names.
    out = replace_words(&out, "struct ", "对象");
    out = replace_words(&out, "enum ", "取值");
    out
}

/// Replace `word` followed by an identifier with `with`.
fn replace_words(text: &str, word: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(word) {
        out.push_str(&rest[..i]);
        out.push_str(with);
        rest = rest[i + word.len()..].trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
    }
    out.push_str(rest);
    out
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
    // Bytes consumed: the whole lines before `line`, then `column` bytes of it.
    let mut end = 0;
    for _ in 1..line {
        match json[end..].iter().position(|&b| b == b'\n') {
            Some(i) => end += i + 1,
            None => break,
        }
    }
    let mut json = json[..(end + column).min(json.len())].trim_ascii_end();
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
    if path.is_empty() {
        path.push('.');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Day;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[test]
    fn serde_messages_in_chinese() {
        assert_eq!(chinese_serde("invalid type: string \"x\", expected u32 at line 1 column 5"), "类型不对：字符串 \"x\"，应为 非负整数");
        for english in [
            "invalid type: sequence, expected a string",
            "invalid type: floating point `1.5`, expected u32",
            "invalid type: map, expected f64",
            "duplicate field `format`",
            "number out of range",
            "invalid type: null, expected struct Progress",
            "unknown variant `x`, expected one of `a`, `b`",
            "invalid length 1, expected a tuple of size 2",
            "invalid type: boolean `true`, expected enum Status",
        ] {
            let zh = chinese_serde(english);
            let words: Vec<&str> = zh.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() > 1 && !["null", "true", "false"].contains(w)).collect();
            // Only the quoted values (`x`, `a`, `b`) may stay.
            assert!(words.iter().all(|w| english.contains(&format!("`{w}`")) || english.contains(&format!("\"{w}\""))), "{english} → {zh}");
        }
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
