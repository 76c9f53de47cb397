import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { ServiceInfo } from '../../../shared/models';
import type { ContractError } from '../../../shared/result';
import { useQuery } from '../hooks/use-query';

// The services the engine offers (labels, capabilities, form schemas), loaded once per window:
// every view draws service names, icons and forms from it, never from service code.

interface ServicesState {
  services: ServiceInfo[];
  byId: Map<string, ServiceInfo>;
  error: ContractError | null;
  loading: boolean;
  reload: () => void;
}

const ServicesContext = createContext<ServicesState | null>(null);

export function ServicesProvider({ children }: { children: ReactNode }) {
  const query = useQuery('services.list', {});
  const state = useMemo<ServicesState>(() => {
    const services = query.value ?? [];
    return { services, byId: new Map(services.map((s) => [s.id, s])), error: query.error, loading: query.loading && !query.value, reload: query.reload };
  }, [query.value, query.error, query.loading, query.reload]);
  return <ServicesContext.Provider value={state}>{children}</ServicesContext.Provider>;
}

export function useServices(): ServicesState {
  const state = useContext(ServicesContext);
  if (!state) throw new Error('useServices outside ServicesProvider');
  return state;
}

export function serviceLabel(byId: Map<string, ServiceInfo>, id: string): string {
  return byId.get(id)?.label ?? id;
}
