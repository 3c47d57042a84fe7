import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { isApiError } from './client';

/** Error codes with their own localised message; others fall back to the server's message. */
const LOCALISED_CODES = [
  'invalid_credentials',
  'email_taken',
  'csrf_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'no_ticket_types',
  'no_sessions',
  'event_cancelled',
  'internal_error',
] as const;
type LocalisedCode = (typeof LOCALISED_CODES)[number];

const isLocalised = (code: string): code is LocalisedCode => (LOCALISED_CODES as readonly string[]).includes(code);

/** A message a person can act on, in the UI language where we know the error. */
export function errorMessage(err: unknown, t: TFunction): string {
  if (isApiError(err)) {
    if (err.status === 0) return t('errors.network');
    if (isLocalised(err.code)) return t(`errors.${err.code}`);
    if (err.message) return err.message;
  }
  return t('errors.generic');
}

/** The subset of a Mantine form that server errors are written into. */
export interface FieldErrorTarget {
  setFieldError(path: string, error: ReactNode): void;
}

/**
 * Puts the server's `details.fields` onto the form's inputs and returns the message for the
 * form-level alert, or null when every problem is shown next to its field.
 * `fieldMap` translates request paths to form paths (e.g. `sessions.0.startsAt` → `startsAt`
 * when the form sent its dates as one session); unknown paths go to the alert.
 */
export function applyServerErrors(
  form: FieldErrorTarget,
  err: unknown,
  t: TFunction,
  formFields: readonly string[],
  fieldMap: Record<string, string> = {},
): string | null {
  const general = errorMessage(err, t);
  if (!isApiError(err) || err.fields.length === 0) return general;
  let unmatched = false;
  for (const f of err.fields) {
    const target = fieldMap[f.field] ?? f.field;
    if (formFields.includes(target)) {
      // A code we translate says more than the server's English field note.
      form.setFieldError(target, isLocalised(err.code) ? general : f.message || general);
    } else {
      unmatched = true;
    }
  }
  return unmatched ? general : null;
}

/** Moves focus to the first invalid input after a failed submit (keyboard and screen reader users). */
export function focusFirstInvalid(root: ParentNode = document): void {
  window.setTimeout(() => {
    const el = root.querySelector<HTMLElement>('[aria-invalid="true"]');
    el?.focus();
  }, 0);
}
