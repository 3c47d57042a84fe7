// A small typed fetch client for the REST API. The UI authenticates with the httpOnly session
// cookie only (never the bearer token) and echoes the readable CSRF cookie on unsafe requests.

export const CSRF_COOKIE = 'foyer_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface FieldError {
  /** Dot path into the request body, e.g. `startsAt` or `sessions.0.startsAt`. */
  field: string;
  message: string;
}

/** Any failed request: HTTP errors carry the server's `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.fields = parseFields(details.fields);
  }
}

function parseFields(raw: unknown): FieldError[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((f: unknown) => {
    if (f && typeof f === 'object' && 'field' in f && typeof f.field === 'string') {
      const message = 'message' in f && typeof f.message === 'string' ? f.message : '';
      return [{ field: f.field, message }];
    }
    return [];
  });
}

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE_METHODS.has(method)) {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers[CSRF_HEADER] = csrf;
  }

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', err instanceof Error ? err.message : 'Network error');
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let payload: unknown;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }

  if (!response.ok) {
    const error = payload && typeof payload === 'object' && 'error' in payload ? (payload as { error: unknown }).error : undefined;
    if (error && typeof error === 'object') {
      const e = error as { code?: unknown; message?: unknown; details?: unknown };
      throw new ApiError(
        response.status,
        typeof e.code === 'string' ? e.code : 'http_error',
        typeof e.message === 'string' ? e.message : response.statusText,
        e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : {},
      );
    }
    throw new ApiError(response.status, response.status >= 500 ? 'internal_error' : 'http_error', response.statusText || `HTTP ${response.status}`);
  }
  return payload as T;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('PATCH', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('PUT', path, { ...options, body }),
  delete: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('DELETE', path, options),
};

export const isApiError = (err: unknown): err is ApiError => err instanceof ApiError;
