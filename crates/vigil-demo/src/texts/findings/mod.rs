//! Findings by APT area, each with its severity, the places it is found in and the
//! recommendation it calls for.

mod health;
mod material;
mod personnel;
mod protection;
mod regime;
mod treatment;

use vigil_core::records::{Area, Severity};

use crate::places::Setting;

#[derive(Debug)]
pub(crate) struct Finding {
    pub severity: Severity,
    /// Where it is found; empty for any kind of place.
    pub settings: &'static [Setting],
    /// May hold placeholders, see [`super::fill`].
    pub text: &'static str,
    /// What the NPM recommends; empty for good practice.
    pub recommendation: &'static str,
}

const fn f(
    severity: Severity,
    settings: &'static [Setting],
    text: &'static str,
    recommendation: &'static str,
) -> Finding {
    Finding { severity, settings, text, recommendation }
}

pub(crate) fn all(area: Area) -> &'static [Finding] {
    match area {
        Area::Treatment => treatment::FINDINGS,
        Area::ProtectionMeasures => protection::FINDINGS,
        Area::MaterialConditions => material::FINDINGS,
        Area::RegimeActivities => regime::FINDINGS,
        Area::HealthCare => health::FINDINGS,
        Area::Personnel => personnel::FINDINGS,
    }
}

/// The findings of `area` that can be made in places of `setting`.
pub(crate) fn candidates(area: Area, setting: Setting) -> Vec<&'static Finding> {
    all(area).iter().filter(|f| f.settings.is_empty() || f.settings.contains(&setting)).collect()
}

/// Delay in granting access is itself a finding; `{delay}` is the minutes waited.
pub(crate) const ACCESS_DELAY: Finding = f(
    Severity::Medium,
    &[],
    "The team was kept waiting {delay} minutes at the entrance while the duty officer sought \
     authorisation by telephone from headquarters.",
    "Instruct all staff that members of the NPM have immediate and unrestricted access to all \
     places of deprivation of liberty, without prior authorisation (OPCAT art. 20(c)).",
);
