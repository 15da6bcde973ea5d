import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  candidateFromFileName,
  candidatePatternProblem,
  type PatternMatch,
} from '../../../../domain/recording/candidate-pattern';
import { callApi } from '../../api/client';
import { fileNameOf } from './format';

/** Files shown in the preview; beyond them the pattern alone decides (the backend reads it the same way). */
const PREVIEW_LIMIT = 200;

export interface CandidateChoice {
  pattern: string;
  /** Codes the examiner typed for single files, by path; they win over the pattern. */
  typed: Record<string, string>;
}

/** What a file's code will be: typed, else what the pattern reads. */
export function codeFor(choice: CandidateChoice, path: string): { code: string; read: PatternMatch | null } {
  const typed = choice.typed[path];
  const read = choice.pattern.trim() ? candidateFromFileName(choice.pattern, path) : null;
  if (typed !== undefined) return { code: typed, read };
  return { code: read?.kind === 'code' ? read.code : '', read };
}

/** The files the chosen paths stand for (folders scanned by the backend, as an import would). */
export function useImportFiles(paths: string[]): string[] | null {
  const [files, setFiles] = useState<string[] | null>([]);
  useEffect(() => {
    if (paths.length === 0) {
      setFiles([]);
      return undefined;
    }
    let live = true;
    setFiles(null);
    callApi('listImportFiles', { paths })
      .then((r) => live && setFiles(r.files))
      .catch(() => live && setFiles(paths));
    return () => {
      live = false;
    };
  }, [paths]);
  return files;
}

/**
 * Candidate codes at import: a pattern that reads each file's code from its name, with a live
 * preview of what it reads for every chosen file, and a code per file that can be typed over it.
 */
export function CandidateCodes({
  files,
  choice,
  onChange,
  disabled,
  manifest,
}: {
  files: string[] | null;
  choice: CandidateChoice;
  onChange(next: CandidateChoice): void;
  disabled: boolean;
  manifest: boolean;
}) {
  const { t } = useTranslation('recordings');
  const problem = choice.pattern.trim() ? candidatePatternProblem(choice.pattern) : null;
  const shown = files?.slice(0, PREVIEW_LIMIT) ?? [];
  return (
    <fieldset className="candidate-codes" disabled={disabled} data-testid="candidate-codes">
      <legend>{t('candidates.legend')}</legend>
      <label className="field">
        <span>{t('candidates.pattern')}</span>
        <input
          value={choice.pattern}
          onChange={(e) => onChange({ ...choice, pattern: e.target.value })}
          placeholder={t('candidates.codePattern')}
          aria-describedby="candidate-pattern-help"
          aria-invalid={problem ? true : undefined}
          spellCheck={false}
        />
      </label>
      <p id="candidate-pattern-help" className={problem ? 'field-problem' : 'muted small'}>
        {problem ? t(`candidates.patternProblem.${problem}`) : t('candidates.patternHelp')}
        {manifest ? ` ${t('candidates.fromManifest')}` : ''}
      </p>
      {files === null && <p className="muted small">{t('candidates.scanning')}</p>}
      {shown.length > 0 && (
        <div className="candidate-preview-scroll" tabIndex={0} role="region" aria-label={t('candidates.previewLabel')}>
          <table className="table candidate-preview" data-testid="candidate-preview">
            <thead>
              <tr>
                <th>{t('candidates.file')}</th>
                <th>{t('candidates.code')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((path) => {
                const name = fileNameOf(path);
                const { code, read } = codeFor(choice, path);
                const note =
                  choice.typed[path] === undefined && read?.kind === 'noMatch'
                    ? t('candidates.noMatch')
                    : choice.typed[path] === undefined && read?.kind === 'invalid'
                      ? t('candidates.invalid', { found: read.found })
                      : '';
                return (
                  <tr key={path} data-testid="candidate-preview-row">
                    <td title={path}>{name}</td>
                    <td>
                      <input
                        value={code}
                        aria-label={t('candidates.codeOf', { name })}
                        onChange={(e) => onChange({ ...choice, typed: { ...choice.typed, [path]: e.target.value } })}
                      />
                      {note && <small className="muted candidate-note">{note}</small>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {files && files.length > PREVIEW_LIMIT && (
        <p className="muted small">{t('candidates.more', { count: files.length - PREVIEW_LIMIT })}</p>
      )}
    </fieldset>
  );
}
