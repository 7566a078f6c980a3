import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import scaffolderGoldenPathsModule, {
  entityNameFormField,
  ownerPickerFormField,
} from './index';

describe('scaffolderGoldenPathsModule', () => {
  it('adds the golden-path form fields to the scaffolder', async () => {
    expect(scaffolderGoldenPathsModule).toMatchObject({
      $$type: '@backstage/FrontendModule',
      pluginId: 'scaffolder',
    });
    const names = await Promise.all(
      [entityNameFormField, ownerPickerFormField].map(async extension => {
        // The two fields differ only in name; the tester needs one definition type.
        const loader = createExtensionTester(
          extension as typeof entityNameFormField,
        ).get(
          FormFieldBlueprint.dataRefs.formFieldLoader,
        );
        return ((await loader()) as any).name ?? (await loader());
      }),
    );
    expect(JSON.stringify(names)).toContain('GoldenPathEntityName');
    expect(JSON.stringify(names)).toContain('GoldenPathOwnerPicker');
  });
});
