//! Prisons (also pre-trial and military detention): long stays, so living space, regime
//! and health care weigh as much as treatment (Nelson Mandela Rules).

use vigil_core::records::{Area, FacilityKind};

use super::{Draft, choice, measure, number, photo, text, yes_no};

pub(super) fn draft() -> Draft {
    Draft::new(
        FacilityKind::Prison,
        "pr",
        "Prison",
        vec![
            (
                Area::Treatment,
                vec![
                    yes_no(
                        "allegations",
                        "Did prisoners allege physical ill-treatment by staff in the last 12 months?",
                        "Nelson Mandela Rules, r. 1",
                    ),
                    number(
                        "solitary_over_15",
                        "Prisoners held in solitary confinement for more than 15 consecutive days",
                        ("prisoners", 0, 6),
                        "Nelson Mandela Rules, r. 43-44",
                    ),
                    choice(
                        "force_recording",
                        "How is each use of force recorded?",
                        &["Separate use-of-force register", "Only in the duty log", "Not recorded"],
                        "Nelson Mandela Rules, r. 82",
                    ),
                    yes_no(
                        "inter_prisoner",
                        "Are there effective measures against inter-prisoner violence and informal hierarchies?",
                        "CPT/Inf(2001)16, §27",
                    ),
                    text(
                        "searches",
                        "How are full body searches carried out (where, by whom, how often)?",
                        &[
                            "On admission and after visits, in a separate room, by two officers of the same sex.",
                            "Routinely after every court hearing, in the corridor in view of other prisoners.",
                            "Only on an individual risk assessment, recorded in the search log.",
                        ],
                        "Nelson Mandela Rules, r. 50-52",
                    ),
                    yes_no(
                        "restraint_punishment",
                        "Are instruments of restraint ever used as a punishment?",
                        "Nelson Mandela Rules, r. 47",
                    ),
                ],
            ),
            (
                Area::ProtectionMeasures,
                vec![
                    yes_no(
                        "admission_register",
                        "Does the register record identity, legal grounds and times of admission and release of every prisoner?",
                        "Nelson Mandela Rules, r. 7",
                    ),
                    yes_no(
                        "rights_info",
                        "Do prisoners receive written information on rules, rights and complaints on admission, in a language they understand?",
                        "Nelson Mandela Rules, r. 54-55",
                    ),
                    choice(
                        "complaints",
                        "Can prisoners lodge confidential complaints with an outside body?",
                        &["Yes, by sealed letter or box opened from outside", "Only through staff", "No"],
                        "Nelson Mandela Rules, r. 56-57",
                    ),
                    number(
                        "sanctions_12m",
                        "Disciplinary sanctions imposed in the last 12 months",
                        ("sanctions", 5, 240),
                        "Nelson Mandela Rules, r. 39",
                    ),
                    yes_no(
                        "lawyer_private",
                        "Can prisoners meet their lawyer in private, out of hearing of staff?",
                        "Nelson Mandela Rules, r. 61",
                    ),
                    yes_no(
                        "family_notified",
                        "Is the family notified of admission and of every transfer?",
                        "Nelson Mandela Rules, r. 68",
                    ),
                ],
            ),
            (
                Area::MaterialConditions,
                vec![
                    measure(
                        "cell_area",
                        "Floor area of the inspected multiple-occupancy cell, without the toilet",
                        ("m²", 6.0, 28.0),
                        "CPT/Inf(2015)44, living space per prisoner",
                    ),
                    number(
                        "cell_occupants",
                        "Prisoners held in that cell on the day of the visit",
                        ("prisoners", 1, 12),
                        "Nelson Mandela Rules, r. 12-13",
                    ),
                    choice(
                        "toilet",
                        "Is the toilet in the cell partitioned?",
                        &["Fully partitioned", "Partially screened", "Not partitioned", "No in-cell toilet"],
                        "Nelson Mandela Rules, r. 15",
                    ),
                    choice(
                        "natural_light",
                        "Access to natural light and fresh air in cells",
                        &["Adequate", "Limited by shutters or small windows", "None"],
                        "Nelson Mandela Rules, r. 14",
                    ),
                    measure(
                        "temperature",
                        "Temperature measured in the cell",
                        ("°C", 12.0, 33.0),
                        "Nelson Mandela Rules, r. 13",
                    ),
                    yes_no(
                        "bedding",
                        "Does every prisoner have their own bed and clean bedding?",
                        "Nelson Mandela Rules, r. 21",
                    ),
                ],
            ),
            (
                Area::RegimeActivities,
                vec![
                    number(
                        "outdoor_hours",
                        "Hours per day outdoors for prisoners on the standard regime",
                        ("hours", 0, 4),
                        "Nelson Mandela Rules, r. 23",
                    ),
                    number(
                        "out_of_cell",
                        "Hours per day out of cell in purposeful activity",
                        ("hours", 0, 10),
                        "CPT/Inf(92)3, §47",
                    ),
                    number(
                        "work_education",
                        "Share of prisoners in paid work or education",
                        ("%", 0, 70),
                        "Nelson Mandela Rules, r. 96, 104",
                    ),
                    choice(
                        "family_visits",
                        "Frequency of family visits allowed",
                        &["Weekly or more", "Twice a month", "Monthly", "Less than monthly"],
                        "Nelson Mandela Rules, r. 58",
                    ),
                    yes_no("phone", "Can prisoners phone their family at least weekly?", "Nelson Mandela Rules, r. 58"),
                    photo("yard_photo", "Photograph of the exercise yard", "Nelson Mandela Rules, r. 23"),
                ],
            ),
            (
                Area::HealthCare,
                vec![
                    yes_no(
                        "admission_exam",
                        "Is every new prisoner medically examined within 24 hours of admission?",
                        "Nelson Mandela Rules, r. 30",
                    ),
                    yes_no(
                        "injury_documentation",
                        "Are injuries recorded with the prisoner's account and the doctor's conclusion, and reported?",
                        "Nelson Mandela Rules, r. 34; Istanbul Protocol",
                    ),
                    number(
                        "doctors",
                        "Doctors (full-time equivalent) for the prison",
                        ("FTE", 0, 6),
                        "Nelson Mandela Rules, r. 25",
                    ),
                    choice(
                        "exam_privacy",
                        "Are medical examinations conducted out of the hearing and sight of custodial staff?",
                        &["Always", "Sometimes", "Never"],
                        "Nelson Mandela Rules, r. 31-32",
                    ),
                    text(
                        "suicide_prevention",
                        "How are prisoners at risk of suicide or self-harm identified and cared for?",
                        &[
                            "Screening on admission by a nurse; a psychologist sees those flagged within 48 hours.",
                            "No procedure; at-risk prisoners are placed in a bare observation cell.",
                            "Peer-support prisoners trained by an NGO; weekly multidisciplinary meeting.",
                        ],
                        "Nelson Mandela Rules, r. 30(c)",
                    ),
                ],
            ),
            (
                Area::Personnel,
                vec![
                    number(
                        "night_staff",
                        "Custodial staff on duty during the night shift",
                        ("staff", 2, 30),
                        "Nelson Mandela Rules, r. 74",
                    ),
                    yes_no(
                        "training_force",
                        "Have staff been trained in de-escalation and the use of force in the last two years?",
                        "Nelson Mandela Rules, r. 75-76",
                    ),
                    choice(
                        "vacancies",
                        "Vacancy rate in custodial posts",
                        &["Under 10%", "10-25%", "Over 25%"],
                        "Nelson Mandela Rules, r. 74",
                    ),
                    yes_no(
                        "women_staff",
                        "Are women prisoners supervised by women staff only?",
                        "Nelson Mandela Rules, r. 81",
                    ),
                    text(
                        "staff_concerns",
                        "Main concerns raised by staff in interviews",
                        &[
                            "Low pay, double shifts and no psychological support after incidents.",
                            "Lack of training on managing prisoners with mental disorders.",
                            "Staff feel unsafe in the units at night because of understaffing.",
                        ],
                        "Nelson Mandela Rules, r. 74",
                    ),
                ],
            ),
        ],
    )
}
