import { EmptyState } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import { Box, Typography } from '@material-ui/core';

/** What to do when no deployments arrived yet: the call a CI pipeline makes. */
export function NoDeploymentsYet(props: { entityRef?: string }) {
  const baseUrl = useApi(configApiRef).getString('backend.baseUrl');
  const entityRef = props.entityRef ?? 'component:default/checkout-service';
  const curl = `curl -X POST ${baseUrl}/api/devex/events/deployments \\
  -H "Authorization: Bearer $DEVEX_CI_TOKEN" -H "Content-Type: application/json" \\
  -d '{"eventId": "run-1234-1", "entityRef": "${entityRef}",
       "environment": "production", "version": "1.4.2", "outcome": "success",
       "finishedAt": "'$(date -u +%FT%TZ)'",
       "commits": [{"sha": "'$(git rev-parse HEAD)'", "committedAt": "'$(git log -1 --format=%cI)'"}]}'`;
  return (
    <EmptyState
      missing="data"
      title="No deployments received yet"
      description={
        <>
          <Typography variant="body1" paragraph>
            DORA metrics come from your CI pipelines: add a step that reports each deployment
            to the portal with a sender token from <code>backend.auth.externalAccess</code>. Incident
            tools report incidents to <code>/api/devex/events/incidents</code> the same way. The
            DevEx plugin's README has a ready-to-use GitHub Actions step.
          </Typography>
          <Box
            component="pre"
            p={2}
            bgcolor="background.default"
            borderRadius={4}
            style={{ whiteSpace: 'pre-wrap', fontSize: 12, overflowX: 'auto' }}
          >
            {curl}
          </Box>
        </>
      }
    />
  );
}

/** A small note for a section without data, saying where its data comes from. */
export function NothingYet(props: { children: React.ReactNode }) {
  return (
    <Typography variant="body2" color="textSecondary">
      {props.children}
    </Typography>
  );
}
