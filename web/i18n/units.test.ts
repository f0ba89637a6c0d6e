import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createFormatter, createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { durationText, liveWaitText, retryWait, sizeText, waitText } from './units';

const say = (locale: 'en' | 'fr' | 'nl') => {
  const messages = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'messages', locale, 'console.json'), 'utf8'));
  return { t: createTranslator({ locale, messages, namespace: 'units' }), format: createFormatter({ locale, timeZone: 'UTC' }) };
};

describe('durations, sizes and waiting times in the reader\'s language', () => {
  it('writes them in English as the log always has', () => {
    const { t, format } = say('en');
    expect([45_000, 65_000, 200_000, 3_720_000, null].map((ms) => durationText(t, format, ms))).toEqual(['45 s', '1 min 05 s', '3 min 20 s', '1 h 02 min', '–']);
    expect([512, 1000, 1536, 3_500_000, 50 * 1024 * 1024].map((bytes) => sizeText(t, format, bytes))).toEqual(['512 B', '1000 B', '1.5 KB', '3.3 MB', '50.0 MB']);
    expect([20_000, 3 * 60_000, 65 * 60_000].map((ms) => waitText(t, format, ms))).toEqual(['< 1 min', '3 min', '1 h 05 min']);
  });

  it('uses the language\'s decimal separator and unit letters', () => {
    const fr = say('fr');
    expect(sizeText(fr.t, fr.format, 1536)).toBe('1,5 Ko');
    expect(sizeText(fr.t, fr.format, 50 * 1024 * 1024)).toBe('50,0 Mo');
    expect(durationText(fr.t, fr.format, 3_720_000)).toBe('1 h 02 min');
    const nl = say('nl');
    expect(sizeText(nl.t, nl.format, 1536)).toBe('1,5 KB');
    expect(durationText(nl.t, nl.format, 3_720_000)).toBe('1 u 02 min');
    expect(waitText(nl.t, nl.format, 20_000)).toBe('< 1 min');
  });

  it('says how long to wait before trying again in the unit that fits, never less than the real wait', () => {
    expect([1, 999, 1000, 1001, 59_000, 59_001, 60_000, 61_000, 3_599_000, 3_600_000, 3_600_001].map(retryWait)).toEqual([
      { unit: 'seconds', count: 1 }, { unit: 'seconds', count: 1 }, { unit: 'seconds', count: 1 }, { unit: 'seconds', count: 2 },
      { unit: 'seconds', count: 59 }, { unit: 'minutes', count: 1 }, { unit: 'minutes', count: 1 }, { unit: 'minutes', count: 2 },
      { unit: 'hours', count: 1 }, { unit: 'hours', count: 1 }, { unit: 'hours', count: 2 },
    ]);
    // No number of milliseconds from the server: a minute, as before.
    expect(retryWait(undefined)).toEqual({ unit: 'minutes', count: 1 });
    const sentence = (locale: 'en' | 'fr' | 'nl', area: 'console' | 'customer', ms: number) => {
      const messages = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'messages', locale, `${area}.json`), 'utf8'));
      const t = area === 'console' ? createTranslator({ locale, messages, namespace: 'formErrors.codes' }) : createTranslator({ locale, messages, namespace: 'errors' });
      return t('rate_limited', retryWait(ms));
    };
    expect(sentence('en', 'console', 1000)).toBe('Too many attempts. Wait 1 second and try again.');
    expect(sentence('en', 'console', 30_000)).toBe('Too many attempts. Wait 30 seconds and try again.');
    expect(sentence('en', 'console', 120_000)).toBe('Too many attempts. Wait 2 minutes and try again.');
    expect(sentence('en', 'customer', 1000)).toBe('Too many attempts. Wait 1 second and try again.');
    expect(sentence('en', 'customer', 7_200_000)).toBe('Too many attempts. Wait 2 hours and try again.');
    expect(sentence('fr', 'customer', 1000)).toBe('Trop de tentatives. Attendez 1 seconde et réessayez.');
    expect(sentence('nl', 'console', 5000)).toBe('Te veel pogingen. Wacht 5 seconden en probeer het opnieuw.');
  });

  it('says a live wait in whole units with the right plural: 1 second, 2 minutes, never 1 minute for 1 second', () => {
    const en = say('en');
    expect([1_000, 2_500, 59_999, 60_000, 119_000, 120_000, 3_600_000, 3_660_000, 7_500_000].map((ms) => liveWaitText(en.t, ms)))
      .toEqual(['1 second', '2 seconds', '59 seconds', '1 minute', '1 minute', '2 minutes', '1 hour', '1 hour 1 minute', '2 hours 5 minutes']);
    expect(liveWaitText(say('fr').t, 1_000)).toBe('1 seconde');
    expect(liveWaitText(say('fr').t, 120_000)).toBe('2 minutes');
    expect(liveWaitText(say('nl').t, 1_000)).toBe('1 seconde');
    expect(liveWaitText(say('nl').t, 120_000)).toBe('2 minuten');
    expect(liveWaitText(say('nl').t, 60_000)).toBe('1 minuut');
  });
});
