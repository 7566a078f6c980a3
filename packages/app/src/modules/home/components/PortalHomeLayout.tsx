import { Content, Header, Page } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import type {
  HomePageLayoutProps,
  HomePageWidgetData,
} from '@backstage/plugin-home-react/alpha';
import { Grid } from '@material-ui/core';

/** Where each widget goes; widgets not listed follow in a grid of thirds. */
const PLACEMENT: Array<{ name: string; md: 4 | 8 | 12 }> = [
  { name: 'HomePageSearchBar', md: 12 },
  { name: 'PortalShortcuts', md: 8 },
  { name: 'PortalWelcome', md: 4 },
  { name: 'HomePageStarredEntities', md: 4 },
  { name: 'HomePageRecentlyVisited', md: 4 },
  { name: 'HomePageToolkit', md: 4 },
];

/**
 * A fixed, curated home page. The stock customizable grid reflows badly between
 * its 12- and 10-column breakpoints, and a first-time user is better served by a
 * page that always reads the same way: search, shortcuts, then personal lists.
 */
export function PortalHomeLayout(props: HomePageLayoutProps) {
  const title = useApi(configApiRef).getString('app.title');
  const byName = new Map(props.widgets.map(w => [w.name, w]));
  const placed = PLACEMENT.flatMap(({ name, md }) => {
    const widget = byName.get(name);
    return widget ? [{ widget, md }] : [];
  });
  const placedNames = new Set(placed.map(p => p.widget.name));
  const rest = props.widgets
    .filter(w => !placedNames.has(w.name))
    .map(widget => ({ widget, md: 4 as const }));

  return (
    <Page themeId="home">
      <Header
        title={title}
        subtitle="Find, create and run software at Wayfarer"
      />
      <Content>
        <Grid container spacing={3} alignItems="stretch">
          {[...placed, ...rest].map(({ widget, md }) => (
            <Grid item xs={12} md={md} key={widgetKey(widget)}>
              {widget.component}
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}

function widgetKey(widget: HomePageWidgetData): string {
  return widget.name ?? widget.node.spec.id;
}
