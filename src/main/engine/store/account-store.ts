import type { Database } from 'better-sqlite3';

// Accounts as stored: non-secret settings only; secrets live in the secret store.

export interface AccountRecord {
  id: number;
  service: string;
  name: string;
  settings: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

interface AccountRow {
  id: number;
  service: string;
  name: string;
  settings: string;
  created_at: number;
  updated_at: number;
}

function fromRow(row: AccountRow): AccountRecord {
  return {
    id: row.id,
    service: row.service,
    name: row.name,
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class AccountStore {
  constructor(private readonly db: Database) {}

  list(): AccountRecord[] {
    return (this.db.prepare('SELECT * FROM accounts ORDER BY name COLLATE NOCASE, id').all() as AccountRow[]).map(fromRow);
  }

  get(id: number): AccountRecord | null {
    const row = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
    return row ? fromRow(row) : null;
  }

  insert(service: string, name: string, settings: Record<string, unknown>, now: number): number {
    return Number(
      this.db
        .prepare('INSERT INTO accounts (service, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(service, name, JSON.stringify(settings), now, now).lastInsertRowid,
    );
  }

  update(id: number, name: string, settings: Record<string, unknown>, now: number): void {
    this.db.prepare('UPDATE accounts SET name = ?, settings = ?, updated_at = ? WHERE id = ?').run(name, JSON.stringify(settings), now, id);
  }

  remove(id: number): void {
    this.db.prepare('DELETE FROM accounts WHERE id = ?').run(id);
  }

  usedBy(id: number): number {
    return this.db
      .prepare('SELECT COUNT(*) FROM triggers WHERE provider_account_id = ? OR consumer_account_id = ?')
      .pluck()
      .get(id, id) as number;
  }
}
