//! Checklist answers: a good part of the template's questions, each answered with a
//! value of the kind the question asks for, under the id every device derives for it.

use vigil_core::VisitStatus;
use vigil_core::ids::answer_id;
use vigil_core::records::{AnswerType, AnswerValue, Attachment, ChecklistAnswer, Visit, YesNoUnknown};

use super::Clock;
use super::findings::attachment;
use crate::rng::Gen;
use crate::templates::{Hint, Template};
use crate::texts::notes::ANSWER_NOTES;

/// The answers, and the photos that answer photo questions.
pub(crate) fn answers(
    g: &mut Gen,
    template: &Template,
    visit: &Visit,
    clock: &mut Clock,
) -> (Vec<ChecklistAnswer>, Vec<Attachment>) {
    // A visit under way has not reached every question yet.
    let coverage = if visit.status == VisitStatus::InProgress { g.real(0.4, 0.7) } else { g.real(0.75, 1.0) };
    let mut answers = Vec::new();
    let mut photos = Vec::new();
    for (_, question, hint) in template.questions() {
        if !g.chance(coverage) {
            continue;
        }
        let value = match (&question.answer, hint) {
            (AnswerType::YesNo, _) => AnswerValue::YesNo(g.weighted(&[
                (YesNoUnknown::Yes, 55),
                (YesNoUnknown::No, 35),
                (YesNoUnknown::Unknown, 10),
            ])),
            (AnswerType::Number { .. }, Hint::Range(lo, hi)) => AnswerValue::Number(g.int(lo as i64, hi as i64) as f64),
            (AnswerType::Number { .. }, _) => AnswerValue::Number(g.int(0, 10) as f64),
            (AnswerType::Measurement { unit }, Hint::Range(lo, hi)) => {
                AnswerValue::Measurement { value: g.real(lo, hi), unit: unit.clone() }
            }
            (AnswerType::Measurement { unit }, _) => {
                AnswerValue::Measurement { value: g.real(1.0, 10.0), unit: unit.clone() }
            }
            // Templates never have a choice without options (they validate), but skip one.
            (AnswerType::Choice { options }, _) if options.is_empty() => continue,
            (AnswerType::Choice { options }, _) => AnswerValue::Choice(g.pick(options).clone()),
            (AnswerType::Text, Hint::Samples(samples)) => AnswerValue::Text((*g.pick(samples)).to_owned()),
            (AnswerType::Text, _) => AnswerValue::Text("See the observations of this area.".to_owned()),
            (AnswerType::Photo, _) => {
                let photo = attachment(g, visit, clock, true);
                let value = AnswerValue::Photo(vec![photo.id]);
                photos.push(photo);
                value
            }
        };
        let note = if g.chance(0.2) { (*g.pick(ANSWER_NOTES)).to_owned() } else { String::new() };
        answers.push(ChecklistAnswer {
            id: answer_id(visit.id, &question.key),
            visit_id: visit.id,
            question_key: question.key.clone(),
            value,
            note,
        });
    }
    (answers, photos)
}
