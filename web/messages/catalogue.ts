import type { Locale } from '../i18n/locales';

/**
 * The catalogue is split by area so that a page only ships the words it uses: a customer on a phone does not
 * download the admin center's. Each area is one JSON file per language, holding whole namespaces.
 */
export const AREAS = ['customer', 'console', 'admin', 'account'] as const;
export type Area = (typeof AREAS)[number];
export type Messages = Record<string, unknown>;

export async function loadArea(locale: Locale, area: Area): Promise<Messages> {
  return (await import(`./${locale}/${area}.json`)).default as Messages;
}

export async function loadCatalogue(locale: Locale): Promise<Messages> {
  const parts = await Promise.all(AREAS.map((area) => loadArea(locale, area)));
  return Object.assign({}, ...parts) as Messages;
}

/** Missing keys fall back to English rather than showing a key. */
export function deepMerge(base: Messages, over: Messages): Messages {
  const out: Messages = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = value && typeof value === 'object' && !Array.isArray(value) && typeof base[key] === 'object' ? deepMerge(base[key] as Messages, value as Messages) : value;
  }
  return out;
}

/** The namespaces of some areas, out of a whole catalogue: what a layout hands to the browser. */
export async function namespacesOf(messages: Messages, areas: readonly Area[]): Promise<Messages> {
  const english = await Promise.all(areas.map((area) => loadArea('en', area)));
  const names = new Set(english.flatMap((part) => Object.keys(part)));
  return Object.fromEntries(Object.entries(messages).filter(([name]) => names.has(name)));
}
