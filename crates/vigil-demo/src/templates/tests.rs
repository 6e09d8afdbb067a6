use std::collections::BTreeSet;

use uuid::Uuid;
use vigil_core::Record;
use vigil_core::records::{AnswerType, Area, FacilityKind};

use super::*;

fn templates() -> Vec<Template> {
    drafts().into_iter().map(|d| d.build(Uuid::nil())).collect()
}

#[test]
fn every_template_validates_and_has_the_six_areas_with_four_to_eight_questions() {
    for template in templates() {
        let record = &template.record;
        Record::ChecklistTemplate(record.clone()).validate().expect("template validates");
        let areas: Vec<Area> = record.sections.iter().map(|s| s.area).collect();
        assert_eq!(areas, Area::ALL, "{}: the six areas in APT order", record.title);
        for section in &record.sections {
            let n = section.questions.len();
            assert!((4..=8).contains(&n), "{} {:?}: {n} questions", record.title, section.area);
        }
    }
}

#[test]
fn templates_mix_answer_types_and_cite_standards() {
    for template in templates() {
        let record = &template.record;
        let kinds: BTreeSet<&str> = record
            .sections
            .iter()
            .flat_map(|s| &s.questions)
            .map(|q| match q.answer {
                AnswerType::YesNo => "yes_no",
                AnswerType::Number { .. } => "number",
                AnswerType::Choice { .. } => "choice",
                AnswerType::Text => "text",
                AnswerType::Photo => "photo",
                AnswerType::Measurement { .. } => "measurement",
            })
            .collect();
        for kind in ["yes_no", "number", "choice", "text", "measurement"] {
            assert!(kinds.contains(kind), "{} lacks a {kind} question", record.title);
        }
        let cited = record.sections.iter().flat_map(|s| &s.questions).filter(|q| q.standard.is_some());
        assert!(cited.count() * 4 >= record.question_count() * 3, "{}: most questions cite a standard", record.title);
    }
}

#[test]
fn keys_are_prefixed_by_template_and_area() {
    let mut prefixes = BTreeSet::new();
    for template in templates() {
        let prefix = template.record.sections[0].questions[0].key.split('.').next().map(str::to_owned);
        prefixes.insert(prefix.clone());
        for (area, question, _) in template.questions() {
            let expected = format!("{}.{}.", prefix.as_deref().unwrap_or_default(), area_code(area));
            assert!(question.key.starts_with(&expected), "{} should start with {expected}", question.key);
        }
    }
    assert_eq!(prefixes.len(), 6, "one key prefix per template");
}

#[test]
fn hints_fit_their_questions() {
    for template in templates() {
        assert_eq!(template.hints.len(), template.record.question_count());
        for (_, question, hint) in template.questions() {
            let fits = match (&question.answer, hint) {
                (AnswerType::Number { .. } | AnswerType::Measurement { .. }, Hint::Range(lo, hi)) => lo <= hi,
                (AnswerType::Text, Hint::Samples(samples)) => !samples.is_empty(),
                (AnswerType::Choice { options }, Hint::Plain) => !options.is_empty(),
                (AnswerType::YesNo | AnswerType::Photo, Hint::Plain) => true,
                _ => false,
            };
            assert!(fits, "{}: hint {hint:?} does not fit {:?}", question.key, question.answer);
        }
    }
}

#[test]
fn every_kind_of_place_has_a_template() {
    let drafted: BTreeSet<FacilityKind> = drafts().iter().map(Draft::kind).collect();
    for &kind in FacilityKind::ALL {
        assert!(drafted.contains(&template_kind(kind)), "{kind:?} has no template");
    }
}
