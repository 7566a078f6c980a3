import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { TechDocsAddonLocations } from '@backstage/plugin-techdocs-react';
import { AddonBlueprint } from '@backstage/plugin-techdocs-react/alpha';
import { MermaidAddon } from './components/MermaidAddon';

/** The Mermaid addon, placed in the page content of the TechDocs reader. */
export const techDocsMermaidAddon = AddonBlueprint.make({
  name: 'mermaid',
  params: {
    name: 'Mermaid',
    location: TechDocsAddonLocations.Content,
    component: MermaidAddon,
  },
});

/** Adds the Mermaid addon to the TechDocs plugin of the app. */
export const techDocsMermaidModule = createFrontendModule({
  pluginId: 'techdocs',
  extensions: [techDocsMermaidAddon],
});
