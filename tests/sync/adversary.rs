//! An adversary against the real office loaded with the demo world (issue 12): devices of
//! every role in three teams push, over plain HTTP and with ops built by hand, what a
//! stolen or malicious device could send — edits and creates whose link fields point at
//! other teams' records, locked visits and interviews; records moved between visits;
//! status moves by the wrong role; audit events with any actor, device, time and action;
//! far and saturated clocks; another user as the op's author; a user giving itself a role
//! or every team. After each batch, on what the office stored:
//! - every op it accepted was allowed on the record before and after it (`rules`, the
//!   access rules written again from the architecture, not the office's gate);
//! - no approved visit's content changed, nor the hash its approval is checked against;
//! - no interview, nor anything about one, reached the administrator's device;
//! - a colleague's device that pulls everything holds what the office holds for its team.
//!
//! `VIGIL_ADVERSARY_CASES` sets the number of cases (256 by default).

mod checks;
mod held;
mod moves;
mod rules;
mod scene;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use vigil_core::Entity;
use vigil_core::protocol::OpOutcome;

use moves::{Batch, Builder};
use rules::Editor;
use scene::Template;

const CASES: u32 = 256;

/// How many ops of each kind the office accepted over the run.
type Tally = RefCell<BTreeMap<&'static str, usize>>;

#[test]
fn whatever_a_device_pushes_the_office_keeps_to_the_access_rules() {
    let cases = std::env::var("VIGIL_ADVERSARY_CASES")
        .map(|n| n.parse().expect("VIGIL_ADVERSARY_CASES is a number of cases"))
        .unwrap_or(CASES);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let template = runtime.block_on(Template::prepare());
    let accepted = Tally::default();
    // Each shrinking step replays a case against a fresh office copy: a bounded number of them.
    let config = Config { cases, source_file: Some(file!()), max_shrink_iters: 200, ..Config::default() };
    let result = TestRunner::new(config).run(&prop::collection::vec(moves::batch(), 1..4), |batches| {
        runtime.block_on(play(&template, &batches, &accepted))
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    // Not vacuous: the allowed part of what the devices sent got through.
    let accepted = accepted.into_inner();
    for kind in ["edit", "create", "status", "audit event"] {
        assert!(accepted.get(kind).is_some_and(|n| *n > 0), "no {kind} was accepted in {cases} cases: {accepted:?}");
    }
}

async fn play(template: &Template, batches: &[Batch], accepted: &Tally) -> Result<(), TestCaseError> {
    let mut case = template.case().await;
    for batch in batches {
        let n = batch.pusher.index(template.pushers.len());
        let pusher = &template.pushers[n];
        let user = case.user(pusher.user_id);
        let mut builder = Builder::new(&case.held, &user, pusher.device_id, &template.blob);
        let now = builder.now;
        let mut ops = Vec::new();
        for step in &batch.moves {
            if let Some(op) = builder.op(case.next_seq[n] + ops.len() as u64, step) {
                ops.push((step.what.name(), op));
            }
        }
        if ops.is_empty() {
            continue;
        }
        let Some(answer) = case.push(pusher, ops.iter().map(|(_, op)| op.clone()).collect()).await? else {
            continue;
        };
        case.next_seq[n] += ops.len() as u64;
        let editor = Editor { user: &user, device_id: pusher.device_id };
        // What the office may have written: the entities of the ops it accepted, and audit
        // events (of its own, about status moves).
        let mut stored = BTreeSet::from([Entity::AuditEvent]);
        let mut any = false;
        for ((kind, op), result) in ops.iter().zip(&answer.results) {
            if !matches!(result.outcome, OpOutcome::Accepted { .. }) {
                continue;
            }
            any = true;
            stored.insert(op.entity);
            if let Some(reason) = rules::forbidden(&editor, op, &case.held, now) {
                let op = serde_json::to_string_pretty(op).expect("JSON");
                return Err(TestCaseError::fail(format!(
                    "the office accepted from the {} an op that {reason}:\n{op}",
                    pusher.who
                )));
            }
            *accepted.borrow_mut().entry(kind).or_default() += 1;
            case.held.apply(op);
        }
        if !any {
            continue;
        }
        case.held.reload(case.reader.sql(), &stored);
        case.approved_content_kept()?;
        if stored.contains(&Entity::User) {
            // Whom a device's user is decides what it may pull: from the start again.
            case.admin_since = 0;
        }
        case.admin_sees_no_interview(&template.pushers[template.admin]).await?;
        case.colleague_agrees(&template.colleague, &stored).await?;
    }
    Ok(())
}
