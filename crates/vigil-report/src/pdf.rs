//! The visit report as a PDF with real, searchable text (krilla), in embedded DejaVu Sans
//! and DejaVu Sans Bold (assets/fonts, Bitstream Vera licence), which carry Latin with the
//! Azerbaijani letters (ə, ş, ğ, ı, ç, ö, ü) and Cyrillic. It is drawn from the same
//! localised [`Document`] as the HTML page and the DOCX, so the public PDF has only what
//! the public model has.
//!
//! A4, a cover page, then the parts; every page has a running header (the NPM, the
//! reference and the confidentiality level) and "page n of N"; each heading is an entry
//! of the PDF's outline, which readers list as bookmarks.

mod flow;
mod measure;

use krilla::Document as Pdf;
use krilla::color::rgb;
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use self::flow::{MARGIN_X, Op, PAGE_HEIGHT, PAGE_WIDTH, Tone, lay_out};
use crate::ReportError;
use crate::document::{Document, Options, layout};
use crate::visit::VisitReport;

/// The report as PDF bytes, in `options`' language.
pub fn render(report: &VisitReport, options: Options) -> Result<Vec<u8>, ReportError> {
    render_document(&layout(report, options))
}

/// The report a stage sends to the authority, as it is kept with that stage: the public
/// version (nothing of interviews, pseudonyms or confidential findings), the stage on its
/// cover, in `language`; with the file name it is kept under.
pub fn issued(
    store: &vigil_store::Store,
    visit_id: uuid::Uuid,
    stage: vigil_core::records::ReportStage,
    language: crate::i18n::Language,
) -> Result<(Vec<u8>, String), ReportError> {
    let mut report = VisitReport::build(store, visit_id, crate::export::Audience::Public)?;
    report.stage = Some(stage);
    let bytes = render(&report, Options::for_report(&report, language))?;
    Ok((bytes, format!("vigil-report-{}-{}-{}.pdf", report.reference, stage.as_str(), language.tag())))
}

fn render_document(document: &Document) -> Result<Vec<u8>, ReportError> {
    let font = |data: &'static [u8]| {
        Font::new(data.into(), 0).ok_or_else(|| ReportError::Pdf("an embedded font cannot be read".into()))
    };
    let fonts = [font(measure::REGULAR)?, font(measure::BOLD)?];
    let flow = lay_out(document);
    let pages = flow.pages.len();
    let mut pdf = Pdf::new();
    for (index, ops) in flow.pages.iter().enumerate() {
        let settings =
            PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or_else(|| ReportError::Pdf("bad page size".into()))?;
        let mut page = pdf.start_page_with(settings);
        let mut surface = page.surface();
        running_header(&mut surface, &fonts, document);
        let label = document.page_label(index + 1, pages);
        let x = PAGE_WIDTH - MARGIN_X - measure::width(&label, 8.0, false);
        draw(
            &mut surface,
            &fonts,
            &Op::Text { x, y: PAGE_HEIGHT - 36.0, size: 8.0, bold: false, tone: Tone::Muted, text: label },
        );
        for op in ops {
            draw(&mut surface, &fonts, op);
        }
        surface.finish();
        page.finish();
    }
    pdf.set_outline(outline(document, &flow.marks));
    pdf.set_metadata(
        Metadata::new()
            .title(format!("{}: {}", document.cover.title, document.cover.place))
            .language(document.language.tag().to_owned())
            .creator("Vigil".to_owned()),
    );
    pdf.finish().map_err(|err| ReportError::Pdf(format!("{err:?}")))
}

/// The NPM and the reference on the left (shortened with "…" if they would reach it), the
/// confidentiality level on the right, a rule under both.
fn running_header(surface: &mut Surface, fonts: &[Font; 2], document: &Document) {
    let (size, y) = (8.0, 40.0);
    let tone = if document.confidential { Tone::Alert } else { Tone::Muted };
    let level_width = measure::width(&document.level, size, true);
    let x = PAGE_WIDTH - MARGIN_X - level_width;
    draw(surface, fonts, &Op::Text { x, y, size, bold: true, tone, text: document.level.clone() });
    let room = x - MARGIN_X - 12.0;
    let mut left = document.running_header.clone();
    while measure::width(&left, size, false) > room && left.pop().is_some() {}
    if left.len() < document.running_header.len() {
        left.pop();
        left.push('…');
    }
    draw(surface, fonts, &Op::Text { x: MARGIN_X, y, size, bold: false, tone: Tone::Muted, text: left });
    draw(surface, fonts, &Op::Rule { x1: MARGIN_X, y1: y + 6.0, x2: PAGE_WIDTH - MARGIN_X, y2: y + 6.0 });
}

/// Bookmarks: the cover, then each part with its areas (or interviews) under it.
fn outline(document: &Document, marks: &[flow::Mark]) -> Outline {
    let destination = |page: usize, y: f32| XyzDestination::new(page, Point::from_xy(MARGIN_X, (y - 14.0).max(0.0)));
    let mut outline = Outline::new();
    outline.push_child(OutlineNode::new(document.cover.title.clone(), destination(0, 0.0)));
    let mut current: Option<OutlineNode> = None;
    for mark in marks {
        let node = OutlineNode::new(mark.text.clone(), destination(mark.page, mark.y));
        if mark.level <= 1 {
            if let Some(done) = current.replace(node.with_open(true)) {
                outline.push_child(done);
            }
        } else if let Some(parent) = current.as_mut() {
            parent.push_child(node);
        } else {
            outline.push_child(node);
        }
    }
    if let Some(done) = current {
        outline.push_child(done);
    }
    outline
}

fn color(tone: Tone) -> rgb::Color {
    match tone {
        Tone::Normal => rgb::Color::new(0, 0, 0),
        Tone::Muted => rgb::Color::new(85, 85, 85),
        Tone::Alert => rgb::Color::new(139, 0, 0),
    }
}

fn draw(surface: &mut Surface, fonts: &[Font; 2], op: &Op) {
    match op {
        Op::Text { x, y, size, bold, tone, text } => {
            surface.set_fill(Some(Fill { paint: color(*tone).into(), ..Fill::default() }));
            let font = fonts[usize::from(*bold)].clone();
            surface.draw_text(Point::from_xy(*x, *y), font, *size, text, false, TextDirection::Auto);
        }
        Op::Rule { x1, y1, x2, y2 } => {
            let mut path = PathBuilder::new();
            path.move_to(*x1, *y1);
            path.line_to(*x2, *y2);
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: rgb::Color::new(150, 150, 150).into(),
                    width: 0.6,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
        }
        Op::Shade { x, y, w, h } => {
            let mut path = PathBuilder::new();
            if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                path.push_rect(rect);
            }
            if let Some(path) = path.finish() {
                surface.set_stroke(None);
                surface.set_fill(Some(Fill { paint: rgb::Color::new(235, 235, 235).into(), ..Fill::default() }));
                surface.draw_path(&path);
            }
        }
        Op::Image { x, y, w, h, png } => {
            // The bytes were decoded and re-encoded by `photo::prepare`; one that still
            // fails is left out rather than failing the whole report.
            if let (Ok(image), Some(size)) = (Image::from_png(png.to_vec().into(), true), Size::from_wh(*w, *h)) {
                surface.push_transform(&Transform::from_translate(*x, *y));
                surface.draw_image(image, size);
                surface.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::flow::{BOTTOM, TOP, lay_out};
    use super::*;
    use crate::document::{Block, Cover};
    use crate::i18n::Language;

    fn document(blocks: Vec<Block>) -> Document {
        Document {
            language: Language::En,
            cover: Cover {
                npm: "NPM".into(),
                logo: None,
                title: "Visit report".into(),
                place: "Place".into(),
                version: "Public version".into(),
                facts: vec![],
            },
            running_header: "NPM · VR-1".into(),
            level: "Public".into(),
            confidential: false,
            blocks,
        }
    }

    #[test]
    fn a_long_report_runs_over_pages_within_the_margins_and_headings_become_bookmarks() {
        let mut blocks = vec![Block::Heading { level: 1, text: "Findings".into() }];
        blocks.extend((0..120).map(|n| Block::Bullet(format!("Finding {n}: the cell was cold and dark"))));
        blocks.push(Block::Heading { level: 1, text: "Recommendations".into() });
        let long = "Fit windows and ventilation in every cell of the old wing. ".repeat(80);
        blocks.push(Block::Table {
            header: vec!["No.".into(), "Recommendation".into()],
            rows: (0..30).map(|n| vec![n.to_string(), if n == 3 { long.clone() } else { "Short".into() }]).collect(),
            widths: vec![0.1, 0.9],
        });
        let flow = lay_out(&document(blocks));
        assert!(flow.pages.len() > 3, "{} pages", flow.pages.len());
        for op in flow.pages.iter().flatten() {
            if let Op::Text { x, y, size, bold, text, .. } = op {
                assert!(*y >= TOP && *y <= BOTTOM, "{text} at {y}");
                assert!(
                    x + measure::width(text, *size, *bold) <= PAGE_WIDTH - MARGIN_X + 0.5,
                    "{text} runs off the page"
                );
            }
        }
        let headings: Vec<&str> = flow.marks.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(headings, ["Findings", "Recommendations"]);
        assert!(flow.marks[1].page > flow.marks[0].page);
    }
}
