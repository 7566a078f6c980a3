import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import {
  EntityNameField,
  entityNameValidation,
} from './components/EntityNameField';
import { OwnerPickerField } from './components/OwnerPickerField';

/** `ui:field: GoldenPathEntityName` */
export const goldenPathEntityNameField = createFormField({
  name: 'GoldenPathEntityName',
  component: EntityNameField,
  validation: entityNameValidation,
  schema: makeFieldSchema({
    output: z => z.string(),
    uiOptions: z =>
      z.object({
        providesApi: z
          .boolean()
          .optional()
          .describe('Whether the project also creates the API <name>-api'),
      }),
  }),
});

/** `ui:field: GoldenPathOwnerPicker` */
export const goldenPathOwnerPickerField = createFormField({
  name: 'GoldenPathOwnerPicker',
  component: OwnerPickerField,
  schema: makeFieldSchema({ output: z => z.string() }),
});
