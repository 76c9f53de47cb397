import { useId, useState, type FormEvent } from 'react';
import type { Settings } from '../../../../shared/settings';
import type { ContractError } from '../../../../shared/result';
import { useClient } from '../../client/client-context';
import { AppIcon } from '../../components/app-icons';
import { ErrorNotice } from '../../components/error-notice';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toasts';
import { useQuery } from '../../hooks/use-query';
import { OpmlImportDialog } from '../triggers/opml-import-dialog';
import { fromDisplay, SCHEDULE_SETTINGS, toDisplay, WORK_SETTINGS, type NumberSetting } from './settings-fields';

// Preferences, and the data folder: where it lives, a database backup, OPML in and out.

type BooleanKey = 'notifications' | 'doNotDisturb' | 'launchAtLogin' | 'startPaused';

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const ALL_NUMBER_SETTINGS = [...SCHEDULE_SETTINGS, ...WORK_SETTINGS];

function displayNumbers(settings: Settings): Record<string, string> {
  return Object.fromEntries(ALL_NUMBER_SETTINGS.map((s) => [s.key, toDisplay(s, settings[s.key])]));
}

export function SettingsView() {
  const settings = useQuery('settings.get', {});
  return (
    <div className="view">
      <PageHeader title="Settings" />
      {settings.error && <ErrorNotice title="Could not load the settings" error={settings.error} onRetry={settings.reload} />}
      {settings.value && <PreferencesForm initial={settings.value} />}
      <DataSection />
    </div>
  );
}

function PreferencesForm({ initial }: { initial: Settings }) {
  const client = useClient();
  const toast = useToast();
  const id = useId();
  const info = useQuery('data.info', {});
  const [saved, setSaved] = useState(initial);
  const [numbers, setNumbers] = useState<Record<string, string>>(() => displayNumbers(initial));
  const [flags, setFlags] = useState<Record<BooleanKey, boolean>>({ notifications: initial.notifications, doNotDisturb: initial.doNotDisturb, launchAtLogin: initial.launchAtLogin, startPaused: initial.startPaused });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ContractError | null>(null);
  const [busy, setBusy] = useState(false);


  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const patch: Partial<Settings> = {};
    for (const setting of ALL_NUMBER_SETTINGS) {
      const value = fromDisplay(setting, numbers[setting.key] ?? '');
      if (value !== saved[setting.key]) (patch as Record<string, number>)[setting.key] = value;
    }
    for (const key of Object.keys(flags) as BooleanKey[]) if (flags[key] !== saved[key]) patch[key] = flags[key];
    if (Object.keys(patch).length === 0) {
      toast('Nothing changed');
      return;
    }
    setBusy(true);
    const result = await client.invoke('settings.update', patch);
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      setErrors(Object.fromEntries((result.error.issues ?? []).map((issue) => [issue.path.split('.')[0] ?? '', issue.message])));
      return;
    }
    setFailure(null);
    setErrors({});
    setSaved(result.value);
    setNumbers(displayNumbers(result.value));
    toast('Settings saved', 'success');
  };

  const numberField = (setting: NumberSetting) => {
    const fieldId = `${id}-${setting.key}`;
    const error = errors[setting.key];
    return (
      <div className="field" key={setting.key}>
        <label htmlFor={fieldId}>{setting.label}</label>
        <div className="input-with-unit">
          <input
            id={fieldId}
            type="number"
            min={setting.min}
            max={setting.max}
            step="any"
            value={numbers[setting.key] ?? ''}
            aria-describedby={`${fieldId}-hint${error ? ` ${fieldId}-error` : ''}`}
            aria-invalid={error ? true : undefined}
            onChange={(event) => setNumbers({ ...numbers, [setting.key]: event.target.value })}
          />
          <span className="unit">{setting.unit}</span>
        </div>
        <p id={`${fieldId}-hint`} className="field-hint">
          {setting.hint}
        </p>
        {error && (
          <p id={`${fieldId}-error`} className="field-error">
            {error}
          </p>
        )}
      </div>
    );
  };

  const flag = (key: BooleanKey, label: string, hint?: string) => (
    <div className="field field-checkbox" key={key}>
      <input id={`${id}-${key}`} type="checkbox" checked={flags[key]} aria-describedby={hint ? `${id}-${key}-hint` : undefined} onChange={(event) => setFlags({ ...flags, [key]: event.target.checked })} />
      <label htmlFor={`${id}-${key}`}>{label}</label>
      {hint && (
        <p id={`${id}-${key}-hint`} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );

  return (
    <form className="settings-form" onSubmit={(event) => void submit(event)} noValidate aria-label="Preferences">
      {failure && <ErrorNotice title="Could not save the settings" error={failure} />}
      <fieldset className="card">
        <legend>Schedule</legend>
        <div className="field-row">{SCHEDULE_SETTINGS.map(numberField)}</div>
      </fieldset>
      <fieldset className="card">
        <legend>Work and etiquette</legend>
        <div className="field-row field-row-3">{WORK_SETTINGS.map(numberField)}</div>
      </fieldset>
      <fieldset className="card">
        <legend>Notifications and start</legend>
        {flag('notifications', 'Show desktop notifications for new items')}
        {flag('doNotDisturb', 'Do not disturb', 'Keep working, but show no notifications.')}
        {info.value?.desktop && flag('launchAtLogin', 'Launch at login')}
        {flag('startPaused', 'Start paused', 'Nothing is fetched until you press Resume.')}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}

function DataSection() {
  const client = useClient();
  const toast = useToast();
  const info = useQuery('data.info', {});
  const [importing, setImporting] = useState(false);
  const [backup, setBackup] = useState<{ file: string; bytes: number } | null>(null);
  const [busy, setBusy] = useState<'backup' | 'export' | null>(null);

  const runBackup = async () => {
    setBusy('backup');
    const result = await client.invoke('data.backup', {});
    setBusy(null);
    if (!result.ok) toast(result.error.message, 'error');
    else {
      setBackup(result.value);
      toast('Backup written', 'success');
    }
  };

  const exportOpml = async () => {
    setBusy('export');
    const result = await client.invoke('opml.export', {});
    setBusy(null);
    if (!result.ok) {
      toast(result.error.message, 'error');
      return;
    }
    // A download made in the page: works the same in a browser and in the desktop window.
    const url = URL.createObjectURL(new Blob([result.value.text], { type: 'text/x-opml' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'trigger-happy.opml';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    toast(`Exported ${result.value.count} feeds`, 'success');
  };

  return (
    <section className="card" aria-labelledby="data-title">
      <h2 id="data-title" className="card-title">
        Data
      </h2>
      {info.error && <ErrorNotice title="Could not read the data folder" error={info.error} />}
      {info.value && (
        <dl className="facts">
          <dt>Data folder</dt>
          <dd>
            <code>{info.value.dataDir}</code>
          </dd>
          <dt>Database</dt>
          <dd>
            <code>{info.value.databaseFile}</code> · {formatBytes(info.value.databaseBytes)}
          </dd>
        </dl>
      )}
      <div className="button-row">
        <button type="button" className="button" disabled={busy === 'backup'} onClick={() => void runBackup()}>
          {busy === 'backup' ? 'Backing up…' : 'Back up the database'}
        </button>
        <button type="button" className="button" onClick={() => setImporting(true)}>
          <AppIcon name="upload" size={16} />
          Import OPML
        </button>
        <button type="button" className="button" disabled={busy === 'export'} onClick={() => void exportOpml()}>
          Export OPML
        </button>
      </div>
      {backup && (
        <p className="muted" role="status">
          Backup: <code>{backup.file}</code> ({formatBytes(backup.bytes)})
        </p>
      )}
      <OpmlImportDialog open={importing} onClose={() => setImporting(false)} onImported={() => undefined} />
    </section>
  );
}
