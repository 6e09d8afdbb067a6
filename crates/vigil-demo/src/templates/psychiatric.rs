//! Psychiatric hospitals: involuntary placement and its review, consent to treatment,
//! restraint and seclusion and their registers (MI Principles, CPT standards).

use vigil_core::records::{Area, FacilityKind};

use super::{Draft, choice, measure, number, photo, text, yes_no};

const RESTRAINT: &str = "CPT/Inf(2017)6, means of restraint in psychiatry";
const CPT_1998: &str = "CPT/Inf(98)12, involuntary placement in psychiatric establishments";

pub(super) fn draft() -> Draft {
    Draft::new(
        FacilityKind::PsychiatricHospital,
        "ps",
        "Psychiatric hospital",
        vec![
            (
                Area::Treatment,
                vec![
                    number(
                        "restraint_episodes",
                        "Episodes of mechanical restraint in the last three months",
                        ("episodes", 0, 60),
                        RESTRAINT,
                    ),
                    number(
                        "longest_restraint",
                        "Longest restraint episode found in the register",
                        ("hours", 0, 72),
                        RESTRAINT,
                    ),
                    yes_no(
                        "continuous_supervision",
                        "Is every restrained patient under continuous, direct supervision by a member of staff?",
                        RESTRAINT,
                    ),
                    yes_no("restraint_in_view", "Are patients restrained in view of other patients?", RESTRAINT),
                    choice(
                        "seclusion_room",
                        "Condition of the seclusion room",
                        &["Safe and clean, with call bell", "Bare, without call bell", "No seclusion room"],
                        RESTRAINT,
                    ),
                    yes_no(
                        "staff_violence",
                        "Did patients report being hit, threatened or insulted by staff?",
                        "CRPD art. 15-16",
                    ),
                ],
            ),
            (
                Area::ProtectionMeasures,
                vec![
                    yes_no(
                        "placement_review",
                        "Was every involuntary placement reviewed by a court within the time limit set by law?",
                        "MI Principles, pr. 16-17",
                    ),
                    number(
                        "involuntary_share",
                        "Share of patients held involuntarily",
                        ("%", 5, 90),
                        "MI Principles, pr. 16",
                    ),
                    yes_no(
                        "consent_recorded",
                        "Is free and informed consent to treatment sought and recorded?",
                        "MI Principles, pr. 11",
                    ),
                    yes_no(
                        "restraint_register",
                        "Is there a restraint and seclusion register (start, end, reason, ordering doctor)?",
                        RESTRAINT,
                    ),
                    yes_no(
                        "rights_info",
                        "Are patients and their representatives informed in writing of their rights and how to appeal?",
                        "MI Principles, pr. 12",
                    ),
                    choice(
                        "complaints",
                        "Complaints procedure",
                        &["Independent and known to patients", "Internal only", "None"],
                        "MI Principles, pr. 21",
                    ),
                    yes_no(
                        "de_facto_detention",
                        "Were 'voluntary' patients found who are not in fact free to leave?",
                        CPT_1998,
                    ),
                ],
            ),
            (
                Area::MaterialConditions,
                vec![
                    number("beds_per_room", "Largest number of beds found in one dormitory", ("beds", 2, 20), CPT_1998),
                    measure(
                        "space_per_patient",
                        "Living space per patient in the inspected dormitory",
                        ("m²", 2.5, 9.0),
                        CPT_1998,
                    ),
                    yes_no(
                        "lockers",
                        "Do patients have a lockable space for their belongings?",
                        "MI Principles, pr. 13",
                    ),
                    yes_no("own_clothes", "May patients wear their own clothes during the day?", CPT_1998),
                    choice(
                        "sanitation",
                        "State of sanitary facilities",
                        &["Good", "Acceptable", "Poor", "Unacceptable"],
                        "MI Principles, pr. 13",
                    ),
                    photo("dormitory_photo", "Photograph of the inspected dormitory", ""),
                ],
            ),
            (
                Area::RegimeActivities,
                vec![
                    number("outdoor_hours", "Hours of daily outdoor access", ("hours", 0, 6), CPT_1998),
                    yes_no(
                        "treatment_plans",
                        "Do patients have individual treatment plans with psychosocial and occupational activities?",
                        "MI Principles, pr. 9",
                    ),
                    yes_no(
                        "visits_phone",
                        "Can patients receive visits and make phone calls freely?",
                        "MI Principles, pr. 13",
                    ),
                    text(
                        "daily_life",
                        "Describe a typical day on the ward",
                        &[
                            "Patients stay in the corridor or dormitory all day; TV in the common room.",
                            "Morning group therapy, afternoon workshop and garden; evening free time.",
                            "Meals and medication rounds only; no organised activity.",
                        ],
                        CPT_1998,
                    ),
                ],
            ),
            (
                Area::HealthCare,
                vec![
                    yes_no(
                        "medication_review",
                        "Are prescriptions reviewed regularly, and is every 'as needed' dose recorded?",
                        "MI Principles, pr. 10",
                    ),
                    yes_no(
                        "somatic_care",
                        "Do patients have access to general (somatic) health care?",
                        "MI Principles, pr. 8",
                    ),
                    yes_no(
                        "ect_consent",
                        "Is electroconvulsive therapy given only under anaesthesia and with consent?",
                        CPT_1998,
                    ),
                    number("deaths_12m", "Deaths in the last 12 months", ("deaths", 0, 8), ""),
                    yes_no(
                        "injury_record",
                        "Are injuries to patients recorded and investigated?",
                        "MI Principles, pr. 11(11)",
                    ),
                ],
            ),
            (
                Area::Personnel,
                vec![
                    number(
                        "psychiatrists",
                        "Psychiatrists (full-time equivalent) for the hospital",
                        ("FTE", 1, 15),
                        "MI Principles, pr. 14",
                    ),
                    number("night_nurses", "Nurses on duty at night per ward", ("nurses", 0, 4), CPT_1998),
                    yes_no(
                        "restraint_training",
                        "Have staff been trained in de-escalation and the safe use of restraint?",
                        RESTRAINT,
                    ),
                    choice(
                        "agitated_patients",
                        "Who mainly handles agitated patients?",
                        &["Nurses trained in de-escalation", "Untrained orderlies", "Security guards"],
                        CPT_1998,
                    ),
                ],
            ),
        ],
    )
}
