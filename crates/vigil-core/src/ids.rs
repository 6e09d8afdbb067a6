//! Record ids. Every record id is a UUIDv7 made on the device, so creates made offline on
//! many devices never collide, and ids sort roughly by creation time.

use uuid::Uuid;

/// A fresh, time-ordered record id.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// The id of the answer to one checklist question on one visit.
///
/// Answers (and visit members, below) are derived, not random: two inspectors answering
/// the same question on their own devices must meet on one record, so that their answers
/// merge field by field (and a real disagreement shows as a conflict) instead of becoming
/// two answers to one question.
pub fn answer_id(visit_id: Uuid, question_key: &str) -> Uuid {
    Uuid::new_v5(&visit_id, question_key.as_bytes())
}

/// The id of one person's place on one visit's team: two devices adding the same colleague
/// meet on one record (and merge the areas they cover) instead of listing them twice.
pub fn member_id(visit_id: Uuid, user_id: Uuid) -> Uuid {
    Uuid::new_v5(&visit_id, user_id.as_bytes())
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

    #[test]
    fn member_id_is_stable_per_visit_and_person() {
        let (visit, person) = (new_id(), new_id());
        assert_eq!(member_id(visit, person), member_id(visit, person));
        assert_ne!(member_id(visit, person), member_id(visit, new_id()));
        assert_ne!(member_id(visit, person), member_id(new_id(), person));
    }
}
