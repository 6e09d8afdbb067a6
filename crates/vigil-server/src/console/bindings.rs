//! The console's TypeScript types, `ui/src/console/bindings.ts`, generated from
//! [`super::types`] and every type they reach (the `Code` and `Role` of the core among
//! them). The test fails when the file is stale; `VIGIL_WRITE_BINDINGS=1 cargo test -p
//! vigil-server console_bindings` rewrites it.

use std::collections::BTreeMap;

use ts_rs::{Config, TS, TypeVisitor};

use super::types::*;

const HEADER: &str = "// Generated from the Rust types by `VIGIL_WRITE_BINDINGS=1 cargo test -p vigil-server console_bindings`;\n\
    // do not edit (a test fails when this file is stale).\n";

struct Declarations {
    config: Config,
    found: BTreeMap<String, String>,
}

impl TypeVisitor for Declarations {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
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

fn typescript() -> String {
    let mut types = Declarations { config: Config::new().with_large_int("number"), found: BTreeMap::new() };
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
    let body: Vec<String> = types.found.into_values().collect();
    format!("{HEADER}\n{}\n", body.join("\n\n"))
}

#[test]
fn console_bindings_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/console/bindings.ts");
    let generated = typescript();
    if std::env::var_os("VIGIL_WRITE_BINDINGS").is_some() {
        std::fs::write(&path, &generated).expect("write the console's bindings");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "ui/src/console/bindings.ts is stale: run `VIGIL_WRITE_BINDINGS=1 cargo test -p vigil-server console_bindings`"
    );
}
