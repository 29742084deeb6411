//! Painting charts on canvases (crisp: the backing store is sized by
//! devicePixelRatio and the shapes drawn at that scale) and exporting them:
//! PNG from an offscreen canvas at 2×, SVG from the same drawing function on
//! plotters' SVG backend.

use plotters_canvas::CanvasBackend;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Blob, HtmlCanvasElement};

use super::PAGE_THEME;
use crate::progress::Day;
use crate::view::palette::Theme;
use crate::view::plot::{draw, Chart, Kind};

pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

pub fn canvas_of(kind: Kind) -> Option<HtmlCanvasElement> {
    document()?.query_selector(&format!("#charts figure.chart[data-chart=\"{}\"] canvas", kind.key())).ok()??.dyn_into().ok()
}

fn device_pixel_ratio() -> f64 {
    web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).clamp(1.0, 4.0)
}

/// Paint `chart` at its natural height across the canvas's parent's width.
pub fn paint_fit(canvas: &HtmlCanvasElement, chart: &Chart) {
    let width = canvas.parent_element().map_or(0, |p| p.client_width()).max(320) as f64;
    let height = chart.natural_height(width);
    paint(canvas, chart, width, height, &PAGE_THEME, 1.0);
}

/// Paint `chart` in `width` × `height` CSS pixels, the backing store at devicePixelRatio.
pub fn paint(canvas: &HtmlCanvasElement, chart: &Chart, width: f64, height: f64, theme: &Theme, zoom: f64) {
    let scale = device_pixel_ratio();
    canvas.set_width((width * scale).round() as u32);
    canvas.set_height((height * scale).round() as u32);
    let _ = canvas.set_attribute("style", &format!("width:{width}px;height:{height}px"));
    let _ = canvas.set_attribute("data-scale", &scale.to_string());
    render(canvas, chart, width, height, theme, zoom, scale);
}

fn render(canvas: &HtmlCanvasElement, chart: &Chart, width: f64, height: f64, theme: &Theme, zoom: f64, scale: f64) {
    if let Some(mut backend) = CanvasBackend::with_canvas_object(canvas.clone()) {
        let _ = draw(&mut backend, &chart.layout(width, height, theme, zoom), scale, 1.0);
    }
}

fn file_name(chart: &Chart, at: Day, ext: &str) -> String {
    format!("{}-{}.{ext}", chart.title, at)
}

/// The size a chart is exported at (CSS px): the page's width, at least 800.
fn export_size(chart: &Chart) -> (f64, f64) {
    let width = canvas_of(chart.kind).and_then(|c| c.parent_element()).map_or(800, |p| p.client_width()).max(800) as f64;
    (width, chart.natural_height(width))
}

/// Draw at 2× into an offscreen canvas and download it as PNG.
pub fn export_png(chart: &Chart, at: Day) -> Result<(), String> {
    let fail = |_| "浏览器未能生成图片。".to_string();
    let (width, height) = export_size(chart);
    let canvas: HtmlCanvasElement =
        document().ok_or("没有页面文档。")?.create_element("canvas").map_err(fail)?.dyn_into().map_err(|_| "无法创建画布。".to_string())?;
    canvas.set_width((width * 2.0) as u32);
    canvas.set_height((height * 2.0) as u32);
    render(&canvas, chart, width, height, &PAGE_THEME, 1.0, 2.0);
    let name = file_name(chart, at, "png");
    let done = Closure::once_into_js(move |blob: Option<Blob>| {
        if let Some(blob) = blob {
            let _ = super::super::download::download_blob(&name, &blob);
        }
    });
    canvas.to_blob(done.unchecked_ref()).map_err(fail)
}

/// The same drawing on plotters' SVG backend, downloaded as an .svg file.
pub fn export_svg(chart: &Chart, at: Day) -> Result<(), String> {
    let (width, height) = export_size(chart);
    let svg = chart.svg(width as u32, height as u32, &PAGE_THEME);
    let text = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{svg}");
    super::super::download::download(&file_name(chart, at, "svg"), &text, "image/svg+xml;charset=utf-8")
}
