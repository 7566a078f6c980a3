import { InfoCard } from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import type { MetricDefinition } from '@internal/plugin-devex-common';
import { ReactNode } from 'react';
import { MetricTooltip } from '../MetricTooltip';

/** A card with a title, the metric's definition on hover, and a headline. */
export function MetricCard(props: {
  title: string;
  definition?: MetricDefinition;
  headline?: ReactNode;
  subheader?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <InfoCard
      title={
        <span>
          {props.title}
          {props.definition && <MetricTooltip definition={props.definition} />}
        </span>
      }
      subheader={props.subheader}
    >
      {props.headline !== undefined && (
        <Box mb={props.children ? 1 : 0}>
          <Typography variant="h4" component="p">
            {props.headline}
          </Typography>
        </Box>
      )}
      {props.children}
    </InfoCard>
  );
}

export function SectionTitle(props: { children: ReactNode; id?: string }) {
  return (
    <Typography variant="h5" component="h2" id={props.id} style={{ marginTop: 16 }}>
      {props.children}
    </Typography>
  );
}
