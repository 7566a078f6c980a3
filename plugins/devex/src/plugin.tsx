import {
  ApiBlueprint,
  AppRootElementBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { AnalyticsImplementationBlueprint } from '@backstage/plugin-app-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import TrendingUp from '@material-ui/icons/TrendingUp';
import { devexApiRef } from './api/DevexApi';
import { DevexClient } from './api/DevexClient';
import { PageViewReporter } from './analytics/PageViewReporter';
import { TemplateRunRating } from './components/TemplateRunRating/TemplateRunRating';

export const rootRouteRef = createRouteRef();

const devexApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: devexApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new DevexClient(discoveryApi, fetchApi),
    }),
});

/** The organization dashboard; its nav item comes from this page. */
const organizationPage = PageBlueprint.make({
  params: {
    path: '/devex',
    title: 'DevEx metrics',
    icon: <TrendingUp />,
    routeRef: rootRouteRef,
    noHeader: true,
    loader: () =>
      import('./components/OrganizationDashboardPage').then(m => <m.OrganizationDashboardPage />),
  },
});

const isKind = (kind: string) => (entity: { kind: string }) =>
  entity.kind.toLocaleLowerCase('en-US') === kind;

/** A team's dashboard: the DevEx tab of its group page. */
const teamContent = EntityContentBlueprint.make({
  name: 'team',
  params: {
    path: 'devex',
    title: 'DevEx',
    filter: isKind('group'),
    loader: () =>
      import('./components/EntityDashboardContent').then(m => <m.EntityDashboardContent />),
  },
});

/** A component's DevEx tab. */
const componentContent = EntityContentBlueprint.make({
  name: 'component',
  params: {
    path: 'devex',
    title: 'DevEx',
    filter: isKind('component'),
    loader: () =>
      import('./components/EntityDashboardContent').then(m => <m.EntityDashboardContent />),
  },
});

/** This period's pulse survey and pending ratings, on the home page. */
const feedbackWidget = HomePageWidgetBlueprint.make({
  name: 'feedback',
  params: {
    name: 'DevexFeedback',
    title: 'How is it going?',
    description: "This period's pulse survey and ratings of your recent template runs and database requests",
    components: () =>
      import('./components/PulseSurvey/PulseSurveyCard').then(m => ({ Content: m.PulseSurveyCard })),
  },
});

/** The rating a template run's creator is asked for when the run finishes. */
const templateRunRating = AppRootElementBlueprint.make({
  name: 'template-run-rating',
  params: { element: <TemplateRunRating /> },
});

/** Page views of the signed-in user, for active users and sessions. */
const pageViews = AnalyticsImplementationBlueprint.make({
  name: 'page-views',
  params: defineParams =>
    defineParams({
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => {
        const client = new DevexClient(discoveryApi, fetchApi);
        return new PageViewReporter(report => client.reportActivity(report));
      },
    }),
});

export const devexPlugin = createFrontendPlugin({
  pluginId: 'devex',
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [
    devexApi,
    organizationPage,
    teamContent,
    componentContent,
    feedbackWidget,
    templateRunRating,
    pageViews,
  ],
});
