//! The visit report's content, built from an approved visit in APT's order: the NPM and
//! the place, the visit (team and professions, times, access, population on the day),
//! findings by area with their photos and the checklist answers behind them, register
//! checks, good practice, new recommendations, the follow-up of earlier ones, amendments
//! made since approval, and (full version only) the interviews.
//!
//! Two versions. The **full** report is for the office and includes findings marked
//! confidential (with their photos) and the interviews (by pseudonym). The **public**
//! report is built without them: no interview content, no pseudonym, nothing marked
//! confidential or attached to it, and no amendment about an interview or a confidential
//! finding. What is left out is never read into the public model (a confidential
//! finding's photos are not even decrypted), so no renderer can show it by mistake.

mod build;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vigil_core::VisitStatus;
use vigil_core::records::*;

pub use crate::office::Office;
use crate::photo::Evidence;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitReport {
    pub public: bool,
    pub visit_id: Uuid,
    pub office: Office,
    /// The report's reference, printed on the cover and each page.
    pub reference: String,
    pub status: VisitStatus,
    /// Where the report is after approval (sent provisional, final, published), or draft.
    pub stage: Option<ReportStage>,
    /// SHA-256 of the visit's content as approved (the tracker's integrity check).
    pub approved_hash: Option<String>,
    pub place: Place,
    pub team: String,
    pub members: Vec<Member>,
    pub visit_type: VisitType,
    pub unannounced: bool,
    pub theme: Option<String>,
    pub planned_on: NaiveDate,
    pub arrived_at: Option<DateTime<Utc>>,
    pub access_granted_at: Option<DateTime<Utc>>,
    pub departed_at: Option<DateTime<Utc>>,
    pub summary: String,
    /// Areas with findings or answers, in the APT order.
    pub areas: Vec<AreaSection>,
    pub register_checks: Vec<RegisterCheckRow>,
    pub good_practice: Vec<Finding>,
    pub recommendations: Vec<NewRecommendation>,
    pub follow_up: Vec<FollowUp>,
    pub amendments: Vec<ReportAmendment>,
    /// The talks with the head of the place: in full in the full report; in the public
    /// one only that and when one was held (its words may name a detainee, as an urgent
    /// concern handed over often does, and its participants are named staff).
    pub debriefs: Vec<ReportDebrief>,
    /// Only in the full report.
    pub interviews: Vec<ReportInterview>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportDebrief {
    pub held_at: DateTime<Utc>,
    /// `None` in the public report.
    pub words: Option<DebriefWords>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DebriefWords {
    pub facility_participants: String,
    pub team_participants: String,
    pub points_raised: String,
    pub immediate_concerns: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    pub kind: Option<FacilityKind>,
    pub region: String,
    pub address: String,
    pub authority: String,
    pub capacity: Option<i64>,
    pub population: Option<i64>,
    /// The place's IANA time zone, when it has one: the report's times are written in it.
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// One monitor on the visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    pub profession: String,
    pub areas: Vec<Area>,
}

/// One APT area: what was found there and the checklist answers behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaSection {
    pub area: Area,
    /// Most severe first; good practice is apart ([`VisitReport::good_practice`]).
    pub findings: Vec<Finding>,
    pub answers: Vec<Answer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub area: Area,
    pub severity: Severity,
    pub text: String,
    /// Only ever true in the full report.
    pub confidential: bool,
    pub evidence: Vec<Evidence>,
}

/// A checklist question and what the team answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// In the checklist's own language.
    pub question: String,
    pub standard: Option<String>,
    pub value: AnswerValue,
    pub note: String,
    /// The photos of a photo answer.
    pub evidence: Vec<Evidence>,
    /// The language `question` and `standard` are written in (the checklist's).
    #[serde(default = "vigil_core::records::default_language")]
    pub language: String,
    /// The question in the checklist's other languages, by language.
    #[serde(default)]
    pub translations: BTreeMap<String, AnswerWords>,
}

/// A question and its answer's words in one more language; `None` where the checklist
/// gives none (the report shows the checklist's own, marked with its language).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerWords {
    pub question: Option<String>,
    pub standard: Option<String>,
    /// The chosen option's label, or the measurement's unit.
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterCheckRow {
    pub register: String,
    pub sample_size: i64,
    pub discrepancies: i64,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewRecommendation {
    pub text: String,
    pub authority: String,
    pub area: Area,
    pub priority: Priority,
    pub due_on: Option<NaiveDate>,
}

/// What this visit found of a recommendation an earlier visit made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    pub recommendation: String,
    pub authority: String,
    pub status: ImplementationStatus,
    pub evidence: String,
    pub assessed_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportAmendment {
    pub made_at: DateTime<Utc>,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportInterview {
    pub pseudonym: String,
    pub group_interview: bool,
    pub interpreter: Option<String>,
    pub reprisal_risk: bool,
    pub content: String,
}

impl VisitReport {
    /// The day the visit is known by: arrival, else the planned day.
    pub fn day(&self) -> NaiveDate {
        self.arrived_at.map_or(self.planned_on, |at| at.date_naive())
    }

    /// All findings other than good practice, area by area.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.areas.iter().flat_map(|a| &a.findings)
    }
}

/// The reference a visit's report carries: the day and the visit id's random tail, so two
/// reports of one place on one day differ and the id can be found from the reference.
pub fn reference(day: NaiveDate, visit_id: Uuid) -> String {
    let tail = visit_id.simple().to_string()[24..].to_uppercase();
    format!("VR-{}-{tail}", day.format("%Y%m%d"))
}
