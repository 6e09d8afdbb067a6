//! Reports and exports leave the encrypted store on purpose: a visit report (PDF or DOCX,
//! or HTML to read and print in the window, in the language the UI shows) and the CSV /
//! JSON tables. Files are written to the
//! export directory (`VIGIL_EXPORT_DIR`, else the platform's downloads folder) and the
//! app answers where, so the person knows what now sits on the disk in clear.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::prelude::BASE64_STANDARD;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vigil_report::document::Options;
use vigil_report::export::{Audience, Tables, to_csv};
use vigil_report::i18n::Language;
use vigil_report::office::{self, OfficeError};
use vigil_report::visit::VisitReport;
use vigil_report::{ReportError, docx, html, pdf};

use crate::error::AppError;
use crate::state::AppState;

/// Where exports go when set (tests, or an organisation's chosen folder).
pub const EXPORT_DIR_ENV: &str = "VIGIL_EXPORT_DIR";

/// Who a report or export is for.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportAudience {
    /// The office: confidential findings and interview notes included.
    Internal,
    /// Publication: no interview content, no pseudonym, nothing marked confidential.
    Public,
}

impl From<ReportAudience> for Audience {
    fn from(audience: ReportAudience) -> Audience {
        match audience {
            ReportAudience::Internal => Audience::Internal,
            ReportAudience::Public => Audience::Public,
        }
    }
}

/// The language the UI shows, in which the report is written.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportLanguage {
    En,
    Az,
    Ru,
}

impl From<ReportLanguage> for Language {
    fn from(language: ReportLanguage) -> Language {
        match language {
            ReportLanguage::En => Language::En,
            ReportLanguage::Az => Language::Az,
            ReportLanguage::Ru => Language::Ru,
        }
    }
}

/// The visit report as a PDF to send, or a Word document to redraft.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    Pdf,
    Docx,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableFormat {
    Csv,
    Json,
}

/// The NPM as this device's reports name it (`null`s when none is set).
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportOffice {
    pub name: Option<String>,
    /// The logo as a `data:` URL, to show beside the form.
    pub logo: Option<String>,
}

/// A file an export wrote.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportedFile {
    pub path: String,
    pub bytes: usize,
}

fn office_error(error: OfficeError) -> AppError {
    match error {
        OfficeError::Store(error) => AppError::Store(error),
        other => AppError::InvalidInput(other.to_string()),
    }
}

fn report_error(error: ReportError) -> AppError {
    match error {
        ReportError::Store(error) => AppError::Store(error),
        ReportError::NotApproved { .. } => AppError::InvalidInput(error.to_string()),
        other => AppError::Export(other.to_string()),
    }
}

fn audience_name(audience: ReportAudience) -> &'static str {
    match audience {
        ReportAudience::Internal => "internal",
        ReportAudience::Public => "public",
    }
}

/// Whether `name` is one this app gives what it exports (`vigil-…` PDF, DOCX, CSV or JSON).
fn is_export_name(name: &str) -> bool {
    name.starts_with("vigil-") && [".pdf", ".docx", ".csv", ".json"].iter().any(|extension| name.ends_with(extension))
}

/// Writes `bytes` as `name` in `dir`, or as `name-2`, `name-3`… when a file of that name is
/// there already: an earlier export (perhaps sent, perhaps annotated) is never overwritten.
fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<ExportedFile, AppError> {
    use std::io::Write;
    std::fs::create_dir_all(dir).map_err(|err| AppError::Export(format!("cannot create {}: {err}", dir.display())))?;
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    for n in 1..1000 {
        let path = if n == 1 { dir.join(name) } else { dir.join(format!("{stem}-{n}.{extension}")) };
        let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => file,
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(err) => return Err(AppError::Export(format!("cannot write {}: {err}", path.display()))),
        };
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|err| AppError::Export(format!("cannot write {}: {err}", path.display())))?;
        return Ok(ExportedFile { path: path.display().to_string(), bytes: bytes.len() });
    }
    Err(AppError::Export(format!("{} holds a thousand exports named {name}: move some away", dir.display())))
}

/// A place's name as part of a file name: letters and digits of any script, the rest one `-`.
fn file_name_part(text: &str) -> String {
    let mut part = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            part.push(c);
        } else if !part.is_empty() && !part.ends_with('-') {
            part.push('-');
        }
    }
    let part = part.trim_end_matches('-');
    part.chars().take(40).collect::<String>().trim_end_matches('-').to_owned()
}

/// The report as it leaves the office at `stage` (sent to the authority, or published),
/// to keep with that version: the public version, since nothing that leaves the office may
/// carry interview content or a finding marked confidential (OPCAT art. 21), with the stage
/// on its cover. Returns the PDF and the file name it is kept under.
pub(crate) fn issued_report(
    store: &vigil_store::Store,
    visit_id: Uuid,
    stage: vigil_core::records::ReportStage,
    language: ReportLanguage,
) -> Result<(Vec<u8>, String), AppError> {
    pdf::issued(store, visit_id, stage, language.into()).map_err(report_error)
}

impl AppState {
    fn export_dir(&self) -> Result<PathBuf, AppError> {
        self.export_dir
            .clone()
            .ok_or_else(|| AppError::Export(format!("there is no folder to export to: set {EXPORT_DIR_ENV}")))
    }

    /// Quick wipe: removes what this app exported from the export folder, known by the
    /// names it gives them; the person's other files there stay. Each file is tried.
    pub(crate) fn remove_exports(&self) -> Result<(), String> {
        let Some(dir) = &self.export_dir else { return Ok(()) };
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(err) => return Err(format!("{}: {err}", dir.display())),
        };
        let mut problems = Vec::new();
        for entry in entries {
            let path = match entry {
                Ok(entry) => entry.path(),
                Err(err) => {
                    problems.push(format!("{}: {err}", dir.display()));
                    continue;
                }
            };
            let exported = path.file_name().and_then(|name| name.to_str()).is_some_and(is_export_name);
            if exported
                && path.is_file()
                && let Err(err) = std::fs::remove_file(&path)
            {
                problems.push(format!("{}: {err}", path.display()));
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(problems.join("; ")) }
    }

    fn visit_report(&self, visit_id: Uuid, audience: ReportAudience) -> Result<VisitReport, AppError> {
        self.with_app_store(|store| VisitReport::build(store, visit_id, audience.into()).map_err(report_error))
    }

    /// The report of an approved visit as a page the window shows and prints.
    pub fn visit_report_html(
        &self,
        visit_id: Uuid,
        audience: ReportAudience,
        language: ReportLanguage,
    ) -> Result<String, AppError> {
        let report = self.visit_report(visit_id, audience)?;
        Ok(html::render(&report, Options::for_report(&report, language.into())))
    }

    /// Saves the report of an approved visit as a PDF or a DOCX in the export folder.
    pub fn export_visit_report(
        &self,
        visit_id: Uuid,
        audience: ReportAudience,
        language: ReportLanguage,
        format: ReportFormat,
    ) -> Result<ExportedFile, AppError> {
        let report = self.visit_report(visit_id, audience)?;
        let options = Options::for_report(&report, language.into());
        let (bytes, extension) = match format {
            ReportFormat::Pdf => (pdf::render(&report, options).map_err(report_error)?, "pdf"),
            ReportFormat::Docx => (docx::render(&report, options).map_err(report_error)?, "docx"),
        };
        let place = file_name_part(&report.place.name);
        let (day, tag) = (report.day(), Language::from(language).tag());
        let name = format!("vigil-{place}-{day}-{}-{tag}-{}.{extension}", audience_name(audience), short(visit_id));
        write(&self.export_dir()?, &name, &bytes)
    }

    /// Saves the PDF kept with a report version (as it was sent or published) in the export
    /// folder; its bytes are checked against the hash they were kept under.
    pub fn save_report_version(&self, version_id: Uuid) -> Result<ExportedFile, AppError> {
        use vigil_core::Entity;
        use vigil_core::records::{Attachment, ReportVersion};
        let (file_name, bytes) = self.with_app_store(|store| {
            let version: ReportVersion = crate::inspection::typed(store.record(Entity::ReportVersion, version_id)?)
                .ok_or_else(|| crate::inspection::not_found(Entity::ReportVersion, version_id))?;
            let attachment_id = version
                .attachment_id
                .ok_or_else(|| AppError::InvalidInput("this stage of the report keeps no PDF".to_owned()))?;
            let kept: Attachment = crate::inspection::typed(store.record(Entity::Attachment, attachment_id)?)
                .ok_or_else(|| crate::inspection::not_found(Entity::Attachment, attachment_id))?;
            Ok((kept.file_name, store.read_blob(&kept.sha256)?))
        })?;
        write(&self.export_dir()?, &file_name, &bytes)
    }

    /// The NPM's name and logo that head this device's reports.
    pub fn report_office(&self) -> Result<ReportOffice, AppError> {
        let office = self.with_app_store(|store| office::read(store).map_err(report_error))?;
        let logo = office.logo.map(|logo| format!("data:image/png;base64,{}", BASE64_STANDARD.encode(&logo.png)));
        Ok(ReportOffice { name: office.name, logo })
    }

    /// Sets the NPM's name on reports (empty: the cover says "National Preventive Mechanism").
    pub fn set_report_name(&self, name: &str) -> Result<ReportOffice, AppError> {
        self.with_app_store(|store| office::set_name(store, name).map_err(office_error))?;
        self.report_office()
    }

    /// Sets the logo on reports (a PNG or JPEG of at most 2 MB), or removes it.
    pub fn set_report_logo(&self, bytes: Option<Vec<u8>>) -> Result<ReportOffice, AppError> {
        self.with_app_store(|store| office::set_logo(store, bytes.as_deref()).map_err(office_error))?;
        self.report_office()
    }

    /// Saves visits, findings and recommendations: three CSV files or one JSON file.
    pub fn export_tables(&self, audience: ReportAudience, format: TableFormat) -> Result<Vec<ExportedFile>, AppError> {
        let today = Utc::now().date_naive();
        let tables = self.with_app_store(|store| Tables::read(store, audience.into(), today).map_err(report_error))?;
        let dir = self.export_dir()?;
        let stem = format!("vigil-{today}-{}", audience_name(audience));
        match format {
            TableFormat::Json => {
                let json = tables.to_json().map_err(report_error)?;
                Ok(vec![write(&dir, &format!("{stem}.json"), json.as_bytes())?])
            }
            TableFormat::Csv => {
                let visits = to_csv(&tables.visits).map_err(report_error)?;
                let findings = to_csv(&tables.findings).map_err(report_error)?;
                let recommendations = to_csv(&tables.recommendations).map_err(report_error)?;
                Ok(vec![
                    write(&dir, &format!("{stem}-visits.csv"), visits.as_bytes())?,
                    write(&dir, &format!("{stem}-findings.csv"), findings.as_bytes())?,
                    write(&dir, &format!("{stem}-recommendations.csv"), recommendations.as_bytes())?,
                ])
            }
        }
    }
}

/// The id's last (random) characters, enough to tell two reports of one day apart.
fn short(id: Uuid) -> String {
    id.simple().to_string()[24..].to_owned()
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use sha2::{Digest, Sha256};

    use super::{file_name_part, is_export_name, write};

    #[test]
    fn a_file_name_carries_the_place_in_its_own_script() {
        assert_eq!(file_name_part("Police Station 4, Harbour District"), "police-station-4-harbour-district");
        assert_eq!(file_name_part("  Гянджинская тюрьма №2 "), "гянджинская-тюрьма-2");
        assert_eq!(file_name_part("../../etc/passwd"), "etc-passwd");
        assert!(file_name_part(&"Şəki ".repeat(30)).chars().count() <= 40);
    }

    #[test]
    fn a_quick_wipe_knows_every_kind_of_file_the_app_exports_and_nothing_else() {
        for name in
            ["vigil-a-2026-03-02-public-az-1.pdf", "vigil-a-public-ru-1.docx", "vigil-x-visits.csv", "vigil-x.json"]
        {
            assert!(is_export_name(name), "{name}");
        }
        for name in ["report.docx", "vigil-notes.txt", "my-vigil-x.pdf"] {
            assert!(!is_export_name(name), "{name}");
        }
    }

    #[test]
    fn saving_again_keeps_the_earlier_file() {
        let dir = tempfile::tempdir().expect("dir");
        let first = write(dir.path(), "vigil-x.pdf", b"first").expect("first");
        let second = write(dir.path(), "vigil-x.pdf", b"second").expect("second");
        assert_ne!(first.path, second.path);
        assert!(second.path.ends_with("vigil-x-2.pdf"), "{}", second.path);
        assert_eq!(std::fs::read(&first.path).expect("first"), b"first");
        assert_eq!(std::fs::read(&second.path).expect("second"), b"second");
    }

    #[test]
    fn the_window_csp_lets_the_report_style_sheet_in_by_its_hash() {
        let digest = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(vigil_report::html::STYLE));
        let config = include_str!("../tauri.conf.json");
        assert!(
            config.contains(&format!("'sha256-{digest}'")),
            "the report's style sheet changed: put 'sha256-{digest}' in style-src of tauri.conf.json"
        );
    }
}
