//! Reads an approved visit from a replica into a [`VisitReport`].

use std::collections::{BTreeMap, HashMap, HashSet};

use uuid::Uuid;
use vigil_core::records::*;
use vigil_core::{Entity, Record, VisitStatus};
use vigil_store::Store;

use super::*;
use crate::ReportError;
use crate::export::Audience;
use crate::photo;

impl VisitReport {
    /// The report of an approved visit, for `audience`.
    pub fn build(store: &Store, visit_id: Uuid, audience: Audience) -> Result<VisitReport, ReportError> {
        let bundle = store.visit_bundle(visit_id)?;
        let visit = bundle.visit;
        if visit.status != VisitStatus::Approved {
            return Err(ReportError::NotApproved { visit_id, status: visit.status });
        }
        let public = audience == Audience::Public;
        let facility = match store.record(Entity::Facility, visit.facility_id)? {
            Some(Record::Facility(f)) => Some(f),
            _ => None,
        };
        let template = match store.record(Entity::ChecklistTemplate, visit.template_id)? {
            Some(Record::ChecklistTemplate(t)) => Some(t),
            _ => None,
        };
        let team = match store.record(Entity::Team, visit.team_id)? {
            Some(Record::Team(t)) => t.name,
            _ => String::new(),
        };
        let users: HashMap<Uuid, User> = store.all::<User>(Entity::User)?.into_iter().map(|u| (u.id, u)).collect();
        let members = bundle
            .members
            .iter()
            .filter_map(|m| users.get(&m.user_id).map(|u| (m, u)))
            .map(|(m, u)| Member { name: u.name.clone(), profession: u.profession.clone(), areas: m.areas.clone() })
            .collect();

        // Records a public report must not mention, amendments about them included.
        let withheld: HashSet<Uuid> = bundle
            .observations
            .iter()
            .filter(|o| o.confidential)
            .map(|o| o.id)
            .chain(bundle.interviews.iter().map(|i| i.id))
            .collect();
        let attachments: HashMap<Uuid, &Attachment> = bundle.attachments.iter().map(|a| (a.id, a)).collect();
        let evidence = |ids: &[Uuid]| -> Vec<Evidence> {
            ids.iter().filter_map(|id| attachments.get(id)).map(|a| read_evidence(store, a)).collect()
        };

        let mut areas: BTreeMap<Area, AreaSection> = BTreeMap::new();
        let section = |areas: &mut BTreeMap<Area, AreaSection>, area| {
            areas.entry(area).or_insert_with(|| AreaSection { area, findings: Vec::new(), answers: Vec::new() });
        };
        let mut good_practice = Vec::new();
        for o in bundle.observations.iter().filter(|o| !(public && o.confidential)) {
            let finding = Finding {
                area: o.area,
                severity: o.severity,
                text: o.text.clone(),
                confidential: o.confidential,
                evidence: evidence(&o.attachment_ids),
            };
            if o.severity == Severity::GoodPractice {
                good_practice.push(finding);
            } else {
                section(&mut areas, o.area);
                if let Some(s) = areas.get_mut(&o.area) {
                    s.findings.push(finding);
                }
            }
        }
        if let Some(template) = &template {
            for s in &template.sections {
                for q in &s.questions {
                    let Some(given) = bundle.answers.iter().find(|a| a.question_key == q.key) else { continue };
                    let photos = match &given.value {
                        AnswerValue::Photo(ids) => evidence(ids),
                        _ => Vec::new(),
                    };
                    section(&mut areas, s.area);
                    if let Some(area) = areas.get_mut(&s.area) {
                        area.answers.push(Answer {
                            question: q.text.clone(),
                            standard: q.standard.clone(),
                            value: given.value.clone(),
                            note: given.note.clone(),
                            evidence: photos,
                            language: template.language.clone(),
                            translations: answer_words(template, q, &given.value),
                        });
                    }
                }
            }
        }
        for s in areas.values_mut() {
            s.findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
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

        let day = visit.arrived_at.map_or(visit.planned_on, |at| at.date_naive());
        Ok(VisitReport {
            public,
            visit_id,
            office: crate::office::read(store)?,
            reference: reference(day, visit_id),
            status: visit.status,
            stage: vigil_core::answer::current_version(&store.report_versions(visit_id)?).map(|v| v.stage),
            approved_hash: store.visit_integrity(visit_id)?.approved,
            place: match facility {
                Some(f) => Place {
                    name: f.name,
                    kind: Some(f.kind),
                    region: f.region,
                    address: f.address,
                    authority: f.authority,
                    capacity: f.capacity,
                    population: f.population,
                    time_zone: f.time_zone,
                },
                None => Place {
                    name: String::new(),
                    kind: None,
                    region: String::new(),
                    address: String::new(),
                    authority: String::new(),
                    capacity: None,
                    population: None,
                    time_zone: None,
                },
            },
            team,
            members,
            visit_type: visit.visit_type,
            unannounced: visit.unannounced,
            theme: visit.theme,
            planned_on: visit.planned_on,
            arrived_at: visit.arrived_at,
            access_granted_at: visit.access_granted_at,
            departed_at: visit.departed_at,
            summary: visit.summary,
            areas: areas.into_values().collect(),
            register_checks: bundle
                .register_checks
                .into_iter()
                .map(|r| RegisterCheckRow {
                    register: r.register,
                    sample_size: r.sample_size,
                    discrepancies: r.discrepancies,
                    notes: r.notes,
                })
                .collect(),
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
            debriefs: bundle
                .debriefs
                .into_iter()
                .map(|d| ReportDebrief {
                    held_at: d.held_at,
                    words: (!public).then_some(DebriefWords {
                        facility_participants: d.facility_participants,
                        team_participants: d.team_participants,
                        points_raised: d.points_raised,
                        immediate_concerns: d.immediate_concerns,
                    }),
                })
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
                        interpreter: i.interpreter,
                        reprisal_risk: i.reprisal_risk,
                        content: i.content,
                    })
                    .collect()
            },
        })
    }
}

/// The photo of an attachment, or why it cannot be shown.
fn read_evidence(store: &Store, attachment: &Attachment) -> Evidence {
    let file_name = attachment.file_name.clone();
    if !attachment.mime.starts_with("image/") {
        return Evidence::NotShown { file_name };
    }
    match store.read_blob(&attachment.sha256) {
        Ok(bytes) => match photo::prepare(&file_name, &bytes) {
            Some(photo) => Evidence::Photo(photo),
            None => Evidence::NotShown { file_name },
        },
        Err(_) => Evidence::Missing { file_name },
    }
}

/// The question and the answer's words in each of the checklist's other languages.
fn answer_words(
    template: &ChecklistTemplate,
    question: &Question,
    value: &AnswerValue,
) -> BTreeMap<String, AnswerWords> {
    let words = |language: &str| {
        let given = template.translations.get(language).and_then(|t| t.questions.get(&question.key));
        AnswerWords {
            question: given.and_then(|g| g.text.clone()),
            standard: given.and_then(|g| g.standard.clone()),
            value: match value {
                AnswerValue::Choice(option) => Some(template.option_in(question, option, language).to_owned()),
                AnswerValue::Measurement { unit, .. } => Some(template.unit_in(question, unit, language).to_owned()),
                _ => None,
            },
        }
    };
    template.translations.keys().map(|language| (language.clone(), words(language))).collect()
}
