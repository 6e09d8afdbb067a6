//! The UI's TypeScript types, `ui/src/lib/bindings.ts`, generated from the Rust types the
//! commands take and answer, and every type those reach. The test fails when the file is
//! stale, so CI catches a Rust change the UI has not seen; `VIGIL_WRITE_BINDINGS=1 cargo
//! test -p vigil-app bindings` rewrites it.

use ts_rs::TypeVisitor;
use vigil_core::ts_bindings::Declarations;

const HEADER: &str = "// Generated from the Rust types by `VIGIL_WRITE_BINDINGS=1 cargo test -p vigil-app bindings`;\n\
    // do not edit (a test fails when this file is stale).\n";

/// The whole file: every type the commands exchange with the window.
pub(crate) fn typescript() -> String {
    let mut types = Declarations::default();
    types.visit::<vigil_store::PlaceSummary>();
    types.visit::<vigil_store::OpenVisit>();
    types.visit::<vigil_store::VisitIntegrity>();
    types.visit::<vigil_core::Record>();
    types.visit::<vigil_core::Entity>();
    types.visit::<vigil_core::Role>();
    types.visit::<vigil_core::Code>();
    types.visit::<vigil_core::Rule>();
    types.visit::<vigil_core::Detail>();
    types.visit::<crate::sync::SyncStatus>();
    types.visit::<crate::trouble::Trouble>();
    types.visit::<crate::enrolment::OfferedEnrolment>();
    types.visit::<crate::inspection::PlaceDetail>();
    types.visit::<crate::inspection::VisitDetail>();
    types.visit::<crate::inspection::VisitPlan>();
    types.visit::<crate::inspection::VisitEdit>();
    types.visit::<crate::visit_team::MemberChoice>();
    types.visit::<crate::inspection::TimeMark>();
    types.visit::<crate::evidence::NewAttachment>();
    types.visit::<crate::lock::LockStatus>();
    types.visit::<crate::lock::Wiped>();
    types.visit::<crate::startup::StartupTimes>();
    types.visit::<crate::retention::RetentionStatus>();
    types.visit::<crate::conflicts::ConflictView>();
    types.visit::<crate::conflicts::RejectedView>();
    types.visit::<vigil_store::SetAsideBlob>();
    types.visit::<vigil_store::QueuedVisit>();
    types.visit::<vigil_store::RecommendationFilter>();
    types.visit::<vigil_store::Dashboard>();
    types.visit::<vigil_store::CoverageGroup>();
    types.visit::<crate::review::NewComment>();
    types.visit::<crate::review::NewAmendment>();
    types.visit::<crate::review::TrackerView>();
    types.visit::<crate::reports::ReportAudience>();
    types.visit::<crate::reports::ReportLanguage>();
    types.visit::<crate::reports::ReportFormat>();
    types.visit::<crate::reports::TableFormat>();
    types.visit::<crate::reports::ExportedFile>();
    types.visit::<crate::reports::ReportOffice>();
    types.visit::<crate::reprisal::ReprisalCheckInput>();
    types.visit::<crate::authority::AnswerInput>();
    types.visit::<crate::authority::ReportStageInput>();
    types.visit::<vigil_store::Reminder>();
    let body = types.body();
    // The codes as a list too, so the UI can tell a code from any other text.
    let codes: Vec<String> = vigil_core::Code::ALL.iter().map(|code| format!("'{code}'")).collect();
    let codes = format!("/** Every `Code`. */\nexport const CODES: readonly Code[] = [{}];", codes.join(", "));
    let rules: Vec<String> = vigil_core::Rule::ALL.iter().map(|rule| format!("'{}'", rule_name(*rule))).collect();
    let rules = format!("/** Every `Rule`. */\nexport const RULES: readonly Rule[] = [{}];", rules.join(", "));
    format!("{HEADER}\n{body}\n\n{codes}\n\n{rules}\n")
}

fn rule_name(rule: vigil_core::Rule) -> String {
    serde_json::to_value(rule).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn the_ui_bindings_are_current() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts");
        let generated = super::typescript();
        let regenerate = "VIGIL_WRITE_BINDINGS=1 cargo test -p vigil-app bindings";
        if let Err(stale) = vigil_core::ts_bindings::check_current(&path, &generated, regenerate) {
            panic!("{stale}");
        }
        for expected in ["export type Visit = {", "export type SyncStatus = {", "export type AnyRecord ="] {
            assert!(generated.contains(expected), "{expected} is missing from the bindings");
        }
    }
}
