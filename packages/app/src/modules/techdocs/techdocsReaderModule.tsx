import {
  createApiRef,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import techdocsPlugin from '@backstage/plugin-techdocs/alpha';
import { TechDocsAddonOptions } from '@backstage/plugin-techdocs-react';

/**
 * The TechDocs plugin keeps its addons API ref private; API refs are looked up by
 * id, so this ref reaches the same API (the addons installed in the app).
 */
const techdocsAddonsApiRef = createApiRef<{
  getAddons(): TechDocsAddonOptions[];
}>({ id: 'plugin.techdocs.addons' });

/** The /docs reader page, rendered so that TechDocs addons appear on it. */
const readerPageWithAddons = techdocsPlugin
  .getExtension('page:techdocs/reader')
  .override({
    factory(originalFactory, { apis, config }) {
      return originalFactory({
        params: {
          loader: async () => {
            const addonOptions =
              apis.get(techdocsAddonsApiRef)?.getAddons() ?? [];
            const { ReaderPageWithAddons } = await import(
              './ReaderPageWithAddons'
            );
            return (
              <ReaderPageWithAddons
                addonOptions={addonOptions}
                withSearch={!config.withoutSearch}
              />
            );
          },
        },
      });
    },
  });

export const techdocsReaderModule = createFrontendModule({
  pluginId: 'techdocs',
  extensions: [readerPageWithAddons],
});
