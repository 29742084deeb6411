//! Deadlines written into an item or its measures: "10月底前全部完工",
//! "6月30日前建成", "年底前建成". The year is the notice's; a year's end
//! that is no deadline ("到2023年底覆盖率达到30%") is not listed.

use super::model::Deadline;
use super::text::{clause_range, leading_number, quote, word};

pub fn extract(text: &str) -> Vec<Deadline> {
    // (position, deadline), put in the text's order at the end.
    let mut out: Vec<(usize, Deadline)> = Vec::new();
    for pos in word!("年底前").find_iter(text) {
        let (start, end) = clause_range(text, pos, &['，', '；', '。']);
        out.push((pos, Deadline { month: 12, day: None, quote: quote(&text[start..end], pos - start, pos - start).to_string() }));
    }
    for pos in word!("月").find_iter(text) {
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
        let (start, end) = clause_range(text, pos, &['，', '；', '。']);
        out.push((pos, Deadline { month, day, quote: quote(&text[start..end], pos - start, pos - start).to_string() }));
    }
    out.sort_by_key(|(pos, _)| *pos);
    out.into_iter().map(|(_, d)| d).collect()
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
        let d = extract("新建书房3个，2025年底前建成，6月底前选址");
        assert_eq!(d.iter().map(|d| (d.month, d.day)).collect::<Vec<_>>(), [(12, None), (6, None)]);
    }
}
