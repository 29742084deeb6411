//! The one drawing function, generic over plotters' `DrawingBackend`: the
//! canvas on screen (plotters-canvas, scaled by devicePixelRatio or 2× for
//! PNG) and the SVG export (plotters-svg, native too) draw the same shapes.
//! Text is drawn by the backend (canvas `fillText`, SVG `<text>`), never
//! rasterized here.

use std::convert::Infallible;

use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontFamily, FontStyle};

use super::super::palette::{Rgb, Theme};
use super::layout::{text_width, Align, Shape};
use super::spec::Chart;

/// The CJK font stack of the whole app (single quotes: valid in CSS and inside an SVG attribute).
pub const FONT_STACK: &str = "'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif";

struct Font {
    size: f64,
    color: BackendColor,
    anchor: Pos,
    bold: bool,
}

impl BackendTextStyle for Font {
    type FontError = Infallible;
    fn color(&self) -> BackendColor {
        self.color
    }
    fn size(&self) -> f64 {
        self.size
    }
    fn style(&self) -> FontStyle {
        if self.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        }
    }
    fn anchor(&self) -> Pos {
        self.anchor
    }
    fn family(&self) -> FontFamily<'_> {
        FontFamily::Name(FONT_STACK)
    }
    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), Infallible> {
        Ok(((0, 0), (text_width(text, self.size) as i32, self.size as i32)))
    }
    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(&self, _: &str, _: BackendCoord, _: F) -> Result<Result<(), E>, Infallible> {
        // Both backends draw text natively (fillText, <text>); never rasterized here.
        Ok(Ok(()))
    }
}

struct Stroke(BackendColor, u32);

impl BackendStyle for Stroke {
    fn color(&self) -> BackendColor {
        self.0
    }
    fn stroke_width(&self) -> u32 {
        self.1
    }
}

fn color(c: Rgb) -> BackendColor {
    BackendColor { alpha: 1.0, rgb: (c.0, c.1, c.2) }
}

/// Draw `shapes` (logical px) on any plotters backend at `scale` device
/// pixels per logical pixel; `text_factor` corrects a backend's font size.
pub fn draw<DB: DrawingBackend>(db: &mut DB, shapes: &[Shape], scale: f64, text_factor: f64) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
    let p = |x: f64, y: f64| -> BackendCoord { ((x * scale).round() as i32, (y * scale).round() as i32) };
    db.ensure_prepared()?;
    for shape in shapes {
        match shape {
            Shape::Rect { x0, y0, x1, y1, color: c } => db.draw_rect(p(*x0, *y0), p(*x1, *y1), &color(*c), true)?,
            Shape::Path { points, color: c, width } => {
                let style = Stroke(color(*c), (width * scale).round().max(1.0) as u32);
                db.draw_path(points.iter().map(|(x, y)| p(*x, *y)), &style)?
            }
            Shape::Dot { x, y, r, color: c } => db.draw_circle(p(*x, *y), (r * scale).round() as u32, &color(*c), true)?,
            Shape::Text { x, y, text, size, color: c, align, bold } => {
                let h = match align {
                    Align::Start => HPos::Left,
                    Align::Middle => HPos::Center,
                    Align::End => HPos::Right,
                };
                let font = Font { size: size * scale * text_factor, color: color(*c), anchor: Pos::new(h, VPos::Center), bold: *bold };
                db.draw_text(text, &font, p(*x, *y))?
            }
        }
    }
    db.present()
}

impl Chart {
    /// The chart as an SVG document (the export), drawn by [`draw`].
    pub fn svg(&self, width: u32, height: u32, theme: &Theme) -> String {
        let mut buf = String::new();
        {
            let mut svg = plotters::prelude::SVGBackend::with_string(&mut buf, (width, height));
            // plotters' SVG writes font-size as size / 1.24; undo it so the file matches the screen.
            let _ = draw(&mut svg, &self.layout(width as f64, height as f64, theme, 1.0), 1.0, 1.24);
            let _ = svg.present();
        }
        buf
    }
}
