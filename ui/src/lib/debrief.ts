/** The end-of-visit debrief form: its fields as typed, and the record they make. */
import type { Debrief } from './types';

export interface DebriefForm {
  /** `HH:MM` on the day the talk is recorded (the visit's last day). */
  time: string;
  facility_participants: string;
  team_participants: string;
  points_raised: string;
  immediate_concerns: string;
}

function twoDigits(n: number): string {
  return String(n).padStart(2, '0');
}

/** A form for a debrief held, or for a new one starting now. */
export function debriefForm(debrief: Debrief | null, now: Date = new Date()): DebriefForm {
  const at = debrief === null ? now : new Date(debrief.held_at);
  return {
    time: `${twoDigits(at.getHours())}:${twoDigits(at.getMinutes())}`,
    facility_participants: debrief?.facility_participants ?? '',
    team_participants: debrief?.team_participants ?? '',
    points_raised: debrief?.points_raised ?? '',
    immediate_concerns: debrief?.immediate_concerns ?? '',
  };
}

/**
 * The record the form makes: the time on the day of `day` (a held debrief keeps its own
 * day), in the device's time zone, as UTC. `null` for a time that is not `HH:MM`.
 */
export function debriefRecord(form: DebriefForm, base: { id: string; visit_id: string; day: Date }): Debrief | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(form.time.trim());
  if (match === null) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (hours > 23 || minutes > 59) return null;
  const at = new Date(base.day);
  at.setHours(hours, minutes, 0, 0);
  return {
    id: base.id,
    visit_id: base.visit_id,
    held_at: at.toISOString(),
    facility_participants: form.facility_participants.trim(),
    team_participants: form.team_participants.trim(),
    points_raised: form.points_raised.trim(),
    immediate_concerns: form.immediate_concerns.trim(),
  };
}
