//! The report in English, Azerbaijani and Russian: its headings, page labels and bookmarks
//! come from the UI's catalogues, and no English heading is left in az or ru.

use vigil_report::document::{Options, layout};
use vigil_report::export::Audience;
use vigil_report::i18n::{Language, message};
use vigil_report::visit::VisitReport;

use crate::fixture::{MEASURED_AREA, PSEUDONYM, QUESTION, QUESTION_RU, approved_visit};
use crate::text::{pdf_outline, pdf_pages, pdf_text, squeeze};

/// The keys of the full report's headings, in the order they come.
const HEADINGS: [&str; 16] = [
    "report.doc.summary",
    "report.doc.theVisit",
    "report.doc.members",
    "report.doc.timesAndAccess",
    "report.doc.population",
    "report.doc.findings",
    "areas.material_conditions",
    "registers.title",
    "severity.good_practice",
    "report.doc.recommendations",
    "report.doc.followUp",
    "debrief.title",
    "debrief.points",
    "debrief.concerns",
    "report.doc.amendments",
    "report.doc.interviews",
];

#[test]
fn each_language_has_its_own_headings_and_no_english_ones_in_az_and_ru() {
    let visited = approved_visit();
    let report = VisitReport::build(&visited.store, visited.visit_id, Audience::Internal).expect("full");
    for language in Language::ALL {
        let options = Options { language, ..Options::default() };
        let headings: Vec<String> = layout(&report, options).headings().map(|(_, t)| t.to_owned()).collect();
        let expected: Vec<String> = HEADINGS.iter().map(|key| message(language, key, &[])).collect();
        assert_eq!(headings[..HEADINGS.len()], expected, "{language:?}");
        // Then one heading per interview, under the annex.
        let code = format!("{}: {PSEUDONYM}", message(language, "interviews.code", &[]));
        assert_eq!(headings[HEADINGS.len()..], [code], "{language:?}");

        let text = pdf_text(&vigil_report::pdf::render(&report, options).expect("pdf"));
        for heading in &expected {
            assert!(text.contains(&squeeze(heading)), "the {language:?} PDF has the heading {heading}");
        }
        assert!(!text.contains("report.doc."), "a message key is missing from the {language:?} catalogue");
        if language != Language::En {
            for key in HEADINGS {
                let english = message(Language::En, key, &[]);
                assert_ne!(message(language, key, &[]), english, "{key} is translated");
                assert!(!text.contains(&squeeze(&english)), "the {language:?} PDF still says {english}");
            }
        }
    }
}

#[test]
fn every_page_has_the_running_header_and_its_number_and_every_heading_is_a_bookmark() {
    let visited = approved_visit();
    for (audience, level) in
        [(Audience::Internal, "report.doc.levelConfidential"), (Audience::Public, "report.doc.levelPublic")]
    {
        let report = VisitReport::build(&visited.store, visited.visit_id, audience).expect("report");
        for language in Language::ALL {
            let options = Options { language, ..Options::default() };
            let bytes = vigil_report::pdf::render(&report, options).expect("pdf");
            let pages = pdf_pages(&bytes);
            assert!(pages >= 3, "a cover and the parts: {pages} pages");
            let text = pdf_text(&bytes);
            let level = squeeze(&message(language, level, &[]));
            assert!(text.matches(&level).count() >= pages, "{language:?}: the level {level} heads every page");
            for page in 1..=pages {
                let label = message(language, "report.doc.page", &[("page", page.into()), ("pages", pages.into())]);
                assert!(text.contains(&squeeze(&label)), "{language:?}: {label}");
            }

            let document = layout(&report, options);
            let outline = pdf_outline(&bytes);
            let titles: Vec<&str> = outline.iter().map(|(_, title, _)| title.as_str()).collect();
            let mut expected = vec![document.cover.title.as_str()];
            expected.extend(document.headings().map(|(_, t)| t));
            assert_eq!(titles, expected, "{language:?}: the bookmarks are the headings");
            let area = message(language, "areas.material_conditions", &[]);
            let findings = message(language, "report.doc.findings", &[]);
            let level_of = |title: &str| outline.iter().find(|(_, t, _)| t == title).map(|(level, _, _)| *level);
            assert_eq!(level_of(&area), level_of(&findings).map(|l| l + 1), "an area sits under the findings");
            assert!(outline.iter().skip(1).all(|(_, _, page)| *page > 1), "the parts start after the cover");
            let annex = message(language, "report.doc.interviews", &[]);
            if let Some(at) = outline.iter().position(|(_, t, _)| *t == annex) {
                assert!(outline[at].2 > outline[at - 1].2, "{language:?}: the interviews annex starts a page");
            }
        }
    }
}

#[test]
fn times_are_written_in_the_zone_given_and_the_report_says_which() {
    let visited = approved_visit();
    let report = VisitReport::build(&visited.store, visited.visit_id, Audience::Public).expect("report");
    let baku = chrono::FixedOffset::east_opt(4 * 3600).expect("zone");
    let options = Options { language: Language::Ru, zone: baku };
    let text = pdf_text(&vigil_report::pdf::render(&report, options).expect("pdf"));
    // Arrival was 07:00 UTC: 11:00 in Baku, in the Russian way of writing the day.
    assert!(text.contains(&squeeze("02.03.2026 11:00")), "arrival in the device's zone");
    assert!(text.contains("UTC+04:00"), "the zone is named");
    assert!(!text.contains(&squeeze("02.03.2026 07:00")));
}

#[test]
fn checklist_questions_are_in_the_reports_language_or_marked_with_their_own() {
    let visited = approved_visit();
    let report = VisitReport::build(&visited.store, visited.visit_id, Audience::Internal).expect("full");
    let text_in = |language| {
        let options = Options { language, ..Options::default() };
        pdf_text(&vigil_report::pdf::render(&report, options).expect("pdf"))
    };
    let russian = text_in(Language::Ru);
    assert!(russian.contains(&squeeze(QUESTION_RU)), "the Russian report asks in Russian");
    assert!(!russian.contains(&squeeze(QUESTION)), "and not in English");
    // The checklist has no Azerbaijani: its English, marked as English, never silently.
    let azerbaijani = text_in(Language::Az);
    assert!(azerbaijani.contains(&squeeze(&format!("{QUESTION} [EN]"))), "marked");
    let english = text_in(Language::En);
    assert!(english.contains(&squeeze(QUESTION)) && !english.contains("[EN]"), "English as it is");
}

#[test]
fn measures_and_counts_are_written_with_the_languages_own_digits() {
    let visited = approved_visit();
    let report = VisitReport::build(&visited.store, visited.visit_id, Audience::Public).expect("public");
    for (language, area) in [(Language::En, "7.5 m²"), (Language::Az, "7,5 m²"), (Language::Ru, "7,5 m²")] {
        assert_eq!(language.decimal(MEASURED_AREA), area.trim_end_matches(" m²"));
        let text =
            pdf_text(&vigil_report::pdf::render(&report, Options { language, ..Options::default() }).expect("pdf"));
        assert!(text.contains(&squeeze(area)), "the {language:?} PDF writes the measure {area}");
    }
}

#[test]
fn the_cover_says_the_report_s_stage_in_the_report_s_language() {
    use vigil_core::records::ReportStage;
    let visited = approved_visit();
    let mut report = VisitReport::build(&visited.store, visited.visit_id, Audience::Public).expect("public");
    assert_eq!(report.stage, None, "nothing sent yet: a draft");
    let cover_value = |report: &VisitReport, language| {
        let document = layout(report, Options { language, ..Options::default() });
        let label = message(language, "report.doc.stage", &[]);
        document.cover.facts.into_iter().find(|(l, _)| *l == label).map(|(_, value)| value).expect("a stage fact")
    };
    assert_eq!(cover_value(&report, Language::Az), "Layihə, göndərilməyib");
    report.stage = Some(ReportStage::Provisional);
    assert_eq!(cover_value(&report, Language::Ru), "Предварительный доклад для замечаний органа власти по фактам");
    report.stage = Some(ReportStage::Final);
    let bytes =
        vigil_report::pdf::render(&report, Options { language: Language::Az, ..Options::default() }).expect("pdf");
    assert!(pdf_text(&bytes).contains(&squeeze("Yekun hesabat")), "on the PDF's cover");
}
