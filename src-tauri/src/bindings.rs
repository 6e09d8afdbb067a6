//! The UI's TypeScript types, `ui/src/lib/bindings.ts`, generated from the Rust types the
//! commands take and answer, and every type those reach. The test fails when the file is
//! stale, so CI catches a Rust change the UI has not seen; `VIGIL_WRITE_BINDINGS=1 cargo
//! test -p vigil-app bindings` rewrites it.

use std::collections::BTreeMap;

use ts_rs::{Config, TS, TypeVisitor};

const HEADER: &str = "// Generated from the Rust types by `VIGIL_WRITE_BINDINGS=1 cargo test -p vigil-app bindings`;\n\
    // do not edit (a test fails when this file is stale).\n";

/// Declarations by name, so the file's order does not depend on the order of discovery.
struct Declarations {
    config: Config,
    found: BTreeMap<String, String>,
}

impl TypeVisitor for Declarations {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Only types with a declaration of their own; primitives and containers are inlined.
        if T::output_path().is_none() {
            return;
        }
        let name = T::ident(&self.config);
        if self.found.contains_key(&name) {
            return;
        }
        let docs = T::docs().unwrap_or_default();
        self.found.insert(name, format!("{docs}export {}", T::decl(&self.config)));
        T::visit_dependencies(self);
    }
}

/// The whole file: every type the commands exchange with the window.
pub(crate) fn typescript() -> String {
    // 64-bit integers cross the IPC as JSON numbers, not `bigint`s.
    let mut types = Declarations { config: Config::new().with_large_int("number"), found: BTreeMap::new() };
    types.visit::<vigil_store::PlaceSummary>();
    types.visit::<vigil_store::OpenVisit>();
    types.visit::<vigil_store::VisitIntegrity>();
    types.visit::<vigil_core::Record>();
    types.visit::<vigil_core::Entity>();
    types.visit::<vigil_core::Role>();
    types.visit::<vigil_core::Code>();
    types.visit::<vigil_core::Rule>();
    types.visit::<crate::sync::SyncStatus>();
    types.visit::<crate::inspection::PlaceDetail>();
    types.visit::<crate::inspection::VisitDetail>();
    types.visit::<crate::inspection::VisitPlan>();
    types.visit::<crate::inspection::VisitEdit>();
    types.visit::<crate::visit_team::MemberChoice>();
    types.visit::<crate::inspection::TimeMark>();
    types.visit::<crate::evidence::NewAttachment>();
    types.visit::<crate::lock::LockStatus>();
    types.visit::<crate::lock::Wiped>();
    types.visit::<crate::conflicts::ConflictView>();
    types.visit::<crate::conflicts::RejectedView>();
    types.visit::<vigil_store::SetAsideBlob>();
    types.visit::<vigil_store::QueuedVisit>();
    types.visit::<vigil_store::RecommendationFilter>();
    types.visit::<vigil_store::Dashboard>();
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
    let body: Vec<String> = types.found.into_values().collect();
    // The codes as a list too, so the UI can tell a code from any other text.
    let codes: Vec<String> = vigil_core::Code::ALL.iter().map(|code| format!("'{code}'")).collect();
    let codes = format!("/** Every `Code`. */\nexport const CODES: readonly Code[] = [{}];", codes.join(", "));
    let rules: Vec<String> = vigil_core::Rule::ALL.iter().map(|rule| format!("'{}'", rule_name(*rule))).collect();
    let rules = format!("/** Every `Rule`. */\nexport const RULES: readonly Rule[] = [{}];", rules.join(", "));
    format!("{HEADER}\n{}\n\n{codes}\n\n{rules}\n", body.join("\n\n"))
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
        if std::env::var_os("VIGIL_WRITE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).expect("write the bindings");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is stale: run `VIGIL_WRITE_BINDINGS=1 cargo test -p vigil-app bindings` and commit it",
            path.display()
        );
        for expected in ["export type Visit = {", "export type SyncStatus = {", "export type AnyRecord ="] {
            assert!(generated.contains(expected), "{expected} is missing from the bindings");
        }
    }
}
