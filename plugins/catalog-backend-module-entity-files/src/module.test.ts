import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  CatalogProcessingExtensionPoint,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import catalogModuleEntityFiles from '.';

/** The catalog's processing extension point, recording the providers added. */
function fakeCatalog() {
  const providers: unknown[] = [];
  const plugin = createBackendPlugin({
    pluginId: 'catalog',
    register(reg) {
      const extension: Partial<CatalogProcessingExtensionPoint> = {
        addEntityProvider: (...p) => providers.push(...p.flat()),
      };
      reg.registerExtensionPoint(
        catalogProcessingExtensionPoint,
        extension as CatalogProcessingExtensionPoint,
      );
      reg.registerInit({ deps: {}, async init() {} });
    },
  });
  return { plugin, providers };
}

describe('catalogModuleEntityFiles', () => {
  const dir = createMockDirectory({ content: { 'org.yaml': '' } });

  it('has every replica read each source itself, on the configured schedule', async () => {
    const scheduler = mockServices.scheduler.mock();
    const catalog = fakeCatalog();
    const backend = await startTestBackend({
      features: [
        catalog.plugin,
        catalogModuleEntityFiles,
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              providers: {
                entityFiles: {
                  org: { path: dir.resolve('org.yaml') },
                  people: {
                    path: dir.resolve('org.yaml'),
                    schedule: { frequency: { seconds: 10 }, timeout: 'PT1M' },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    try {
      expect(catalog.providers).toHaveLength(2);
      expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith({
        frequency: { minutes: 1 },
        timeout: { minutes: 10 },
        scope: 'local',
      });
      expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith(
        expect.objectContaining({
          frequency: { seconds: 10 },
          scope: 'local',
        }),
      );
    } finally {
      await backend.stop();
    }
  });
});
