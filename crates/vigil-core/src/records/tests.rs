use chrono::{TimeZone, Utc};
use serde_json::json;

use super::*;
use crate::Rule;
use crate::workflow::VisitStatus;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn visit() -> Visit {
    Visit {
        id: id(1),
        facility_id: id(2),
        team_id: id(3),
        template_id: id(4),
        visit_type: VisitType::Regular,
        unannounced: true,
        status: VisitStatus::InProgress,
        planned_on: NaiveDate::from_ymd_opt(2026, 3, 2).expect("date"),
        arrived_at: Some(Utc.with_ymd_and_hms(2026, 3, 2, 7, 0, 0).single().expect("time")),
        access_granted_at: Some(Utc.with_ymd_and_hms(2026, 3, 2, 7, 40, 0).single().expect("time")),
        departed_at: None,
        theme: None,
        no_names: false,
        summary: String::new(),
    }
}

fn register_check() -> RegisterCheck {
    RegisterCheck {
        id: id(5),
        visit_id: id(1),
        register: "custody register".into(),
        sample_size: 20,
        discrepancies: 3,
        notes: String::new(),
    }
}

#[test]
fn fields_of_a_record_are_exactly_its_schema() {
    for record in [Record::from(visit()), Record::from(register_check())] {
        let fields = record.to_fields();
        let mut names: Vec<&str> = fields.keys().map(String::as_str).collect();
        let mut schema: Vec<&str> = record.entity().fields().iter().map(|f| f.name).collect();
        names.sort_unstable();
        schema.sort_unstable();
        assert_eq!(names, schema, "{:?}", record.entity());
    }
}

#[test]
fn a_record_round_trips_through_its_fields() {
    let record = Record::from(visit());
    let back = Record::from_fields(Entity::Visit, record.id(), record.to_fields()).expect("rebuild");
    assert_eq!(back, record);
}

#[test]
fn from_fields_names_the_bad_field() {
    let mut fields = Record::from(register_check()).to_fields();
    fields.insert("sample_size".into(), json!("twenty"));
    let err = Record::from_fields(Entity::RegisterCheck, id(5), fields).expect_err("bad type");
    assert!(err.to_string().contains("invalid type: string \"twenty\""), "{err}");
}

#[test]
fn validation_names_field_and_rule() {
    let mut early = visit();
    early.access_granted_at = Some(Utc.with_ymd_and_hms(2026, 3, 2, 6, 0, 0).single().expect("time"));
    let err = Record::from(early).validate().expect_err("access before arrival");
    assert_eq!(err.to_string(), "visit.access_granted_at: must not be before arrival");

    let mut thematic = visit();
    thematic.visit_type = VisitType::Thematic;
    assert_eq!(Record::from(thematic).validate().expect_err("no theme").field, "theme");

    let mut too_many = register_check();
    too_many.discrepancies = 21;
    assert_eq!(Record::from(too_many).validate().expect_err("too many").field, "discrepancies");

    assert_eq!(Record::from(visit()).validate(), Ok(()));
    assert_eq!(Record::from(register_check()).validate(), Ok(()));
}

#[test]
fn answers_are_checked_against_their_question() {
    let template = ChecklistTemplate {
        id: id(4),
        kind: FacilityKind::PoliceCustody,
        version: 1,
        title: "Police custody".into(),
        sections: vec![ChecklistSection {
            area: Area::ProtectionMeasures,
            questions: vec![Question {
                key: "pc.lawyer".into(),
                text: "Was access to a lawyer granted from the outset?".into(),
                answer: AnswerType::YesNo,
                standard: Some("CPT/Inf(2002)15, §41".into()),
            }],
        }],
        language: "en".into(),
        translations: BTreeMap::new(),
    };
    let mut answer = ChecklistAnswer {
        id: crate::ids::answer_id(id(1), "pc.lawyer"),
        visit_id: id(1),
        question_key: "pc.lawyer".into(),
        value: AnswerValue::YesNo(YesNoUnknown::No),
        note: String::new(),
    };
    assert_eq!(answer.check_against(&template), Ok(()));
    answer.value = AnswerValue::Number(3.0);
    assert_eq!(answer.check_against(&template).expect_err("wrong kind").field, "value");
    answer.question_key = "pc.nothing".into();
    assert_eq!(answer.check_against(&template).expect_err("unknown").field, "question_key");
}

#[test]
fn a_recommendation_is_overdue_after_its_due_day_until_an_assessment_closes_it() {
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).expect("day");
    let recommendation = Recommendation {
        id: id(1),
        visit_id: id(2),
        facility_id: id(3),
        text: "Fit call bells".into(),
        authority: "Ministry".into(),
        area: Area::MaterialConditions,
        priority: Priority::High,
        due_on: Some(day(10)),
        finding_ids: vec![],
        response: AuthorityResponse::Accepted,
    };
    assert!(!recommendation.overdue_on(None, day(10)), "due today is not yet overdue");
    assert!(recommendation.overdue_on(None, day(11)));
    assert!(recommendation.overdue_on(Some(ImplementationStatus::PartiallyImplemented), day(11)));
    assert!(!recommendation.overdue_on(Some(ImplementationStatus::Implemented), day(11)));
    assert!(!recommendation.overdue_on(Some(ImplementationStatus::NoLongerApplicable), day(11)));
    assert!(!Recommendation { due_on: None, ..recommendation }.overdue_on(None, day(11)));
}

fn translated_template() -> ChecklistTemplate {
    let question = |key: &str, answer| Question { key: key.into(), text: format!("{key}?"), answer, standard: None };
    let words = |text: &str| QuestionTranslation { text: Some(text.into()), ..QuestionTranslation::default() };
    let mut ru = TemplateTranslation { title: Some("Полиция".into()), ..TemplateTranslation::default() };
    ru.questions.insert("pc.lawyer".into(), words("Адвокат с самого начала?"));
    let choice = QuestionTranslation { options: Some(vec!["Да".into(), "Нет".into()]), ..words("Как?") };
    ru.questions.insert("pc.how".into(), choice);
    ChecklistTemplate {
        id: id(4),
        kind: FacilityKind::PoliceCustody,
        version: 1,
        title: "Police custody".into(),
        sections: vec![ChecklistSection {
            area: Area::ProtectionMeasures,
            questions: vec![
                question("pc.lawyer", AnswerType::YesNo),
                question("pc.how", AnswerType::Choice { options: vec!["Yes".into(), "No".into()] }),
                question("pc.cell", AnswerType::Measurement { unit: "m²".into() }),
            ],
        }],
        language: "en".into(),
        translations: [("ru".to_owned(), ru)].into(),
    }
}

#[test]
fn translations_are_read_with_the_source_as_fallback() {
    let template = translated_template();
    assert_eq!(Record::from(template.clone()).validate(), Ok(()));
    assert_eq!((template.title_in("ru"), template.title_in("az")), ("Полиция", "Police custody"));
    let how = template.question("pc.how").expect("question");
    assert_eq!(template.question_text_in(how, "ru"), "Как?");
    assert_eq!(template.option_in(how, "No", "ru"), "Нет");
    assert_eq!(template.option_in(how, "No", "az"), "No");
    let cell = template.question("pc.cell").expect("question");
    assert_eq!(template.question_text_in(cell, "ru"), "pc.cell?", "no translation: the source text");
}

#[test]
fn a_translation_of_a_missing_question_or_an_unknown_language_is_refused_by_name() {
    let refused = |template: ChecklistTemplate| Record::from(template).validate().expect_err("refused");

    let mut stray = translated_template();
    stray.translations.get_mut("ru").expect("ru").questions.insert("pc.gone".into(), QuestionTranslation::default());
    let err = refused(stray.clone());
    assert_eq!((err.field, err.rule), ("translations", Rule::NotInChecklist));
    assert_eq!(
        stray.check_translations().expect_err("stray").to_string(),
        "translations.ru.questions.pc.gone: is not a question of the visit's checklist"
    );

    let mut french = translated_template();
    french.translations.insert("fr".into(), TemplateTranslation::default());
    assert_eq!(refused(french).rule, Rule::UnknownLanguage);
    let mut own = translated_template();
    own.translations.insert("en".into(), TemplateTranslation::default());
    assert_eq!(refused(own).rule, Rule::UnknownLanguage);
    let source = ChecklistTemplate { language: "de".into(), ..translated_template() };
    assert_eq!((refused(source.clone()).field, refused(source).rule), ("language", Rule::UnknownLanguage));

    let mut labels = translated_template();
    labels.translations.get_mut("ru").expect("ru").questions.get_mut("pc.how").expect("how").options =
        Some(vec!["Да".into()]);
    assert_eq!(refused(labels).rule, Rule::TranslatedOptions);
    let mut unit = translated_template();
    unit.translations.get_mut("ru").expect("ru").questions.get_mut("pc.lawyer").expect("lawyer").unit =
        Some("м²".into());
    assert_eq!(refused(unit).rule, Rule::TranslatedUnit);
}

#[test]
fn a_template_stored_before_translations_reads_as_english_without_any() {
    let mut fields = Record::from(translated_template()).to_fields();
    fields.remove("language");
    fields.remove("translations");
    let record = Record::from_fields(Entity::ChecklistTemplate, id(4), fields).expect("reads");
    let Record::ChecklistTemplate(template) = record else { panic!("a template") };
    assert_eq!((template.language.as_str(), template.translations.len()), ("en", 0));
}
