use vigil_core::records::Severity::*;

use super::{Finding, f};
use crate::places::Setting::*;

pub(super) const FINDINGS: &[Finding] = &[
    f(
        High,
        &[],
        "Medical screening on arrival is not systematic: {n} of the last 20 admissions had no record of an examination.",
        "Have every new arrival examined within 24 hours by a doctor or qualified nurse, including a check for injuries.",
    ),
    f(
        High,
        &[Prison, Police],
        "Injuries are recorded without the person's account or the doctor's conclusion, and are not reported to the prosecutor.",
        "Record injuries with the person's account and the doctor's conclusion on their consistency, and report them to the prosecutor (Istanbul Protocol).",
    ),
    f(
        Medium,
        &[],
        "Medical examinations take place in the presence of custodial staff.",
        "Carry out medical examinations out of the hearing and, unless the doctor asks otherwise, out of the sight of custodial staff.",
    ),
    f(
        Medium,
        &[Prison, Migrant, Care],
        "Interruptions in the supply of prescribed medicines (insulin, antiretrovirals) were reported.",
        "Ensure a continuous supply of prescribed medication.",
    ),
    f(
        Urgent,
        &[Care],
        "Electroconvulsive therapy is given in unmodified form, without anaesthesia.",
        "Stop unmodified electroconvulsive therapy at once; give it only under anaesthesia and with free and informed consent.",
    ),
    f(
        High,
        &[Care],
        "{n} bedridden residents have pressure sores; there is no prevention plan.",
        "Introduce a pressure-sore prevention plan, with turning schedules, suitable mattresses and nursing records.",
    ),
    f(
        Medium,
        &[Migrant],
        "Medical consultations rely on other detainees acting as interpreters.",
        "Use professional interpreters, in person or by telephone, for medical consultations.",
    ),
    f(
        High,
        &[Youth, Prison],
        "No psychologist has been employed for over a year; {n} cases of self-harm were recorded.",
        "Fill the psychologist posts and adopt a suicide and self-harm prevention programme.",
    ),
    f(
        GoodPractice,
        &[],
        "The medical unit is well equipped, a doctor is present every day and records are kept confidential.",
        "",
    ),
];
