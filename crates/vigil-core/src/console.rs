//! The office's web console: who may do what there. One function, [`console_may`], that
//! every console endpoint asks before it reads or changes anything, so the rule is written
//! once. Office staff sign in (administrators and supervisors); field roles use the app.
//!
//! A retired user, or one without a session, never reaches this question: the console's
//! session check refuses them first (their sessions end when they are retired).

use serde::{Deserialize, Serialize};

use crate::workflow::Role;

/// Something a person does in the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ConsoleAction {
    /// Open a session with an e-mail address and a password.
    SignIn,
    /// See people, their roles and teams, and the teams.
    ViewPeople,
    /// Create, edit or retire a person; create a team; change roles and teams.
    ManagePeople,
    /// See devices, their users, last sync and app version.
    ViewDevices,
    /// Revoke a device; issue an enrolment code.
    ManageDevices,
    /// Read the audit trail and its chains' check.
    ViewAudit,
    /// See the office's health: data size, ops, devices syncing.
    ViewHealth,
    /// See places and checklist templates.
    ViewReference,
    /// Import places and checklist templates; edit a place.
    ManageReference,
    /// See the visits waiting for review (of one's own teams for a supervisor).
    ViewReview,
    /// See the recommendations tracker (across visits, with status, due and overdue).
    ViewTracker,
    /// See the dashboard's figures.
    ViewDashboard,
    /// Download an approved visit's report (audited); the version with interviews only
    /// where [`crate::access::may_know_of_interview`] allows.
    DownloadReport,
    /// See and change the office's settings every device follows: the authority's answer
    /// deadline and how long devices keep a visit's interviews and photos.
    ManageSettings,
}

impl ConsoleAction {
    pub const ALL: &'static [ConsoleAction] = &[
        ConsoleAction::SignIn,
        ConsoleAction::ViewPeople,
        ConsoleAction::ManagePeople,
        ConsoleAction::ViewDevices,
        ConsoleAction::ManageDevices,
        ConsoleAction::ViewAudit,
        ConsoleAction::ViewHealth,
        ConsoleAction::ViewReference,
        ConsoleAction::ManageReference,
        ConsoleAction::ViewReview,
        ConsoleAction::ViewTracker,
        ConsoleAction::ViewDashboard,
        ConsoleAction::DownloadReport,
        ConsoleAction::ManageSettings,
    ];
}

/// Whether a signed-in (or signing-in) user of this role may do `action` in the console.
/// Administrators run the office; supervisors see who is on which team and which devices
/// sync, their teams' review queue, tracker and dashboard, read-only, and download their
/// visits' reports; inspectors and leads have no console.
pub fn console_may(role: Role, action: ConsoleAction) -> bool {
    use ConsoleAction::*;
    match role {
        Role::Admin => true,
        Role::Supervisor => {
            matches!(
                action,
                SignIn
                    | ViewPeople
                    | ViewDevices
                    | ViewHealth
                    | ViewReference
                    | ViewReview
                    | ViewTracker
                    | ViewDashboard
                    | DownloadReport
            )
        }
        Role::Inspector | Role::Lead => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn administrators_do_everything_supervisors_only_look_field_roles_have_no_console() {
        for action in ConsoleAction::ALL {
            assert!(console_may(Role::Admin, *action), "{action:?}");
            assert!(!console_may(Role::Inspector, *action), "{action:?}");
            assert!(!console_may(Role::Lead, *action), "{action:?}");
        }
        let supervisor: Vec<_> =
            ConsoleAction::ALL.iter().copied().filter(|action| console_may(Role::Supervisor, *action)).collect();
        assert_eq!(
            supervisor,
            [
                ConsoleAction::SignIn,
                ConsoleAction::ViewPeople,
                ConsoleAction::ViewDevices,
                ConsoleAction::ViewHealth,
                ConsoleAction::ViewReference,
                ConsoleAction::ViewReview,
                ConsoleAction::ViewTracker,
                ConsoleAction::ViewDashboard,
                ConsoleAction::DownloadReport
            ]
        );
    }
}
