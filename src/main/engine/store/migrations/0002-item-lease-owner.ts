import type { Migration } from './migration';

// Who holds a `sending` row and until when. Recovery after a crash must only take back rows whose
// holder is gone (its process no longer runs, or its lease ran out): a second process on the same
// data folder (`trigger-happy logs` while the app publishes) must not steal rows still in flight.
export const migration0002: Migration = {
  version: 2,
  name: 'item-lease-owner',
  up(db) {
    db.exec(`
      ALTER TABLE items ADD COLUMN lease_owner INTEGER;
      ALTER TABLE items ADD COLUMN lease_until INTEGER;
    `);
  },
};
