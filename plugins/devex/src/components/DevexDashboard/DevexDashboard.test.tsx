import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DashboardTarget, DevexApi, devexApiRef } from '../../api/DevexApi';
import { dashboardFixture } from '../../testing/dashboardFixture';
import { DevexDashboard } from './DevexDashboard';

function fakeApi(overrides: Parameters<typeof dashboardFixture>[0] = {}) {
  const calls: Array<{ target: DashboardTarget; window: number }> = [];
  const api: DevexApi = {
    async getDashboard(target, window) {
      calls.push({ target, window });
      return dashboardFixture({
        ...overrides,
        window: { start: '2026-02-14', end: '2026-03-15', days: window, bucket: window === 90 ? 'week' : 'day' },
      });
    },
    getPendingSurveys: async () => ({ ratings: [] }),
    answerSurvey: async () => undefined,
    reportActivity: async () => undefined,
  };
  return { api, calls };
}

const render = (api: DevexApi) =>
  renderInTestApp(<DevexDashboard target={{ kind: 'organization' }} />, {
    apis: [[devexApiRef, api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    config: { backend: { baseUrl: 'http://localhost:7007' } },
  });

// The first render of a test app and typed input are slow on a loaded machine.
jest.setTimeout(30_000);

describe('DevexDashboard', () => {
  it('shows each DORA metric with its tier, and teams that link to their own dashboard', async () => {
    const { api } = fakeApi();
    await render(api);
    const lead = await screen.findByRole('group', { name: 'Lead time for changes' });
    expect(within(lead).getByText('3.0 h')).toBeInTheDocument();
    expect(within(lead).getByText('Elite')).toBeInTheDocument();
    const cfr = screen.getByRole('group', { name: 'Change failure rate' });
    expect(within(cfr).getByText('12%')).toBeInTheDocument();
    expect(within(cfr).getByText('Medium')).toBeInTheDocument();
    expect(within(cfr).getByText('12 of 100 production deployments failed')).toBeInTheDocument();

    const teams = screen.getByRole('table', { name: 'Teams' });
    expect(within(teams).getByRole('link', { name: 'Flights' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-flights/devex',
    );
    expect(screen.getByText('“Flaky integration tests block our pipeline.”')).toBeInTheDocument();
  });

  it('asks the backend again when the window changes', async () => {
    const { api, calls } = fakeApi();
    await render(api);
    await screen.findByRole('group', { name: 'Lead time for changes' });
    expect(calls.map(c => c.window)).toEqual([30]);
    await userEvent.click(screen.getByRole('button', { name: 'Last 90 days' }));
    await waitFor(() => expect(calls.map(c => c.window)).toEqual([30, 90]));
    expect(screen.getByRole('button', { name: 'Last 90 days' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('says how to start sending deployments when none arrived yet', async () => {
    const { api } = fakeApi({ hasData: { deployments: false, incidents: false, surveys: false, catalog: true } });
    await render(api);
    expect(await screen.findByText('No deployments received yet')).toBeInTheDocument();
    expect(document.body.textContent).toContain('curl -X POST http://localhost:7007/api/devex/events/deployments');
    expect(screen.queryByRole('group', { name: 'Lead time for changes' })).not.toBeInTheDocument();
  });
});
