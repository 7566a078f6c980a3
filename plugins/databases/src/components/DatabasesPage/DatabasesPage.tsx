import { Link as RouterLink, Route, Routes } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { Button, Grid } from '@material-ui/core';
import {
  Content,
  ContentHeader,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import type { Database, DatabaseRequest } from '@internal/plugin-databases-common';
import { databasesApiRef } from '../../api';
import { RequestDatabaseRoute } from '../RequestDatabasePage/RequestDatabasePage';
import { RequestDetailsRoute } from '../RequestDetailsPage/RequestDetailsPage';
import {
  DATABASE_STATUS_LABELS,
  entityPath,
  formatTime,
  REQUEST_STATUS_LABELS,
  usd,
} from '../format';

const requestColumns: TableColumn<DatabaseRequest>[] = [
  {
    title: 'Database',
    render: r => (
      <Link to={`/databases/requests/${r.id}`}>
        {r.spec.name} ({r.spec.environment})
      </Link>
    ),
  },
  { title: 'Kind', render: r => (r.kind === 'resize' ? `resize to ${r.spec.size}` : 'new') },
  { title: 'Team', field: 'ownerRef' },
  { title: 'Requested by', field: 'requestedBy' },
  { title: 'Size', render: r => r.spec.size },
  { title: 'Monthly cost', render: r => usd(r.monthlyCostUsd) },
  { title: 'Status', render: r => REQUEST_STATUS_LABELS[r.status] },
  { title: 'Requested', render: r => formatTime(r.requestedAt) },
];

const databaseColumns: TableColumn<Database>[] = [
  {
    title: 'Database',
    render: d =>
      d.status === 'active' || d.status === 'decommissioning' ? (
        <Link to={`${entityPath(d.entityRef)}/database`}>
          {d.spec.name} ({d.spec.environment})
        </Link>
      ) : d.pendingRequestId ? (
        <Link to={`/databases/requests/${d.pendingRequestId}`}>
          {d.spec.name} ({d.spec.environment})
        </Link>
      ) : (
        `${d.spec.name} (${d.spec.environment})`
      ),
  },
  { title: 'Component', field: 'componentRef' },
  { title: 'Team', field: 'ownerRef' },
  { title: 'Size', render: d => d.spec.size },
  { title: 'Monthly cost', render: d => usd(d.monthlyCostUsd) },
  { title: 'Status', render: d => DATABASE_STATUS_LABELS[d.status] },
  { title: 'Health', render: d => d.health?.state ?? 'not checked yet' },
];

function Overview() {
  const api = useApi(databasesApiRef);
  const identityApi = useApi(identityApiRef);
  const data = useAsync(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    const claims = new Set(ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US')));
    const [waiting, mine, databases] = await Promise.all([
      api.listRequests({ status: 'awaiting-approval' }),
      api.listRequests({}),
      api.listDatabases(),
    ]);
    return {
      toDecide: waiting.filter(r => r.canDecide),
      mine: mine.filter(r => claims.has(r.ownerRef)).slice(0, 20),
      teamDatabases: databases.filter(d => claims.has(d.ownerRef)),
    };
  }, [api]);
  if (data.loading) return <Progress />;
  if (data.error) return <ResponseErrorPanel error={data.error} />;
  const { toDecide, mine, teamDatabases } = data.value!;
  return (
    <>
      <ContentHeader title="Databases">
        <Button variant="contained" color="primary" component={RouterLink} to="/databases/request">
          Request a database
        </Button>
      </ContentHeader>
      <Grid container spacing={3}>
        {toDecide.length > 0 && (
          <Grid item xs={12}>
            <Table
              title="Waiting for your approval"
              options={{ paging: false, search: false }}
              columns={requestColumns}
              data={toDecide}
            />
          </Grid>
        )}
        <Grid item xs={12}>
          <Table
            title="Your teams' databases"
            options={{ paging: false, search: false }}
            columns={databaseColumns}
            data={teamDatabases}
            emptyContent={<div style={{ padding: 16 }}>No databases yet.</div>}
          />
        </Grid>
        <Grid item xs={12}>
          <Table
            title="Your teams' requests"
            options={{ paging: false, search: false }}
            columns={requestColumns}
            data={mine}
            emptyContent={<div style={{ padding: 16 }}>No requests yet.</div>}
          />
        </Grid>
      </Grid>
    </>
  );
}

/** /databases: the overview, the request form and each request's page. */
export function DatabasesPage() {
  return (
    <Routes>
      <Route
        path="/"
        element={
          <Page themeId="tool">
            <Header
              title="Databases"
              subtitle="PostgreSQL databases on request: checked by policy, approved when risky, ready in seconds."
            />
            <Content>
              <Overview />
            </Content>
          </Page>
        }
      />
      <Route path="/request" element={<RequestDatabaseRoute />} />
      <Route path="/requests/:requestId" element={<RequestDetailsRoute />} />
    </Routes>
  );
}
