import { useState } from 'react';
import type { AgreementReport } from '../../../../contract/reports';
import { fig, Notes, NotesList } from './figures';

/** Per-step trust of one model configuration: the figures review shows beside a suggestion. */
export function TrustCard({ report }: { report: AgreementReport }) {
  const [key, setKey] = useState(report.trust[0]?.config.key ?? '');
  const trust = report.trust.find((t) => t.config.key === key) ?? report.trust[0];
  if (!trust) return null;
  const notes = new Notes();
  const binary = trust.config.task === 'binary';
  const rows = trust.steps.map((s) => (
    <tr key={s.stepId} className={s.enough ? '' : 'muted'}>
      <td>
        {s.title} <span className="muted small">{s.stepId}</span>
      </td>
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
        <td colSpan={binary ? 2 : 3}>not enough data (fewer than {trust.minCount})</td>
      )}
    </tr>
  ));
  return (
    <section className="card" data-testid="trust">
      <h2>Per-step trust</h2>
      <p className="muted">
        How far one model configuration's suggestions agree with the final scores on each rubric step. Steps with fewer
        than {trust.minCount} compared recordings show "not enough data".
      </p>
      <label className="field">
        Model configuration (model suggestion)
        <select value={trust.config.key} onChange={(e) => setKey(e.target.value)}>
          {report.trust.map((t) => (
            <option key={t.config.key} value={t.config.key}>
              {t.config.label}
            </option>
          ))}
        </select>
      </label>
      <table className="table compact">
        <thead>
          <tr>
            <th>Step</th>
            <th>n</th>
            {binary ? (
              <>
                <th>MCC</th>
                <th>Agreement on correct/error</th>
              </>
            ) : (
              <>
                <th>κ</th>
                <th>AC1</th>
                <th>Exact</th>
              </>
            )}
          </tr>
        </thead>
        <tbody>{rows}</tbody>
      </table>
      <NotesList notes={notes} />
    </section>
  );
}
