//! ARCHITECTURE.md is the code map: every source file is named in it (in
//! backquotes, as `src/…/file.rs`), and every `src/…` path it names exists.
//! A new module without a row, or a row left behind by a move, fails here.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_source_file_has_a_row_and_every_row_a_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    let missing: Vec<String> =
        files.iter().map(|f| f.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/")).filter(|f| !map.contains(&format!("`{f}`"))).collect();
    assert!(missing.is_empty(), "ARCHITECTURE.md has no row naming {missing:?}");
    // Every backquoted `src/…` path (a code fence's backquotes are never followed by "src/").
    let named: Vec<&str> = map.match_indices("`src/").filter_map(|(i, _)| map[i + 1..].split('`').next()).filter(|p| !p.contains('*')).collect();
    let stale: Vec<&&str> = named.iter().filter(|p| !root.join(p.trim_end_matches('/')).exists()).collect();
    assert!(stale.is_empty(), "ARCHITECTURE.md names paths that do not exist: {stale:?}");
    assert!(named.len() >= files.len(), "{} named, {} files", named.len(), files.len());
}

/// One way out for a file (#11: the Blob download was written twice, and one
/// copy did not sanitise its name): only `src/app/download.rs` turns a Blob
/// into a URL and clicks a `download` link.
#[test]
fn downloads_go_through_one_function() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    let others: Vec<String> = files
        .iter()
        .filter(|f| !f.ends_with("app/download.rs"))
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            text.contains("create_object_url") || text.contains("set_download(")
        })
        .map(|f| f.strip_prefix(root).unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(others.is_empty(), "files that download without app::download::download_blob: {others:?}");
    let download = std::fs::read_to_string(root.join("src/app/download.rs")).unwrap();
    assert!(download.contains("filename::sanitize") || download.contains("sanitize("), "download_blob sanitises the name");
}
