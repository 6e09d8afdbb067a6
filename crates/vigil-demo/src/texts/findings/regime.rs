use vigil_core::records::Severity::*;

use super::{Finding, f};
use crate::places::Setting::*;

pub(super) const FINDINGS: &[Finding] = &[
    f(
        High,
        &[Prison],
        "Remand prisoners spend 23 hours a day in their cells, with no activity.",
        "Offer remand prisoners at least eight hours a day out of cell in purposeful activities.",
    ),
    f(
        Medium,
        &[],
        "Outdoor exercise is one hour a day in a bare yard of about 20 m², without shelter.",
        "Provide at least one hour of outdoor exercise every day in a yard large enough to exert oneself, with shelter.",
    ),
    f(
        Medium,
        &[Prison],
        "All family visits take place behind glass partitions, by telephone handset.",
        "Make open visits the rule and use partitions only on an individual risk assessment.",
    ),
    f(
        Medium,
        &[Migrant],
        "Mobile phones are confiscated on arrival; calls are possible only at the detainee's own cost.",
        "Let detainees keep their mobile phones (cameras may be covered) and provide free calls to lawyers and NGOs.",
    ),
    f(
        Medium,
        &[Care],
        "Residents spend most of the day in bed or in front of the television; no occupational therapy is offered.",
        "Draw up individual activity plans, including occupational therapy and time outdoors.",
    ),
    f(
        High,
        &[Youth],
        "Children of compulsory school age receive only {n} hours of lessons a week.",
        "Provide full-time education following the national curriculum to every child of compulsory school age.",
    ),
    f(
        Low,
        &[Police],
        "Persons held longer than 24 hours are not offered outdoor exercise.",
        "Offer outdoor exercise every day to persons held longer than 24 hours.",
    ),
    f(GoodPractice, &[], "A well-stocked library with books in several languages and a daily newspaper.", ""),
    f(
        GoodPractice,
        &[Prison, Youth],
        "About two thirds of the population work or attend vocational courses, with certificates recognised outside.",
        "",
    ),
];
