//! Writing TypeScript declarations from Rust types with ts-rs, shared by the app's
//! bindings (`ui/src/lib/bindings.ts`) and the console's (`ui/src/console/bindings.ts`):
//! each type once, with its docs, in name order (so the file does not depend on the order
//! types are found), and the check that keeps a committed file current.

use std::collections::BTreeMap;
use std::path::Path;

use ts_rs::{Config, TS, TypeVisitor};

/// Declarations by name, collected from the types visited and every type they reach.
pub struct Declarations {
    config: Config,
    found: BTreeMap<String, String>,
}

impl std::fmt::Debug for Declarations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Declarations").field("found", &self.found.keys().collect::<Vec<_>>()).finish_non_exhaustive()
    }
}

impl Default for Declarations {
    fn default() -> Declarations {
        // 64-bit integers cross to the page as JSON numbers, not `bigint`s.
        Declarations { config: Config::new().with_large_int("number"), found: BTreeMap::new() }
    }
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

impl Declarations {
    /// Every declaration found, in name order, one blank line apart.
    pub fn body(self) -> String {
        self.found.into_values().collect::<Vec<_>>().join("\n\n")
    }
}

/// Compares `generated` with the file at `path`; with `VIGIL_WRITE_BINDINGS` set, writes it
/// first. Answers what to say when the file is stale (`regenerate` names the command).
pub fn check_current(path: &Path, generated: &str, regenerate: &str) -> Result<(), String> {
    if std::env::var_os("VIGIL_WRITE_BINDINGS").is_some() {
        std::fs::write(path, generated).map_err(|err| format!("cannot write {}: {err}", path.display()))?;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    if committed == generated {
        Ok(())
    } else {
        Err(format!("{} is stale: run `{regenerate}` and commit it", path.display()))
    }
}
