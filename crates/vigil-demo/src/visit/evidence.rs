//! Private interviews under pseudonymous codes, and register checks.

use uuid::Uuid;
use vigil_core::records::{FacilityKind, Interview, RegisterCheck};

use super::Clock;
use crate::places::{Setting, setting};
use crate::rng::Gen;
use crate::texts::{interviews, notes};

/// Letters and digits that cannot be misread for one another on a phone screen.
const CODE_CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A code like `K7-4QX2`: never a name, so it can be written down safely.
fn pseudonym(g: &mut Gen) -> String {
    let mut code = String::with_capacity(7);
    for i in 0..7 {
        if i == 2 {
            code.push('-');
        } else {
            code.push(char::from(*g.pick(CODE_CHARS)));
        }
    }
    code
}

/// Two to six interviews; consent recorded (quoting and referral only with consent to
/// use); some flagged for risk of reprisals.
pub(crate) fn interviews(g: &mut Gen, visit_id: Uuid, kind: FacilityKind, clock: &mut Clock) -> Vec<Interview> {
    let place = setting(kind);
    let mut codes: Vec<String> = Vec::new();
    (0..g.int(2, 6))
        .map(|_| {
            let mut code = pseudonym(g);
            while codes.contains(&code) {
                code = pseudonym(g);
            }
            codes.push(code.clone());
            let group = g.chance(0.15);
            let account = *g.pick(interviews::accounts(place));
            let content = if group {
                format!("Group interview with {} persons. {account}", g.int(3, 8))
            } else {
                account.to_owned()
            };
            let consent_to_use = g.chance(0.9);
            let interpreted = if place == Setting::Migrant { 0.7 } else { 0.08 };
            Interview {
                id: clock.id(g),
                visit_id,
                pseudonym: code,
                group_interview: group,
                consent_to_use,
                consent_to_quote: consent_to_use && g.chance(0.4),
                consent_to_refer: consent_to_use && g.chance(0.3),
                interpreter: g.chance(interpreted).then(|| (*g.pick(interviews::languages(place))).to_owned()),
                reprisal_risk: g.chance(0.12),
                content,
            }
        })
        .collect()
}

/// One or more of the place's registers, sampled; most match reality, some do not.
pub(crate) fn register_checks(
    g: &mut Gen,
    visit_id: Uuid,
    kind: FacilityKind,
    clock: &mut Clock,
) -> Vec<RegisterCheck> {
    let mut registers = notes::registers(setting(kind)).to_vec();
    g.shuffle(&mut registers);
    let count = g.int(1, registers.len() as i64) as usize;
    registers
        .into_iter()
        .take(count)
        .map(|register| {
            let sample_size = g.int(10, 40);
            let discrepancies = match g.int(1, 20) {
                1..=11 => 0,
                12..=18 => g.int(1, 3),
                _ => g.int(4, sample_size / 3),
            };
            let notes = if discrepancies == 0 { notes::REGISTER_CLEAN } else { notes::discrepancy_note(register) };
            RegisterCheck {
                id: clock.id(g),
                visit_id,
                register: register.to_owned(),
                sample_size,
                discrepancies,
                notes: notes.to_owned(),
            }
        })
        .collect()
}
