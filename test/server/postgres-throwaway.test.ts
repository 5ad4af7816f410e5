/**
 * The run's throwaway PostgreSQL is what the storage tests take it for: loopback only, durable
 * (fsync and synchronous commit on, as in production), and each freshDatabase a database of its
 * own that stores and returns bytes unchanged.
 */
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase } from '../postgres/databases.ts';
import { findBinaries } from '../postgres/throwaway.ts';

const adminUrl = inject('postgresUrl');
const clients: pg.Client[] = [];

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  clients.push(client);
  return client;
}

async function setting(client: pg.Client, name: string): Promise<string> {
  const result = await client.query<Record<string, string>>(`SHOW ${name}`);
  return result.rows[0]![name]!;
}

afterAll(async () => {
  await Promise.all(clients.map((client) => client.end()));
});

describe('throwaway PostgreSQL', () => {
  it('listens on loopback only, keeps production durability and round-trips bytes', async () => {
    expect(new URL(adminUrl).hostname).toBe('127.0.0.1');
    const client = await connect(await freshDatabase(adminUrl));

    expect(await setting(client, 'fsync')).toBe('on');
    expect(await setting(client, 'synchronous_commit')).toBe('on');
    expect(await setting(client, 'listen_addresses')).toBe('127.0.0.1');

    await client.query('CREATE TABLE blobs (id integer PRIMARY KEY, body bytea NOT NULL)');
    // Every byte value, so an encoding that mangles any of them shows.
    const body = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));
    await client.query('INSERT INTO blobs (id, body) VALUES ($1, $2)', [1, body]);
    const read = await client.query<{ body: Buffer }>('SELECT body FROM blobs WHERE id = $1', [1]);
    expect(read.rows).toHaveLength(1);
    expect(Buffer.compare(read.rows[0]!.body, body)).toBe(0);
  });

  it('gives every caller a database of its own', async () => {
    const [firstUrl, secondUrl] = await Promise.all([freshDatabase(adminUrl), freshDatabase(adminUrl)]);
    expect(firstUrl).not.toBe(secondUrl);

    const first = await connect(firstUrl!);
    const second = await connect(secondUrl!);
    const current = async (client: pg.Client) =>
      (await client.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!.name;
    expect(await current(first)).not.toBe(await current(second));
    expect(`/${await current(first)}`).toBe(new URL(firstUrl!).pathname);

    // A table made in one is not seen from the other.
    await first.query('CREATE TABLE only_in_first (id integer)');
    const seen = await second.query("SELECT to_regclass('only_in_first') AS found");
    expect(seen.rows[0]!.found).toBeNull();
  });

  it('fails, naming the Debian package to install, on a machine without PostgreSQL (never a skipped test)', () => {
    const nowhere = {
      preferred: '/nonexistent/pg/bin',
      debianRoot: '/nonexistent/pg',
      pgConfig: '/nonexistent/pg_config',
    };
    expect(() => findBinaries(nowhere)).toThrow(/apt-get install postgresql-15/);
    expect(findBinaries()).toMatch(/\/bin$/);
  });
});
