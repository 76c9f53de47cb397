import type { AccountView, Capability, ServiceInfo } from '../../../../shared/models';
import { ServiceIcon } from '../../components/service-icon';
import { SchemaForm } from '../../schema-form/schema-form';
import { fieldsOf, rawFromParams, type RawValues } from '../../schema-form/schema-fields';

// One side of a trigger: pick the service (cards with icon and description), its account when it
// needs one, and its parameters drawn from the schema the engine sent.

export function EndpointFields({
  side,
  services,
  accounts,
  service,
  accountId,
  params,
  errors,
  editing,
  secretsSet = [],
  onChange,
}: {
  secretsSet?: readonly string[];
  side: Capability;
  services: readonly ServiceInfo[];
  accounts: readonly AccountView[];
  service: string;
  accountId: number | null;
  params: RawValues;
  errors: Record<string, string>;
  editing: boolean;
  onChange: (next: { service: string; accountId: number | null; params: RawValues }) => void;
}) {
  const choices = services.filter((s) => s.capabilities.includes(side));
  const current = choices.find((s) => s.id === service);
  const schema = side === 'provider' ? current?.providerSchema : current?.consumerSchema;
  const fields = fieldsOf(schema ?? null, current?.secretFields ?? []);
  const serviceAccounts = accounts.filter((a) => a.service === service);
  const pick = (id: string) => {
    const next = choices.find((s) => s.id === id);
    const nextSchema = side === 'provider' ? next?.providerSchema : next?.consumerSchema;
    onChange({ service: id, accountId: null, params: rawFromParams(fieldsOf(nextSchema ?? null, next?.secretFields ?? []), {}) });
  };

  return (
    <>
      <div className="service-choices" role="radiogroup" aria-label={side === 'provider' ? 'Provider service' : 'Consumer service'}>
        {choices.map((choice) => (
          <label key={choice.id} className={`service-choice${choice.id === service ? ' is-selected' : ''}`}>
            <input type="radio" name={`${side}-service`} value={choice.id} checked={choice.id === service} onChange={() => pick(choice.id)} />
            <ServiceIcon service={choice.id} size={24} />
            <span className="service-choice-text">
              <span className="service-choice-label">{choice.label}</span>
              <span className="service-choice-description">{choice.description}</span>
            </span>
          </label>
        ))}
      </div>
      {errors._service && <p className="field-error">{errors._service}</p>}
      {current?.needsAccount && (
        <div className="field">
          <label htmlFor={`${side}-account`}>Account</label>
          <select id={`${side}-account`} value={accountId ?? ''} onChange={(event) => onChange({ service, accountId: event.target.value ? Number(event.target.value) : null, params })}>
            <option value="">Choose an account…</option>
            {serviceAccounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name}
              </option>
            ))}
          </select>
          {serviceAccounts.length === 0 && <p className="field-hint">No {current.label} account yet: add one under Accounts.</p>}
        </div>
      )}
      {current && <SchemaForm idPrefix={side} fields={fields} values={params} errors={errors} editing={editing} storedSecrets={secretsSet} onChange={(next) => onChange({ service, accountId, params: next })} />}
    </>
  );
}
