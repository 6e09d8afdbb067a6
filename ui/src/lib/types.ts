// The types the commands exchange with Rust are generated into `bindings.ts` from the Rust
// types themselves (a Rust test fails when it is stale). This file re-exports them and
// names the few narrower shapes the screens work with.

import type { AnyRecord, ConflictView, RejectedView, SyncState, VersionView } from './bindings';

export type * from './bindings';

/** What sync is doing, as the badge names it. */
export type SyncStateName = SyncState;

/** The records the visit screen saves: a narrowing of `AnyRecord`. */
export type VisitRecord = Extract<
  AnyRecord,
  { entity: 'observation' | 'interview' | 'register_check' | 'recommendation' | 'recommendation_assessment' | 'debrief' }
>;

export type VisitEntity = VisitRecord['entity'];

/** A field edited on two devices at once, as the Conflicts screen lists it. */
export type ConflictItem = ConflictView;

/** One competing value of a conflicting field. */
export type ConflictVersion = VersionView;

/** A local change the central office refused, with its reason. */
export type RejectedItem = RejectedView;
