import { useState } from 'react';
import type { AccountView } from '../../../../shared/models';
import { useClient } from '../../client/client-context';
import { useServices } from '../../client/services-context';
import { AppIcon } from '../../components/app-icons';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { ModalDialog } from '../../components/modal-dialog';
import { PageHeader } from '../../components/page-header';
import { ServiceIcon } from '../../components/service-icon';
import { TimeLabel } from '../../components/time-label';
import { useToast } from '../../components/toasts';
import { useQuery } from '../../hooks/use-query';
import { AccountEditor } from './account-editor';

// Connections to services that need one (Mastodon, Pocket…). Which services those are comes from
// the engine (accountSchema); none of today's services needs one, and the view says so.

type Editing = { account: AccountView | null } | null;

export function AccountsView() {
  const client = useClient();
  const toast = useToast();
  const { services, byId } = useServices();
  const accounts = useQuery('accounts.list', {});
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<AccountView | null>(null);
  const [testing, setTesting] = useState<number | null>(null);
  const withAccounts = services.filter((s) => s.accountSchema !== null);
  const list = accounts.value ?? [];

  const test = async (account: AccountView) => {
    setTesting(account.id);
    const result = await client.invoke('accounts.test', { id: account.id });
    setTesting(null);
    if (!result.ok) toast(result.error.message, 'error');
    else toast(`${account.name}: ${result.value.message}`, result.value.ok ? 'success' : 'error');
  };

  const remove = async (account: AccountView) => {
    const result = await client.invoke('accounts.remove', { id: account.id });
    setRemoving(null);
    if (!result.ok) toast(result.error.message, 'error');
    else {
      toast(`Removed ${account.name}`, 'success');
      accounts.reload();
    }
  };

  const addButton = withAccounts.length > 0 && (
    <button type="button" className="button button-primary" onClick={() => setEditing({ account: null })}>
      <AppIcon name="plus" size={16} />
      Add account
    </button>
  );

  return (
    <div className="view">
      <PageHeader title="Accounts" subtitle="Connections to services that need a login. Secrets stay in the system’s secret store." actions={addButton} />
      {accounts.error && <ErrorNotice title="Could not load the accounts" error={accounts.error} onRetry={accounts.reload} />}
      {accounts.value && list.length === 0 && (
        <EmptyState title={withAccounts.length === 0 ? 'No service needs an account' : 'No accounts yet'} actions={addButton || undefined}>
          {withAccounts.length === 0 ? (
            <p>
              Feeds, Markdown folders and webhooks work without one. Services that need a login will list their accounts here.
            </p>
          ) : (
            <p>Add an account for {withAccounts.map((s) => s.label).join(', ')} to use it in triggers.</p>
          )}
        </EmptyState>
      )}
      {list.length > 0 && (
        <ul className="account-list" aria-label="Accounts">
          {list.map((account) => (
            <li key={account.id} className="account-row card">
              <ServiceIcon service={account.service} size={24} label={byId.get(account.service)?.label ?? account.service} />
              <div className="account-main">
                <span className="account-name">{account.name}</span>
                <span className="muted">
                  {byId.get(account.service)?.label ?? account.service} · added <TimeLabel at={account.createdAt} />
                  {account.secretsSet.length > 0 && ` · ${account.secretsSet.join(', ')} saved`}
                </span>
              </div>
              <div className="account-actions">
                <button type="button" className="button button-small" disabled={testing === account.id} onClick={() => void test(account)} aria-label={`Test connection of ${account.name}`}>
                  {testing === account.id ? 'Testing…' : 'Test connection'}
                </button>
                <button type="button" className="button button-small" onClick={() => setEditing({ account })} aria-label={`Edit ${account.name}`}>
                  Edit
                </button>
                <button type="button" className="button button-small button-danger" onClick={() => setRemoving(account)} aria-label={`Remove ${account.name}`}>
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <ModalDialog title={editing?.account ? 'Edit account' : 'Add account'} open={editing !== null} onClose={() => setEditing(null)}>
        {editing && (
          <AccountEditor
            services={editing.account ? services.filter((s) => s.id === editing.account?.service) : withAccounts}
            account={editing.account}
            onDone={(saved) => {
              setEditing(null);
              if (saved) {
                toast(`Saved ${saved.name}`, 'success');
                accounts.reload();
              }
            }}
          />
        )}
      </ModalDialog>
      <ModalDialog
        title="Remove this account?"
        open={removing !== null}
        onClose={() => setRemoving(null)}
        footer={
          <>
            <button type="button" className="button" onClick={() => setRemoving(null)}>
              Keep it
            </button>
            <button type="button" className="button button-danger" onClick={() => removing && void remove(removing)}>
              Remove
            </button>
          </>
        }
      >
        <p>“{removing?.name}” and its saved secrets will be deleted. Triggers using it stop until you choose another account.</p>
      </ModalDialog>
    </div>
  );
}
