/**
 * The storage contract, access records (server/storage/access-records.ts): projects, staff (one
 * account per email, whatever its case), memberships, passwords, passkeys, sessions, grants and
 * which project each document belongs to, the same on each engine.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROJECT_SETTINGS } from '../../../server/auth/projects.ts';
import type { GrantRecord, SessionRecord, StaffMember } from '../../../server/storage/access-records.ts';
import { AT, ENGINES, storeDocument, storeProject, unique, useStore } from './engines.ts';

const HOUR = 3600_000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

const member = (email: string, name = 'Sam Carter'): StaffMember => ({
  id: unique('st'),
  name,
  email,
  createdAt: AT,
});

describe.each(ENGINES)('access records on $name', (engine) => {
  const opened = useStore(engine);

  describe('projects', () => {
    it('keeps a project, changes its name and settings in place, and lists projects by when they were made', async () => {
      const access = opened.store.access;
      const tag = unique('pr');
      const later = {
        id: `${tag}_a`,
        name: 'Later',
        settings: DEFAULT_PROJECT_SETTINGS,
        createdAt: '2026-02-01T00:00:00.000Z',
      };
      const earlier = {
        id: `${tag}_z`,
        name: 'Earlier',
        settings: DEFAULT_PROJECT_SETTINGS,
        createdAt: '2026-01-01T00:00:00.000Z',
      };
      const sameTime = { ...later, id: `${tag}_B`, name: 'Same time' };
      await access.putProject(later);
      await access.putProject(earlier);
      await access.putProject(sameTime);
      const mine = async () => (await access.listProjects()).filter((p) => p.id.startsWith(tag));
      expect((await mine()).map((p) => p.id)).toEqual([earlier.id, sameTime.id, later.id]);
      const settings = {
        consentScopes: [{ id: 'share-photos', label: 'Share photos of the map' }],
        retentionMonths: 36,
      };
      // Put again: the name and settings change; when it was made does not.
      await access.putProject({ ...later, name: 'Renamed', settings, createdAt: '2030-01-01T00:00:00.000Z' });
      expect(await access.getProject(later.id)).toEqual({ ...later, name: 'Renamed', settings });
      expect(await access.getProject('pr_nobody')).toBeUndefined();
      expect((await mine()).map((p) => p.id)).toEqual([earlier.id, sameTime.id, later.id]);
    });
  });

  describe('staff and memberships', () => {
    it('keeps one account per email address, whatever its case, and finds it by email however it is typed', async () => {
      const access = opened.store.access;
      const tag = unique('mail');
      const first = member(`Sam.Carter.${tag}@Example.org`);
      expect(await access.addStaff(first)).toBe(true);
      expect(await access.addStaff(member(`sam.carter.${tag}@EXAMPLE.ORG`))).toBe(false);
      // The same id again is refused too, and the first account is left as it was.
      expect(await access.addStaff({ ...first, email: `other.${tag}@example.org`, name: 'Someone else' })).toBe(false);
      expect(await access.getStaff(first.id)).toEqual(first);
      expect(await access.findStaffByEmail(`  SAM.carter.${tag}@example.ORG `)).toEqual(first);
      expect(await access.findStaffByEmail(`nobody.${tag}@example.org`)).toBeUndefined();
      expect(await access.getStaff('st_nobody')).toBeUndefined();
    });

    it('updates an account: its name, email and whether it is disabled; an email another account has is refused', async () => {
      const access = opened.store.access;
      const tag = unique('upd');
      const one = member(`one.${tag}@example.org`);
      const two = member(`two.${tag}@example.org`);
      await access.addStaff(one);
      await access.addStaff(two);
      const disabled = { ...one, name: 'Sam Carter-Jones', email: `sam.${tag}@example.org`, disabledAt: AT };
      await access.updateStaff(disabled);
      expect(await access.getStaff(one.id)).toEqual(disabled);
      expect(await access.findStaffByEmail(`sam.${tag}@example.org`)).toEqual(disabled);
      expect(await access.findStaffByEmail(`one.${tag}@example.org`)).toBeUndefined();
      // Enabled again: the field is gone.
      await access.updateStaff({ ...disabled, disabledAt: undefined });
      expect(await access.getStaff(one.id)).toEqual({ ...disabled, disabledAt: undefined });
      expect('disabledAt' in (await access.getStaff(one.id))!).toBe(false);
      await expect(access.updateStaff({ ...two, email: `SAM.${tag}@example.org` })).rejects.toThrow();
      expect(await access.getStaff(two.id)).toEqual(two);
    });

    it('lists staff by name, whatever its case', async () => {
      const access = opened.store.access;
      const tag = unique('list');
      const people = [
        member(`b.${tag}@example.org`, 'bob'),
        member(`a.${tag}@example.org`, 'Alice'),
        member(`c.${tag}@example.org`, 'Carol'),
      ];
      for (const person of people) await access.addStaff(person);
      const ids = new Set(people.map((p) => p.id));
      const listed = (await access.listStaff()).filter((s) => ids.has(s.id));
      expect(listed.map((s) => s.name)).toEqual(['Alice', 'bob', 'Carol']);
      expect(listed[0]).toEqual(people[1]);
    });

    // The only test of the file that makes anyone an admin: hasAdmin() is about the whole store.
    it('gives roles in projects, changes and takes them away; knows whether any enabled admin is left', async () => {
      const access = opened.store.access;
      const project = await storeProject(opened.store);
      const other = await storeProject(opened.store);
      const admin = member(`admin.${unique('ad')}@example.org`);
      const helper = member(`helper.${unique('ad')}@example.org`);
      await access.addStaff(admin);
      await access.addStaff(helper);
      expect(await access.hasAdmin()).toBe(false);
      await access.setMembership(helper.id, project, 'facilitator');
      expect(await access.hasAdmin()).toBe(false);
      await access.setMembership(admin.id, project, 'admin');
      await access.setMembership(admin.id, other, 'facilitator');
      expect(await access.hasAdmin()).toBe(true);
      const byStaff = (a: { staffId: string }, b: { staffId: string }) => (a.staffId < b.staffId ? -1 : 1);
      expect((await access.membersOf(project)).sort(byStaff)).toEqual(
        [
          { staffId: helper.id, projectId: project, role: 'facilitator' },
          { staffId: admin.id, projectId: project, role: 'admin' },
        ].sort(byStaff),
      );
      expect((await access.membershipsOf(admin.id)).sort((a, b) => (a.projectId < b.projectId ? -1 : 1))).toEqual(
        [
          { staffId: admin.id, projectId: project, role: 'admin' },
          { staffId: admin.id, projectId: other, role: 'facilitator' },
        ].sort((a, b) => (a.projectId < b.projectId ? -1 : 1)),
      );
      // A disabled admin is no admin.
      await access.updateStaff({ ...admin, disabledAt: AT });
      expect(await access.hasAdmin()).toBe(false);
      await access.updateStaff(admin);
      expect(await access.hasAdmin()).toBe(true);
      // A role changed, then taken away.
      await access.setMembership(helper.id, project, 'admin');
      expect(await access.membershipsOf(helper.id)).toEqual([
        { staffId: helper.id, projectId: project, role: 'admin' },
      ]);
      await access.setMembership(admin.id, project, undefined);
      await access.setMembership(helper.id, project, undefined);
      expect(await access.membershipsOf(helper.id)).toEqual([]);
      expect(await access.membersOf(project)).toEqual([]);
      expect(await access.hasAdmin()).toBe(false);
      expect(await access.membershipsOf(admin.id)).toEqual([
        { staffId: admin.id, projectId: other, role: 'facilitator' },
      ]);
      // A role in a project that does not exist is refused.
      await expect(access.setMembership(admin.id, 'pr_nobody', 'admin')).rejects.toThrow();
    });
  });

  describe('credentials', () => {
    it('keeps a password hash per account, replaced when set again', async () => {
      const access = opened.store.access;
      const person = member(`${unique('pw')}@example.org`);
      await access.addStaff(person);
      expect(await access.getPasswordHash(person.id)).toBeUndefined();
      await access.setPasswordHash(person.id, 'scrypt$first');
      expect(await access.getPasswordHash(person.id)).toBe('scrypt$first');
      await access.setPasswordHash(person.id, 'scrypt$second');
      expect(await access.getPasswordHash(person.id)).toBe('scrypt$second');
      expect(await access.getPasswordHash('st_nobody')).toBeUndefined();
    });

    it('keeps passkeys with their bytes, counts their uses, and removes one only for its owner', async () => {
      const access = opened.store.access;
      const owner = member(`${unique('pk')}@example.org`);
      const stranger = member(`${unique('pk')}@example.org`);
      await access.addStaff(owner);
      await access.addStaff(stranger);
      const key = (label: string, createdAt: string) => ({
        id: unique('cred'),
        staffId: owner.id,
        // Every byte value, so that an encoding that mangles any shows.
        publicKey: new Uint8Array(Array.from({ length: 256 }, (_, i) => (i + label.length) % 256)),
        counter: 0,
        transports: ['usb', 'nfc'],
        label,
        createdAt,
      });
      const laptop = key('work laptop', '2026-01-02T00:00:00.000Z');
      const phone = key('phone', '2026-01-01T00:00:00.000Z');
      await access.addPasskey(laptop);
      await access.addPasskey(phone);
      const got = (await access.getPasskey(laptop.id))!;
      expect(got).toEqual(laptop);
      expect(got.publicKey).toBeInstanceOf(Uint8Array);
      expect(await access.getPasskey('cred_nobody')).toBeUndefined();
      expect((await access.listPasskeys(owner.id)).map((k) => k.label)).toEqual(['phone', 'work laptop']);
      expect(await access.listPasskeys(stranger.id)).toEqual([]);
      // A signature counter beyond 32 bits.
      await access.usePasskey(laptop.id, 2 ** 33 + 7);
      const used = (await access.getPasskey(laptop.id))!;
      expect(used.counter).toBe(2 ** 33 + 7);
      expect(Number.isNaN(Date.parse(used.lastUsedAt!))).toBe(false);
      expect(await access.getPasskey(phone.id)).toEqual(phone);
      // The same id again is refused.
      await expect(access.addPasskey({ ...phone, label: 'copy' })).rejects.toThrow();
      await access.removePasskey(stranger.id, laptop.id);
      expect(await access.getPasskey(laptop.id)).toBeDefined();
      await access.removePasskey(owner.id, laptop.id);
      expect(await access.getPasskey(laptop.id)).toBeUndefined();
      expect((await access.listPasskeys(owner.id)).map((k) => k.id)).toEqual([phone.id]);
    });
  });

  describe('sessions', () => {
    it('starts sessions, finds them by their secret’s hash, lists the live ones, and ends each once', async () => {
      const access = opened.store.access;
      const person = member(`${unique('se')}@example.org`);
      await access.addStaff(person);
      const session = (createdAt: string, expiresAt = inHours(1)): SessionRecord => ({
        id: unique('se'),
        secretHash: unique('hash'),
        staffId: person.id,
        method: 'password',
        createdAt,
        expiresAt,
      });
      const second = { ...session('2026-01-02T00:00:00.000Z'), method: 'passkey' as const };
      const first = session('2026-01-01T00:00:00.000Z');
      const expired = session('2026-01-03T00:00:00.000Z', inHours(-1));
      for (const s of [second, first, expired]) await access.startSession(s);
      expect(await access.getSession(first.id)).toEqual(first);
      expect(await access.findSessionBySecretHash(second.secretHash)).toEqual(second);
      expect(await access.findSessionBySecretHash('hash_nobody')).toBeUndefined();
      expect(await access.getSession('se_nobody')).toBeUndefined();
      expect((await access.listLiveSessions(person.id)).map((s) => s.id)).toEqual([first.id, second.id]);

      expect(await access.endSessions({ sessionId: first.id }, 'signed-out')).toEqual([first.id]);
      expect(await access.endSessions({ sessionId: first.id }, 'signed-out')).toEqual([]);
      const ended = (await access.getSession(first.id))!;
      expect(ended).toMatchObject({ ...first, endedWhy: 'signed-out' });
      expect(Number.isNaN(Date.parse(ended.endedAt!))).toBe(false);
      expect((await access.listLiveSessions(person.id)).map((s) => s.id)).toEqual([second.id]);

      // Every session of the person not yet ended (the expired one too), together.
      const ids = await access.endSessions({ staffId: person.id }, 'disabled');
      expect(ids.sort()).toEqual([second.id, expired.id].sort());
      expect((await access.getSession(second.id))?.endedWhy).toBe('disabled');
      expect((await access.getSession(first.id))?.endedWhy).toBe('signed-out');
      expect(await access.listLiveSessions(person.id)).toEqual([]);
      expect(await access.endSessions({ staffId: person.id }, 'disabled')).toEqual([]);
      // The same secret's hash twice is refused.
      await expect(access.startSession({ ...session(AT), secretHash: first.secretHash })).rejects.toThrow();
    });
  });

  describe('grants', () => {
    const grant = (more: Partial<GrantRecord>): GrantRecord => ({
      id: unique('gr'),
      kind: 'invite',
      createdBy: 'staff:st_1',
      createdAt: AT,
      expiresAt: inHours(24),
      ...more,
    });

    it('keeps a document’s grants, lists them newest first with the ended ones, and ends each once', async () => {
      const access = opened.store.access;
      const docId = await storeDocument(opened.store);
      const older = grant({ docId, role: 'participant', createdAt: '2026-01-01T00:00:00.000Z' });
      const newer = grant({ docId, role: 'viewer', createdAt: '2026-01-03T00:00:00.000Z' });
      const evaluator = grant({ kind: 'evaluator', docId, role: 'evaluator', createdAt: '2026-01-02T00:00:00.000Z' });
      const twin = { ...grant({ docId, role: 'facilitator', createdAt: '2026-01-03T00:00:00.000Z' }) };
      for (const g of [older, newer, evaluator, twin]) await access.putGrant(g);
      expect(await access.getGrant(older.id)).toEqual(older);
      expect(await access.getGrant('gr_nobody')).toBeUndefined();
      const sameTime = [newer.id, twin.id].sort();
      expect((await access.listGrants(docId)).map((g) => g.id)).toEqual([...sameTime, evaluator.id, older.id]);
      expect(await access.listGrants('doc_nobody')).toEqual([]);

      expect(await access.endGrant(older.id, 'revoked')).toBe(true);
      expect(await access.endGrant(older.id, 'revoked')).toBe(false);
      expect(await access.endGrant('gr_nobody', 'revoked')).toBe(false);
      const ended = (await access.getGrant(older.id))!;
      expect(ended).toMatchObject({ ...older, endedWhy: 'revoked' });
      expect(Number.isNaN(Date.parse(ended.endedAt!))).toBe(false);
      expect((await access.listGrants(docId)).find((g) => g.id === older.id)).toEqual(ended);
      // The same id again is refused.
      await expect(access.putGrant(older)).rejects.toThrow();
    });

    it('ends a grant once when two ask at the same moment: a one-time link is used by one of them', async () => {
      const access = opened.store.access;
      const link = grant({ kind: 'enrolment', staffId: unique('st') });
      await access.putGrant(link);
      const both = await Promise.all([access.endGrant(link.id, 'used'), access.endGrant(link.id, 'used')]);
      expect(both.sort()).toEqual([false, true]);
    });

    it('lists the live enrolment links of an account, or of the first admin, and no other', async () => {
      const access = opened.store.access;
      const staffId = unique('st');
      const live = grant({ kind: 'enrolment', staffId });
      const used = grant({ kind: 'enrolment', staffId });
      const expired = grant({ kind: 'enrolment', staffId, expiresAt: inHours(-1) });
      const invite = grant({ staffId });
      const firstAdmin = grant({ kind: 'enrolment' });
      const someoneElse = grant({ kind: 'enrolment', staffId: unique('st') });
      for (const g of [live, used, expired, invite, firstAdmin, someoneElse]) await access.putGrant(g);
      await access.endGrant(used.id, 'used');
      expect(await access.listEnrolmentGrants(staffId)).toEqual([live]);
      const forFirstAdmin = await access.listEnrolmentGrants(undefined);
      expect(forFirstAdmin).toContainEqual(firstAdmin);
      expect(forFirstAdmin.every((g) => g.kind === 'enrolment' && g.staffId === undefined && !g.endedAt)).toBe(true);
      await access.endGrant(firstAdmin.id, 'used');
      expect((await access.listEnrolmentGrants(undefined)).map((g) => g.id)).not.toContain(firstAdmin.id);
    });
  });

  describe('document projects', () => {
    it('says which project a document belongs to, replaced when placed again, and which belong to none', async () => {
      const store = opened.store;
      const first = await storeProject(store);
      const second = await storeProject(store);
      const docId = await storeDocument(store);
      const unplaced = await storeDocument(store);
      expect(await store.access.projectOf(docId)).toBeUndefined();
      expect(await store.access.unplacedDocuments()).toEqual(expect.arrayContaining([docId, unplaced]));
      await store.access.placeDocument(docId, first);
      expect(await store.access.projectOf(docId)).toBe(first);
      await store.access.placeDocument(docId, second);
      expect(await store.access.projectOf(docId)).toBe(second);
      const left = await store.access.unplacedDocuments();
      expect(left).toContain(unplaced);
      expect(left).not.toContain(docId);
      expect(left).toEqual([...left].sort());
      // Neither a document nor a project that is not stored can be placed.
      await expect(store.access.placeDocument('doc_nobody', first)).rejects.toThrow();
      await expect(store.access.placeDocument(unplaced, 'pr_nobody')).rejects.toThrow();
      expect(await store.access.projectOf(unplaced)).toBeUndefined();
    });
  });
});
