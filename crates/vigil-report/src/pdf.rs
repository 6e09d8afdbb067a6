//! The visit report as a PDF with real, searchable text (krilla), in an embedded DejaVu
//! Sans (assets/fonts, Bitstream Vera licence) that carries Latin with the Azerbaijani
//! letters (ə, ş, ğ, ı, ç, ö, ü) and Cyrillic. It is written from the same
//! [`VisitReport`] as the HTML page, so the public PDF has only what the public model has.
//!
//! Layout is plain: A4, one column, lines wrapped by an estimate of DejaVu Sans's average
//! letter width (wide enough for the widest common lines, so nothing runs off the page).

use krilla::Document;
use krilla::geom::Point;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};

use crate::ReportError;
use crate::html::{area_label, kind_label, priority_label, severity_label, status_label, type_label};
use crate::visit::VisitReport;

static FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;
/// Average advance of DejaVu Sans in ems, rounded up so lines never overflow.
const AVERAGE_ADVANCE: f32 = 0.6;

/// One line of the report before layout.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    size: f32,
    text: String,
}

/// The report as PDF bytes.
pub fn render(report: &VisitReport) -> Result<Vec<u8>, ReportError> {
    let font = Font::new(FONT.into(), 0).ok_or_else(|| ReportError::Pdf("the embedded font cannot be read".into()))?;
    let mut document = Document::new();
    let settings = || PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT);
    let mut pages = paginate(&wrap_all(&lines(report)));
    if pages.is_empty() {
        pages.push(Vec::new());
    }
    for page_lines in pages {
        let mut page = document.start_page_with(settings().ok_or_else(|| ReportError::Pdf("bad page size".into()))?);
        let mut surface = page.surface();
        for (y, line) in page_lines {
            surface.draw_text(
                Point::from_xy(MARGIN, y),
                font.clone(),
                line.size,
                &line.text,
                false,
                TextDirection::Auto,
            );
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|err| ReportError::Pdf(format!("{err:?}")))
}

/// The report's content, in reading order.
fn lines(r: &VisitReport) -> Vec<Line> {
    let (title, heading, body) = (16.0, 12.5, 10.0);
    let mut out = Vec::new();
    let mut push = |size: f32, text: String| out.push(Line { size, text });
    push(title, format!("Visit report: {}", r.place.name));
    push(
        body,
        if r.public { "Public version".into() } else { "Full version: confidential, for the office only".into() },
    );
    push(body, format!("Place: {}, {}", r.place.name, r.place.kind.map_or("", kind_label)));
    push(body, format!("Address: {}, {}", r.place.address, r.place.region));
    push(body, format!("Responsible authority: {}", r.place.authority));
    push(body, format!("Team: {}", r.team));
    let announced = if r.unannounced { "unannounced" } else { "announced" };
    push(body, format!("{}, {announced}", type_label(r.visit_type)));
    if let Some(theme) = &r.theme {
        push(body, format!("Theme: {theme}"));
    }
    push(body, format!("Planned: {}", r.planned_on));
    for (label, time) in [("Arrived", r.arrived_at), ("Let in", r.access_granted_at), ("Left", r.departed_at)] {
        if let Some(time) = time {
            push(body, format!("{label}: {}", time.format("%Y-%m-%d %H:%M UTC")));
        }
    }
    push(heading, "Summary".into());
    push(body, r.summary.clone());
    push(heading, "Findings".into());
    for (area, findings) in &r.findings_by_area {
        push(11.0, area_label(*area).into());
        for f in findings {
            let mark = if f.confidential { " (confidential)" } else { "" };
            push(body, format!("• [{}] {}{mark}", severity_label(f.severity), f.text));
        }
    }
    push(heading, "Good practice".into());
    for f in &r.good_practice {
        push(body, format!("• {}", f.text));
    }
    push(heading, "Recommendations".into());
    for (n, rec) in r.recommendations.iter().enumerate() {
        let due = rec.due_on.map(|d| format!(" · due {d}")).unwrap_or_default();
        push(body, format!("{}. {}", n + 1, rec.text));
        push(
            body,
            format!(
                "   To: {} · {} · priority {}{due}",
                rec.authority,
                area_label(rec.area),
                priority_label(rec.priority)
            ),
        );
    }
    push(heading, "Follow-up of earlier recommendations".into());
    for f in &r.follow_up {
        push(body, format!("• {}", f.recommendation));
        push(body, format!("   {} on {} ({}): {}", status_label(f.status), f.assessed_on, f.authority, f.evidence));
    }
    if !r.amendments.is_empty() {
        push(heading, "Amendments after approval".into());
        for a in &r.amendments {
            push(body, format!("• {}: {}", a.made_at.format("%Y-%m-%d"), a.body));
        }
    }
    if !r.interviews.is_empty() {
        push(heading, "Interviews (confidential)".into());
        for i in &r.interviews {
            push(11.0, format!("{}{}", i.pseudonym, if i.group_interview { " (group)" } else { "" }));
            push(body, i.content.clone());
        }
    }
    out
}

/// Splits every line (and every paragraph in it) to fit the page width.
fn wrap_all(lines: &[Line]) -> Vec<Line> {
    let mut out = Vec::new();
    for line in lines {
        let per_line = ((PAGE_WIDTH - 2.0 * MARGIN) / (line.size * AVERAGE_ADVANCE)).max(10.0) as usize;
        for paragraph in line.text.lines() {
            for text in wrap(paragraph, per_line) {
                out.push(Line { size: line.size, text });
            }
        }
    }
    out
}

/// Greedy word wrap to at most `width` characters; a longer word is cut.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            lines.push(word.drain(..width).collect());
        }
        let word: String = word.into_iter().collect();
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&word);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// Baseline positions, page by page.
fn paginate(lines: &[Line]) -> Vec<Vec<(f32, Line)>> {
    let mut pages = Vec::new();
    let mut page = Vec::new();
    let mut y = MARGIN;
    for line in lines {
        let advance = line.size * 1.45;
        if y + advance > PAGE_HEIGHT - MARGIN && !page.is_empty() {
            pages.push(std::mem::take(&mut page));
            y = MARGIN;
        }
        y += advance;
        page.push((y, line.clone()));
    }
    if !page.is_empty() {
        pages.push(page);
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word_within_the_width() {
        let text = "Kameralarda işıq yoxdur və ventilyasiya işləmir; supercalifragilisticexpialidocious";
        let lines = wrap(text, 20);
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        assert_eq!(lines.join(" ").replace(' ', ""), text.replace(' ', ""));
        assert_eq!(wrap("", 20), vec![String::new()]);
    }

    #[test]
    fn a_long_report_runs_over_several_pages() {
        let many: Vec<Line> = (0..200).map(|n| Line { size: 10.0, text: format!("line {n}") }).collect();
        let pages = paginate(&many);
        assert!(pages.len() > 1);
        assert!(pages.iter().flatten().all(|(y, _)| *y <= PAGE_HEIGHT - MARGIN));
    }
}
