use chrono::NaiveDate;
use uuid::Uuid;
use vigil_core::records::*;
use vigil_core::{Record, Role, VisitStatus};
use vigil_store::Actor;

use crate::evidence::NewAttachment;
use crate::inspection::TimeMark;
use crate::inspection::tests::{Fixture, fixture, plan};

fn started(f: &Fixture) -> Visit {
    let visit = f.state.plan_visit(plan(f, VisitType::Regular, None, true)).expect("started");
    f.state.record_visit_time(visit.id, TimeMark::Arrived).expect("arrived").bundle.visit
}

fn observation(visit: &Visit, text: &str) -> Record {
    Observation {
        id: Uuid::nil(),
        visit_id: visit.id,
        area: Area::MaterialConditions,
        severity: Severity::High,
        text: text.into(),
        attachment_ids: vec![],
        confidential: false,
    }
    .into()
}

fn interview(visit: &Visit) -> Interview {
    Interview {
        id: Uuid::nil(),
        visit_id: visit.id,
        pseudonym: String::new(),
        group_interview: false,
        consent_to_use: false,
        consent_to_quote: false,
        consent_to_refer: false,
        interpreter: Some("  ".into()),
        reprisal_risk: false,
        content: String::new(),
    }
}

fn as_lead(f: &Fixture) {
    f.state.with_store(|s| s.set_setting(crate::identity::ROLE, "lead")).expect("lead");
}

/// A recommendation made on an earlier visit of the place (as the office would sync it).
fn earlier_recommendation(f: &Fixture) -> Recommendation {
    // Planned for 2026-11-25, not started: its recommendation was due soon after, and is overdue.
    let earlier = f.state.plan_visit(plan(f, VisitType::Regular, None, false)).expect("earlier visit");
    let recommendation = Recommendation {
        id: vigil_core::ids::new_id(),
        visit_id: earlier.id,
        facility_id: f.facility_id,
        text: "Fit call bells in every cell".into(),
        authority: "Border Police".into(),
        area: Area::MaterialConditions,
        priority: Priority::High,
        due_on: NaiveDate::from_ymd_opt(2026, 11, 30),
        finding_ids: vec![],
        response: AuthorityResponse::Accepted,
    };
    let actor = Actor { user_id: f.user_id, role: Role::Inspector };
    f.state.with_store(|s| s.create(&actor, &recommendation.clone().into()).map(drop)).expect("recommendation");
    recommendation
}

#[test]
fn an_observation_is_created_then_only_its_changed_fields_are_written() {
    let f = fixture(true);
    let visit = started(&f);
    let Record::Observation(saved) =
        f.state.save_record(observation(&visit, "Cells 3 and 4 have no light")).expect("created")
    else {
        panic!("an observation")
    };
    assert!(!saved.id.is_nil());
    let edited = Observation { severity: Severity::Urgent, attachment_ids: vec![Uuid::now_v7()], ..saved.clone() };
    let Record::Observation(after) = f.state.save_record(edited.into()).expect("updated") else { panic!() };
    assert_eq!(after.severity, Severity::Urgent);
    assert!(after.attachment_ids.is_empty(), "attachments come only through add_attachment");
    let blank = f.state.save_record(observation(&visit, "  ")).expect_err("no text");
    assert_eq!(blank.code(), vigil_core::Code::InvalidInput);
    assert_eq!(f.state.visit_detail(visit.id).expect("detail").bundle.observations.len(), 1);
}

#[test]
fn an_attachment_keeps_the_bytes_under_their_sha256_and_joins_the_observation() {
    let f = fixture(true);
    let visit = started(&f);
    let Record::Observation(obs) = f.state.save_record(observation(&visit, "Broken window")).expect("created") else {
        panic!()
    };
    let file = NewAttachment {
        observation_id: obs.id,
        file_name: "C:\\photos\\cell 3.png".into(),
        mime: "image/PNG".into(),
        bytes: b"abc".to_vec(),
    };
    let attachment = f.state.add_attachment(file).expect("attached");
    // SHA-256("abc"), FIPS 180-2 appendix B.1.
    assert_eq!(attachment.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_eq!((attachment.size, &attachment.mime[..], &attachment.file_name[..]), (3, "image/png", "cell 3.png"));
    let path = f.state.with_store(|s| s.blob_path(&attachment.sha256)).expect("path");
    // The device store is encrypted: the file on disk is not the bytes; the store reads them.
    let on_disk = std::fs::read(path).expect("blob file");
    assert!(!on_disk.windows(3).any(|w| w == b"abc"), "the blob file holds no clear bytes");
    assert_eq!(f.state.with_store(|s| s.read_blob(&attachment.sha256)).expect("reads"), b"abc");
    let detail = f.state.visit_detail(visit.id).expect("detail");
    assert_eq!(detail.bundle.observations[0].attachment_ids, vec![attachment.id]);
    assert_eq!(detail.bundle.attachments.len(), 1);
    let url = f.state.attachment_preview(attachment.id).expect("preview");
    assert_eq!(url.as_deref(), Some("data:image/png;base64,YWJj"));

    let html =
        NewAttachment { observation_id: obs.id, file_name: "x.html".into(), mime: "text/html".into(), bytes: vec![1] };
    assert_eq!(f.state.add_attachment(html).expect_err("not evidence").code(), vigil_core::Code::InvalidInput);
}

#[test]
fn a_new_interview_gets_a_code_and_consent_to_quote_needs_consent_to_use() {
    let f = fixture(true);
    let visit = started(&f);
    let Record::Interview(first) = f.state.save_record(interview(&visit).into()).expect("created") else { panic!() };
    assert!(vigil_core::validate::is_pseudonym(&first.pseudonym), "{}", first.pseudonym);
    assert_eq!(first.interpreter, None);
    let named = Interview { pseudonym: "Ivan Petrov".into(), ..first.clone() };
    assert_eq!(f.state.save_record(named.into()).expect_err("a name").code(), vigil_core::Code::InvalidInput);
    let quote = Interview { consent_to_quote: true, ..first.clone() };
    assert_eq!(f.state.save_record(quote.into()).expect_err("no use").code(), vigil_core::Code::InvalidInput);
    let both = Interview { consent_to_use: true, consent_to_quote: true, ..first.clone() };
    f.state.save_record(both.into()).expect("consents");
    let Record::Interview(second) = f.state.save_record(interview(&visit).into()).expect("second") else { panic!() };
    assert_ne!(second.pseudonym, first.pseudonym);
}

#[test]
fn a_register_check_finds_no_more_discrepancies_than_its_sample() {
    let f = fixture(true);
    let visit = started(&f);
    let check = |sample_size, discrepancies| {
        Record::from(RegisterCheck {
            id: Uuid::nil(),
            visit_id: visit.id,
            register: "custody".into(),
            sample_size,
            discrepancies,
            notes: String::new(),
        })
    };
    f.state.save_record(check(20, 3)).expect("saved");
    assert_eq!(f.state.save_record(check(2, 3)).expect_err("too many").code(), vigil_core::Code::InvalidInput);
}

#[test]
fn a_recommendation_takes_the_place_and_rests_on_this_visits_findings() {
    let f = fixture(true);
    let visit = started(&f);
    let Record::Observation(obs) = f.state.save_record(observation(&visit, "No light")).expect("obs") else { panic!() };
    let rec = |finding_ids| Recommendation {
        id: Uuid::nil(),
        visit_id: visit.id,
        facility_id: Uuid::nil(),
        text: "Repair the lights".into(),
        authority: "Border Police".into(),
        area: Area::MaterialConditions,
        priority: Priority::Urgent,
        due_on: None,
        finding_ids,
        response: AuthorityResponse::Rejected,
    };
    let Record::Recommendation(saved) = f.state.save_record(rec(vec![obs.id]).into()).expect("saved") else { panic!() };
    assert_eq!((saved.facility_id, saved.response), (f.facility_id, AuthorityResponse::Pending));
    // The store's gate, not the app, holds the rule: a finding of no visit, or of another.
    let stray = f.state.save_record(rec(vec![Uuid::now_v7()]).into()).expect_err("not a finding here");
    assert_eq!(stray.code(), vigil_core::Code::Invalid);
    let other = f.state.plan_visit(plan(&f, VisitType::Regular, None, true)).expect("another visit");
    let Record::Observation(elsewhere) = f.state.save_record(observation(&other, "Elsewhere")).expect("obs") else {
        panic!()
    };
    let stray = f.state.save_record(rec(vec![elsewhere.id]).into()).expect_err("a finding of another visit");
    assert_eq!(stray.code(), vigil_core::Code::Invalid);
    assert!(stray.to_string().contains("finding_ids"), "{stray}");
}

#[test]
fn a_record_stays_on_the_visit_it_was_made_on() {
    let f = fixture(true);
    let visit = started(&f);
    let other = f.state.plan_visit(plan(&f, VisitType::Regular, None, true)).expect("another visit");
    let Record::Observation(obs) = f.state.save_record(observation(&visit, "No light")).expect("obs") else { panic!() };
    let moved = vigil_core::records::Observation { visit_id: other.id, ..obs.clone() };
    let refused = f.state.save_record(moved.into()).expect_err("moved");
    assert_eq!(refused.code(), vigil_core::Code::Invalid);
    assert!(refused.to_string().contains("observation.visit_id"), "{refused}");
    let held = f.state.visit_detail(visit.id).expect("detail");
    assert!(held.bundle.observations.iter().any(|o| o.id == obs.id), "still on its visit");
}

#[test]
fn an_assessment_is_dated_on_the_visit_and_shows_as_assessed_here() {
    let f = fixture(true);
    let earlier = earlier_recommendation(&f);
    let visit = started(&f);
    let detail = f.state.visit_detail(visit.id).expect("detail");
    assert_eq!(detail.follow_ups.iter().map(|u| u.recommendation.id).collect::<Vec<_>>(), vec![earlier.id]);
    assert_eq!(detail.missing.unassessed_recommendations, vec![earlier.id]);
    let overdue_on_card = || {
        let places = f.state.with_store(|s| s.places()).expect("places");
        places.iter().find(|p| p.facility_id == f.facility_id).expect("the place").overdue_recommendations
    };
    assert!(detail.follow_ups[0].overdue, "due 2026-11-30 and open");
    assert_eq!(overdue_on_card(), 1);

    let assessment = RecommendationAssessment {
        id: Uuid::nil(),
        recommendation_id: earlier.id,
        visit_id: visit.id,
        status: ImplementationStatus::Implemented,
        evidence: "Bells fitted and tested in cells 1-6".into(),
        assessed_on: NaiveDate::from_ymd_opt(1999, 1, 1).expect("date"),
    };
    let Record::RecommendationAssessment(saved) = f.state.save_record(assessment.clone().into()).expect("assessed")
    else {
        panic!()
    };
    assert_eq!(saved.assessed_on, crate::visit_records::visit_date(&visit));
    let detail = f.state.visit_detail(visit.id).expect("detail");
    // Implemented closes it, yet the visit still shows what it found.
    assert_eq!(detail.follow_ups.len(), 1);
    assert_eq!(detail.follow_ups[0].this_visit.as_ref().map(|a| a.id), Some(saved.id));
    assert!(detail.missing.unassessed_recommendations.is_empty());
    // Overdue means the same on the visit and the place card: implemented is not overdue.
    assert!(!detail.follow_ups[0].overdue);
    assert_eq!(overdue_on_card(), 0);
    let no_evidence = RecommendationAssessment { evidence: " ".into(), ..assessment };
    assert_eq!(f.state.save_record(no_evidence.into()).expect_err("evidence").code(), vigil_core::Code::InvalidInput);
}

#[test]
fn the_missing_summary_counts_unanswered_questions_unassessed_recommendations_and_departure() {
    let f = fixture(true);
    earlier_recommendation(&f);
    let visit = started(&f);
    let missing = f.state.visit_detail(visit.id).expect("detail").missing;
    assert_eq!(missing.unanswered.len(), 1);
    assert_eq!((missing.unanswered[0].unanswered, missing.unanswered[0].total), (4, 4));
    assert_eq!(missing.unassessed_recommendations.len(), 1);
    assert!(missing.departure_missing);

    f.state.save_answer(visit.id, "lawyer", AnswerValue::YesNo(YesNoUnknown::Yes)).expect("answer");
    f.state.record_visit_time(visit.id, TimeMark::AccessGranted).expect("access");
    let missing = f.state.record_visit_time(visit.id, TimeMark::Departed).expect("left").missing;
    assert_eq!(missing.unanswered[0].unanswered, 3);
    assert!(!missing.departure_missing);
}

#[test]
fn only_the_lead_submits_for_review() {
    use crate::finish::submit_refusal;
    assert_eq!(submit_refusal(Some(Role::Lead), VisitStatus::InProgress), None);
    assert_eq!(submit_refusal(Some(Role::Lead), VisitStatus::Returned), None);
    for (role, status) in [
        (Some(Role::Inspector), VisitStatus::InProgress),
        (Some(Role::Supervisor), VisitStatus::InProgress),
        (Some(Role::Lead), VisitStatus::Planned),
        (Some(Role::Lead), VisitStatus::Submitted),
        (None, VisitStatus::InProgress),
    ] {
        assert!(submit_refusal(role, status).is_some(), "{role:?} {status:?}");
    }

    let f = fixture(true);
    let visit = started(&f);
    let detail = f.state.visit_detail(visit.id).expect("detail");
    assert!(detail.submit_refusal.is_some(), "an inspector");
    let refused = f.state.submit_visit(visit.id).expect_err("inspector");
    assert_eq!(refused.code(), vigil_core::Code::Workflow);
    as_lead(&f);
    assert_eq!(f.state.visit_detail(visit.id).expect("detail").submit_refusal, None);
    let detail = f.state.submit_visit(visit.id).expect("lead submits");
    assert_eq!(detail.bundle.visit.status, VisitStatus::Submitted);
    assert!(!detail.editable);
    let late = f.state.save_record(observation(&visit, "After submitting")).expect_err("in review");
    assert_eq!(late.code(), vigil_core::Code::InReview);
}

#[test]
fn the_visits_left_open_on_this_device_come_back_begun_last_first() {
    let f = fixture(true);
    assert!(f.state.open_visits().expect("none yet").is_empty());
    let planned = f.state.plan_visit(plan(&f, VisitType::Regular, None, false)).expect("planned");
    let first = started(&f);
    let second = started(&f);
    let open: Vec<Uuid> = f.state.open_visits().expect("open").iter().map(|v| v.visit_id).collect();
    assert_eq!(open, vec![second.id, first.id], "begun ones, the last first; a visit only planned is not begun");
    assert!(!open.contains(&planned.id));
    let listed = &f.state.open_visits().expect("open")[0];
    assert_eq!((listed.place_name.as_str(), listed.facility_id), ("Harbour Holding Centre", f.facility_id));

    // A supervisor's device lists none: their work is the review queue.
    f.state.with_store(|s| s.set_setting(crate::identity::ROLE, "supervisor")).expect("supervisor");
    assert!(f.state.open_visits().expect("supervisor").is_empty());
}

#[test]
fn starting_now_records_arrival_and_each_time_can_be_corrected_in_order() {
    let f = fixture(true);
    let visit = f.state.plan_visit(plan(&f, VisitType::Regular, None, true)).expect("started now");
    let arrived = visit.arrived_at.expect("starting the visit records the arrival");
    assert!((chrono::Utc::now() - arrived).num_seconds().abs() < 60);

    let at = |text: &str| text.parse::<chrono::DateTime<chrono::Utc>>().expect("time");
    let earlier = at("2026-11-25T06:50:00Z");
    let corrected = f.state.correct_visit_time(visit.id, TimeMark::Arrived, earlier).expect("arrival corrected");
    assert_eq!(corrected.bundle.visit.arrived_at, Some(earlier));
    let access =
        f.state.correct_visit_time(visit.id, TimeMark::AccessGranted, at("2026-11-25T07:35:00Z")).expect("access");
    assert_eq!(access.access_delay_minutes, Some(45));

    // Access before arrival, or a time still to come, is refused and changes nothing.
    let before = f.state.correct_visit_time(visit.id, TimeMark::AccessGranted, at("2026-11-25T06:00:00Z"));
    assert_eq!(before.expect_err("before arrival").code(), vigil_core::Code::InvalidInput);
    let future = chrono::Utc::now() + chrono::Duration::days(1);
    let tomorrow = f.state.correct_visit_time(visit.id, TimeMark::Departed, future).expect_err("future");
    assert_eq!(tomorrow.code(), vigil_core::Code::InvalidInput);
    assert_eq!(tomorrow.broken_rule(), Some(("departed_at", vigil_core::Rule::NotInFuture)), "worded by the UI");
    let held = f.state.visit_detail(visit.id).expect("detail").bundle.visit;
    assert_eq!(
        (held.arrived_at, held.access_granted_at, held.departed_at),
        (Some(earlier), Some(at("2026-11-25T07:35:00Z")), None)
    );
}
