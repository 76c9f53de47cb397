import type { Database } from 'better-sqlite3';
import { AccountStore } from './account-store';
import { ActivityLog } from './activity-log';
import { FetchStateStore } from './fetch-state-store';
import { HostLimits } from './host-limits';
import { MetaStore } from './meta-store';
import { Outbox } from './outbox';
import { TriggerStore } from './trigger-store';

/** Every table behind one object; all on the main thread, one writer. */
export class Store {
  readonly triggers: TriggerStore;
  readonly outbox: Outbox;
  readonly runs: ActivityLog;
  readonly fetchState: FetchStateStore;
  readonly hostLimits: HostLimits;
  readonly accounts: AccountStore;
  readonly meta: MetaStore;

  constructor(readonly db: Database) {
    this.triggers = new TriggerStore(db);
    this.outbox = new Outbox(db);
    this.runs = new ActivityLog(db);
    this.fetchState = new FetchStateStore(db);
    this.hostLimits = new HostLimits(db);
    this.accounts = new AccountStore(db);
    this.meta = new MetaStore(db);
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
