//! The 通报 .docx (`view::docx`) read back by programs that are not ours:
//! python-docx (`tests/support/docx_readback.py`, in the venv that
//! `scripts/install-tools.sh readers` makes) for every text, merge, style and
//! the page setup; LibreOffice headless, which lays it out as a PDF that
//! poppler's pdfinfo and pdftotext read (pages, A4 landscape, the texts, the
//! page numbers). Page 1 is also drawn to `target/tmp/docx-readback/page-1.png`
//! for a person to look at. A missing tool fails the test, naming the script
//! that installs it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use minsheng::view::docx::{write, DocRow, Document};
use serde_json::Value;

const TITLE: &str = "相山区2023年民生实事完成情况通报";
const SUBTITLE: &str = "（截至2023年9月30日）";
const HEADERS: [&str; 10] = ["序号", "年度目标", "分管领导", "牵头单位", "责任人", "配合单位", "季度目标", "完成情况", "完成状况", "备注"];
const WIDTHS: [u32; 10] = [3, 16, 6, 8, 5, 10, 12, 22, 6, 12];
/// A4 landscape and the margins `view::docx` documents (28/26/37/35 mm), in twips.
const PAGE: [u64; 2] = [16_838, 11_906];
const MARGINS: [(&str, u64); 5] = [("top", 1587), ("bottom", 1474), ("left", 2098), ("right", 1984), ("footer", 794)];

const SPECIAL: &str = r#"含<&>"'符号：A&B <C> "D" 'E'"#;
const NEWLINE: &str = "第一行\n第二行";
const EMOJI: &str = "群众点赞👍进度良好😀";
/// What goes in and what python-docx must read: CRLF as one break, a control character dropped, a tab kept.
const RAW: (&str, &str) = ("上半年\r\n下半年\u{7}\t完成", "上半年\n下半年\t完成");
/// The 备注 of item 20: long enough to break across pages, and the last cell of its row, so
/// pdftotext reads it in one piece once the page furniture is taken out.
const LONG_REMARK_ITEM: usize = 20;

fn install_hint(what: &str) -> String {
    format!("{what}: run `bash scripts/install-tools.sh readers` (or `bash scripts/install-tools.sh all`, as test.sh does)")
}

/// A text of about `chars` characters, different for each `seed`, made of a 通报's phrases.
fn prose(seed: usize, chars: usize) -> String {
    const PHRASES: [&str; 8] = [
        "按照年初确定的目标任务，牵头单位细化工作方案，明确时间节点和责任人，",
        "截至本季度末已完成年度投资的百分之七十六，累计惠及群众一万两千余人次，",
        "针对项目推进中发现的用地、资金等问题，及时召开专题调度会研究解决，",
        "配合单位按职责分工做好要素保障，每月报送进展情况并接受群众监督，",
        "下一步将加快施工进度，确保十月底前完成主体工程并组织验收，",
        "区督查室采取明查暗访方式开展实地督查，对进度滞后的项目发出提醒函，",
        "项目建成后将有效缓解城区群众就医难、入学难、停车难等问题，",
        "同时建立健全长效管护机制，确保民生工程建得成、管得好、用得久。",
    ];
    let mut out = String::new();
    let mut i = seed;
    while out.chars().count() < chars {
        out.push_str(PHRASES[i % PHRASES.len()]);
        i += 3;
    }
    out
}

/// The category rows and 32 item rows of a realistic 通报, with the special texts in known cells.
fn rows() -> Vec<DocRow> {
    let categories = ["一、教育（8项）", "二、医疗卫生（8项）", "三、社会保障（8项）", "四、城乡建设（8项）"];
    let mut rows = Vec::new();
    for (c, category) in categories.iter().enumerate() {
        rows.push(DocRow::Heading(category.to_string()));
        for k in 1..=8 {
            let no = c * 8 + k;
            let remark = match no {
                3 => SPECIAL.to_string(),
                7 => EMOJI.to_string(),
                9 => RAW.0.to_string(),
                LONG_REMARK_ITEM => format!("备注：{}", prose(no, 420)),
                _ if no % 4 == 0 => String::new(),
                _ => "资金已拨付".to_string(),
            };
            rows.push(DocRow::Cells(vec![
                no.to_string(),
                format!("{no}. {}", prose(no, 40 + no * 3)),
                "王副区长".into(),
                ["区教体局", "区卫健委", "区人社局", "区住建局"][c].into(),
                "张三".into(),
                "区财政局、区自然资源和规划局、各镇（街道）".into(),
                prose(no + 1, 30),
                if no == 5 { NEWLINE.to_string() } else { prose(no + 2, if no % 3 == 0 { 320 } else { 90 }) },
                ["完成", "序时推进", "未达到序时进度"][no % 3].into(),
                remark,
            ]));
        }
    }
    rows
}

fn summary() -> Vec<String> {
    vec![format!("今年以来，全区上下深入贯彻落实区委、区政府决策部署，{}", prose(1, 120)), "现将截至9月30日各项民生实事完成情况通报如下。".to_string()]
}

/// Runs `command` to its end or `limit`, whichever is first (then it is killed and the test fails).
fn run(command: &mut Command, limit: Duration) -> Output {
    let name = format!("{command:?}");
    let mut child =
        command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap_or_else(|e| panic!("{}", install_hint(&format!("cannot run {name} ({e})"))));
    // Both pipes drained while it runs, so a chatty program never blocks on a full one.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let (stdout, stderr) = (drain(Box::new(child.stdout.take().unwrap())), drain(Box::new(child.stderr.take().unwrap())));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{name} took longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = Output { status, stdout: stdout.join().unwrap(), stderr: stderr.join().unwrap() };
    assert!(output.status.success(), "{name} failed: {}\n{}", output.status, String::from_utf8_lossy(&output.stderr));
    output
}

fn flat(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn work_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("docx-readback");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_report_reads_back_in_python_docx_and_lays_out_in_libreoffice() {
    let (summary, rows) = (summary(), rows());
    let doc = Document { title: TITLE, subtitle: SUBTITLE, summary: &summary, headers: &HEADERS, widths: &WIDTHS, rows: &rows };
    let dir = work_dir();
    let file = dir.join("通报.docx");
    std::fs::write(&file, write(&doc)).unwrap();

    let read = python_docx(&file);
    check_python_reading(&read, &doc);
    let pdf = libreoffice_pdf(&file, &dir);
    check_pdf(&pdf, &doc);
    run(Command::new("pdftoppm").args(["-r", "60", "-png", "-singlefile", "-f", "1", "-l", "1"]).arg(&pdf).arg(dir.join("page-1")), Duration::from_secs(60));
    assert!(dir.join("page-1.png").exists(), "pdftoppm drew page 1");
}

fn python_docx(file: &Path) -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = root.join(".venv-tests/bin/python");
    assert!(python.exists(), "{}", install_hint(&format!("{} missing", python.display())));
    let output = run(Command::new(&python).arg(root.join("tests/support/docx_readback.py")).arg(file), Duration::from_secs(60));
    serde_json::from_slice(&output.stdout).expect("the script prints JSON")
}

fn check_python_reading(read: &Value, doc: &Document) {
    assert_eq!(read["title"], TITLE);
    let paragraphs = read["paragraphs"].as_array().unwrap();
    let texts: Vec<&str> = paragraphs.iter().map(|p| p["text"].as_str().unwrap()).collect();
    assert_eq!(texts, [TITLE, SUBTITLE, &doc.summary[0], &doc.summary[1], ""], "title, subtitle, summary, the paragraph closing the body");
    let (title, subtitle, body) = (&paragraphs[0], &paragraphs[1], &paragraphs[2]);
    assert_eq!((title["style"].as_str(), title["alignment"].as_str(), title["size_pt"].as_f64()), (Some("Title"), Some("center"), Some(22.0)));
    assert_eq!(title["fonts"]["eastAsia"], "方正小标宋简体");
    assert_eq!((subtitle["alignment"].as_str(), subtitle["size_pt"].as_f64()), (Some("center"), Some(16.0)));
    assert_eq!(subtitle["fonts"]["eastAsia"], "楷体_GB2312");
    for p in &paragraphs[2..4] {
        assert_eq!(p["style"], "Normal");
        assert_eq!(p["size_pt"].as_f64(), Some(16.0));
        for key in ["ascii", "hAnsi", "eastAsia"] {
            assert_eq!(p["fonts"][key], "仿宋_GB2312", "{key}");
        }
        assert_eq!((p["first_line_chars"].as_str(), p["line_twips"].as_str(), p["line_rule"].as_str()), (Some("200"), Some("560"), Some("exact")));
    }
    assert_eq!(body["bold"], false);

    let tables = read["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 1);
    let table = &tables[0];
    let columns: Vec<u64> = table["columns_twips"].as_array().unwrap().iter().map(|w| w.as_u64().unwrap()).collect();
    assert_eq!(columns.iter().sum::<u64>(), PAGE[0] - 2098 - 1984, "the columns fill the type area");
    let total: u32 = WIDTHS.iter().sum();
    for (width, relative) in columns.iter().zip(WIDTHS) {
        assert!(width.abs_diff(u64::from(relative) * 12_756 / u64::from(total)) <= 1, "{columns:?}");
    }
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        assert_eq!(table["borders"][side], "single", "{side}");
    }
    let table_rows = table["rows"].as_array().unwrap();
    assert_eq!(table_rows.len(), 1 + doc.rows.len());
    let header = &table_rows[0];
    assert_eq!((&header["repeat_header"], &header["cant_split"]), (&Value::Bool(true), &Value::Bool(true)));
    let header_cells = header["cells"].as_array().unwrap();
    assert_eq!(header_cells.iter().map(|c| c["text"].as_str().unwrap()).collect::<Vec<_>>(), HEADERS);
    assert!(header_cells.iter().all(|c| c["bold"] == true && c["alignment"] == "center" && c["size_pt"] == 10.5));

    for (i, (row, read_row)) in doc.rows.iter().zip(&table_rows[1..]).enumerate() {
        assert_eq!(read_row["repeat_header"], false, "row {i}");
        let cells = read_row["cells"].as_array().unwrap();
        match row {
            DocRow::Heading(text) => {
                assert_eq!(cells.len(), 1, "row {i}: one merged cell");
                assert_eq!((cells[0]["span"].as_u64(), cells[0]["text"].as_str()), (Some(10), Some(text.as_str())));
                assert_eq!(cells[0]["bold"], true);
            }
            DocRow::Cells(texts) => {
                assert_eq!(cells.len(), 10, "row {i}");
                // 序号 fits its column on every row, so it is centred; 完成情况 wraps and reads from the left.
                assert_eq!((cells[0]["alignment"].as_str(), cells[7]["alignment"].as_str()), (Some("center"), Some("left")), "row {i}");
                for (cell, text) in cells.iter().zip(texts) {
                    let expected = if text == RAW.0 { RAW.1 } else { text };
                    assert_eq!((cell["span"].as_u64(), cell["text"].as_str()), (Some(1), Some(expected)), "row {i}");
                    assert_eq!((&cell["bold"], cell["size_pt"].as_f64()), (&Value::Bool(false), Some(10.5)), "row {i}");
                    assert_eq!(cell["fonts"]["eastAsia"], "仿宋_GB2312");
                }
            }
        }
    }
    let cells: Vec<&str> = table_rows.iter().flat_map(|r| r["cells"].as_array().unwrap()).map(|c| c["text"].as_str().unwrap()).collect();
    for special in [SPECIAL, NEWLINE, EMOJI, RAW.1] {
        assert!(cells.contains(&special), "{special:?} read back whole");
    }
    // Short rows are kept on one page, the long ones may break.
    let kept: Vec<bool> = table_rows.iter().map(|r| r["cant_split"] == true).collect();
    assert!(kept.iter().filter(|k| **k).count() > 10 && kept.contains(&false), "{kept:?}");

    let sections = read["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 1);
    let section = &sections[0];
    assert_eq!(section["orientation"], "landscape");
    assert_eq!(section["page_twips"], serde_json::json!(PAGE));
    for (side, twips) in MARGINS {
        assert_eq!(section["margins_twips"][side].as_u64(), Some(twips), "{side}");
    }
    let footer = &section["footer"];
    assert_eq!(footer["text"], "— 1 —", "the page number with its last computed value");
    assert_eq!(footer["fields"], serde_json::json!([" PAGE "]));
    assert_eq!((footer["alignment"].as_str(), footer["size_pt"].as_f64()), (Some("center"), Some(14.0)));
    assert_eq!(footer["fonts"]["eastAsia"], "宋体");
}

/// The PDF LibreOffice makes of `file`, in a profile of its own (never the user's, never shared
/// with a running LibreOffice).
fn libreoffice_pdf(file: &Path, dir: &Path) -> PathBuf {
    let profile = format!("-env:UserInstallation=file://{}", dir.join("lo-profile").display());
    run(
        Command::new("soffice").args([profile.as_str(), "--headless", "--norestore", "--convert-to", "pdf", "--outdir"]).arg(dir).arg(file),
        Duration::from_secs(180),
    );
    let pdf = file.with_extension("pdf");
    assert!(pdf.exists(), "LibreOffice wrote {}", pdf.display());
    pdf
}

fn check_pdf(pdf: &Path, doc: &Document) {
    let info = String::from_utf8(run(Command::new("pdfinfo").arg(pdf), Duration::from_secs(60)).stdout).unwrap();
    let field = |name: &str| info.lines().find_map(|l| l.strip_prefix(name)).map(str::trim).unwrap_or_else(|| panic!("no {name} in {info}"));
    let pages: usize = field("Pages:").parse().unwrap();
    assert!(pages > 1, "the table runs over pages: {info}");
    // "841.89 x 595.276 pts (A4)"
    let size: Vec<f64> = field("Page size:").split_whitespace().filter_map(|w| w.parse().ok()).collect();
    assert!(size.len() == 2 && (size[0] - 842.0).abs() < 1.0 && (size[1] - 595.0).abs() < 1.0, "A4 landscape: {info}");

    // Content-stream order (-raw): LibreOffice draws a table cell by cell, a cell's lines in order.
    let text = String::from_utf8(run(Command::new("pdftotext").args(["-raw", "-enc", "UTF-8"]).arg(pdf).arg("-"), Duration::from_secs(60)).stdout).unwrap();
    let all = flat(&text);
    for expected in [TITLE, SUBTITLE, &doc.summary[0], &doc.summary[1], "—1—", "—2—", &format!("—{pages}—")] {
        assert!(all.contains(&flat(expected)), "{expected:?} in the PDF's text");
    }
    // The long 备注 whole, once each page's number and repeated header row are taken out.
    let furniture = (1..=pages).map(|n| format!("—{n}—")).chain([flat(&HEADERS.concat())]);
    let body = furniture.fold(all.clone(), |text, piece| text.replace(&piece, ""));
    let Some(DocRow::Cells(long)) = doc.rows.iter().filter(|r| matches!(r, DocRow::Cells(_))).nth(LONG_REMARK_ITEM - 1) else { unreachable!() };
    assert!(long[9].chars().count() > 400);
    assert!(body.contains(&flat(&long[9])), "the 备注 of item {LONG_REMARK_ITEM} in the PDF's text:\n{text}");
}
