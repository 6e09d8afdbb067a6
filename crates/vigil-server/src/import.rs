//! Importing reference data from files an administrator prepares: places as CSV (one row
//! per place, a header naming the columns) or JSON, checklist templates as JSON. Every
//! record is checked; an error names the row or item and the field, and refuses the file.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use uuid::Uuid;
use vigil_core::Record;
use vigil_core::records::{ChecklistSection, ChecklistTemplate, Facility, FacilityKind, TemplateTranslation};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path} must end in .csv or .json")]
    Format { path: String },
    #[error("{place}: {message}")]
    Invalid { place: String, message: String },
}

/// A place as a row or JSON object: the id is optional (a new one is made).
#[derive(Debug, Deserialize)]
struct PlaceRow {
    id: Option<Uuid>,
    name: String,
    kind: FacilityKind,
    region: String,
    #[serde(default)]
    address: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    authority: String,
    capacity: Option<i64>,
    population: Option<i64>,
    #[serde(default)]
    contact: String,
    /// IANA name (`Asia/Baku`); a column a file may leave out.
    #[serde(default)]
    time_zone: Option<String>,
}

impl From<PlaceRow> for Facility {
    fn from(row: PlaceRow) -> Facility {
        Facility {
            id: row.id.unwrap_or_else(Uuid::now_v7),
            name: row.name,
            kind: row.kind,
            region: row.region,
            address: row.address,
            latitude: row.latitude,
            longitude: row.longitude,
            authority: row.authority,
            capacity: row.capacity,
            population: row.population,
            contact: row.contact,
            time_zone: row.time_zone.map(|zone| zone.trim().to_owned()).filter(|zone| !zone.is_empty()),
        }
    }
}

#[derive(Debug, Deserialize)]
struct TemplateItem {
    id: Option<Uuid>,
    kind: FacilityKind,
    version: i64,
    title: String,
    sections: Vec<ChecklistSection>,
    /// The language the template is written in; English when left out.
    #[serde(default = "vigil_core::records::default_language")]
    language: String,
    /// The template in other languages (none: shown in its own language everywhere).
    #[serde(default)]
    translations: BTreeMap<String, TemplateTranslation>,
}

fn read(path: &Path) -> Result<String, ImportError> {
    std::fs::read_to_string(path).map_err(|source| ImportError::Read { path: path.display().to_string(), source })
}

fn checked(place: String, record: Record) -> Result<Record, ImportError> {
    record.validate().map_err(|err| ImportError::Invalid { place, message: err.to_string() })?;
    Ok(record)
}

/// Places from a `.csv` or `.json` file.
pub fn facilities(path: &Path) -> Result<Vec<Record>, ImportError> {
    let text = read(path)?;
    let name = path.display().to_string();
    match path.extension().and_then(|e| e.to_str()) {
        Some("csv") => facilities_from_csv(&text, &name),
        Some("json") => facilities_from_json(&text, &name),
        _ => Err(ImportError::Format { path: name }),
    }
}

/// Places from the text of a JSON file (a list of places); `name` names the file in errors.
pub fn facilities_from_json(text: &str, name: &str) -> Result<Vec<Record>, ImportError> {
    let rows: Vec<PlaceRow> = serde_json::from_str(text)
        .map_err(|err| ImportError::Invalid { place: name.to_owned(), message: err.to_string() })?;
    rows.into_iter()
        .enumerate()
        .map(|(n, row)| checked(format!("{name}, item {}", n + 1), Facility::from(row).into()))
        .collect()
}

/// Places from the text of a CSV file with a header row; `name` names the file in errors.
pub fn facilities_from_csv(text: &str, name: &str) -> Result<Vec<Record>, ImportError> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut records = Vec::new();
    for (n, row) in reader.deserialize::<PlaceRow>().enumerate() {
        // Row 1 is the header.
        let place = format!("{name}, row {}", n + 2);
        let row = row.map_err(|err| ImportError::Invalid { place: place.clone(), message: err.to_string() })?;
        records.push(checked(place, Facility::from(row).into())?);
    }
    Ok(records)
}

/// Checklist templates from a `.json` file holding one template or a list of them.
pub fn templates(path: &Path) -> Result<Vec<Record>, ImportError> {
    templates_from_json(&read(path)?, &path.display().to_string())
}

/// Checklist templates from the text of a JSON file; `name` names the file in errors.
pub fn templates_from_json(text: &str, name: &str) -> Result<Vec<Record>, ImportError> {
    let invalid = |message: String| ImportError::Invalid { place: name.to_owned(), message };
    let value: serde_json::Value = serde_json::from_str(text).map_err(|err| invalid(err.to_string()))?;
    let items: Vec<TemplateItem> = match value {
        serde_json::Value::Array(_) => serde_json::from_value(value),
        single => serde_json::from_value(single).map(|item| vec![item]),
    }
    .map_err(|err| invalid(err.to_string()))?;
    items
        .into_iter()
        .enumerate()
        .map(|(n, item)| {
            let template = ChecklistTemplate {
                id: item.id.unwrap_or_else(Uuid::now_v7),
                kind: item.kind,
                version: item.version,
                title: item.title,
                sections: item.sections,
                language: item.language,
                translations: item.translations,
            };
            let place = format!("{name}, template {}", n + 1);
            // The core's own check, asked first for its fuller answer: which language and question.
            if let Err(err) = template.check_translations() {
                return Err(ImportError::Invalid { place, message: format!("checklist_template.{err}") });
            }
            checked(place, template.into())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn file(suffix: &str, text: &str) -> tempfile::NamedTempFile {
        let mut file = tempfile::Builder::new().suffix(suffix).tempfile().expect("temp file");
        file.write_all(text.as_bytes()).expect("write");
        file
    }

    const HEADER: &str = "name,kind,region,address,latitude,longitude,authority,capacity,population,contact\n";

    #[test]
    fn places_import_from_csv_with_quoted_commas() {
        let csv = format!(
            "{HEADER}\"Prison No. 2, East Wing\",prison,Riverside,\"1 Mill Road, Riverside\",41.2,47.1,Ministry of Justice,400,512,\n\
             Police Station 7,police_custody,Capital City,,,,Ministry of Internal Affairs,12,,+000 1234\n"
        );
        let records = facilities(file(".csv", &csv).path()).expect("import");
        assert_eq!(records.len(), 2);
        let Record::Facility(first) = &records[0] else { panic!("a place") };
        assert_eq!(
            (first.name.as_str(), first.address.as_str()),
            ("Prison No. 2, East Wing", "1 Mill Road, Riverside")
        );
        assert_eq!((first.capacity, first.population), (Some(400), Some(512)));
    }

    #[test]
    fn a_bad_row_is_named_and_refuses_the_file() {
        let csv = format!("{HEADER}Good,prison,North,,,,Ministry,10,10,\nBad,castle,North,,,,Ministry,10,10,\n");
        let err = facilities(file(".csv", &csv).path()).expect_err("unknown kind");
        assert!(err.to_string().contains("row 3") && err.to_string().contains("castle"), "{err}");
        let csv = format!("{HEADER}Empty authority,prison,North,,,,,10,10,\n");
        let err = facilities(file(".csv", &csv).path()).expect_err("invalid");
        assert!(err.to_string().ends_with("row 2: facility.authority: must not be empty"), "{err}");
        let err = facilities(file(".txt", "x").path()).expect_err("format");
        assert!(err.to_string().contains("must end in .csv or .json"));
    }

    #[test]
    fn templates_import_from_json_and_are_validated() {
        let one = r#"{"kind": "police_custody", "version": 2, "title": "Police custody v2", "sections": [
            {"area": "protection_measures", "questions": [
                {"key": "pc.prot.lawyer", "text": "Lawyer from the outset?", "answer": {"type": "yes_no"}, "standard": null}]}]}"#;
        let records = templates(file(".json", one).path()).expect("import");
        assert!(matches!(&records[0], Record::ChecklistTemplate(t) if t.version == 2 && t.question_count() == 1));
        let twice = one.replace("]}]}", "]}, {\"area\": \"protection_measures\", \"questions\": []}]}");
        let err = templates(file(".json", &twice).path()).expect_err("area twice");
        assert!(err.to_string().contains("template 1: checklist_template.sections: must not repeat an area"), "{err}");
    }

    const TRANSLATED: &str = r#"{"kind": "police_custody", "version": 3, "title": "Police custody", "language": "en",
        "sections": [{"area": "material_conditions", "questions": [
            {"key": "pc.mat.cell", "text": "Floor area of the cell", "answer": {"type": "measurement", "unit": "m²"}, "standard": "CPT/Inf(2015)44"},
            {"key": "pc.mat.light", "text": "Natural light", "answer": {"type": "choice", "options": ["Adequate", "None"]}, "standard": null}]}],
        "translations": {
            "ru": {"title": "Полиция", "questions": {
                "pc.mat.cell": {"text": "Площадь камеры", "unit": "м²", "standard": "CPT/Inf(2015)44"},
                "pc.mat.light": {"text": "Естественное освещение", "options": ["Достаточное", "Нет"]}}},
            "az": {"title": "Polis", "questions": {"pc.mat.cell": {"text": "Kameranın sahəsi"}}}}}"#;

    #[test]
    fn a_template_imports_with_its_translations() {
        let records = templates(file(".json", TRANSLATED).path()).expect("import");
        let Record::ChecklistTemplate(template) = &records[0] else { panic!("a template") };
        assert_eq!(template.title_in("ru"), "Полиция");
        let light = template.question("pc.mat.light").expect("question");
        assert_eq!(template.option_in(light, "None", "ru"), "Нет");
        assert_eq!(template.question_text_in(light, "az"), "Natural light", "no az text: the source");
    }

    #[test]
    fn a_translation_of_a_question_the_template_lacks_or_of_an_unknown_language_is_named() {
        let stray =
            TRANSLATED.replace("\"pc.mat.cell\": {\"text\": \"Kameranın", "\"pc.mat.door\": {\"text\": \"Kameranın");
        let err = templates(file(".json", &stray).path()).expect_err("no such question");
        assert!(
            err.to_string().ends_with(
                "template 1: checklist_template.translations.az.questions.pc.mat.door: is not a question of the visit's checklist"
            ),
            "{err}"
        );
        let french = TRANSLATED.replace("\"az\": {", "\"fr\": {");
        let err = templates(file(".json", &french).path()).expect_err("unknown language");
        assert!(err.to_string().contains("checklist_template.translations.fr: must be en, az or ru"), "{err}");
        let options = TRANSLATED.replace("[\"Достаточное\", \"Нет\"]", "[\"Достаточное\"]");
        let err = templates(file(".json", &options).path()).expect_err("one label short");
        assert!(err.to_string().contains("pc.mat.light: must give one label for each"), "{err}");
    }
}
