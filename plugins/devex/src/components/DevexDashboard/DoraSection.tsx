import { InfoCard } from '@backstage/core-components';
import { Box, Grid, Typography } from '@material-ui/core';
import {
  DashboardResponse,
  DORA_DEFINITIONS,
  DoraMetricKey,
  DoraValue,
} from '@internal/plugin-devex-common';
import { ReactNode } from 'react';
import { formatDuration, formatFrequency, formatPercent } from '../../format';
import { DeploymentsChart, DistributionChart, DurationTrendChart } from '../charts/Charts';
import { MetricTooltip } from '../MetricTooltip';
import { TierBadge } from '../TierBadge';
import { Trend } from '../Trend';
import { NothingYet } from './EmptyStates';

/** "1 commit", "42 commits". */
function count(n: number, noun: string) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function DoraCard(props: {
  metric: DoraMetricKey;
  value: DoraValue;
  display: string;
  format: (v: number) => string;
  higherIsBetter: boolean;
  detail: ReactNode;
}) {
  const definition = DORA_DEFINITIONS[props.metric];
  return (
    <Box
      role="group"
      aria-label={definition.title}
      p={2}
      height="100%"
      border={1}
      borderColor="divider"
      borderRadius={8}
      bgcolor="background.paper"
    >
      <Typography variant="subtitle2" color="textSecondary">
        {definition.title}
        <MetricTooltip definition={definition} />
      </Typography>
      <Box display="flex" alignItems="center" style={{ gap: 8 }} my={1}>
        <Typography variant="h4" component="p">
          {props.display}
        </Typography>
        <TierBadge tier={props.value.tier} />
      </Box>
      <Trend value={props.value.value} previous={props.value.previous} higherIsBetter={props.higherIsBetter} format={props.format} />
      <Typography variant="body2" color="textSecondary">
        {props.detail}
      </Typography>
    </Box>
  );
}

export function DoraSection(props: { dashboard: DashboardResponse }) {
  const { dora, doraSeries, leadTimeDistribution, incidents, window } = props.dashboard;
  const per = window.bucket === 'week' ? 'week' : 'day';
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} sm={6} lg={3}>
        <DoraCard
          metric="deploymentFrequency"
          value={dora.deploymentFrequency}
          display={formatFrequency(dora.deploymentFrequency.value)}
          format={formatFrequency}
          higherIsBetter
          detail={`per service · ${count(dora.deploymentFrequency.deployments, 'deployment')} by ${count(dora.deploymentFrequency.servicesDeploying, 'service')}`}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <DoraCard
          metric="leadTime"
          value={dora.leadTime}
          display={formatDuration(dora.leadTime.value)}
          format={formatDuration}
          higherIsBetter={false}
          detail={`median of ${count(dora.leadTime.sampleSize, 'commit')}`}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <DoraCard
          metric="changeFailureRate"
          value={dora.changeFailureRate}
          display={formatPercent(dora.changeFailureRate.value)}
          format={v => formatPercent(v)}
          higherIsBetter={false}
          detail={`${dora.changeFailureRate.failedChanges} of ${count(dora.changeFailureRate.deployments, 'production deployment')} failed`}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <DoraCard
          metric="timeToRestore"
          value={dora.timeToRestore}
          display={formatDuration(dora.timeToRestore.value)}
          format={formatDuration}
          higherIsBetter={false}
          detail={`median of ${count(dora.timeToRestore.sampleSize, 'resolved incident')}; ${dora.timeToRestore.openIncidents} open now`}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title={`Deployments per ${per}`} subheader="Production deployments, failed changes and the change failure rate">
          <DeploymentsChart series={doraSeries} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Lead time and time to restore" subheader={`Medians per ${per}`}>
          <DurationTrendChart series={doraSeries} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Lead time distribution" subheader="Commits by time from commit to production, in DORA tier ranges">
          <DistributionChart buckets={leadTimeDistribution} name="Commits" />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Incidents" subheader={`${incidents.opened} opened in the window, ${incidents.open} open now`}>
          {incidents.opened === 0 && incidents.open === 0 ? (
            <NothingYet>
              No incidents in this window. Incident tools report them to /api/devex/events/incidents,
              naming the deployment that caused one so it counts as a failed change.
            </NothingYet>
          ) : (
            <DistributionChart
              name="Incidents"
              color="#c0392b"
              buckets={Object.entries(incidents.bySeverity).map(([label, count]) => ({ label: label.toUpperCase(), count }))}
            />
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
}
