//! Juvenile institutions: children deprived of liberty, separated from adults, with
//! education, family contact and no solitary confinement (Havana Rules, CRC art. 37).

use vigil_core::records::{Area, FacilityKind};

use super::{Draft, choice, measure, number, photo, text, yes_no};

pub(super) fn draft() -> Draft {
    Draft::new(
        FacilityKind::JuvenileInstitution,
        "ju",
        "Juvenile institution",
        vec![
            (
                Area::Treatment,
                vec![
                    yes_no(
                        "solitary",
                        "Is solitary confinement used as a disciplinary measure?",
                        "Havana Rules, r. 67",
                    ),
                    number(
                        "force_incidents",
                        "Incidents of use of force in the last six months",
                        ("incidents", 0, 25),
                        "Havana Rules, r. 63-64",
                    ),
                    yes_no(
                        "bullying",
                        "Did children report bullying, violence or extortion by other children?",
                        "CRC art. 19",
                    ),
                    yes_no("collective_punishment", "Are collective punishments imposed?", "Havana Rules, r. 67"),
                    text(
                        "crisis_handling",
                        "How is a child in crisis handled by staff?",
                        &[
                            "An educator talks the child down in a quiet room, door open.",
                            "The child is held down by guards and locked in the 'calming room'.",
                            "The psychologist is called; incidents are reviewed at the weekly team meeting.",
                        ],
                        "Havana Rules, r. 64",
                    ),
                ],
            ),
            (
                Area::ProtectionMeasures,
                vec![
                    yes_no(
                        "separation_adults",
                        "Are children held separately from adults?",
                        "Havana Rules, r. 29; CRC art. 37(c)",
                    ),
                    yes_no(
                        "rules_explained",
                        "Are the house rules and rights explained on admission in child-friendly language?",
                        "Havana Rules, r. 24-25",
                    ),
                    yes_no(
                        "parents_notified",
                        "Are parents notified of admission, transfer, illness or injury?",
                        "Havana Rules, r. 22, 56",
                    ),
                    yes_no(
                        "complaints",
                        "Can children complain confidentially to someone outside the institution?",
                        "Havana Rules, r. 75-78",
                    ),
                    choice(
                        "placement_review",
                        "How often is the placement reviewed?",
                        &["Every three months or more often", "Every six months", "Yearly", "Never"],
                        "CRC art. 25, 37(b)",
                    ),
                ],
            ),
            (
                Area::MaterialConditions,
                vec![
                    measure(
                        "bedroom_area",
                        "Floor area of the inspected bedroom",
                        ("m²", 8.0, 30.0),
                        "Havana Rules, r. 33",
                    ),
                    number(
                        "children_per_bedroom",
                        "Children sleeping in that bedroom",
                        ("children", 1, 10),
                        "Havana Rules, r. 33",
                    ),
                    yes_no(
                        "personal_items",
                        "May children keep personal belongings and wear their own clothes?",
                        "Havana Rules, r. 35-36",
                    ),
                    choice(
                        "food",
                        "Quality and quantity of food",
                        &["Good", "Adequate", "Poor"],
                        "Havana Rules, r. 37",
                    ),
                    photo("bedroom_photo", "Photograph of the inspected bedroom", "Havana Rules, r. 31-33"),
                ],
            ),
            (
                Area::RegimeActivities,
                vec![
                    number("school_hours", "Hours of school lessons per week", ("hours", 0, 30), "Havana Rules, r. 38"),
                    yes_no(
                        "neutral_certificates",
                        "Are school certificates issued without reference to the institution?",
                        "Havana Rules, r. 40",
                    ),
                    number("outdoor_hours", "Hours a day outdoors", ("hours", 0, 6), "Havana Rules, r. 47"),
                    choice(
                        "family_contact",
                        "Contact with family",
                        &["Weekly visits and calls", "Monthly visits", "Rarely"],
                        "Havana Rules, r. 59-61",
                    ),
                    yes_no("vocational", "Is vocational training offered?", "Havana Rules, r. 42"),
                ],
            ),
            (
                Area::HealthCare,
                vec![
                    yes_no("admission_exam", "Is every child medically examined on admission?", "Havana Rules, r. 50"),
                    yes_no(
                        "mental_health",
                        "Is there psychological support and a suicide prevention plan?",
                        "Havana Rules, r. 51-53",
                    ),
                    yes_no(
                        "substance_programme",
                        "Is there a programme for children with substance use problems?",
                        "Havana Rules, r. 54",
                    ),
                    yes_no("confidential_care", "Are medical consultations confidential?", "Havana Rules, r. 49"),
                ],
            ),
            (
                Area::Personnel,
                vec![
                    number(
                        "educators",
                        "Educators on duty during the day",
                        ("educators", 1, 20),
                        "Havana Rules, r. 81",
                    ),
                    yes_no(
                        "child_rights_training",
                        "Have staff been trained in child rights and de-escalation?",
                        "Havana Rules, r. 85",
                    ),
                    yes_no("women_staff", "Are there women staff to care for girls?", "Havana Rules, r. 81"),
                    yes_no("weapons", "Do staff carry weapons inside the institution?", "Havana Rules, r. 65"),
                    text(
                        "staff_attitude",
                        "How do children describe the staff?",
                        &[
                            "Most educators are kind; one night guard is feared.",
                            "Staff shout and use nicknames; children do not confide in them.",
                            "The football coach and the teacher are trusted adults.",
                        ],
                        "Havana Rules, r. 87",
                    ),
                ],
            ),
        ],
    )
}
