/**
 * A database of its own for each test file, on the run's throwaway server: files run side by side,
 * and a table one leaves behind must never meet another.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Creates an empty database and returns the URL to it, with the admin URL's host, port and user. */
export async function freshDatabase(adminUrl: string): Promise<string> {
  // Random hex only, so the name needs no quoting and two files never pick the same one.
  const name = `tp_${randomBytes(8).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // A real language's collation, as most servers have, not the throwaway's C: the store must
    // sort and compare as SQLite does whatever the database was created with.
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-GB'`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
