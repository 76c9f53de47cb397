import { createContext, useContext, type ReactNode } from 'react';
import type { RendererClient } from './contract-client';

// Views get the client from context, so tests or a storybook can hand them another one.
const ClientContext = createContext<RendererClient | null>(null);

export function ClientProvider({ client, children }: { client: RendererClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): RendererClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside ClientProvider');
  return client;
}
