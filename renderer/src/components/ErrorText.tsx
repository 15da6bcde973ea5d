import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/**
 * Shows a failed call's message and, when the backend named fields, each field's problem. A caller
 * that knows what failed says it in `heading`, since a list of lines alone does not say what
 * happened to the file.
 */
export function ErrorText({ error, heading }: { error: unknown; heading?: string }) {
  const { t } = useTranslation('review');
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  return (
    <div className="error-text" role="alert">
      <strong>{heading ?? (e?.name === 'InvalidArguments' ? t('errors.checkForm') : t('errors.wrong'))}</strong>{' '}
      {e?.issues?.length ? (
        <ul>
          {e.issues.map((i) => (
            <li key={i.path + i.message}>
              {i.path ? <code>{i.path}</code> : null} {i.message}
            </li>
          ))}
        </ul>
      ) : (
        <span>{error instanceof Error ? error.message : String(error)}</span>
      )}
    </div>
  );
}
