import { useEffect, useState } from 'react';
import type { LeaderboardSettings } from '../../../../contract/reports';
import type { Writing } from './figures';

/** The leaderboard's minimums (coverage and recordings), applied with a button because each change recomputes the report. */
export function MinimumsForm({
  w,
  value,
  applied,
  onChange,
}: {
  w: Writing;
  value: LeaderboardSettings;
  /** What the report on screen was made with. */
  applied: LeaderboardSettings;
  onChange: (next: LeaderboardSettings) => void;
}) {
  const [coverage, setCoverage] = useState(String(Math.round(value.minCoverage * 100)));
  const [recordings, setRecordings] = useState(String(value.minRecordings));
  useEffect(() => {
    setCoverage(String(Math.round(value.minCoverage * 100)));
    setRecordings(String(value.minRecordings));
  }, [value.minCoverage, value.minRecordings]);

  const coverageNumber = Number(coverage);
  const recordingsNumber = Number(recordings);
  const coverageOk =
    coverage.trim() !== '' && Number.isFinite(coverageNumber) && coverageNumber >= 0 && coverageNumber <= 100;
  const recordingsOk = /^\d+$/.test(recordings.trim()) && recordingsNumber >= 1 && recordingsNumber <= 100_000;
  const next = { minCoverage: coverageNumber / 100, minRecordings: recordingsNumber };
  const changed =
    Math.abs(next.minCoverage - applied.minCoverage) > 1e-9 || next.minRecordings !== applied.minRecordings;

  return (
    <form
      className="minimums"
      data-testid="leaderboard-minimums"
      onSubmit={(e) => {
        e.preventDefault();
        if (coverageOk && recordingsOk) onChange(next);
      }}
    >
      <span className="muted small">{w.t('reports:leaderboard.minimums')}</span>
      <label className={coverageOk ? 'field inline' : 'field inline invalid'}>
        <span>{w.t('reports:leaderboard.minCoverage')}</span>
        <input
          type="number"
          min={0}
          max={100}
          value={coverage}
          onChange={(e) => setCoverage(e.target.value)}
          aria-invalid={!coverageOk}
        />
      </label>
      <label className={recordingsOk ? 'field inline' : 'field inline invalid'}>
        <span>{w.t('reports:leaderboard.minRecordings')}</span>
        <input
          type="number"
          min={1}
          value={recordings}
          onChange={(e) => setRecordings(e.target.value)}
          aria-invalid={!recordingsOk}
        />
      </label>
      <button type="submit" disabled={!coverageOk || !recordingsOk || !changed}>
        {w.t('reports:leaderboard.apply')}
      </button>
      {!coverageOk ? <small className="field-problem">{w.t('reports:leaderboard.coverageProblem')}</small> : null}
      {!recordingsOk ? <small className="field-problem">{w.t('reports:leaderboard.recordingsProblem')}</small> : null}
    </form>
  );
}
