import type {
  DatabaseRequestStatus,
  DatabaseStatus,
} from '@internal/plugin-databases-common';

export const REQUEST_STATUS_LABELS: Record<DatabaseRequestStatus, string> = {
  'awaiting-approval': 'Waiting for approval',
  denied: 'Denied by policy',
  rejected: 'Rejected',
  queued: 'Provisioning',
  running: 'Provisioning',
  retrying: 'Retrying',
  completed: 'Done',
  failed: 'Failed',
};

export const DATABASE_STATUS_LABELS: Record<DatabaseStatus, string> = {
  provisioning: 'Provisioning',
  active: 'Active',
  decommissioning: 'Decommissioned (restorable)',
  decommissioned: 'Dropped',
  failed: 'Failed',
};

export function usd(amount: number) {
  return `$${amount.toLocaleString('en-US')}`;
}

export function formatBytes(bytes?: number) {
  if (bytes === undefined) return 'unknown';
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(0)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

export function formatTime(iso?: string) {
  return iso ? new Date(iso).toLocaleString() : '';
}

export function entityPath(entityRef: string) {
  const [kind, rest] = entityRef.split(':');
  const [namespace, name] = rest.split('/');
  return `/catalog/${namespace}/${kind}/${name}`;
}
