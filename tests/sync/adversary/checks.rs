//! What must hold after every batch, read from what the office stored.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use uuid::Uuid;
use vigil_core::protocol::{API_PREFIX, ChangesResponse};
use vigil_core::records::User;
use vigil_core::{Entity, Record, VisitStatus};

use super::held::Held;
use super::scene::{Case, Pusher};

impl Case {
    /// No approved visit's content changed since its approval (nor since the case began),
    /// and the hash its approval is checked against is still that content's.
    pub fn approved_content_kept(&mut self) -> Result<(), TestCaseError> {
        for record in self.held.live() {
            if let Record::Visit(visit) = record
                && visit.status == VisitStatus::Approved
                && !self.approved.contains_key(&visit.id)
            {
                let hash = self.reader.visit_content_hash(visit.id).expect("content hash");
                self.approved.insert(visit.id, hash);
            }
        }
        for (visit_id, approved) in &self.approved {
            let now = self.reader.visit_content_hash(*visit_id);
            prop_assert!(now.as_ref().is_ok_and(|now| now == approved), "approved visit {visit_id} changed: {now:?}");
            let recorded = self.reader.visit_integrity(*visit_id).expect("integrity").approved;
            prop_assert!(
                recorded.as_ref().is_none_or(|hash| hash == approved),
                "visit {visit_id} is checked against {recorded:?} now, but its approved content is {approved}"
            );
        }
        Ok(())
    }

    /// Nothing the administrator's device pulls is an interview or about one (while its user
    /// is one: an administrator may remove themselves).
    pub async fn admin_sees_no_interview(&mut self, admin: &Pusher) -> Result<(), TestCaseError> {
        if self.held.get(Entity::User, admin.user_id).is_none_or(|entry| entry.deleted) {
            return Ok(());
        }
        self.admin_since = admin_pull(&self.office.url, admin, &self.held, self.admin_since).await?;
        Ok(())
    }

    /// The colleague's device, once synced, holds exactly the office's records of its team
    /// (of the entities it can have pulled changes of). Unless an administrator changed the
    /// colleague's user in this case: a device moved to other teams keeps what it pulled
    /// before, by design, and pulls only new changes of its new teams.
    pub async fn colleague_agrees(
        &mut self,
        colleague: &User,
        entities: &BTreeSet<Entity>,
    ) -> Result<(), TestCaseError> {
        let unchanged = self
            .held
            .get(Entity::User, colleague.id)
            .is_some_and(|entry| !entry.deleted && entry.record == Record::User(colleague.clone()));
        self.colleague_moved |= !unchanged;
        if self.colleague_moved {
            return Ok(());
        }
        let team = colleague.team_ids[0];
        let synced = self.colleague_client.sync(&self.colleague, &|_| {}).await;
        prop_assert!(synced.is_ok(), "the colleague's device could not take what the office accepted: {synced:?}");
        let store = self.colleague.lock().expect("the colleague's store");
        for entity in entities {
            let on_device = store.records(*entity);
            prop_assert!(
                on_device.is_ok(),
                "the colleague's device holds a {} it cannot read: {on_device:?}",
                entity.as_str()
            );
            let on_device: BTreeMap<Uuid, Record> = on_device.into_iter().flatten().map(|r| (r.id(), r)).collect();
            let at_office: BTreeMap<Uuid, &Record> = self
                .held
                .of(*entity)
                .filter(|entry| !entry.deleted && self.seen_by(team, &entry.record))
                .map(|entry| (entry.record.id(), &entry.record))
                .collect();
            for id in on_device.keys().chain(at_office.keys()) {
                prop_assert_eq!(
                    on_device.get(id),
                    at_office.get(id).copied(),
                    "{} {} on the colleague's device (left) and at the office (right)",
                    entity.as_str(),
                    id
                );
            }
        }
        Ok(())
    }

    /// Whether a device of `team` receives a record: reference data, recommendations and
    /// their assessments go to every device, a visit and its records to its team, and an
    /// audit event where what it is about goes (the stricter reading of "events about a
    /// visit go where the visit goes": an event about an interview is about its visit).
    fn seen_by(&self, team: Uuid, record: &Record) -> bool {
        match record {
            Record::AuditEvent(event) => {
                let subject = event.target_entity.zip(event.target_id).and_then(|(e, id)| self.held.get(e, id));
                match subject.map(|entry| &entry.record) {
                    Some(Record::AuditEvent(_)) | None => true,
                    Some(subject) => self.seen_by(team, subject),
                }
            }
            _ => {
                record.entity().shared_with_every_team()
                    || record.visit_id().and_then(|id| self.held.visit(id)).is_none_or(|visit| visit.team_id == team)
            }
        }
    }
}

/// Pulls what the office has after `since` for the administrator's device: the cursor
/// after it, unless something in it is an interview or about one.
pub async fn admin_pull(url: &str, admin: &Pusher, held: &Held, mut since: u64) -> Result<u64, TestCaseError> {
    let http = reqwest::Client::new();
    loop {
        let page: ChangesResponse = http
            .get(format!("{url}{API_PREFIX}/changes?since={since}"))
            .bearer_auth(&admin.token)
            .send()
            .await
            .expect("changes")
            .json()
            .await
            .expect("a page of changes");
        for op in page.changes.iter().map(|change| &change.op) {
            let record = held.get(op.entity, op.entity_id).map(|entry| &entry.record);
            let about_interview = op.entity == Entity::Interview || record.is_some_and(|r| held.about_interview(r));
            prop_assert!(
                !about_interview,
                "the administrator's device received an op on {} {}, about an interview: {:?}",
                op.entity.as_str(),
                op.entity_id,
                record
            );
        }
        since = page.next;
        if !page.more {
            return Ok(since);
        }
    }
}
