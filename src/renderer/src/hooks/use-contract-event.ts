import { useEffect, useRef } from 'react';
import type { ContractEvents, EventName } from '../../../shared/contract';
import { useClient } from '../client/client-context';

/** Subscribes for the component's lifetime; the latest listener is always the one called. */
export function useContractEvent<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): void {
  const client = useClient();
  const current = useRef(listener);
  useEffect(() => {
    current.current = listener;
  });
  useEffect(() => client.subscribe(event, (payload) => current.current(payload)), [client, event]);
}
