use vigil_core::records::Severity::*;

use super::{Finding, f};
use crate::places::Setting::*;

pub(super) const FINDINGS: &[Finding] = &[
    f(
        High,
        &[],
        "Only {n} staff are on duty at night for the whole facility; staff said they cannot respond to incidents.",
        "Increase night staffing so that staff are present in the living units and can respond promptly.",
    ),
    f(
        Medium,
        &[],
        "Staff have had no training on de-escalation or the use of force in the last three years.",
        "Provide initial and regular training on communication, de-escalation and the lawful use of force.",
    ),
    f(
        Medium,
        &[],
        "A quarter of posts are vacant and staff regularly work double shifts.",
        "Fill vacant posts and limit consecutive shifts; review pay and working conditions.",
    ),
    f(
        Low,
        &[Police, Prison, Migrant],
        "Staff do not wear name badges or numbers, which makes complaints against them difficult.",
        "Require all staff in contact with detained persons to wear visible identification.",
    ),
    f(
        Medium,
        &[Prison],
        "Women prisoners are supervised at night by men only.",
        "Ensure that women prisoners are supervised by women staff, in particular at night.",
    ),
    f(
        Medium,
        &[Care],
        "Carers are poorly paid and turnover is high; many have no qualification.",
        "Raise carers' pay and provide qualification and ongoing training.",
    ),
    f(
        GoodPractice,
        &[],
        "Staff are well trained and relations with the persons held are calm and respectful; a staff support scheme is in place.",
        "",
    ),
];
