import { describe, expect, it } from 'vitest';
import { debriefForm, debriefRecord } from './debrief';

const base = { id: 'd1', visit_id: 'v1', day: new Date(2026, 2, 2, 9, 0) };

describe('the debrief form', () => {
  it('starts at the time now, empty, and makes the record at that time on the day', () => {
    const form = debriefForm(null, new Date(2026, 2, 2, 15, 7));
    expect(form).toEqual({ time: '15:07', facility_participants: '', team_participants: '', points_raised: '', immediate_concerns: '' });
    const record = debriefRecord({ ...form, facility_participants: ' Head of the station ', points_raised: 'No lawyer' }, base);
    expect(record?.facility_participants).toBe('Head of the station');
    expect(new Date(record!.held_at).getTime()).toBe(new Date(2026, 2, 2, 15, 7).getTime());
  });

  it('refuses a time that is not one', () => {
    for (const time of ['', '25:00', '12:60', 'noon', '1530']) expect(debriefRecord({ ...debriefForm(null), time }, base)).toBeNull();
  });

  it('opens a held debrief with its own words and time', () => {
    const held = { ...debriefRecord({ ...debriefForm(null), time: '16:45', points_raised: 'Cell 3' }, base)! };
    expect(debriefForm(held)).toMatchObject({ time: '16:45', points_raised: 'Cell 3' });
  });
});
