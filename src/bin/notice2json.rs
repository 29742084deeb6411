//! `notice2json <file>`: print the parsed notice as pretty UTF-8 JSON.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path] = args.as_slice() else {
        eprintln!("用法 / usage: notice2json <通知文本文件 / notice text file>");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("无法读取文件“{path}”：{e}\ncannot read file '{path}': {e}");
            return ExitCode::from(1);
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            eprintln!("文件“{path}”不是 UTF-8 编码的文本（第{at}字节处出错），请另存为 UTF-8 后重试。\nfile '{path}' is not UTF-8 text (invalid byte at offset {at}); save it as UTF-8 and retry.");
            return ExitCode::from(1);
        }
    };
    let notice = minsheng::notice::parse(&text);
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
