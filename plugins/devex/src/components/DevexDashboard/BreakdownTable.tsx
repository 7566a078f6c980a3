import { InfoCard, Link } from '@backstage/core-components';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import type { BreakdownRow, DashboardResponse, DoraTier } from '@internal/plugin-devex-common';
import { formatDuration, formatFrequency, formatPercent, formatScore, formatUsd } from '../../format';
import { TierBadge } from '../TierBadge';

function WithTier(props: { text: string; tier?: DoraTier }) {
  return (
    <Box display="flex" alignItems="center" style={{ gap: 6 }}>
      <span>{props.text}</span>
      {props.tier && <TierBadge tier={props.tier} />}
    </Box>
  );
}

/** Teams (organization) or components (team), with their tiers; names open their DevEx tab. */
export function BreakdownTable(props: { breakdown: DashboardResponse['breakdown'] }) {
  const entityPath = useEntityRefLink();
  const { kind, rows } = props.breakdown;
  const teams = kind === 'team';
  const sorted = [...rows].sort((a, b) => (b.deploymentsPerDay ?? -1) - (a.deploymentsPerDay ?? -1));
  return (
    <InfoCard title={teams ? 'Teams' : 'Components'} subheader="Open one for its own dashboard" noPadding>
      <Table size="small" aria-label={teams ? 'Teams' : 'Components'}>
        <TableHead>
          <TableRow>
            <TableCell>{teams ? 'Team' : 'Component'}</TableCell>
            <TableCell>Deployments</TableCell>
            <TableCell>Lead time</TableCell>
            <TableCell>Change failure rate</TableCell>
            <TableCell>Time to restore</TableCell>
            {teams && <TableCell>Active users</TableCell>}
            {teams && <TableCell>Satisfaction</TableCell>}
            {teams && <TableCell>Cost / budget</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {sorted.map((row: BreakdownRow) => (
            <TableRow key={row.ref}>
              <TableCell>
                <Link to={`${entityPath(row.ref)}/devex`}>{row.title}</Link>
              </TableCell>
              <TableCell>
                <WithTier text={formatFrequency(row.deploymentsPerDay)} tier={row.deploymentFrequencyTier} />
              </TableCell>
              <TableCell>
                <WithTier text={formatDuration(row.leadTimeSeconds)} tier={row.leadTimeTier} />
              </TableCell>
              <TableCell>
                <WithTier text={formatPercent(row.changeFailureRate)} tier={row.changeFailureRateTier} />
              </TableCell>
              <TableCell>
                <WithTier text={formatDuration(row.timeToRestoreSeconds)} tier={row.timeToRestoreTier} />
              </TableCell>
              {teams && <TableCell>{row.activeUsers ?? '–'}</TableCell>}
              {teams && <TableCell>{formatScore(row.averageScore)}</TableCell>}
              {teams && (
                <TableCell
                  style={{
                    color:
                      row.budgetUsd !== undefined && (row.monthlyCostUsd ?? 0) > row.budgetUsd ? '#c0392b' : undefined,
                  }}
                >
                  {formatUsd(row.monthlyCostUsd)} / {formatUsd(row.budgetUsd)}
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
