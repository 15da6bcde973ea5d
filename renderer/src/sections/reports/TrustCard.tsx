import { useState } from 'react';
import type { AgreementReport, StepTrustRow } from '../../../../contract/reports';
import { fig, Notes, NotesList, type Writing } from './figures';
import { Term } from './Glossary';

// Symbols, the same in every language.
const N = 'n';
const KAPPA = 'κ';

/**
 * Per-step trust of one model configuration: the figures review shows beside a suggestion. Steps
 * without enough compared recordings are not listed row by row: they sit behind a count.
 */
export function TrustCard({ w, report }: { w: Writing; report: AgreementReport }) {
  const [key, setKey] = useState(report.trust[0]?.config.key ?? '');
  const trust = report.trust.find((t) => t.config.key === key) ?? report.trust[0];
  if (!trust) return null;
  const notes = new Notes(w);
  const binary = trust.config.task === 'binary';
  const enough = trust.steps.filter((s) => s.enough);
  const few = trust.steps.filter((s) => !s.enough);
  const head = (
    <thead>
      <tr>
        <th>{w.t('reports:trust.step')}</th>
        <th>
          <Term w={w} id="n">
            {N}
          </Term>
        </th>
        {binary ? (
          <>
            <th>
              <Term w={w} id="mcc">
                {w.t('reports:figures.abbrMcc')}
              </Term>
            </th>
            <th>
              <Term w={w} id="exact">
                {w.t('reports:trust.agreementCorrectError')}
              </Term>
            </th>
          </>
        ) : (
          <>
            <th>
              <Term w={w} id="qwk">
                {KAPPA}
              </Term>
            </th>
            <th>
              <Term w={w} id="ac1">
                {w.t('reports:figures.abbrAgreementCoefficient')}
              </Term>
            </th>
            <th>
              <Term w={w} id="exact">
                {w.t('reports:figures.exact')}
              </Term>
            </th>
          </>
        )}
      </tr>
    </thead>
  );
  const row = (s: StepTrustRow) => (
    <tr key={s.stepId} className={s.enough ? '' : 'muted'} data-testid="trust-row">
      <td>{s.title}</td>
      <td>{s.n}</td>
      {s.enough ? (
        binary ? (
          <>
            <td>{fig(s.mcc, notes, 2)}</td>
            <td>{fig(s.exact, notes, 2)}</td>
          </>
        ) : (
          <>
            <td>{fig(s.qwk, notes, 2)}</td>
            <td>{fig(s.ac1, notes, 2)}</td>
            <td>{fig(s.exact, notes, 2)}</td>
          </>
        )
      ) : (
        <td colSpan={binary ? 2 : 3}>{w.t('reports:trust.notEnough', { min: trust.minCount })}</td>
      )}
    </tr>
  );
  return (
    <section className="card" data-testid="trust">
      <h2>{w.t('reports:trust.title')}</h2>
      <p className="muted">{w.t('reports:trust.intro', { min: trust.minCount })}</p>
      <label className="field">
        {w.t('reports:trust.configuration')}
        <select value={trust.config.key} onChange={(e) => setKey(e.target.value)}>
          {report.trust.map((t) => (
            <option key={t.config.key} value={t.config.key}>
              {t.config.label}
            </option>
          ))}
        </select>
      </label>
      {enough.length > 0 ? (
        <table className="table compact" data-testid="trust-enough">
          {head}
          <tbody>{enough.map(row)}</tbody>
        </table>
      ) : (
        <p className="muted">{w.t('reports:trust.noneEnough')}</p>
      )}
      {few.length > 0 ? (
        <details className="trust-few" data-testid="trust-few">
          <summary>{w.t('reports:trust.hidden', { count: few.length })}</summary>
          <table className="table compact">
            {head}
            <tbody>{few.map(row)}</tbody>
          </table>
        </details>
      ) : null}
      <NotesList notes={notes} />
    </section>
  );
}
