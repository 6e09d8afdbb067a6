//! The report's pages as images (pdftoppm, from poppler-utils: scripts/setup.sh), written
//! to `target/screenshots/report-<language>-<version>-<page>.png` to be looked at, and
//! checked here for what a person would see first: every page has ink, and nothing runs
//! into the right margin. The PDFs and DOCX files are left beside them.
//! `scripts/report-pages.sh` runs this and lists the files.

use std::path::PathBuf;
use std::process::Command;

use vigil_report::document::Options;
use vigil_report::export::Audience;
use vigil_report::i18n::Language;
use vigil_report::visit::VisitReport;

use crate::fixture::approved_visit;
use crate::text::pdf_pages;

fn screenshots() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("screenshots")
}

#[test]
fn the_az_and_ru_pages_render_with_ink_on_each_and_nothing_in_the_right_margin() {
    let visited = approved_visit();
    let dir = screenshots();
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    let baku = chrono::FixedOffset::east_opt(4 * 3600).expect("zone");
    for (audience, version) in [(Audience::Internal, "full"), (Audience::Public, "public")] {
        let report = VisitReport::build(&visited.store, visited.visit_id, audience).expect("report");
        for language in [Language::Az, Language::Ru] {
            let bytes = vigil_report::pdf::render(&report, Options { language, zone: baku }).expect("pdf");
            let stem = format!("report-{}-{version}", language.tag());
            let pdf = dir.join(format!("{stem}.pdf"));
            std::fs::write(&pdf, &bytes).expect("pdf written");
            // The DOCX beside it, to open in Word or LibreOffice.
            let docx = vigil_report::docx::render(&report, Options { language, zone: baku }).expect("docx");
            std::fs::write(dir.join(format!("{stem}.docx")), docx).expect("docx written");
            for old in std::fs::read_dir(&dir).expect("list").flatten() {
                let name = old.file_name().to_string_lossy().into_owned();
                if name.starts_with(&format!("{stem}-")) && name.ends_with(".png") {
                    std::fs::remove_file(old.path()).expect("old page removed");
                }
            }
            // 72 dpi: one pixel is one PDF point.
            let status = Command::new("pdftoppm")
                .args(["-r", "72", "-png"])
                .arg(&pdf)
                .arg(dir.join(&stem))
                .status()
                .expect("pdftoppm runs (apt install poppler-utils, as scripts/setup.sh does)");
            assert!(status.success());
            let mut pngs: Vec<PathBuf> = std::fs::read_dir(&dir)
                .expect("list")
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&format!("{stem}-"))))
                .filter(|p| p.extension().is_some_and(|e| e == "png"))
                .collect();
            pngs.sort();
            assert_eq!(pngs.len(), pdf_pages(&bytes), "one image per page");
            for png in &pngs {
                let page = image::open(png).expect("a page image").to_luma8();
                let inked = page.pixels().filter(|p| p.0[0] < 128).count();
                assert!(inked > 500, "{} has text on it", png.display());
                // The text column ends 56 pt from the right edge.
                let right = page.width().saturating_sub(52);
                let overflow = page.enumerate_pixels().filter(|(x, _, p)| *x >= right && p.0[0] < 200).count();
                assert_eq!(overflow, 0, "{} has ink in the right margin", png.display());
            }
        }
    }
}
