//! The visit report as one printable HTML page (maud templates: every value is escaped),
//! drawn from the same localised [`Document`] as the PDF and the DOCX. Photos are inline
//! `data:` images (the window's CSP allows them), so the page needs nothing else.

use base64::Engine;
use maud::{DOCTYPE, Markup, html};

use crate::document::{Block, Document, Options, layout};
use crate::visit::VisitReport;

/// The report page's only style sheet; the app's CSP allows exactly this text by its SHA-256, so
/// the report shows styled in the window's sandboxed frame (a test in the app checks the hash).
pub const STYLE: &str = "body{font-family:'DejaVu Sans',sans-serif;max-width:48rem;margin:2rem auto;line-height:1.45;padding:0 1rem}\
h1{font-size:1.5rem}h2{border-bottom:1px solid #999;font-size:1.15rem;margin-top:2rem}h3{font-size:1rem}\
.running{color:#555;font-size:.8rem;border-bottom:1px solid #ccc}.npm{font-weight:bold}\
.logo{max-height:4rem}.facts td{padding:0 1rem 0 0;vertical-align:top}.facts td:first-child{color:#444}\
table.grid{border-collapse:collapse;width:100%}.grid th,.grid td{border:1px solid #999;padding:.25rem .4rem;text-align:left;vertical-align:top;white-space:pre-line}\
.grid th{background:#eee}.note{color:#555;font-size:.85rem}figure{margin:.5rem 0}figure img{max-width:100%;max-height:24rem}\
figcaption{font-size:.85rem;color:#444}.confidential{color:#8b0000}hr.page{border:0;border-top:1px dashed #999;margin:2rem 0}\
@media print{body{margin:0}hr.page{break-after:page;border:0;margin:0}}";

/// The whole page in `options`' language.
pub fn render(report: &VisitReport, options: Options) -> String {
    page(&layout(report, options)).into_string()
}

fn page(d: &Document) -> Markup {
    let title = format!("{}: {}", d.cover.title, d.cover.place);
    html! {
        (DOCTYPE)
        html lang=(d.language.tag()) {
            head {
                meta charset="utf-8";
                title { (title) }
                style { (STYLE) }
            }
            body {
                p.running { (d.running_header) " · " strong.confidential[d.confidential] { (d.level) } }
                @if let Some(logo) = &d.cover.logo { img.logo src=(data_uri(&logo.png)) alt=(d.cover.npm); }
                p.npm { (d.cover.npm) }
                h1 { (title) }
                p { @if d.confidential { strong.confidential { (d.cover.version) } } @else { (d.cover.version) } }
                (facts(&d.cover.facts))
                @for block in &d.blocks { (self::block(block)) }
            }
        }
    }
}

fn block(b: &Block) -> Markup {
    match b {
        // The cover's title is the page's h1: the report's parts are h2, an area h3.
        Block::Heading { level, text } if *level <= 1 => html! { h2 { (text) } },
        Block::Heading { text, .. } => html! { h3 { (text) } },
        Block::Paragraph(text) => html! { p { (text) } },
        Block::Note(text) => html! { p.note { (text) } },
        Block::Bullet(text) => html! { ul { li { (text) } } },
        Block::Facts(pairs) => facts(pairs),
        Block::Table { header, rows, .. } => html! {
            table.grid {
                thead { tr { @for h in header { th { (h) } } } }
                tbody { @for row in rows { tr { @for cell in row { td { (cell) } } } } }
            }
        },
        Block::PageBreak => html! { hr.page; },
        Block::Photo { photo, caption } => html! {
            figure { img src=(data_uri(&photo.png)) alt=(caption); figcaption { (caption) } }
        },
    }
}

fn facts(pairs: &[(String, String)]) -> Markup {
    html! { table.facts { @for (label, value) in pairs { tr { td { (label) } td { (value) } } } } }
}

fn data_uri(png: &[u8]) -> String {
    format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(png))
}
