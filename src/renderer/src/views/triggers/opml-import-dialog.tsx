import { useId, useState, type FormEvent } from 'react';
import type { ImportResult } from '../../../../shared/models';
import type { ContractError } from '../../../../shared/result';
import { useClient } from '../../client/client-context';
import { useServices } from '../../client/services-context';
import { ErrorNotice } from '../../components/error-notice';
import { ModalDialog } from '../../components/modal-dialog';
import { rawFromParams, paramsFromRaw, type RawValues } from '../../schema-form/schema-fields';
import { EndpointFields } from './endpoint-fields';
import { consumerFields } from './trigger-draft';

// Import a feed reader's subscriptions: one trigger per feed in the OPML file, all publishing to
// the consumer chosen here. The window reads the file and sends its text; the engine parses it.

export function OpmlImportDialog({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: (result: ImportResult) => void }) {
  return (
    <ModalDialog title="Import OPML" open={open} onClose={onClose}>
      {open && <OpmlImportForm onClose={onClose} onImported={onImported} />}
    </ModalDialog>
  );
}

function OpmlImportForm({ onClose, onImported }: { onClose: () => void; onImported: (result: ImportResult) => void }) {
  const client = useClient();
  const { services, byId } = useServices();
  const id = useId();
  const firstConsumer = services.find((s) => s.capabilities.includes('consumer'));
  const [file, setFile] = useState<File | null>(null);
  const [consumer, setConsumer] = useState<{ service: string; accountId: number | null; params: RawValues }>({
    service: firstConsumer?.id ?? '',
    accountId: null,
    params: rawFromParams(consumerFields(firstConsumer), {}),
  });
  const [publishLatest, setPublishLatest] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ContractError | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<ImportResult | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setError({ code: 'invalid-argument', message: 'Choose an OPML file first.' });
      return;
    }
    setBusy(true);
    const text = await file.text();
    const outcome = await client.invoke('opml.import', {
      text,
      consumer: { service: consumer.service, accountId: consumer.accountId, params: paramsFromRaw(consumerFields(byId.get(consumer.service)), consumer.params) },
      firstRunLatest: publishLatest ? 1 : 0,
    });
    setBusy(false);
    if (!outcome.ok) {
      setError(outcome.error);
      const errors: Record<string, string> = {};
      for (const issue of outcome.error.issues ?? []) {
        const match = /^consumer\.params\.([^.]+)/.exec(issue.path);
        if (match?.[1]) errors[match[1]] ??= issue.message;
      }
      setFieldErrors(errors);
      return;
    }
    setError(null);
    setResult(outcome.value);
    onImported(outcome.value);
  };

  if (result) {
    return (
      <div className="import-result" role="status">
        <p>
          <strong>{result.created}</strong> {result.created === 1 ? 'trigger' : 'triggers'} created.
        </p>
        {result.skipped.length > 0 && (
          <>
            <p>{result.skipped.length} skipped:</p>
            <ul className="skipped-list">
              {result.skipped.map((skip) => (
                <li key={skip.url}>
                  <code>{skip.url}</code> — {skip.reason}
                </li>
              ))}
            </ul>
          </>
        )}
        <div className="modal-footer">
          <button type="button" className="button button-primary" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label="Import OPML">
      {error && <ErrorNotice title="Could not import" error={error} />}
      <div className="field">
        <label htmlFor={`${id}-file`}>OPML file</label>
        <input id={`${id}-file`} type="file" accept=".opml,.xml,text/xml,application/xml,text/x-opml" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
        <p className="field-hint">Exported from your feed reader. Each feed becomes one trigger.</p>
      </div>
      <fieldset className="card card-flat">
        <legend>Publish new items to</legend>
        <EndpointFields side="consumer" services={services} accounts={[]} service={consumer.service} accountId={consumer.accountId} params={consumer.params} errors={fieldErrors} editing={false} onChange={setConsumer} />
      </fieldset>
      <div className="field field-checkbox">
        <input id={`${id}-latest`} type="checkbox" checked={publishLatest} onChange={(event) => setPublishLatest(event.target.checked)} />
        <label htmlFor={`${id}-latest`}>Publish each feed’s latest item on the first run (otherwise start from now)</label>
      </div>
      <div className="modal-footer">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
      </div>
    </form>
  );
}
