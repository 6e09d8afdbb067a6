//! Immigration detention: administrative, not criminal, detention; reasons and legal
//! remedies in a language understood, vulnerable persons, contact with the outside.

use vigil_core::records::{Area, FacilityKind};

use super::{Draft, choice, measure, number, photo, text, yes_no};

const CPT_1997: &str = "CPT/Inf(97)10, foreign nationals detained under aliens legislation";
const CPT_2017: &str = "CPT/Inf(2017)3, immigration detention factsheet";
const UNHCR: &str = "UNHCR Detention Guidelines (2012)";

pub(super) fn draft() -> Draft {
    Draft::new(
        FacilityKind::MigrantDetention,
        "mi",
        "Immigration detention",
        vec![
            (
                Area::Treatment,
                vec![
                    yes_no(
                        "allegations",
                        "Did detainees allege ill-treatment during apprehension, detention or removal attempts?",
                        CPT_1997,
                    ),
                    yes_no(
                        "children",
                        "Were children detained at the time of the visit?",
                        "UNHCR Detention Guidelines, Guideline 9.2",
                    ),
                    number(
                        "isolation",
                        "Detainees placed in isolation in the last three months",
                        ("detainees", 0, 20),
                        CPT_2017,
                    ),
                    text(
                        "removals",
                        "How are removals carried out (notice, escort, restraint)?",
                        &[
                            "Notice 48 hours ahead; escorts in plain clothes; no restraint as a rule.",
                            "Detainees are woken at night without notice and handcuffed for the transfer.",
                            "Removal flights monitored by the NPM; written notice in the person's language.",
                        ],
                        "CPT/Inf(2003)35, deportation by air",
                    ),
                    yes_no(
                        "self_harm",
                        "Were there hunger strikes or self-harm incidents in the last three months?",
                        CPT_2017,
                    ),
                ],
            ),
            (
                Area::ProtectionMeasures,
                vec![
                    yes_no(
                        "reasons_language",
                        "Are detainees told the reasons for detention in a language they understand?",
                        "UNHCR Detention Guidelines, Guideline 7",
                    ),
                    yes_no(
                        "legal_aid",
                        "Do detainees have free legal aid to challenge detention and removal?",
                        "UNHCR Detention Guidelines, Guideline 7",
                    ),
                    number(
                        "longest_detention",
                        "Longest period of detention found",
                        ("days", 10, 540),
                        "UNHCR Detention Guidelines, Guideline 6",
                    ),
                    yes_no("asylum_access", "Can detainees apply for asylum from detention?", UNHCR),
                    yes_no(
                        "consular",
                        "Are detainees told of their right to contact their consulate (unless they seek asylum)?",
                        "Vienna Convention on Consular Relations, art. 36",
                    ),
                    yes_no(
                        "vulnerability_screening",
                        "Is there a screening for vulnerability (victims of torture or trafficking, disabilities)?",
                        "UNHCR Detention Guidelines, Guideline 9",
                    ),
                ],
            ),
            (
                Area::MaterialConditions,
                vec![
                    measure("room_area", "Floor area of the inspected room", ("m²", 8.0, 45.0), CPT_2017),
                    number("persons_per_room", "Persons held in that room", ("persons", 1, 16), CPT_2017),
                    yes_no("carceral_design", "Is the centre built like a prison (cells, bars, razor wire)?", CPT_1997),
                    yes_no(
                        "family_units",
                        "Are families housed together and apart from single men?",
                        "UNHCR Detention Guidelines, Guideline 8",
                    ),
                    choice(
                        "sanitation",
                        "State of sanitary facilities",
                        &["Good", "Acceptable", "Poor", "Unacceptable"],
                        UNHCR,
                    ),
                    photo("room_photo", "Photograph of the inspected room", ""),
                ],
            ),
            (
                Area::RegimeActivities,
                vec![
                    number("outdoor_hours", "Hours a day of outdoor access", ("hours", 0, 8), CPT_1997),
                    yes_no("mobile_phones", "May detainees keep their mobile phones?", CPT_2017),
                    yes_no(
                        "free_calls",
                        "Are free calls or internet available to reach family, lawyers and NGOs?",
                        CPT_2017,
                    ),
                    yes_no("activities", "Are there recreational or educational activities?", CPT_1997),
                    choice(
                        "visits",
                        "Visits by family and NGOs",
                        &["Freely allowed", "Restricted", "Not allowed"],
                        UNHCR,
                    ),
                ],
            ),
            (
                Area::HealthCare,
                vec![
                    yes_no(
                        "arrival_screening",
                        "Is every detainee screened on arrival, including for signs of torture?",
                        "UNHCR Detention Guidelines, Guideline 8; Istanbul Protocol",
                    ),
                    yes_no(
                        "medical_interpreters",
                        "Are professional interpreters used for medical consultations?",
                        CPT_2017,
                    ),
                    yes_no("psychological_support", "Is psychological support available?", UNHCR),
                    number("doctor_hours", "Doctor's presence per week", ("hours", 0, 40), CPT_1997),
                ],
            ),
            (
                Area::Personnel,
                vec![
                    yes_no(
                        "specialised_staff",
                        "Are staff selected and trained for work with foreign nationals?",
                        CPT_1997,
                    ),
                    number(
                        "staff_languages",
                        "Foreign languages spoken by staff on duty",
                        ("languages", 0, 6),
                        CPT_2017,
                    ),
                    yes_no("weapons", "Do staff carry firearms or batons inside the living areas?", CPT_2017),
                    text(
                        "relations",
                        "How would you describe relations between staff and detainees?",
                        &[
                            "Distant but correct; communication mostly through gestures.",
                            "Tense after a recent protest; detainees say staff call them names.",
                            "Friendly; staff organise football matches and help with phone calls.",
                        ],
                        CPT_1997,
                    ),
                ],
            ),
        ],
    )
}
