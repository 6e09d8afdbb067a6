/**
 * The review of a visit as the screens show it: who may comment or answer now, which
 * threads belong beside which record, the threads grouped by area for the Review part,
 * the workflow buttons, and the integrity line.
 */
import { questionWords } from './checklist-words';
import type { MessageKey } from './i18n.svelte';
import type {
  Amendment,
  AnyRecord,
  Area,
  ChecklistTemplate,
  CommentThread,
  Entity,
  Role,
  VisitDetail,
  VisitIntegrity,
  VisitStatus,
} from './types';

/** The records a comment or an amendment may be about, besides the whole visit. */
export type ReviewTarget = { entity: Entity; id: string } | null;

/** A supervisor comments while the visit is submitted or in review. */
export function canComment(role: Role | null, status: VisitStatus): boolean {
  return role === 'supervisor' && (status === 'submitted' || status === 'in_review');
}

/** The team answers once the visit is back in its hands. */
export function canAnswer(role: Role | null, status: VisitStatus): boolean {
  return (role === 'inspector' || role === 'lead') && (status === 'returned' || status === 'in_progress');
}

/** A member of the team or a supervisor amends an approved visit. */
export function canAmend(role: Role | null, status: VisitStatus): boolean {
  return status === 'approved' && (role === 'inspector' || role === 'lead' || role === 'supervisor');
}

function sameTarget(entity: Entity | null, id: string | null, target: ReviewTarget): boolean {
  if (target === null) return entity === null;
  return entity === target.entity && id === target.id;
}

/** The threads about one record (or, with null, about the whole visit). */
export function threadsAbout(threads: readonly CommentThread[], target: ReviewTarget): CommentThread[] {
  return threads.filter((t) => sameTarget(t.comment.target_entity, t.comment.target_id, target));
}

/** The amendments about one record (or, with null, about the whole visit). */
export function amendmentsAbout(amendments: readonly Amendment[], target: ReviewTarget): Amendment[] {
  return amendments.filter((a) => sameTarget(a.target_entity, a.target_id, target));
}

/** A thread is answered when the team replied under it. */
export function isAnswered(thread: CommentThread): boolean {
  return thread.replies.length > 0;
}

export function unansweredCount(threads: readonly CommentThread[]): number {
  return threads.filter((t) => !isAnswered(t)).length;
}

/** The area a record belongs to: its own, or its question's section for a checklist answer. */
export function targetArea(target: AnyRecord | null, template: ChecklistTemplate | null): Area | null {
  if (target === null) return null;
  switch (target.entity) {
    case 'observation':
    case 'recommendation':
      return target.record.area;
    case 'checklist_answer': {
      const key = target.record.question_key;
      return template?.sections.find((s) => s.questions.some((q) => q.key === key))?.area ?? null;
    }
    default:
      return null;
  }
}

export interface ThreadGroup {
  /** Null: about the whole visit, or a record without an area. */
  area: Area | null;
  threads: CommentThread[];
}

/**
 * The threads by area, in the checklist's area order (then any other area), the
 * visit-wide ones first; oldest first inside a group.
 */
export function groupThreads(threads: readonly CommentThread[], template: ChecklistTemplate | null): ThreadGroup[] {
  const order: (Area | null)[] = [null, ...(template?.sections.map((s) => s.area) ?? [])];
  const groups = new Map<Area | null, CommentThread[]>();
  for (const thread of threads) {
    const area = targetArea(thread.target, template);
    if (!order.includes(area)) order.push(area);
    groups.set(area, [...(groups.get(area) ?? []), thread]);
  }
  const byTime = (a: CommentThread, b: CommentThread) => (a.comment.at ?? '').localeCompare(b.comment.at ?? '');
  return order.filter((area) => groups.has(area)).map((area) => ({ area, threads: groups.get(area)!.sort(byTime) }));
}

/**
 * A short line naming what a thread is about: the kind of record and the start of its text;
 * a question in `wanted`, or in the checklist's own language marked with it ("[EN]").
 */
export function targetSummary(
  target: AnyRecord | null,
  template: ChecklistTemplate | null,
  max = 90,
  wanted = template?.language ?? 'en',
): { kind: MessageKey; text: string } {
  const cut = (text: string) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);
  if (target === null) return { kind: 'review.aboutVisit', text: '' };
  switch (target.entity) {
    case 'observation':
      return { kind: 'review.aboutFinding', text: cut(target.record.text) };
    case 'recommendation':
      return { kind: 'review.aboutRecommendation', text: cut(target.record.text) };
    case 'checklist_answer': {
      const key = target.record.question_key;
      const question = template?.sections.flatMap((s) => s.questions).find((q) => q.key === key);
      if (template === null || question === undefined) return { kind: 'review.aboutAnswer', text: cut(key) };
      const said = questionWords(template, question, wanted).text;
      const mark = said.lang === null ? '' : ` [${said.lang.toUpperCase()}]`;
      return { kind: 'review.aboutAnswer', text: `${cut(said.text)}${mark}` };
    }
    default:
      return { kind: 'review.aboutRecord', text: '' };
  }
}

export interface MoveAction {
  to: VisitStatus;
  label: MessageKey;
  /** Approval locks the visit: the screen asks first. */
  confirm: boolean;
  /** Returning sends the visit back: shown as the less prominent button. */
  secondary: boolean;
  /** Returning asks what the team must change (a comment on the visit) before it goes. */
  reason: boolean;
}

const MOVES: Partial<Record<VisitStatus, Omit<MoveAction, 'to'>>> = {
  in_review: { label: 'review.startReview', confirm: false, secondary: false, reason: false },
  returned: { label: 'review.returnToTeam', confirm: false, secondary: true, reason: true },
  approved: { label: 'review.approve', confirm: true, secondary: false, reason: false },
};

/**
 * Whether opening this visit starts its review: a submitted visit that this user may take
 * into review (Rust's `next_statuses` says who may). Opening it is reviewing it.
 */
export function opensReview(detail: Pick<VisitDetail, 'bundle' | 'next_statuses'>): boolean {
  return detail.bundle.visit.status === 'submitted' && detail.next_statuses.includes('in_review');
}

/** The workflow buttons for the moves this user may make, in the order Rust gives them. */
export function moveActions(next: readonly VisitStatus[]): MoveAction[] {
  return next.flatMap((to) => {
    const move = MOVES[to];
    return move === undefined ? [] : [{ to, ...move }];
  });
}

/** Whether the content is still what was approved. */
export type IntegrityState = 'not_approved' | 'intact' | 'changed';

export function integrityState(integrity: VisitIntegrity): IntegrityState {
  if (integrity.approved === null) return 'not_approved';
  return integrity.approved === integrity.current ? 'intact' : 'changed';
}

/** The records of a visit an amendment may name, for the amendment form's picker. */
export function amendableTargets(detail: VisitDetail): { entity: Entity; id: string; text: string }[] {
  return [
    ...detail.bundle.observations.map((o) => ({ entity: 'observation' as const, id: o.id, text: o.text })),
    ...detail.bundle.recommendations.map((r) => ({ entity: 'recommendation' as const, id: r.id, text: r.text })),
  ];
}

/**
 * What the visit screen shares with the comment slots beside its records (set in
 * `VisitView` with `setContext`): the visit as last read, what this user may do, and the
 * way to show the visit a comment command answered.
 */
export interface ReviewContext {
  readonly detail: VisitDetail;
  readonly canComment: boolean;
  readonly canAnswer: boolean;
  accept(detail: VisitDetail): void;
}

export const REVIEW_CONTEXT = Symbol('review');
