//! The visit report: full and public, and what the public one must never show.

use vigil_report::export::Audience;
use vigil_report::visit::VisitReport;

use crate::fixture::*;

/// Every planted string that must stay out of a public report.
const NEVER_PUBLIC: [&str; 3] = [INTERVIEW_SECRET, PSEUDONYM, CONFIDENTIAL_SECRET];

#[test]
fn the_public_html_holds_no_interview_no_pseudonym_and_nothing_confidential_while_the_full_one_does() {
    let visited = approved_visit();
    let full = VisitReport::build(&visited.store, visited.visit_id, Audience::Internal).expect("full");
    let public = VisitReport::build(&visited.store, visited.visit_id, Audience::Public).expect("public");
    let (full_html, public_html) = (vigil_report::html::render(&full), vigil_report::html::render(&public));
    for secret in NEVER_PUBLIC {
        assert!(full_html.contains(secret), "the full report shows {secret}, so this test can fail");
        assert!(!public_html.contains(secret), "{secret} leaked into the public report");
        let model = serde_json::to_string(&public).expect("json");
        assert!(!model.contains(secret), "{secret} is in the public model");
    }
    for shown in [PUBLIC_FINDING, GOOD_PRACTICE, RECOMMENDATION, EARLIER, "Partially implemented"] {
        assert!(public_html.contains(shown), "the public report shows {shown}");
    }
}

#[test]
fn the_report_is_laid_out_by_area_with_good_practice_apart_and_escapes_markup() {
    let visited = approved_visit();
    let report = VisitReport::build(&visited.store, visited.visit_id, Audience::Public).expect("public");
    assert_eq!(report.findings_by_area.len(), 1, "one area with findings; good practice apart");
    assert_eq!(report.good_practice.len(), 1);
    assert_eq!((report.recommendations.len(), report.follow_up.len()), (1, 1));
    let mut tricky = report.clone();
    tricky.summary = "<script>alert(1)</script>".into();
    let html = vigil_report::html::render(&tricky);
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
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
fn the_public_pdf_text_holds_no_interview_no_pseudonym_and_nothing_confidential_while_the_full_one_does() {
    let visited = approved_visit();
    let text_of = |audience| {
        let report = VisitReport::build(&visited.store, visited.visit_id, audience).expect("report");
        let bytes = vigil_report::pdf::render(&report).expect("pdf");
        assert!(bytes.starts_with(b"%PDF-"));
        pdf_extract::extract_text_from_mem(&bytes).expect("text of the PDF")
    };
    let (full, public) = (text_of(Audience::Internal), text_of(Audience::Public));
    // Extractors may break lines and add spaces: compare without whitespace.
    let squeeze = |text: &str| text.split_whitespace().collect::<String>();
    let (full, public) = (squeeze(&full), squeeze(&public));
    for secret in NEVER_PUBLIC {
        assert!(full.contains(&squeeze(secret)), "the full PDF shows {secret}, so this test can fail");
        assert!(!public.contains(&squeeze(secret)), "{secret} leaked into the public PDF");
    }
    for shown in [PUBLIC_FINDING, GOOD_PRACTICE, RECOMMENDATION, EARLIER] {
        assert!(public.contains(&squeeze(shown)), "the public PDF shows {shown} as real text");
    }
}
