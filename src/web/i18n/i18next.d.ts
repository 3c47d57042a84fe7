import 'i18next';
import type { Messages } from './locales/en';

// Typed keys: `t('events.list.title')` is checked against the English messages.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
    returnNull: false;
  }
}
