//! `notice2json <file>`: print the parsed notice as pretty UTF-8 JSON. The
//! file is a notice as text (UTF-8, UTF-16 or GB18030/GBK), a Word `.docx`
//! or an Excel `.xlsx` list (`minsheng::notice::read`); remarks on reading
//! it go to stderr, prefixed 提示 / note.

#[cfg(not(target_arch = "wasm32"))]
use minsheng::notice::read;
use std::process::ExitCode;

/// The CLI only has to compile for wasm32 (`cargo clippy --target wasm32…`), where
/// `encoding_rs` is not linked: GB18030 there is an unknown encoding.
#[cfg(target_arch = "wasm32")]
fn read(path: &str, bytes: &[u8]) -> Result<minsheng::notice::Source, minsheng::notice::SourceError> {
    minsheng::notice::read_with(path, bytes, &|_| None)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path] = args.as_slice() else {
        eprintln!("用法 / usage: notice2json <通知文件（.txt/.docx/.xlsx） / notice file (.txt/.docx/.xlsx)>");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("无法读取文件“{path}”：{e}\ncannot read file '{path}': {e}");
            return ExitCode::from(1);
        }
    };
    let source = match read(path, &bytes) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("文件“{path}”无法作为通知读取：{e}\nfile '{path}' cannot be read as a notice: {}", e.code());
            return ExitCode::from(1);
        }
    };
    for note in &source.notes {
        eprintln!("提示 / note: {note}");
    }
    let notice = minsheng::notice::parse(&source.text);
    match serde_json::to_string_pretty(&notice) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("无法输出 JSON：{e}\ncannot write JSON: {e}");
            ExitCode::from(1)
        }
    }
}
