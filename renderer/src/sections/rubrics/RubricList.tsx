import type { RubricListItem } from '../../../../contract/rubrics';

interface Props {
  rubrics: RubricListItem[];
  openKey: string | null;
  onOpen(id: string, version: number): void;
}

/** Every rubric with its versions; built-in and in-use versions are marked. */
export function RubricList({ rubrics, openKey, onOpen }: Props) {
  return (
    <table className="table rubric-list" data-testid="rubric-list">
      <thead>
        <tr>
          <th>Rubric</th>
          <th>Station</th>
          <th>Steps</th>
          <th>Points</th>
          <th>Versions</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {rubrics.map((r) => (
          <tr
            key={r.id}
            data-testid={`rubric-row-${r.id}`}
            className={openKey?.startsWith(`${r.id}@`) ? 'selected' : undefined}
          >
            <td>
              <div className="rubric-title">
                {r.title}
                {r.builtin && <span className="badge builtin">built-in</span>}
              </div>
              <code>{r.id}</code>
            </td>
            <td>{r.station}</td>
            <td>{r.stepCount}</td>
            <td>{r.totalPoints}</td>
            <td>
              <div className="version-chips">
                {r.versions.map((v) => (
                  <button
                    key={v.version}
                    type="button"
                    className={`chip${openKey === `${r.id}@${v.version}` ? ' active' : ''}`}
                    onClick={() => onOpen(r.id, v.version)}
                    title={`${v.title}\nsaved ${v.createdAt.slice(0, 16).replace('T', ' ')}${v.inUse ? '\nused by scores: frozen' : ''}`}
                    aria-label={`Open ${r.id} version ${v.version}${v.builtin ? ' (built-in)' : ''}${v.inUse ? ' (in use)' : ''}`}
                  >
                    v{v.version}
                    {v.builtin && <span className="chip-tag">built-in</span>}
                    {v.inUse && <span className="chip-tag in-use">in use</span>}
                  </button>
                ))}
              </div>
            </td>
            <td>
              <button type="button" onClick={() => onOpen(r.id, r.version)} aria-label={`Open ${r.id}`}>
                Open
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
