//! The report as a sequence of localised blocks (headings, paragraphs, tables, photos):
//! one layout of the content, which [`crate::html`], [`crate::pdf`] and [`crate::docx`]
//! each draw in their own way. Every word comes from the UI's catalogues ([`crate::i18n`]);
//! nothing here reads the store, so what a [`VisitReport`] leaves out cannot appear.

mod sections;

use chrono::{DateTime, FixedOffset, Offset, TimeZone, Utc};

use crate::i18n::{Arg, Language, message};
use crate::photo::Photo;
use crate::visit::VisitReport;

/// How to render: the person's language and the time zone the times are written in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    pub language: Language,
    /// The zone the times are written in: the place's (`Options::for_report`).
    pub zone: FixedOffset,
}

impl Default for Options {
    fn default() -> Options {
        Options { language: Language::En, zone: Utc.fix() }
    }
}

impl Options {
    /// The report in `language`, its times in the place's time zone on the day of the visit
    /// (the machine's own where the place has none): the same on a device and at the office.
    pub fn for_report(report: &VisitReport, language: Language) -> Options {
        let at = report.arrived_at.unwrap_or_else(Utc::now);
        let zone = vigil_core::records::offset_in_zone(report.place.time_zone.as_deref(), at)
            .unwrap_or_else(|| chrono::Local.offset_from_utc_datetime(&at.naive_utc()).fix());
        Options { language, zone }
    }
}

/// One piece of the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Level 1: a part of the report; level 2: an area, an interview.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    /// A smaller aside (where times come from, a photo not on this device).
    Note(String),
    Bullet(String),
    /// Label and value pairs.
    Facts(Vec<(String, String)>),
    /// A table; `widths` are the columns' shares of the text width.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        widths: Vec<f32>,
    },
    Photo {
        photo: Photo,
        caption: String,
    },
    /// What follows starts a new page (the interviews annex, which the office may detach).
    PageBreak,
}

/// The cover: who sends the report, about what, in which version.
#[derive(Debug, Clone, PartialEq)]
pub struct Cover {
    pub npm: String,
    pub logo: Option<Photo>,
    pub title: String,
    pub place: String,
    pub version: String,
    pub facts: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub language: Language,
    pub cover: Cover,
    /// On every page: the NPM and the reference, then the confidentiality level.
    pub running_header: String,
    pub level: String,
    pub confidential: bool,
    pub blocks: Vec<Block>,
}

impl Document {
    /// "Page 3 of 12" in the document's language.
    pub fn page_label(&self, page: usize, pages: usize) -> String {
        message(self.language, "report.doc.page", &[("page", page.into()), ("pages", pages.into())])
    }

    /// The headings, in order, with their levels (the PDF's outline, the tests).
    pub fn headings(&self) -> impl Iterator<Item = (u8, &str)> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Heading { level, text } => Some((*level, text.as_str())),
            _ => None,
        })
    }
}

/// Words and formats in one language and time zone.
pub(crate) struct Words {
    pub options: Options,
}

impl Words {
    pub fn t(&self, key: &str) -> String {
        message(self.options.language, key, &[])
    }

    pub fn tw(&self, key: &str, args: &[(&str, Arg)]) -> String {
        message(self.options.language, key, args)
    }

    /// A count or a measure in this language's digits.
    pub fn decimal(&self, x: f64) -> String {
        self.options.language.decimal(x)
    }

    pub fn number(&self, n: i64) -> String {
        self.options.language.number(n)
    }

    pub fn date(&self, day: chrono::NaiveDate) -> String {
        self.options.language.date(day)
    }

    /// A moment in the report's time zone, with the day.
    pub fn time(&self, at: DateTime<Utc>) -> String {
        let local = at.with_timezone(&self.options.zone);
        format!("{} {}", self.date(local.date_naive()), local.format("%H:%M"))
    }

    /// The time zone as "UTC+04:00".
    pub fn zone(&self) -> String {
        format!("UTC{}", self.options.zone)
    }
}

/// The report's blocks in `options`' language.
pub fn layout(report: &VisitReport, options: Options) -> Document {
    let words = Words { options };
    let confidential = !report.public;
    let npm = report.office.name.clone().unwrap_or_else(|| words.t("report.doc.npmDefault"));
    let level = words.t(if confidential { "report.doc.levelConfidential" } else { "report.doc.levelPublic" });
    let running_header = words.tw(
        "report.doc.runningHeader",
        &[("npm", npm.as_str().into()), ("reference", report.reference.as_str().into())],
    );
    Document {
        language: options.language,
        cover: sections::cover(report, &words, npm),
        running_header,
        level,
        confidential,
        blocks: sections::body(report, &words),
    }
}
