import StorageIcon from '@material-ui/icons/Storage';
import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  DATABASE_ID_ANNOTATION,
  DatabasesClient,
} from '@internal/plugin-databases-common';
import { databasesApiRef } from './api';

const rootRouteRef = createRouteRef();

const databasesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: databasesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DatabasesClient({ discoveryApi, fetchApi }),
    }),
});

/** /databases: the overview, "Request a database" and each request's page (nav item). */
const databasesPage = PageBlueprint.make({
  params: {
    path: '/databases',
    title: 'Databases',
    icon: <StorageIcon />,
    routeRef: rootRouteRef,
    // The pages draw their own headers.
    noHeader: true,
    loader: () =>
      import('./components/DatabasesPage').then(m => <m.DatabasesPage />),
  },
});

/** "Databases" on a component's overview: its databases, and a way to request one. */
const databasesCard = EntityCardBlueprint.make({
  name: 'databases',
  params: {
    filter: entity => entity.kind.toLocaleLowerCase('en-US') === 'component',
    loader: () =>
      import('./components/DatabasesCard').then(m => <m.DatabasesCard />),
  },
});

/** The "Database" tab of a provisioned database's Resource page. */
const databaseContent = EntityContentBlueprint.make({
  name: 'database',
  params: {
    path: 'database',
    title: 'Database',
    filter: entity =>
      entity.kind === 'Resource' &&
      Boolean(entity.metadata.annotations?.[DATABASE_ID_ANNOTATION]),
    loader: () =>
      import('./components/DatabaseContent').then(m => <m.DatabaseContent />),
  },
});

export default createFrontendPlugin({
  pluginId: 'databases',
  title: 'Databases',
  icon: <StorageIcon />,
  routes: { root: rootRouteRef },
  extensions: [databasesApi, databasesPage, databasesCard, databaseContent],
});
