use vigil_core::records::Severity::*;

use super::{Finding, f};
use crate::places::Setting::*;

pub(super) const FINDINGS: &[Finding] = &[
    f(
        High,
        &[Police],
        "Several detained persons independently alleged being slapped and kicked during questioning; two showed bruising consistent with their accounts.",
        "Remind all officers, in writing and through senior management, that ill-treatment of detained persons is prohibited and will be prosecuted; refer every allegation promptly to the prosecutor.",
    ),
    f(
        Urgent,
        &[Police],
        "A detained person was found handcuffed to a radiator in the corridor, reportedly for {h} hours.",
        "Stop immediately the practice of attaching detained persons to fixed objects and provide a secure waiting room.",
    ),
    f(
        Medium,
        &[Prison, Migrant],
        "Solitary confinement of up to {d} days is imposed as a disciplinary sanction, sometimes consecutively, beyond the 15-day limit.",
        "Limit solitary confinement to 15 consecutive days at most and prohibit consecutive sanctions.",
    ),
    f(
        Medium,
        &[Prison],
        "Full body searches are carried out routinely on every return from court, in view of other prisoners.",
        "Carry out full body searches only on an individual risk assessment, in private and by staff of the same sex.",
    ),
    f(
        High,
        &[Prison],
        "An informal hierarchy among prisoners: those of 'low status' are made to clean toilets and are segregated at meals; staff tolerate it.",
        "Adopt a strategy against inter-prisoner violence and informal hierarchies, with staff present in the living units and a protected accommodation option.",
    ),
    f(
        Urgent,
        &[Care],
        "Two residents were found tied to their beds with bandages; no record of the measure was kept.",
        "End the use of improvised means of restraint; any restraint must be ordered by a doctor, recorded and continuously supervised.",
    ),
    f(
        High,
        &[Care],
        "Patients are restrained in the dormitory, in view of other patients, for up to {h} hours.",
        "Apply restraint only as a last resort, in a dedicated room out of view of other patients, for the shortest possible time.",
    ),
    f(
        Medium,
        &[Care],
        "Residents reported that orderlies shout at them and threaten them with injections.",
        "Train care staff in respectful communication, investigate the allegations and take disciplinary action where warranted.",
    ),
    f(
        High,
        &[Youth],
        "Children described being placed in an isolation room to 'calm down' for up to {d} days.",
        "Abolish solitary confinement of children as a disciplinary measure.",
    ),
    f(
        Medium,
        &[Youth, Prison],
        "Collective punishments, such as cancelling visits for a whole unit, are imposed after incidents.",
        "Stop collective punishments: sanctions must be individual and imposed after a fair procedure.",
    ),
    f(
        Low,
        &[],
        "The use-of-force register does not always record who authorised the measure.",
        "Record for each use of force who authorised it, its duration and any injuries.",
    ),
    f(
        GoodPractice,
        &[],
        "No allegations of ill-treatment by staff were received; persons held described staff as correct and respectful.",
        "",
    ),
    f(
        GoodPractice,
        &[Police, Prison],
        "Body-worn cameras are used in every intervention and the footage is kept for 30 days.",
        "",
    ),
];
