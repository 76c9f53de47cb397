import { useEffect, useState } from 'react';
import { useClient } from './client/client-context';
import type { ConnectionState } from './client/contract-client';
import { useServices } from './client/services-context';
import { AppIcon, type AppIconName } from './components/app-icons';
import { ErrorNotice } from './components/error-notice';
import { useToast } from './components/toasts';
import { EngineStatusPanel } from './engine-status-panel';
import { useContractEvent } from './hooks/use-contract-event';
import { routeHref, useRoute, type Route } from './navigation';
import { AccountsView } from './views/accounts/accounts-view';
import { ActivityView } from './views/activity/activity-view';
import { ItemsView } from './views/items/items-view';
import { SettingsView } from './views/settings/settings-view';
import { TriggerEditor } from './views/triggers/trigger-editor';
import { TriggersView } from './views/triggers/triggers-view';

// The window: a sidebar with the five sections and the engine's state, and the current view.

const SECTIONS: Array<{ view: 'triggers' | 'activity' | 'items' | 'accounts' | 'settings'; label: string; icon: AppIconName }> = [
  { view: 'triggers', label: 'Triggers', icon: 'triggers' },
  { view: 'activity', label: 'Activity', icon: 'activity' },
  { view: 'items', label: 'Items', icon: 'items' },
  { view: 'accounts', label: 'Accounts', icon: 'accounts' },
  { view: 'settings', label: 'Settings', icon: 'settings' },
];

function sectionOf(route: Route): string {
  return route.view === 'trigger-new' || route.view === 'trigger-edit' ? 'triggers' : route.view;
}

function CurrentView({ route }: { route: Route }) {
  switch (route.view) {
    case 'triggers':
      return <TriggersView />;
    case 'trigger-new':
      return <TriggerEditor key="new" />;
    case 'trigger-edit':
      return <TriggerEditor key={route.id} triggerId={route.id} />;
    case 'accounts':
      return <AccountsView />;
    case 'activity':
      return <ActivityView key={route.triggerId ?? 0} triggerId={route.triggerId} />;
    case 'items':
      return <ItemsView key={route.triggerId ?? 0} triggerId={route.triggerId} />;
    case 'settings':
      return <SettingsView />;
  }
}

export function App() {
  const route = useRoute();
  const client = useClient();
  const services = useServices();
  const toast = useToast();
  const [connection, setConnection] = useState<ConnectionState>('connected');
  // A trigger that stops itself after repeated failures says so wherever the user is.
  useContractEvent('trigger:paused', (event) => toast(`${event.triggerName} paused: ${event.reason}`, 'error'));
  useEffect(() => client.onConnectionChange(setConnection), [client]);
  const section = sectionOf(route);

  return (
    <div className="app">
      <nav className="sidebar" aria-label="Sections">
        <div className="brand">
          <svg width="26" height="26" viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="brand-mark">
            <path d="M13 2 4 14h7l-1 8 9-12h-7z" fill="currentColor" />
          </svg>
          <span>Trigger Happy</span>
        </div>
        <ul className="nav-list">
          {SECTIONS.map((entry) => (
            <li key={entry.view}>
              <a className="nav-link" href={routeHref({ view: entry.view })} aria-current={section === entry.view ? 'page' : undefined}>
                <AppIcon name={entry.icon} />
                {entry.label}
              </a>
            </li>
          ))}
        </ul>
        <EngineStatusPanel />
      </nav>
      <main className="content" id="content">
        {connection === 'reconnecting' && (
          <p className="notice notice-warning" role="status">
            Lost the connection to Trigger Happy; reconnecting…
          </p>
        )}
        {services.error ? <ErrorNotice title="Could not load the services" error={services.error} onRetry={services.reload} /> : <CurrentView route={route} />}
      </main>
    </div>
  );
}
