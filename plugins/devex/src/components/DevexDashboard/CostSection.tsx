import { InfoCard } from '@backstage/core-components';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { Link } from '@backstage/core-components';
import { Grid, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@material-ui/core';
import { COST_DEFINITIONS, DashboardResponse } from '@internal/plugin-devex-common';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatUsd } from '../../format';
import { TrendChart } from '../charts/Charts';
import { NothingYet } from './EmptyStates';
import { MetricCard } from './Section';

const SOURCE_LABELS: Record<string, string> = {
  annotation: 'annotation',
  'size-class': 'size class',
  'configured-class': 'configured class',
  'type-default': 'default for its type',
  'database-request': 'database request',
  unknown: 'no cost class',
};

export function CostSection(props: { dashboard: DashboardResponse }) {
  const { cost, scope } = props.dashboard;
  const entityPath = useEntityRefLink();
  const over = cost.budgetUsd !== undefined && cost.monthlyUsd > cost.budgetUsd;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={4}>
        <MetricCard
          title="Monthly cost"
          definition={COST_DEFINITIONS.monthlyCost}
          headline={formatUsd(cost.monthlyUsd)}
          subheader={cost.budgetUsd !== undefined ? `budget ${formatUsd(cost.budgetUsd)} a month` : 'no budget configured'}
        >
          {over && (
            <Typography variant="body2" style={{ color: '#c0392b' }}>
              {formatUsd(cost.monthlyUsd - cost.budgetUsd!)} over budget
            </Typography>
          )}
          <TrendChart
            height={160}
            xKey="day"
            format={formatUsd}
            data={cost.series.map(s => ({ day: s.day.slice(5), cost: s.monthlyUsd }))}
            lines={[{ key: 'cost', name: 'Monthly cost', color: '#b7791f' }]}
          />
        </MetricCard>
      </Grid>
      {scope.kind !== 'component' && (
        <Grid item xs={12} md={8}>
          <InfoCard title="Cost against budget by team" subheader="Showback: what each team's provisioned resources cost a month">
            {cost.byTeam.length === 0 ? (
              <NothingYet>No team owns resources with a cost yet.</NothingYet>
            ) : (
              <ResponsiveContainer width="100%" height={260}>
                <BarChart data={cost.byTeam.map(t => ({ team: t.title, cost: t.monthlyUsd, budget: t.budgetUsd }))} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="team" fontSize={11} interval={0} />
                  <YAxis fontSize={11} tickFormatter={v => formatUsd(Number(v))} />
                  <Tooltip formatter={(v: any) => formatUsd(Number(v))} />
                  <Legend />
                  <Bar dataKey="cost" name="Monthly cost" fill="#b7791f" />
                  <Bar dataKey="budget" name="Budget" fill="#9e9e9e" />
                </BarChart>
              </ResponsiveContainer>
            )}
          </InfoCard>
        </Grid>
      )}
      <Grid item xs={12}>
        <InfoCard title="Resources" subheader="Where each cost comes from" noPadding>
          {cost.byResource.length === 0 ? (
            <div style={{ padding: 16 }}>
              <NothingYet>No provisioned resources for this scope.</NothingYet>
            </div>
          ) : (
            <Table size="small" aria-label="Resources and their cost">
              <TableHead>
                <TableRow>
                  <TableCell>Resource</TableCell>
                  <TableCell>Type</TableCell>
                  <TableCell>Owner</TableCell>
                  <TableCell>Cost class</TableCell>
                  <TableCell align="right">Monthly cost</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {cost.byResource.map(r => (
                  <TableRow key={r.entityRef}>
                    <TableCell>
                      {r.source === 'database-request' ? r.title : <Link to={entityPath(r.entityRef)}>{r.title}</Link>}
                    </TableCell>
                    <TableCell>{r.type}</TableCell>
                    <TableCell>{r.ownerRef?.replace(/^group:default\//, '') ?? '–'}</TableCell>
                    <TableCell>
                      {r.costClass ?? '–'} ({SOURCE_LABELS[r.source] ?? r.source})
                    </TableCell>
                    <TableCell align="right">{formatUsd(r.monthlyUsd)}</TableCell>
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
