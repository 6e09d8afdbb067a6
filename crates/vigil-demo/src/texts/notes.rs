//! Short texts: visit themes, answer notes, registers and what their checks found,
//! evidence of follow-up, review comments, attachment names.

use vigil_core::records::ImplementationStatus;

use crate::places::Setting;

pub(crate) const THEMES: &[&str] = &[
    "Use of restraint and seclusion",
    "Health care in the first 24 hours of detention",
    "Women deprived of liberty",
    "Solitary confinement and segregation",
    "Heat and ventilation in summer",
    "Contact with the outside world",
    "Prevention of suicide and self-harm",
    "Persons with disabilities in detention",
    "Access to a lawyer in the first hours of custody",
    "Education of children deprived of liberty",
];

pub(crate) const ANSWER_NOTES: &[&str] = &[
    "Checked against the register for the last 30 days.",
    "According to the deputy director; not verified.",
    "Confirmed in private interviews.",
    "Seen directly by the team.",
    "Differs from what staff said at the opening meeting.",
];

/// The registers checked in a kind of place.
pub(crate) fn registers(setting: Setting) -> &'static [&'static str] {
    match setting {
        Setting::Police | Setting::Migrant => &["Custody register", "Use-of-force register", "Medical register"],
        Setting::Prison | Setting::Youth => &["Disciplinary register", "Use-of-force register", "Medical register"],
        Setting::Care => &["Restraint register", "Medical register"],
    }
}

/// What a discrepancy in a register looks like.
pub(crate) fn discrepancy_note(register: &str) -> &'static str {
    match register {
        "Custody register" => {
            "Time of apprehension missing; only the arrival at the station is recorded. Some persons present were not yet entered."
        }
        "Use-of-force register" => "Injuries in the medical register with no matching use-of-force entry.",
        "Medical register" => "Injuries recorded without the person's account or the doctor's conclusion.",
        "Disciplinary register" => "Sanctions recorded without a hearing record or the person's signature.",
        _ => "Start of the measure recorded, but no end time: the duration cannot be established.",
    }
}

pub(crate) const REGISTER_CLEAN: &str = "Entries consistent with the persons present and with the duty log.";

pub(crate) fn evidence(status: ImplementationStatus) -> &'static [&'static str] {
    match status {
        ImplementationStatus::NotImplemented => &[
            "No change seen; the administration cites lack of budget.",
            "The practice continues: several cases in the register since the last visit.",
            "The authority accepted the recommendation but no instruction has been issued.",
        ],
        ImplementationStatus::PartiallyImplemented => &[
            "Works done in one wing only; the others are unchanged.",
            "Instruction issued but not applied on the night shift.",
            "Training held for half of the staff; the rest scheduled next year.",
        ],
        ImplementationStatus::Implemented => &[
            "Verified on site: the measure is in place and documented.",
            "New register introduced; complete for the sample checked.",
            "Confirmed in interviews and by the team's own observation.",
        ],
        ImplementationStatus::NoLongerApplicable => &[
            "The unit concerned has been closed.",
            "The wing was demolished and the persons held transferred.",
            "The legal basis for the practice was repealed.",
        ],
    }
}

pub(crate) const REVIEW_COMMENTS: &[&str] = &[
    "Please state how many persons were held in the cell at the time of the visit.",
    "Severity looks high for the evidence given; add the photos or lower it.",
    "Name the authority that holds the budget for this recommendation.",
    "Is this allegation corroborated by the medical register? Please say so.",
    "Check that no detail here could identify the person interviewed.",
    "Clear and well documented; fine for the provisional report.",
];

pub(crate) const REVIEW_REPLIES: &[&str] = &[
    "Done: numbers added from the custody register.",
    "Photos attached; we keep the severity.",
    "Corrected, thank you.",
    "Checked with the doctor on the team: consistent with the medical register.",
    "Removed the unit number so the person cannot be identified.",
];

pub(crate) const DOCUMENTS: &[&str] = &[
    "custody_register_extract.pdf",
    "medical_record_excerpt.pdf",
    "incident_report.pdf",
    "weekly_menu.pdf",
    "staff_roster.pdf",
    "house_rules.pdf",
];
