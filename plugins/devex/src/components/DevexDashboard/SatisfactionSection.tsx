import { InfoCard } from '@backstage/core-components';
import { Box, Grid, List, ListItem, ListItemText, Typography } from '@material-ui/core';
import { DashboardResponse, SATISFACTION_DEFINITIONS } from '@internal/plugin-devex-common';
import { formatPercent, formatScore } from '../../format';
import { DistributionChart, TrendChart } from '../charts/Charts';
import { Trend } from '../Trend';
import { NothingYet } from './EmptyStates';
import { MetricCard } from './Section';

const KIND_LABELS: Record<string, string> = {
  pulse: 'Pulse survey',
  'template-run': 'After a template run',
  'database-request': 'After a database request',
};

export function SatisfactionSection(props: { dashboard: DashboardResponse }) {
  const s = props.dashboard.satisfaction;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={4}>
        <MetricCard
          title="Satisfaction"
          definition={SATISFACTION_DEFINITIONS.score}
          headline={formatScore(s.averageScore)}
          subheader={`${s.responses} answers in the window, ${s.dismissals} dismissed`}
        >
          <Trend value={s.averageScore} previous={s.previousAverageScore} higherIsBetter format={v => v.toFixed(1)} />
          {s.suppressed && (
            <Typography variant="body2" color="textSecondary">
              {s.suppressed}
            </Typography>
          )}
          <Box mt={1}>
            <Typography variant="body2">
              Response rate <b>{formatPercent(s.responseRate)}</b> of {s.askedUsers} active people
            </Typography>
            {s.ratings.map(r => (
              <Typography variant="body2" key={r.kind}>
                {KIND_LABELS[r.kind]}: <b>{formatScore(r.averageScore)}</b> ({r.count} ratings)
              </Typography>
            ))}
          </Box>
        </MetricCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Score by period" subheader="Pulse survey average, last six periods">
          {s.series.every(p => p.responses === 0) ? (
            <NothingYet>No pulse answers yet. Signed-in people are asked on the home page once a period.</NothingYet>
          ) : (
            <TrendChart
              xKey="label"
              domain={[1, 5]}
              format={v => v.toFixed(2)}
              data={s.series.map(p => ({ label: p.label, score: p.averageScore }))}
              lines={[{ key: 'score', name: 'Average score', color: '#1b7f3b' }]}
            />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Answers" subheader="How many gave each score in the window">
          <DistributionChart
            name="Answers"
            buckets={[1, 2, 3, 4, 5].map(score => ({
              label: String(score),
              count: s.distribution.find(d => d.score === score)?.count ?? 0,
            }))}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Recent comments"
          subheader={s.authorsVisible ? 'You see who wrote them because you are a platform admin' : 'Anonymous'}
        >
          {s.comments.length === 0 ? (
            <NothingYet>No comments in this window.</NothingYet>
          ) : (
            <List dense aria-label="Recent comments">
              {s.comments.map(c => (
                <ListItem key={c.id} disableGutters>
                  <ListItemText
                    primary={`“${c.comment}”`}
                    secondary={`${KIND_LABELS[c.kind]}, score ${c.score}, ${c.createdAt.slice(0, 10)}${c.author ? ` — ${c.author}` : ''}`}
                  />
                </ListItem>
              ))}
            </List>
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
}
