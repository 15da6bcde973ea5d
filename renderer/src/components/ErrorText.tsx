import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** Shows a failed call's message and, when the backend named fields, each field's problem. */
export function ErrorText({ error }: { error: unknown }) {
  const { t } = useTranslation('review');
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  return (
    <div className="error-text" role="alert">
      <strong>{e?.name === 'InvalidArguments' ? t('errors.checkForm') : t('errors.wrong')}</strong>{' '}
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
