/**
 * The role matrix (table.ts) on two server processes sharing one PostgreSQL database (server/SPEC.md
 * CLUSTER4, CLUSTER5): pages and endpoints asked of each in turn; every room opened first at A,
 * which owns it throughout, and every room connection of the matrix made at B, which checks the
 * person's access and relays them to A. Each person must get what they get from one process.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Node, TestCluster } from '../cluster/cluster-harness.ts';
import { exampleDoc, familyOfJourney, ownerPort, startCluster } from '../cluster/cluster-harness.ts';
import { clusterCli, pgStaffAccount, pgToken, syntheticCohort } from '../cluster/pg-records.ts';
import { roleMatrix } from './runner.ts';

let cluster: TestCluster | undefined;
const running = (): TestCluster => {
  if (!cluster) throw new Error('the cluster starts in beforeAll');
  return cluster;
};
const [a, b] = [() => running().nodes[0]!, () => running().nodes[1]!] as [() => Node, () => Node];
let requests = 0;

beforeAll(async () => {
  cluster = await startCluster(2);
}, 60_000);
afterAll(async () => {
  await cluster?.close();
});

roleMatrix({
  page: () => (requests++ % 2 === 0 ? a() : b()),
  rooms: b,
  owner: { server: a, owns: async (docId) => (await ownerPort(running(), docId)) === a().port },
  records: {
    exampleId: (file) => exampleDoc(running(), file),
    familyOf: (journeyId) => familyOfJourney(running(), journeyId),
    syntheticCohort: () => syntheticCohort(running()),
    staffAccount: (role, project) => pgStaffAccount(running(), role, project),
    token: (doc, role) => pgToken(running(), doc, role),
    cli: (...args) => clusterCli(running(), ...args),
    workDir: () => a().dataDir,
  },
});
