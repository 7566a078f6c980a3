import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { Button, Grid, TextField, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  DatabaseRequest,
  FINAL_REQUEST_STATUSES,
} from '@internal/plugin-databases-common';
import { databasesApiRef } from '../../api';
import { usePolling } from '../../hooks/usePolling';
import { VerdictPanel } from '../VerdictPanel';
import { entityPath, formatTime, REQUEST_STATUS_LABELS, usd } from '../format';

const WAITING_STATUSES = ['awaiting-approval', ...FINAL_REQUEST_STATUSES];

function DecisionCard(props: { request: DatabaseRequest; onDecided: () => void }) {
  const api = useApi(databasesApiRef);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setError(undefined);
    try {
      if (decision === 'approve') await api.approveRequest(props.request.id, comment);
      else await api.rejectRequest(props.request.id, comment);
      props.onDecided();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <InfoCard title="Your decision">
      <Typography paragraph>
        {props.request.requestedBy} asks for this database for {props.request.ownerRef}.
        The requester is told your comment.
      </Typography>
      <TextField
        fullWidth
        multiline
        minRows={2}
        id="decision-comment"
        label="Comment"
        value={comment}
        onChange={e => setComment(e.target.value)}
      />
      {error && <ResponseErrorPanel error={error} />}
      <Grid container spacing={1} style={{ marginTop: 8 }}>
        <Grid item>
          <Button
            variant="contained"
            color="primary"
            disabled={busy || !comment.trim()}
            onClick={() => decide('approve')}
          >
            Approve
          </Button>
        </Grid>
        <Grid item>
          <Button variant="outlined" disabled={busy || !comment.trim()} onClick={() => decide('reject')}>
            Reject
          </Button>
        </Grid>
      </Grid>
    </InfoCard>
  );
}

/** One request: its verdict, where it stands, and, for an approver, the decision. */
export function RequestDetailsPage() {
  const { requestId } = useParams();
  const api = useApi(databasesApiRef);
  const state = usePolling(
    () => api.getRequest(requestId!),
    [api, requestId],
    r => !WAITING_STATUSES.includes(r.status),
  );
  if (state.loading && !state.value) return <Progress />;
  if (state.error && !state.value) return <ResponseErrorPanel error={state.error} />;
  const request = state.value!;
  const title = `${request.spec.name} (${request.spec.environment})`;
  const statusLabel =
    request.status === 'completed' && request.kind === 'create'
      ? 'Ready'
      : REQUEST_STATUS_LABELS[request.status];

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Alert
          role="status"
          aria-label="Request status"
          severity={
            request.status === 'completed'
              ? 'success'
              : ['denied', 'rejected', 'failed'].includes(request.status)
              ? 'error'
              : request.status === 'retrying' || request.status === 'awaiting-approval'
              ? 'warning'
              : 'info'
          }
          action={
            request.status === 'completed' && request.kind === 'create' ? (
              <Button
                color="inherit"
                component={RouterLink}
                to={`${entityPath(request.databaseEntityRef)}/database`}
              >
                Open database
              </Button>
            ) : undefined
          }
        >
          <strong>{statusLabel}</strong>
          {request.statusMessage ? ` — ${request.statusMessage}` : ''}
          {request.decisionComment
            ? ` — ${request.decidedBy}: “${request.decisionComment}”`
            : ''}
        </Alert>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title={request.kind === 'resize' ? `Resize ${title}` : title}>
          <StructuredMetadataTable
            metadata={{
              component: request.componentRef,
              team: request.ownerRef,
              'requested by': request.requestedBy,
              'requested at': formatTime(request.requestedAt),
              size: request.previousSize
                ? `${request.previousSize} → ${request.spec.size}`
                : request.spec.size,
              region: request.spec.region,
              'backup retention': `${request.spec.backupRetentionDays} days`,
              'high availability': request.spec.highAvailability ? 'yes' : 'no',
              'monthly cost': usd(request.monthlyCostUsd),
              ...(request.justification ? { justification: request.justification } : {}),
              ...(request.decidedAt && request.decidedBy !== 'policy'
                ? { 'decided by': `${request.decidedBy} at ${formatTime(request.decidedAt)}` }
                : {}),
            }}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Policy verdict">
          <VerdictPanel verdict={request.verdict} />
        </InfoCard>
        {request.canDecide && (
          <div style={{ marginTop: 24 }}>
            <DecisionCard request={request} onDecided={state.retry} />
          </div>
        )}
      </Grid>
    </Grid>
  );
}

export function RequestDetailsRoute() {
  return (
    <Page themeId="tool">
      <Header title="Database request" />
      <Content>
        <RequestDetailsPage />
      </Content>
    </Page>
  );
}
