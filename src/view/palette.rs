//! Every colour the app shows, defined once: the lights (strong for bars and
//! badges, pale for table fills), the chart series and themes. The charts
//! (`plot`), the 通报 workbook (`xlsx`) and the page's CSS read them here; the
//! CSS gets them as custom properties on the app's root element
//! ([`custom_properties`]), so `public/app.css` names no light colour itself.

use crate::progress::Light;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// "#C62828", as plotters' SVG backend writes fills.
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }

    /// "FFC62828": SpreadsheetML's opaque ARGB.
    pub fn argb(self) -> String {
        format!("FF{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

/// A light's own colour: bars, badges, dots (white text on it stays legible).
pub fn light_strong(light: Light) -> Rgb {
    match light {
        Light::Green => Rgb(0x1A, 0x7F, 0x37),
        Light::Yellow => Rgb(0xB5, 0x81, 0x00),
        Light::Red => Rgb(0xCF, 0x22, 0x2E),
        Light::Grey => Rgb(0x8C, 0x95, 0x9F),
    }
}

/// A light's pale counterpart: table cells filled by light (通报 on screen,
/// printed, in the workbook), light enough for black text.
pub fn light_pale(light: Light) -> Rgb {
    match light {
        Light::Green => Rgb(0xDA, 0xFB, 0xE1),
        Light::Yellow => Rgb(0xFF, 0xF8, 0xC5),
        Light::Red => Rgb(0xFF, 0xEB, 0xE9),
        Light::Grey => Rgb(0xEA, 0xEE, 0xF2),
    }
}

/// The one-character mark of a light, written on or beside its colour (never colour alone).
pub fn light_mark(light: Light) -> &'static str {
    match light {
        Light::Green => "绿",
        Light::Yellow => "黄",
        Light::Red => "红",
        Light::Grey => "灰",
    }
}

/// The workbook's header fill.
pub const HEADER_FILL: Rgb = Rgb(0xDD, 0xEB, 0xF7);
/// Subsidy bars: planned, disbursed.
pub const PLANNED: Rgb = Rgb(0x90, 0xA4, 0xAE);
pub const DISBURSED: Rgb = Rgb(0x15, 0x65, 0xC0);

/// Lines of the time chart after the whole (which is drawn in the theme's strong colour).
const SERIES: [Rgb; 10] = [
    Rgb(0x1F, 0x77, 0xB4),
    Rgb(0xFF, 0x7F, 0x0E),
    Rgb(0x8C, 0x56, 0x4B),
    Rgb(0x94, 0x67, 0xBD),
    Rgb(0x17, 0xBE, 0xCF),
    Rgb(0xBC, 0xBD, 0x22),
    Rgb(0xE3, 0x77, 0xC2),
    Rgb(0x7F, 0x7F, 0x7F),
    Rgb(0x3F, 0x51, 0xB5),
    Rgb(0x00, 0x96, 0x88),
];

/// The colour of the time chart's `i`-th series (0 is the whole).
pub fn series(i: usize) -> Rgb {
    if i == 0 {
        Rgb(0x21, 0x21, 0x21)
    } else {
        SERIES[(i - 1) % SERIES.len()]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub background: Rgb,
    pub text: Rgb,
    pub muted: Rgb,
    pub grid: Rgb,
    /// The 序时进度 marks and the overall line.
    pub strong: Rgb,
}

pub const LIGHT_THEME: Theme = Theme {
    background: Rgb(255, 255, 255),
    text: Rgb(0x21, 0x21, 0x21),
    muted: Rgb(0x61, 0x61, 0x61),
    grid: Rgb(0xE0, 0xE0, 0xE0),
    strong: Rgb(0x21, 0x21, 0x21),
};
pub const DARK_THEME: Theme = Theme {
    background: Rgb(0x12, 0x12, 0x12),
    text: Rgb(0xF5, 0xF5, 0xF5),
    muted: Rgb(0xBD, 0xBD, 0xBD),
    grid: Rgb(0x42, 0x42, 0x42),
    strong: Rgb(0xFF, 0xFF, 0xFF),
};

/// The CSS custom properties of the lights, for the app root's `style`:
/// `--green: #1A7F37; --green-pale: #DAFBE1; …` (app.css reads `var(--green)`).
pub fn custom_properties() -> String {
    Light::ALL.iter().map(|l| format!("--{0}: {1}; --{0}-pale: {2};", l.key(), light_strong(*l).hex(), light_pale(*l).hex())).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_properties_name_every_light_twice() {
        let css = custom_properties();
        assert!(css.starts_with("--green: #1A7F37; --green-pale: #DAFBE1;"), "{css}");
        for l in Light::ALL {
            assert!(css.contains(&format!("--{}: ", l.key())) && css.contains(&format!("--{}-pale: ", l.key())), "{css}");
        }
    }

    /// The page's stylesheet takes the lights from the root's custom
    /// properties: a colour literal for a light there would be a second palette.
    #[test]
    fn the_stylesheet_names_no_light_colour() {
        let css = include_str!("../../public/app.css").to_ascii_uppercase();
        for l in Light::ALL {
            for c in [light_strong(l), light_pale(l)] {
                assert!(!css.contains(&c.hex()), "app.css repeats {} ({l:?})", c.hex());
            }
        }
        for old in ["#1A7F37", "#B58100", "#CF222E", "#8C959F", "#E6F4EA", "#FDE7E9", "#F2F4F6"] {
            assert!(!css.contains(old), "app.css still has its own light colour {old}");
        }
    }
}
