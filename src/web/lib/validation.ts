import { msg } from '../components/msg';

// Client-side checks mirror the server's (SPEC 1/9) so most mistakes never make a round trip.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const MIN_PASSWORD = 10;

export const required = (value: string) => (value.trim() ? null : msg('validation.required'));

export const email = (value: string) => {
  if (!value.trim()) return msg('validation.required');
  return EMAIL.test(value.trim()) ? null : msg('validation.email');
};

export const password = (value: string) => {
  if (!value) return msg('validation.required');
  return value.length >= MIN_PASSWORD ? null : msg('validation.passwordLength', { min: MIN_PASSWORD });
};
