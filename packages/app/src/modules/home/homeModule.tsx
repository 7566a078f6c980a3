import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';
import { z } from 'zod';

/** Shortcuts to what a first-time user came to do; the list is configurable. */
const shortcutsWidget = HomePageWidgetBlueprint.makeWithOverrides({
  name: 'shortcuts',
  configSchema: {
    shortcuts: z
      .array(
        z.object({
          title: z.string(),
          description: z.string(),
          url: z.string(),
          icon: z.string().optional(),
        }),
      )
      .default([]),
  },
  *factory(originalFactory, { config }) {
    yield* originalFactory({
      name: 'PortalShortcuts',
      title: 'What do you want to do?',
      description: 'Shortcuts to creating services, databases and docs',
      components: () =>
        import('./components/Shortcuts').then(m => ({
          Content: () => <m.Shortcuts shortcuts={config.shortcuts} />,
        })),
    });
  },
});

const welcome = `
The Wayfarer Developer Portal is where every service, website, library, API and
database of the company is listed with its owner and its docs.

- **Find** a service in the [catalog](/catalog) or with the search bar above.
- **Create** a new service from a [golden-path template](/create): repository,
  CI/CD, monitoring, docs and catalog entry in one form.
- **Read** the docs of any component from its *Docs* tab, or the
  [portal's own docs](/docs/default/component/developer-portal).
`;

const welcomeWidget = HomePageWidgetBlueprint.make({
  name: 'welcome',
  params: {
    name: 'PortalWelcome',
    title: 'Welcome',
    description: 'What the portal is for, in three lines',
    components: async () => ({
      Content: () => <MarkdownContent content={welcome} />,
    }),
  },
});

const homeLayout = HomePageLayoutBlueprint.make({
  params: {
    loader: () =>
      import('./components/PortalHomeLayout').then(m => m.PortalHomeLayout),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [homeLayout, shortcutsWidget, welcomeWidget],
});
