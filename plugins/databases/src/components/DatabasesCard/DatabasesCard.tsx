import { Link as RouterLink } from 'react-router-dom';
import {
  Button,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { Database } from '@internal/plugin-databases-common';
import { databasesApiRef } from '../../api';
import { usePolling } from '../../hooks/usePolling';
import { DATABASE_STATUS_LABELS, entityPath, usd } from '../format';

function target(d: Database) {
  if (d.status === 'active' || d.status === 'decommissioning') {
    return `${entityPath(d.entityRef)}/database`;
  }
  return d.pendingRequestId
    ? `/databases/requests/${d.pendingRequestId}`
    : undefined;
}

/** The component's databases, including ones still being requested, on its overview. */
export function DatabasesCard() {
  const { entity } = useEntity();
  const componentRef = stringifyEntityRef(entity);
  const api = useApi(databasesApiRef);
  const state = usePolling(
    () => api.listDatabases({ component: componentRef }),
    [api, componentRef],
    list => list.some(d => d.status === 'provisioning'),
    2000,
  );
  return (
    <InfoCard
      title="Databases"
      // A real heading, so screen readers (and tests) can find the card by its title.
      titleTypographyProps={{ component: 'h3' }}
      subheader="PostgreSQL databases this component owns through the portal"
      action={
        <Button
          component={RouterLink}
          to={`/databases/request?component=${encodeURIComponent(
            componentRef,
          )}`}
          color="primary"
          style={{ marginTop: 8 }}
        >
          Request a database
        </Button>
      }
    >
      {state.loading && !state.value && <Progress />}
      {state.error && !state.value && (
        <ResponseErrorPanel error={state.error} />
      )}
      {state.value && state.value.length === 0 && (
        <Typography>No databases yet.</Typography>
      )}
      {state.value && state.value.length > 0 && (
        <List dense aria-label="Databases of this component">
          {state.value.map(d => {
            const to = target(d);
            const name = `${d.spec.name} (${d.spec.environment})`;
            return (
              <ListItem key={d.id}>
                <ListItemText
                  primary={to ? <Link to={to}>{name}</Link> : name}
                  secondary={`${DATABASE_STATUS_LABELS[d.status]} · ${
                    d.spec.size
                  } · ${usd(d.monthlyCostUsd)}/month${
                    d.health ? ` · ${d.health.state}` : ''
                  }`}
                />
              </ListItem>
            );
          })}
        </List>
      )}
    </InfoCard>
  );
}
