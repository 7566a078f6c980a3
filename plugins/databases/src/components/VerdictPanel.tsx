import Typography from '@material-ui/core/Typography';
import { Alert, AlertTitle } from '@material-ui/lab';
import type { PolicyVerdict } from '@internal/plugin-databases-common';
import { usd } from './format';

/**
 * What the policy says about a request, in words a developer can act on: allowed, needs
 * approval (and why), or denied (with every reason).
 */
export function VerdictPanel(props: {
  verdict?: PolicyVerdict;
  pending?: boolean;
  emptyText?: string;
}) {
  const { verdict, pending, emptyText } = props;
  if (!verdict) {
    return (
      <Alert severity="info" role="status" aria-label="Policy verdict">
        {pending ? 'Checking the policy…' : emptyText ?? 'Fill in the form to see the policy verdict.'}
      </Alert>
    );
  }
  const costLine = `${usd(verdict.monthlyCostUsd)} a month; ${verdict.usage.teamRef} spends ${usd(
    verdict.usage.teamMonthlyCostUsd,
  )} a month on ${verdict.usage.teamDatabaseCount} other database${
    verdict.usage.teamDatabaseCount === 1 ? '' : 's'
  }.`;
  if (verdict.decision === 'deny') {
    return (
      <Alert severity="error" role="status" aria-label="Policy verdict">
        <AlertTitle>Denied by policy</AlertTitle>
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {verdict.reasons.map((reason, i) => (
            <li key={i}>{reason.message}</li>
          ))}
        </ul>
        <Typography variant="body2">{costLine}</Typography>
      </Alert>
    );
  }
  if (verdict.decision === 'needs-approval') {
    return (
      <Alert severity="warning" role="status" aria-label="Policy verdict">
        <AlertTitle>Needs approval</AlertTitle>
        A member of the platform team will review it:
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {verdict.approvalReasons.map((reason, i) => (
            <li key={i}>{reason.message}</li>
          ))}
        </ul>
        <Typography variant="body2">{costLine}</Typography>
      </Alert>
    );
  }
  return (
    <Alert severity="success" role="status" aria-label="Policy verdict">
      <AlertTitle>Allowed</AlertTitle>
      Provisioned as soon as you submit, with credentials in seconds.
      <Typography variant="body2">{costLine}</Typography>
    </Alert>
  );
}
