//! Police custody (also temporary holding and court cells): the first hours of
//! deprivation of liberty, when the risk of ill-treatment is highest, and the three
//! fundamental safeguards (lawyer, doctor, notification of custody).

use vigil_core::records::{Area, FacilityKind};

use super::{Draft, choice, measure, number, text, yes_no};

const CPT_1992: &str = "CPT/Inf(92)3, police custody";
const CPT_2002: &str = "CPT/Inf(2002)15, police custody safeguards";
const BODY: &str = "UN Body of Principles on Detention (1988)";

pub(super) fn draft() -> Draft {
    Draft::new(
        FacilityKind::PoliceCustody,
        "pc",
        "Police custody",
        vec![
            (
                Area::Treatment,
                vec![
                    yes_no(
                        "allegations",
                        "Did detained persons allege ill-treatment during apprehension or questioning?",
                        CPT_2002,
                    ),
                    yes_no(
                        "fixed_objects",
                        "Were persons found handcuffed or attached to fixed objects while waiting?",
                        CPT_2002,
                    ),
                    yes_no(
                        "interview_rules",
                        "Are there written rules on the conduct of interviews (duration, breaks, persons present)?",
                        "CPT/Inf(92)3, §39",
                    ),
                    choice(
                        "interview_recording",
                        "Are police interviews audio- or video-recorded?",
                        &["Always", "Sometimes", "Never"],
                        CPT_2002,
                    ),
                    number(
                        "overnight_offices",
                        "Persons held overnight in offices or interview rooms in the last month",
                        ("persons", 0, 4),
                        CPT_1992,
                    ),
                ],
            ),
            (
                Area::ProtectionMeasures,
                vec![
                    yes_no(
                        "rights_info",
                        "Was the detained person informed of their rights at the outset of custody?",
                        CPT_2002,
                    ),
                    yes_no(
                        "custody_register",
                        "Is every deprivation of liberty recorded in the custody register with time of arrival and release?",
                        "UN Body of Principles, pr. 12",
                    ),
                    choice(
                        "lawyer_access",
                        "Access to a lawyer from the very outset?",
                        &["From the outset", "After the first interview", "Only before the court", "Not in practice"],
                        CPT_2002,
                    ),
                    yes_no(
                        "notification",
                        "Can the detained person have a relative or third party notified of the custody?",
                        "CPT/Inf(92)3, §36",
                    ),
                    number(
                        "hours_to_judge",
                        "Longest time found between apprehension and appearance before a judge",
                        ("hours", 8, 96),
                        "ICCPR art. 9(3); HRC General Comment 35, §33",
                    ),
                    yes_no(
                        "rights_languages",
                        "Is the letter of rights available in the languages commonly spoken by detained persons?",
                        "UN Body of Principles, pr. 14",
                    ),
                ],
            ),
            (
                Area::MaterialConditions,
                vec![
                    measure(
                        "cell_area",
                        "Floor area of the inspected single-occupancy cell",
                        ("m²", 3.5, 9.5),
                        "CPT/Inf(92)3, §43",
                    ),
                    yes_no("natural_light", "Do cells have access to natural light?", CPT_1992),
                    yes_no("mattress", "Are persons held overnight given a clean mattress and blankets?", CPT_1992),
                    yes_no(
                        "food_water",
                        "Are food at normal meal times and drinking water at all times provided?",
                        CPT_1992,
                    ),
                    choice(
                        "toilet_access",
                        "Access to a toilet",
                        &[
                            "In-cell, partitioned",
                            "On request, without delay",
                            "On request, with delays",
                            "Bucket or none",
                        ],
                        CPT_1992,
                    ),
                    measure("temperature", "Temperature measured in the cells", ("°C", 11.0, 32.0), CPT_1992),
                ],
            ),
            (
                Area::RegimeActivities,
                vec![
                    number(
                        "longest_stay",
                        "Longest stay found in the custody register for the last three months",
                        ("hours", 3, 96),
                        CPT_2002,
                    ),
                    yes_no(
                        "outdoor_24h",
                        "Are persons held longer than 24 hours offered outdoor exercise every day?",
                        CPT_2002,
                    ),
                    yes_no("phone", "Can detained persons make a phone call to their family?", BODY),
                    yes_no("reading", "Is reading material available in the cells?", CPT_1992),
                ],
            ),
            (
                Area::HealthCare,
                vec![
                    choice(
                        "doctor_access",
                        "Access to a doctor, including one of the person's own choice",
                        &["On request, without delay", "Only through the investigator", "Not in practice"],
                        "CPT/Inf(92)3, §36",
                    ),
                    yes_no(
                        "exam_privacy",
                        "Are medical examinations carried out out of the hearing and sight of police officers?",
                        CPT_2002,
                    ),
                    yes_no(
                        "injury_record",
                        "Are injuries visible on arrival recorded and reported to the prosecutor?",
                        "Istanbul Protocol (2022)",
                    ),
                    yes_no(
                        "medication",
                        "Can detained persons take the medication prescribed to them?",
                        "UN Body of Principles, pr. 24",
                    ),
                    yes_no("first_aid", "Is there a first-aid kit and an officer trained to use it?", ""),
                ],
            ),
            (
                Area::Personnel,
                vec![
                    number("custody_officers", "Officers assigned to custody duty per shift", ("officers", 1, 8), ""),
                    yes_no(
                        "interview_training",
                        "Have officers been trained in non-coercive interviewing and the rights of detained persons?",
                        "Méndez Principles on Effective Interviewing (2021)",
                    ),
                    yes_no("female_officer", "Is a female officer available to search women?", "Bangkok Rules, r. 19"),
                    text(
                        "conduct",
                        "How did officers address and treat detained persons during the visit?",
                        &[
                            "Correct and calm; officers used first names and explained procedures.",
                            "Officers addressed detained persons informally and mockingly.",
                            "Tense atmosphere; a detained person was shouted at in front of the team.",
                        ],
                        "Code of Conduct for Law Enforcement Officials (1979), art. 2",
                    ),
                    yes_no(
                        "force_rules",
                        "Do officers know the rules on the use of force and on reporting it?",
                        "Basic Principles on the Use of Force and Firearms (1990), pr. 18-20",
                    ),
                ],
            ),
        ],
    )
}
