//! The report's parts, in APT's order, as blocks.

use vigil_core::records::{AnswerValue, YesNoUnknown};

use super::{Block, Cover, Words};
use crate::i18n::is_known;
use crate::photo::Evidence;
use crate::visit::{Answer, Finding, VisitReport};

pub(super) fn cover(r: &VisitReport, w: &Words, npm: String) -> Cover {
    let version = w.t(if r.public { "report.doc.publicVersion" } else { "report.doc.fullVersion" });
    let mut facts = vec![(w.t("visit.place"), place_line(r, w)), (w.t("report.doc.dates"), dates(r, w))];
    let mut status = w.t(&format!("visitStatus.{}", r.status.as_str()));
    if !r.amendments.is_empty() {
        status = format!("{status}; {}", w.tw("review.amendmentsCount", &[("count", r.amendments.len().into())]));
    }
    facts.push((w.t("report.doc.status"), status));
    let stage = r.stage.map_or("draft", |stage| stage.as_str());
    facts.push((w.t("report.doc.stage"), w.t(&format!("report.doc.stages.{stage}"))));
    facts.push((w.t("report.doc.reference"), r.reference.clone()));
    if let Some(hash) = &r.approved_hash {
        facts.push((w.t("report.doc.approvedHash"), hash.clone()));
    }
    Cover {
        npm,
        logo: r.office.logo.clone(),
        title: w.t("report.doc.title"),
        place: r.place.name.clone(),
        version,
        facts,
    }
}

fn place_line(r: &VisitReport, w: &Words) -> String {
    match r.place.kind {
        Some(kind) => format!("{} ({})", r.place.name, w.t(&format!("kinds.{}", kind.as_str()))),
        None => r.place.name.clone(),
    }
}

fn dates(r: &VisitReport, w: &Words) -> String {
    let first = r.day();
    let last = r.departed_at.map(|at| at.with_timezone(&w.options.zone).date_naive()).unwrap_or(first);
    if last > first { format!("{} – {}", w.date(first), w.date(last)) } else { w.date(first) }
}

pub(super) fn body(r: &VisitReport, w: &Words) -> Vec<Block> {
    let mut out = Vec::new();
    summary(r, w, &mut out);
    the_visit(r, w, &mut out);
    findings(r, w, &mut out);
    registers(r, w, &mut out);
    if !r.good_practice.is_empty() {
        out.push(h1(w.t("severity.good_practice")));
        for f in &r.good_practice {
            finding(f, false, w, &mut out);
        }
    }
    recommendations(r, w, &mut out);
    follow_up(r, w, &mut out);
    debriefs(r, w, &mut out);
    if !r.amendments.is_empty() {
        out.push(h1(w.t("report.doc.amendments")));
        for a in &r.amendments {
            out.push(Block::Bullet(format!("{}: {}", w.date(a.made_at.date_naive()), a.body)));
        }
    }
    interviews(r, w, &mut out);
    out
}

fn h1(text: String) -> Block {
    Block::Heading { level: 1, text }
}

fn h2(text: String) -> Block {
    Block::Heading { level: 2, text }
}

fn summary(r: &VisitReport, w: &Words, out: &mut Vec<Block>) {
    out.push(h1(w.t("report.doc.summary")));
    if r.summary.trim().is_empty() {
        out.push(Block::Note(w.t("report.doc.noSummary")));
    } else {
        out.extend(r.summary.split("\n\n").map(|p| Block::Paragraph(p.trim().to_owned())));
    }
    let urgent = r.findings().filter(|f| f.severity >= vigil_core::records::Severity::High).count();
    out.push(Block::Paragraph(w.tw(
        "report.doc.summaryCounts",
        &[
            ("findings", r.findings().count().into()),
            ("serious", urgent.into()),
            ("recommendations", r.recommendations.len().into()),
            ("followUps", r.follow_up.len().into()),
        ],
    )));
}

fn the_visit(r: &VisitReport, w: &Words, out: &mut Vec<Block>) {
    out.push(h1(w.t("report.doc.theVisit")));
    let announced = w.t(if r.unannounced { "visit.unannounced" } else { "visit.announced" });
    let address: Vec<&str> =
        [r.place.address.as_str(), &r.place.region].into_iter().filter(|s| !s.is_empty()).collect();
    let mut facts = vec![
        (w.t("visit.place"), place_line(r, w)),
        (w.t("place.address"), address.join(", ")),
        (w.t("report.doc.authority"), r.place.authority.clone()),
        (
            w.t("report.doc.visitType"),
            format!("{}, {}", w.t(&format!("visitTypes.{}", r.visit_type.as_str())), announced.to_lowercase()),
        ),
    ];
    if let Some(theme) = &r.theme {
        facts.push((w.t("fields.theme"), theme.clone()));
    }
    facts.push((w.t("report.doc.team"), r.team.clone()));
    out.push(Block::Facts(facts));

    out.push(h2(w.t("report.doc.members")));
    if r.members.is_empty() {
        out.push(Block::Note(w.t("report.doc.noMembers")));
    } else {
        let rows = r
            .members
            .iter()
            .map(|m| {
                let areas: Vec<String> = m.areas.iter().map(|a| w.t(&format!("areas.{}", a.as_str()))).collect();
                vec![m.name.clone(), m.profession.clone(), areas.join(", ")]
            })
            .collect();
        out.push(Block::Table {
            header: vec![w.t("report.doc.memberName"), w.t("report.doc.profession"), w.t("fields.areas")],
            rows,
            widths: vec![0.3, 0.25, 0.45],
        });
    }

    out.push(h2(w.t("report.doc.timesAndAccess")));
    let mut times = vec![(w.t("fields.planned_on"), w.date(r.planned_on))];
    for (key, at) in [
        ("visit.arrived", r.arrived_at),
        ("visit.accessGranted", r.access_granted_at),
        ("visit.departed", r.departed_at),
    ] {
        if let Some(at) = at {
            times.push((w.t(key), w.time(at)));
        }
    }
    if let (Some(arrived), Some(let_in)) = (r.arrived_at, r.access_granted_at) {
        let minutes = (let_in - arrived).num_minutes().max(0);
        let waited = match minutes {
            0 => w.t("visit.letInAtOnce"),
            m if m < 60 => w.tw("visit.waitedMinutes", &[("minutes", m.into())]),
            m => w.tw("visit.waitedHours", &[("hours", (m / 60).into()), ("minutes", (m % 60).into())]),
        };
        times.push((w.t("report.doc.access"), waited));
    }
    out.push(Block::Facts(times));
    let note = if r.place.time_zone.is_some() { "report.doc.placeTimeZoneNote" } else { "report.doc.timeZoneNote" };
    out.push(Block::Note(w.tw(note, &[("zone", w.zone().into())])));

    out.push(h2(w.t("report.doc.population")));
    match (r.place.population, r.place.capacity) {
        (Some(population), Some(capacity)) if capacity > 0 => {
            let percent = population * 100 / capacity;
            let key = if population > capacity { "place.overcrowded" } else { "place.full" };
            out.push(Block::Paragraph(format!(
                "{}. {}",
                w.tw("place.populationOf", &[("population", population.into()), ("capacity", capacity.into())]),
                w.tw(key, &[("percent", percent.into())])
            )));
        }
        (Some(population), _) => out.push(Block::Facts(vec![(w.t("place.population"), w.number(population))])),
        (None, Some(capacity)) => out.push(Block::Facts(vec![(w.t("fields.capacity"), w.number(capacity))])),
        (None, None) => {}
    }
    out.push(Block::Note(w.t("report.doc.populationNote")));
}

fn findings(r: &VisitReport, w: &Words, out: &mut Vec<Block>) {
    out.push(h1(w.t("report.doc.findings")));
    if r.areas.is_empty() {
        out.push(Block::Note(w.t("report.doc.noFindings")));
    }
    for area in &r.areas {
        out.push(h2(w.t(&format!("areas.{}", area.area.as_str()))));
        for f in &area.findings {
            finding(f, true, w, out);
        }
        if !area.answers.is_empty() {
            out.push(Block::Paragraph(w.t("report.doc.answers")));
            out.push(Block::Table {
                header: vec![w.t("report.doc.question"), w.t("fields.value")],
                rows: area.answers.iter().map(|a| answer_row(a, w)).collect(),
                widths: vec![0.6, 0.4],
            });
            for a in &area.answers {
                evidence(&a.evidence, w, out);
            }
        }
    }
}

fn finding(f: &Finding, with_severity: bool, w: &Words, out: &mut Vec<Block>) {
    let mut text = f.text.clone();
    if with_severity {
        text = format!("[{}] {text}", w.t(&format!("severity.{}", f.severity.as_str())));
    }
    if f.confidential {
        text = format!("{text} {}", w.t("report.doc.confidentialMark"));
    }
    out.push(Block::Bullet(text));
    evidence(&f.evidence, w, out);
}

fn evidence(items: &[Evidence], w: &Words, out: &mut Vec<Block>) {
    for item in items {
        out.push(match item {
            Evidence::Photo(photo) => Block::Photo {
                caption: w.tw("report.doc.photoCaption", &[("name", photo.file_name.as_str().into())]),
                photo: photo.clone(),
            },
            Evidence::Missing { file_name } => {
                Block::Note(w.tw("report.doc.photoMissing", &[("name", file_name.as_str().into())]))
            }
            Evidence::NotShown { file_name } => {
                Block::Note(w.tw("report.doc.photoNotShown", &[("name", file_name.as_str().into())]))
            }
        });
    }
}

fn answer_row(a: &Answer, w: &Words) -> Vec<String> {
    let language = w.options.language.tag();
    let words = a.translations.get(language);
    let mut question = match words.and_then(|t| t.question.as_ref()) {
        Some(text) => text.clone(),
        // Not translated: the checklist's own words, said to be in another language.
        None if a.language != language => format!("{} [{}]", a.question, a.language.to_uppercase()),
        None => a.question.clone(),
    };
    if let Some(standard) = words.and_then(|t| t.standard.as_ref()).or(a.standard.as_ref()) {
        question = format!("{question}\n{standard}");
    }
    let translated_value = words.and_then(|t| t.value.as_ref());
    let mut value = match &a.value {
        AnswerValue::YesNo(YesNoUnknown::Yes) => w.t("common.yes"),
        AnswerValue::YesNo(YesNoUnknown::No) => w.t("common.no"),
        AnswerValue::YesNo(YesNoUnknown::Unknown) => w.t("common.unknown"),
        AnswerValue::Number(n) => w.decimal(*n),
        AnswerValue::Choice(option) => translated_value.unwrap_or(option).clone(),
        AnswerValue::Text(text) => text.clone(),
        AnswerValue::Photo(ids) => w.tw("answer.photos", &[("count", ids.len().into())]),
        AnswerValue::Measurement { value, unit } => {
            format!("{} {}", w.decimal(*value), translated_value.unwrap_or(unit))
        }
    };
    if !a.note.trim().is_empty() {
        value = format!("{value}\n{}", a.note.trim());
    }
    vec![question, value]
}

fn registers(r: &VisitReport, w: &Words, out: &mut Vec<Block>) {
    out.push(h1(w.t("registers.title")));
    if r.register_checks.is_empty() {
        out.push(Block::Note(w.t("report.doc.noRegisters")));
        return;
    }
    let rows = r
        .register_checks
        .iter()
        .map(|c| {
            let key = format!("registerKinds.{}", c.register);
            let name = if is_known(&key) { w.t(&key) } else { c.register.clone() };
            vec![name, w.number(c.sample_size), w.number(c.discrepancies), c.notes.clone()]
        })
        .collect();
    out.push(Block::Table {
        header: vec![
            w.t("fields.register"),
            w.t("fields.sample_size"),
            w.t("fields.discrepancies"),
            w.t("registers.notes"),
        ],
        rows,
        widths: vec![0.22, 0.16, 0.16, 0.46],
    });
}

fn recommendations(r: &VisitReport, w: &Words, out: &mut Vec<Block>) {
    out.push(h1(w.t("report.doc.recommendations")));
    if r.recommendations.is_empty() {
        out.push(Block::Note(w.t("report.doc.noRecommendations")));
        return;
    }
    let rows = r
        .recommendations
        .iter()
        .enumerate()
        .map(|(n, rec)| {
            vec![
                (n + 1).to_string(),
                format!("{}\n({})", rec.text, w.t(&format!("areas.{}", rec.area.as_str()))),
                rec.authority.clone(),
                w.t(&format!("priority.{}", rec.priority.as_str())),
                rec.due_on.map(|d| w.date(d)).unwrap_or_default(),
            ]
        })
        .collect();
    out.push(Block::Table {
        header: vec![
            w.t("report.doc.number"),
            w.t("report.doc.recommendation"),
            w.t("fields.authority"),
            w.t("report.doc.priority"),
            w.t("fields.due_on"),
        ],
        rows,
        widths: vec![0.06, 0.41, 0.21, 0.16, 0.16],
    });
}

fn follow_up(r: &VisitReport, w: &Words, out: &mut Vec<Block>) {
    out.push(h1(w.t("report.doc.followUp")));
    if r.follow_up.is_empty() {
        out.push(Block::Note(w.t("report.doc.noFollowUp")));
        return;
    }
    let rows = r
        .follow_up
        .iter()
        .map(|f| {
            vec![
                f.recommendation.clone(),
                f.authority.clone(),
                w.t(&format!("implementationFull.{}", f.status.as_str())),
                w.date(f.assessed_on),
                f.evidence.clone(),
            ]
        })
        .collect();
    out.push(Block::Table {
        header: vec![
            w.t("report.doc.recommendation"),
            w.t("fields.authority"),
            w.t("report.doc.implementation"),
            w.t("fields.assessed_on"),
            w.t("fields.evidence"),
        ],
        rows,
        widths: vec![0.28, 0.18, 0.16, 0.13, 0.25],
    });
}

fn debriefs(r: &VisitReport, w: &Words, out: &mut Vec<Block>) {
    if r.debriefs.is_empty() {
        return;
    }
    out.push(h1(w.t("debrief.title")));
    for d in &r.debriefs {
        let Some(words) = &d.words else {
            out.push(Block::Paragraph(w.tw("report.doc.debriefHeld", &[("time", w.time(d.held_at).as_str().into())])));
            continue;
        };
        let mut facts = vec![(w.t("debrief.time"), w.time(d.held_at))];
        facts.push((w.t("debrief.facilityParticipants"), words.facility_participants.clone()));
        if !words.team_participants.is_empty() {
            facts.push((w.t("debrief.teamParticipants"), words.team_participants.clone()));
        }
        out.push(Block::Facts(facts));
        out.push(h2(w.t("debrief.points")));
        out.push(Block::Paragraph(words.points_raised.clone()));
        out.push(h2(w.t("debrief.concerns")));
        let concerns = if words.immediate_concerns.is_empty() {
            w.t("debrief.noConcerns")
        } else {
            words.immediate_concerns.clone()
        };
        out.push(Block::Paragraph(concerns));
    }
}

fn interviews(r: &VisitReport, w: &Words, out: &mut Vec<Block>) {
    if r.interviews.is_empty() {
        return;
    }
    out.push(Block::PageBreak);
    out.push(h1(w.t("report.doc.interviews")));
    out.push(Block::Note(w.t("report.doc.interviewsNote")));
    for i in &r.interviews {
        out.push(h2(format!("{}: {}", w.t("interviews.code"), i.pseudonym)));
        let mut facts = vec![(
            w.t("report.doc.interviewKind"),
            w.t(if i.group_interview { "interviews.group" } else { "interviews.individual" }),
        )];
        if let Some(language) = &i.interpreter {
            facts.push((w.t("report.doc.interpreter"), language.clone()));
        }
        if i.reprisal_risk {
            facts.push((w.t("interviews.reprisalRisk"), w.t("report.doc.reprisalCheck")));
        }
        out.push(Block::Facts(facts));
        out.extend(i.content.split("\n\n").map(|p| Block::Paragraph(p.trim().to_owned())));
    }
}
