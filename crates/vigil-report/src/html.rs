//! The visit report as one printable HTML page (maud templates: every value is escaped).
//! The same page, printed by the app or a browser, is the paper report.

use maud::{DOCTYPE, Markup, html};
use vigil_core::records::{Area, FacilityKind, ImplementationStatus, Priority, Severity, VisitType};

use crate::visit::VisitReport;

/// The report page's only style sheet; the app's CSP allows exactly this text by its SHA-256, so
/// the report shows styled in the window's sandboxed frame (a test in the app checks the hash).
pub const STYLE: &str = "body{font-family:'DejaVu Sans',sans-serif;max-width:48rem;margin:2rem auto;line-height:1.45}\
h1{font-size:1.5rem}h2{border-bottom:1px solid #999;font-size:1.15rem;margin-top:2rem}\
.meta td{padding:0 1rem 0 0}.confidential{color:#8b0000}@media print{body{margin:0}}";

/// The whole page.
pub fn render(report: &VisitReport) -> String {
    page(report).into_string()
}

fn page(r: &VisitReport) -> Markup {
    let title = format!("Visit report: {}", r.place.name);
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { (title) }
                style { (STYLE) }
            }
            body {
                h1 { (title) }
                p { @if r.public { "Public version" } @else { strong.confidential { "Full version: confidential, for the office only" } } }
                table.meta {
                    tr { td { "Place" } td { (r.place.name) ", " (r.place.kind.map_or("", kind_label)) } }
                    tr { td { "Address" } td { (r.place.address) ", " (r.place.region) } }
                    tr { td { "Responsible authority" } td { (r.place.authority) } }
                    tr { td { "Team" } td { (r.team) } }
                    tr { td { "Visit" } td { (type_label(r.visit_type)) @if r.unannounced { ", unannounced" } @else { ", announced" } } }
                    @if let Some(theme) = &r.theme { tr { td { "Theme" } td { (theme) } } }
                    tr { td { "Planned" } td { (r.planned_on) } }
                    @if let Some(t) = r.arrived_at { tr { td { "Arrived" } td { (t.format("%Y-%m-%d %H:%M UTC")) } } }
                    @if let Some(t) = r.access_granted_at { tr { td { "Let in" } td { (t.format("%Y-%m-%d %H:%M UTC")) } } }
                    @if let Some(t) = r.departed_at { tr { td { "Left" } td { (t.format("%Y-%m-%d %H:%M UTC")) } } }
                }
                h2 { "Summary" }
                p { (r.summary) }
                h2 { "Findings" }
                @for (area, findings) in &r.findings_by_area {
                    h3 { (area_label(*area)) }
                    ul { @for f in findings {
                        li { "[" (severity_label(f.severity)) "] " (f.text) @if f.confidential { " " em.confidential { "(confidential)" } } }
                    } }
                }
                h2 { "Good practice" }
                ul { @for f in &r.good_practice { li { (f.text) } } }
                h2 { "Recommendations" }
                ol { @for rec in &r.recommendations {
                    li { (rec.text) br; small { "To: " (rec.authority) " · " (area_label(rec.area)) " · priority " (priority_label(rec.priority))
                        @if let Some(due) = rec.due_on { " · due " (due) } } }
                } }
                h2 { "Follow-up of earlier recommendations" }
                ul { @for f in &r.follow_up {
                    li { (f.recommendation) br; small { (status_label(f.status)) " on " (f.assessed_on) " (" (f.authority) "): " (f.evidence) } }
                } }
                @if !r.amendments.is_empty() {
                    h2 { "Amendments after approval" }
                    ul { @for a in &r.amendments { li { (a.made_at.format("%Y-%m-%d")) ": " (a.body) } } }
                }
                @if !r.interviews.is_empty() {
                    h2.confidential { "Interviews (confidential)" }
                    @for i in &r.interviews {
                        h3 { (i.pseudonym) @if i.group_interview { " (group)" } }
                        p { (i.content) }
                    }
                }
            }
        }
    }
}

pub(crate) fn kind_label(kind: FacilityKind) -> &'static str {
    match kind {
        FacilityKind::Prison => "prison",
        FacilityKind::PreTrialDetention => "pre-trial detention",
        FacilityKind::PoliceCustody => "police custody",
        FacilityKind::TemporaryHolding => "temporary holding",
        FacilityKind::PsychiatricHospital => "psychiatric hospital",
        FacilityKind::SocialCareHome => "social-care home",
        FacilityKind::MigrantDetention => "migrant detention",
        FacilityKind::JuvenileInstitution => "juvenile institution",
        FacilityKind::MilitaryDetention => "military detention",
        FacilityKind::Other => "other place",
    }
}

pub(crate) fn type_label(t: VisitType) -> &'static str {
    match t {
        VisitType::Regular => "Regular visit",
        VisitType::FollowUp => "Follow-up visit",
        VisitType::AdHoc => "Ad hoc visit",
        VisitType::Thematic => "Thematic visit",
    }
}

pub(crate) fn area_label(area: Area) -> &'static str {
    match area {
        Area::Treatment => "Treatment",
        Area::ProtectionMeasures => "Protection measures",
        Area::MaterialConditions => "Material conditions",
        Area::RegimeActivities => "Regime and activities",
        Area::HealthCare => "Health care",
        Area::Personnel => "Personnel",
    }
}

pub(crate) fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::GoodPractice => "good practice",
        Severity::Low => "low",
        Severity::Medium => "medium",
        Severity::High => "high",
        Severity::Urgent => "urgent",
    }
}

pub(crate) fn priority_label(p: Priority) -> &'static str {
    p.as_str()
}

pub(crate) fn status_label(s: ImplementationStatus) -> &'static str {
    match s {
        ImplementationStatus::NotImplemented => "Not implemented",
        ImplementationStatus::PartiallyImplemented => "Partially implemented",
        ImplementationStatus::Implemented => "Implemented",
        ImplementationStatus::NoLongerApplicable => "No longer applicable",
    }
}
