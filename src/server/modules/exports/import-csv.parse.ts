import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { ImportIssue } from '../../db/schema/index.js';

/** One data line of an import file, as typed (validation against the event comes later). */
export interface ImportLine {
  line: number;
  firstName: string;
  lastName: string;
  email: string;
  ticketType: string;
  group: string;
  session: string;
}

type Column = 'firstName' | 'lastName' | 'email' | 'ticketType' | 'group' | 'session';

/**
 * Headers are matched loosely (case, spaces, dashes and underscores ignored) so a sheet
 * typed by hand, our own export ("order id" groups companions) and an API client's
 * camelCase all work.
 */
const ALIASES: Record<Column, string[]> = {
  firstName: ['firstname', 'givenname', 'first'],
  lastName: ['lastname', 'surname', 'familyname', 'last'],
  email: ['email', 'emailaddress', 'mail'],
  ticketType: ['tickettype', 'ticket', 'tickettypeid', 'tickettypename'],
  group: ['ordergroup', 'group', 'orderid', 'order'],
  session: ['sessionstart', 'slotstart', 'session', 'slot', 'sessionid', 'slotid'],
};
const REQUIRED: [Column, string][] = [['firstName', 'first name'], ['lastName', 'last name'], ['email', 'e-mail'], ['ticketType', 'ticket type']];
const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

export const MAX_IMPORT_LINES = 100_000;

/**
 * Decodes the uploaded bytes as UTF-8. A file saved in a legacy code page (Windows-1250
 * for Polish, Shift_JIS, CP1251, EUC-KR) is not silently mangled: every line holding bytes
 * that are not UTF-8 is reported, and the rest is still checked so one upload names all
 * problems.
 */
export function decodeUtf8(bytes: Buffer): { text: string; issues: ImportIssue[] } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { text: '', issues: [{ line: 1, field: 'encoding', message: 'the file is UTF-16; save it as "CSV UTF-8" and upload again' }] };
  }
  const fatal = new TextDecoder('utf-8', { fatal: true });
  try {
    return { text: fatal.decode(bytes), issues: [] };
  } catch {
    const issues: ImportIssue[] = [];
    let start = 0;
    for (let line = 1; start <= bytes.length; line++) {
      let end = bytes.indexOf(0x0a, start);
      if (end < 0) end = bytes.length;
      try {
        fatal.decode(bytes.subarray(start, end));
      } catch {
        issues.push({ line, field: 'encoding', message: 'contains bytes that are not UTF-8 (the file looks saved in another encoding); save it as "CSV UTF-8"' });
      }
      start = end + 1;
    }
    return { text: new TextDecoder('utf-8').decode(bytes), issues };
  }
}

/**
 * Splits the text into lines with their numbers; structural problems become issues.
 * `missing` lists the labels of required columns the header lacks: the lines are still
 * returned so the other columns can be checked and one upload names every problem.
 */
export function parseImportCsv(text: string): { lines: ImportLine[]; issues: ImportIssue[]; missing: string[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { message: string; lines?: number };
    return { lines: [], issues: [{ line: e.lines ?? 1, field: 'csv', message: `the file is not valid CSV: ${e.message}` }], missing: [] };
  }
  if (!records.length) return { lines: [], issues: [{ line: 1, field: 'csv', message: 'the file is empty; the first line must name the columns' }], missing: [] };
  const header = records[0]!.record.map(norm);
  const index = {} as Record<Column, number>;
  for (const col of Object.keys(ALIASES) as Column[]) index[col] = header.findIndex((h) => ALIASES[col].includes(h));
  const missing = REQUIRED.filter(([col]) => index[col] < 0).map(([, label]) => label);
  const issues: ImportIssue[] = missing.map((label) => ({
    line: 1, field: label, message: `the "${label}" column is missing (columns found: ${records[0]!.record.join(', ') || 'none'})`,
  }));
  const body = records.slice(1);
  if (!body.length) issues.push({ line: 1, field: 'csv', message: 'the file has a header but no attendees' });
  if (body.length > MAX_IMPORT_LINES) issues.push({ line: 1, field: 'csv', message: `at most ${MAX_IMPORT_LINES} attendees per file; split it` });
  const get = (rec: string[], col: Column) => (index[col] >= 0 ? (rec[index[col]] ?? '') : '');
  const lines = body.map(({ record, info }) => ({
    line: info.lines,
    firstName: get(record, 'firstName'),
    lastName: get(record, 'lastName'),
    email: get(record, 'email'),
    ticketType: get(record, 'ticketType'),
    group: get(record, 'group'),
    session: get(record, 'session'),
  }));
  return { lines, issues, missing };
}

/** The JSON form of the upload, for clients that cannot send a raw text/csv body. */
export const ImportJsonBody = z.object({ csv: z.string().min(1, 'is empty') });
