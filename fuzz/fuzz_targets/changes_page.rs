//! A page of changes as the sync client reads it from the office: decoded, and if it
//! decodes, written back to the same page and applied to a device store.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil_core::protocol::ChangesResponse;

fuzz_target!(|data: &[u8]| {
    let Ok(page) = serde_json::from_slice::<ChangesResponse>(data) else { return };
    let text = serde_json::to_string(&page).expect("a page decoded writes back");
    let again: ChangesResponse = serde_json::from_str(&text).expect("a page written reads back");
    assert_eq!(again, page, "a page changed through a round trip");
    let ops: Vec<_> = page.changes.into_iter().map(|change| change.op).collect();
    vigil_fuzz::apply_and_check(&mut vigil_fuzz::fresh_store(), &ops, page.next);
});
