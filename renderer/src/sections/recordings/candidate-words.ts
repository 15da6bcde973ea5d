import { useTranslation } from 'react-i18next';
import { hasControlCharacters, NAME_LIMITS, nameProblem } from '../../../../domain/names';

/** Why the text is no candidate code, in the page's language; the rule itself is domain/names.ts, as in the backend. */
export function useCandidateProblem(value: string): string | null {
  const { t } = useTranslation('recordings');
  const v = value.trim();
  if (nameProblem('candidate', v) === null) return null;
  if (v === '') return t('names.empty');
  if (v.length > NAME_LIMITS.candidate) return t('names.tooLong', { max: NAME_LIMITS.candidate });
  if (hasControlCharacters(v)) return t('names.control');
  return nameProblem('candidate', v);
}
