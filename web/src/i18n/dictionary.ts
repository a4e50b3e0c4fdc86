/**
 * Typed message dictionaries. Every feature defines its own pair with `defineMessages(en, et)`;
 * the Estonian object must have exactly the English keys, which the compiler enforces. Features
 * that need another feature's strings combine them with `mergeMessages`.
 */
import type { Locale } from '../../../shared/schemas';

export type Dictionary = Record<string, string>;
/** The same keys as `E`, each a string: what a translation of `E` must look like. */
export type Translation<E extends Dictionary> = { readonly [K in keyof E]: string };

export interface Messages<E extends Dictionary> {
  readonly en: Translation<E>;
  readonly et: Translation<E>;
}

export type Vars = Record<string, string | number>;

/**
 * Declares a feature's messages; `et` must have exactly the keys of `en`.
 * @example const m = defineMessages({ hello: 'Hello, {name}' }, { hello: 'Tere, {name}' });
 */
export function defineMessages<E extends Dictionary>(
  en: E,
  et: NoInfer<Translation<E>>,
): Messages<E> {
  return { en, et };
}

/** One dictionary holding the keys of both; keys of `b` win on a clash. */
export function mergeMessages<A extends Dictionary, B extends Dictionary>(
  a: Messages<A>,
  b: Messages<B>,
): Messages<A & B> {
  return {
    en: { ...a.en, ...b.en } as Translation<A & B>,
    et: { ...a.et, ...b.et } as Translation<A & B>,
  };
}

/**
 * Replaces `{name}` placeholders with values; unknown placeholders are left as they are.
 * @example interpolate('{n} min', { n: 90 }) // '90 min'
 */
export function interpolate(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

/** The message `key` of `messages` in `locale`, with `vars` filled in. */
export function translate<E extends Dictionary>(
  messages: Messages<E>,
  locale: Locale,
  key: keyof E & string,
  vars?: Vars,
): string {
  return interpolate(messages[locale][key] ?? messages.en[key] ?? key, vars);
}

/** The names of the placeholders in a template, sorted: used to check translations agree. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

/** Picks the UI locale from a browser language tag: Estonian for `et…`, else English. */
export function localeFromLanguage(language: string | undefined): Locale {
  return language && /^et(-|$)/i.test(language) ? 'et' : 'en';
}
