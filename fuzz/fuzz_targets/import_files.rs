//! Files an administrator imports: places as CSV or JSON, checklist templates as JSON.
//! The first byte picks the kind; whatever the import accepts must be valid records.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil_server::import;

fuzz_target!(|data: &[u8]| {
    let Some((kind, text)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(text) else { return };
    let imported = match kind % 3 {
        0 => import::facilities_from_csv(text, "places.csv"),
        1 => import::facilities_from_json(text, "places.json"),
        _ => import::templates_from_json(text, "templates.json"),
    };
    for record in imported.into_iter().flatten() {
        assert!(record.validate().is_ok(), "an imported record is invalid: {record:?}");
    }
});
