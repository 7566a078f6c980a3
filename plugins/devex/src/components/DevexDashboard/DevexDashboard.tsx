import { ErrorPanel, Progress } from '@backstage/core-components';
import { Box, Button, LinearProgress, Typography } from '@material-ui/core';
import GetApp from '@material-ui/icons/GetApp';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  DASHBOARD_WINDOWS,
  DashboardResponse,
  DashboardWindow,
  DEFAULT_DASHBOARD_WINDOW,
} from '@internal/plugin-devex-common';
import { useState } from 'react';
import { DashboardTarget } from '../../api/DevexApi';
import { csvFileName, dashboardToCsv } from '../../dashboardToCsv';
import { useDashboard } from '../../hooks/useDashboard';
import { BreakdownTable } from './BreakdownTable';
import { ComponentDetails } from './ComponentDetails';
import { CostSection } from './CostSection';
import { DoraSection } from './DoraSection';
import { NoDeploymentsYet } from './EmptyStates';
import { PlatformSection } from './PlatformSection';
import { SatisfactionSection } from './SatisfactionSection';
import { SectionTitle } from './Section';

function downloadCsv(dashboard: DashboardResponse) {
  const blob = new Blob([dashboardToCsv(dashboard)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = csvFileName(dashboard);
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The window picker and CSV export above every dashboard. */
export function DashboardControls(props: {
  window: DashboardWindow;
  onWindowChange: (window: DashboardWindow) => void;
  dashboard?: DashboardResponse;
}) {
  const { dashboard } = props;
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 16 }} mb={2}>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={props.window}
        aria-label="Time window"
        onChange={(_event, value) => value && props.onWindowChange(value)}
      >
        {DASHBOARD_WINDOWS.map(w => (
          <ToggleButton key={w} value={w} aria-label={`Last ${w} days`}>
            {w} days
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      {dashboard && (
        <Typography variant="body2" color="textSecondary">
          {dashboard.window.start} to {dashboard.window.end} (UTC), compared with the {dashboard.window.days} days before
        </Typography>
      )}
      <Box flexGrow={1} />
      <Button
        variant="outlined"
        size="small"
        startIcon={<GetApp />}
        disabled={!dashboard}
        onClick={() => dashboard && downloadCsv(dashboard)}
      >
        Export CSV
      </Button>
    </Box>
  );
}

/** A DevEx dashboard for the organization, a team or a component. */
export function DevexDashboard(props: { target: DashboardTarget }) {
  const [window, setWindow] = useState<DashboardWindow>(DEFAULT_DASHBOARD_WINDOW);
  const { value, loading, error } = useDashboard(props.target, window);

  if (error && !value) {
    return <ErrorPanel error={error} title="Could not load the DevEx dashboard" />;
  }
  if (!value) {
    return <Progress />;
  }
  const isComponent = value.scope.kind === 'component';
  return (
    <Box aria-busy={loading} data-testid="devex-dashboard">
      <DashboardControls window={window} onWindowChange={setWindow} dashboard={value} />
      {loading ? <LinearProgress style={{ marginBottom: 8 }} /> : <div style={{ height: 12 }} />}
      <SectionTitle>Delivery (DORA)</SectionTitle>
      {value.hasData.deployments ? (
        <DoraSection dashboard={value} />
      ) : (
        <NoDeploymentsYet entityRef={isComponent ? value.scope.ref : undefined} />
      )}
      {isComponent && (
        <>
          <SectionTitle>This component</SectionTitle>
          <ComponentDetails dashboard={value} />
        </>
      )}
      {value.breakdown.rows.length > 0 && (
        <Box mt={2}>
          <BreakdownTable breakdown={value.breakdown} />
        </Box>
      )}
      <SectionTitle>Platform</SectionTitle>
      <PlatformSection dashboard={value} />
      {!isComponent && (
        <>
          <SectionTitle>Developer satisfaction</SectionTitle>
          <SatisfactionSection dashboard={value} />
        </>
      )}
      <SectionTitle>Cost</SectionTitle>
      <CostSection dashboard={value} />
    </Box>
  );
}
