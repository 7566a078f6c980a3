import { identityApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { OwnerPickerField } from './OwnerPickerField';

function group(name: string, displayName: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', profile: { displayName }, children: [] },
  };
}

const catalogApi = catalogApiMock({
  entities: [
    group('team-checkout', 'Team Checkout'),
    group('team-flights', 'Team Flights'),
  ],
});
const identityApi = {
  getBackstageIdentity: async () => ({
    type: 'user' as const,
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: ['user:default/guest', 'group:default/team-checkout'],
  }),
};

let chosen: string | undefined;
function Field() {
  const [value, setValue] = useState<string>();
  chosen = value;
  return (
    <OwnerPickerField
      {...({} as any)}
      formData={value}
      onChange={setValue}
      schema={{ title: 'Owner' }}
      idSchema={{ $id: 'owner' } as any}
      rawErrors={[]}
    />
  );
}

describe('OwnerPickerField', () => {
  it("starts at the user's team and offers every team", async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [catalogApiRef, catalogApi],
          [identityApiRef, identityApi as any],
        ]}
      >
        <Field />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Team Checkout')).toBeInTheDocument();
    expect(chosen).toBe('group:default/team-checkout');

    fireEvent.mouseDown(screen.getByRole('button', { name: /Team Checkout/ }));
    const list = await screen.findByRole('listbox');
    fireEvent.click(within(list).getByText('Team Flights'));
    expect(chosen).toBe('group:default/team-flights');
  });
});
