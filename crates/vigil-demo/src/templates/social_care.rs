//! Social-care homes for older persons and persons with disabilities: de facto
//! deprivation of liberty, guardianship, restraint, and life in the community (CRPD).

use vigil_core::records::{Area, FacilityKind};

use super::{Draft, choice, measure, number, text, yes_no};

pub(super) fn draft() -> Draft {
    Draft::new(
        FacilityKind::SocialCareHome,
        "sc",
        "Social-care home",
        vec![
            (
                Area::Treatment,
                vec![
                    yes_no(
                        "restraint_used",
                        "Are residents tied to beds or chairs, or locked in their rooms?",
                        "CRPD art. 14-15",
                    ),
                    yes_no(
                        "chemical_restraint",
                        "Are sedatives used to manage behaviour without a medical indication?",
                        "CRPD art. 17",
                    ),
                    yes_no(
                        "abuse_reports",
                        "Did residents report neglect, abuse or humiliation by staff or other residents?",
                        "CRPD art. 16",
                    ),
                    text(
                        "crisis_handling",
                        "How are residents in crisis handled?",
                        &[
                            "A carer stays with the resident in a quiet room until the crisis passes.",
                            "Residents are locked in the 'isolation room' until calm, sometimes overnight.",
                            "The emergency doctor is called and gives an injection.",
                        ],
                        "CRPD art. 15",
                    ),
                    yes_no(
                        "pressure_sores",
                        "Are bedridden residents turned and cared for so as to prevent pressure sores?",
                        "CRPD art. 25",
                    ),
                ],
            ),
            (
                Area::ProtectionMeasures,
                vec![
                    choice(
                        "legal_capacity",
                        "Legal status of most residents",
                        &["Full legal capacity", "Partial guardianship", "Plenary guardianship"],
                        "CRPD art. 12",
                    ),
                    yes_no(
                        "placement_review",
                        "Is the placement periodically reviewed by an independent body?",
                        "CRPD art. 14",
                    ),
                    yes_no("free_to_leave", "Can residents leave the premises freely?", "CRPD art. 14, 19"),
                    yes_no(
                        "complaints",
                        "Is there an accessible complaints mechanism that residents know about?",
                        "CRPD art. 16(3)",
                    ),
                    yes_no(
                        "director_guardian",
                        "Is the director of the home also the guardian of residents?",
                        "CRPD art. 12(4)",
                    ),
                    yes_no("own_money", "Do residents control their own pension or allowance?", "CRPD art. 12(5)"),
                ],
            ),
            (
                Area::MaterialConditions,
                vec![
                    number(
                        "residents_per_room",
                        "Largest number of residents sharing one bedroom",
                        ("residents", 1, 12),
                        "CRPD art. 19, 28",
                    ),
                    measure("room_area", "Floor area of the inspected bedroom", ("m²", 9.0, 40.0), "CRPD art. 28"),
                    yes_no(
                        "accessibility",
                        "Are the premises accessible (ramps, grab rails, adapted toilets)?",
                        "CRPD art. 9",
                    ),
                    yes_no("privacy", "Do toilets and showers offer privacy?", "CRPD art. 22"),
                    choice("food", "Quality and quantity of food", &["Good", "Adequate", "Poor"], "CRPD art. 28"),
                    measure("temperature", "Temperature in the living rooms", ("°C", 15.0, 30.0), "CRPD art. 28"),
                ],
            ),
            (
                Area::RegimeActivities,
                vec![
                    number("outdoor_hours", "Hours a day residents spend outdoors", ("hours", 0, 6), "CRPD art. 19"),
                    yes_no(
                        "activities",
                        "Are there daily meaningful activities (occupational therapy, education, work)?",
                        "CRPD art. 30",
                    ),
                    yes_no(
                        "family_contact",
                        "Are residents supported in keeping contact with family and community?",
                        "CRPD art. 23",
                    ),
                    choice(
                        "community_plan",
                        "Individual plan for moving to community-based living",
                        &["In place and active", "On paper only", "None"],
                        "CRPD art. 19",
                    ),
                ],
            ),
            (
                Area::HealthCare,
                vec![
                    yes_no("gp_access", "Do residents see a general practitioner regularly?", "CRPD art. 25"),
                    yes_no(
                        "medication_records",
                        "Are medicines prescribed individually and every dose recorded?",
                        "CRPD art. 25",
                    ),
                    number("deaths_12m", "Deaths in the last 12 months", ("deaths", 0, 20), ""),
                    yes_no("dental", "Do residents have access to dental care?", "CRPD art. 25"),
                    text(
                        "mental_health",
                        "What psychological and psychiatric support is available?",
                        &[
                            "A psychiatrist visits once a month; no psychologist.",
                            "Psychologist on site three days a week; individual sessions on request.",
                            "None apart from emergency calls.",
                        ],
                        "CRPD art. 25",
                    ),
                ],
            ),
            (
                Area::Personnel,
                vec![
                    number("night_carers", "Carers on duty at night for the whole home", ("carers", 1, 8), ""),
                    number("residents_per_carer", "Residents per carer during the day", ("residents", 4, 30), ""),
                    yes_no(
                        "rights_training",
                        "Have carers been trained in the rights of persons with disabilities?",
                        "CRPD art. 4(1)(i)",
                    ),
                    choice(
                        "pay",
                        "Carers' pay compared with the regional average",
                        &["Above average", "About average", "Well below average"],
                        "",
                    ),
                ],
            ),
        ],
    )
}
