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

/// A light's own colour: bars, badges, dots. Each stands out from a white
/// page by at least 3:1 (WCAG's figure for graphics) and carries its
/// [`light_ink`] at 4.5:1 or more.
pub fn light_strong(light: Light) -> Rgb {
    match light {
        Light::Green => Rgb(0x1A, 0x7F, 0x37),
        Light::Yellow => Rgb(0xBF, 0x87, 0x00),
        Light::Red => Rgb(0xCF, 0x22, 0x2E),
        Light::Grey => Rgb(0x6E, 0x77, 0x81),
    }
}

/// The text written on a light's strong colour (a badge's word, a bar's
/// mark): white, but on yellow, where white reads at 3:1 only, near-black.
pub fn light_ink(light: Light) -> Rgb {
    match light {
        Light::Yellow => INK_DARK,
        _ => Rgb(0xFF, 0xFF, 0xFF),
    }
}

/// A light's colour for text on white or on its pale fill (the 通报's
/// 完成状况 word): the strong colour where it reads at 4.5:1, darker where not.
pub fn light_text(light: Light) -> Rgb {
    match light {
        Light::Yellow => Rgb(0x7D, 0x53, 0x00),
        Light::Grey => Rgb(0x5F, 0x67, 0x70),
        _ => light_strong(light),
    }
}

/// The page's own text colour.
const INK_DARK: Rgb = Rgb(0x1F, 0x23, 0x28);

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
/// The 报送率 strip under a completion bar: no light's colour (it is no light).
pub const REPORTED: Rgb = Rgb(0x4A, 0x6F, 0xA5);

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

/// The same on a dark slide, each at 3:1 or more against its background
/// (WCAG's figure for graphics): the darker ones lightened.
const SERIES_DARK: [Rgb; 10] = [
    Rgb(0x4F, 0xA3, 0xE0),
    Rgb(0xFF, 0x7F, 0x0E),
    Rgb(0xC4, 0x8A, 0x7E),
    Rgb(0xB3, 0x92, 0xD6),
    Rgb(0x17, 0xBE, 0xCF),
    Rgb(0xBC, 0xBD, 0x22),
    Rgb(0xE3, 0x77, 0xC2),
    Rgb(0xA8, 0xA8, 0xA8),
    Rgb(0x8C, 0x9E, 0xFF),
    Rgb(0x00, 0xBF, 0xA5),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub background: Rgb,
    pub text: Rgb,
    pub muted: Rgb,
    pub grid: Rgb,
    /// The 序时进度 marks and the overall line.
    pub strong: Rgb,
    /// The time chart's lines after the whole.
    pub series: [Rgb; 10],
}

impl Theme {
    /// The colour of the time chart's `i`-th series (0 is the whole, in the strong colour).
    pub fn series(&self, i: usize) -> Rgb {
        if i == 0 {
            self.strong
        } else {
            self.series[(i - 1) % self.series.len()]
        }
    }
}

pub const LIGHT_THEME: Theme = Theme {
    background: Rgb(255, 255, 255),
    text: Rgb(0x21, 0x21, 0x21),
    muted: Rgb(0x61, 0x61, 0x61),
    grid: Rgb(0xE0, 0xE0, 0xE0),
    strong: Rgb(0x21, 0x21, 0x21),
    series: SERIES,
};
pub const DARK_THEME: Theme = Theme {
    background: Rgb(0x12, 0x12, 0x12),
    text: Rgb(0xF5, 0xF5, 0xF5),
    muted: Rgb(0xBD, 0xBD, 0xBD),
    grid: Rgb(0x42, 0x42, 0x42),
    strong: Rgb(0xFF, 0xFF, 0xFF),
    series: SERIES_DARK,
};

/// The CSS custom properties of the lights, for the app root's `style`:
/// `--green: #1A7F37; --green-pale: #DAFBE1; --green-ink: #FFFFFF; --green-text: #1A7F37; …`
/// (app.css reads `var(--green)`).
pub fn custom_properties() -> String {
    Light::ALL
        .iter()
        .map(|l| {
            let (strong, pale, ink, text) = (light_strong(*l), light_pale(*l), light_ink(*l), light_text(*l));
            format!("--{0}: {1}; --{0}-pale: {2}; --{0}-ink: {3}; --{0}-text: {4};", l.key(), strong.hex(), pale.hex(), ink.hex(), text.hex())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// WCAG 2's contrast ratio of two colours (1 to 21), to test the palette.
#[cfg(test)]
pub(crate) fn contrast(a: Rgb, b: Rgb) -> f64 {
    let luminance = |c: Rgb| {
        let lin = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
    };
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_properties_name_every_light_twice() {
        let css = custom_properties();
        assert!(css.starts_with("--green: #1A7F37; --green-pale: #DAFBE1; --green-ink: #FFFFFF; --green-text: #1A7F37;"), "{css}");
        for l in Light::ALL {
            for suffix in ["", "-pale", "-ink", "-text"] {
                assert!(css.contains(&format!("--{}{suffix}: ", l.key())), "{css}");
            }
        }
    }

    /// WCAG AA, as axe-core checks the page: words on a light's colour and a
    /// light's words on white or its pale fill at 4.5:1; the colour itself at
    /// 3:1 against the white page (bars, dots).
    #[test]
    fn every_light_reads_at_wcag_aa() {
        let white = Rgb(0xFF, 0xFF, 0xFF);
        for l in Light::ALL {
            let (strong, pale, ink, text) = (light_strong(l), light_pale(l), light_ink(l), light_text(l));
            assert!(contrast(ink, strong) >= 4.5, "{l:?}: ink on strong {:.2}", contrast(ink, strong));
            assert!(contrast(text, white) >= 4.5, "{l:?}: text on white {:.2}", contrast(text, white));
            assert!(contrast(text, pale) >= 4.5, "{l:?}: text on pale {:.2}", contrast(text, pale));
            assert!(contrast(strong, white) >= 3.0, "{l:?}: strong on white {:.2}", contrast(strong, white));
        }
        // The formula against WCAG's own examples: black on white is 21:1, #767676 on white 4.54:1.
        assert!((contrast(Rgb(0, 0, 0), white) - 21.0).abs() < 1e-9);
        assert!((contrast(Rgb(0x76, 0x76, 0x76), white) - 4.54).abs() < 0.01);
    }

    /// The page's stylesheet takes the lights from the root's custom
    /// properties: a colour literal for a light there would be a second palette.
    #[test]
    fn the_stylesheet_names_no_light_colour() {
        let css = include_str!("../../public/app.css").to_ascii_uppercase();
        for l in Light::ALL {
            for c in [light_strong(l), light_pale(l), light_text(l)] {
                assert!(!css.contains(&c.hex()), "app.css repeats {} ({l:?})", c.hex());
            }
        }
        for old in ["#1A7F37", "#B58100", "#CF222E", "#8C959F", "#E6F4EA", "#FDE7E9", "#F2F4F6"] {
            assert!(!css.contains(old), "app.css still has its own light colour {old}");
        }
    }
}
