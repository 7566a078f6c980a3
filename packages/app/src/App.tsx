import { createApp } from '@backstage/frontend-defaults';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';

// Plugins are discovered from this package's dependencies (app.packages: all);
// these modules only hold what is ours: navigation, home page widgets, sign-in.
export default createApp({
  features: [navModule, homeModule, signInModule],
});
