//! Download file names, made safe to save on every system the users pass
//! files between (Windows above all): names carry user text (a unit, a
//! place from the notice), which may hold `<>:"/\|?*`, control or
//! direction-changing characters.

use crate::progress::bounds::is_bidi_control;

/// The longest name kept, in characters (Windows allows 255 UTF-16 units
/// for a name; mail clients and WeChat cut earlier).
const MAX_CHARS: usize = 120;

/// `name` with every character Windows or macOS refuses (or that would
/// reorder what the user sees) replaced by `_`, no leading or trailing dots
/// and spaces, a reserved device name (CON, NUL, COM1 …) prefixed, and at
/// most [`MAX_CHARS`] characters with the extension kept. Never empty.
pub fn sanitize(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*') || c.is_control() || is_bidi_control(c) { '_' } else { c })
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
    let (stem, ext) = match trimmed.rfind('.') {
        Some(i) if i > 0 && trimmed.len() - i <= 6 => (&trimmed[..i], &trimmed[i..]),
        _ => (trimmed, ""),
    };
    let keep = MAX_CHARS.saturating_sub(ext.chars().count());
    let mut stem: String = stem.chars().take(keep).collect::<String>().trim_end_matches(['.', ' ']).to_string();
    if stem.is_empty() {
        stem = "下载".to_string();
    }
    let device = stem.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(device.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (device.len() == 4 && (device.starts_with("COM") || device.starts_with("LPT")) && device.as_bytes()[3].is_ascii_digit());
    if reserved {
        stem.insert(0, '_');
    }
    format!("{stem}{ext}")
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn ordinary_names_are_kept() {
        for name in ["相山区民生实事_2023-10-31_区民政局.json", "相山区2023年民生实事完成情况通报_2023-10-31.xlsx", "completion_2023-10-31.png"]
        {
            assert_eq!(sanitize(name), name);
        }
    }

    #[test]
    fn refused_characters_become_underscores() {
        assert_eq!(sanitize("相山区民生实事_2023-10-31_<a href=\"x\">民政局</a>.json"), "相山区民生实事_2023-10-31__a href=_x__民政局__a_.json");
        assert_eq!(sanitize("a/b\\c:d|e?f*g.csv"), "a_b_c_d_e_f_g.csv");
        assert_eq!(sanitize("民政局\u{202e}nosj.exe"), "民政局_nosj.exe");
        assert_eq!(sanitize("tab\there\n.json"), "tab_here_.json");
    }

    #[test]
    fn edges_reserved_names_and_length() {
        assert_eq!(sanitize(" ..民政局.json. "), "民政局.json");
        assert_eq!(sanitize("..."), "下载");
        assert_eq!(sanitize(".json"), "json");
        assert_eq!(sanitize("CON.json"), "_CON.json");
        assert_eq!(sanitize("com1"), "_com1");
        assert_eq!(sanitize("console.json"), "console.json");
        let long = format!("{}.xlsx", "局".repeat(500));
        let cut = sanitize(&long);
        assert_eq!(cut.chars().count(), 120);
        assert!(cut.ends_with("局.xlsx"));
    }
}
