import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { checkEntityName } from './checkEntityName';
import { EntityNameFieldOptions } from './EntityNameField';

/** Runs when the user moves on: the form does not continue with a bad or taken name. */
export const entityNameValidation: CustomFieldValidator<
  string,
  EntityNameFieldOptions
> = async (name, validation, { apiHolder, uiSchema }) => {
  const catalogApi = apiHolder.get(catalogApiRef);
  if (!catalogApi) {
    return;
  }
  const result = await checkEntityName(catalogApi, name ?? '', {
    providesApi: Boolean(uiSchema?.['ui:options']?.providesApi),
  });
  if (result.state !== 'free') {
    validation.addError(result.message);
  }
};
