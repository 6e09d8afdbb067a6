// Tests read English, with en-US dates, whatever the machine's language (Node 21+ has a
// `navigator` that reports it). Tests of other languages switch on purpose.
import { vi } from 'vitest';
import { setLocale } from './lib/i18n.svelte';

vi.stubGlobal('navigator', { language: 'en-US', languages: ['en-US'] });
setLocale('en', null);
