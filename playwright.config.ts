import { defineConfig } from '@playwright/test';

/**
 * Browser suite (Debian's Chromium, driven by Playwright) and production smoke tests.
 * Run through `./portal test`, which builds the portal first; `yarn playwright test`
 * alone expects packages/backend/dist to exist.
 */
const E2E_DATA_DIR = 'node_modules/.cache/e2e-portal-data';

export default defineConfig({
  testDir: 'e2e-tests',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  // One portal, one browser: tests share the catalog, so they run one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  use: {
    baseURL: 'http://localhost:7007',
    viewport: { width: 1400, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  outputDir: 'node_modules/.cache/e2e-test-results',
  webServer: {
    // A fresh data directory each run, so every run starts like a new user's first.
    command: `rm -rf ../../${E2E_DATA_DIR} && exec node . --config ../../app-config.yaml --config ../../e2e-tests/app-config.e2e.yaml`,
    cwd: 'packages/backend',
    env: {
      PORTAL_DATA_DIR: `${__dirname}/${E2E_DATA_DIR}`,
      NODE_ENV: 'production',
    },
    url: 'http://localhost:7007/.backstage/health/v1/readiness',
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  projects: [
    { name: 'portal', testDir: 'e2e-tests/portal' },
    { name: 'production', testDir: 'e2e-tests/production' },
    // Refreshes the README's screenshots; only on request.
    ...(process.env.PORTAL_SCREENSHOTS
      ? [{ name: 'screenshots', testDir: 'e2e-tests/screenshots' }]
      : []),
  ],
});
