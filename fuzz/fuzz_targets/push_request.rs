//! A push request body as the office parses it before taking the writer's lock.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil_core::Op;
use vigil_core::protocol::MAX_BATCH;
use vigil_server::storage::PushBatch;

fuzz_target!(|data: &[u8]| {
    let Ok(batch) = PushBatch::parse(data) else { return };
    assert!(batch.ops.len() <= MAX_BATCH);
    for pushed in &batch.ops {
        // The office logs the JSON as sent and every device reads it back: it must read
        // as the op the office judged.
        let logged: Op = serde_json::from_str(&pushed.json).expect("a logged op reads back");
        assert_eq!(logged, pushed.op);
        assert_eq!(pushed.op.check_shape(), Ok(()));
    }
});
