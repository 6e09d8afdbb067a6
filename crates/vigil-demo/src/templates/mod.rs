//! Checklist templates, one module per kind of place, each with the six APT areas.
//!
//! A question is written once, with a [`Hint`] the generator uses to answer it plausibly
//! (a range for numbers, sample texts); hints stay in this crate, the template record
//! carries only the question. Kinds of place without their own template use the closest
//! one ([`template_kind`]).

mod juvenile;
mod migrant;
mod police;
mod prison;
mod psychiatric;
mod social_care;
mod words;

use std::collections::BTreeMap;

use uuid::Uuid;
use vigil_core::records::{AnswerType, Area, ChecklistSection, ChecklistTemplate, FacilityKind};
use vigil_core::records::{Question, QuestionTranslation, TemplateTranslation};

/// How to answer a question plausibly.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Hint {
    /// Yes/no, choices, photos: the question itself says enough.
    Plain,
    Range(f64, f64),
    Samples(&'static [&'static str]),
}

/// One question as written in a template module.
#[derive(Debug)]
pub(crate) struct Spec {
    slug: &'static str,
    text: &'static str,
    answer: AnswerType,
    hint: Hint,
    standard: &'static str,
}

/// A template's words in one more language: its title and, by question slug, the
/// question's text and its choices' labels (none for a question without choices).
#[derive(Debug)]
pub(crate) struct Words {
    language: &'static str,
    title: &'static str,
    questions: &'static [(&'static str, &'static str, &'static [&'static str])],
}

/// The translations of the template of `kind`.
fn words_of(kind: FacilityKind) -> [&'static Words; 2] {
    match kind {
        FacilityKind::PoliceCustody => [&words::police::AZ, &words::police::RU],
        FacilityKind::PsychiatricHospital => [&words::psychiatric::AZ, &words::psychiatric::RU],
        FacilityKind::SocialCareHome => [&words::social_care::AZ, &words::social_care::RU],
        FacilityKind::MigrantDetention => [&words::migrant::AZ, &words::migrant::RU],
        FacilityKind::JuvenileInstitution => [&words::juvenile::AZ, &words::juvenile::RU],
        _ => [&words::prison::AZ, &words::prison::RU],
    }
}

/// A template as written: its kind, the prefix of its question keys, its sections.
#[derive(Debug)]
pub(crate) struct Draft {
    kind: FacilityKind,
    prefix: &'static str,
    title: &'static str,
    sections: Vec<(Area, Vec<Spec>)>,
}

/// A template record with the hints for answering it, in question order.
#[derive(Debug)]
pub(crate) struct Template {
    pub record: ChecklistTemplate,
    pub hints: Vec<Hint>,
}

impl Template {
    /// Every question with its area and hint, in template order.
    pub(crate) fn questions(&self) -> impl Iterator<Item = (Area, &Question, Hint)> {
        let questions = self.record.sections.iter().flat_map(|s| s.questions.iter().map(move |q| (s.area, q)));
        questions.zip(self.hints.iter().copied()).map(|((area, q), hint)| (area, q, hint))
    }
}

/// The templates the demo publishes, in a fixed order.
pub(crate) fn drafts() -> Vec<Draft> {
    vec![
        prison::draft(),
        police::draft(),
        psychiatric::draft(),
        social_care::draft(),
        migrant::draft(),
        juvenile::draft(),
    ]
}

/// The kind whose template a place uses: its own, or the closest one.
pub(crate) fn template_kind(kind: FacilityKind) -> FacilityKind {
    match kind {
        FacilityKind::PreTrialDetention | FacilityKind::MilitaryDetention => FacilityKind::Prison,
        FacilityKind::TemporaryHolding | FacilityKind::Other => FacilityKind::PoliceCustody,
        other => other,
    }
}

/// Short code of an area in question keys, e.g. `pc.prot.rights_info`.
fn area_code(area: Area) -> &'static str {
    match area {
        Area::Treatment => "treat",
        Area::ProtectionMeasures => "prot",
        Area::MaterialConditions => "mat",
        Area::RegimeActivities => "reg",
        Area::HealthCare => "health",
        Area::Personnel => "staff",
    }
}

impl Draft {
    fn new(kind: FacilityKind, prefix: &'static str, title: &'static str, sections: Vec<(Area, Vec<Spec>)>) -> Draft {
        Draft { kind, prefix, title, sections }
    }

    #[cfg(test)]
    pub(crate) fn kind(&self) -> FacilityKind {
        self.kind
    }

    /// The published record (version 1) under `id`, with its hints.
    pub(crate) fn build(self, id: Uuid) -> Template {
        let mut hints = Vec::new();
        let sections: Vec<ChecklistSection> = self
            .sections
            .into_iter()
            .map(|(area, specs)| ChecklistSection {
                area,
                questions: specs
                    .into_iter()
                    .map(|spec| {
                        hints.push(spec.hint);
                        Question {
                            key: format!("{}.{}.{}", self.prefix, area_code(area), spec.slug),
                            text: spec.text.to_owned(),
                            answer: spec.answer,
                            standard: Some(spec.standard.to_owned()).filter(|s| !s.is_empty()),
                        }
                    })
                    .collect(),
            })
            .collect();
        let translations = words_of(self.kind).map(|words| (words.language.to_owned(), translate(&sections, words)));

        let record = ChecklistTemplate {
            id,
            kind: self.kind,
            version: 1,
            title: self.title.to_owned(),
            sections,
            language: "en".to_owned(),
            translations: BTreeMap::from(translations),
        };
        Template { record, hints }
    }
}

/// The template's questions in `words`' language, with the shared units and standards.
fn translate(sections: &[ChecklistSection], words: &Words) -> TemplateTranslation {
    let in_az = words.language == "az";
    let mut questions = BTreeMap::new();
    for question in sections.iter().flat_map(|s| &s.questions) {
        let slug = question.key.rsplit('.').next().unwrap_or_default();
        let Some((_, text, options)) = words.questions.iter().find(|(s, ..)| *s == slug) else { continue };
        let unit = match &question.answer {
            AnswerType::Number { unit: Some(unit) } | AnswerType::Measurement { unit } => words::unit(unit),
            _ => None,
        };
        let standard = question.standard.as_deref().map(words::standard);
        let words = QuestionTranslation {
            text: Some((*text).to_owned()),
            options: Some(options.iter().map(|o| (*o).to_owned()).collect()).filter(|o: &Vec<_>| !o.is_empty()),
            unit: unit.map(|(az, ru)| if in_az { az } else { ru }.to_owned()),
            standard: standard.map(|(az, ru)| if in_az { az } else { ru }),
        };
        questions.insert(question.key.clone(), words);
    }
    TemplateTranslation { title: Some(words.title.to_owned()), questions }
}

fn spec(slug: &'static str, text: &'static str, answer: AnswerType, hint: Hint, standard: &'static str) -> Spec {
    Spec { slug, text, answer, hint, standard }
}

/// A yes / no / unknown question. An empty `standard` means none is cited.
fn yes_no(slug: &'static str, text: &'static str, standard: &'static str) -> Spec {
    spec(slug, text, AnswerType::YesNo, Hint::Plain, standard)
}

/// A count or duration, answered within `range`.
fn number(slug: &'static str, text: &'static str, (unit, lo, hi): (&str, u32, u32), standard: &'static str) -> Spec {
    let answer = AnswerType::Number { unit: Some(unit.to_owned()) };
    spec(slug, text, answer, Hint::Range(f64::from(lo), f64::from(hi)), standard)
}

/// A measurement taken on site (floor area, temperature), answered within `range`.
fn measure(slug: &'static str, text: &'static str, (unit, lo, hi): (&str, f64, f64), standard: &'static str) -> Spec {
    let answer = AnswerType::Measurement { unit: unit.to_owned() };
    spec(slug, text, answer, Hint::Range(lo, hi), standard)
}

fn choice(slug: &'static str, text: &'static str, options: &[&str], standard: &'static str) -> Spec {
    let answer = AnswerType::Choice { options: options.iter().map(|o| (*o).to_owned()).collect() };
    spec(slug, text, answer, Hint::Plain, standard)
}

/// A free-text question, with sample answers for the demo.
fn text(slug: &'static str, text: &'static str, samples: &'static [&'static str], standard: &'static str) -> Spec {
    spec(slug, text, AnswerType::Text, Hint::Samples(samples), standard)
}

fn photo(slug: &'static str, text: &'static str, standard: &'static str) -> Spec {
    spec(slug, text, AnswerType::Photo, Hint::Plain, standard)
}

#[cfg(test)]
mod tests;
