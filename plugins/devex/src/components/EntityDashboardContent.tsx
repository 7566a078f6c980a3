import { useEntity } from '@backstage/plugin-catalog-react';
import { DevexDashboard } from './DevexDashboard';

/** The DevEx tab of a group (its team dashboard) or of a component. */
export function EntityDashboardContent() {
  const { entity } = useEntity();
  const kind = entity.kind.toLocaleLowerCase('en-US') === 'group' ? 'team' : 'component';
  return (
    <DevexDashboard
      target={{ kind, namespace: entity.metadata.namespace ?? 'default', name: entity.metadata.name }}
    />
  );
}
