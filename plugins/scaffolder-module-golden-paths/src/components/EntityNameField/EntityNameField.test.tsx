import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { EntityNameField } from './EntityNameField';
import { entityNameValidation } from './validation';

const catalogApi = catalogApiMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout-service', namespace: 'default' },
      spec: { owner: 'group:default/team-checkout' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: { name: 'fares-api', namespace: 'default' },
      spec: { owner: 'group:default/team-flights' },
    },
  ],
});

function Field(props: { providesApi?: boolean }) {
  const [value, setValue] = useState<string>();
  return (
    <EntityNameField
      {...({} as any)}
      formData={value}
      onChange={setValue}
      schema={{ title: 'Name', description: 'Lowercase words' }}
      uiSchema={{ 'ui:options': { providesApi: props.providesApi } }}
      idSchema={{ $id: 'name' } as any}
      rawErrors={[]}
    />
  );
}

async function typeName(name: string, providesApi = false) {
  await renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
      <Field providesApi={providesApi} />
    </TestApiProvider>,
  );
  fireEvent.change(screen.getByRole('textbox', { name: /Name/ }), {
    target: { value: name },
  });
}

describe('EntityNameField', () => {
  it('says a taken name is taken, and by whom, before the form is sent', async () => {
    await typeName('checkout-service');
    expect(
      await screen.findByText(
        'checkout-service is already taken: component:default/checkout-service exists in the catalog, owned by group:default/team-checkout. Choose another name.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Name/ })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });

  it('counts the API a service would create', async () => {
    await typeName('fares', true);
    expect(
      await screen.findByText(/api:default\/fares-api exists in the catalog/),
    ).toBeInTheDocument();
  });

  it('explains the format rule for a malformed name', async () => {
    await typeName('Fare_Alerts');
    expect(
      await screen.findByText(
        /Use lowercase letters, digits and single hyphens/,
      ),
    ).toBeInTheDocument();
  });

  it('confirms a free name', async () => {
    await typeName('fare-alerts');
    expect(await screen.findByText('fare-alerts is free.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Name/ })).toHaveAttribute(
      'aria-invalid',
      'false',
    );
  });
});

describe('entityNameValidation', () => {
  it('stops the form on a taken name and lets a free one through', async () => {
    const errors: string[] = [];
    const validation = { addError: (e: string) => errors.push(e) } as any;
    const context = {
      apiHolder: { get: () => catalogApi } as any,
      formData: {},
      schema: {},
    };
    await entityNameValidation('checkout-service', validation, context);
    expect(errors).toEqual([expect.stringContaining('is already taken')]);
    errors.length = 0;
    await entityNameValidation('fare-alerts', validation, context);
    expect(errors).toEqual([]);
  });
});
