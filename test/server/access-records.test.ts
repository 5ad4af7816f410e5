/**
 * The access records (server/storage/access-records.ts) in a real SQLite store, through the same
 * write queue and writer thread the server uses: what each record keeps, what may happen once
 * only, and the audit log's chain through retention (AUTH5, AUTH8, AUTH11).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_ACTION } from '../../server/audit/audit-chain.ts';
import { verifyAuditRows } from '../../server/audit/verify.ts';
import { createProject, placeEveryDocument } from '../../server/auth/projects.ts';
import { newId } from '../../server/auth/tokens.ts';
import type { DocumentStore } from '../../server/storage/document-store.ts';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import { removeDir, tempDataDir } from './harness.ts';

let dataDir: string;
let store: DocumentStore;
beforeAll(async () => {
  dataDir = tempDataDir();
  store = await openSqliteStore(dataDir);
});
afterAll(async () => {
  await store.close();
  removeDir(dataDir);
});

const member = (email: string) => ({ id: newId(), name: 'Sam Carter', email, createdAt: new Date().toISOString() });

describe('staff and projects', () => {
  it('keep one account per email address, whatever its case', async () => {
    const first = member('Sam.Carter@example.org');
    expect(await store.access.addStaff(first)).toBe(true);
    expect(await store.access.addStaff(member('sam.carter@EXAMPLE.org'))).toBe(false);
    expect((await store.access.findStaffByEmail(' sam.carter@example.org '))?.id).toBe(first.id);
  });

  it('know who administers what, and that a disabled admin is no admin', async () => {
    const fresh = await openSqliteStore(tempDataDir());
    try {
      const project = await createProject(fresh.access, 'Leicestershire pilot');
      const admin = member('admin@example.org');
      await fresh.access.addStaff(admin);
      expect(await fresh.access.hasAdmin()).toBe(false);
      await fresh.access.setMembership(admin.id, project.id, 'admin');
      expect(await fresh.access.hasAdmin()).toBe(true);
      await fresh.access.updateStaff({ ...admin, disabledAt: new Date().toISOString() });
      expect(await fresh.access.hasAdmin()).toBe(false);
      await fresh.access.setMembership(admin.id, project.id, undefined);
      expect(await fresh.access.membershipsOf(admin.id)).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('put documents stored before projects existed into the default project', async () => {
    await store.create({ docId: 'before-projects', kind: 'journey', update: new Uint8Array([0, 0]), readModel: '{}' });
    expect(await store.access.unplacedDocuments()).toContain('before-projects');
    const project = await placeEveryDocument(store.access);
    expect(await store.access.projectOf('before-projects')).toBe(project.id);
    expect(await store.access.unplacedDocuments()).toEqual([]);
  });
});

describe('sessions and grants', () => {
  it('end a session once, and every live session of a person together', async () => {
    const person = member('ends@example.org');
    await store.access.addStaff(person);
    const session = (id: string) => ({
      id,
      secretHash: newId(),
      staffId: person.id,
      method: 'password' as const,
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    await store.access.startSession(session('one-session'));
    await store.access.startSession(session('two-session'));
    expect(await store.access.endSessions({ sessionId: 'one-session' }, 'signed-out')).toEqual(['one-session']);
    expect(await store.access.endSessions({ sessionId: 'one-session' }, 'signed-out')).toEqual([]);
    expect(await store.access.endSessions({ staffId: person.id }, 'disabled')).toEqual(['two-session']);
    expect((await store.access.getSession('two-session'))?.endedWhy).toBe('disabled');
  });

  it('end a grant once: a one-time link is used by one of two at the same moment', async () => {
    const grant = {
      id: newId(),
      kind: 'enrolment' as const,
      createdBy: 'test',
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    };
    await store.access.putGrant(grant);
    const both = await Promise.all([store.access.endGrant(grant.id, 'used'), store.access.endGrant(grant.id, 'used')]);
    expect(both.sort()).toEqual([false, true]);
    expect(await store.access.listEnrolmentGrants(undefined)).toEqual([]);
  });
});

describe('the audit log (AUTH11)', () => {
  it('chains every row to the one before, and verification finds an edited or removed row', async () => {
    const fresh = tempDataDir();
    const audited = await openSqliteStore(fresh);
    for (let i = 0; i < 6; i++)
      await audited.access.audit({ action: 'journey.view', outcome: 'ok', actor: `staff:s${i}`, docId: 'j1' });
    const rows = await audited.access.allAuditRows();
    await audited.close();
    expect(verifyAuditRows(rows)).toEqual({ ok: true, rows: 6, from: 1, last: { seq: 6, hash: rows[5]?.hash } });
    expect(verifyAuditRows(rows.map((r) => (r.seq === 3 ? { ...r, actor: 'staff:someone-else' } : r)))).toMatchObject({
      ok: false,
      seq: 3,
    });
    expect(verifyAuditRows(rows.filter((r) => r.seq !== 4))).toMatchObject({ ok: false, seq: 5 });
    removeDir(fresh);
  });

  it('stays verifiable after retention, from the checkpoint it leaves', async () => {
    const fresh = tempDataDir();
    const audited = await openSqliteStore(fresh);
    // Rows written apart in time, so that a cutoff between them is exact (the test cannot wait two years).
    for (let i = 0; i < 5; i++) {
      await audited.access.audit({ action: 'signin', outcome: 'ok', actor: 'staff:a' });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const cutoff = (await audited.access.allAuditRows())[3]!.at;
    expect(await audited.access.pruneAudit(cutoff)).toBe(3);
    await audited.access.audit({ action: 'signin', outcome: 'ok', actor: 'staff:b' });
    const kept = await audited.access.allAuditRows();
    await audited.close();
    expect(kept.map((r) => r.seq)).toEqual([4, 5, 6, 7]);
    expect(kept[2]!.action).toBe(CHECKPOINT_ACTION);
    expect(verifyAuditRows(kept)).toMatchObject({ ok: true, rows: 4, from: 4, last: { seq: 7 } });
    // Without its checkpoint, the kept rows cannot show where they start.
    expect(verifyAuditRows(kept.filter((r) => r.action !== CHECKPOINT_ACTION))).toMatchObject({ ok: false });
    removeDir(fresh);
  });
});
