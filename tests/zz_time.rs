use std::time::Instant;
#[test]
fn time() {
    let path = std::env::var("F").unwrap();
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let s = Instant::now();
    let n = minsheng::notice::parse(&text);
    println!(
        "parse {:?}: bytes {} lines {} items {} categories {} diagnostics {}",
        s.elapsed(),
        bytes.len(),
        text.lines().count(),
        n.items.len(),
        n.categories.len(),
        n.diagnostics.len()
    );
    let p = minsheng::progress::Progress::default();
    let at = minsheng::progress::Day::new(2024, 12, 31).unwrap();
    let s = Instant::now();
    let _ = minsheng::view::charts::completion_by_category(&n, &p, at);
    println!("completion {:?}", s.elapsed());
    let s = Instant::now();
    let _ = minsheng::view::charts::completion_by_unit(&n, &p, at);
    println!("units {:?}", s.elapsed());
    let s = Instant::now();
    let _ = minsheng::view::charts::progress_over_time(&n, &p, at);
    println!("over time {:?}", s.elapsed());
    let items: Vec<_> = n.items.iter().collect();
    let s = Instant::now();
    let r = minsheng::view::report::rows(&n, &items, &p, at);
    let _ = minsheng::view::report::csv(&r);
    println!("report {:?}", s.elapsed());
    let s = Instant::now();
    let charts = minsheng::view::plot::charts(&n, &p, at);
    println!("plot charts {:?}", s.elapsed());
    for c in charts {
        let s = Instant::now();
        let h = c.natural_height(800.0);
        let svg = c.svg(800, h as u32, &minsheng::view::plot::LIGHT_THEME);
        println!("svg {} bytes h {h} {:?}", svg.len(), s.elapsed());
    }
}
