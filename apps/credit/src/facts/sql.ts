import type { EntityManager } from 'typeorm';

/**
 * The rows of an `UPDATE … RETURNING` (or `DELETE … RETURNING`): TypeORM's PostgreSQL driver answers those with
 * `[rows, affectedCount]`, but `INSERT`/`SELECT` with the rows alone.
 */
export async function updated<R>(manager: EntityManager, sql: string, params: unknown[]): Promise<R[]> {
  const result: unknown = await manager.query(sql, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  )
    return result[0] as R[];
  return result as R[];
}
