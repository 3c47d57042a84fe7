import { Liquid, type Template } from 'liquidjs';
import { invalid } from '../../lib/errors.js';

/**
 * LiquidJS configured for organiser-written text: no file system (`templates: {}` makes
 * include/render look only in an empty in-memory set), unknown filters are errors, only
 * own properties are visible (no prototype walking), and parse/render/memory limits stop
 * runaway loops. Liquid has no way to call JavaScript, so templates cannot run code.
 * `jsTruthy`: an empty string, 0 or an empty value is false in conditions.
 */
const engine = new Liquid({
  templates: {},
  strictFilters: true,
  strictVariables: false,
  ownPropertyOnly: true,
  parseLimit: 100_000,
  renderLimit: 2_000,
  memoryLimit: 10_000_000,
  greedy: false,
  // Empty text is false in `{% if %}` (as organisers expect: "Where:" only with a venue).
  jsTruthy: true,
});

const FORBIDDEN_TAGS = /\{%-?\s*(include|render|layout)\b/;

// Parsed templates by source: a fan-out renders the same few texts thousands of times.
const parsed = new Map<string, Template[]>();

/** Parses a template; invalid syntax becomes a 422 naming the field with line and column. */
export function parseTemplate(field: string, source: string): Template[] {
  const hit = parsed.get(source);
  if (hit) return hit;
  const tpl = parseUncached(field, source);
  if (parsed.size > 500) parsed.clear();
  parsed.set(source, tpl);
  return tpl;
}

function parseUncached(field: string, source: string): Template[] {
  const banned = FORBIDDEN_TAGS.exec(source);
  if (banned) {
    const before = source.slice(0, banned.index);
    const line = before.split('\n').length;
    const column = banned.index - before.lastIndexOf('\n');
    throw syntaxError(field, `the "${banned[1]}" tag is not available in e-mail templates`, line, column);
  }
  try {
    return engine.parse(source);
  } catch (e) {
    const err = e as Error & { token?: { getPosition?: () => [number, number] } };
    const [line, column] = err.token?.getPosition?.() ?? [1, 1];
    const message = err.message.replace(/, line:\d+, col:\d+$/, '');
    throw syntaxError(field, message, line, column);
  }
}

function syntaxError(field: string, message: string, line: number, column: number) {
  const e = invalid(field, `${message} (line ${line}, column ${column})`, 'template_syntax_error');
  (e.details as Record<string, unknown>).line = line;
  (e.details as Record<string, unknown>).column = column;
  ((e.details as { fields: Record<string, unknown>[] }).fields[0]!).line = line;
  ((e.details as { fields: Record<string, unknown>[] }).fields[0]!).column = column;
  return e;
}

/** Renders a parsed template; a render-time failure (limits) is reported, not thrown as 5xx. */
export async function renderTemplate(field: string, source: string, data: Record<string, unknown>): Promise<string> {
  const tpl = parseTemplate(field, source);
  try {
    return String(await engine.render(tpl, data));
  } catch (e) {
    const err = e as Error & { token?: { getPosition?: () => [number, number] } };
    const [line, column] = err.token?.getPosition?.() ?? [1, 1];
    throw syntaxError(field, err.message.replace(/, line:\d+, col:\d+$/, ''), line, column);
  }
}
