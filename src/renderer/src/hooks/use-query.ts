import { useCallback, useEffect, useState } from 'react';
import type { Channel, ChannelArgs, ChannelResult } from '../../../shared/contract';
import type { ContractError } from '../../../shared/result';
import { useClient } from '../client/client-context';

// Loads one channel's result and keeps the last good value while reloading, so a refresh never
// blanks the view. Errors are data: the view shows `error` and keeps working. State changes only
// when an answer arrives; "loading" is derived (the last answer is for an older request).

export interface Query<T> {
  value: T | undefined;
  error: ContractError | null;
  loading: boolean;
  reload: () => void;
}

interface Answer<T> {
  request: string;
  value: T | undefined;
  error: ContractError | null;
}

export function useQuery<C extends Channel>(channel: C, args: ChannelArgs<C>, options: { enabled?: boolean } = {}): Query<ChannelResult<C>> {
  const enabled = options.enabled ?? true;
  const client = useClient();
  const key = JSON.stringify(args ?? {});
  const [generation, setGeneration] = useState(0);
  const request = `${channel}\n${key}\n${generation}`;
  const [answer, setAnswer] = useState<Answer<ChannelResult<C>>>({ request: '', value: undefined, error: null });

  useEffect(() => {
    if (!enabled) return;
    let current = true;
    void client.invoke(channel, JSON.parse(key) as ChannelArgs<C>).then((result) => {
      // A slower answer to an older request must not overwrite a newer one.
      if (!current) return;
      setAnswer((previous) => (result.ok ? { request, value: result.value, error: null } : { request, value: previous.value, error: result.error }));
    });
    return () => {
      current = false;
    };
  }, [client, channel, key, request, enabled]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { value: answer.value, error: answer.error, loading: enabled && answer.request !== request, reload };
}
