//! Reading a report back as a reader would: the PDF's text and outline, the DOCX's parts.

use std::io::Read;

/// Text without whitespace: extractors break lines and add spaces where they like.
pub fn squeeze(text: &str) -> String {
    text.split_whitespace().collect()
}

/// The PDF's extracted text, squeezed.
pub fn pdf_text(bytes: &[u8]) -> String {
    assert!(bytes.starts_with(b"%PDF-"));
    squeeze(&pdf_extract::extract_text_from_mem(bytes).expect("text of the PDF"))
}

/// The PDF's bookmarks: (level, title, page).
pub fn pdf_outline(bytes: &[u8]) -> Vec<(usize, String, usize)> {
    let document = pdf_extract::Document::load_mem(bytes).expect("the PDF parses");
    let toc = document.get_toc().expect("the PDF has an outline");
    toc.toc.into_iter().map(|entry| (entry.level, entry.title, entry.page)).collect()
}

pub fn pdf_pages(bytes: &[u8]) -> usize {
    pdf_extract::Document::load_mem(bytes).expect("the PDF parses").get_pages().len()
}

/// One part of a DOCX (a zip), e.g. `word/document.xml`.
pub fn docx_part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX is a zip");
    let mut part = archive.by_name(name).unwrap_or_else(|_| panic!("the DOCX has {name}"));
    let mut text = String::new();
    part.read_to_string(&mut text).expect("XML text");
    text
}

/// The names of the DOCX's parts.
pub fn docx_parts(bytes: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX is a zip");
    archive.file_names().map(str::to_owned).collect()
}

/// The DOCX's visible text (document, header and footer), squeezed: the text of its
/// `<w:t>` elements, with XML's escapes undone.
pub fn docx_text(bytes: &[u8]) -> String {
    let parts: Vec<String> = docx_parts(bytes)
        .into_iter()
        .filter(|n| n == "word/document.xml" || n.starts_with("word/header") || n.starts_with("word/footer"))
        .collect();
    squeeze(&parts.iter().map(|n| runs(&docx_part(bytes, n)).join(" ")).collect::<Vec<_>>().join(" "))
}

/// The text of each `<w:t>` run in `xml`.
pub fn runs(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<w:t") {
        rest = &rest[start + 4..];
        // `<w:t>` or `<w:t xml:space="preserve">`, not `<w:tbl>` or `<w:tc>`.
        if !(rest.starts_with('>') || rest.starts_with(' ')) {
            continue;
        }
        let Some(open) = rest.find('>') else { break };
        let Some(close) = rest.find("</w:t>") else { break };
        out.push(unescape(&rest[open + 1..close]));
        rest = &rest[close..];
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// The `<w:p>` paragraphs of `xml`, each up to its `</w:p>`.
pub fn paragraphs(xml: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = xml[at..].find("<w:p") {
        let start = at + found;
        let after = xml[start + 4..].chars().next();
        at = start + 4;
        if !matches!(after, Some('>' | ' ')) {
            continue;
        }
        let end = xml[start..].find("</w:p>").map_or(xml.len(), |e| start + e);
        out.push(&xml[start..end]);
        at = end;
    }
    out
}
