import type { ReactNode } from 'react';
import { glossary } from '../../../../domain/i18n/en/glossary';
import type { Writing } from './figures';

export type TermKey = keyof typeof glossary.terms;
const TERMS = Object.keys(glossary.terms) as TermKey[];

/**
 * A figure's name with its one-line meaning as a tooltip. It takes focus, so the explanation
 * reaches keyboard and screen-reader users too (the title is its accessible description).
 */
export function Term({ w, id, children }: { w: Writing; id: TermKey; children: ReactNode }) {
  return (
    <abbr className="term" title={w.t(`glossary:terms.${id}.short`)} tabIndex={0} data-term={id}>
      {children}
    </abbr>
  );
}

/** Every figure of the report with its plain-language meaning. */
export function GlossaryCard({ w }: { w: Writing }) {
  return (
    <section className="card" data-testid="glossary" aria-labelledby="glossary-title">
      <h2 id="glossary-title">{w.t('glossary:title')}</h2>
      <p className="muted">{w.t('glossary:intro')}</p>
      <dl className="glossary-list">
        {TERMS.map((k) => (
          <div key={k} className="glossary-entry">
            <dt>{w.t(`glossary:terms.${k}.term`)}</dt>
            <dd>{w.t(`glossary:terms.${k}.short`)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
