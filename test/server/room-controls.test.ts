/**
 * The facilitator's controls (server/SPEC.md CONTROL1–CONTROL4, issue 17) on a real server with
 * stock y-websocket clients, each asking for CONTROL messages as the editor does: a
 * facilitator's commands reach every screen; a participant's and a viewer's change nothing; a
 * locked map or stage is put back by the server's own change, on every replica, whatever a
 * participant's client sends; and the controls are kept through a restart (CONTROL5).
 */
import { expect, test } from 'vitest';
import { readJourney, removeStage, typeStageText, userOrigin } from '../../src/doc/index.ts';
import type { StageId } from '../../src/model/index.ts';
import { NO_CONTROLS, type ControlCommand } from '../../src/protocol/index.ts';
import {
  connect,
  connectAsStaff,
  exampleId,
  sendControl,
  signedInStaff,
  synced,
  token,
  useServer,
  waitFor,
  type Client,
} from './harness.ts';

const server = useServer();
const EDIT = userOrigin('stock-client');

/** One journey per test: controls are the server's, per document, and outlive a test's clients. */
const journeyOf = (name: string) => exampleId(server.current, name);

async function room(docId: string) {
  const clients = {
    facilitator: connect(server.current, docId, token(server.current, docId, 'facilitator'), { controls: true }),
    participant: connect(server.current, docId, token(server.current, docId, 'participant'), { controls: true }),
    viewer: connect(server.current, docId, token(server.current, docId, 'viewer'), { controls: true }),
  };
  await Promise.all(Object.values(clients).map(synced));
  await waitFor(() => Object.values(clients).every((c) => c.controls !== undefined), 5000, 'the first control state');
  return { ...clients, all: Object.values(clients), close: () => Object.values(clients).forEach((c) => c.destroy()) };
}

const stagesOf = (client: Client) => readJourney(client.doc).journey.stages;
const titleOf = (client: Client, id: string) => stagesOf(client).find((stage) => stage.id === id)?.title;

/** Every command a facilitator can send, each changing something from a fresh room's state. */
const commandsFor = (stageId: string): ControlCommand[] => [
  { kind: 'follow', view: { x: 120, y: 80, zoom: 1.2 }, stageId },
  { kind: 'spotlight', stageId },
  { kind: 'timer-start', ms: 5 * 60_000 },
  { kind: 'lock-map', on: true },
  { kind: 'lock-stage', stageId, on: true },
  { kind: 'pause-map', on: true },
  { kind: 'pause-stage', stageId, on: true },
];

test('CONTROL1: a facilitator sets each control and every screen that asked is told within 1 s', async ({
  annotate,
}) => {
  const docId = journeyOf('family-action-single-mother');
  const r = await room(docId);
  try {
    expect(r.viewer.controls).toEqual(NO_CONTROLS);
    const stageId = stagesOf(r.facilitator)[0]!.id;
    const seen: number[] = [];
    for (const command of commandsFor(stageId)) {
      const before = r.viewer.controlMessages;
      const sentAt = performance.now();
      sendControl(r.facilitator, command);
      await waitFor(
        () => r.viewer.controlMessages > before && r.participant.controlMessages > before,
        1000,
        command.kind,
      );
      seen.push(performance.now() - sentAt);
    }
    const state = r.participant.controls!;
    expect(state.follow).toMatchObject({ view: { x: 120, y: 80, zoom: 1.2 }, stageId });
    expect(state.spotlight).toBe(stageId);
    expect(state.timer).toMatchObject({ running: true, totalMs: 300_000 });
    expect(state.timer!.leftMs).toBeGreaterThan(290_000);
    expect(state.lock).toEqual({ map: true, stages: [stageId] });
    expect(state.pause).toEqual({ map: true, stages: [stageId] });
    expect(r.viewer.controls).toEqual(r.participant.controls);
    await annotate(`control state seen by the others after ${Math.max(...seen).toFixed(0)} ms at most`);

    // The timer: paused, a minute added, resumed, cleared.
    sendControl(r.facilitator, { kind: 'timer-pause' });
    await waitFor(() => r.viewer.controls?.timer?.running === false, 1000, 'timer paused');
    const left = r.viewer.controls!.timer!.leftMs;
    sendControl(r.facilitator, { kind: 'timer-add', ms: 60_000 });
    await waitFor(() => r.viewer.controls?.timer?.leftMs === left + 60_000, 1000, 'a minute added');
    expect(r.viewer.controls!.timer!.totalMs).toBe(360_000);
    sendControl(r.facilitator, { kind: 'timer-resume' });
    await waitFor(() => r.viewer.controls?.timer?.running === true, 1000, 'timer running again');
    sendControl(r.facilitator, { kind: 'timer-clear' });
    sendControl(r.facilitator, { kind: 'lock-map', on: false });
    sendControl(r.facilitator, { kind: 'lock-stage', stageId, on: false });
    sendControl(r.facilitator, { kind: 'pause-map', on: false });
    sendControl(r.facilitator, { kind: 'pause-stage', stageId, on: false });
    sendControl(r.facilitator, { kind: 'spotlight', stageId: null });
    sendControl(r.facilitator, { kind: 'unfollow' });
    await waitFor(() => JSON.stringify(r.viewer.controls) === JSON.stringify(NO_CONTROLS), 1000, 'all cleared');

    // A newcomer is told the state as it joins; a signed-in staff member controls as a facilitator does.
    const staff = await signedInStaff(server.current, 'facilitator');
    const staffClient = connectAsStaff(server.current, docId, staff.cookie, { controls: true });
    await synced(staffClient);
    sendControl(staffClient, { kind: 'spotlight', stageId });
    await waitFor(() => r.viewer.controls?.spotlight === stageId, 1000, 'staff spotlight');
    const late = connect(server.current, docId, token(server.current, docId, 'viewer'), { controls: true });
    await waitFor(() => late.controls?.spotlight === stageId, 5000, 'the newcomer told');
    late.destroy();
    staffClient.destroy();
  } finally {
    r.close();
  }
});

test('CONTROL1: a participant and a viewer setting each control change nothing on the other screens', async () => {
  const docId = journeyOf('slf-isolated-family');
  const r = await room(docId);
  try {
    const stageId = stagesOf(r.facilitator)[0]!.id;
    for (const command of commandsFor(stageId)) sendControl(r.participant, command);
    // The viewer's first three are refused, then it is closed as any read-only writer is (4403).
    const viewerClosed = new Promise<number>((resolve) =>
      r.viewer.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)),
    );
    for (const command of commandsFor(stageId)) sendControl(r.viewer, command);
    expect(await viewerClosed).toBe(4403);
    // A round trip through the room after them: anything they had changed would be here by now.
    sendControl(r.facilitator, { kind: 'timer-start', ms: 60_000 });
    await waitFor(() => r.participant.controls?.timer !== null, 1000, 'the facilitator’s timer');
    expect({ ...r.facilitator.controls, timer: null }).toEqual(NO_CONTROLS);
    expect({ ...r.participant.controls, timer: null }).toEqual(NO_CONTROLS);
    expect(r.facilitator.controlMessages).toBe(2);
  } finally {
    r.close();
  }
});

test('CONTROL4: a locked map’s change from a participant’s stock client is undone everywhere, and stays undone', async () => {
  const docId = journeyOf('life-swindon-chronic-crisis');
  const r = await room(docId);
  try {
    const [first, second] = stagesOf(r.facilitator);
    sendControl(r.facilitator, { kind: 'lock-map', on: true });
    await waitFor(() => r.participant.controls?.lock.map === true, 1000, 'the lock');
    const stagesBefore = JSON.stringify(stagesOf(r.facilitator));

    typeStageText(r.participant.doc, first!.id as StageId, 'title', 'Changed while locked', EDIT);
    removeStage(r.participant.doc, second!.id as StageId, EDIT);
    // Every replica, the writer's included, ends where the server is: as before.
    await waitFor(
      () => r.all.every((client) => JSON.stringify(stagesOf(client)) === stagesBefore),
      2000,
      'every replica back as it was',
    );

    // A client that reconnects with its replica does not bring the change back, and the store has the journey as it was.
    const fresh = connect(server.current, docId, token(server.current, docId, 'viewer'));
    await synced(fresh);
    expect(JSON.stringify(stagesOf(fresh))).toBe(stagesBefore);
    fresh.destroy();

    // The participant's stock client asks for the lock to go: nothing changes.
    sendControl(r.participant, { kind: 'lock-map', on: false });
    typeStageText(r.participant.doc, first!.id as StageId, 'title', 'Still locked', EDIT);
    await waitFor(() => titleOf(r.participant, first!.id) === first!.title, 2000, 'undone again');
    expect(r.viewer.controls?.lock.map).toBe(true);

    // The facilitator's own change goes through.
    typeStageText(r.facilitator.doc, first!.id as StageId, 'title', 'The facilitator’s words', EDIT);
    await waitFor(
      () => titleOf(r.participant, first!.id) === 'The facilitator’s words',
      2000,
      'the facilitator’s edit',
    );

    // Unlocked, the participant's change stays.
    sendControl(r.facilitator, { kind: 'lock-map', on: false });
    await waitFor(() => r.participant.controls?.lock.map === false, 1000, 'unlocked');
    typeStageText(r.participant.doc, first!.id as StageId, 'title', 'After the lock', EDIT);
    await waitFor(() => titleOf(r.facilitator, first!.id) === 'After the lock', 2000, 'the participant’s edit');
  } finally {
    r.close();
  }
});

test('CONTROL4: a locked stage is put back (words, deletion), while the participant’s change to another stage stays', async () => {
  const docId = journeyOf('slf-disengaged-young-people');
  const r = await room(docId);
  try {
    const [locked, open] = stagesOf(r.facilitator);
    sendControl(r.facilitator, { kind: 'lock-stage', stageId: locked!.id, on: true });
    await waitFor(() => r.participant.controls?.lock.stages.includes(locked!.id) === true, 1000, 'the lock');
    const lockedBefore = JSON.stringify(stagesOf(r.facilitator).find((s) => s.id === locked!.id));

    // One change touching both, as a device coming back online sends them.
    r.participant.doc.transact(() => {
      typeStageText(r.participant.doc, locked!.id as StageId, 'words', 'Rewritten while locked', EDIT);
      typeStageText(r.participant.doc, open!.id as StageId, 'title', 'Open to change', EDIT);
    }, EDIT);
    await waitFor(
      () =>
        r.all.every(
          (client) =>
            JSON.stringify(stagesOf(client).find((s) => s.id === locked!.id)) === lockedBefore &&
            titleOf(client, open!.id) === 'Open to change',
        ),
      2000,
      'the locked stage back, the other changed',
    );

    removeStage(r.participant.doc, locked!.id as StageId, EDIT);
    await waitFor(
      () => r.all.every((client) => JSON.stringify(stagesOf(client).find((s) => s.id === locked!.id)) === lockedBefore),
      2000,
      'the deleted stage back on every replica',
    );
    const fresh = connect(server.current, docId, token(server.current, docId, 'viewer'));
    await synced(fresh);
    expect(JSON.stringify(stagesOf(fresh).find((s) => s.id === locked!.id))).toBe(lockedBefore);
    fresh.destroy();
  } finally {
    r.close();
  }
});

test('CONTROL1: a CONTROL message that is no command closes the connection as a bad message (4400)', async () => {
  const docId = journeyOf('family-action-single-mother');
  const client = connect(server.current, docId, token(server.current, docId, 'facilitator'));
  try {
    await synced(client);
    const closed = new Promise<number>((resolve) =>
      client.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)),
    );
    client.provider.ws?.send(new Uint8Array([101, 3, 0x7b, 0x7d, 0x7d]));
    expect(await closed).toBe(4400);
  } finally {
    client.destroy();
  }
});

test('CONTROL5: locks, pauses and a running timer outlast a restart, and the lock is still enforced', async () => {
  const docId = journeyOf('slf-isolated-family');
  const before = await room(docId);
  const [locked] = stagesOf(before.facilitator);
  let lockedBefore: string;
  try {
    for (const command of [
      { kind: 'lock-stage', stageId: locked!.id, on: true },
      { kind: 'pause-map', on: true },
      { kind: 'timer-start', ms: 10 * 60_000 },
    ] satisfies ControlCommand[])
      sendControl(before.facilitator, command);
    await waitFor(() => before.participant.controls?.timer?.running === true, 1000, 'the controls');
    lockedBefore = JSON.stringify(stagesOf(before.facilitator).find((s) => s.id === locked!.id));
  } finally {
    before.close();
  }

  await server.restart();
  const after = await room(docId);
  try {
    const state = after.participant.controls!;
    expect(state.lock.stages).toEqual([locked!.id]);
    expect(state.pause.map).toBe(true);
    expect(state.timer).toMatchObject({ running: true, totalMs: 600_000 });
    expect(state.timer!.leftMs).toBeGreaterThan(500_000);
    typeStageText(after.participant.doc, locked!.id as StageId, 'words', 'Rewritten after the restart', EDIT);
    await waitFor(
      () =>
        after.all.every((client) => JSON.stringify(stagesOf(client).find((s) => s.id === locked!.id)) === lockedBefore),
      2000,
      'the locked stage put back by the restarted server',
    );
  } finally {
    after.close();
  }
});
