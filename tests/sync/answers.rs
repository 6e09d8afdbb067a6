//! The authority's answer (issue 17, item 4) against the real office: the team's supervisor
//! records the report sent, an answer with its letter and its action plan, and marks a step
//! done, and the office's administrator sets the answer deadline; every device receives the
//! setting, the answer and plan (the next visit follows them up), the
//! letter only the team's. An inspector's device, another team's supervisor and lead, and an
//! administrator, pushing what a modified app could, are refused; bad input names its field.
//! The report's PDF kept with the version sent reaches the office byte for byte, and no
//! other team replaces it.

use chrono::NaiveDate;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use vigil_core::answer::AnswerState;
use vigil_core::protocol::OpOutcome;
use vigil_core::records::{
    ActionStep, Area, Attachment, AuthorityAnswer, AuthorityResponse, Priority, Recommendation, ReportStage,
    ReportVersion, Visit,
};
use vigil_core::{Entity, FieldChange, Hlc, Op, Record, Role, VisitStatus};
use vigil_store::RecommendationFilter;
use vigil_tests::{Office, now_millis};

use crate::world::World;

fn day(text: &str) -> NaiveDate {
    text.parse().expect("day")
}

/// A device of its own, pushing ops built by hand (a stolen or modified app).
struct Raw {
    device_id: Uuid,
    user_id: Uuid,
    token: String,
    seq: u64,
}

impl Raw {
    async fn enrol(office: &Office, name: &str, role: Role, teams: &[Uuid]) -> Raw {
        let user_id = office.user(name, role, teams);
        let (device_id, token) = office.enrol_raw(user_id, None).await;
        Raw { device_id, user_id, token, seq: 0 }
    }

    async fn send(&mut self, office: &Office, op: Op) -> (String, String) {
        let answer = office.push_raw(&self.token, self.device_id, vec![op]).await;
        match answer.results.into_iter().next().expect("one answer").outcome {
            OpOutcome::Rejected { code, reason, .. } => (code.as_str().to_owned(), reason),
            OpOutcome::Accepted { .. } => ("accepted".into(), String::new()),
        }
    }

    async fn create(&mut self, office: &Office, record: Record) -> (String, String) {
        self.seq += 1;
        let op = Op::create(&record, self.device_id, self.seq, self.clock(), self.user_id);
        self.send(office, op).await
    }

    async fn update(&mut self, office: &Office, entity: Entity, id: Uuid, field: &str, new: Value) -> (String, String) {
        self.seq += 1;
        let change = FieldChange { old: Value::Null, new, supersedes: vec![] };
        let op = Op {
            op_id: Uuid::now_v7(),
            device_id: self.device_id,
            device_seq: self.seq,
            hlc: self.clock(),
            entity,
            entity_id: id,
            base_rev: 1,
            patch: [(field.to_owned(), change)].into_iter().collect(),
            author: self.user_id,
        };
        self.send(office, op).await
    }

    /// Uploads bytes to the office, as a device does before the op of their attachment.
    async fn upload(&self, office: &Office, bytes: &[u8]) -> String {
        let sha256 = hex::encode(Sha256::digest(bytes));
        let url = format!("{}{}/blobs/{sha256}", office.url, vigil_core::protocol::API_PREFIX);
        let http = reqwest::Client::new();
        if http.head(&url).bearer_auth(&self.token).send().await.expect("head").status().is_success() {
            return sha256;
        }
        let answer = http
            .put(format!("{url}?offset=0&total={}", bytes.len()))
            .bearer_auth(&self.token)
            .body(bytes.to_vec())
            .send()
            .await
            .expect("put");
        assert!(answer.status().is_success(), "{}", answer.status());
        sha256
    }

    fn clock(&self) -> Hlc {
        Hlc { millis: now_millis(), counter: self.seq as u32 }
    }
}

fn answer(recommendation: &Recommendation, position: AuthorityResponse, letter_id: Option<Uuid>) -> AuthorityAnswer {
    AuthorityAnswer {
        id: Uuid::now_v7(),
        recommendation_id: recommendation.id,
        visit_id: recommendation.visit_id,
        received_on: day("2026-10-20"),
        position,
        text: "The ministry will provide a doctor on arrival from January".into(),
        letter_id,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_visits_team_records_the_authoritys_answer_and_every_team_follows_it_up() {
    let world = World::new().await;
    let approved = Visit {
        status: VisitStatus::Approved,
        planned_on: day("2026-06-01"),
        arrived_at: None,
        access_granted_at: None,
        ..world.visit(world.team_a)
    };
    let recommendation = Recommendation {
        id: Uuid::now_v7(),
        visit_id: approved.id,
        facility_id: approved.facility_id,
        text: "Examine every detainee on arrival".into(),
        authority: "Ministry of Justice".into(),
        area: Area::HealthCare,
        priority: Priority::High,
        due_on: Some(day("2027-01-31")),
        finding_ids: vec![],
        response: AuthorityResponse::Pending,
    };
    world.office.storage.add_records(&[approved.clone().into(), recommendation.clone().into()]).expect("setup");

    // Adversaries first: nothing of theirs may be stored.
    let mut inspector = Raw::enrol(&world.office, "Ina Inspector", Role::Inspector, &[world.team_a]).await;
    let mut other_supervisor = Raw::enrol(&world.office, "Sven Elsewhere", Role::Supervisor, &[world.team_b]).await;
    let mut other_lead = Raw::enrol(&world.office, "Lev Elsewhere", Role::Lead, &[world.team_b]).await;
    let mut admin = Raw::enrol(&world.office, "Ada Admin", Role::Admin, &[]).await;
    let forged = answer(&recommendation, AuthorityResponse::Accepted, None);
    // The report as sent, kept as a PDF attachment of the visit under its hash.
    let pdf_bytes = b"%PDF-1.7 Provisional report of the visit, as sent".to_vec();
    let kept_pdf = Attachment {
        id: Uuid::now_v7(),
        visit_id: approved.id,
        sha256: hex::encode(Sha256::digest(&pdf_bytes)),
        mime: "application/pdf".into(),
        size: pdf_bytes.len() as i64,
        file_name: "vigil-report-provisional-en.pdf".into(),
    };
    let sent = ReportVersion {
        id: Uuid::now_v7(),
        visit_id: approved.id,
        stage: ReportStage::Provisional,
        dated_on: day("2026-09-01"),
        note: String::new(),
        attachment_id: Some(kept_pdf.id),
    };
    for (who, device) in [
        ("an inspector of the team", &mut inspector),
        ("another team's supervisor", &mut other_supervisor),
        ("another team's lead", &mut other_lead),
        ("an administrator", &mut admin),
    ] {
        let (code, reason) = device.create(&world.office, forged.clone().into()).await;
        assert_eq!(code, "forbidden", "{who}: {reason}");
        let (code, reason) = device.create(&world.office, sent.clone().into()).await;
        assert_eq!(code, "forbidden", "{who} sending the report: {reason}");
        device.upload(&world.office, &pdf_bytes).await;
        // Not named by a version the office holds, it is an attachment of a locked visit.
        let (code, reason) = device.create(&world.office, kept_pdf.clone().into()).await;
        assert!(["forbidden", "visit_locked"].contains(&code.as_str()), "{who} keeping a PDF: {code} {reason}");
    }
    let attachments = |world: &World| world.office.storage.all::<Attachment>(Entity::Attachment).expect("read");
    assert!(!attachments(&world).contains(&kept_pdf), "no forged PDF stored");
    let answers = |world: &World| world.office.storage.all::<AuthorityAnswer>(Entity::AuthorityAnswer).expect("read");
    assert!(answers(&world).is_empty(), "nothing forged stored");

    // The team's supervisor, on a real device: the report sent, an answer with its letter
    // (saved first, then the letter) and a plan of two steps.
    let dir = tempfile::tempdir().expect("dir");
    let supervisor_id = world.office.user("Sara Supervisor", Role::Supervisor, &[world.team_a]);
    let supervisor = world.office.device(supervisor_id, Role::Supervisor, dir.path(), "supervisor").await;
    supervisor.sync().await.expect("supervisor pulls");
    let letter_bytes = b"%PDF-1.4 Ministry of Justice, letter no. 4411".to_vec();
    let received = {
        let store = &mut *supervisor.store();
        let letter = Attachment {
            id: Uuid::now_v7(),
            visit_id: approved.id,
            sha256: store.add_blob(&letter_bytes).expect("blob"),
            mime: "application/pdf".into(),
            size: letter_bytes.len() as i64,
            file_name: "letter-4411.pdf".into(),
        };
        let received = answer(&recommendation, AuthorityResponse::PartiallyAccepted, Some(letter.id));
        let step = |text: &str, due: &str| ActionStep {
            id: Uuid::now_v7(),
            answer_id: received.id,
            visit_id: approved.id,
            text: text.into(),
            due_on: day(due),
            done_on: None,
        };
        assert_eq!(store.add_blob(&pdf_bytes).expect("the report's PDF"), kept_pdf.sha256);
        let records: Vec<Record> = vec![
            sent.clone().into(),
            kept_pdf.clone().into(),
            received.clone().into(),
            letter.into(),
            step("Hire a doctor for the reception unit", "2026-11-30").into(),
            step("Write the arrival examination into the rules", "2027-02-28").into(),
        ];
        store.create_all(&supervisor.actor, &records).expect("the answer");
        received
    };
    let report = supervisor.sync().await.expect("supervisor pushes");
    assert_eq!(report.rejected, 0, "{report:?}");
    assert_eq!(answers(&world).iter().map(|a| a.id).collect::<Vec<_>>(), [received.id]);
    // The office keeps the PDF as sent: the bytes under the hash the version's attachment names.
    assert!(attachments(&world).contains(&kept_pdf));
    let office_copy = std::fs::read(world.office.dir.path().join("blobs").join(&kept_pdf.sha256)).expect("office copy");
    assert_eq!(hex::encode(Sha256::digest(&office_copy)), kept_pdf.sha256);
    assert_eq!(office_copy, pdf_bytes);
    // No one replaces it: a kept file's hash never changes, whoever asks; and another team's
    // lead may not record a version of the report naming it.
    let forged_pdf = other_lead.upload(&world.office, b"%PDF-1.7 a report never sent").await;
    let (code, reason) =
        other_lead.update(&world.office, Entity::Attachment, kept_pdf.id, "sha256", json!(forged_pdf)).await;
    assert_eq!(code, "invalid", "another team's lead swapping the PDF: {reason}");
    assert!(reason.contains("attachment.sha256"), "{reason}");
    let final_naming_it =
        ReportVersion { id: Uuid::now_v7(), stage: ReportStage::Final, dated_on: day("2026-09-30"), ..sent.clone() };
    let (code, reason) = other_lead.create(&world.office, final_naming_it.into()).await;
    assert_eq!(code, "forbidden", "another team's lead recording the final report: {reason}");

    // Another team's device receives the answer and its plan, and sees the overdue step;
    // the letter is the team's.
    world.inspector_b.sync().await.expect("team B pulls");
    let row = {
        let store = world.inspector_b.store();
        let tracker =
            store.recommendation_tracker(&RecommendationFilter::default(), day("2026-12-10")).expect("tracker");
        tracker.rows.into_iter().find(|r| r.recommendation.id == recommendation.id).expect("the recommendation")
    };
    assert_eq!(row.answer.state, AnswerState::Answered);
    assert_eq!(row.answer.report_stage, Some(ReportStage::Provisional), "the row says where the report is");
    assert_eq!(row.answer.due_on, Some(day("2026-10-01")), "30 days after it was sent");
    assert_eq!(row.answer.answers[0].steps.len(), 2);
    assert_eq!(row.answer.steps_overdue, 1, "the doctor was due by November");
    assert!(world.inspector_b.store().all::<Attachment>(Entity::Attachment).expect("attachments").is_empty());

    // The office's deadline, set by its administrator, reaches every device; set again, it changes.
    world.office.storage.set_office_setting("answer_days", 45).expect("set");
    world.office.storage.set_office_setting("answer_days", 20).expect("set again");
    assert!(world.office.storage.set_office_setting("answer_days", 0).is_err(), "out of range");
    assert!(world.office.storage.set_office_setting("colour", 3).is_err(), "no such setting");
    world.inspector_b.sync().await.expect("team B pulls the setting");
    assert_eq!(world.inspector_b.store().office_settings().expect("settings").answer_days, 20);
    let due = {
        let store = world.inspector_b.store();
        let tracker =
            store.recommendation_tracker(&RecommendationFilter::default(), day("2026-12-10")).expect("tracker");
        tracker.rows.into_iter().find(|r| r.recommendation.id == recommendation.id).expect("the row").answer.due_on
    };
    assert_eq!(due, Some(day("2026-09-21")), "20 days after it was sent");

    // The steps, forged: an inspector or another team's supervisor marking one done.
    let first = row.answer.answers[0].steps[0].step.clone();
    for (who, device) in [("an inspector", &mut inspector), ("another team's supervisor", &mut other_supervisor)] {
        let (code, reason) =
            device.update(&world.office, Entity::ActionStep, first.id, "done_on", json!("2026-12-01")).await;
        assert_eq!(code, "forbidden", "{who}: {reason}");
        let step = ActionStep { id: Uuid::now_v7(), text: "Nothing to do".into(), ..first.clone() };
        let (code, reason) = device.create(&world.office, step.into()).await;
        assert_eq!(code, "forbidden", "{who} adding a step: {reason}");
    }
    let steps = |world: &World| world.office.storage.all::<ActionStep>(Entity::ActionStep).expect("read");
    assert_eq!(steps(&world).len(), 2, "no step added");
    assert!(steps(&world).iter().all(|s| s.done_on.is_none()), "none marked done");

    // Bad input from the team's own supervisor is refused, naming the field.
    let mut own = Raw::enrol(&world.office, "Sofia Supervisor", Role::Supervisor, &[world.team_a]).await;
    let (code, reason) =
        own.create(&world.office, answer(&recommendation, AuthorityResponse::Pending, None).into()).await;
    assert_eq!(code, "invalid");
    assert!(reason.contains("authority_answer.position"), "{reason}");
    let (code, reason) = own.update(&world.office, Entity::ActionStep, first.id, "done_on", json!("1926-12-01")).await;
    assert_eq!(code, "invalid");
    assert!(reason.contains("action_step.done_on"), "{reason}");
    let (code, reason) = own.update(&world.office, Entity::ActionStep, first.id, "done_on", json!("2026-12-01")).await;
    assert_eq!(code, "accepted", "{reason}");
    // The report's stages in the core's order, enforced at the office too.
    let published =
        ReportVersion { id: Uuid::now_v7(), stage: ReportStage::Published, attachment_id: None, ..sent.clone() };
    let (code, reason) = own.create(&world.office, published.into()).await;
    assert_eq!(code, "workflow", "published before final: {reason}");
    let comments = ReportVersion {
        id: Uuid::now_v7(),
        stage: ReportStage::Comments,
        dated_on: day("2026-09-20"),
        attachment_id: None,
        ..sent
    };
    assert_eq!(own.create(&world.office, comments.into()).await.0, "accepted");
}
