//! The closed vocabularies of the domain (DOMAIN.md): kinds of place, APT areas, visit
//! types, severities, priorities, implementation statuses.

use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire and storage name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }
    };
}

vocabulary! {
    /// Kinds of place where people cannot leave at their own will.
    FacilityKind {
        Prison = "prison",
        PreTrialDetention = "pre_trial_detention",
        PoliceCustody = "police_custody",
        TemporaryHolding = "temporary_holding",
        PsychiatricHospital = "psychiatric_hospital",
        SocialCareHome = "social_care_home",
        MigrantDetention = "migrant_detention",
        JuvenileInstitution = "juvenile_institution",
        MilitaryDetention = "military_detention",
        Other = "other",
    }
}

vocabulary! {
    /// The six areas of the Association for the Prevention of Torture's monitoring method.
    Area {
        Treatment = "treatment",
        ProtectionMeasures = "protection_measures",
        MaterialConditions = "material_conditions",
        RegimeActivities = "regime_activities",
        HealthCare = "health_care",
        Personnel = "personnel",
    }
}

vocabulary! {
    VisitType {
        Regular = "regular",
        FollowUp = "follow_up",
        AdHoc = "ad_hoc",
        Thematic = "thematic",
    }
}

vocabulary! {
    /// How serious a finding is; `GoodPractice` marks what the report should praise.
    Severity {
        GoodPractice = "good_practice",
        Low = "low",
        Medium = "medium",
        High = "high",
        Urgent = "urgent",
    }
}

vocabulary! {
    Priority {
        Low = "low",
        Medium = "medium",
        High = "high",
        Urgent = "urgent",
    }
}

vocabulary! {
    /// What a later visit found of a recommendation.
    ImplementationStatus {
        NotImplemented = "not_implemented",
        PartiallyImplemented = "partially_implemented",
        Implemented = "implemented",
        NoLongerApplicable = "no_longer_applicable",
    }
}

impl ImplementationStatus {
    /// A recommendation stays open until it is implemented or no longer applies.
    pub fn closes(self) -> bool {
        matches!(self, ImplementationStatus::Implemented | ImplementationStatus::NoLongerApplicable)
    }
}

vocabulary! {
    /// The authority's answer to a recommendation.
    AuthorityResponse {
        Pending = "pending",
        Accepted = "accepted",
        PartiallyAccepted = "partially_accepted",
        Rejected = "rejected",
    }
}

vocabulary! {
    /// The stages of a visit report after approval (issue 17): provisional, sent to the
    /// authority for factual comments; the authority's comments received; final; published.
    ReportStage {
        Provisional = "provisional",
        Comments = "comments",
        Final = "final",
        Published = "published",
    }
}

impl ReportStage {
    /// Whether the report went to the authority at this stage (which starts its answer's
    /// legal deadline).
    pub fn sends_to_authority(self) -> bool {
        matches!(self, ReportStage::Provisional | ReportStage::Final)
    }

    /// Whether the report itself leaves the office at this stage (sent or published), so
    /// that its PDF as it then was is kept with the version; comments are the authority's.
    pub fn issues_report(self) -> bool {
        !matches!(self, ReportStage::Comments)
    }

    /// Whether a report whose latest stage is `latest` moves to this one: provisional
    /// first (or straight to final), the authority's comments on a provisional report,
    /// final after either, published once final.
    pub fn follows(self, latest: Option<ReportStage>) -> bool {
        use ReportStage::*;
        match self {
            Provisional => latest.is_none(),
            Comments => latest == Some(Provisional),
            Final => matches!(latest, None | Some(Provisional | Comments)),
            Published => latest == Some(Final),
        }
    }
}

vocabulary! {
    /// What a later visit found of a person an earlier interview flagged at risk of
    /// reprisal: seen with no sign of reprisal; a concern (it becomes a finding of its own);
    /// or not found (released, transferred, or not shown to the team).
    ReprisalOutcome {
        NoSign = "no_sign",
        Concern = "concern",
        NotFound = "not_found",
    }
}

vocabulary! {
    YesNoUnknown {
        Yes = "yes",
        No = "no",
        Unknown = "unknown",
    }
}

/// What a checklist question expects as its answer.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AnswerType {
    YesNo,
    Number { unit: Option<String> },
    Choice { options: Vec<String> },
    Text,
    Photo,
    Measurement { unit: String },
}

/// An answer given on site.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum AnswerValue {
    YesNo(YesNoUnknown),
    Number(f64),
    Choice(String),
    Text(String),
    /// Attachment ids of the photos that answer the question.
    Photo(Vec<uuid::Uuid>),
    Measurement {
        value: f64,
        unit: String,
    },
}

impl AnswerValue {
    /// Whether this value is the kind of answer the question asks for.
    pub fn fits(&self, expected: &AnswerType) -> bool {
        match (self, expected) {
            (AnswerValue::YesNo(_), AnswerType::YesNo)
            | (AnswerValue::Number(_), AnswerType::Number { .. })
            | (AnswerValue::Text(_), AnswerType::Text)
            | (AnswerValue::Photo(_), AnswerType::Photo) => true,
            (AnswerValue::Choice(choice), AnswerType::Choice { options }) => options.contains(choice),
            (AnswerValue::Measurement { unit, .. }, AnswerType::Measurement { unit: wanted }) => unit == wanted,
            _ => false,
        }
    }
}
