use std::collections::BTreeSet;

use vigil_core::Role;
use vigil_core::records::FacilityKind;
use vigil_demo::{DemoParams, generate};
use vigil_tests::Office;

/// The demo data loaded at the central office reaches a team lead's device whole: every
/// kind of place, the team's visits with all their records, open recommendations, search.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_data_at_the_office_reaches_a_leads_device() {
    let office = Office::start().await;
    let demo = generate(&DemoParams::default());
    office.storage.add_records(&demo.records).expect("load demo data");
    let lead = vigil_tests::demo_user(&demo, Role::Lead, None);
    let dir = tempfile::tempdir().expect("dir");
    let device = office.device(lead.id, Role::Lead, dir.path(), "lead").await;
    let report = device.sync().await.expect("first sync");
    assert!(report.pulled > 0 && report.requests >= 2, "{report:?}");

    let store = device.store();
    let places = store.places().expect("places");
    let kinds: BTreeSet<FacilityKind> = places.iter().map(|p| p.kind).collect();
    assert_eq!(kinds.len(), FacilityKind::ALL.len(), "every kind of place arrives");
    assert!(places.iter().any(|p| p.last_visit_on.is_some() && p.open_recommendations > 0));

    let team_visits: Vec<&vigil_core::records::Visit> = demo
        .records
        .iter()
        .filter_map(|r| match r {
            vigil_core::Record::Visit(v) => Some(v),
            _ => None,
        })
        .collect();
    let (mine, theirs): (Vec<&vigil_core::records::Visit>, Vec<_>) =
        team_visits.iter().partition(|v| lead.team_ids.contains(&v.team_id));
    assert!(!mine.is_empty() && !theirs.is_empty());
    for visit in &mine {
        let bundle = store.visit_bundle(visit.id).expect("the team's visit is on the device");
        let expected = demo.records.iter().filter(|r| r.visit_id() == Some(visit.id) && r.id() != visit.id).count();
        let held = bundle.members.len()
            + bundle.answers.len()
            + bundle.observations.len()
            + bundle.interviews.len()
            + bundle.register_checks.len()
            + bundle.recommendations.len()
            + bundle.assessments.len()
            + bundle.attachments.len()
            + bundle.comments.len()
            + bundle.debriefs.len();
        assert_eq!(held, expected, "every record of visit {}", visit.id);
    }
    for visit in &theirs {
        assert!(store.visit_bundle(visit.id).is_err(), "another team's visit stays at the office");
    }

    let some_finding = mine
        .iter()
        .find_map(|v| store.visit_bundle(v.id).ok()?.observations.into_iter().next())
        .expect("a finding of the team");
    let word = some_finding.text.split_whitespace().find(|w| w.len() > 6).expect("a long word").to_owned();
    let hits = store.search(&word, 50).expect("search");
    assert!(hits.iter().any(|h| h.id == some_finding.id), "search finds {word:?}");
}
