import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/**
 * Loads `fetch` and reloads it every `intervalMs` while `keepPolling(value)` holds, so a
 * page follows a request from "provisioning" to "done" without a reload.
 */
export function usePolling<T>(
  fetch: () => Promise<T>,
  deps: unknown[],
  keepPolling: (value: T) => boolean,
  intervalMs = 1000,
) {
  const state = useAsyncRetry(fetch, deps);
  const [tick, setTick] = useState(0);
  const polling = state.value !== undefined && keepPolling(state.value);
  useEffect(() => {
    if (!polling || state.loading) return undefined;
    const timer = setTimeout(() => {
      setTick(t => t + 1);
      state.retry();
    }, intervalMs);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [polling, state.loading, tick]);
  return state;
}
