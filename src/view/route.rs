//! The current view (filters, open item, open panel) and its URL-hash form,
//! so a bookmark or a mailed link reopens the same view.
//!
//! `#n=<notice id>&cat=3&unit=%E5%8C%BA%E6%AE%8B%E8%81%94&level=city&q=...&item=7&panel=check` (or `panel=charts`, `panel=report`, `panel=grid`: the 填报 grid of `unit`)

use crate::notice::{Item, Level, Notice};
use crate::progress::Day;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Percent-encode all but RFC 3986's unreserved characters (so dates read as dates).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Panel {
    #[default]
    Items,
    /// 数据核查.
    Checks,
    /// 图表 (and the briefing mode entered from it).
    Charts,
    /// 通报: the table the 督查考核办 publishes, for the current filter.
    Report,
    /// 填报 (#16): the grid of a lead unit's figures (`unit`, else every item's).
    Grid,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Route {
    /// The notice shown: a library notice's id (`n=`), None for the bundled one.
    pub notice: Option<String>,
    pub category: Option<u32>,
    pub unit: Option<String>,
    pub level: Option<Level>,
    pub query: String,
    /// Only the items of the user's own unit (我的单位).
    pub mine: bool,
    /// The item whose detail is open (its key, `Item::key`).
    pub item: Option<u32>,
    pub panel: Panel,
    /// The as-of day the lights and charts are computed for (None: today),
    /// so a briefing link reopens the quarter's end it was made for.
    pub at: Option<Day>,
}

impl Route {
    /// Hash without the leading '#'. Empty for the default view.
    pub fn to_hash(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut put = |k: &str, v: &str| parts.push(format!("{k}={}", utf8_percent_encode(v, COMPONENT)));
        if let Some(n) = &self.notice {
            put("n", n);
        }
        if let Some(c) = self.category {
            put("cat", &c.to_string());
        }
        if let Some(u) = &self.unit {
            put("unit", u);
        }
        if let Some(l) = self.level {
            put("level", level_key(l));
        }
        if !self.query.is_empty() {
            put("q", &self.query);
        }
        if self.mine {
            put("mine", "1");
        }
        if let Some(i) = self.item {
            put("item", &i.to_string());
        }
        match self.panel {
            Panel::Items => {}
            Panel::Checks => put("panel", "check"),
            Panel::Charts => put("panel", "charts"),
            Panel::Report => put("panel", "report"),
            Panel::Grid => put("panel", "grid"),
        }
        if let Some(at) = self.at {
            put("at", &at.to_string());
        }
        parts.join("&")
    }

    /// Read a hash (with or without '#'). Unknown keys and bad values are
    /// ignored: a mangled link opens the default view, never an error.
    pub fn from_hash(hash: &str) -> Route {
        let mut route = Route::default();
        for pair in hash.trim_start_matches('#').split('&') {
            let Some((key, raw)) = pair.split_once('=') else { continue };
            let value = percent_decode_str(raw).decode_utf8_lossy().into_owned();
            match key {
                "n" if !value.is_empty() && value.len() <= 64 => route.notice = Some(value),
                "cat" => route.category = value.parse().ok(),
                "unit" if !value.is_empty() => route.unit = Some(value),
                "level" => route.level = level_from_key(&value),
                "q" => route.query = value,
                "mine" => route.mine = value == "1",
                "item" => route.item = value.parse().ok(),
                "panel" if value == "check" => route.panel = Panel::Checks,
                "panel" if value == "charts" => route.panel = Panel::Charts,
                "panel" if value == "report" => route.panel = Panel::Report,
                "panel" if value == "grid" => route.panel = Panel::Grid,
                "at" => route.at = Day::parse(&value),
                _ => {}
            }
        }
        route
    }

    /// Drop what this notice does not have (a link made for another notice,
    /// or typed by hand): category, unit and item must exist.
    pub fn valid_for(mut self, notice: &Notice) -> Route {
        if self.category.is_some_and(|c| !notice.categories.iter().any(|k| k.index == c)) {
            self.category = None;
        }
        if self.unit.as_ref().is_some_and(|u| !notice.items.iter().any(|i| i.units.contains(u))) {
            self.unit = None;
        }
        if self.item.is_some_and(|key| !notice.items.iter().any(|i| i.key == key)) {
            self.item = None;
        }
        self
    }

    /// The items this view lists, in notice order. `my_unit` is the user's
    /// unit from the settings (我的单位 lists nothing until one is set).
    pub fn filter<'a>(&self, notice: &'a Notice, my_unit: &str) -> Vec<&'a Item> {
        let needle = self.query.trim().to_lowercase();
        notice
            .items
            .iter()
            .filter(|i| self.category.is_none_or(|c| i.category == c))
            .filter(|i| self.unit.as_ref().is_none_or(|u| i.units.contains(u)))
            .filter(|i| self.level.is_none_or(|l| i.level == l))
            .filter(|i| !self.mine || i.units.iter().any(|u| u == my_unit))
            .filter(|i| needle.is_empty() || matches_query(i, &needle))
            .collect()
    }

    /// Whether any filter narrows the list.
    pub fn is_filtered(&self) -> bool {
        self.category.is_some() || self.unit.is_some() || self.level.is_some() || self.mine || !self.query.trim().is_empty()
    }
}

/// Free-text search: item number, wording in either list, measures, units, targets.
fn matches_query(item: &Item, needle: &str) -> bool {
    if needle.trim_start_matches('第').trim_end_matches('项').parse::<u32>() == Ok(item.no) {
        return true;
    }
    let hay = [item.text.as_str(), item.attachment_text.as_deref().unwrap_or("")]
        .into_iter()
        .chain(item.measures.iter().map(String::as_str))
        .chain(item.units.iter().map(String::as_str))
        .chain(item.targets.iter().map(|t| t.label.as_str()));
    hay.into_iter().any(|h| h.to_lowercase().contains(needle))
}

pub fn level_key(level: Level) -> &'static str {
    match level {
        Level::District => "district",
        Level::City => "city",
        Level::Province => "province",
    }
}

pub fn level_from_key(key: &str) -> Option<Level> {
    match key {
        "district" => Some(Level::District),
        "city" => Some(Level::City),
        "province" => Some(Level::Province),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::parse;

    #[test]
    fn hash_round_trip_with_chinese() {
        let r = Route {
            notice: Some("00112233aabbccdd".into()),
            category: Some(3),
            unit: Some("区残联".into()),
            level: Some(Level::District),
            query: "康复 & 救助".into(),
            mine: true,
            item: Some(7),
            panel: Panel::Checks,
            at: Day::parse("2023-09-30"),
        };
        let h = r.to_hash();
        assert!(h.is_ascii(), "{h}");
        assert_eq!(Route::from_hash(&format!("#{h}")), r);
        assert_eq!(Route::default().to_hash(), "");
        let charts = Route { panel: Panel::Charts, ..Default::default() };
        assert_eq!(charts.to_hash(), "panel=charts");
        assert_eq!(Route::from_hash("#panel=charts"), charts);
        assert_eq!(Route::from_hash("#panel=chart"), Route::default());
        let report = Route { panel: Panel::Report, unit: Some("区民政局".into()), ..Default::default() };
        assert_eq!(Route::from_hash(&format!("#{}", report.to_hash())), report);
        let grid = Route { panel: Panel::Grid, unit: Some("区残联".into()), ..Default::default() };
        assert_eq!(grid.to_hash(), "unit=%E5%8C%BA%E6%AE%8B%E8%81%94&panel=grid");
        assert_eq!(Route::from_hash(&format!("#{}", grid.to_hash())), grid);
        assert_eq!(Route::from_hash("#at=2023-02-30"), Route::default(), "not a day");
        assert_eq!(Route { at: Day::parse("2023-06-30"), ..Default::default() }.to_hash(), "at=2023-06-30");
        assert!(h.starts_with("n=00112233aabbccdd&"), "the notice first: {h}");
    }

    #[test]
    fn mangled_hash_opens_default_view() {
        assert_eq!(Route::from_hash("#cat=x&level=moon&item=&%%%&=&unit="), Route::default());
        assert_eq!(Route::from_hash("#q=%E6%AE%8B%E7%96%BE%FF").query, "残疾\u{fffd}");
    }

    #[test]
    fn links_to_what_the_notice_lacks_open_the_default_view() {
        let n = parse(crate::BUNDLED_NOTICE);
        assert_eq!(Route::from_hash("#item=999&cat=99&unit=%E6%97%A0").valid_for(&n), Route::default());
        let ok = Route::from_hash("#item=7&cat=3").valid_for(&n);
        assert_eq!((ok.item, ok.category), (Some(7), Some(3)));
    }

    #[test]
    fn filters_combine() {
        let n = parse(crate::BUNDLED_NOTICE);
        let nos = |r: &Route| r.filter(&n, "区残联").iter().map(|i| i.no).collect::<Vec<_>>();
        assert_eq!(nos(&Route::default()).len(), 50);
        assert_eq!(nos(&Route { category: Some(4), ..Default::default() }), [17, 18, 19, 20, 21]);
        assert_eq!(nos(&Route { unit: Some("区残联".into()), ..Default::default() }), [7, 8, 9, 10, 11, 16]);
        assert_eq!(nos(&Route { level: Some(Level::Province), ..Default::default() }), [20, 27]);
        assert_eq!(nos(&Route { category: Some(3), level: Some(Level::City), ..Default::default() }), [12]);
        assert_eq!(nos(&Route { query: "窝沟".into(), ..Default::default() }), [22]);
        assert_eq!(nos(&Route { query: "第7项".into(), ..Default::default() }), [7]);
        // Measures are searched too: 假肢 appears only in item 7's measures.
        assert_eq!(nos(&Route { query: "假肢".into(), ..Default::default() }), [7]);
        // 我的单位 (区残联) and a category.
        assert_eq!(nos(&Route { mine: true, category: Some(3), ..Default::default() }), [7, 8, 9, 10, 11, 16]);
        assert!(Route { mine: true, ..Default::default() }.filter(&n, "").is_empty());
    }
}
