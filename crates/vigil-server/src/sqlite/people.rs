//! People and teams as the console manages them. A person is a `user` record (made and
//! changed as ops of the office's own device, so every device pulls the change); retiring
//! is the office's alone (`retired_user`): it revokes every device of the person, ends
//! their sessions and unused codes, and they cannot sign in or enrol again.

use std::collections::HashMap;

use serde_json::{Map, Value, json};
use uuid::Uuid;
use vigil_core::records::{Team, User};
use vigil_core::{Entity, Record, Role};
use vigil_store::admission::Seen;
use vigil_store::rusqlite::{Connection, OptionalExtension, params};

use super::push::{office_records, office_update};
use super::{SqliteStorage, now, office_audit};
use crate::ServerError;
use crate::console::ConsoleError;
use crate::console::types::{Person, PersonInput, TeamInput, TeamView};

/// When a person was retired, if they were.
pub(super) fn retired_at(sql: &Connection, user_id: Uuid) -> Result<Option<String>, ServerError> {
    Ok(sql
        .query_row("SELECT retired_at FROM retired_user WHERE user_id = ?1", [user_id.to_string()], |row| row.get(0))
        .optional()?)
}

fn invalid(field: &'static str, message: impl Into<String>) -> ConsoleError {
    ConsoleError::Invalid { field, message: message.into() }
}

/// A person's input, trimmed and checked on its own (the store checks the rest).
fn checked(input: &PersonInput) -> Result<PersonInput, ConsoleError> {
    let name = input.name.trim();
    let email = input.email.trim();
    if name.is_empty() {
        return Err(invalid("name", "the name is empty"));
    }
    if name.chars().count() > 200 {
        return Err(invalid("name", "the name is longer than 200 characters"));
    }
    let mut parts = email.split('@');
    let well_formed = matches!((parts.next(), parts.next(), parts.next()), (Some(local), Some(domain), None)
        if !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.'))
        && !email.chars().any(char::is_whitespace)
        && email.len() <= 254;
    if email.is_empty() {
        return Err(invalid("email", "the e-mail address is empty"));
    }
    if !well_formed {
        return Err(invalid("email", format!("{email:?} is not an e-mail address")));
    }
    let mut team_ids = input.team_ids.clone();
    team_ids.sort();
    team_ids.dedup();
    Ok(PersonInput {
        name: name.to_owned(),
        email: email.to_owned(),
        role: input.role,
        team_ids,
        profession: input.profession.trim().to_owned(),
    })
}

/// The record's own rules (the core's, as the admission gate checks them), by field.
fn valid(user: &User) -> Result<(), ConsoleError> {
    Record::User(user.clone()).validate().map_err(|err| invalid(err.field, err.to_string()))
}

impl SqliteStorage {
    /// Everyone, retired people included, by name.
    pub fn people(&self) -> Result<Vec<Person>, ServerError> {
        let store = self.reader();
        let users: Vec<User> = store.all(Entity::User)?;
        let mut retired: HashMap<String, String> = HashMap::new();
        let mut with_password: std::collections::HashSet<String> = Default::default();
        let mut devices: HashMap<String, u32> = HashMap::new();
        {
            let sql = store.sql();
            let mut statement = sql.prepare("SELECT user_id, retired_at FROM retired_user")?;
            for row in statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))? {
                let (user, at) = row?;
                retired.insert(user, at);
            }
            let mut statement = sql.prepare("SELECT user_id FROM web_credential")?;
            for row in statement.query_map([], |row| row.get(0))? {
                with_password.insert(row?);
            }
            let mut statement = sql.prepare(
                "SELECT user_id, COUNT(*) FROM device WHERE token_hash IS NOT NULL AND revoked_at IS NULL GROUP BY user_id",
            )?;
            for row in statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))? {
                let (user, count) = row?;
                devices.insert(user, count);
            }
        }
        let mut people: Vec<Person> = users
            .into_iter()
            .map(|user| {
                let id = user.id.to_string();
                Person {
                    retired_at: retired.get(&id).cloned(),
                    has_password: with_password.contains(&id),
                    active_devices: devices.get(&id).copied().unwrap_or(0),
                    id: user.id,
                    name: user.name,
                    email: user.email,
                    role: user.role,
                    team_ids: user.team_ids,
                    profession: user.profession,
                }
            })
            .collect();
        people.sort_by_key(|p| p.name.to_lowercase());
        Ok(people)
    }

    /// Refuses an address another person has (case aside) and teams the office lacks.
    fn check_person(sql: &Connection, input: &PersonInput, id: Uuid) -> Result<(), ConsoleError> {
        let taken: Option<String> = sql
            .query_row(
                "SELECT name FROM user WHERE lower(email) = lower(?1) AND id <> ?2 AND deleted = 0",
                params![input.email, id.to_string()],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(name) = taken {
            return Err(ConsoleError::Duplicate {
                field: "email",
                message: format!("{} is already the address of {name}", input.email),
            });
        }
        for team in &input.team_ids {
            let held: bool = sql.query_row(
                "SELECT EXISTS (SELECT 1 FROM team WHERE id = ?1 AND deleted = 0)",
                [team.to_string()],
                |row| row.get(0),
            )?;
            if !held {
                return Err(invalid("team_ids", format!("team {team} does not exist")));
            }
        }
        Ok(())
    }

    /// Creates a person, as `actor`; answers the new id.
    pub fn create_person(&self, actor: Uuid, input: &PersonInput) -> Result<Uuid, ConsoleError> {
        let input = checked(input)?;
        let user = User {
            id: Uuid::now_v7(),
            name: input.name.clone(),
            email: input.email.clone(),
            role: input.role,
            team_ids: input.team_ids.clone(),
            profession: input.profession.clone(),
        };
        valid(&user)?;
        self.store().write(|w| {
            Self::check_person(w.sql(), &input, user.id)?;
            office_records(w, &mut Seen::default(), &[user.clone().into()])?;
            let details = json!({ "name": user.name, "email": user.email, "role": user.role, "teams": user.team_ids });
            office_audit::record(w.sql(), actor, "person_created", Some((Entity::User, user.id)), details)?;
            Ok::<_, ConsoleError>(())
        })?;
        Ok(user.id)
    }

    /// Changes a person's name, address, role, teams or profession, as `actor`. An
    /// administrator changes neither their own role nor their own teams (as on a device).
    pub fn edit_person(&self, actor: Uuid, id: Uuid, input: &PersonInput) -> Result<(), ConsoleError> {
        let input = checked(input)?;
        self.store().write(|w| {
            let before = match w_user(w.sql(), id)? {
                Some(user) => user,
                None => return Err(ConsoleError::Office(ServerError::NotFound(format!("no person {id}")))),
            };
            if retired_at(w.sql(), id)?.is_some() {
                return Err(invalid("name", "a retired person is not changed"));
            }
            if actor == id && (before.role != input.role || before.team_ids != input.team_ids) {
                return Err(invalid("role", "nobody changes their own role or teams"));
            }
            Self::check_person(w.sql(), &input, id)?;
            let after = User { id, name: input.name, email: input.email, role: input.role, team_ids: input.team_ids, profession: input.profession };
            valid(&after)?;
            let as_object = |user: &User| match serde_json::to_value(user) {
                Ok(Value::Object(fields)) => Ok(fields),
                _ => Err(ServerError::Internal("a person is not an object".into())),
            };
            let (old, new) = (as_object(&before)?, as_object(&after)?);
            let changes: Map<String, Value> =
                new.into_iter().filter(|(name, value)| name != "id" && old.get(name) != Some(value)).collect();
            let changed: Vec<String> = changes.keys().cloned().collect();
            if office_update(w, Entity::User, id, changes)? {
                let details = json!({ "changed": changed, "name": after.name, "email": after.email, "role": after.role, "teams": after.team_ids });
                office_audit::record(w.sql(), actor, "person_changed", Some((Entity::User, id)), details)?;
            }
            Ok(())
        })
    }

    /// Retires a person, as `actor`: every device of theirs is revoked at once (their next
    /// request gets 401), their console sessions and unused enrolment codes end, and they
    /// can sign in nowhere again. Their records stay. Answers how many devices were revoked.
    pub fn retire_person(&self, actor: Uuid, id: Uuid) -> Result<usize, ConsoleError> {
        if actor == id {
            return Err(invalid("id", "nobody retires themselves"));
        }
        self.store().write(|w| {
            let user = w_user(w.sql(), id)?.ok_or_else(|| ServerError::NotFound(format!("no person {id}")))?;
            if retired_at(w.sql(), id)?.is_some() {
                return Err(invalid("id", format!("{} is retired already", user.name)));
            }
            let at = now();
            w.sql().execute(
                "INSERT INTO retired_user (user_id, retired_at, retired_by) VALUES (?1, ?2, ?3)",
                params![id.to_string(), at, actor.to_string()],
            )?;
            let mut statement = w.sql().prepare(
                "UPDATE device SET revoked_at = ?2 WHERE user_id = ?1 AND token_hash IS NOT NULL AND revoked_at IS NULL RETURNING id",
            )?;
            let revoked: Vec<String> =
                statement.query_map(params![id.to_string(), at], |row| row.get(0))?.collect::<Result<_, _>>()?;
            drop(statement);
            w.sql().execute("DELETE FROM web_session WHERE user_id = ?1", [id.to_string()])?;
            w.sql().execute("DELETE FROM enrol_code WHERE user_id = ?1 AND used_at IS NULL", [id.to_string()])?;
            let details = json!({ "name": user.name, "email": user.email, "devices_revoked": revoked });
            office_audit::record(w.sql(), actor, "person_retired", Some((Entity::User, id)), details)?;
            Ok(revoked.len())
        })
    }

    /// Every team with who leads, supervises and works in it, by name.
    pub fn teams(&self) -> Result<Vec<TeamView>, ServerError> {
        let store = self.reader();
        let teams: Vec<Team> = store.all(Entity::Team)?;
        let users: Vec<User> = store.all(Entity::User)?;
        let retired: std::collections::HashSet<Uuid> = {
            let mut statement = store.sql().prepare("SELECT user_id FROM retired_user")?;
            let ids: Vec<String> = statement.query_map([], |row| row.get(0))?.collect::<Result<_, _>>()?;
            ids.iter().filter_map(|id| id.parse().ok()).collect()
        };
        let mut views: Vec<TeamView> = teams
            .into_iter()
            .map(|team| {
                let with = |role: Role| {
                    users
                        .iter()
                        .filter(|u| u.role == role && u.team_ids.contains(&team.id) && !retired.contains(&u.id))
                        .map(|u| u.id)
                        .collect()
                };
                TeamView {
                    leads: with(Role::Lead),
                    supervisors: with(Role::Supervisor),
                    inspectors: with(Role::Inspector),
                    id: team.id,
                    name: team.name,
                    region: team.region,
                }
            })
            .collect();
        views.sort_by_key(|v| v.name.to_lowercase());
        Ok(views)
    }

    /// Creates a team, as `actor`; a name another team has is refused.
    pub fn create_team(&self, actor: Uuid, input: &TeamInput) -> Result<Uuid, ConsoleError> {
        let name = input.name.trim();
        if name.is_empty() {
            return Err(invalid("name", "the team's name is empty"));
        }
        let team = Team { id: Uuid::now_v7(), name: name.to_owned(), region: input.region.trim().to_owned() };
        self.store().write(|w| {
            let taken: bool = w.sql().query_row(
                "SELECT EXISTS (SELECT 1 FROM team WHERE lower(name) = lower(?1) AND deleted = 0)",
                [name],
                |row| row.get(0),
            )?;
            if taken {
                return Err(ConsoleError::Duplicate {
                    field: "name",
                    message: format!("a team is already named {name}"),
                });
            }
            office_records(w, &mut Seen::default(), &[team.clone().into()])?;
            office_audit::record(
                w.sql(),
                actor,
                "team_created",
                Some((Entity::Team, team.id)),
                json!({ "name": team.name, "region": team.region }),
            )?;
            Ok(())
        })?;
        Ok(team.id)
    }
}

/// A user as the writer's transaction holds it.
fn w_user(sql: &Connection, id: Uuid) -> Result<Option<User>, ServerError> {
    let row: Option<(String, String, String, String, String)> = sql
        .query_row(
            "SELECT name, email, role, team_ids, profession FROM user WHERE id = ?1 AND deleted = 0",
            [id.to_string()],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)),
        )
        .optional()?;
    let Some((name, email, role, teams, profession)) = row else { return Ok(None) };
    let damaged = |_| ServerError::Internal(format!("user {id}: damaged row"));
    Ok(Some(User {
        id,
        name,
        email,
        role: serde_json::from_value(Value::String(role)).map_err(damaged)?,
        team_ids: serde_json::from_str(&teams).map_err(damaged)?,
        profession,
    }))
}
