/**
 * Journeys to a REFI-QDA project: a case per family, a text source per journey, a selection per
 * stage and per enabler and barrier, coded with the codebook (codebook.ts).
 *
 * The caller chooses what goes in: which families and journeys, with stages their consent and
 * sealing withhold already taken out. Nothing here reads consent to decide; it is only recorded,
 * as a case variable, so an analyst can see what each family agreed to.
 */
import type { ConsentInForce, Journey } from '../model/index.ts';
import { codebookFor, type Codebook } from './codebook.ts';
import { randomGuid } from './guid.ts';
import { FACTOR_LABELS, journeyText } from './journey-text.ts';
import type {
  Guid,
  QdpxCase,
  QdpxCoding,
  QdpxProject,
  QdpxSelection,
  QdpxTextSource,
  QdpxUser,
  QdpxVariable,
} from './types.ts';

/** A staff member, by the id the server knows them by (never written to the file) and name. */
export interface StaffMember {
  id: string;
  name: string;
}

/** One family to export, with what the server knows of it besides its journeys. */
export interface FamilyToExport {
  /** The family's pseudonym: the case's name. */
  pseudonym: string;
  /** The family type as people say it; no value when the family has none. */
  familyType?: string;
  phaseTwoEligible: boolean;
  /** The consent scopes in force (consent.ts), written as they are. */
  consent: ConsentInForce;
  journeys: readonly Journey[];
  /** Who recorded the family's journeys; the exporting staff member when not known. */
  recordedBy?: StaffMember;
}

export interface QdpxExportOptions {
  projectName: string;
  exportedBy: StaffMember;
  exportedAt: Date;
  description?: string;
  /** Where guids come from; random UUIDs unless a test needs others. */
  newGuid?: () => Guid;
}

export const ORIGIN = 'Turning Points';

/** The case variables, as named in the analysis software. */
export const CASE_VARIABLE_NAMES = {
  familyType: 'Family type',
  phaseTwoEligible: 'Phase Two eligible',
  consent: 'Consent in force',
} as const;

const PROGRESS_RATERS = { family: 'the family', worker: 'a worker', together: 'the family and a worker together' };

function coding(code: Guid, creatingUser: Guid, newGuid: () => Guid): QdpxCoding {
  return { guid: newGuid(), code, creatingUser };
}

function journeySource(
  journey: Journey,
  pseudonym: string,
  codebook: Codebook,
  creatingUser: Guid,
  newGuid: () => Guid,
): QdpxTextSource {
  const document = journeyText(journey);
  const codings = (codes: readonly (Guid | undefined)[]) =>
    codes.filter((code) => code !== undefined).map((code) => coding(code, creatingUser, newGuid));
  const selections: QdpxSelection[] = [];
  const stageTitles = new Map(journey.stages.map((stage) => [stage.id, stage.title]));
  for (const { stage, span } of document.stages) {
    const progress = stage.progress;
    const level = progress && journey.scale.levels.find((each) => each.value === progress.level);
    selections.push({
      guid: newGuid(),
      name: stage.title,
      ...span,
      ...(progress && level
        ? {
            description:
              `Progress: ${level.label}, rated by ${PROGRESS_RATERS[progress.ratedBy]}.` +
              (progress.disagreement ? ` Seen differently: ${progress.disagreement}` : ''),
          }
        : {}),
      creatingUser,
      codings: codings([
        progress ? codebook.progress(journey.scale, progress.level) : undefined,
        codebook.voice(stage.voice),
        ...stage.codes.map((code) => codebook.frame(code)),
      ]),
    });
  }
  for (const { factor, span } of document.factors) {
    selections.push({
      guid: newGuid(),
      name: `${FACTOR_LABELS[factor.kind]} at "${stageTitles.get(factor.stageId) ?? factor.stageId}"`,
      ...span,
      creatingUser,
      codings: codings([codebook.factor(factor.kind), ...factor.codes.map((code) => codebook.frame(code))]),
    });
  }
  return {
    guid: newGuid(),
    name: `${pseudonym}: ${journey.title}`,
    ...(journey.summary ? { description: journey.summary } : {}),
    text: document.text,
    creatingUser,
    selections,
  };
}

/** The project for these families, ready for `projectXml` or `qdpxPackage`. */
export function qdpxProjectFromJourneys(families: readonly FamilyToExport[], options: QdpxExportOptions): QdpxProject {
  const newGuid = options.newGuid ?? randomGuid;
  const users = new Map<string, QdpxUser>();
  const userFor = (staff: StaffMember): Guid => {
    const known = users.get(staff.id);
    if (known) return known.guid;
    const user = { guid: newGuid(), name: staff.name };
    users.set(staff.id, user);
    return user.guid;
  };
  const exporter = userFor(options.exportedBy);
  const codebook = codebookFor(
    families.flatMap((family) => family.journeys),
    newGuid,
  );
  const variable = (name: string, type: QdpxVariable['type'], description: string): QdpxVariable => ({
    guid: newGuid(),
    name,
    type,
    description,
  });
  const variables = {
    familyType: variable(CASE_VARIABLE_NAMES.familyType, 'Text', 'The family type the family most resembles.'),
    phaseTwoEligible: variable(
      CASE_VARIABLE_NAMES.phaseTwoEligible,
      'Boolean',
      'Whether the family is eligible for Phase Two.',
    ),
    consent: variable(
      CASE_VARIABLE_NAMES.consent,
      'Text',
      'The consent scopes in force when the project was exported.',
    ),
  };

  const cases = families.map((family): QdpxCase => {
    const creatingUser = family.recordedBy ? userFor(family.recordedBy) : exporter;
    return {
      guid: newGuid(),
      name: family.pseudonym,
      values: [
        ...(family.familyType === undefined
          ? []
          : [{ variable: variables.familyType.guid, type: 'Text' as const, value: family.familyType }]),
        { variable: variables.phaseTwoEligible.guid, type: 'Boolean', value: family.phaseTwoEligible },
        { variable: variables.consent.guid, type: 'Text', value: [...family.consent].sort().join(', ') || 'none' },
      ],
      sources: family.journeys.map((journey) =>
        journeySource(journey, family.pseudonym, codebook, creatingUser, newGuid),
      ),
    };
  });

  return {
    name: options.projectName,
    origin: ORIGIN,
    createdAt: options.exportedAt,
    creatingUser: exporter,
    users: [...users.values()],
    codes: codebook.codes,
    variables: Object.values(variables),
    cases,
    ...(options.description ? { description: options.description } : {}),
  };
}
