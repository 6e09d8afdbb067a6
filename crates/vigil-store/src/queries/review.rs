//! The review of a visit as people read it: each supervisor comment with what it is about
//! and the team's answers under it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vigil_core::records::ReviewComment;
use vigil_core::{Entity, Record};

use crate::{Store, StoreError};

/// One comment that starts a thread, with its answers (answers to answers included),
/// oldest first.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentThread {
    pub comment: Dated<ReviewComment>,
    /// The record the comment is about (`None`: the whole visit, or a record since deleted).
    pub target: Option<Record>,
    pub replies: Vec<Dated<ReviewComment>>,
}

impl CommentThread {
    /// Whether the team has answered the comment.
    pub fn answered(&self) -> bool {
        !self.replies.is_empty()
    }
}

/// A record with the time its creating op was made.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dated<T> {
    pub at: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub record: T,
}

impl Store {
    /// The review comments of a visit as threads, oldest thread first.
    pub fn comment_threads(&self, visit_id: Uuid) -> Result<Vec<CommentThread>, StoreError> {
        let comments: Vec<ReviewComment> =
            self.typed(Entity::ReviewComment, "visit_id = ?1", &[&visit_id.to_string()])?;
        let times = self.created_times(Entity::ReviewComment, visit_id)?;
        let parents: HashMap<Uuid, Option<Uuid>> = comments.iter().map(|c| (c.id, c.reply_to)).collect();
        let mut threads = Vec::new();
        let mut replies: HashMap<Uuid, Vec<Dated<ReviewComment>>> = HashMap::new();
        for comment in comments {
            let at = times.get(&comment.id).copied().flatten();
            match root_of(&parents, comment.id) {
                Some(root) if root != comment.id => {
                    replies.entry(root).or_default().push(Dated { at, record: comment })
                }
                _ => {
                    let target = match comment.target_entity.zip(comment.target_id) {
                        Some((entity, id)) => self.record(entity, id)?,
                        None => None,
                    };
                    threads.push(CommentThread { comment: Dated { at, record: comment }, target, replies: Vec::new() });
                }
            }
        }
        for thread in &mut threads {
            thread.replies = replies.remove(&thread.comment.record.id).unwrap_or_default();
            thread.replies.sort_by_key(|r| (r.at, r.record.id));
        }
        threads.sort_by_key(|t| (t.comment.at, t.comment.record.id));
        Ok(threads)
    }

    /// When each record of a visit was created, by id (from the creating op's clock).
    pub(crate) fn created_times(
        &self,
        entity: Entity,
        visit_id: Uuid,
    ) -> Result<HashMap<Uuid, Option<DateTime<Utc>>>, StoreError> {
        let sql = format!("SELECT id, created_at FROM \"{}\" WHERE visit_id = ?1", entity.as_str());
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map([visit_id.to_string()], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, Option<String>>(1)?))
        })?;
        rows.map(|row| {
            let (id, at) = row?;
            let at = at.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|t| t.with_timezone(&Utc));
            Ok((id.parse().map_err(StoreError::corrupt)?, at))
        })
        .collect()
    }
}

/// The comment that starts the thread `id` is in; `None` if an answer's chain is broken
/// (its comment deleted) or loops, in which case it stands as a thread of its own.
fn root_of(parents: &HashMap<Uuid, Option<Uuid>>, id: Uuid) -> Option<Uuid> {
    let mut current = id;
    for _ in 0..=parents.len() {
        match parents.get(&current)? {
            Some(parent) if parents.contains_key(parent) => current = *parent,
            Some(_) => return None,
            None => return Some(current),
        }
    }
    None
}
