//! The visit report's content, built from an approved visit: summary, the place, team and
//! dates, findings by area, good practice, new recommendations, the follow-up of earlier
//! ones, and amendments made since approval.
//!
//! Two versions. The **full** report is for the office and includes findings marked
//! confidential and the interviews (by pseudonym). The **public** report is built without
//! them: no interview content, no pseudonym, nothing marked confidential, and no amendment
//! about an interview or a confidential finding. What is left out is never read into the
//! public model, so no template can show it by mistake.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vigil_core::records::*;
use vigil_core::{Entity, Record, VisitStatus};
use vigil_store::Store;

use crate::ReportError;
use crate::export::Audience;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitReport {
    pub public: bool,
    pub visit_id: Uuid,
    pub place: Place,
    pub team: String,
    pub visit_type: VisitType,
    pub unannounced: bool,
    pub theme: Option<String>,
    pub planned_on: NaiveDate,
    pub arrived_at: Option<DateTime<Utc>>,
    pub access_granted_at: Option<DateTime<Utc>>,
    pub departed_at: Option<DateTime<Utc>>,
    pub summary: String,
    /// Findings other than good practice, by area in the APT order, most severe first.
    pub findings_by_area: Vec<(Area, Vec<Finding>)>,
    pub good_practice: Vec<Finding>,
    pub recommendations: Vec<NewRecommendation>,
    pub follow_up: Vec<FollowUp>,
    pub amendments: Vec<ReportAmendment>,
    /// Only in the full report.
    pub interviews: Vec<ReportInterview>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    pub kind: Option<FacilityKind>,
    pub region: String,
    pub address: String,
    pub authority: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    pub text: String,
    /// Only ever true in the full report.
    pub confidential: bool,
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
    pub content: String,
}

impl VisitReport {
    /// The report of an approved visit, for `audience`.
    pub fn build(store: &Store, visit_id: Uuid, audience: Audience) -> Result<VisitReport, ReportError> {
        let bundle = store.visit_bundle(visit_id)?;
        let visit = bundle.visit;
        if visit.status != VisitStatus::Approved {
            return Err(ReportError::NotApproved { visit_id, status: visit.status });
        }
        let public = audience == Audience::Public;
        let place = match store.record(Entity::Facility, visit.facility_id)? {
            Some(Record::Facility(f)) => {
                Place { name: f.name, kind: Some(f.kind), region: f.region, address: f.address, authority: f.authority }
            }
            _ => Place {
                name: String::new(),
                kind: None,
                region: String::new(),
                address: String::new(),
                authority: String::new(),
            },
        };
        let team = match store.record(Entity::Team, visit.team_id)? {
            Some(Record::Team(t)) => t.name,
            _ => String::new(),
        };

        // Records a public report must not mention, amendments about them included.
        let withheld: HashSet<Uuid> = bundle
            .observations
            .iter()
            .filter(|o| o.confidential)
            .map(|o| o.id)
            .chain(bundle.interviews.iter().map(|i| i.id))
            .collect();
        let shown = bundle.observations.into_iter().filter(|o| !(public && o.confidential));
        let mut by_area: BTreeMap<Area, Vec<Finding>> = BTreeMap::new();
        let mut good_practice = Vec::new();
        for o in shown {
            let finding = Finding { severity: o.severity, text: o.text, confidential: o.confidential };
            if o.severity == Severity::GoodPractice {
                good_practice.push(finding);
            } else {
                by_area.entry(o.area).or_default().push(finding);
            }
        }
        for findings in by_area.values_mut() {
            findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        }

        let earlier: HashMap<Uuid, Recommendation> = store
            .all::<Recommendation>(Entity::Recommendation)?
            .into_iter()
            .filter(|r| bundle.assessments.iter().any(|a| a.recommendation_id == r.id))
            .map(|r| (r.id, r))
            .collect();
        let follow_up = bundle
            .assessments
            .into_iter()
            .filter_map(|a| {
                let r = earlier.get(&a.recommendation_id)?;
                Some(FollowUp {
                    recommendation: r.text.clone(),
                    authority: r.authority.clone(),
                    status: a.status,
                    evidence: a.evidence,
                    assessed_on: a.assessed_on,
                })
            })
            .collect();

        Ok(VisitReport {
            public,
            visit_id,
            place,
            team,
            visit_type: visit.visit_type,
            unannounced: visit.unannounced,
            theme: visit.theme,
            planned_on: visit.planned_on,
            arrived_at: visit.arrived_at,
            access_granted_at: visit.access_granted_at,
            departed_at: visit.departed_at,
            summary: visit.summary,
            findings_by_area: by_area.into_iter().collect(),
            good_practice,
            recommendations: bundle
                .recommendations
                .into_iter()
                .map(|r| NewRecommendation {
                    text: r.text,
                    authority: r.authority,
                    area: r.area,
                    priority: r.priority,
                    due_on: r.due_on,
                })
                .collect(),
            follow_up,
            amendments: bundle
                .amendments
                .into_iter()
                .filter(|a| !(public && a.target_id.is_some_and(|id| withheld.contains(&id))))
                .map(|a| ReportAmendment { made_at: a.made_at, body: a.body })
                .collect(),
            interviews: if public {
                Vec::new()
            } else {
                bundle
                    .interviews
                    .into_iter()
                    .map(|i| ReportInterview {
                        pseudonym: i.pseudonym,
                        group_interview: i.group_interview,
                        content: i.content,
                    })
                    .collect()
            },
        })
    }
}
