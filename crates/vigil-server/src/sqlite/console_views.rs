//! What supervisors read in the console from the office's replica, with the store's own
//! queries (the app's): the tracker, the dashboard and the approved visits whose reports
//! they download, and the PDFs kept with the reports sent (each download audited); and the
//! confirmation of devices after a restore.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use uuid::Uuid;
use vigil_core::access::may_know_of_interview;
use vigil_core::records::{Attachment, Visit};
use vigil_core::{Entity, Record, Role, VisitStatus};
use vigil_report::ReportError;
use vigil_report::export::Audience;
use vigil_report::visit::VisitReport;
use vigil_store::rusqlite::params;
use vigil_store::{Dashboard, VisitScope};

use super::{SqliteStorage, now, office_audit};
use crate::ServerError;
use crate::console::ConsoleError;
use crate::console::types::{
    ConsoleTracker, ReportFormat, ReportQuery, ReportVersion, ReportableVisit, SentReport, TrackerQuery,
};
use crate::sqlite::WebSession;

/// A signed-in person's reach: every team's visits for an administrator, else their teams'.
fn scope(session: &WebSession) -> VisitScope<'_> {
    if session.user.role.sees_every_team() { VisitScope::Held } else { VisitScope::Teams(&session.user.team_ids) }
}

/// Whether a visit of `team` is in this person's reach: every team's for an administrator.
fn reaches(session: &WebSession, team: Uuid) -> bool {
    session.user.role.sees_every_team() || session.user.team_ids.contains(&team)
}

/// The report versions this person may download of a visit of `team`.
fn versions(role: Role, teams: &[Uuid], team: Uuid) -> Vec<ReportVersion> {
    let mut versions = vec![ReportVersion::Public];
    if may_know_of_interview(role, Some(teams), team) {
        versions.push(ReportVersion::Full);
    }
    versions
}

/// A downloaded report: its bytes, content type and file name.
#[derive(Debug)]
pub struct ReportFile {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub file_name: String,
}

impl SqliteStorage {
    /// The recommendations tracker on `as_of` as a device of this person's teams shows it.
    pub fn tracker_for(
        &self,
        session: &WebSession,
        query: &TrackerQuery,
        as_of: NaiveDate,
    ) -> Result<ConsoleTracker, ServerError> {
        let tracker = self.reader().recommendation_tracker_in(scope(session), &query.filter(), as_of)?;
        Ok(ConsoleTracker { as_of, tracker })
    }

    /// The dashboard of `year` on `as_of` as a device of this person's teams shows it.
    pub fn dashboard_for(&self, session: &WebSession, year: i32, as_of: NaiveDate) -> Result<Dashboard, ConsoleError> {
        if !(2000..=2100).contains(&year) {
            return Err(ConsoleError::Invalid {
                field: "year",
                message: format!("{year} is not a year Vigil reports on"),
            });
        }
        Ok(self.reader().dashboard_in(scope(session), year, as_of)?)
    }

    /// The approved visits in this person's reach, with the report versions they may have.
    pub fn reportable_visits(&self, session: &WebSession) -> Result<Vec<ReportableVisit>, ServerError> {
        let user = &session.user;
        let (approved, stages) = {
            let store = self.reader();
            (
                store.visits_in(&[VisitStatus::Approved])?,
                store.all::<vigil_core::records::ReportVersion>(Entity::ReportVersion)?,
            )
        };
        let mut sent: HashMap<Uuid, Vec<SentReport>> = HashMap::new();
        for stage in stages {
            let kept = stage.attachment_id.is_some();
            let report = SentReport { id: stage.id, stage: stage.stage, dated_on: stage.dated_on, kept };
            sent.entry(stage.visit_id).or_default().push(report);
        }
        Ok(approved
            .into_iter()
            .filter(|visit| reaches(session, visit.team_id))
            .map(|visit| {
                let mut sent = sent.remove(&visit.visit_id).unwrap_or_default();
                sent.sort_by_key(|report| (report.dated_on, report.id));
                ReportableVisit { versions: versions(user.role, &user.team_ids, visit.team_id), sent, visit }
            })
            .collect())
    }

    /// The PDF kept with a report stage sent, for a person who may download the visit's
    /// public report (it is that version, as it was sent), recorded in the office's audit
    /// chain before its bytes leave. Another team's visit: refused, nothing recorded.
    pub fn kept_report_for(&self, session: &WebSession, version_id: Uuid) -> Result<ReportFile, ConsoleError> {
        let not_found = |what: String| ConsoleError::from(ServerError::NotFound(what));
        let (stage, attachment, bytes) = {
            let store = self.reader();
            let stage: vigil_core::records::ReportVersion = match store.record(Entity::ReportVersion, version_id)? {
                Some(Record::ReportVersion(stage)) => stage,
                _ => return Err(not_found(format!("no report version {version_id}"))),
            };
            let team = match store.record(Entity::Visit, stage.visit_id)? {
                Some(Record::Visit(visit)) => visit.team_id,
                _ => return Err(not_found(format!("no visit {}", stage.visit_id))),
            };
            if !reaches(session, team) {
                return Err(ConsoleError::Forbidden(vigil_core::console::ConsoleAction::DownloadReport));
            }
            let attachment: Attachment =
                match stage.attachment_id.map(|id| store.record(Entity::Attachment, id)).transpose()? {
                    Some(Some(Record::Attachment(attachment))) => attachment,
                    _ => return Err(not_found(format!("no PDF is kept with report version {version_id}"))),
                };
            if !store.blob_path(&attachment.sha256)?.is_file() {
                return Err(not_found(format!(
                    "the PDF of report version {version_id} has not reached the office yet"
                )));
            }
            let bytes = store.read_blob(&attachment.sha256)?;
            (stage, attachment, bytes)
        };
        let details = serde_json::json!({
            "visit": stage.visit_id,
            "report_version": stage.id,
            "stage": stage.stage,
            "sha256": attachment.sha256,
        });
        self.store().write(|w| {
            office_audit::record(
                w.sql(),
                session.user.id,
                "kept_report_downloaded",
                Some((Entity::Visit, stage.visit_id)),
                details,
            )
        })?;
        // The device named the file: only its plain characters reach the header.
        let file_name: String = attachment
            .file_name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' })
            .collect();
        Ok(ReportFile { bytes, content_type: "application/pdf", file_name })
    }

    /// An approved visit's report for this person, recorded in the office's audit chain
    /// (who, which visit, which version, format and language) before its bytes leave. A
    /// visit out of their reach, or the full version where they may not read interviews:
    /// refused, nothing recorded.
    pub fn visit_report_for(
        &self,
        session: &WebSession,
        visit_id: Uuid,
        query: ReportQuery,
    ) -> Result<ReportFile, ConsoleError> {
        let user = &session.user;
        let report = {
            let store = self.reader();
            let visit: Visit = match store.record(Entity::Visit, visit_id)? {
                Some(Record::Visit(visit)) => visit,
                _ => return Err(ServerError::NotFound(format!("no visit {visit_id}")).into()),
            };
            if !reaches(session, visit.team_id) {
                return Err(ConsoleError::Forbidden(vigil_core::console::ConsoleAction::DownloadReport));
            }
            if !versions(user.role, &user.team_ids, visit.team_id).contains(&query.version) {
                return Err(ConsoleError::Forbidden(vigil_core::console::ConsoleAction::DownloadReport));
            }
            let audience = match query.version {
                ReportVersion::Public => Audience::Public,
                ReportVersion::Full => Audience::Internal,
            };
            VisitReport::build(&store, visit_id, audience).map_err(report_error)?
        };
        let options = vigil_report::document::Options::for_report(&report, query.language);
        let (bytes, content_type, extension) = match query.format {
            ReportFormat::Pdf => {
                (vigil_report::pdf::render(&report, options).map_err(report_error)?, "application/pdf", "pdf")
            }
            ReportFormat::Docx => (
                vigil_report::docx::render(&report, options).map_err(report_error)?,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "docx",
            ),
        };
        let version = match query.version {
            ReportVersion::Public => "public",
            ReportVersion::Full => "full",
        };
        let details = serde_json::json!({
            "visit": visit_id,
            "place": report.place.name,
            "version": version,
            "format": extension,
            "language": query.language.tag(),
        });
        self.store().write(|w| {
            office_audit::record(w.sql(), user.id, "report_downloaded", Some((Entity::Visit, visit_id)), details)
        })?;
        let day = report.day();
        let file_name = format!("vigil-report-{day}-{version}-{}.{extension}", query.language.tag());
        Ok(ReportFile { bytes, content_type, file_name })
    }

    /// Confirms a device an administrator trusts after a restore, as `actor`, audited.
    pub fn confirm_device(&self, actor: Uuid, device_id: Uuid) -> Result<(), ServerError> {
        self.store().write(|w| {
            let changed = w.sql().execute(
                "UPDATE device SET unconfirmed_since = NULL
                  WHERE id = ?1 AND token_hash IS NOT NULL AND revoked_at IS NULL AND unconfirmed_since IS NOT NULL",
                params![device_id.to_string()],
            )?;
            if changed == 0 {
                return Err(ServerError::NotFound(format!("no device {device_id} waiting for confirmation")));
            }
            let details = serde_json::json!({ "device": device_id, "at": now() });
            office_audit::record(w.sql(), actor, "device_confirmed", None, details)?;
            Ok(())
        })
    }
}

/// This year, for a dashboard asked without one.
pub fn this_year() -> i32 {
    chrono::Utc::now().date_naive().year()
}

fn report_error(error: ReportError) -> ConsoleError {
    match error {
        ReportError::Store(error) => ServerError::from(error).into(),
        ReportError::NotApproved { .. } => ConsoleError::Invalid { field: "visit", message: error.to_string() },
        other => ServerError::Internal(other.to_string()).into(),
    }
}
