import {
  TechDocsReaderPage,
  TechDocsReaderPageContent,
  TechDocsReaderPageHeader,
  TechDocsReaderPageSubheader,
} from '@backstage/plugin-techdocs';
import {
  TechDocsAddonOptions,
  TechDocsAddons,
} from '@backstage/plugin-techdocs-react';
import { attachTechDocsAddonComponentData } from '@backstage/plugin-techdocs-react/alpha';
import { useRoutes } from 'react-router-dom';

/**
 * The standalone TechDocs reader page with its addons. The reader finds addons in
 * the router outlet of the page; on Backstage 1.55 the new-frontend-system page
 * puts them in a sibling outlet, so no addon (Mermaid, text size, report issue,
 * lightbox, expandable navigation) appears on /docs pages (backstage/backstage#35727).
 * This is the composition the entity page's Docs tab uses, where addons work.
 */
export function ReaderPageWithAddons(props: {
  addonOptions: TechDocsAddonOptions[];
  withSearch: boolean;
}) {
  const addons = (
    <TechDocsAddons>
      {props.addonOptions.map(options => {
        const Addon = options.component;
        attachTechDocsAddonComponentData(Addon, options);
        return <Addon key={options.name} />;
      })}
    </TechDocsAddons>
  );
  return useRoutes([
    {
      path: '*',
      element: (
        <TechDocsReaderPage>
          <TechDocsReaderPageHeader />
          <TechDocsReaderPageSubheader />
          <TechDocsReaderPageContent withSearch={props.withSearch} />
        </TechDocsReaderPage>
      ),
      children: [{ path: '*', element: addons }],
    },
  ]);
}
