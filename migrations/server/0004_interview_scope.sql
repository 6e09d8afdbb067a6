-- An op about an interview is marked on its scope, `i:` and the team: the team's devices
-- receive it, an administrator's device (which receives every team's changes) never does.
-- Interviews themselves, and comments (with the answers to them), amendments and audit
-- events whose subject is an interview. Audit events about an interview went to every
-- device before: they go to its visit's team now.
UPDATE op_log SET scope = 'i:' || scope
 WHERE scope IS NOT NULL AND scope <> '*' AND scope NOT LIKE 'i:%'
   AND (entity = 'interview'
        OR (entity = 'review_comment' AND json_extract(body, '$.entity_id') IN (
              SELECT id FROM review_comment WHERE target_entity = 'interview'
              OR reply_to IN (SELECT id FROM review_comment WHERE target_entity = 'interview')))
        OR (entity = 'amendment' AND json_extract(body, '$.entity_id') IN (
              SELECT id FROM amendment WHERE target_entity = 'interview')));

UPDATE op_log SET scope = 'i:' || COALESCE((
         SELECT v.team_id FROM audit_event e
           JOIN interview i ON i.id = e.target_id
           JOIN visit v ON v.id = i.visit_id
          WHERE e.id = json_extract(op_log.body, '$.entity_id')), '*')
 WHERE entity = 'audit_event' AND scope IS NOT NULL
   AND json_extract(body, '$.entity_id') IN (SELECT id FROM audit_event WHERE target_entity = 'interview');
