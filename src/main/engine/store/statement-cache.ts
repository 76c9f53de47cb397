import type { Database, Statement } from 'better-sqlite3';

// Prepared statements by SQL text, prepared on first use and kept for the connection's life.
// Preparing costs more than running a point query, and the cycles run the same few statements
// once per source and item, thousands of times per cycle. Each call site passes one constant SQL
// text and always uses it the same way (pluck or not), so sharing the Statement is safe.

export type PrepareCached = (sql: string) => Statement;

export function statementCache(db: Database): PrepareCached {
  const statements = new Map<string, Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}
