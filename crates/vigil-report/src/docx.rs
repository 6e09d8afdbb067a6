//! The visit report as a Word document (docx-rs), for legal staff to redraft before it is
//! sent. Drawn from the same localised [`Document`] as the PDF: the parts are real Word
//! headings ("heading 1", "heading 2", so Word's navigation pane and table of contents
//! see them), recommendations and follow-up are Word tables, photos are embedded, and
//! every page has the running header with the confidentiality level and "page n of N".

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, NumPages, PageMargin, PageNum, Paragraph, Pic, Run, RunFonts,
    Shading, Style, StyleType, Table, TableCell, TableRow, WidthType,
};

use crate::ReportError;
use crate::document::{Block, Document, Options, layout};
use crate::i18n::message;
use crate::photo::Photo;
use crate::visit::VisitReport;

/// A4 in twentieths of a point, with 2 cm margins.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN: i32 = 1134;
const TEXT_W: usize = (PAGE_W as usize) - 2 * (MARGIN as usize);
/// English Metric Units per twentieth of a point.
const EMU_PER_TWIP: u32 = 635;

/// The report as DOCX bytes, in `options`' language.
pub fn render(report: &VisitReport, options: Options) -> Result<Vec<u8>, ReportError> {
    render_document(&layout(report, options))
}

fn render_document(d: &Document) -> Result<Vec<u8>, ReportError> {
    let alert = if d.confidential { "8B0000" } else { "555555" };
    let header = Paragraph::new()
        .add_run(Run::new().add_text(format!("{} · ", d.running_header)).size(16).color("555555"))
        .add_run(Run::new().add_text(&d.level).size(16).bold().color(alert));
    let mut docx = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(PageMargin::new().top(MARGIN).bottom(MARGIN).left(MARGIN).right(MARGIN).header(567).footer(567))
        .default_fonts(
            RunFonts::new().ascii("DejaVu Sans").hi_ansi("DejaVu Sans").cs("DejaVu Sans").east_asia("DejaVu Sans"),
        )
        .default_size(20)
        .add_style(Style::new("Normal", StyleType::Paragraph).name("Normal"))
        .add_style(heading("Title", "Title", 48, None))
        .add_style(heading("Heading1", "heading 1", 28, Some(0)))
        .add_style(heading("Heading2", "heading 2", 23, Some(1)))
        .header(Header::new().add_paragraph(header))
        .footer(Footer::new().add_paragraph(page_numbers(d).align(AlignmentType::Right)));

    // The cover.
    if let Some(logo) = &d.cover.logo {
        docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_image(picture(logo, 2880, 1080))));
    }
    docx = docx
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(&d.cover.npm).bold().size(26)))
        .add_paragraph(Paragraph::new().style("Title").add_run(Run::new().add_text(&d.cover.title)))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(&d.cover.place).size(32)))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(&d.cover.version).bold().color(alert)))
        .add_table(facts(&d.cover.facts))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));

    for block in &d.blocks {
        docx = match block {
            Block::Heading { level, text } => {
                let style = if *level <= 1 { "Heading1" } else { "Heading2" };
                // A heading never ends a page: Word keeps it with what follows.
                docx.add_paragraph(Paragraph::new().style(style).keep_next(true).add_run(Run::new().add_text(text)))
            }
            Block::Paragraph(text) => docx.add_paragraph(lines(Paragraph::new(), text, |r| r)),
            Block::Note(text) => docx.add_paragraph(lines(Paragraph::new(), text, |r| r.size(17).color("555555"))),
            Block::Bullet(text) => docx.add_paragraph(lines(Paragraph::new(), &format!("• {text}"), |r| r)),
            Block::Facts(pairs) => docx.add_table(facts(pairs)),
            Block::Table { header, rows, widths } => docx.add_table(grid(header, rows, widths)),
            Block::PageBreak => docx.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page))),
            Block::Photo { photo, caption } => docx
                .add_paragraph(Paragraph::new().add_run(Run::new().add_image(picture(photo, 7200, 5400))))
                .add_paragraph(lines(Paragraph::new(), caption, |r| r.size(17).color("555555"))),
        };
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).map_err(|err| ReportError::Docx(err.to_string()))?;
    Ok(bytes.into_inner())
}

fn heading(id: &str, name: &str, half_points: usize, outline: Option<usize>) -> Style {
    let style = Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .next("Normal")
        .q_format(true)
        .bold()
        .size(half_points);
    match outline {
        Some(level) => style.outline_lvl(level),
        None => style,
    }
}

/// "Page {page} of {pages}" with Word's own page fields where the placeholders are.
fn page_numbers(d: &Document) -> Paragraph {
    let (page, pages) = ("\u{1}", "\u{2}");
    let text = message(d.language, "report.doc.page", &[("page", page.into()), ("pages", pages.into())]);
    let mut paragraph = Paragraph::new();
    let small = |t: &str| Run::new().add_text(t).size(16).color("555555");
    let (before, rest) = text.split_once(page).unwrap_or((&text, ""));
    let (between, after) = rest.split_once(pages).unwrap_or((rest, ""));
    paragraph = paragraph.add_run(small(before)).add_page_num(PageNum::new()).add_run(small(between));
    paragraph.add_num_pages(NumPages::new()).add_run(small(after))
}

/// A paragraph whose line breaks are kept.
fn lines(mut paragraph: Paragraph, text: &str, style: impl Fn(Run) -> Run) -> Paragraph {
    for (n, line) in text.split('\n').enumerate() {
        let mut run = Run::new();
        if n > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        paragraph = paragraph.add_run(style(run.add_text(line)));
    }
    paragraph
}

fn cell(text: &str, width: usize, head: bool) -> TableCell {
    let mut c = TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(lines(Paragraph::new(), text, |r| if head { r.bold().size(18) } else { r.size(18) }));
    if head {
        c = c.shading(Shading::new().fill("EEEEEE"));
    }
    c
}

fn grid(header: &[String], rows: &[Vec<String>], shares: &[f32]) -> Table {
    let total: f32 = shares.iter().sum::<f32>().max(0.01);
    let widths: Vec<usize> = shares.iter().map(|s| (s / total * TEXT_W as f32) as usize).collect();
    let row = |cells: &[String], head: bool| {
        TableRow::new(
            widths.iter().enumerate().map(|(i, w)| cell(cells.get(i).map_or("", String::as_str), *w, head)).collect(),
        )
    };
    let mut all = vec![row(header, true)];
    all.extend(rows.iter().map(|r| row(r, false)));
    Table::new(all).set_grid(widths.clone()).width(TEXT_W, WidthType::Dxa)
}

fn facts(pairs: &[(String, String)]) -> Table {
    let widths = [TEXT_W * 32 / 100, TEXT_W * 68 / 100];
    let rows = pairs
        .iter()
        .map(|(label, value)| {
            TableRow::new(vec![
                TableCell::new()
                    .width(widths[0], WidthType::Dxa)
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_text(label).color("444444"))),
                TableCell::new().width(widths[1], WidthType::Dxa).add_paragraph(lines(Paragraph::new(), value, |r| r)),
            ])
        })
        .collect();
    Table::without_borders(rows).set_grid(widths.to_vec()).width(TEXT_W, WidthType::Dxa)
}

/// The photo scaled (never up) to fit `max_w` × `max_h` twips.
fn picture(photo: &Photo, max_w: u32, max_h: u32) -> Pic {
    // A pixel is taken as 15 twips (96 dpi), as Word does.
    let (w, h) = ((photo.width * 15) as f32, (photo.height * 15) as f32);
    let scale = (max_w as f32 / w.max(1.0)).min(max_h as f32 / h.max(1.0)).min(1.0);
    let (w, h) = ((w * scale) as u32, (h * scale) as u32);
    Pic::new_with_dimensions(photo.png.clone(), photo.width, photo.height).size(w * EMU_PER_TWIP, h * EMU_PER_TWIP)
}
