/** The conflicts screen's logic: values as a person reads them, the merge draft, and the
 * lists from Rust turned into what the cards show. */
import { formatDate, formatNumber } from './format';
import { locale, t } from './i18n.svelte';
import { enumLabel, humanise } from './kinds';
import { formatSyncDateTime, type Clock } from './sync';
import { isRefusal, refusalRule } from './errors';
import { detailText, fieldName, recordTitle } from './names';
import type { Code, ConflictItem, Detail, RejectedItem } from './types';

/** The groups of enum words the locale files name, looked up in order for a field's value. */
const ENUM_GROUPS = ['areas', 'severity', 'implementationFull', 'visitStatus', 'visitTypes', 'kinds', 'registerKinds'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ENUM_WORD = /^[a-z]+(_[a-z]+)*$/;

/** An enum name in words: its label where the locale files have one, else humanised. */
function enumWords(value: string): string {
  for (const group of ENUM_GROUPS) {
    const label = enumLabel(group, value);
    if (label !== null) return label;
  }
  return humanise(value) ?? value;
}

/** A field's value as text: words for yes/no and enum names, dates and numbers in the
 * locale, lists joined. The text of a free-text field (`freeText`) is shown exactly as written. */
export function formatValue(value: unknown, clock: Clock = {}, freeText = false): string {
  if (value === null || value === undefined || value === '') return t('conflicts.empty');
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  if (typeof value === 'number') return formatNumber(value, clock.locale);
  if (typeof value === 'string') {
    if (freeText) return value;
    if (ISO_DATE.test(value)) return formatDate(value, clock.locale) ?? value;
    if (ISO_TIME.test(value)) return formatSyncDateTime(value, clock) ?? value;
    if (ENUM_WORD.test(value)) return enumWords(value);
    return value;
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? t('conflicts.empty') : value.map((v) => formatValue(v, clock)).join(', ');
  }
  return JSON.stringify(value);
}

/** The merge textarea's first text: each different, non-empty value once, in order, a blank line apart. */
export function mergeText(values: unknown[]): string {
  const seen: string[] = [];
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const text = value.trim();
    if (text !== '' && !seen.includes(text)) seen.push(text);
  }
  return seen.join('\n\n');
}

/** One conflict per record and field. */
export function conflictKey(item: Pick<ConflictItem, 'entity' | 'entity_id' | 'field'>): string {
  return `${item.entity}/${item.entity_id}/${item.field}`;
}

export interface ValueOption {
  value: unknown;
  text: string;
  /** "Amira Haddad · 5 Mar 2026, 14:05"; "Unknown user" when the device holds no user record. */
  byline: string;
  shown: boolean;
}

export interface ConflictCard {
  key: string;
  item: ConflictItem;
  title: string;
  field: string;
  options: ValueOption[];
  /** Null when the field is not free text (the person picks one of the values). */
  mergeDraft: string | null;
}

export function byline(author: string | null, at: string | null, clock: Clock = {}): string {
  const when = formatSyncDateTime(at, clock);
  return [author ?? t('conflicts.unknownUser'), when].filter((part) => part !== null).join(' · ');
}

export function toConflictCards(items: ConflictItem[], clock: Clock = {}): ConflictCard[] {
  return items.map((item) => ({
    key: conflictKey(item),
    item,
    title: recordTitle(item.entity, item.record_text),
    field: fieldName(item.entity, item.field),
    options: item.values.map((version) => ({
      value: version.value,
      text: formatValue(version.value, clock, item.text),
      byline: byline(version.author, version.at, clock),
      shown: version.shown,
    })),
    mergeDraft: item.text ? mergeText(item.values.map((version) => version.value)) : null,
  }));
}

export interface RejectedCard {
  key: string;
  title: string;
  /** "Severity: High" per field the change tried to set. */
  changes: string[];
  code: Code;
  /** The rule the office applied, in the UI's language (a code it has no words for: null). */
  rule: string | null;
  /** What it was about, worded from the refusal's parameters (none from an older office).
   * The office's own English reason shows only in English, and only without parameters. */
  detail: string | null;
  reason: string | null;
  when: string | null;
}

/** A detail that only says again what the code's rule says (a locked visit). */
function restates(code: Code, detail: Detail): boolean {
  return (code === 'visit_locked' && detail.kind === 'locked') || (code === 'in_review' && detail.kind === 'in_review');
}

export function toRejectedCards(items: RejectedItem[], clock: Clock = {}): RejectedCard[] {
  return items.map((item) => ({
    key: item.op_id,
    title: recordTitle(item.entity, item.record_text),
    changes: item.changes.map((change) => `${fieldName(item.entity, change.field)}: ${formatValue(change.value, clock)}`),
    code: item.code,
    rule: isRefusal(item.code) ? refusalRule(item.code) : null,
    detail: item.detail === null || restates(item.code, item.detail) ? null : detailText(item.detail),
    reason: item.detail === null && locale.current === 'en' ? item.reason : null,
    when: formatSyncDateTime(item.made_at, clock),
  }));
}
