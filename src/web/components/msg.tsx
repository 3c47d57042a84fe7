import type { ParseKeys, TOptions } from 'i18next';
import { useTranslation } from 'react-i18next';

export type MessageKey = ParseKeys<'translation'>;

/**
 * A translated message as an element rather than a string: put into form errors, it follows
 * a language switch instead of staying in the language it was produced in.
 */
export function Msg({ k, values }: { k: MessageKey; values?: TOptions }) {
  const { t } = useTranslation();
  return <>{t(k, values as TOptions)}</>;
}

export const msg = (k: MessageKey, values?: TOptions) => <Msg k={k} values={values} />;
