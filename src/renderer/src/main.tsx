import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { ClientProvider } from './client/client-context';
import { createRendererClient } from './client/contract-client';
import { ServicesProvider } from './client/services-context';
import { ToastProvider } from './components/toasts';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <ClientProvider client={createRendererClient()}>
      <ServicesProvider>
        <ToastProvider>
          <App />
        </ToastProvider>
      </ServicesProvider>
    </ClientProvider>
  </StrictMode>,
);
