/**
 * The authority's answer as the screens word it. Every judgement (due, overdue, due soon,
 * who may record) comes from Rust (`vigil_core::answer`, `access::may_record_authority_answer`);
 * this only names what it says, in the person's language.
 */
import { formatDate } from './format';
import { t } from './i18n.svelte';
import { enumLabel } from './kinds';
import type { AnswerFollowUp, AuthorityResponse, ReminderKind, ReportStage, ReportVersion } from './types';

/** The positions an answer takes (never "pending": that is no answer). */
export const POSITIONS: readonly AuthorityResponse[] = ['accepted', 'partially_accepted', 'rejected'];

export const STAGES: readonly ReportStage[] = ['provisional', 'comments', 'final', 'published'];

export function positionLabel(position: AuthorityResponse): string {
  return enumLabel('authority.positions', position) ?? position;
}

export function stageLabel(stage: ReportStage): string {
  return enumLabel('authority.stages.names', stage) ?? stage;
}

export function reminderLabel(kind: ReminderKind): string {
  return enumLabel('authority.reminders.kinds', kind) ?? kind;
}

/** Where the answer stands, in words: "No answer since 01.10.2026". */
export function answerStateText(follow: AnswerFollowUp): string {
  const date = formatDate(follow.due_on) ?? '';
  return t(`authority.state.${follow.state}`, { date });
}

/** Whether the answer needs someone's attention: late, or due soon. */
export function isPressing(follow: AnswerFollowUp): boolean {
  return follow.state === 'overdue' || follow.state === 'due_soon' || follow.steps_overdue > 0;
}

/** The report's stage now: Rust sends the versions oldest first (`Store::report_versions`). */
export function currentStage(versions: readonly ReportVersion[]): ReportVersion | null {
  return versions.at(-1) ?? null;
}

/** A step being written in the answer form. */
export type StepDraft = { text: string; due_on: string | null };

/** The steps to send: those with words; each needs its day. */
export function readySteps(steps: readonly StepDraft[]): { text: string; due_on: string }[] | null {
  const written = steps.filter((s) => s.text.trim() !== '');
  if (written.some((s) => !s.due_on)) return null;
  return written.map((s) => ({ text: s.text.trim(), due_on: s.due_on as string }));
}
