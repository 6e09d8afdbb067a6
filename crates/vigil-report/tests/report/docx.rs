//! The editable report: a Word document with real heading styles, tables and photos.

use vigil_report::document::{Options, layout};
use vigil_report::export::Audience;
use vigil_report::i18n::{Language, message};
use vigil_report::visit::VisitReport;

use crate::fixture::*;
use crate::text::{docx_part, docx_parts, docx_text, paragraphs, runs, squeeze};

#[test]
fn the_docx_has_word_headings_a_recommendations_table_photos_and_the_text() {
    let visited = approved_visit();
    let report = VisitReport::build(&visited.store, visited.visit_id, Audience::Public).expect("public");
    for language in Language::ALL {
        let options = Options { language, ..Options::default() };
        let bytes = vigil_report::docx::render(&report, options).expect("docx");
        let xml = docx_part(&bytes, "word/document.xml");

        // Each heading is a paragraph in Word's own heading style, in the report's order.
        let styled: Vec<String> = paragraphs(&xml)
            .into_iter()
            .filter(|p| p.contains("<w:pStyle w:val=\"Heading"))
            .map(|p| runs(p).concat())
            .collect();
        let headings: Vec<String> = layout(&report, options).headings().map(|(_, t)| t.to_owned()).collect();
        assert_eq!(styled, headings, "{language:?}");
        let styles = docx_part(&bytes, "word/styles.xml");
        assert!(styles.contains("w:styleId=\"Heading1\"") && styles.contains("<w:name w:val=\"heading 1\""));

        // The recommendation is a row of a table, with its authority and priority.
        let table =
            xml.split("<w:tbl>").find(|t| t.contains(RECOMMENDATION)).expect("a table holds the recommendation");
        let row = table.split("<w:tr").find(|r| r.contains(RECOMMENDATION)).expect("its row");
        assert!(runs(row).iter().any(|cell| cell == "Ministry of Internal Affairs"));
        assert!(runs(row).iter().any(|cell| *cell == message(language, "priority.high", &[])));

        let text = docx_text(&bytes);
        for shown in [PUBLIC_FINDING, RECOMMENDATION, EARLIER, NPM_NAME, &report.reference] {
            assert!(text.contains(&squeeze(shown)), "the DOCX shows {shown}");
        }
        let level = message(language, "report.doc.levelPublic", &[]);
        let header = docx_parts(&bytes).into_iter().find(|n| n.starts_with("word/header")).expect("a page header");
        assert!(runs(&docx_part(&bytes, &header)).concat().contains(&level), "the header carries the level");
        let footer = docx_parts(&bytes).into_iter().find(|n| n.starts_with("word/footer")).expect("a page footer");
        let footer = docx_part(&bytes, &footer);
        assert!(footer.contains("PAGE") && footer.contains("NUMPAGES"), "page n of N as Word fields");

        // The public finding's photo and the photo answer's: embedded.
        let media =
            docx_parts(&bytes).into_iter().filter(|n| n.starts_with("word/media/") && n.ends_with(".png")).count();
        assert_eq!(media, 2, "{language:?}");
    }
}

#[test]
fn the_full_docx_embeds_the_confidential_photo_the_public_one_does_not() {
    let visited = approved_visit();
    let media = |audience| {
        let report = VisitReport::build(&visited.store, visited.visit_id, audience).expect("report");
        let bytes = vigil_report::docx::render(&report, Options::default()).expect("docx");
        docx_parts(&bytes).into_iter().filter(|n| n.starts_with("word/media/") && n.ends_with(".png")).count()
    };
    assert_eq!(media(Audience::Internal), media(Audience::Public) + 1);
}

#[test]
fn the_npm_logo_set_on_the_device_heads_the_cover_and_junk_is_refused() {
    let mut visited = approved_visit();
    let media = |visited: &Visited| {
        let report = VisitReport::build(&visited.store, visited.visit_id, Audience::Public).expect("report");
        let bytes = vigil_report::docx::render(&report, Options::default()).expect("docx");
        docx_parts(&bytes).into_iter().filter(|n| n.starts_with("word/media/") && n.ends_with(".png")).count()
    };
    let without = media(&visited);
    let refused = vigil_report::office::set_logo(&mut visited.store, Some(b"<svg>not a PNG</svg>"));
    assert!(matches!(refused, Err(vigil_report::office::OfficeError::NotAnImage)), "{refused:?}");
    assert_eq!(media(&visited), without, "a refused logo changes nothing");
    vigil_report::office::set_logo(&mut visited.store, Some(&photo(300, 100, [20, 60, 120]))).expect("logo");
    assert_eq!(media(&visited), without + 1);
    let report = VisitReport::build(&visited.store, visited.visit_id, Audience::Public).expect("report");
    let logo = report.office.logo.expect("the cover's logo");
    assert_eq!((logo.width, logo.height), (300, 100));
    vigil_report::office::set_logo(&mut visited.store, None).expect("removed");
    assert_eq!(media(&visited), without);
    let long = "N".repeat(vigil_report::office::MAX_NAME_CHARS + 1);
    assert!(vigil_report::office::set_name(&mut visited.store, &long).is_err());
}
