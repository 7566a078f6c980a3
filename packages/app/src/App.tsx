import { createApp } from '@backstage/frontend-defaults';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';
import { techdocsReaderModule } from './modules/techdocs';

// Plugins are discovered from this package's dependencies (app.packages: all);
// these modules only hold what is ours: navigation, home page widgets, sign-in,
// and the TechDocs reader page with its addons.
export default createApp({
  features: [navModule, homeModule, signInModule, techdocsReaderModule],
});
