use vigil_core::records::Severity::*;

use super::{Finding, f};
use crate::places::Setting::*;

pub(super) const FINDINGS: &[Finding] = &[
    f(
        High,
        &[Police],
        "The custody register does not match reality: {n} persons present at the time of the visit had not been recorded.",
        "Record every deprivation of liberty in the custody register at the moment of arrival, including the time of apprehension, and have the duty officer check it each shift.",
    ),
    f(
        High,
        &[Police],
        "Detained persons stated that they met a lawyer only at the court hearing, not during questioning.",
        "Guarantee access to a lawyer from the very outset of deprivation of liberty, including for persons questioned as witnesses.",
    ),
    f(
        Medium,
        &[Police, Migrant],
        "The letter of rights exists only in the official language; foreign nationals signed it without understanding it.",
        "Provide the letter of rights in the languages commonly spoken by detained persons and record that it was handed over.",
    ),
    f(
        High,
        &[Migrant],
        "Detainees had not been told the reasons for their detention in a language they understand, nor how to challenge it.",
        "Inform every detained foreign national, in writing and in a language they understand, of the reasons for detention and of the remedies against it.",
    ),
    f(
        Medium,
        &[],
        "The complaint box hangs in view of the guards' office and is opened by the deputy director.",
        "Place complaint boxes out of staff view and have them opened only by a body independent of the institution.",
    ),
    f(
        High,
        &[Care],
        "Court reviews of involuntary placement are a formality: hearings last a few minutes and the patient is not heard in person.",
        "Ensure that patients are heard in person by the judge and represented by an independent lawyer in placement reviews.",
    ),
    f(
        Medium,
        &[Care],
        "The director of the home is the legal guardian of {n} residents.",
        "End the conflict of interest: appoint guardians who are independent of the institution.",
    ),
    f(
        Medium,
        &[Youth],
        "Parents had not been told of a child's transfer to this institution until {d} days later.",
        "Notify parents or guardians without delay of any admission, transfer, illness or injury of a child.",
    ),
    f(
        Low,
        &[],
        "Information on rights is posted on the notice board in small print and is partly torn.",
        "Replace the notices with legible, accessible posters and leaflets on rights and complaints.",
    ),
    f(
        GoodPractice,
        &[],
        "Everyone admitted receives a leaflet on rights and complaints in one of twelve languages, with pictograms.",
        "",
    ),
    f(
        GoodPractice,
        &[Police, Prison],
        "Electronic custody records are complete and time-stamped automatically; entries cannot be altered without trace.",
        "",
    ),
];
