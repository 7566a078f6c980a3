import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Grid,
  LinearProgress,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
  Table,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Database,
  DATABASE_ID_ANNOTATION,
  DATABASE_SIZES,
  DatabaseCredentials,
  DatabaseSize,
  PolicyVerdict,
} from '@internal/plugin-databases-common';
import { databasesApiRef } from '../../api';
import { usePolling } from '../../hooks/usePolling';
import { VerdictPanel } from '../VerdictPanel';
import { DATABASE_STATUS_LABELS, formatBytes, formatTime, usd } from '../format';

function Overview({ database }: { database: Database }) {
  return (
    <InfoCard title="Database">
      <StructuredMetadataTable
        metadata={{
          status: DATABASE_STATUS_LABELS[database.status],
          ...(database.dropAfter
            ? { 'dropped after': formatTime(database.dropAfter) }
            : {}),
          environment: database.spec.environment,
          'size class': `${database.sizeClass.title}: ${database.sizeClass.description}`,
          'monthly cost': usd(database.monthlyCostUsd),
          region: database.spec.region,
          'high availability': database.spec.highAvailability ? 'yes' : 'no',
          'backup retention': `${database.spec.backupRetentionDays} days`,
          team: database.ownerRef,
          component: database.componentRef,
          'requested by': database.requestedBy,
          provisioned: formatTime(database.provisionedAt),
        }}
      />
    </InfoCard>
  );
}

function Health({ database }: { database: Database }) {
  const health = database.health;
  const limitBytes = database.sizeClass.storageGb * 1024 ** 3;
  return (
    <InfoCard title="Health" subheader="Checked every minute by the portal">
      {!health ? (
        <Typography>Not checked yet.</Typography>
      ) : (
        <>
          <Alert
            severity={health.state === 'ok' ? 'success' : 'error'}
            aria-label="Database health"
          >
            {health.state === 'ok'
              ? 'Reachable and within its size class.'
              : health.state === 'unreachable'
              ? `Unreachable. ${health.message ?? ''}`
              : `Over its size class. ${health.message ?? ''}`}
          </Alert>
          <Typography variant="body2" style={{ marginTop: 12 }}>
            Storage: {formatBytes(health.sizeBytes)} of {database.sizeClass.storageGb} GiB
          </Typography>
          <LinearProgress
            variant="determinate"
            value={Math.min(100, ((health.sizeBytes ?? 0) / limitBytes) * 100)}
          />
          <Typography variant="body2" style={{ marginTop: 12 }}>
            Connections: {health.connections ?? 'unknown'} of {database.sizeClass.connectionLimit}
          </Typography>
          <LinearProgress
            variant="determinate"
            value={Math.min(
              100,
              ((health.connections ?? 0) / database.sizeClass.connectionLimit) * 100,
            )}
          />
          <Typography variant="caption">Checked {formatTime(health.checkedAt)}</Typography>
        </>
      )}
    </InfoCard>
  );
}

function Credentials({ database }: { database: Database }) {
  const api = useApi(databasesApiRef);
  const [credentials, setCredentials] = useState<DatabaseCredentials>();
  const [error, setError] = useState<Error>();
  // Hide them again when the password changes under us (rotation).
  useEffect(() => setCredentials(undefined), [database.pendingRequestId]);
  if (!database.allowed.revealCredentials) {
    return (
      <InfoCard title="Credentials">
        <Typography>Only members of {database.ownerRef} can reveal the credentials.</Typography>
      </InfoCard>
    );
  }
  return (
    <InfoCard title="Credentials">
      {error && <ResponseErrorPanel error={error} />}
      {credentials ? (
        <>
          <StructuredMetadataTable
            metadata={{
              host: credentials.host,
              port: String(credentials.port),
              database: credentials.database,
              username: credentials.username,
              password: credentials.password,
            }}
          />
          <TextField
            fullWidth
            id="database-connection-string"
            label="Connection string"
            value={credentials.connectionString}
            InputProps={{ readOnly: true }}
            style={{ marginTop: 12 }}
          />
          <Button style={{ marginTop: 12 }} onClick={() => setCredentials(undefined)}>
            Hide credentials
          </Button>
        </>
      ) : (
        <>
          <Typography paragraph>
            Revealing is recorded in the audit trail.
          </Typography>
          <Button
            variant="outlined"
            color="primary"
            disabled={database.status !== 'active' || Boolean(database.pendingRequestId)}
            onClick={async () => {
              setError(undefined);
              try {
                setCredentials(await api.revealCredentials(database.id));
              } catch (e) {
                setError(e as Error);
              }
            }}
          >
            Reveal credentials
          </Button>
        </>
      )}
    </InfoCard>
  );
}

function Operations(props: { database: Database; onChange: () => void }) {
  const { database, onChange } = props;
  const api = useApi(databasesApiRef);
  const [dialog, setDialog] = useState<'rotate' | 'resize' | 'decommission'>();
  const [size, setSize] = useState<DatabaseSize>(database.spec.size);
  const [justification, setJustification] = useState('');
  const [verdict, setVerdict] = useState<PolicyVerdict>();
  const [confirmName, setConfirmName] = useState('');
  const [error, setError] = useState<Error>();
  const [message, setMessage] = useState<string>();
  const busy = Boolean(database.pendingRequestId);

  useEffect(() => {
    if (dialog !== 'resize' || size === database.spec.size) {
      setVerdict(undefined);
      return;
    }
    api
      .dryRunResize(database.id, { size, justification: justification || undefined })
      .then(setVerdict, () => setVerdict(undefined));
  }, [api, dialog, size, justification, database.id, database.spec.size]);

  const run = async (fn: () => Promise<unknown>, done: string) => {
    setError(undefined);
    try {
      await fn();
      setMessage(done);
      setDialog(undefined);
      onChange();
    } catch (e) {
      setError(e as Error);
    }
  };

  const allowed = database.allowed;
  if (!allowed.rotate && !allowed.resize && !allowed.decommission) return null;
  return (
    <InfoCard title="Operations">
      {message && <Alert severity="info">{message}</Alert>}
      {busy && <Alert severity="info">A change is in progress…</Alert>}
      {error && !dialog && <ResponseErrorPanel error={error} />}
      <Grid container spacing={1} style={{ marginTop: 8 }}>
        {database.status === 'active' && (
          <>
            {allowed.rotate && (
              <Grid item>
                <Button variant="outlined" disabled={busy} onClick={() => setDialog('rotate')}>
                  Rotate credentials
                </Button>
              </Grid>
            )}
            {allowed.resize && (
              <Grid item>
                <Button variant="outlined" disabled={busy} onClick={() => setDialog('resize')}>
                  Resize
                </Button>
              </Grid>
            )}
            {allowed.decommission && (
              <Grid item>
                <Button
                  variant="outlined"
                  color="secondary"
                  disabled={busy}
                  onClick={() => setDialog('decommission')}
                >
                  Decommission
                </Button>
              </Grid>
            )}
          </>
        )}
        {database.status === 'decommissioning' && allowed.decommission && (
          <Grid item>
            <Button
              variant="contained"
              color="primary"
              disabled={busy || !database.dropAfter}
              onClick={() => run(() => api.restore(database.id), 'Restoring the database…')}
            >
              Restore
            </Button>
          </Grid>
        )}
      </Grid>

      <Dialog open={dialog === 'rotate'} onClose={() => setDialog(undefined)}>
        <DialogTitle>Rotate credentials?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            A new password is issued and the current one stops working at once. Update your
            applications' secrets afterwards.
          </DialogContentText>
          {error && <ResponseErrorPanel error={error} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDialog(undefined)}>Cancel</Button>
          <Button
            color="primary"
            onClick={() => run(() => api.rotateCredentials(database.id), 'Issuing new credentials…')}
          >
            Rotate
          </Button>
        </DialogActions>
      </Dialog>

      <Dialog open={dialog === 'resize'} onClose={() => setDialog(undefined)} fullWidth>
        <DialogTitle>Resize {database.spec.name}</DialogTitle>
        <DialogContent>
          <TextField
            select
            fullWidth
            id="resize-size"
            label="New size"
            value={size}
            onChange={e => setSize(e.target.value as DatabaseSize)}
          >
            {DATABASE_SIZES.map(s => (
              <MenuItem key={s} value={s}>
                {s}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            fullWidth
            multiline
            label="Justification"
            value={justification}
            onChange={e => setJustification(e.target.value)}
            style={{ margin: '12px 0' }}
          />
          {size !== database.spec.size && <VerdictPanel verdict={verdict} pending={!verdict} />}
          {error && <ResponseErrorPanel error={error} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDialog(undefined)}>Cancel</Button>
          <Button
            color="primary"
            disabled={size === database.spec.size || !verdict || verdict.decision === 'deny'}
            onClick={() =>
              run(
                () => api.resize(database.id, { size, justification: justification || undefined }),
                verdict?.decision === 'needs-approval'
                  ? 'The resize waits for a platform-team approval.'
                  : `Resizing to ${size}…`,
              )
            }
          >
            Resize
          </Button>
        </DialogActions>
      </Dialog>

      <Dialog open={dialog === 'decommission'} onClose={() => setDialog(undefined)}>
        <DialogTitle>Decommission {database.spec.name}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            Logins stop now. The database is dropped after the grace period unless you
            restore it before then. Type its name to confirm.
          </DialogContentText>
          <TextField
            fullWidth
            id="decommission-confirm"
            label="Database name"
            value={confirmName}
            onChange={e => setConfirmName(e.target.value)}
          />
          {error && <ResponseErrorPanel error={error} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDialog(undefined)}>Cancel</Button>
          <Button
            color="secondary"
            disabled={confirmName !== database.spec.name}
            onClick={() =>
              run(
                () => api.decommission(database.id, confirmName),
                'Decommissioning: logins are being disabled.',
              )
            }
          >
            Decommission
          </Button>
        </DialogActions>
      </Dialog>
    </InfoCard>
  );
}

function AuditTrail({ database }: { database: Database }) {
  const api = useApi(databasesApiRef);
  const audit = useAsyncRetry(
    () => api.getAuditTrail(database.id),
    [api, database.id, database.status, database.pendingRequestId, database.spec.size],
  );
  return (
    <Table
      title="Audit trail"
      isLoading={audit.loading}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={[
        { title: 'When', render: e => formatTime(e.at) },
        { title: 'Who', field: 'actor' },
        { title: 'What', field: 'action' },
        {
          title: 'Details',
          render: e =>
            e.verdict ? `${e.message} (policy: ${e.verdict.decision})` : e.message,
        },
      ]}
      data={audit.value ?? []}
    />
  );
}

/** The "Database" tab of a database's catalog Resource: health, credentials, day-2 operations. */
export function DatabaseContent() {
  const { entity } = useEntity();
  const id = entity.metadata.annotations?.[DATABASE_ID_ANNOTATION];
  const api = useApi(databasesApiRef);
  const state = usePolling(
    () => api.getDatabase(id!),
    [api, id],
    d => Boolean(d.pendingRequestId),
    1000,
  );
  if (!id) return <Typography>This Resource was not made by the databases plugin.</Typography>;
  if (state.loading && !state.value) return <Progress />;
  if (state.error && !state.value) return <ResponseErrorPanel error={state.error} />;
  const database = state.value!;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <Overview database={database} />
      </Grid>
      <Grid item xs={12} md={6}>
        <Health database={database} />
      </Grid>
      <Grid item xs={12} md={6}>
        <Credentials database={database} />
      </Grid>
      <Grid item xs={12} md={6}>
        <Operations database={database} onChange={state.retry} />
      </Grid>
      <Grid item xs={12}>
        <AuditTrail database={database} />
      </Grid>
    </Grid>
  );
}
