//! Who is using the device: the user and role the central office named when the device
//! enrolled (`EnrolResponse { user_id, role }`), kept in the store settings. Every local
//! edit is made as this [`Actor`]; a device that never enrolled makes none.

use uuid::Uuid;
use vigil_core::Role;
use vigil_store::Actor;

use crate::error::AppError;

/// The id of the user this device was enrolled for.
pub const USER_ID: &str = "user_id";
/// That user's role (`inspector`, `lead`, `supervisor`, `admin`), as serde writes it.
pub const ROLE: &str = "role";

/// The role as stored in the settings.
pub fn role_name(role: Role) -> String {
    match serde_json::to_value(role) {
        Ok(serde_json::Value::String(name)) => name,
        _ => unreachable!("roles serialise to strings"),
    }
}

/// The actor the saved settings make. Missing or unreadable settings mean the device
/// has no user to edit as: `not_enrolled` (enrolling again writes them).
pub fn actor_from_settings(user_id: Option<&str>, role: Option<&str>) -> Result<Actor, AppError> {
    let user_id = user_id.and_then(|id| id.parse::<Uuid>().ok()).ok_or(AppError::NotEnrolled)?;
    let role = role
        .and_then(|name| serde_json::from_value::<Role>(serde_json::Value::String(name.to_owned())).ok())
        .ok_or(AppError::NotEnrolled)?;
    Ok(Actor { user_id, role })
}

#[cfg(test)]
mod tests {
    use super::{actor_from_settings, role_name};
    use vigil_core::Role;

    #[test]
    fn the_settings_make_the_actor() {
        let id = uuid::Uuid::now_v7();
        for &role in Role::ALL {
            let actor = actor_from_settings(Some(&id.to_string()), Some(&role_name(role))).expect("enrolled");
            assert_eq!((actor.user_id, actor.role), (id, role));
        }
        assert_eq!(role_name(Role::Lead), "lead");
    }

    #[test]
    fn without_a_user_or_a_role_the_device_is_not_enrolled() {
        let id = uuid::Uuid::now_v7().to_string();
        for (user, role) in [
            (None, Some("inspector")),
            (Some(id.as_str()), None),
            (Some("x"), Some("lead")),
            (Some(id.as_str()), Some("boss")),
        ] {
            let error = actor_from_settings(user, role).expect_err("not enrolled");
            assert_eq!(error.code(), vigil_core::Code::NotEnrolled, "{user:?} {role:?}");
        }
    }
}
