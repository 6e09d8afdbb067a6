//! The visit report: full and public, and what the public one must never show, in HTML,
//! PDF and DOCX and in each language.

use vigil_report::document::Options;
use vigil_report::export::Audience;
use vigil_report::i18n::Language;
use vigil_report::photo::Evidence;
use vigil_report::visit::VisitReport;

use crate::fixture::*;
use crate::text::{docx_text, pdf_text, squeeze};

/// Every planted string that must stay out of a public report.
const NEVER_PUBLIC: [&str; 6] =
    [INTERVIEW_SECRET, PSEUDONYM, CONFIDENTIAL_SECRET, CONFIDENTIAL_PHOTO, AMENDMENT_SECRET, DEBRIEF_SECRET];

fn options(language: Language) -> Options {
    Options { language, ..Options::default() }
}

#[test]
fn the_public_html_holds_no_interview_no_pseudonym_and_nothing_confidential_while_the_full_one_does() {
    let visited = approved_visit();
    let full = VisitReport::build(&visited.store, visited.visit_id, Audience::Internal).expect("full");
    let public = VisitReport::build(&visited.store, visited.visit_id, Audience::Public).expect("public");
    let model = serde_json::to_string(&public).expect("json");
    for language in Language::ALL {
        let full_html = vigil_report::html::render(&full, options(language));
        let public_html = vigil_report::html::render(&public, options(language));
        for secret in NEVER_PUBLIC {
            assert!(full_html.contains(secret), "the full report shows {secret}, so this test can fail");
            assert!(!public_html.contains(secret), "{secret} leaked into the public report ({language:?})");
            assert!(!model.contains(secret), "{secret} is in the public model");
        }
        // The checklist speaks Russian too (its own English elsewhere).
        let question = if language == Language::Ru { QUESTION_RU } else { QUESTION };
        for shown in [PUBLIC_FINDING, GOOD_PRACTICE, RECOMMENDATION, EARLIER, question, REGISTER_NOTE, DOCTOR, NPM_NAME]
        {
            assert!(public_html.contains(shown), "the public report shows {shown}");
        }
        assert!(public_html.contains(&format!("lang=\"{}\"", language.tag())));
    }
    // The public report says a debrief was held, and when; the full one what was said.
    let public_html = vigil_report::html::render(&public, options(Language::Ru));
    assert!(public_html.contains("итоговую беседу"), "the debrief's mention in ru");
    let full_html = vigil_report::html::render(&full, options(Language::En));
    assert!(
        full_html.contains("Debrief with the head of the place") && full_html.contains("No lawyer in the first hours")
    );
}

#[test]
fn a_confidential_findings_photo_is_never_read_into_the_public_report() {
    let visited = approved_visit();
    let photos = |audience| {
        let report = VisitReport::build(&visited.store, visited.visit_id, audience).expect("report");
        let mut names: Vec<String> = report
            .findings()
            .chain(&report.good_practice)
            .flat_map(|f| &f.evidence)
            .map(|e| match e {
                Evidence::Photo(p) => p.file_name.clone(),
                other => panic!("every photo of the fixture is on the device: {other:?}"),
            })
            .collect();
        names.sort();
        names
    };
    assert_eq!(photos(Audience::Internal), [CONFIDENTIAL_PHOTO, PUBLIC_PHOTO]);
    assert_eq!(photos(Audience::Public), [PUBLIC_PHOTO]);
}

#[test]
fn the_report_is_laid_out_by_area_with_its_answers_team_registers_and_good_practice_apart() {
    let visited = approved_visit();
    let report = VisitReport::build(&visited.store, visited.visit_id, Audience::Public).expect("public");
    let areas: Vec<_> = report.areas.iter().map(|a| (a.area, a.findings.len(), a.answers.len())).collect();
    assert_eq!(areas, [(vigil_core::records::Area::MaterialConditions, 1, 3)], "good practice apart");
    assert_eq!(report.good_practice.len(), 1);
    assert_eq!((report.recommendations.len(), report.follow_up.len(), report.register_checks.len()), (1, 1, 1));
    let team: Vec<_> = report.members.iter().map(|m| (m.name.as_str(), m.profession.as_str())).collect();
    assert!(team.contains(&(DOCTOR, "doctor")), "{team:?}");
    assert_eq!((report.place.population, report.place.capacity), (Some(26), Some(20)));
    assert_eq!(report.office.name.as_deref(), Some(NPM_NAME));
    assert!(report.reference.starts_with("VR-20260302-"), "{}", report.reference);
    assert!(report.approved_hash.is_some());
    let mut tricky = report.clone();
    tricky.summary = "<script>alert(1)</script>".into();
    let html = vigil_report::html::render(&tricky, Options::default());
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
}

#[test]
fn good_practice_has_a_heading_only_when_there_is_some() {
    let visited = approved_visit();
    let mut report = VisitReport::build(&visited.store, visited.visit_id, Audience::Public).expect("public");
    let heading = vigil_report::i18n::message(Language::En, "severity.good_practice", &[]);
    let headings = |report: &VisitReport| -> Vec<String> {
        vigil_report::document::layout(report, Options::default()).headings().map(|(_, t)| t.to_owned()).collect()
    };
    assert!(headings(&report).contains(&heading));
    report.good_practice.clear();
    assert!(!headings(&report).contains(&heading), "an empty good-practice part is left out");
}

#[test]
fn only_an_approved_visit_has_a_report() {
    let visited = approved_visit();
    let earlier = visited
        .store
        .visits_of_place(visited.store.visit_bundle(visited.visit_id).expect("bundle").visit.facility_id)
        .expect("visits");
    let in_progress = earlier.iter().find(|v| v.id != visited.visit_id).expect("the earlier visit");
    let err = VisitReport::build(&visited.store, in_progress.id, Audience::Public).expect_err("not approved");
    assert_eq!(
        err.to_string(),
        format!("visit {} is in_progress: a report is made from an approved visit", in_progress.id)
    );
}

#[test]
fn the_public_pdf_and_docx_hold_no_interview_no_pseudonym_and_nothing_confidential_while_the_full_ones_do() {
    let visited = approved_visit();
    let full = VisitReport::build(&visited.store, visited.visit_id, Audience::Internal).expect("full");
    let public = VisitReport::build(&visited.store, visited.visit_id, Audience::Public).expect("public");
    for language in Language::ALL {
        let pdf = |report| pdf_text(&vigil_report::pdf::render(report, options(language)).expect("pdf"));
        let docx = |report| docx_text(&vigil_report::docx::render(report, options(language)).expect("docx"));
        let (full_pdf, public_pdf) = (pdf(&full), pdf(&public));
        let (full_docx, public_docx) = (docx(&full), docx(&public));
        for secret in NEVER_PUBLIC {
            for (name, full, public) in [("PDF", &full_pdf, &public_pdf), ("DOCX", &full_docx, &public_docx)] {
                assert!(full.contains(&squeeze(secret)), "the full {name} shows {secret}, so this test can fail");
                assert!(!public.contains(&squeeze(secret)), "{secret} leaked into the public {name} ({language:?})");
            }
        }
        let question = if language == Language::Ru { QUESTION_RU } else { QUESTION };
        for shown in [PUBLIC_FINDING, GOOD_PRACTICE, RECOMMENDATION, EARLIER, REGISTER_NOTE, question] {
            assert!(public_pdf.contains(&squeeze(shown)), "the public PDF shows {shown} as real text");
            assert!(public_docx.contains(&squeeze(shown)), "the public DOCX shows {shown}");
        }
    }
}
