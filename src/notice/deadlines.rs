//! Deadlines written into an item or its measures: "10月底前全部完工",
//! "6月30日前建成". The year is the notice's; "年底" is the default and not listed.

use super::model::Deadline;
use super::text::{clause_around, leading_number};

pub fn extract(text: &str) -> Vec<Deadline> {
    super::text::pieces(text).into_iter().flat_map(extract_piece).collect()
}

fn extract_piece(text: &str) -> Vec<Deadline> {
    let mut out = Vec::new();
    for (pos, _) in text.match_indices('月') {
        let before = &text[..pos];
        let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 || digits > 2 {
            continue;
        }
        let Ok(month) = before[before.len() - digits..].parse::<u32>() else { continue };
        let after = &text[pos + '月'.len_utf8()..];
        let day = if after.starts_with("底") {
            None
        } else if let Some((d, rest)) = leading_number(after).filter(|(_, r)| r.starts_with('日')) {
            if !rest['日'.len_utf8()..].starts_with(['前', '底']) {
                continue;
            }
            Some(d)
        } else {
            continue;
        };
        let is_deadline = after.starts_with("底前") || after.starts_with("底完成") || day.is_some();
        if !(1..=12).contains(&month) || !is_deadline || day.is_some_and(|d| !(1..=31).contains(&d)) {
            continue;
        }
        out.push(Deadline { month, day, quote: clause_around(text, pos, &['，', '；', '。']).to_string() });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_ends_and_days() {
        let d = extract("确保工程项目10月底前全部完工，12月底前竣工验收。6月30日前建成。到2023年底覆盖率达到30%");
        let got: Vec<_> = d.iter().map(|d| (d.month, d.day)).collect();
        assert_eq!(got, [(10, None), (12, None), (6, Some(30))]);
        assert_eq!(d[0].quote, "确保工程项目10月底前全部完工");
    }
}
