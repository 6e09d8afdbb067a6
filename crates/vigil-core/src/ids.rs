//! Record ids. Every record id is a UUIDv7 made on the device, so creates made offline on
//! many devices never collide, and ids sort roughly by creation time.

use uuid::Uuid;

/// A fresh, time-ordered record id.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// The id of the answer to one checklist question on one visit.
///
/// Answers are the one record whose id is derived, not random: two inspectors answering
/// the same question on their own devices must meet on one record, so that their answers
/// merge field by field (and a real disagreement shows as a conflict) instead of becoming
/// two answers to one question.
pub fn answer_id(visit_id: Uuid, question_key: &str) -> Uuid {
    Uuid::new_v5(&visit_id, question_key.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_are_v7_and_increase() {
        let a = new_id();
        let b = new_id();
        assert_eq!(a.get_version_num(), 7);
        assert!(b > a);
    }

    #[test]
    fn answer_id_is_stable_per_visit_and_question() {
        let visit = new_id();
        assert_eq!(answer_id(visit, "q1"), answer_id(visit, "q1"));
        assert_ne!(answer_id(visit, "q1"), answer_id(visit, "q2"));
        assert_ne!(answer_id(visit, "q1"), answer_id(new_id(), "q1"));
    }
}
