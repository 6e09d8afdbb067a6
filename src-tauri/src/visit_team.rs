//! Who is on a visit and which APT areas each covers: one `visit_member` record per person
//! (its id derived from visit and person, so two devices adding the same colleague meet on
//! one record), chosen from the users of the visit's team this device holds.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;
use vigil_core::entity::DELETED;
use vigil_core::ids::member_id;
use vigil_core::records::{Area, User, Visit, VisitMember};
use vigil_core::{Entity, Role};
use vigil_store::{Store, StoreError};

use crate::error::AppError;
use crate::inspection::{VisitDetail, actor_of, typed};
use crate::state::AppState;

/// One user of the visit's team, and their part in this visit.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamMember {
    pub user_id: Uuid,
    pub name: String,
    pub role: Role,
    pub profession: String,
    pub on_visit: bool,
    /// The areas this person covers on the visit (empty: none chosen yet).
    pub areas: Vec<Area>,
}

/// What the team panel sends for one person.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MemberChoice {
    pub user_id: Uuid,
    pub on_visit: bool,
    pub areas: Vec<Area>,
}

/// The team's inspectors and lead by name. The order never depends on who is ticked: a list
/// that re-sorts as a person is ticked slides the next name under the finger.
pub fn visit_team(store: &Store, visit: &Visit, members: &[VisitMember]) -> Result<Vec<TeamMember>, StoreError> {
    let users: Vec<User> = store.all(Entity::User)?;
    let mut team: Vec<TeamMember> = users
        .into_iter()
        .filter(|u| u.role.is_team_member() && u.team_ids.contains(&visit.team_id))
        .map(|u| {
            let member = members.iter().find(|m| m.user_id == u.id);
            TeamMember {
                user_id: u.id,
                name: u.name,
                role: u.role,
                profession: u.profession,
                on_visit: member.is_some(),
                areas: member.map(|m| m.areas.clone()).unwrap_or_default(),
            }
        })
        .collect();
    team.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.user_id.cmp(&b.user_id)));
    Ok(team)
}

impl AppState {
    /// Puts a person on the visit with the areas they cover, changes their areas, or
    /// takes them off it.
    pub fn choose_member(&self, visit_id: Uuid, choice: MemberChoice) -> Result<VisitDetail, AppError> {
        self.with_app_store(|store| {
            let actor = actor_of(store)?;
            // That the visit and the person exist, and the person is in the visit's team, is
            // the store's rule (its admission gate).
            let id = member_id(visit_id, choice.user_id);
            let held: Option<VisitMember> = typed(store.record(Entity::VisitMember, id)?);
            let mut areas = choice.areas;
            areas.sort();
            areas.dedup();
            let mut changes = Map::new();
            changes.insert("areas".to_owned(), Value::Array(areas.iter().map(|a| Value::from(a.as_str())).collect()));
            match (held, choice.on_visit) {
                (None, true) => {
                    let member = VisitMember { id, visit_id, user_id: choice.user_id, areas };
                    match store.create(&actor, &member.into()) {
                        // Taken off the visit earlier: their record comes back with the new areas.
                        Err(StoreError::AlreadyExists { .. }) => {
                            changes.insert(DELETED.name.to_owned(), Value::Bool(false));
                            store.update(&actor, Entity::VisitMember, id, changes)?;
                        }
                        created => {
                            created?;
                        }
                    }
                }
                (Some(_), true) => {
                    store.update(&actor, Entity::VisitMember, id, changes)?;
                }
                (Some(_), false) => {
                    store.delete(&actor, Entity::VisitMember, id)?;
                }
                (None, false) => {}
            }
            Ok(())
        })?;
        self.visit_detail(visit_id)
    }
}
