import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Grid,
  List,
  ListItem,
  ListItemText,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { DashboardResponse, PLATFORM_DEFINITIONS } from '@internal/plugin-devex-common';
import { Link } from '@backstage/core-components';
import { formatDuration, formatPercent } from '../../format';
import { ShareBars, TrendChart } from '../charts/Charts';
import { Trend } from '../Trend';
import { NothingYet } from './EmptyStates';
import { MetricCard } from './Section';

function share(count: number, total: number) {
  return total > 0 ? count / total : undefined;
}

export function PlatformSection(props: { dashboard: DashboardResponse }) {
  const { platform, scope } = props.dashboard;
  const entityPath = useEntityRefLink();
  const { adoption, timeToFirstValue: ttfv, scaffolder, databaseRequests: db, activeUsers } = platform;
  const isComponent = scope.kind === 'component';
  return (
    <Grid container spacing={2}>
      {!isComponent && (
        <Grid item xs={12} md={6}>
          <MetricCard
            title="Golden-path adoption"
            definition={PLATFORM_DEFINITIONS.goldenPathAdoption}
            headline={`${formatPercent(share(adoption.fromTemplate, adoption.components))} from templates`}
            subheader={`${adoption.fromTemplate} of ${adoption.components} components; catalog coverage below`}
          >
            {adoption.components === 0 ? (
              <NothingYet>The catalog has no components for this scope yet.</NothingYet>
            ) : (
              <>
                <ShareBars
                  items={[
                    { label: 'From a template', count: adoption.fromTemplate, total: adoption.components },
                    { label: 'With an owner', count: adoption.withOwner, total: adoption.components },
                    { label: 'With docs', count: adoption.withDocs, total: adoption.components },
                    { label: 'With CI', count: adoption.withCi, total: adoption.components },
                    { label: 'With lifecycle', count: adoption.withLifecycle, total: adoption.components },
                  ]}
                />
                <TrendChart
                  height={180}
                  xKey="day"
                  unit="%"
                  domain={[0, 100]}
                  format={v => `${v.toFixed(0)}%`}
                  data={adoption.series.map(s => ({
                    day: s.day.slice(5),
                    templates: s.components ? (s.fromTemplate / s.components) * 100 : undefined,
                    docs: s.components ? (s.withDocs / s.components) * 100 : undefined,
                    ci: s.components ? (s.withCi / s.components) * 100 : undefined,
                  }))}
                  lines={[
                    { key: 'templates', name: 'From templates', color: '#1b7f3b' },
                    { key: 'docs', name: 'With docs', color: '#2f6fb3' },
                    { key: 'ci', name: 'With CI', color: '#b7791f' },
                  ]}
                />
              </>
            )}
          </MetricCard>
        </Grid>
      )}
      <Grid item xs={12} md={6}>
        <MetricCard
          title="Time to first value"
          definition={PLATFORM_DEFINITIONS.timeToFirstValue}
          headline={formatDuration(ttfv.medianSeconds)}
          subheader={`median of ${ttfv.measured} new component(s) first deployed in the window; ${ttfv.waiting} waiting for production`}
        >
          <Trend value={ttfv.medianSeconds} previous={ttfv.previousMedianSeconds} higherIsBetter={false} format={formatDuration} />
          {ttfv.entities.length === 0 ? (
            <NothingYet>
              No component created from a template reached production in this window. Creating one
              from a golden path starts the clock.
            </NothingYet>
          ) : (
            <List dense>
              {ttfv.entities.map(e => (
                <ListItem key={e.entityRef} disableGutters>
                  <ListItemText
                    primary={<Link to={`${entityPath(e.entityRef)}/devex`}>{e.title ?? e.entityRef}</Link>}
                    secondary={
                      e.seconds !== undefined
                        ? `created ${e.createdAt.slice(0, 10)}, in production after ${formatDuration(e.seconds)}`
                        : `created ${e.createdAt.slice(0, 10)}, not in production yet`
                    }
                  />
                </ListItem>
              ))}
            </List>
          )}
        </MetricCard>
      </Grid>
      {!isComponent && (
        <Grid item xs={12} md={6}>
          <MetricCard
            title="Template runs"
            definition={PLATFORM_DEFINITIONS.scaffolder}
            headline={`${formatPercent(scaffolder.successRate)} succeeded`}
            subheader={`${scaffolder.runs} runs, median ${formatDuration(scaffolder.medianDurationSeconds)}`}
          >
            <Trend value={scaffolder.successRate} previous={scaffolder.previousSuccessRate} higherIsBetter format={v => formatPercent(v)} />
            {scaffolder.byTemplate.length === 0 ? (
              <NothingYet>No template runs in this window. Runs are read from the scaffolder as they finish.</NothingYet>
            ) : (
              <Table size="small" aria-label="Template runs by template">
                <TableHead>
                  <TableRow>
                    <TableCell>Template</TableCell>
                    <TableCell>Runs</TableCell>
                    <TableCell>Succeeded</TableCell>
                    <TableCell>Median duration</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {scaffolder.byTemplate.map(t => (
                    <TableRow key={t.templateRef}>
                      <TableCell>{t.title ?? t.templateRef}</TableCell>
                      <TableCell>{t.runs}</TableCell>
                      <TableCell>{formatPercent(t.successRate)}</TableCell>
                      <TableCell>{formatDuration(t.medianDurationSeconds)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </MetricCard>
        </Grid>
      )}
      <Grid item xs={12} md={6}>
        <MetricCard
          title="Database requests"
          definition={PLATFORM_DEFINITIONS.databaseRequests}
          headline={formatDuration(db.medianLeadTimeSeconds)}
          subheader="median from request to a provisioned database"
        >
          {db.requests === 0 ? (
            <NothingYet>No database requests in this window; they are reported by the databases plugin.</NothingYet>
          ) : (
            <Typography variant="body2">
              {db.requests} requests: {db.provisioned} provisioned, {db.refused} denied or rejected ({formatPercent(db.refusalRate)}),{' '}
              {db.failed} failed, {db.awaitingApproval} awaiting approval. Median wait for approval:{' '}
              <b>{formatDuration(db.medianApprovalWaitSeconds)}</b>.
            </Typography>
          )}
        </MetricCard>
      </Grid>
      {!isComponent && (
        <Grid item xs={12} md={6}>
          <MetricCard
            title="Active users"
            definition={PLATFORM_DEFINITIONS.activeUsers}
            headline={`${activeUsers.activeUsers}${activeUsers.members !== undefined ? ` of ${activeUsers.members}` : ''}`}
            subheader={`${activeUsers.sessions} sessions, ${activeUsers.pageViews} page views`}
          >
            <Trend value={activeUsers.activeUsers} previous={activeUsers.previous} higherIsBetter format={v => String(v)} />
            <TrendChart
              height={180}
              xKey="day"
              data={activeUsers.series.map(s => ({ day: s.day.slice(5), users: s.users }))}
              lines={[{ key: 'users', name: 'People active that day', color: '#2f6fb3' }]}
            />
          </MetricCard>
        </Grid>
      )}
    </Grid>
  );
}
