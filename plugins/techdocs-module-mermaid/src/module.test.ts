import { createExtensionTester } from '@backstage/frontend-test-utils';
import { AddonBlueprint } from '@backstage/plugin-techdocs-react/alpha';
import techDocsMermaidModule, { techDocsMermaidAddon } from './index';

describe('techDocsMermaidModule', () => {
  it('is a techdocs module that provides the Mermaid content addon', () => {
    expect(techDocsMermaidModule).toMatchObject({
      $$type: '@backstage/FrontendModule',
      pluginId: 'techdocs',
    });
    const addon = createExtensionTester(techDocsMermaidAddon).get(
      AddonBlueprint.dataRefs.addon,
    );
    expect(addon).toMatchObject({ name: 'Mermaid', location: 'Content' });
  });
});
