//! Crash safety (issue 13): processes killed with SIGKILL at random moments, then reopened
//! and checked.
//!
//! - [`device`]: a child process edits an encrypted device store and reports each commit;
//!   after each kill every reported commit is there, `PRAGMA integrity_check` is ok, and
//!   the device's ops and its outbox are numbered without a gap.
//! - [`office`]: the office runs as a child process and is killed during the pushes and
//!   pulls of three devices, then restarted on the same files and port; the devices retry,
//!   and in the end nothing is lost or duplicated and every device converges.
//!
//! `cargo test -p vigil-tests --test crash` runs a short round of each (CI); more kills
//! with `VIGIL_CRASH_ITERATIONS` (device) and `VIGIL_CRASH_OFFICE_KILLS` (office).
//! The seed is printed; `VIGIL_CRASH_SEED` replays its choices (edits, kill delays),
//! though not the exact instant a process dies.
//!
//! Its own `main` (no libtest): the same binary, started with `VIGIL_CRASH_ROLE`, is the
//! child process that gets killed.

mod device;
mod office;

/// Which child process this is, if one: `device` or `office`.
const ROLE: &str = "VIGIL_CRASH_ROLE";

fn main() {
    match std::env::var(ROLE).as_deref() {
        Ok("device") => device::child(),
        Ok("office") => office::child(),
        _ => {
            // `cargo test -- --list` (and test runners asking) learn there is nothing to list.
            if std::env::args().any(|arg| arg == "--list") {
                return;
            }
            let seed = env_number("VIGIL_CRASH_SEED").unwrap_or_else(rand::random);
            println!("crash: seed {seed} (VIGIL_CRASH_SEED={seed} replays its choices)");
            device::run(seed, env_number("VIGIL_CRASH_ITERATIONS").unwrap_or(25));
            office::run(seed, env_number("VIGIL_CRASH_OFFICE_KILLS").unwrap_or(6));
        }
    }
}

fn env_number(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    Some(text.parse().unwrap_or_else(|_| panic!("{name}={text} is not a number")))
}

/// This test binary as a child process in `role`, with its stdout piped to the parent.
fn child_process(role: &str, env: &[(&str, String)]) -> std::process::Command {
    let mut command = std::process::Command::new(std::env::current_exe().expect("this test binary"));
    command.env(ROLE, role).envs(env.iter().map(|(k, v)| (k, v))).stdout(std::process::Stdio::piped());
    command
}
