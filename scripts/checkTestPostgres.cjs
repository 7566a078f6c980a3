// Fails with a sentence, before minutes of tests, when the PostgreSQL that the
// integration tests use is not there.
const { Client } = require('pg');

const url = process.argv[2];
const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
client.on('error', () => {});
client
  .connect()
  .then(() => client.query("SELECT rolcreatedb OR rolsuper AS ok FROM pg_roles WHERE rolname = current_user"))
  .then(result => {
    if (!result.rows[0]?.ok) {
      console.error(`[portal] The tests create a fresh database per test, but the user in ${url} may not create databases. Grant CREATEDB or set PORTAL_TEST_POSTGRES_URL.`);
      process.exit(1);
    }
    return client.end();
  })
  .catch(error => {
    console.error(`[portal] The integration tests need PostgreSQL at ${url} and cannot reach it (${error.code ?? error.message}). Start PostgreSQL (e.g. pg_ctlcluster 15 main start) or set PORTAL_TEST_POSTGRES_URL.`);
    process.exit(1);
  });
