import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { FilePlaceholderProcessor } from './FilePlaceholderProcessor';

/** Lets entities in file locations use `$text`/`$json`/`$yaml: ./relative-file`. */
export const catalogModuleFilePlaceholders = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'file-placeholders',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new FilePlaceholderProcessor());
      },
    });
  },
});
