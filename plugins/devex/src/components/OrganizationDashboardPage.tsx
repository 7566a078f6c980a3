import { Content, Header, Page } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import { DevexDashboard } from './DevexDashboard';

/** /devex: the organization's DevEx dashboard. */
export function OrganizationDashboardPage() {
  const organization = useApi(configApiRef).getOptionalString('organization.name') ?? 'the organization';
  return (
    <Page themeId="tool">
      <Header
        title="DevEx metrics"
        subtitle={`How ${organization} ships, how the platform is used, how people feel about it, and what it costs`}
      />
      <Content>
        <DevexDashboard target={{ kind: 'organization' }} />
      </Content>
    </Page>
  );
}
