import { render } from 'svelte/server';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../lib/i18n.svelte';
import { place } from '../lib/testing';
import PlaceCard from './PlaceCard.svelte';

/** The card's text as a person reads it (tags and comments dropped, spaces collapsed). */
function text(props: Parameters<typeof render<typeof PlaceCard>>[1]): string {
  const { body } = render(PlaceCard, props);
  return body
    .replace(/<!--.*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const visited = place({
  name: 'Central Prison',
  kind: 'pre_trial_detention',
  last_visit_on: '2024-03-05',
  open_recommendations: 3,
  overdue_recommendations: 1,
});

afterEach(() => setLocale('en', null));

describe('PlaceCard in each language', () => {
  it('speaks English by default', () => {
    const card = text({ props: { place: visited } });
    expect(card).toContain('Pre-trial detention');
    expect(card).toContain('Region North');
    expect(card).toContain('Our last visit Mar 5, 2024');
    expect(card).toContain('3 open recommendations');
    expect(card).toContain('1 overdue');
  });

  it('switches to Russian, with its plurals and dates', () => {
    setLocale('ru', null);
    const card = text({ props: { place: visited } });
    expect(card).toContain('Следственный изолятор');
    expect(card).toContain('Регион North');
    expect(card).toContain('Наше последнее посещение 5 мар. 2024 г.');
    expect(card).toContain('3 открытые рекомендации');
    expect(card).toContain('Просрочено: 1');
    expect(card).not.toContain('open recommendation');
  });

  it('switches to Azerbaijani', () => {
    setLocale('az', null);
    const card = text({ props: { place: { ...visited, last_visit_on: null, open_recommendations: 5 } } });
    expect(card).toContain('İstintaq təcridxanası');
    expect(card).toContain('Qruplarımız baş çəkməyib');
    expect(card).toContain('5 açıq tövsiyə');
  });

  it('keeps its structure for the end-to-end tests whatever the language', () => {
    const shape = (body: string) => body.replace(/>[^<]*</g, '><').replace(/title="[^"]*"/g, '');
    const english = render(PlaceCard, { props: { place: visited } }).body;
    setLocale('ru', null);
    const russian = render(PlaceCard, { props: { place: visited } }).body;
    expect(shape(russian)).toBe(shape(english));
    expect(russian).toMatch(/<a class="open[ "]/);
  });
});
