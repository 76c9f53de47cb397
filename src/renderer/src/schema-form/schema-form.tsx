import type { RawValue, RawValues, SchemaField } from './schema-fields';
import { StringListInput } from './string-list-input';

// Draws a service's parameter form from its schema fields. Labels come from the schema (title or
// the property name), help text from its description, error text from the contract's `issues`
// (or the window's own required check). Secrets are password inputs that never show a stored value.

export function SchemaForm({
  idPrefix,
  fields,
  values,
  onChange,
  errors,
  storedSecrets = [],
  editing = false,
}: {
  idPrefix: string;
  fields: readonly SchemaField[];
  values: RawValues;
  onChange: (next: RawValues) => void;
  errors: Record<string, string>;
  /** Secret fields that already hold a value (write-only: we only know that they are set). */
  storedSecrets?: readonly string[];
  /** Editing something saved: an empty secret keeps whatever is stored (if anything). */
  editing?: boolean;
}) {
  if (fields.length === 0) return <p className="muted">Nothing to set up.</p>;
  const set = (name: string, value: RawValue) => onChange({ ...values, [name]: value });
  return (
    <div className="field-grid">
      {fields.map((field) => (
        <SchemaFieldInput
          key={field.name}
          id={`${idPrefix}-${field.name}`}
          field={field}
          value={values[field.name]}
          onChange={(value) => set(field.name, value)}
          error={errors[field.name]}
          secretStored={storedSecrets.includes(field.name)}
          editing={editing}
        />
      ))}
    </div>
  );
}

function SchemaFieldInput({
  id,
  field,
  value,
  onChange,
  error,
  secretStored,
  editing,
}: {
  editing: boolean;
  id: string;
  field: SchemaField;
  value: RawValue | undefined;
  onChange: (value: RawValue) => void;
  error: string | undefined;
  secretStored: boolean;
}) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [field.description || field.kind === 'secret' ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const common = { id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined, 'aria-required': field.required || undefined };
  const text = typeof value === 'string' ? value : '';

  let control: React.ReactNode;
  switch (field.kind) {
    case 'boolean':
      return (
        <div className="field field-checkbox">
          <input type="checkbox" {...common} checked={value === true} onChange={(event) => onChange(event.target.checked)} />
          <label htmlFor={id}>{field.label}</label>
          {field.description && (
            <p id={hintId} className="field-hint">
              {field.description}
            </p>
          )}
          {error && (
            <p id={errorId} className="field-error">
              {error}
            </p>
          )}
        </div>
      );
    case 'string-list':
      control = <StringListInput id={id} value={Array.isArray(value) ? value : []} onChange={onChange} itemLabel={field.label.toLowerCase()} describedBy={describedBy} invalid={Boolean(error)} placeholder="Type and press Enter" />;
      break;
    case 'choice':
      control = (
        <select {...common} value={text} onChange={(event) => onChange(event.target.value)}>
          {!field.required && <option value="">(none)</option>}
          {field.choices.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      );
      break;
    case 'number':
    case 'integer':
      control = (
        <input
          type="number"
          inputMode={field.kind === 'integer' ? 'numeric' : 'decimal'}
          step={field.kind === 'integer' ? 1 : 'any'}
          min={field.minimum ?? undefined}
          max={field.maximum ?? undefined}
          {...common}
          value={text}
          onChange={(event) => onChange(event.target.value)}
        />
      );
      break;
    case 'secret':
      control = (
        <input
          type="password"
          autoComplete="new-password"
          {...common}
          value={text}
          placeholder={secretStored ? 'Saved — type to replace' : ''}
          onChange={(event) => onChange(event.target.value)}
        />
      );
      break;
    case 'unsupported':
      control = <p className="field-error">This field’s type is not supported by the window yet; use the command line.</p>;
      break;
    default:
      control = (
        <input
          type={field.kind === 'url' ? 'url' : 'text'}
          inputMode={field.kind === 'url' ? 'url' : undefined}
          spellCheck={field.kind === 'url' ? false : undefined}
          maxLength={field.maxLength ?? undefined}
          {...common}
          value={text}
          placeholder={field.kind === 'url' ? 'https://' : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      );
  }
  return (
    <div className="field">
      <label htmlFor={id}>
        {field.label}
        {!field.required && field.kind !== 'secret' && <span className="optional"> (optional)</span>}
      </label>
      {control}
      {(field.description || field.kind === 'secret') && (
        <p id={hintId} className="field-hint">
          {field.description}
          {field.kind === 'secret' &&
            ` Write-only: kept in the secret store and never shown again${secretStored ? '; leave empty to keep the saved one' : editing ? '; leave empty to keep the current one, if any' : ''}.`}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
