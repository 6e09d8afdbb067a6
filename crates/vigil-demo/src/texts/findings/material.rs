use vigil_core::records::Severity::*;

use super::{Finding, f};
use crate::places::Setting::*;

pub(super) const FINDINGS: &[Finding] = &[
    f(
        High,
        &[Prison],
        "Overcrowding: a cell built for four held {n} prisoners, less than 4 m² each; some slept on the floor.",
        "Reduce occupancy to at least 4 m² of living space per prisoner in shared cells, toilet excluded, and a bed for everyone.",
    ),
    f(
        Medium,
        &[Prison, Police],
        "In-cell toilets are not partitioned; persons use the toilet in full view of others.",
        "Fully partition the toilets in all shared cells.",
    ),
    f(
        Medium,
        &[Police],
        "Cells have no access to natural light and the artificial lighting is dim.",
        "Provide access to natural light and adequate artificial lighting in all cells.",
    ),
    f(
        Medium,
        &[],
        "The temperature in the living areas reached {t} °C on the day of the visit; there is no ventilation.",
        "Install ventilation or cooling in the living areas and provide drinking water freely in hot weather.",
    ),
    f(
        High,
        &[],
        "Mould, damp walls and broken windows in several rooms; the heating did not work last winter.",
        "Repair the windows and the heating system and treat the damp before the next winter.",
    ),
    f(
        Medium,
        &[Police],
        "Persons held overnight are not given mattresses or blankets.",
        "Provide a clean mattress and blankets to everyone held overnight.",
    ),
    f(
        Medium,
        &[Care, Youth],
        "Bedrooms for up to {n} persons, with no personal space or lockable storage.",
        "Reduce the number of persons per bedroom and provide lockable personal storage.",
    ),
    f(
        Medium,
        &[Migrant],
        "The centre has a carceral design (cells with bars, razor wire) unsuited to administrative detention.",
        "Adapt the premises to administrative detention: open living units, family rooms and free movement inside the centre.",
    ),
    f(
        Low,
        &[],
        "Food portions are adequate but the menu rarely varies and special diets are not always provided.",
        "Vary the menu and provide medical and religious diets.",
    ),
    f(
        GoodPractice,
        &[],
        "Living areas are clean, well lit and recently renovated; residents helped choose the furniture.",
        "",
    ),
];
