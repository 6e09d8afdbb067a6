//! The report's words come from the UI's own message catalogues (`ui/src/locales/*.json`,
//! read in at compile time), looked up by the same keys: one set of labels for the app
//! and the paper it prints, so a translation fixed in one place is fixed in both.
//!
//! The catalogues are ICU MessageFormat. [`format`] reads the part of it they use:
//! `{name}`, `{n, number}`, `{n, plural, =0 {…} one {…} few {…} many {…} other {…}}` with
//! `#`, `{x, select, …}`, and `''` for an apostrophe, with the plural rules of English,
//! Azerbaijani and Russian.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A language the app and its reports speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    En,
    Az,
    Ru,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::En, Language::Az, Language::Ru];

    /// The BCP 47 tag (the HTML `lang`, the PDF's language).
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Az => "az",
            Language::Ru => "ru",
        }
    }

    /// A day as this language writes it: ISO in English, day.month.year in az and ru.
    pub fn date(self, day: NaiveDate) -> String {
        match self {
            Language::En => day.format("%Y-%m-%d").to_string(),
            Language::Az | Language::Ru => day.format("%d.%m.%Y").to_string(),
        }
    }

    fn plural_category(self, n: i64) -> &'static str {
        let n = n.unsigned_abs();
        match self {
            Language::En | Language::Az => {
                if n == 1 {
                    "one"
                } else {
                    "other"
                }
            }
            Language::Ru => match (n % 10, n % 100) {
                (1, m) if m != 11 => "one",
                (2..=4, m) if !(12..=14).contains(&m) => "few",
                _ => "many",
            },
        }
    }

    /// A whole number with this language's digit grouping: 12,500 / 12.500 / 12 500.
    pub fn number(self, n: i64) -> String {
        let grouped = self.group_digits(&n.unsigned_abs().to_string());
        if n < 0 { format!("-{grouped}") } else { grouped }
    }

    /// A measured or counted value as this language writes it: 1,234.5 in English,
    /// 1.234,5 in Azerbaijani and 1 234,5 in Russian.
    pub fn decimal(self, x: f64) -> String {
        if !x.is_finite() {
            return x.to_string();
        }
        // Rust writes the shortest digits that read back as `x`, never with an exponent.
        let digits = x.abs().to_string();
        let (whole, fraction) = digits.split_once('.').unwrap_or((&digits, ""));
        let mut out = if x < 0.0 { String::from("-") } else { String::new() };
        out.push_str(&self.group_digits(whole));
        if !fraction.is_empty() {
            out.push_str(match self {
                Language::En => ".",
                Language::Az | Language::Ru => ",",
            });
            out.push_str(fraction);
        }
        out
    }

    fn group_digits(self, digits: &str) -> String {
        let separator = match self {
            Language::En => ",",
            Language::Az => ".",
            Language::Ru => "\u{a0}",
        };
        let mut out = String::new();
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(separator);
            }
            out.push(digit);
        }
        out
    }
}

/// A value for a message's placeholder.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(i64),
}

impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg::Text(text.to_owned())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Arg {
        Arg::Text(text)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Number(n)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

static SOURCES: [(Language, &str); 3] = [
    (Language::En, include_str!("../../../ui/src/locales/en.json")),
    (Language::Az, include_str!("../../../ui/src/locales/az.json")),
    (Language::Ru, include_str!("../../../ui/src/locales/ru.json")),
];

/// Every message of every language, by its dotted key.
static CATALOGUES: LazyLock<HashMap<Language, HashMap<String, String>>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|(language, source)| {
            // The catalogues are part of this build and checked by the UI's tests.
            let tree: serde_json::Value = serde_json::from_str(source).unwrap_or_default();
            let mut messages = HashMap::new();
            flatten(&tree, "", &mut messages);
            (*language, messages)
        })
        .collect()
});

fn flatten(node: &serde_json::Value, prefix: &str, into: &mut HashMap<String, String>) {
    if let Some(map) = node.as_object() {
        for (key, value) in map {
            match value {
                serde_json::Value::String(text) => {
                    into.insert(format!("{prefix}{key}"), text.clone());
                }
                other => flatten(other, &format!("{prefix}{key}."), into),
            }
        }
    }
}

/// The message `key` in `language`, its placeholders filled from `args`. A key missing
/// from the language falls back to English, and a key missing there shows as itself (a
/// test renders every report heading and looks for such keys).
pub fn message(language: Language, key: &str, args: &[(&str, Arg)]) -> String {
    let text = CATALOGUES
        .get(&language)
        .and_then(|messages| messages.get(key))
        .or_else(|| CATALOGUES.get(&Language::En).and_then(|messages| messages.get(key)));
    match text {
        Some(text) => format(language, text, args),
        None => key.to_owned(),
    }
}

/// Whether `key` is in every language's catalogue.
pub fn is_known(key: &str) -> bool {
    Language::ALL.iter().all(|l| CATALOGUES.get(l).is_some_and(|messages| messages.contains_key(key)))
}

/// Fills an ICU message. What this reader does not know is written out as it stands.
pub fn format(language: Language, text: &str, args: &[(&str, Arg)]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    Formatter { language, args, chars: &chars }.run(0, chars.len(), None, &mut out);
    out
}

struct Formatter<'a> {
    language: Language,
    args: &'a [(&'a str, Arg)],
    chars: &'a [char],
}

impl Formatter<'_> {
    fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
    }

    /// Writes `chars[from..to]`; `hash` is the number `#` stands for inside a plural.
    fn run(&self, from: usize, to: usize, hash: Option<i64>, out: &mut String) {
        let mut i = from;
        while i < to {
            match self.chars[i] {
                '\'' if self.chars.get(i + 1) == Some(&'\'') => {
                    out.push('\'');
                    i += 2;
                }
                '\'' if matches!(self.chars.get(i + 1), Some('{' | '}' | '#')) => {
                    let end = (i + 1..to).find(|&j| self.chars[j] == '\'').unwrap_or(to);
                    out.extend(&self.chars[i + 1..end]);
                    i = end + 1;
                }
                '#' if hash.is_some() => {
                    out.push_str(&self.language.number(hash.unwrap_or_default()));
                    i += 1;
                }
                '{' => {
                    let end = self.closing(i, to);
                    self.placeholder(i + 1, end, out);
                    i = end + 1;
                }
                c => {
                    out.push(c);
                    i += 1;
                }
            }
        }
    }

    /// The index of the `}` that closes the `{` at `open` (or `to`).
    fn closing(&self, open: usize, to: usize) -> usize {
        let mut depth = 0;
        for j in open..to {
            match self.chars[j] {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return j;
                    }
                }
                _ => {}
            }
        }
        to
    }

    /// `name`, `name, number` or `name, plural|select, options` between the braces.
    fn placeholder(&self, from: usize, to: usize, out: &mut String) {
        let inner: String = self.chars[from..to].iter().collect();
        let mut parts = inner.splitn(3, ',');
        let name = parts.next().unwrap_or_default().trim();
        let kind = parts.next().map(str::trim);
        let value = self.arg(name);
        match (kind, value) {
            (None | Some("number"), Some(Arg::Number(n))) => out.push_str(&self.language.number(*n)),
            (None | Some("number"), Some(Arg::Text(text))) => out.push_str(text),
            (Some("plural" | "select"), Some(value)) => {
                // The options start after the second comma.
                let commas = self.chars[from..to].iter().enumerate().filter(|(_, c)| **c == ',').map(|(k, _)| k);
                let start = from + commas.clone().nth(1).map_or(to - from, |k| k + 1);
                self.options(start, to, kind == Some("plural"), value, out);
            }
            _ => {
                out.push('{');
                out.push_str(&inner);
                out.push('}');
            }
        }
    }

    /// Picks the option of a plural or select and writes it.
    fn options(&self, from: usize, to: usize, plural: bool, value: &Arg, out: &mut String) {
        let mut chosen = None;
        let mut other = None;
        let mut i = from;
        while i < to {
            while i < to && self.chars[i].is_whitespace() {
                i += 1;
            }
            let start = i;
            while i < to && self.chars[i] != '{' && !self.chars[i].is_whitespace() {
                i += 1;
            }
            let selector: String = self.chars[start..i].iter().collect();
            while i < to && self.chars[i] != '{' {
                i += 1;
            }
            if i >= to {
                break;
            }
            let end = self.closing(i, to);
            let body = (i + 1, end);
            let matches = match value {
                Arg::Number(n) if plural => {
                    selector.strip_prefix('=').is_some_and(|exact| exact.parse() == Ok(*n))
                        || (chosen.is_none() && selector == self.language.plural_category(*n))
                }
                Arg::Number(n) => selector == n.to_string(),
                Arg::Text(text) => selector == *text,
            };
            if matches && (chosen.is_none() || selector.starts_with('=')) {
                chosen = Some(body);
            }
            if selector == "other" {
                other = Some(body);
            }
            i = end + 1;
        }
        if let Some((start, end)) = chosen.or(other) {
            let hash = match value {
                Arg::Number(n) if plural => Some(*n),
                _ => None,
            };
            self.run(start, end, hash, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_follow_each_languages_rules() {
        let text = "{count, plural, =0 {none} one {# photo} few {# фото (few)} many {# фото (many)} other {# photos}}";
        let with = |language, n: i64| format(language, text, &[("count", Arg::Number(n))]);
        assert_eq!(with(Language::En, 0), "none");
        assert_eq!(with(Language::En, 1), "1 photo");
        assert_eq!(with(Language::En, 1250), "1,250 photos");
        assert_eq!(with(Language::Ru, 21), "21 photo");
        assert_eq!(with(Language::Ru, 3), "3 фото (few)");
        assert_eq!(with(Language::Ru, 12), "12 фото (many)");
        assert_eq!(with(Language::Az, 2), "2 photos");
    }

    #[test]
    fn placeholders_numbers_selects_and_apostrophes() {
        let args = [("name", Arg::from("Şəki")), ("n", Arg::Number(1250)), ("kind", Arg::from("b"))];
        assert_eq!(format(Language::Az, "{name}: {n, number}", &args), "Şəki: 1.250");
        assert_eq!(format(Language::Ru, "{n, number}", &args), "1\u{a0}250");
        assert_eq!(format(Language::En, "{kind, select, a {A} b {B {name}} other {?}}", &args), "B Şəki");
        assert_eq!(format(Language::En, "NPM''s '{'literal'}'", &args), "NPM's {literal}");
        assert_eq!(format(Language::En, "{missing}", &args), "{missing}");
    }

    #[test]
    fn counts_and_measures_are_written_as_each_language_writes_them() {
        assert_eq!(Language::En.decimal(1234.5), "1,234.5");
        assert_eq!(Language::Az.decimal(1234.5), "1.234,5");
        assert_eq!(Language::Ru.decimal(1234.5), "1\u{a0}234,5");
        assert_eq!(Language::Ru.decimal(-0.25), "-0,25");
        assert_eq!(Language::Az.decimal(12.0), "12");
        assert_eq!(Language::En.decimal(1e21), "1,000,000,000,000,000,000,000");
        assert_eq!(Language::Ru.number(-12500), "-12\u{a0}500");
    }

    #[test]
    fn messages_come_from_the_ui_catalogues_in_each_language() {
        assert_eq!(message(Language::En, "areas.treatment", &[]), "Treatment");
        assert_ne!(message(Language::Az, "areas.treatment", &[]), "Treatment");
        assert_ne!(message(Language::Ru, "areas.treatment", &[]), "Treatment");
        assert_eq!(message(Language::Ru, "no.such.key", &[]), "no.such.key");
        let photos = message(Language::Ru, "answer.photos", &[("count", Arg::Number(5))]);
        assert!(photos.starts_with('5') && !photos.contains('{'), "{photos}");
    }
}
