import type { SecretsPort } from './ports';

// Where secrets live in the secret store. SQLite, logs and exports never hold them.

export function triggerSecretRef(triggerId: number, side: 'provider' | 'consumer', field: string): string {
  return `trigger/${triggerId}/${side}/${field}`;
}

export function accountSecretRef(accountId: number, field: string): string {
  return `account/${accountId}/${field}`;
}

/** Reads the named secrets; absent ones are left out. */
export function readSecrets(secrets: SecretsPort, names: readonly string[], ref: (field: string) => string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = secrets.get(ref(name));
    if (value !== null) values[name] = value;
  }
  return values;
}
