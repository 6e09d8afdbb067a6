//! Lays the report's blocks out on A4 pages: a cover page, then the parts flowing from
//! page to page. Headings stay with what follows them, table rows break only when one is
//! taller than a page (and the header row is repeated), photos are scaled to fit.

use std::sync::Arc;

use super::measure::{width, wrap};
use crate::document::{Block, Cover, Document};

pub const PAGE_WIDTH: f32 = 595.0;
pub const PAGE_HEIGHT: f32 = 842.0;
pub const MARGIN_X: f32 = 56.0;
pub const TOP: f32 = 72.0;
pub const BOTTOM: f32 = PAGE_HEIGHT - 64.0;
pub const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

const BODY: f32 = 10.0;
const SMALL: f32 = 8.5;
const TABLE: f32 = 8.5;
const H1: f32 = 14.0;
const H2: f32 = 11.5;
const LEADING: f32 = 1.4;
const CELL_PAD: f32 = 3.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tone {
    Normal,
    Muted,
    Alert,
}

/// What a page holds, in page coordinates (y down from the top).
#[derive(Debug, Clone)]
pub enum Op {
    /// `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        tone: Tone,
        text: String,
    },
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
    },
    Shade {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    /// `y` is the top edge.
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        png: Arc<Vec<u8>>,
    },
}

/// A heading's place, for the PDF's outline.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub level: u8,
    pub text: String,
    pub page: usize,
    pub y: f32,
}

#[derive(Debug, Default)]
pub struct Flow {
    pub pages: Vec<Vec<Op>>,
    pub marks: Vec<Mark>,
    y: f32,
}

impl Flow {
    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    fn push(&mut self, op: Op) {
        if self.pages.is_empty() {
            self.new_page();
        }
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn room(&self) -> f32 {
        BOTTOM - self.y
    }

    /// Starts a new page unless `height` fits on this one (or the page is still empty).
    fn need(&mut self, height: f32) {
        if self.pages.is_empty() || (height > self.room() && self.y > TOP) {
            self.new_page();
        }
    }

    fn line(&mut self, x: f32, text: String, size: f32, bold: bool, tone: Tone) {
        let advance = size * LEADING;
        self.need(advance);
        self.y += advance;
        self.push(Op::Text { x, y: self.y - size * 0.35, size, bold, tone, text });
    }

    fn text(&mut self, x: f32, text: &str, size: f32, bold: bool, tone: Tone) {
        for line in wrap(text, PAGE_WIDTH - MARGIN_X - x, size, bold) {
            self.line(x, line, size, bold, tone);
        }
    }
}

/// The pages of `document`, before the running header and page numbers.
pub fn lay_out(document: &Document) -> Flow {
    let mut flow = Flow::default();
    cover(&mut flow, &document.cover, document.confidential);
    flow.new_page();
    let blocks = &document.blocks;
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading { level, text } => {
                let (size, before) = if *level <= 1 { (H1, 16.0) } else { (H2, 8.0) };
                let lines = wrap(text, TEXT_WIDTH, size, true);
                // A heading never ends a page: it keeps its lines and some of what follows.
                let next = blocks.get(i + 1).map_or(0.0, first_height);
                flow.need(before + lines.len() as f32 * size * LEADING + next);
                if flow.y > TOP {
                    flow.y += before;
                }
                let page = flow.pages.len() - 1;
                flow.marks.push(Mark { level: *level, text: text.clone(), page, y: flow.y });
                for line in lines {
                    flow.line(MARGIN_X, line, size, true, Tone::Normal);
                }
                if *level <= 1 {
                    flow.y += 2.0;
                    let y = flow.y;
                    flow.push(Op::Rule { x1: MARGIN_X, y1: y, x2: PAGE_WIDTH - MARGIN_X, y2: y });
                }
                flow.y += 4.0;
            }
            Block::Paragraph(text) => {
                flow.text(MARGIN_X, text, BODY, false, Tone::Normal);
                flow.y += 5.0;
            }
            Block::Note(text) => {
                flow.text(MARGIN_X, text, SMALL, false, Tone::Muted);
                flow.y += 5.0;
            }
            Block::Bullet(text) => {
                let lines = wrap(text, TEXT_WIDTH - 12.0, BODY, false);
                for (n, line) in lines.into_iter().enumerate() {
                    flow.line(MARGIN_X + 12.0, line, BODY, false, Tone::Normal);
                    if n == 0 {
                        let y = flow.y - BODY * 0.35;
                        flow.push(Op::Text {
                            x: MARGIN_X + 2.0,
                            y,
                            size: BODY,
                            bold: false,
                            tone: Tone::Normal,
                            text: "•".into(),
                        });
                    }
                }
                flow.y += 3.0;
            }
            Block::Facts(pairs) => {
                let rows: Vec<Vec<String>> = pairs.iter().map(|(l, v)| vec![l.clone(), v.clone()]).collect();
                table(&mut flow, None, &rows, &[0.32, 0.68], BODY, false);
                flow.y += 4.0;
            }
            Block::Table { header, rows, widths } => {
                table(&mut flow, Some(header), rows, widths, TABLE, true);
                flow.y += 8.0;
            }
            Block::PageBreak => {
                if flow.y > TOP {
                    flow.new_page();
                }
            }
            Block::Photo { photo, caption } => {
                // Under the finding or answer it shows, indented like a bullet's text.
                let (w, h) = photo_size(photo);
                flow.need(h + SMALL * LEADING + 4.0);
                let y = flow.y + 2.0;
                flow.push(Op::Image { x: MARGIN_X + 12.0, y, w, h, png: Arc::new(photo.png.clone()) });
                flow.y = y + h;
                flow.text(MARGIN_X + 12.0, caption, SMALL, false, Tone::Muted);
                flow.y += 6.0;
            }
        }
    }
    flow
}

/// About how tall the start of a block is (to keep a heading with it).
fn first_height(block: &Block) -> f32 {
    match block {
        Block::Photo { photo, .. } => photo_size(photo).1,
        Block::Table { .. } => 3.0 * TABLE * LEADING + 4.0 * CELL_PAD,
        _ => 2.0 * BODY * LEADING,
    }
}

/// A photo's size on the page: large enough to read, small enough for a few per page.
fn photo_size(photo: &crate::photo::Photo) -> (f32, f32) {
    fit(photo.width as f32, photo.height as f32, TEXT_WIDTH * 0.6, 210.0)
}

/// `w` × `h` scaled down (never up) to fit in `max_w` × `max_h`.
pub fn fit(w: f32, h: f32, max_w: f32, max_h: f32) -> (f32, f32) {
    let scale = (max_w / w.max(1.0)).min(max_h / h.max(1.0)).min(1.0);
    (w * scale, h * scale)
}

fn cover(flow: &mut Flow, cover: &Cover, confidential: bool) {
    flow.new_page();
    if let Some(logo) = &cover.logo {
        let (w, h) = fit(logo.width as f32, logo.height as f32, 180.0, 64.0);
        flow.push(Op::Image { x: MARGIN_X, y: flow.y, w, h, png: Arc::new(logo.png.clone()) });
        flow.y += h + 10.0;
    }
    flow.text(MARGIN_X, &cover.npm, 13.0, true, Tone::Normal);
    flow.y += 90.0;
    flow.text(MARGIN_X, &cover.title, 24.0, true, Tone::Normal);
    flow.y += 6.0;
    flow.text(MARGIN_X, &cover.place, 16.0, false, Tone::Normal);
    flow.y += 10.0;
    flow.text(MARGIN_X, &cover.version, 11.0, true, if confidential { Tone::Alert } else { Tone::Muted });
    flow.y += 30.0;
    let rows: Vec<Vec<String>> = cover.facts.iter().map(|(l, v)| vec![l.clone(), v.clone()]).collect();
    table(flow, None, &rows, &[0.32, 0.68], BODY, false);
}

/// A table: wrapped cells, the header row shaded and repeated on each page.
fn table(flow: &mut Flow, header: Option<&Vec<String>>, rows: &[Vec<String>], shares: &[f32], size: f32, grid: bool) {
    let widths = column_widths(header, rows, shares, size);
    let line_height = size * LEADING;
    let wrap_row = |cells: &[String], bold: bool| -> Vec<Vec<String>> {
        widths
            .iter()
            .enumerate()
            .map(|(c, w)| wrap(cells.get(c).map_or("", String::as_str), w - 2.0 * CELL_PAD, size, bold))
            .collect()
    };
    let header = header.map(|h| wrap_row(h, true));
    let header_height = header.as_ref().map_or(0.0, |h| row_height(h, line_height));
    let draw_header = |flow: &mut Flow| {
        if let Some(h) = &header {
            draw_row(flow, h, &widths, line_height, size, true, grid);
        }
    };
    flow.need(header_height + line_height + 2.0 * CELL_PAD);
    draw_header(flow);
    for row in rows {
        let mut cells = wrap_row(row, false);
        loop {
            let height = row_height(&cells, line_height);
            if height <= flow.room() {
                draw_row(flow, &cells, &widths, line_height, size, false, grid);
                break;
            }
            let fits = ((flow.room() - 2.0 * CELL_PAD) / line_height).floor().max(0.0) as usize;
            let fits_a_page = height <= BOTTOM - TOP - header_height;
            if (fits_a_page || fits < 2) && flow.y > TOP + header_height + 0.5 {
                // The row starts on the next page, under the header again.
                flow.new_page();
                draw_header(flow);
                continue;
            }
            // A row taller than what is left: draw the lines that fit, the rest goes on.
            let fits = fits.max(1);
            let (now, rest): (Vec<Vec<String>>, Vec<Vec<String>>) = cells
                .iter()
                .map(|lines| {
                    let cut = fits.min(lines.len());
                    (lines[..cut].to_vec(), lines[cut..].to_vec())
                })
                .unzip();
            draw_row(flow, &now, &widths, line_height, size, false, grid);
            flow.new_page();
            draw_header(flow);
            cells = rest;
        }
    }
}

/// Each column's share of the width, widened where a word (a header's, in bold) would not
/// fit, at the cost of columns with room to spare: no word is cut that need not be.
fn column_widths(header: Option<&Vec<String>>, rows: &[Vec<String>], shares: &[f32], size: f32) -> Vec<f32> {
    let total: f32 = shares.iter().sum::<f32>().max(0.01);
    let mut widths: Vec<f32> = shares.iter().map(|s| s / total * TEXT_WIDTH).collect();
    let longest_word =
        |text: &str, bold: bool| text.split_whitespace().map(|w| width(w, size, bold)).fold(0.0, f32::max);
    let needs: Vec<f32> = (0..widths.len())
        .map(|c| {
            let head = header.and_then(|h| h.get(c)).map_or(0.0, |t| longest_word(t, true));
            let cells = rows.iter().filter_map(|r| r.get(c)).map(|t| longest_word(t, false)).fold(0.0, f32::max);
            (head.max(cells) + 2.0 * CELL_PAD + 1.0).min(TEXT_WIDTH * 0.4)
        })
        .collect();
    let deficit: f32 = widths.iter().zip(&needs).map(|(w, n)| (n - w).max(0.0)).sum();
    let slack: f32 = widths.iter().zip(&needs).map(|(w, n)| (w - n).max(0.0)).sum();
    if deficit > 0.0 && slack >= deficit {
        for (w, n) in widths.iter_mut().zip(&needs) {
            *w = if *n > *w { *n } else { *w - (*w - n) / slack * deficit };
        }
    }
    widths
}

fn row_height(cells: &[Vec<String>], line_height: f32) -> f32 {
    cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * line_height + 2.0 * CELL_PAD
}

fn draw_row(
    flow: &mut Flow,
    cells: &[Vec<String>],
    widths: &[f32],
    line_height: f32,
    size: f32,
    head: bool,
    grid: bool,
) {
    let height = row_height(cells, line_height);
    let top = flow.y;
    if head {
        flow.push(Op::Shade { x: MARGIN_X, y: top, w: TEXT_WIDTH, h: height });
    }
    let mut x = MARGIN_X;
    for (c, lines) in cells.iter().enumerate() {
        let tone = if !grid && c == 0 { Tone::Muted } else { Tone::Normal };
        for (n, line) in lines.iter().enumerate() {
            let y = top + CELL_PAD + (n as f32 + 1.0) * line_height - size * 0.35;
            flow.push(Op::Text { x: x + CELL_PAD, y, size, bold: head, tone, text: line.clone() });
        }
        x += widths[c];
    }
    if grid {
        let bottom = top + height;
        let right = MARGIN_X + TEXT_WIDTH;
        flow.push(Op::Rule { x1: MARGIN_X, y1: top, x2: right, y2: top });
        flow.push(Op::Rule { x1: MARGIN_X, y1: bottom, x2: right, y2: bottom });
        let mut x = MARGIN_X;
        flow.push(Op::Rule { x1: x, y1: top, x2: x, y2: bottom });
        for w in widths {
            x += w;
            flow.push(Op::Rule { x1: x, y1: top, x2: x, y2: bottom });
        }
    }
    flow.y = top + height;
}
