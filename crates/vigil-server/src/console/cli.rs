//! `vigil-server admin …`: the console's web users from the command line. The first
//! administrator is made here; a password is read from the terminal (without echo, twice)
//! or from standard input, never from the command line, where other users of the machine
//! and the shell's history would see it.

use std::io::{BufRead, IsTerminal};

use clap::Subcommand;
use uuid::Uuid;
use vigil_core::Role;
use vigil_core::records::User;

use crate::sqlite::office_audit::COMMAND_LINE;
use crate::{ServerError, SqliteStorage};

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Creates an administrator who signs in to the console (or sets the password of an
    /// existing administrator or supervisor with this address). The password is read from
    /// the terminal, or from the first line of standard input.
    Create {
        #[arg(long)]
        email: String,
        /// The person's name, for a new administrator.
        #[arg(long)]
        name: Option<String>,
    },
    /// Ends every console session of a person (a lost laptop, a leaked password).
    EndSessions {
        #[arg(long)]
        email: String,
    },
}

pub fn run(storage: &SqliteStorage, command: AdminCommand) -> Result<(), ServerError> {
    match command {
        AdminCommand::Create { email, name } => {
            let existing = storage.user_by_email(&email).ok();
            if existing.is_none() && name.as_deref().is_none_or(|n| n.trim().is_empty()) {
                return Err(ServerError::BadRequest(format!(
                    "no one has the address {email}: give --name to create an administrator"
                )));
            }
            let password = read_password()?;
            crate::sqlite::check_new_password(&password)?;
            let user_id = match existing {
                Some(id) => id,
                None => {
                    let user = User {
                        id: Uuid::now_v7(),
                        name: name.unwrap_or_default().trim().to_owned(),
                        email: email.trim().to_owned(),
                        role: Role::Admin,
                        team_ids: Vec::new(),
                        profession: String::new(),
                    };
                    storage.add_records(&[user.clone().into()])?;
                    user.id
                }
            };
            storage.set_password(COMMAND_LINE, user_id, &password)?;
            println!("{user_id}");
            eprintln!("vigil-server: {email} signs in at /console with this password");
            Ok(())
        }
        AdminCommand::EndSessions { email } => {
            let user_id = storage.user_by_email(&email)?;
            let ended = storage.end_sessions(COMMAND_LINE, user_id)?;
            eprintln!("vigil-server: ended {ended} console sessions of {email}");
            Ok(())
        }
    }
}

fn read_password() -> Result<String, ServerError> {
    let io = |err: std::io::Error| ServerError::BadRequest(format!("reading the password: {err}"));
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ").map_err(io)?;
        let again = rpassword::prompt_password("The same password again: ").map_err(io)?;
        if first != again {
            return Err(ServerError::BadRequest("the two passwords differ".into()));
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(io)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
