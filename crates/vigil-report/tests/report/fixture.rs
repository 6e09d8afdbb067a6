//! One approved visit to a police station, with findings (one confidential), an interview,
//! a recommendation and the follow-up of an earlier one. Distinctive strings planted in
//! what must never be public let the tests check the public outputs.

use chrono::NaiveDate;
use serde_json::{Map, json};
use tempfile::TempDir;
use uuid::Uuid;
use vigil_core::records::*;
use vigil_core::{Entity, Record, Role, VisitStatus};
use vigil_store::{Actor, Store};

/// Planted in an interview's content.
pub const INTERVIEW_SECRET: &str = "ZEBRA-INTERVIEW-7781";
/// An interview's pseudonym.
pub const PSEUDONYM: &str = "QX-PSEUDO-9";
/// Planted in a finding marked confidential.
pub const CONFIDENTIAL_SECRET: &str = "OKAPI-CONFIDENTIAL-4410";
/// Text of the public finding (with letters a PDF font must carry).
pub const PUBLIC_FINDING: &str = "Kameralarda işıq yoxdur; ventilyasiya işləmir — в камерах нет света";
pub const GOOD_PRACTICE: &str = "Detainees are told of their rights in four languages";
pub const RECOMMENDATION: &str = "Fit windows and ventilation in cells 3 and 4";
pub const EARLIER: &str = "Keep a register of every use of force";
/// The file name of the photo of the confidential finding (a photo's caption names its file).
pub const CONFIDENTIAL_PHOTO: &str = "GNU-CONF-PHOTO-5521.png";
/// Planted in an amendment about the confidential finding.
pub const AMENDMENT_SECRET: &str = "IBEX-AMENDMENT-3307";
/// The file name of the public finding's photo.
pub const PUBLIC_PHOTO: &str = "cell-3-window.png";
pub const NPM_NAME: &str = "Ombudsman of the Republic — National Preventive Group";
pub const QUESTION: &str = "Is the cell's window at least 0.5 m²?";
/// [`QUESTION`] as the checklist gives it in Russian (it gives no Azerbaijani).
pub const QUESTION_RU: &str = "Площадь окна камеры не менее 0,5 м²?";
pub const REGISTER_NOTE: &str = "Two releases in February have no time recorded";
pub const DOCTOR: &str = "Dr. Leyla Məmmədova";
/// Planted in the debrief's urgent concern (it names where a detainee is).
pub const DEBRIEF_SECRET: &str = "HERON-DEBRIEF-6620";

pub struct Visited {
    pub _dir: TempDir,
    pub store: Store,
    pub visit_id: Uuid,
}

/// A measured answer with a fraction, written 7.5 in English and 7,5 in az and ru.
pub const MEASURED_AREA: f64 = 7.5;

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// A photo of `width` × `height` pixels: `rgb` fading to white towards the bottom right.
pub fn photo(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        let light = (x + y) as f32 / (width + height) as f32;
        image::Rgb(rgb.map(|c| (f32::from(c) + (255.0 - f32::from(c)) * light * 0.8) as u8))
    });
    let image = image::DynamicImage::ImageRgb8(image);
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Png).expect("png");
    bytes.into_inner()
}

pub fn approved_visit() -> Visited {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("device.db")).expect("store");
    let actor = |role| Actor { user_id: Uuid::now_v7(), role };
    let (admin, lead, supervisor) = (actor(Role::Admin), actor(Role::Lead), actor(Role::Supervisor));
    let (facility_id, team_id, template_id) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let user = |name: &str, profession: &str| User {
        id: Uuid::now_v7(),
        name: name.into(),
        email: format!("{}@npm.example", name.len()),
        role: Role::Inspector,
        team_ids: vec![team_id],
        profession: profession.into(),
    };
    let (doctor, lawyer) = (user(DOCTOR, "doctor"), user("Rashad Aliyev", "lawyer"));
    let reference: Vec<Record> = vec![
        Team { id: team_id, name: "Team North".into(), region: "Northern District".into() }.into(),
        doctor.clone().into(),
        lawyer.clone().into(),
        Facility {
            id: facility_id,
            name: "Central Police Station No. 3".into(),
            kind: FacilityKind::PoliceCustody,
            region: "Northern District".into(),
            address: "12 Harbour Street".into(),
            latitude: None,
            longitude: None,
            authority: "Ministry of Internal Affairs".into(),
            capacity: Some(20),
            population: Some(26),
            contact: String::new(),
            time_zone: Some("Asia/Baku".into()),
        }
        .into(),
        ChecklistTemplate {
            id: template_id,
            kind: FacilityKind::PoliceCustody,
            version: 1,
            title: "Police custody".into(),
            sections: vec![
                ChecklistSection { area: Area::Treatment, questions: vec![] },
                ChecklistSection {
                    area: Area::MaterialConditions,
                    questions: vec![
                        Question {
                            key: "pc.material.window".into(),
                            text: QUESTION.into(),
                            answer: AnswerType::YesNo,
                            standard: Some("CPT/Inf(2015)44".into()),
                        },
                        Question {
                            key: "pc.material.photo".into(),
                            text: "Photo of the cell".into(),
                            answer: AnswerType::Photo,
                            standard: None,
                        },
                        Question {
                            key: "pc.material.area".into(),
                            text: "Floor area of the largest cell".into(),
                            answer: AnswerType::Measurement { unit: "m²".into() },
                            standard: None,
                        },
                    ],
                },
            ],
            language: "en".into(),
            translations: [(
                "ru".to_owned(),
                TemplateTranslation {
                    title: Some("Полицейское задержание".into()),
                    questions: [(
                        "pc.material.window".to_owned(),
                        QuestionTranslation { text: Some(QUESTION_RU.into()), ..QuestionTranslation::default() },
                    )]
                    .into(),
                },
            )]
            .into(),
        }
        .into(),
    ];
    store.create_all(&admin, &reference).expect("reference");
    let earlier_visit = Visit {
        id: Uuid::now_v7(),
        facility_id,
        team_id,
        template_id,
        visit_type: VisitType::Regular,
        unannounced: true,
        status: VisitStatus::InProgress,
        planned_on: date(2025, 4, 1),
        arrived_at: Some("2025-04-01T07:00:00Z".parse().expect("time")),
        access_granted_at: None,
        departed_at: None,
        theme: None,
        no_names: false,
        summary: "Earlier visit".into(),
    };
    let visit = Visit {
        id: Uuid::now_v7(),
        visit_type: VisitType::FollowUp,
        planned_on: date(2026, 3, 2),
        arrived_at: Some("2026-03-02T07:00:00Z".parse().expect("time")),
        access_granted_at: Some("2026-03-02T07:40:00Z".parse().expect("time")),
        departed_at: Some("2026-03-02T15:10:00Z".parse().expect("time")),
        summary: "Overcrowding persists; treatment on arrival has improved.".into(),
        ..earlier_visit.clone()
    };
    let earlier = Recommendation {
        id: Uuid::now_v7(),
        visit_id: earlier_visit.id,
        facility_id,
        text: EARLIER.into(),
        authority: "Ministry of Internal Affairs".into(),
        area: Area::Treatment,
        priority: Priority::High,
        due_on: Some(date(2025, 12, 31)),
        finding_ids: vec![],
        response: AuthorityResponse::Accepted,
    };
    let attachment = |file_name: &str, bytes: &[u8]| Attachment {
        id: Uuid::now_v7(),
        visit_id: visit.id,
        sha256: store.add_blob(bytes).expect("blob"),
        mime: "image/png".into(),
        size: bytes.len() as i64,
        file_name: file_name.into(),
    };
    let public_photo = attachment(PUBLIC_PHOTO, &photo(1600, 1200, [90, 110, 140]));
    let confidential_photo = attachment(CONFIDENTIAL_PHOTO, &photo(800, 600, [160, 30, 30]));
    let answer_photo = attachment("cell-4.png", &photo(900, 1200, [120, 140, 90]));
    let finding = |text: &str, severity, confidential| Observation {
        id: Uuid::now_v7(),
        visit_id: visit.id,
        area: Area::MaterialConditions,
        severity,
        text: text.into(),
        attachment_ids: vec![],
        confidential,
    };
    let public =
        Observation { attachment_ids: vec![public_photo.id], ..finding(PUBLIC_FINDING, Severity::High, false) };
    let confidential = Observation {
        attachment_ids: vec![confidential_photo.id],
        ..finding(&format!("Named officer: {CONFIDENTIAL_SECRET}"), Severity::Urgent, true)
    };
    let records: Vec<Record> = vec![
        earlier_visit.into(),
        earlier.clone().into(),
        visit.clone().into(),
        public_photo.clone().into(),
        confidential_photo.into(),
        answer_photo.clone().into(),
        public.clone().into(),
        Observation { area: Area::ProtectionMeasures, ..finding(GOOD_PRACTICE, Severity::GoodPractice, false) }.into(),
        confidential.clone().into(),
        VisitMember {
            id: Uuid::now_v7(),
            visit_id: visit.id,
            user_id: doctor.id,
            areas: vec![Area::HealthCare, Area::Treatment],
        }
        .into(),
        VisitMember {
            id: Uuid::now_v7(),
            visit_id: visit.id,
            user_id: lawyer.id,
            areas: vec![Area::ProtectionMeasures],
        }
        .into(),
        ChecklistAnswer {
            id: Uuid::now_v7(),
            visit_id: visit.id,
            question_key: "pc.material.window".into(),
            value: AnswerValue::YesNo(YesNoUnknown::No),
            note: "0.3 m² in cells 3 and 4".into(),
        }
        .into(),
        ChecklistAnswer {
            id: Uuid::now_v7(),
            visit_id: visit.id,
            question_key: "pc.material.photo".into(),
            value: AnswerValue::Photo(vec![answer_photo.id]),
            note: String::new(),
        }
        .into(),
        ChecklistAnswer {
            id: Uuid::now_v7(),
            visit_id: visit.id,
            question_key: "pc.material.area".into(),
            value: AnswerValue::Measurement { value: MEASURED_AREA, unit: "m²".into() },
            note: String::new(),
        }
        .into(),
        Debrief {
            id: Uuid::now_v7(),
            visit_id: visit.id,
            held_at: "2026-03-02T16:00:00Z".parse().expect("time"),
            facility_participants: "Lt-Col. R. Aliyev, head of the station".into(),
            team_participants: "The team".into(),
            points_raised: "No lawyer in the first hours".into(),
            immediate_concerns: format!("The man in cell 4 needs a doctor today: {DEBRIEF_SECRET}"),
        }
        .into(),
        RegisterCheck {
            id: Uuid::now_v7(),
            visit_id: visit.id,
            register: "custody".into(),
            sample_size: 20,
            discrepancies: 2,
            notes: REGISTER_NOTE.into(),
        }
        .into(),
        Interview {
            id: Uuid::now_v7(),
            visit_id: visit.id,
            pseudonym: PSEUDONYM.into(),
            group_interview: false,
            consent_to_use: true,
            consent_to_quote: true,
            consent_to_refer: false,
            interpreter: None,
            reprisal_risk: true,
            content: format!("Says he was beaten on arrival. {INTERVIEW_SECRET}"),
        }
        .into(),
        Recommendation {
            id: Uuid::now_v7(),
            visit_id: visit.id,
            text: RECOMMENDATION.into(),
            area: Area::MaterialConditions,
            finding_ids: vec![public.id],
            response: AuthorityResponse::Pending,
            due_on: Some(date(2026, 9, 30)),
            ..earlier.clone()
        }
        .into(),
        RecommendationAssessment {
            id: Uuid::now_v7(),
            recommendation_id: earlier.id,
            visit_id: visit.id,
            status: ImplementationStatus::PartiallyImplemented,
            evidence: "A register exists since January; entries for February are missing".into(),
            assessed_on: date(2026, 3, 2),
        }
        .into(),
    ];
    store.create_all(&lead, &records).expect("the visit's records");
    let status = |s: VisitStatus| Map::from_iter([("status".to_owned(), json!(s))]);
    store.update(&lead, Entity::Visit, visit.id, status(VisitStatus::Submitted)).expect("submit");
    store.update(&supervisor, Entity::Visit, visit.id, status(VisitStatus::InReview)).expect("take");
    store.update(&supervisor, Entity::Visit, visit.id, status(VisitStatus::Approved)).expect("approve");
    let amendment = Amendment {
        id: Uuid::now_v7(),
        visit_id: visit.id,
        target_entity: Some(Entity::Observation),
        target_id: Some(confidential.id),
        body: format!("The officer's rank was wrong: {AMENDMENT_SECRET}"),
        author_id: supervisor.user_id,
        made_at: "2026-03-05T09:00:00Z".parse().expect("time"),
    };
    store.create(&supervisor, &amendment.into()).expect("amend");
    vigil_report::office::set_name(&mut store, NPM_NAME).expect("name");
    Visited { _dir: dir, store, visit_id: visit.id }
}
