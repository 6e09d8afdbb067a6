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

#[test]
fn every_template_is_whole_in_azerbaijani_and_russian() {
    let mut english_left = BTreeSet::new();
    for template in templates() {
        let record = &template.record;
        for language in ["az", "ru"] {
            let words = &record.translations[language];
            assert!(words.title.is_some(), "{}: a title in {language}", record.title);
            for (_, question, _) in template.questions() {
                let Some(said) = words.questions.get(&question.key) else {
                    panic!("{} has no {language} words", question.key)
                };
                assert!(said.text.as_ref().is_some_and(|t| t != &question.text), "{}: its text", question.key);
                let has_unit =
                    matches!(question.answer, AnswerType::Number { unit: Some(_) } | AnswerType::Measurement { .. });
                assert_eq!(said.unit.is_some(), has_unit, "{}: its unit in {language}", question.key);
                assert_eq!(said.standard.is_some(), question.standard.is_some(), "{}: its standard", question.key);
                if let (Some(standard), Some(source)) = (&said.standard, &question.standard) {
                    // Only a document's symbol may stay as it is (CPT/Inf(2001)16, §27); in
                    // Russian no word of the Latin alphabet is left but that symbol.
                    let symbol_only = source
                        .strip_prefix("CPT/Inf")
                        .is_some_and(|rest| !rest.contains(|c: char| c.is_ascii_lowercase()));
                    let latin = standard.split(|c: char| !c.is_ascii_alphabetic()).any(|w| w.len() > 3);
                    if (standard == source && !symbol_only) || (language == "ru" && latin) {
                        english_left.insert(format!("{language}: {standard}"));
                    }
                }
                if let AnswerType::Choice { options } = &question.answer {
                    let labels = said.options.as_ref().map_or(0, Vec::len);
                    assert_eq!(labels, options.len(), "{}: a label per option in {language}", question.key);
                }
            }
        }
    }
    assert!(english_left.is_empty(), "standards left in English: {english_left:#?}");
}
