import { useTranslation } from 'react-i18next';
import { errorInWords, fieldIssues, fieldLabel, fieldProblem } from './provider-words';

/**
 * A failed call of the Model providers card: what failed in the reader's words (by the error's
 * name), then each field's problem or what the server said. ErrorText's layout, with words.
 */
export function ProviderErrorText({ error }: { error: unknown }) {
  const { t } = useTranslation('settings');
  if (!error) return null;
  const { heading, detail } = errorInWords(t, error);
  const issues = fieldIssues(error);
  return (
    <div className="error-text" role="alert" data-testid="provider-error">
      <strong>{heading}</strong>{' '}
      {issues.length ? (
        <ul>
          {issues.map((i) => (
            <li key={i.path + i.message}>
              {t('providers.fieldProblem', {
                field: fieldLabel(t, i.path),
                problem: fieldProblem(t, i.path, i.message),
              })}
            </li>
          ))}
        </ul>
      ) : (
        detail && <span>{detail}</span>
      )}
    </div>
  );
}
