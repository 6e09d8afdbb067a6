/**
 * What the app calls records and their fields, and what an office's refusal was about
 * (`Detail`), in the person's language: words from the catalogues, never Rust's English.
 */
import type { Detail, Entity } from './bindings';
import { hasMessage, t } from './i18n.svelte';

/** "Наблюдение": the kind of record. */
export function entityName(entity: Entity): string {
  const key = `entities.${entity}`;
  return hasMessage(key) ? t(key) : entity;
}

/** A record's field: the entity's own word for it ("Finding" for a finding's text), else the field's. */
export function fieldName(entity: Entity | string, field: string): string {
  for (const key of [`fieldsOf.${entity}.${field}`, `fields.${field}`]) if (hasMessage(key)) return t(key);
  return field;
}

/** "Наблюдение: Камера 4…", or the kind and that the device does not hold the record. */
export function recordTitle(entity: Entity, text: string | null): string {
  return text === null ? `${entityName(entity)} (${t('conflicts.notOnDevice')})` : `${entityName(entity)}: ${text}`;
}

function roleName(role: string): string {
  const key = `roles.${role}`;
  return hasMessage(key) ? t(key) : role;
}

function statusName(status: string): string {
  const key = `visitStatus.${status}`;
  return hasMessage(key) ? t(key) : status;
}

/** What a refusal was about, worded whole in the person's language. */
export function detailText(detail: Detail): string {
  switch (detail.kind) {
    case 'invalid':
      return t('errors.invalidField', { field: fieldName(detail.entity, detail.field), rule: t(`rules.${detail.rule}`) });
    case 'role_may_not':
      return t('details.role_may_not', { role: roleName(detail.role), entity: entityName(detail.entity) });
    case 'in_review':
    case 'out_of_turn':
      return t(`details.${detail.kind}`, { status: statusName(detail.status) });
    case 'no_such_move':
      return t('details.no_such_move', { from: statusName(detail.from), to: statusName(detail.to) });
    case 'move_not_for_role':
      return t('details.move_not_for_role', { role: roleName(detail.role), from: statusName(detail.from), to: statusName(detail.to) });
    default:
      return t(`details.${detail.kind}`);
  }
}
