import { useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { TestResult } from '../../../../shared/models';
import { useClient } from '../../client/client-context';
import { useServices } from '../../client/services-context';
import { AppIcon } from '../../components/app-icons';
import { ErrorNotice } from '../../components/error-notice';
import { ModalDialog } from '../../components/modal-dialog';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toasts';
import { useQuery } from '../../hooks/use-query';
import { navigate, routeHref } from '../../navigation';
import { missingRequired } from '../../schema-form/schema-fields';
import { StringListInput } from '../../schema-form/string-list-input';
import type { ContractError } from '../../../../shared/result';
import { EndpointFields } from './endpoint-fields';
import { TemplatePreview } from './template-preview';
import { TestResults } from './test-results';
import {
  consumerFields,
  draftFromTrigger,
  emptyDraft,
  errorsFromContract,
  hasErrors,
  inputFromDraft,
  NO_ERRORS,
  providerFields,
  type DraftErrors,
  type TriggerDraft,
} from './trigger-draft';

// Create or edit a trigger. The provider and consumer forms come from the engine's schemas; the
// engine validates on Save and its issues land next to the fields. "Test" fetches now and shows
// what would be published without publishing anything.

const PLACEHOLDERS = ['title', 'url', 'content', 'author', 'source', 'published', 'tags'];

export function TriggerEditor({ triggerId }: { triggerId?: number }) {
  const { services, byId } = useServices();
  const existing = useQuery('triggers.get', { id: triggerId ?? 1 }, { enabled: triggerId !== undefined });
  const accounts = useQuery('accounts.list', {});
  const settings = useQuery('settings.get', {});
  const editing = triggerId !== undefined;

  const title = editing ? (existing.value?.name ?? 'Trigger') : 'New trigger';
  const back = (
    <>
      {triggerId !== undefined && (
        <>
          <a className="button button-quiet" href={routeHref({ view: 'activity', triggerId })}>
            See runs
          </a>
          <a className="button button-quiet" href={routeHref({ view: 'items', triggerId })}>
            See items
          </a>
        </>
      )}
      <a className="button button-quiet" href={routeHref({ view: 'triggers' })}>
        <AppIcon name="back" size={16} />
        Triggers
      </a>
    </>
  );
  if (editing && existing.error) {
    return (
      <div className="view">
        <PageHeader title="Trigger" actions={back} />
        <ErrorNotice title="Could not load this trigger" error={existing.error} onRetry={existing.reload} />
      </div>
    );
  }
  const initial = editing ? (existing.value ? draftFromTrigger(existing.value, byId) : null) : services.length > 0 ? emptyDraft(services) : null;
  if (!initial) {
    return (
      <div className="view">
        <PageHeader title={title} actions={back} />
        <p className="muted">Loading…</p>
      </div>
    );
  }
  return (
    <EditorForm
      triggerId={triggerId}
      title={title}
      back={back}
      initial={initial}
      accounts={accounts.value ?? []}
      defaultIntervalSeconds={settings.value?.fetchIntervalSeconds ?? null}
      services={services}
      byId={byId}
    />
  );
}

function EditorForm({
  triggerId,
  title,
  back,
  initial,
  accounts,
  defaultIntervalSeconds,
  services,
  byId,
}: {
  triggerId: number | undefined;
  title: string;
  back: ReactNode;
  initial: TriggerDraft;
  accounts: NonNullable<ReturnType<typeof useQuery<'accounts.list'>>['value']>;
  defaultIntervalSeconds: number | null;
  services: ReturnType<typeof useServices>['services'];
  byId: ReturnType<typeof useServices>['byId'];
}) {
  const client = useClient();
  const toast = useToast();
  const id = useId();
  const editing = triggerId !== undefined;
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<DraftErrors>(NO_ERRORS);
  const [failure, setFailure] = useState<ContractError | null>(null);
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<TestResult | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const testRef = useRef<HTMLHeadingElement>(null);
  const templateRef = useRef<HTMLTextAreaElement>(null);

  const input = useMemo(() => inputFromDraft(draft, byId), [draft, byId]);
  const update = (patch: Partial<TriggerDraft>) => setDraft({ ...draft, ...patch });
  const providerReady = Object.keys(missingRequired(providerFields(byId.get(draft.providerService)), draft.providerParams)).length === 0;
  const consumerService = byId.get(draft.consumerService);

  const localErrors = (): DraftErrors => ({
    fields: draft.name.trim() === '' ? { name: 'A trigger needs a name' } : {},
    provider: missingRequired(providerFields(byId.get(draft.providerService)), draft.providerParams),
    consumer: missingRequired(consumerFields(consumerService), draft.consumerParams),
  });

  const showErrors = (next: DraftErrors, error: ContractError | null) => {
    setErrors(next);
    setFailure(error);
    // Move focus to the summary so keyboard and screen-reader users learn what to fix.
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const local = localErrors();
    if (hasErrors(local)) {
      showErrors(local, { code: 'invalid-argument', message: 'Some fields need attention.' });
      return;
    }
    setSaving(true);
    const result = editing ? await client.invoke('triggers.update', { id: triggerId, input }) : await client.invoke('triggers.create', input);
    setSaving(false);
    if (!result.ok) {
      showErrors(result.error.code === 'invalid-argument' ? errorsFromContract(result.error) : NO_ERRORS, result.error);
      return;
    }
    toast(editing ? `Saved “${result.value.name}”` : `Created “${result.value.name}”`, 'success');
    navigate({ view: 'triggers' });
  };

  const test = async () => {
    const local = localErrors();
    delete local.fields.name;
    if (hasErrors(local)) {
      showErrors(local, { code: 'invalid-argument', message: 'Fill in the provider and consumer first.' });
      return;
    }
    setTesting(true);
    setTestResult(null);
    const result = await client.invoke('triggers.test', { ...input, name: input.name.trim() || 'Test' });
    setTesting(false);
    if (!result.ok) {
      showErrors(result.error.code === 'invalid-argument' ? errorsFromContract(result.error) : NO_ERRORS, result.error);
      return;
    }
    setTestResult(result.value);
    requestAnimationFrame(() => testRef.current?.focus());
  };

  const remove = async () => {
    if (triggerId === undefined) return;
    const result = await client.invoke('triggers.remove', { id: triggerId });
    setConfirmDelete(false);
    if (!result.ok) {
      toast(result.error.message, 'error');
      return;
    }
    toast(`Removed “${draft.name}”`, 'success');
    navigate({ view: 'triggers' });
  };

  const insertPlaceholder = (name: string) => {
    const area = templateRef.current;
    const token = `{{${name}}}`;
    const start = area?.selectionStart ?? draft.template.length;
    const end = area?.selectionEnd ?? draft.template.length;
    update({ template: draft.template.slice(0, start) + token + draft.template.slice(end) });
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const fieldError = (name: string) => errors.fields[name];
  const describe = (name: string, hint?: boolean) => [hint ? `${id}-${name}-hint` : null, fieldError(name) ? `${id}-${name}-error` : null].filter(Boolean).join(' ') || undefined;
  const errorText = (name: string) =>
    fieldError(name) ? (
      <p id={`${id}-${name}-error`} className="field-error">
        {fieldError(name)}
      </p>
    ) : null;
  const defaultMinutes = defaultIntervalSeconds ? Math.round(defaultIntervalSeconds / 60) : 15;

  return (
    <div className="view">
      <PageHeader title={title} subtitle={editing ? 'Edit what this trigger watches and where it publishes.' : 'When the provider has something new, publish it to the consumer.'} actions={back} />
      <form className="editor" onSubmit={(event) => void save(event)} noValidate aria-label={title}>
        <div ref={summaryRef} tabIndex={-1} className="error-summary-anchor">
          {failure && <ErrorNotice title={failure.code === 'invalid-argument' ? 'Please check the highlighted fields' : 'Could not save'} error={failure} />}
        </div>

        <section className="card">
          <div className="field">
            <label htmlFor={`${id}-name`}>Name</label>
            <input
              id={`${id}-name`}
              type="text"
              value={draft.name}
              placeholder="Django blog to my notes"
              aria-invalid={fieldError('name') ? true : undefined}
              aria-describedby={describe('name')}
              aria-required
              onChange={(event) => update({ name: event.target.value })}
            />
            {errorText('name')}
          </div>
          <div className="field field-checkbox">
            <input id={`${id}-enabled`} type="checkbox" checked={draft.enabled} onChange={(event) => update({ enabled: event.target.checked })} />
            <label htmlFor={`${id}-enabled`}>Enabled</label>
          </div>
        </section>

        <fieldset className="card">
          <legend>When there is something new in…</legend>
          <EndpointFields
            side="provider"
            services={services}
            accounts={accounts}
            service={draft.providerService}
            accountId={draft.providerAccountId}
            params={draft.providerParams}
            errors={errors.provider}
            editing={editing}
            secretsSet={draft.providerSecretsSet}
            onChange={(next) =>
              update({
                providerService: next.service,
                providerAccountId: next.accountId,
                providerParams: next.params,
                // Another service's stored secrets do not carry over (the engine drops them).
                providerSecretsSet: next.service === draft.providerService ? draft.providerSecretsSet : [],
              })
            }
          />
        </fieldset>

        <fieldset className="card">
          <legend>…publish it to</legend>
          <EndpointFields
            side="consumer"
            services={services}
            accounts={accounts}
            service={draft.consumerService}
            accountId={draft.consumerAccountId}
            params={draft.consumerParams}
            errors={errors.consumer}
            editing={editing}
            secretsSet={draft.consumerSecretsSet}
            onChange={(next) =>
              update({
                consumerService: next.service,
                consumerAccountId: next.accountId,
                consumerParams: next.params,
                consumerSecretsSet: next.service === draft.consumerService ? draft.consumerSecretsSet : [],
              })
            }
          />
        </fieldset>

        <fieldset className="card">
          <legend>Filters</legend>
          <p className="field-hint">Words or /patterns/ matched against the title and content. Filtered items are recorded and never fetched again as new.</p>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${id}-include`}>Only items containing</label>
              <StringListInput id={`${id}-include`} value={draft.include} onChange={(include) => update({ include })} itemLabel="word" placeholder="Any item" invalid={Boolean(fieldError('include'))} describedBy={describe('include')} />
              {errorText('include')}
            </div>
            <div className="field">
              <label htmlFor={`${id}-exclude`}>Skip items containing</label>
              <StringListInput id={`${id}-exclude`} value={draft.exclude} onChange={(exclude) => update({ exclude })} itemLabel="word" placeholder="Nothing" invalid={Boolean(fieldError('exclude'))} describedBy={describe('exclude')} />
              {errorText('exclude')}
            </div>
          </div>
        </fieldset>

        <fieldset className="card">
          <legend>Message</legend>
          <div className="template-layout">
            <div className="field">
              <label htmlFor={`${id}-template`}>Template</label>
              <textarea
                ref={templateRef}
                id={`${id}-template`}
                rows={5}
                value={draft.template}
                placeholder={'{{title}}\n{{url}}'}
                aria-describedby={describe('template', true)}
                aria-invalid={fieldError('template') ? true : undefined}
                onChange={(event) => update({ template: event.target.value })}
              />
              <div id={`${id}-template-hint`} className="field-hint">
                Empty uses “title, then link”. Insert:
                <span className="placeholder-chips">
                  {PLACEHOLDERS.map((name) => (
                    <button key={name} type="button" className="chip chip-button" onClick={() => insertPlaceholder(name)} aria-label={`Insert {{${name}}}`}>
                      {`{{${name}}}`}
                    </button>
                  ))}
                </span>
              </div>
              {errorText('template')}
            </div>
            <TemplatePreview input={input} ready={providerReady} maxLength={consumerService?.maxLength ?? null} />
          </div>
        </fieldset>

        <fieldset className="card">
          <legend>Schedule and limits</legend>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${id}-interval`}>Check every (minutes)</label>
              <input
                id={`${id}-interval`}
                type="number"
                min={1}
                step={1}
                inputMode="numeric"
                value={draft.intervalMinutes}
                placeholder={`${defaultMinutes} (default)`}
                aria-describedby={describe('intervalMinutes')}
                aria-invalid={fieldError('intervalMinutes') ? true : undefined}
                onChange={(event) => update({ intervalMinutes: event.target.value })}
              />
              {errorText('intervalMinutes')}
            </div>
            <div className="field">
              <label htmlFor={`${id}-max`}>Publish at most, per run</label>
              <input
                id={`${id}-max`}
                type="number"
                min={1}
                max={1000}
                step={1}
                inputMode="numeric"
                value={draft.maxPerRun}
                aria-describedby={describe('maxPerRun', true)}
                aria-invalid={fieldError('maxPerRun') ? true : undefined}
                onChange={(event) => update({ maxPerRun: event.target.value })}
              />
              <p id={`${id}-maxPerRun-hint`} className="field-hint">
                The rest wait for the next run; nothing is dropped.
              </p>
              {errorText('maxPerRun')}
            </div>
          </div>
          <fieldset className="radio-group">
            <legend>On the first run</legend>
            <div className="field field-checkbox">
              <input id={`${id}-first-baseline`} type="radio" name={`${id}-first`} checked={draft.firstRun === 'baseline'} onChange={() => update({ firstRun: 'baseline' })} />
              <label htmlFor={`${id}-first-baseline`}>Start from now: what the provider has today counts as already seen</label>
            </div>
            <div className="field field-checkbox field-inline">
              <input id={`${id}-first-latest`} type="radio" name={`${id}-first`} checked={draft.firstRun === 'latest'} onChange={() => update({ firstRun: 'latest' })} />
              <label htmlFor={`${id}-first-latest`}>Also publish the latest</label>
              <input
                type="number"
                className="input-narrow"
                min={1}
                max={1000}
                aria-label="Number of latest items to publish on the first run"
                value={draft.firstRunLatest}
                disabled={draft.firstRun !== 'latest'}
                aria-invalid={fieldError('firstRunLatest') ? true : undefined}
                onChange={(event) => update({ firstRunLatest: event.target.value })}
              />
              <span>items</span>
            </div>
            {errorText('firstRunLatest')}
          </fieldset>
          <div className="field field-checkbox">
            <input id={`${id}-notify`} type="checkbox" checked={draft.notify} onChange={(event) => update({ notify: event.target.checked })} />
            <label htmlFor={`${id}-notify`}>Notify me when this trigger finds new items</label>
          </div>
        </fieldset>

        <div className="editor-footer">
          {editing && (
            <button type="button" className="button button-danger" onClick={() => setConfirmDelete(true)}>
              Delete
            </button>
          )}
          <span className="spacer" />
          <button type="button" className="button" disabled={testing} onClick={() => void test()}>
            {testing ? 'Testing…' : 'Test'}
          </button>
          <a className="button" href={routeHref({ view: 'triggers' })}>
            Cancel
          </a>
          <button type="submit" className="button button-primary" disabled={saving}>
            {saving ? 'Saving…' : editing ? 'Save' : 'Create trigger'}
          </button>
        </div>
      </form>

      {(testing || testResult) && (
        <section className="card test-panel" aria-labelledby={`${id}-test-title`}>
          <h2 id={`${id}-test-title`} ref={testRef} tabIndex={-1}>
            Test: what would be published
          </h2>
          <p className="field-hint">Fetched just now. Nothing was published and nothing was marked as seen.</p>
          {testing && <p className="muted">Fetching…</p>}
          {testResult && <TestResults result={testResult} />}
        </section>
      )}

      <ModalDialog
        title="Delete this trigger?"
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        footer={
          <>
            <button type="button" className="button" onClick={() => setConfirmDelete(false)}>
              Keep it
            </button>
            <button type="button" className="button button-danger" onClick={() => void remove()}>
              Delete
            </button>
          </>
        }
      >
        <p>“{draft.name}” and its items waiting in the outbox will be removed. Items already published stay where they are.</p>
      </ModalDialog>
    </div>
  );
}
