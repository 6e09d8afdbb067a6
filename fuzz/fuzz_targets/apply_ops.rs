//! Pulled ops applied to a device store: ops made from the fuzz bytes (see
//! `vigil_fuzz::op`), in pages, each page checked (see `vigil_fuzz::apply_and_check`).
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let mut store = vigil_fuzz::fresh_store();
    for cursor in 1..=4 {
        let Ok(ops) =
            (0..u.int_in_range(1..=8).unwrap_or(1)).map(|_| vigil_fuzz::op(&mut u)).collect::<Result<Vec<_>, _>>()
        else {
            return;
        };
        vigil_fuzz::apply_and_check(&mut store, &ops, cursor);
    }
});
