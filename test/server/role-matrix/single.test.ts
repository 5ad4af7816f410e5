/**
 * The role matrix (table.ts) on one server process on SQLite: every page, endpoint and room
 * action asked of it directly, its records read and written in its data folder.
 */
import { exampleId, familyOf, staffAccount, token, useServer } from '../harness.ts';
import { inStore, turningPoints } from '../visitors.ts';
import { roleMatrix } from './runner.ts';

const server = useServer();

roleMatrix({
  page: () => server.current,
  rooms: () => server.current,
  records: {
    exampleId: async (file) => exampleId(server.current, file),
    familyOf: async (journeyId) => familyOf(server.current, journeyId),
    syntheticCohort: async () =>
      inStore(
        server.current,
        (db) => (db.prepare('SELECT id FROM cohorts WHERE synthetic = 1').get() as { id: string }).id,
      ),
    staffAccount: (role, project) => staffAccount(server.current, role, project),
    token: async (doc, role) => token(server.current, doc, role),
    cli: async (...args) => turningPoints(server.current, ...args),
    workDir: () => server.current.dataDir,
  },
});
