// Waits for `./portal start` to serve the app and the demo catalog, then checks what
// a first-time user would see: the page at :3000 and the demo organization, signed in
// as the guest.
const deadline = Date.now() + 6 * 60 * 1000;
const portalPid = Number(process.argv[2]);
const logFile = process.argv[3];
const fs = require('node:fs');

// `backstage-cli repo start` keeps running when the backend child dies, so its output
// is the only sign that waiting longer is pointless.
function backendFailedToStart() {
  return Boolean(logFile) && /BackendStartupError|^Node\.js v[\d.]+\s*$/m.test(fs.readFileSync(logFile, 'utf8'));
}

function portalIsRunning() {
  try {
    process.kill(portalPid, 0);
    return true;
  } catch {
    return false;
  }
}

async function poll(what, probe) {
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (portalPid && !portalIsRunning()) {
      throw new Error(`${what}: ./portal start exited`);
    }
    if (backendFailedToStart()) {
      throw new Error(`${what}: the backend failed to start`);
    }
    try {
      const result = await probe();
      if (result.ok) return result.value;
      last = result.why;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
  throw new Error(`${what}: ${last}`);
}

async function main() {
  const html = await poll('the web app at http://localhost:3000', async () => {
    const res = await fetch('http://localhost:3000/');
    const text = await res.text();
    return res.ok && text.includes('id="root"')
      ? { ok: true, value: text }
      : { ok: false, why: `HTTP ${res.status}` };
  });
  const token = await poll('guest sign-in', async () => {
    const res = await fetch('http://localhost:7007/api/auth/guest/refresh', {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    const body = await res.json();
    return res.ok && body.backstageIdentity?.token
      ? { ok: true, value: body.backstageIdentity.token }
      : { ok: false, why: `HTTP ${res.status} ${JSON.stringify(body).slice(0, 200)}` };
  });
  const components = await poll('the demo organization in the catalog', async () => {
    const res = await fetch(
      'http://localhost:7007/api/catalog/entities/by-query?filter=kind=component&limit=1',
      { headers: { Authorization: `Bearer ${token}` } },
    );
    const body = await res.json();
    return res.ok && body.totalItems >= 15
      ? { ok: true, value: body.totalItems }
      : { ok: false, why: `HTTP ${res.status}, ${body.totalItems ?? 0} components` };
  });
  const unauthenticated = await fetch('http://localhost:7007/api/catalog/entities?limit=1');
  if (unauthenticated.status !== 401) {
    throw new Error(`the catalog answered ${unauthenticated.status} to a call without credentials`);
  }
  console.log(
    `[portal] quick start OK: web app served (${html.length} bytes), guest signed in, ${components} components in the catalog, anonymous calls refused.`,
  );
}

main().catch(error => {
  console.error(`[portal] quick start smoke failed while waiting for ${error.message}`);
  process.exit(1);
});
