//! The console's TypeScript types, `ui/src/console/bindings.ts`, generated from
//! [`super::types`] and every type they reach (the `Code` and `Role` of the core among
//! them). The test fails when the file is stale; `VIGIL_WRITE_BINDINGS=1 cargo test -p
//! vigil-server console_bindings` rewrites it.

use ts_rs::TypeVisitor;
use vigil_core::ts_bindings::Declarations;

use super::types::*;

const HEADER: &str = "// Generated from the Rust types by `VIGIL_WRITE_BINDINGS=1 cargo test -p vigil-server console_bindings`;\n\
    // do not edit (a test fails when this file is stale).\n";

fn typescript() -> String {
    let mut types = Declarations::default();
    types.visit::<ConsoleErrorBody>();
    types.visit::<SignIn>();
    types.visit::<Session>();
    types.visit::<Person>();
    types.visit::<PersonInput>();
    types.visit::<TeamView>();
    types.visit::<TeamInput>();
    types.visit::<DeviceView>();
    types.visit::<EnrolCodeRequest>();
    types.visit::<EnrolCodeIssued>();
    types.visit::<AuditEntry>();
    types.visit::<AuditView>();
    types.visit::<ChainCheck>();
    types.visit::<AuditQuery>();
    types.visit::<Health>();
    types.visit::<PlaceView>();
    types.visit::<PlaceInput>();
    types.visit::<TemplateView>();
    types.visit::<ImportRequest>();
    types.visit::<vigil_store::QueuedVisit>();
    types.visit::<TrackerQuery>();
    types.visit::<ConsoleTracker>();
    types.visit::<DashboardQuery>();
    types.visit::<vigil_store::Dashboard>();
    types.visit::<ReportQuery>();
    types.visit::<ReportableVisit>();
    types.visit::<SentReport>();
    types.visit::<SettingsView>();
    types.visit::<SettingsInput>();
    format!("{HEADER}\n{}\n", types.body())
}

#[test]
fn console_bindings_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/console/bindings.ts");
    let regenerate = "VIGIL_WRITE_BINDINGS=1 cargo test -p vigil-server console_bindings";
    if let Err(stale) = vigil_core::ts_bindings::check_current(&path, &typescript(), regenerate) {
        panic!("{stale}");
    }
}
