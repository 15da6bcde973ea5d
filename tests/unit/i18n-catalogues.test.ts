// Every string of the app exists in English and Simplified Chinese with the same placeholders; a
// Chinese entry that is a copy of the English one is a missed translation unless listed below.
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../domain/i18n/resources';
import { resolveLocale } from '../../domain/i18n/locales';
import { translatorFor } from '../../domain/i18n/translator';
import { formatDate, formatNumber } from '../../domain/i18n/format';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]).sort();

/** Entries that read the same in both languages (names of languages, units, symbols, proper names). */
const SAME_IN_BOTH = /^(common:language\.en|common:language\.zh-CN)$|:(.*\.)?(symbol|unit|abbr|code)[A-Za-z]*$/;

const en = flatten(RESOURCES.en as unknown as Tree);
const zh = flatten(RESOURCES['zh-CN'] as unknown as Tree);
const withNs = (m: Map<string, string>) => new Map([...m].map(([k, v]) => [k.replace('.', ':'), v] as const));
const enKeys = withNs(en);
const zhKeys = withNs(zh);

describe('catalogues', () => {
  it('have the same keys in English and Chinese', () => {
    expect([...zhKeys.keys()].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys.keys()].filter((k) => !zhKeys.has(k))).toEqual([]);
  });

  it('have no empty entry and the same placeholders in both languages', () => {
    for (const [key, text] of enKeys) {
      const other = zhKeys.get(key) ?? '';
      expect(text.trim(), key).not.toBe('');
      expect(other.trim(), key).not.toBe('');
      expect(placeholders(other), key).toEqual(placeholders(text));
    }
  });

  it('translate every entry that has words (a copied English string is a missed translation)', () => {
    const copied = [...enKeys]
      .filter(([key, text]) => /\p{L}{2,}/u.test(text) && zhKeys.get(key) === text && !SAME_IN_BOTH.test(key))
      .map(([key]) => key);
    expect(copied).toEqual([]);
  });
});

describe('language choice', () => {
  it('follows the setting, else the first preferred language the app has', () => {
    expect(resolveLocale('en', ['zh-CN'])).toBe('en');
    expect(resolveLocale('zh-CN', ['en-GB'])).toBe('zh-CN');
    expect(resolveLocale('system', ['zh-TW', 'en'])).toBe('zh-CN');
    expect(resolveLocale('system', ['fr-FR', 'en-US'])).toBe('en');
    expect(resolveLocale('system', ['de-DE'])).toBe('en');
    expect(resolveLocale(undefined, [])).toBe('en');
  });

  it('translates and formats for the language, and two languages do not share state', () => {
    const zhT = translatorFor('zh-CN');
    const enT = translatorFor('en');
    expect(zhT('nav.review')).toBe('评分');
    expect(enT('nav.review')).toBe('Review');
    expect(enT('db.label', { name: '<b>x</b>' })).toBe('Database: <b>x</b>');
    expect(formatNumber(1234.5, 'en', 1)).toBe('1,234.5');
    expect(formatDate('2026-03-04T10:00:00Z', 'zh-CN')).toMatch(/2026年3月4日/);
    expect(formatDate('not a date', 'en')).toBe('not a date');
  });
});
