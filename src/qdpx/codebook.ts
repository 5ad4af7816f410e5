/**
 * The codebook of an export: the journeys' progress levels, enablers and barriers, the project's
 * coding frame and whose voice a stage is in, each a code the analysis software can count and
 * cross with its own codes. Codes are grouped in folders that cannot themselves be coded.
 */
import { VOICES, type FactorKind, type Journey, type ProgressScale, type Voice } from '../model/index.ts';
import { FACTOR_LABELS } from './journey-text.ts';
import type { Guid, QdpxCode } from './types.ts';

/** Each voice as it is named in the codebook. */
export const VOICE_LABELS: Record<Voice, string> = {
  parent: 'Parent',
  'child-or-young-person': 'Child or young person',
  'other-family-member': 'Other family member',
  practitioner: 'Practitioner',
  researcher: 'Researcher',
};

const FACTOR_COLOURS: Record<FactorKind, string> = { enabler: '#067647', barrier: '#b42318' };

export interface Codebook {
  codes: QdpxCode[];
  /** The code for a level of a journey's scale, if the journey's scale has that level. */
  progress(scale: ProgressScale, level: number): Guid | undefined;
  factor(kind: FactorKind): Guid;
  /** The code for a code id of the project's coding frame, if any exported journey defines it. */
  frame(codeId: string): Guid | undefined;
  voice(voice: Voice): Guid;
}

const scaleKey = (scale: ProgressScale) => `${scale.id}@${scale.version}`;

function folder(newGuid: () => Guid, name: string, children: QdpxCode[], description?: string): QdpxCode {
  return { guid: newGuid(), name, isCodable: false, ...(description ? { description } : {}), children };
}

/** The codebook for these journeys: every level of every scale they use, and every code they define. */
export function codebookFor(journeys: readonly Journey[], newGuid: () => Guid): Codebook {
  const scales = new Map<string, ProgressScale>();
  for (const journey of journeys)
    if (!scales.has(scaleKey(journey.scale))) scales.set(scaleKey(journey.scale), journey.scale);
  const levelGuids = new Map<string, Guid>();
  const progressFolders = [...scales.values()].map((scale) =>
    folder(
      newGuid,
      scales.size === 1 ? 'Progress' : `Progress (${scale.name}, version ${scale.version})`,
      scale.levels.map((level) => {
        const guid = newGuid();
        levelGuids.set(`${scaleKey(scale)}#${level.value}`, guid);
        return {
          guid,
          name: `Progress: ${level.label}`,
          isCodable: true,
          color: level.colour,
          description: `Level ${level.value} of ${scale.levels.length} on "${scale.name}" (version ${scale.version}): ${level.description}`,
        };
      }),
      `Where the family was at a stage, on the scale "${scale.name}" (version ${scale.version}).`,
    ),
  );

  const factorCode = (kind: FactorKind, description: string): QdpxCode => ({
    guid: newGuid(),
    name: FACTOR_LABELS[kind],
    isCodable: true,
    color: FACTOR_COLOURS[kind],
    description,
  });
  const factorCodes: Record<FactorKind, QdpxCode> = {
    enabler: factorCode('enabler', 'What helped the family move on at a stage, in their words where possible.'),
    barrier: factorCode('barrier', 'What held the family back at a stage, in their words where possible.'),
  };

  // The same code id in two journeys is the same code of the project's frame: first definition wins.
  const frame = new Map<string, QdpxCode>();
  for (const journey of journeys)
    for (const code of journey.codes)
      if (!frame.has(code.id))
        frame.set(code.id, {
          guid: newGuid(),
          name: code.label,
          isCodable: true,
          ...(code.description ? { description: code.description } : {}),
        });
  const frameCodes = [...frame.values()].sort((a, b) => a.name.localeCompare(b.name, 'en'));

  const voiceCodes = Object.fromEntries(
    VOICES.map((voice) => [voice, { guid: newGuid(), name: `Voice: ${VOICE_LABELS[voice]}`, isCodable: true }]),
  ) as Record<Voice, QdpxCode>;

  return {
    codes: [
      ...progressFolders,
      factorCodes.enabler,
      factorCodes.barrier,
      ...(frameCodes.length > 0 ? [folder(newGuid, 'Coding frame', frameCodes, "The project's own codes.")] : []),
      folder(newGuid, 'Voice', Object.values(voiceCodes), 'Whose words a stage is in.'),
    ],
    progress: (scale, level) => levelGuids.get(`${scaleKey(scale)}#${level}`),
    factor: (kind) => factorCodes[kind].guid,
    frame: (codeId) => frame.get(codeId)?.guid,
    voice: (voice) => voiceCodes[voice].guid,
  };
}
