import { useId, useState, type FormEvent } from 'react';
import type { AccountView, ServiceInfo } from '../../../../shared/models';
import type { ContractError } from '../../../../shared/result';
import { useClient } from '../../client/client-context';
import { ErrorNotice } from '../../components/error-notice';
import { ServiceIcon } from '../../components/service-icon';
import { SchemaForm } from '../../schema-form/schema-form';
import { fieldsOf, missingRequired, paramsFromRaw, rawFromParams, type RawValues } from '../../schema-form/schema-fields';

// Add or edit an account, with the form drawn from the service's accountSchema. Secret fields are
// write-only: the window only learns *that* they are set (secretsSet), an empty box keeps them.

export function AccountEditor({ services, account, onDone }: { services: readonly ServiceInfo[]; account: AccountView | null; onDone: (saved: AccountView | null) => void }) {
  const client = useClient();
  const id = useId();
  const [serviceId, setServiceId] = useState(account?.service ?? services[0]?.id ?? '');
  const service = services.find((s) => s.id === serviceId);
  const fields = fieldsOf(service?.accountSchema ?? null, service?.secretFields ?? []);
  const [name, setName] = useState(account?.name ?? '');
  const [values, setValues] = useState<RawValues>(() => rawFromParams(fields, account?.settings ?? {}));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ContractError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = missingRequired(fields, values);
    if (name.trim() === '') missing._name = 'An account needs a name';
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      setFailure({ code: 'invalid-argument', message: 'Some fields need attention.' });
      return;
    }
    setBusy(true);
    const input = { service: serviceId, name, settings: paramsFromRaw(fields, values) };
    const result = account ? await client.invoke('accounts.update', { id: account.id, input }) : await client.invoke('accounts.create', input);
    setBusy(false);
    if (!result.ok) {
      const next: Record<string, string> = {};
      for (const issue of result.error.issues ?? []) {
        const match = /^settings\.([^.]+)/.exec(issue.path);
        if (match?.[1]) next[match[1]] ??= issue.message;
        else if (issue.path === 'name') next._name ??= issue.message;
      }
      setErrors(next);
      setFailure(result.error);
      return;
    }
    onDone(result.value);
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label={account ? 'Edit account' : 'Add account'}>
      {failure && <ErrorNotice title="Could not save the account" error={failure} />}
      {!account && (
        <div className="field">
          <label htmlFor={`${id}-service`}>Service</label>
          <select
            id={`${id}-service`}
            value={serviceId}
            onChange={(event) => {
              const next = services.find((s) => s.id === event.target.value);
              setServiceId(event.target.value);
              setValues(rawFromParams(fieldsOf(next?.accountSchema ?? null, next?.secretFields ?? []), {}));
            }}
          >
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {account && (
        <p className="account-service">
          <ServiceIcon service={account.service} /> {service?.label ?? account.service}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} type="text" value={name} aria-invalid={errors._name ? true : undefined} aria-describedby={errors._name ? `${id}-name-error` : undefined} onChange={(event) => setName(event.target.value)} />
        {errors._name && (
          <p id={`${id}-name-error`} className="field-error">
            {errors._name}
          </p>
        )}
      </div>
      <SchemaForm idPrefix={`${id}-account`} fields={fields} values={values} onChange={setValues} errors={errors} storedSecrets={account?.secretsSet ?? []} editing={account !== null} />
      <div className="modal-footer">
        <button type="button" className="button" onClick={() => onDone(null)}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : account ? 'Save' : 'Add account'}
        </button>
      </div>
    </form>
  );
}
