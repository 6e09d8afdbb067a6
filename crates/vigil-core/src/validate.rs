//! Validation of records: each error names the field and the rule it breaks.

use std::collections::HashSet;
use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::entity::Entity;
use crate::records::*;
use crate::workflow::Role;

/// The rule a field breaks: its name crosses to the UI, which words it in the person's
/// language; `Display` is the English the logs and the office's answers carry.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    NotEmpty,
    NotNegative,
    SensibleDay,
    Latitude,
    Longitude,
    Email,
    NeedsTeam,
    NeedsArrival,
    NotBeforeArrival,
    NotBeforeAccess,
    NeedsTheme,
    RepeatedArea,
    FiniteNumber,
    Pseudonym,
    NeedsConsentToUse,
    AboveSample,
    Sha256,
    MediaType,
    AboveZero,
    OneOrMore,
    TargetPair,
    ContentTarget,
    HashMismatch,
    NoArea,
    QuestionKey,
    UniqueKeys,
    QuestionText,
    ChoiceOptions,
    NotInChecklist,
    WrongAnswerKind,
    /// An office's address: a web address with a server name.
    WebAddress,
    /// An office's address: encrypted (plain `http://` only to this machine).
    Https,
    /// A pasted enrolment link: `vigil://enrol?office=…&code=…`, both parts present.
    EnrolLink,
    /// A checklist's language, or a translation's, is not one the app speaks (or is the
    /// checklist's own).
    UnknownLanguage,
    /// A translated choice question gives another number of labels than it has options.
    TranslatedOptions,
    /// A translation gives a unit to a question that has none.
    TranslatedUnit,
    /// A short note: at most [`SHORT_NOTE_CHARS`] characters.
    TooLong,
    /// A reprisal check's finding: a concern has one, other outcomes none.
    ConcernFinding,
    /// A place's time zone: a name of the IANA time zone database (`Asia/Baku`).
    TimeZone,
    /// An office setting's value is one its key takes (a key this version knows).
    SettingValue,
    /// The authority's answer takes a position: accepted, partially accepted or rejected.
    AnswerPosition,
    /// A time recorded by hand: not later than now on the device's clock.
    NotInFuture,
}

/// How long a short note may be (a reprisal check's): what was seen, not a second interview.
pub const SHORT_NOTE_CHARS: usize = 500;

impl Rule {
    pub const ALL: &'static [Rule] = &[
        Rule::NotEmpty,
        Rule::NotNegative,
        Rule::SensibleDay,
        Rule::Latitude,
        Rule::Longitude,
        Rule::Email,
        Rule::NeedsTeam,
        Rule::NeedsArrival,
        Rule::NotBeforeArrival,
        Rule::NotBeforeAccess,
        Rule::NeedsTheme,
        Rule::RepeatedArea,
        Rule::FiniteNumber,
        Rule::Pseudonym,
        Rule::NeedsConsentToUse,
        Rule::AboveSample,
        Rule::Sha256,
        Rule::MediaType,
        Rule::AboveZero,
        Rule::OneOrMore,
        Rule::TargetPair,
        Rule::ContentTarget,
        Rule::HashMismatch,
        Rule::NoArea,
        Rule::QuestionKey,
        Rule::UniqueKeys,
        Rule::QuestionText,
        Rule::ChoiceOptions,
        Rule::NotInChecklist,
        Rule::WrongAnswerKind,
        Rule::WebAddress,
        Rule::Https,
        Rule::EnrolLink,
        Rule::UnknownLanguage,
        Rule::TranslatedOptions,
        Rule::TranslatedUnit,
        Rule::TooLong,
        Rule::ConcernFinding,
        Rule::TimeZone,
        Rule::SettingValue,
        Rule::AnswerPosition,
        Rule::NotInFuture,
    ];

    /// In English, after the field's name: "text must not be empty".
    pub fn text(self) -> &'static str {
        match self {
            Rule::NotEmpty => "must not be empty",
            Rule::NotNegative => "must not be negative",
            Rule::SensibleDay => "must be a day between 2000-01-01 and 2099-12-31",
            Rule::Latitude => "must be between -90 and 90",
            Rule::Longitude => "must be between -180 and 180",
            Rule::Email => "must be an e-mail address",
            Rule::NeedsTeam => "must name at least one team for this role",
            Rule::NeedsArrival => "needs an arrival time first",
            Rule::NotBeforeArrival => "must not be before arrival",
            Rule::NotBeforeAccess => "must not be before arrival or access",
            Rule::NeedsTheme => "a thematic visit needs a theme",
            Rule::RepeatedArea => "must not repeat an area",
            Rule::FiniteNumber => "must be a finite number",
            Rule::Pseudonym => "must be a code of 3 to 16 capital letters, digits and dashes, never a name",
            Rule::NeedsConsentToUse => "needs consent to use first",
            Rule::AboveSample => "must not exceed the sample size",
            Rule::Sha256 => "must be 64 lowercase hex digits",
            Rule::MediaType => "must be a media type such as image/jpeg",
            Rule::AboveZero => "must be greater than zero",
            Rule::OneOrMore => "must be 1 or more",
            Rule::TargetPair => "needs a target entity, and only with one",
            Rule::ContentTarget => "must be the visit or a record of its content",
            Rule::HashMismatch => "does not match the event's content",
            Rule::NoArea => "must hold at least one area",
            Rule::QuestionKey => "every question needs a key",
            Rule::UniqueKeys => "question keys must be unique",
            Rule::QuestionText => "every question needs a text",
            Rule::ChoiceOptions => "a choice question needs options",
            Rule::NotInChecklist => "is not a question of the visit's checklist",
            Rule::WrongAnswerKind => "is not the kind of answer the question asks for",
            Rule::WebAddress => "must be a web address such as https://office.example",
            Rule::Https => "must start with https:// so the connection is encrypted",
            Rule::EnrolLink => "is not a complete enrolment link (vigil://enrol?office=…&code=…)",
            Rule::UnknownLanguage => "must be en, az or ru, and not the checklist's own language",
            Rule::TranslatedOptions => "must give one label for each of the question's options",
            Rule::TranslatedUnit => "gives a unit to a question that has none",
            Rule::TooLong => "must be at most 500 characters",
            Rule::ConcernFinding => "a concern becomes a finding, and only a concern does",
            Rule::TimeZone => "is not a time zone name such as Asia/Baku",
            Rule::SettingValue => "is not a value of this office setting (answer_days: 1 to 365)",
            Rule::AnswerPosition => "must be accepted, partially accepted or rejected",
            Rule::NotInFuture => "cannot be a time still to come",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationError {
    pub entity: Entity,
    pub field: &'static str,
    pub rule: Rule,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}: {}", self.entity.as_str(), self.field, self.rule)
    }
}

type Check = Result<(), ValidationError>;

/// Collects the rules of one record, naming its entity once.
struct Rules(Entity);

impl Rules {
    fn require(&self, ok: bool, field: &'static str, rule: Rule) -> Check {
        if ok { Ok(()) } else { Err(ValidationError { entity: self.0, field, rule }) }
    }

    fn not_blank(&self, value: &str, field: &'static str) -> Check {
        self.require(!value.trim().is_empty(), field, Rule::NotEmpty)
    }

    fn not_negative(&self, value: Option<i64>, field: &'static str) -> Check {
        self.require(value.is_none_or(|v| v >= 0), field, Rule::NotNegative)
    }

    /// A day a monitoring visit, a deadline or an assessment can fall on: this century
    /// (a typing slip such as 1900-01-01 or 20260-03-02 is refused, not printed in a report).
    fn sensible_day(&self, day: Option<NaiveDate>, field: &'static str) -> Check {
        let sensible = |day: NaiveDate| (2000..=2099).contains(&day.year());
        self.require(day.is_none_or(sensible), field, Rule::SensibleDay)
    }
}

impl Record {
    pub fn validate(&self) -> Check {
        let rules = Rules(self.entity());
        match self {
            Record::Facility(r) => {
                rules.not_blank(&r.name, "name")?;
                rules.not_blank(&r.region, "region")?;
                rules.not_blank(&r.authority, "authority")?;
                rules.not_negative(r.capacity, "capacity")?;
                rules.not_negative(r.population, "population")?;
                rules.require(r.latitude.is_none_or(|v| (-90.0..=90.0).contains(&v)), "latitude", Rule::Latitude)?;
                rules.require(
                    r.longitude.is_none_or(|v| (-180.0..=180.0).contains(&v)),
                    "longitude",
                    Rule::Longitude,
                )?;
                rules.require(
                    r.time_zone.as_deref().is_none_or(|zone| zone.parse::<chrono_tz::Tz>().is_ok()),
                    "time_zone",
                    Rule::TimeZone,
                )
            }
            Record::Team(r) => rules.not_blank(&r.name, "name"),
            Record::User(r) => {
                rules.not_blank(&r.name, "name")?;
                rules.require(r.email.contains('@'), "email", Rule::Email)?;
                rules.require(r.role == Role::Admin || !r.team_ids.is_empty(), "team_ids", Rule::NeedsTeam)
            }
            Record::ChecklistTemplate(r) => validate_template(&rules, r),
            Record::Visit(r) => {
                let arrived = r.arrived_at;
                rules.sensible_day(Some(r.planned_on), "planned_on")?;
                rules.sensible_day(arrived.map(|t| t.date_naive()), "arrived_at")?;
                rules.sensible_day(r.access_granted_at.map(|t| t.date_naive()), "access_granted_at")?;
                rules.sensible_day(r.departed_at.map(|t| t.date_naive()), "departed_at")?;
                rules.require(
                    r.access_granted_at.is_none() || arrived.is_some(),
                    "access_granted_at",
                    Rule::NeedsArrival,
                )?;
                rules.require(r.departed_at.is_none() || arrived.is_some(), "departed_at", Rule::NeedsArrival)?;
                rules.require(
                    r.access_granted_at.is_none_or(|t| Some(t) >= arrived),
                    "access_granted_at",
                    Rule::NotBeforeArrival,
                )?;
                rules.require(
                    r.departed_at.is_none_or(|t| Some(t) >= r.access_granted_at.or(arrived)),
                    "departed_at",
                    Rule::NotBeforeAccess,
                )?;
                rules.require(
                    r.visit_type != VisitType::Thematic || r.theme.as_deref().is_some_and(|t| !t.trim().is_empty()),
                    "theme",
                    Rule::NeedsTheme,
                )
            }
            Record::VisitMember(r) => {
                let unique: HashSet<_> = r.areas.iter().collect();
                rules.require(unique.len() == r.areas.len(), "areas", Rule::RepeatedArea)
            }
            Record::ChecklistAnswer(r) => {
                rules.not_blank(&r.question_key, "question_key")?;
                let number = match &r.value {
                    AnswerValue::Number(n) | AnswerValue::Measurement { value: n, .. } => Some(*n),
                    _ => None,
                };
                rules.require(number.is_none_or(f64::is_finite), "value", Rule::FiniteNumber)?;
                // Counts and measurements on site (people, places, square metres) are never negative.
                rules.require(number.is_none_or(|n| n >= 0.0), "value", Rule::NotNegative)
            }
            Record::Observation(r) => rules.not_blank(&r.text, "text"),
            Record::Interview(r) => {
                rules.require(is_pseudonym(&r.pseudonym), "pseudonym", Rule::Pseudonym)?;
                rules.require(!r.consent_to_quote || r.consent_to_use, "consent_to_quote", Rule::NeedsConsentToUse)?;
                rules.require(!r.consent_to_refer || r.consent_to_use, "consent_to_refer", Rule::NeedsConsentToUse)
            }
            Record::RegisterCheck(r) => {
                rules.not_blank(&r.register, "register")?;
                rules.not_negative(Some(r.sample_size), "sample_size")?;
                rules.not_negative(Some(r.discrepancies), "discrepancies")?;
                rules.require(r.discrepancies <= r.sample_size, "discrepancies", Rule::AboveSample)
            }
            Record::Recommendation(r) => {
                rules.not_blank(&r.text, "text")?;
                rules.not_blank(&r.authority, "authority")?;
                rules.sensible_day(r.due_on, "due_on")
            }
            Record::RecommendationAssessment(r) => {
                rules.not_blank(&r.evidence, "evidence")?;
                rules.sensible_day(Some(r.assessed_on), "assessed_on")
            }
            Record::Attachment(r) => {
                rules.require(crate::protocol::is_sha256(&r.sha256), "sha256", Rule::Sha256)?;
                rules.require(r.mime.contains('/'), "mime", Rule::MediaType)?;
                rules.require(r.size > 0, "size", Rule::AboveZero)?;
                rules.not_blank(&r.file_name, "file_name")
            }
            Record::ReviewComment(r) => {
                rules.not_blank(&r.body, "body")?;
                rules.require(r.target_entity.is_some() == r.target_id.is_some(), "target_id", Rule::TargetPair)
            }
            Record::Amendment(r) => {
                rules.not_blank(&r.body, "body")?;
                rules.require(r.target_entity.is_some() == r.target_id.is_some(), "target_id", Rule::TargetPair)?;
                rules.require(
                    !matches!(r.target_entity, Some(Entity::Amendment | Entity::ReviewComment | Entity::AuditEvent)),
                    "target_entity",
                    Rule::ContentTarget,
                )
            }
            Record::ReprisalCheck(r) => {
                rules.sensible_day(Some(r.checked_on), "checked_on")?;
                rules.require(r.note.chars().count() <= SHORT_NOTE_CHARS, "note", Rule::TooLong)?;
                let concern = r.outcome == ReprisalOutcome::Concern;
                // A concern says what was seen: the finding it becomes is worded from it.
                if concern {
                    rules.not_blank(&r.note, "note")?;
                }
                rules.require(concern == r.observation_id.is_some(), "observation_id", Rule::ConcernFinding)
            }
            Record::OfficeSetting(r) => {
                rules.require(crate::settings::is_allowed(&r.key, r.value), "value", Rule::SettingValue)
            }
            Record::ReportVersion(r) => {
                rules.sensible_day(Some(r.dated_on), "dated_on")?;
                rules.require(r.note.chars().count() <= SHORT_NOTE_CHARS, "note", Rule::TooLong)
            }
            Record::AuthorityAnswer(r) => {
                rules.sensible_day(Some(r.received_on), "received_on")?;
                rules.require(r.position != AuthorityResponse::Pending, "position", Rule::AnswerPosition)?;
                rules.not_blank(&r.text, "text")
            }
            Record::ActionStep(r) => {
                rules.not_blank(&r.text, "text")?;
                rules.sensible_day(Some(r.due_on), "due_on")?;
                rules.sensible_day(r.done_on, "done_on")
            }
            Record::Debrief(r) => {
                rules.sensible_day(Some(r.held_at.date_naive()), "held_at")?;
                rules.not_blank(&r.facility_participants, "facility_participants")?;
                rules.not_blank(&r.points_raised, "points_raised")
            }
            Record::AuditEvent(r) => {
                rules.not_blank(&r.action, "action")?;
                rules.require(r.seq >= 1, "seq", Rule::OneOrMore)?;
                rules.require(crate::protocol::is_sha256(&r.prev_hash), "prev_hash", Rule::Sha256)?;
                rules.require(r.hash == crate::audit::event_hash(r), "hash", Rule::HashMismatch)
            }
        }
    }
}

fn validate_template(rules: &Rules, template: &ChecklistTemplate) -> Check {
    rules.require(template.version >= 1, "version", Rule::OneOrMore)?;
    rules.not_blank(&template.title, "title")?;
    rules.require(!template.sections.is_empty(), "sections", Rule::NoArea)?;
    let mut areas = HashSet::new();
    let mut keys = HashSet::new();
    for section in &template.sections {
        rules.require(areas.insert(section.area), "sections", Rule::RepeatedArea)?;
        for question in &section.questions {
            rules.require(!question.key.trim().is_empty(), "sections", Rule::QuestionKey)?;
            rules.require(keys.insert(question.key.as_str()), "sections", Rule::UniqueKeys)?;
            rules.require(!question.text.trim().is_empty(), "sections", Rule::QuestionText)?;
            let choices_ok = !matches!(&question.answer, AnswerType::Choice { options } if options.is_empty());
            rules.require(choices_ok, "sections", Rule::ChoiceOptions)?;
        }
    }
    let language_ok = LANGUAGES.contains(&template.language.as_str());
    rules.require(language_ok, "language", Rule::UnknownLanguage)?;
    template.check_translations().map_err(|err| ValidationError {
        entity: rules.0,
        field: "translations",
        rule: err.rule,
    })
}

/// Pseudonymous interview codes: short, capitals, digits and dashes, so a name typed in
/// by mistake (lower case, spaces) is refused.
pub fn is_pseudonym(code: &str) -> bool {
    (3..=16).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

impl ChecklistAnswer {
    /// Checks the answer against the question it answers in the visit's template.
    pub fn check_against(&self, template: &ChecklistTemplate) -> Check {
        let rules = Rules(Entity::ChecklistAnswer);
        let question = template.question(&self.question_key);
        rules.require(question.is_some(), "question_key", Rule::NotInChecklist)?;
        let fits = question.is_some_and(|q| self.value.fits(&q.answer));
        rules.require(fits, "value", Rule::WrongAnswerKind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_time_zone_is_an_iana_name_and_its_offset_follows_summer_time() {
        use chrono::{TimeZone, Utc};
        let place = |zone: Option<&str>| {
            Record::Facility(crate::records::Facility {
                id: uuid::Uuid::nil(),
                name: "Central Prison".into(),
                kind: crate::records::FacilityKind::Prison,
                region: "North".into(),
                address: String::new(),
                latitude: None,
                longitude: None,
                authority: "Ministry of Justice".into(),
                capacity: None,
                population: None,
                contact: String::new(),
                time_zone: zone.map(str::to_owned),
            })
            .validate()
            .map_err(|err| (err.field, err.rule))
        };
        assert_eq!(place(Some("Asia/Baku")), Ok(()));
        assert_eq!(place(None), Ok(()), "none: the device's zone");
        assert_eq!(place(Some("Baku")), Err(("time_zone", Rule::TimeZone)));
        assert_eq!(place(Some("UTC+4")), Err(("time_zone", Rule::TimeZone)));
        let winter = Utc.with_ymd_and_hms(2026, 1, 15, 9, 0, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 7, 15, 9, 0, 0).unwrap();
        let hours = |offset: Option<chrono::FixedOffset>| offset.map(|o| o.local_minus_utc() / 3600);
        assert_eq!(hours(crate::records::offset_in_zone(Some("Asia/Baku"), winter)), Some(4));
        assert_eq!(hours(crate::records::offset_in_zone(Some("Europe/Berlin"), winter)), Some(1));
        assert_eq!(hours(crate::records::offset_in_zone(Some("Europe/Berlin"), summer)), Some(2));
        assert_eq!(crate::records::offset_in_zone(Some("Nowhere/City"), summer), None);
    }

    #[test]
    fn pseudonyms_refuse_names() {
        assert!(is_pseudonym("K7-4QX2"));
        assert!(!is_pseudonym("Ivan Petrov"));
        assert!(!is_pseudonym("ab"));
        assert!(!is_pseudonym("A-VERY-LONG-CODE-INDEED"));
    }

    #[test]
    fn days_out_of_this_century_counts_below_zero_are_refused_by_name() {
        let visit = Visit {
            id: uuid::Uuid::nil(),
            facility_id: uuid::Uuid::nil(),
            team_id: uuid::Uuid::nil(),
            template_id: uuid::Uuid::nil(),
            visit_type: VisitType::Regular,
            unannounced: true,
            status: crate::VisitStatus::Planned,
            planned_on: NaiveDate::from_ymd_opt(2026, 3, 2).expect("day"),
            arrived_at: None,
            access_granted_at: None,
            departed_at: None,
            theme: None,
            no_names: false,
            summary: String::new(),
        };
        assert_eq!(Record::Visit(visit.clone()).validate(), Ok(()));
        let long_ago = Visit { planned_on: NaiveDate::from_ymd_opt(1900, 1, 1).expect("day"), ..visit.clone() };
        let err = Record::Visit(long_ago).validate().expect_err("1900");
        assert_eq!(err.to_string(), "visit.planned_on: must be a day between 2000-01-01 and 2099-12-31");
        let far = Visit { arrived_at: Some("2260-03-02T07:00:00Z".parse().expect("time")), ..visit };
        assert_eq!(Record::Visit(far).validate().expect_err("2260").field, "arrived_at");

        let answer = |value| ChecklistAnswer {
            id: uuid::Uuid::nil(),
            visit_id: uuid::Uuid::nil(),
            question_key: "detainees".into(),
            value,
            note: String::new(),
        };
        assert_eq!(Record::ChecklistAnswer(answer(AnswerValue::Number(0.0))).validate(), Ok(()));
        let minus = Record::ChecklistAnswer(answer(AnswerValue::Number(-5.0))).validate().expect_err("-5");
        assert_eq!(minus.to_string(), "checklist_answer.value: must not be negative");
        let area = AnswerValue::Measurement { value: -7.5, unit: "m²".into() };
        assert_eq!(Record::ChecklistAnswer(answer(area)).validate().expect_err("negative area").field, "value");
    }

    #[test]
    fn a_debrief_names_who_was_there_what_was_raised_and_a_day_of_this_century() {
        let debrief = crate::records::Debrief {
            id: uuid::Uuid::from_u128(1),
            visit_id: uuid::Uuid::from_u128(2),
            held_at: "2026-03-02T15:30:00Z".parse().expect("time"),
            facility_participants: "The head of the station".into(),
            team_participants: String::new(),
            points_raised: "No lawyer in the first hours".into(),
            immediate_concerns: String::new(),
        };
        let field = |d: &crate::records::Debrief| Record::Debrief(d.clone()).validate().map_err(|e| (e.field, e.rule));
        assert_eq!(field(&debrief), Ok(()), "no team named and no concern are fine");
        let nobody = crate::records::Debrief { facility_participants: " ".into(), ..debrief.clone() };
        assert_eq!(field(&nobody), Err(("facility_participants", Rule::NotEmpty)));
        let nothing = crate::records::Debrief { points_raised: String::new(), ..debrief.clone() };
        assert_eq!(field(&nothing), Err(("points_raised", Rule::NotEmpty)));
        let slip = crate::records::Debrief { held_at: "1926-03-02T15:30:00Z".parse().expect("time"), ..debrief };
        assert_eq!(field(&slip), Err(("held_at", Rule::SensibleDay)));
    }

    #[test]
    fn a_reprisal_check_names_its_bad_field() {
        let check = ReprisalCheck {
            id: uuid::Uuid::nil(),
            visit_id: uuid::Uuid::nil(),
            interview_id: uuid::Uuid::nil(),
            outcome: ReprisalOutcome::NoSign,
            checked_on: NaiveDate::from_ymd_opt(2026, 5, 4).expect("day"),
            note: String::new(),
            observation_id: None,
        };
        let field =
            |check: &ReprisalCheck| Record::ReprisalCheck(check.clone()).validate().map_err(|e| (e.field, e.rule));
        assert_eq!(field(&check), Ok(()));
        let long = ReprisalCheck { note: "x".repeat(SHORT_NOTE_CHARS + 1), ..check.clone() };
        assert_eq!(field(&long), Err(("note", Rule::TooLong)));
        let just = ReprisalCheck { note: "é".repeat(SHORT_NOTE_CHARS), ..check.clone() };
        assert_eq!(field(&just), Ok(()), "counted in characters, not bytes");
        let old = ReprisalCheck { checked_on: NaiveDate::from_ymd_opt(1999, 12, 31).expect("day"), ..check.clone() };
        assert_eq!(field(&old), Err(("checked_on", Rule::SensibleDay)));
        let concern = ReprisalCheck {
            outcome: ReprisalOutcome::Concern,
            note: "Moved to a punishment cell".into(),
            ..check.clone()
        };
        assert_eq!(field(&concern), Err(("observation_id", Rule::ConcernFinding)), "a concern without its finding");
        let found = ReprisalCheck { observation_id: Some(uuid::Uuid::from_u128(3)), ..concern.clone() };
        assert_eq!(field(&found), Ok(()));
        assert_eq!(field(&ReprisalCheck { note: " ".into(), ..found }), Err(("note", Rule::NotEmpty)));
        let stray = ReprisalCheck { observation_id: Some(uuid::Uuid::from_u128(3)), ..check };
        assert_eq!(field(&stray), Err(("observation_id", Rule::ConcernFinding)), "no finding without a concern");
    }

    #[test]
    fn errors_render_entity_field_and_rule() {
        let err = ValidationError { entity: Entity::RegisterCheck, field: "discrepancies", rule: Rule::AboveSample };
        assert_eq!(err.to_string(), "register_check.discrepancies: must not exceed the sample size");
    }

    #[test]
    fn the_authority_s_answer_and_its_plan_name_their_bad_field() {
        let nil = uuid::Uuid::nil();
        let day = |text: &str| text.parse::<NaiveDate>().expect("day");
        let answer = AuthorityAnswer {
            id: nil,
            recommendation_id: nil,
            visit_id: nil,
            received_on: day("2026-03-02"),
            position: AuthorityResponse::PartiallyAccepted,
            text: "A doctor from June".into(),
            letter_id: None,
        };
        let field = |record: Record| record.validate().map_err(|e| (e.field, e.rule));
        assert_eq!(field(answer.clone().into()), Ok(()));
        let pending = AuthorityAnswer { position: AuthorityResponse::Pending, ..answer.clone() };
        assert_eq!(field(pending.into()), Err(("position", Rule::AnswerPosition)));
        assert_eq!(field(AuthorityAnswer { text: " ".into(), ..answer.clone() }.into()), Err(("text", Rule::NotEmpty)));
        let old = AuthorityAnswer { received_on: day("1999-03-02"), ..answer };
        assert_eq!(field(old.into()), Err(("received_on", Rule::SensibleDay)));

        let step = ActionStep {
            id: nil,
            answer_id: nil,
            visit_id: nil,
            text: "Hire a doctor".into(),
            due_on: day("2026-06-30"),
            done_on: None,
        };
        assert_eq!(field(step.clone().into()), Ok(()));
        assert_eq!(field(ActionStep { text: String::new(), ..step.clone() }.into()), Err(("text", Rule::NotEmpty)));
        let far = ActionStep { done_on: Some(day("2206-06-30")), ..step };
        assert_eq!(field(far.into()), Err(("done_on", Rule::SensibleDay)));

        let setting = |key: &str, value| Record::from(OfficeSetting::new(key, value));
        assert_eq!(field(setting("answer_days", 30)), Ok(()));
        assert_eq!(field(setting("answer_days", 0)), Err(("value", Rule::SettingValue)));
        assert_eq!(field(setting("colour", 3)), Err(("value", Rule::SettingValue)));
    }
}
