//! A checklist template in more than one language. The template is written in its source
//! language (`language`); `translations` gives, per other language, the title and, per
//! question key, the question's text, its choices' labels, its unit and its standard.
//! Anything left out is shown in the source language, marked as such. An answer always
//! keeps the source choice and unit, so answers compare across languages and visits.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{AnswerType, ChecklistTemplate, Question};
use crate::validate::Rule;

/// The languages the app, its reports and its checklists speak (BCP 47 tags).
pub const LANGUAGES: &[&str] = &["en", "az", "ru"];

/// The source language of a template that names none (templates written before translations).
pub fn default_language() -> String {
    "en".to_owned()
}

/// A template's words in one language other than its source.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TemplateTranslation {
    #[serde(default)]
    pub title: Option<String>,
    /// By question key.
    #[serde(default)]
    pub questions: BTreeMap<String, QuestionTranslation>,
}

/// One question's words in one language; a part left out stays in the source language.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QuestionTranslation {
    #[serde(default)]
    pub text: Option<String>,
    /// The labels of a choice question's options, in the options' order.
    #[serde(default)]
    pub options: Option<Vec<String>>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub standard: Option<String>,
}

/// What is wrong with a template's translations, and where: the language, and the question
/// when it is about one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct TranslationError {
    pub language: String,
    pub question: Option<String>,
    pub rule: Rule,
}

impl fmt::Display for TranslationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.question {
            Some(key) => write!(f, "translations.{}.questions.{key}: {}", self.language, self.rule),
            None => write!(f, "translations.{}: {}", self.language, self.rule),
        }
    }
}

fn unit_of(answer: &AnswerType) -> Option<&str> {
    match answer {
        AnswerType::Number { unit } => unit.as_deref(),
        AnswerType::Measurement { unit } => Some(unit),
        _ => None,
    }
}

impl ChecklistTemplate {
    /// The translations' rules (the source language is checked as the field `language`):
    /// known languages other than the source, questions the
    /// template has, one label per option, a unit only where the question has one, no
    /// blank text. The one check the device, the office and import all run.
    pub fn check_translations(&self) -> Result<(), TranslationError> {
        let refuse = |language: &str, question: Option<&str>, rule| TranslationError {
            language: language.to_owned(),
            question: question.map(str::to_owned),
            rule,
        };
        let blank = |text: &Option<String>| text.as_deref().is_some_and(|t| t.trim().is_empty());
        for (language, translation) in &self.translations {
            if !LANGUAGES.contains(&language.as_str()) || *language == self.language {
                return Err(refuse(language, None, Rule::UnknownLanguage));
            }
            if blank(&translation.title) {
                return Err(refuse(language, None, Rule::NotEmpty));
            }
            for (key, words) in &translation.questions {
                let at = Some(key.as_str());
                let question = self.question(key).ok_or_else(|| refuse(language, at, Rule::NotInChecklist))?;
                if blank(&words.text) || blank(&words.unit) || blank(&words.standard) {
                    return Err(refuse(language, at, Rule::NotEmpty));
                }
                let options_fit = match (&words.options, &question.answer) {
                    (None, _) => true,
                    (Some(labels), AnswerType::Choice { options }) => {
                        labels.len() == options.len() && labels.iter().all(|l| !l.trim().is_empty())
                    }
                    (Some(_), _) => false,
                };
                if !options_fit {
                    return Err(refuse(language, at, Rule::TranslatedOptions));
                }
                if words.unit.is_some() && unit_of(&question.answer).is_none() {
                    return Err(refuse(language, at, Rule::TranslatedUnit));
                }
            }
        }
        Ok(())
    }

    /// The title in `language`, or the source title when it has none.
    pub fn title_in(&self, language: &str) -> &str {
        self.translations.get(language).and_then(|t| t.title.as_deref()).unwrap_or(&self.title)
    }

    /// A question's text in `language`, or its source text when it has none.
    pub fn question_text_in<'a>(&'a self, question: &'a Question, language: &str) -> &'a str {
        self.translation_of(&question.key, language).and_then(|t| t.text.as_deref()).unwrap_or(&question.text)
    }

    /// A choice's label in `language` (the option as stored, when none is given).
    pub fn option_in<'a>(&'a self, question: &'a Question, option: &'a str, language: &str) -> &'a str {
        let AnswerType::Choice { options } = &question.answer else { return option };
        let labels = self.translation_of(&question.key, language).and_then(|t| t.options.as_ref());
        let at = options.iter().position(|o| o == option);
        at.and_then(|i| labels?.get(i)).map_or(option, String::as_str)
    }

    /// A unit in `language` (the unit as stored, when none is given).
    pub fn unit_in<'a>(&'a self, question: &'a Question, unit: &'a str, language: &str) -> &'a str {
        self.translation_of(&question.key, language).and_then(|t| t.unit.as_deref()).unwrap_or(unit)
    }

    fn translation_of(&self, key: &str, language: &str) -> Option<&QuestionTranslation> {
        self.translations.get(language)?.questions.get(key)
    }
}
