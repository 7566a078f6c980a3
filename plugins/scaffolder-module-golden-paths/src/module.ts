import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

const entityNameFormField = FormFieldBlueprint.make({
  name: 'golden-path-entity-name',
  params: {
    field: () => import('./fields').then(m => m.goldenPathEntityNameField),
  },
});

const ownerPickerFormField = FormFieldBlueprint.make({
  name: 'golden-path-owner-picker',
  params: {
    field: () => import('./fields').then(m => m.goldenPathOwnerPickerField),
  },
});

/** The golden-path form fields, added to the scaffolder plugin of the app. */
export const scaffolderGoldenPathsModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [entityNameFormField, ownerPickerFormField],
});

export { entityNameFormField, ownerPickerFormField };
