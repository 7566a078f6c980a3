import { useApi } from '@backstage/frontend-plugin-api';
import type { DashboardResponse, DashboardWindow } from '@internal/plugin-devex-common';
import { useEffect, useState } from 'react';
import { DashboardTarget, devexApiRef } from '../api/DevexApi';

export type DashboardState = {
  loading: boolean;
  error?: Error;
  value?: DashboardResponse;
};

/** Loads a dashboard, again whenever the target or window changes; keeps the last value while loading. */
export function useDashboard(target: DashboardTarget, window: DashboardWindow): DashboardState {
  const api = useApi(devexApiRef);
  const [state, setState] = useState<DashboardState>({ loading: true });
  const key = JSON.stringify(target);
  useEffect(() => {
    let cancelled = false;
    setState(s => ({ ...s, loading: true, error: undefined }));
    api.getDashboard(JSON.parse(key), window).then(
      value => !cancelled && setState({ loading: false, value }),
      error => !cancelled && setState(s => ({ ...s, loading: false, error })),
    );
    return () => {
      cancelled = true;
    };
  }, [api, key, window]);
  return state;
}
