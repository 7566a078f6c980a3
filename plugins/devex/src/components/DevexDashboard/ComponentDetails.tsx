import { InfoCard, Link } from '@backstage/core-components';
import { Chip, Grid, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@material-ui/core';
import type { DashboardResponse } from '@internal/plugin-devex-common';

const OUTCOME_COLORS: Record<string, string> = {
  success: '#1b7f3b',
  failure: '#c0392b',
  rolled_back: '#c0392b',
  cancelled: '#757575',
};

function Fact(props: { label: string; ok: boolean; detail?: string }) {
  return (
    <Chip
      size="small"
      variant={props.ok ? 'default' : 'outlined'}
      label={`${props.ok ? '✓' : '✗'} ${props.label}${props.detail ? `: ${props.detail}` : ''}`}
      style={{ marginRight: 6, marginBottom: 6 }}
    />
  );
}

/** What the catalog says about the component and its last deployments. */
export function ComponentDetails(props: { dashboard: DashboardResponse }) {
  const { facts, recentDeployments = [] } = props.dashboard;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={4}>
        <InfoCard title="Golden path">
          {facts && (
            <>
              <Fact label="Created from a template" ok={!!facts.sourceTemplate || !!facts.createdAt} detail={facts.sourceTemplate} />
              <Fact label="Owner" ok={!!facts.ownerRef} detail={facts.ownerRef?.replace(/^group:default\//, '')} />
              <Fact label="Docs" ok={facts.hasDocs} />
              <Fact label="CI" ok={facts.hasCi} />
              <Fact label="Lifecycle" ok={!!facts.lifecycle} detail={facts.lifecycle} />
            </>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={8}>
        <InfoCard title="Recent deployments" noPadding>
          {recentDeployments.length === 0 ? (
            <Typography variant="body2" color="textSecondary" style={{ padding: 16 }}>
              No deployments received for this component.
            </Typography>
          ) : (
            <Table size="small" aria-label="Recent deployments">
              <TableHead>
                <TableRow>
                  <TableCell>Finished</TableCell>
                  <TableCell>Environment</TableCell>
                  <TableCell>Version</TableCell>
                  <TableCell>Outcome</TableCell>
                  <TableCell>Commits</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {recentDeployments.map(d => (
                  <TableRow key={`${d.eventId}-${d.finishedAt}`}>
                    <TableCell>{d.finishedAt.replace('T', ' ').slice(0, 16)} UTC</TableCell>
                    <TableCell>{d.environment}</TableCell>
                    <TableCell>{d.url ? <Link to={d.url}>{d.version}</Link> : d.version}</TableCell>
                    <TableCell style={{ color: OUTCOME_COLORS[d.outcome] }}>
                      {d.outcome.replace('_', ' ')}
                      {d.failedChange && d.outcome === 'success' ? ' (caused an incident)' : ''}
                    </TableCell>
                    <TableCell>{d.commits}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
}
