import type pg from 'pg';

/** One multi-row INSERT instead of a round trip per row (attendees of a large order). */
export async function insertRows(client: pg.PoolClient, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  if (!rows.length) return;
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    if (row.length !== columns.length) throw new Error(`insertRows(${table}): row has ${row.length} values for ${columns.length} columns`);
    return `(${row.map((v) => { values.push(v); return `$${values.length}`; }).join(',')})`;
  });
  await client.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${tuples.join(',')}`, values);
}
