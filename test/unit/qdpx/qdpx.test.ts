/** Journeys to a .qdpx and back: valid against the REFI-QDA schema, every stage's words where its selection says. */
import { describe, expect, it } from 'vitest';
import { JourneySchema } from '../../../src/model/index.ts';
import { GUID_PATTERN, qdpxPackage, qdpxProjectFromJourneys, type FamilyToExport } from '../../../src/qdpx/index.ts';
import { countingGuids, OPTIONS, twoFamilies } from './families.ts';
import { readQdpx, type ReadCase, type ReadSelection } from './read-qdpx.ts';
import { validateProject } from './xmllint.ts';

function exported(families: FamilyToExport[] = twoFamilies(), newGuid?: () => string) {
  const bytes = qdpxPackage(qdpxProjectFromJourneys(families, { ...OPTIONS, ...(newGuid ? { newGuid } : {}) }));
  return { bytes, read: readQdpx(bytes) };
}

const codeNames = (selection: ReadSelection) => selection.codings.map((coding) => coding.code.name).sort();
const caseNamed = (cases: ReadCase[], name: string) => cases.find((entry) => entry.name === name)!;

describe('a .qdpx of two families', () => {
  const families = twoFamilies();
  const { read } = exported(families);

  it('validates against the REFI-QDA Project schema (xmllint)', () => {
    const validation = validateProject(read.xml);
    expect(validation.valid, validation.output).toBe(true);
  });

  it('holds project.qde, the Sources folder and one UTF-8 text file per journey, named by guid', () => {
    expect(read.entries).toEqual(['project.qde', 'Sources/', ...read.sources.map((source) => source.file)]);
    for (const source of read.sources) {
      expect(source.plainTextPath).toBe(`internal://${source.guid}.txt`);
      expect(source.file).toBe(`Sources/${source.guid}.txt`);
    }
    expect(read.project).toEqual({
      name: OPTIONS.projectName,
      origin: 'Turning Points',
      creatingUser: read.users[0]!.guid,
      creationDateTime: '2024-05-01T10:30:00Z',
    });
  });

  it('has a case per family, with its variables and its journeys as sources', () => {
    expect(read.cases.map((entry) => entry.name)).toEqual(['The Test family', 'The Okafor family']);
    expect(read.variables.map(({ name, type }) => ({ name, type }))).toEqual([
      { name: 'Family type', type: 'Text' },
      { name: 'Phase Two eligible', type: 'Boolean' },
      { name: 'Consent in force', type: 'Text' },
    ]);
    expect(caseNamed(read.cases, 'The Test family').values).toEqual({
      'Family type': 'Disaffected young people',
      'Phase Two eligible': true,
      'Consent in force': 'analysis, mapping, share-words',
    });
    expect(caseNamed(read.cases, 'The Okafor family').values).toEqual({
      'Phase Two eligible': false,
      'Consent in force': 'analysis, mapping',
    });
    expect(read.cases.map((entry) => entry.sources.map((source) => source.name))).toEqual([
      ['The Test family: A test journey'],
      ['The Okafor family: Starting over'],
    ]);
    expect(read.sources[1]!.description).toBe('Two moves in a year, then a school that kept a place open.');
  });

  it('has codes for each progress level, enablers, barriers, the coding frame and each voice', () => {
    const codable = read.codes.filter((code) => code.isCodable);
    expect(codable.map((code) => [...code.path, code.name].join(' / '))).toEqual([
      'Progress / Progress: Stuck',
      'Progress / Progress: Opening up',
      'Progress / Progress: Trying things',
      'Progress / Progress: Making it work',
      'Progress / Progress: Independent',
      'Enabler',
      'Barrier',
      'Coding frame / Housing insecurity',
      'Coding frame / Isolation',
      'Coding frame / School',
      'Coding frame / Trusted worker',
      'Voice / Voice: Parent',
      'Voice / Voice: Child or young person',
      'Voice / Voice: Other family member',
      'Voice / Voice: Practitioner',
      'Voice / Voice: Researcher',
    ]);
    expect(read.codes.filter((code) => !code.isCodable).map((code) => code.name)).toEqual([
      'Progress',
      'Coding frame',
      'Voice',
    ]);
    const stuck = read.codes.find((code) => code.name === 'Progress: Stuck')!;
    expect(stuck.color).toBe('#b42318');
    expect(stuck.description).toContain('Things feel stuck');
    expect(read.codes.find((code) => code.name === 'School')!.description).toBe('Anything about school or college.');
  });

  it("puts every stage's words, and every factor's text, exactly where its selection says", () => {
    families.forEach((family, index) => {
      const journey = family.journeys[0]!;
      const source = read.cases[index]!.sources[0]!;
      const stages = [...journey.stages].sort((a, b) => a.order - b.order);
      const stageSelections = source.selections.slice(0, stages.length);
      // A stage nobody said anything about is selected by its headline.
      expect(stageSelections.map(({ name, text }) => ({ name, text }))).toEqual(
        stages.map((stage) => ({ name: stage.title, text: stage.words || stage.title })),
      );
      const factorTexts = source.selections.slice(stages.length).map((selection) => selection.text);
      expect(factorTexts.toSorted()).toEqual(journey.factors.map((factor) => factor.text).toSorted());
    });
  });

  it('codes each stage with its progress level, voice and codes, and each factor with its kind and codes', () => {
    const [test, okafor] = read.sources;
    expect(test!.selections.map(codeNames)).toEqual([
      ['Housing insecurity', 'Progress: Stuck', 'Voice: Parent'],
      ['Progress: Opening up', 'Voice: Parent'],
      ['Voice: Parent'],
      ['Enabler', 'Trusted worker'],
    ]);
    expect(okafor!.selections.map(codeNames)).toEqual([
      ['Progress: Stuck', 'Voice: Parent'],
      ['Progress: Trying things', 'School', 'Voice: Researcher'],
      ['Barrier', 'Isolation'],
      ['Enabler', 'School'],
    ]);
    expect(okafor!.selections[1]!.description).toBe(
      'Progress: Trying things, rated by the family. Seen differently: The worker put it lower.',
    );
    expect(okafor!.selections[3]!.name).toBe('Enabler at "School called"');
  });

  it('names who recorded each family, and who exported, as users the codings refer to', () => {
    expect(read.users.map((user) => user.name)).toEqual(['Priya Shah', 'Sam Green']);
    const [priya, sam] = read.users;
    const creators = (source: (typeof read.sources)[number]) =>
      new Set([
        source.creatingUser,
        ...source.selections.flatMap((selection) => [
          selection.creatingUser,
          ...selection.codings.map((coding) => coding.creatingUser),
        ]),
      ]);
    expect(creators(read.sources[0]!)).toEqual(new Set([sam!.guid]));
    expect(creators(read.sources[1]!)).toEqual(new Set([priya!.guid]));
  });

  it('gives every element its own random UUID, which carries nothing from the journey', () => {
    expect(read.guids.length).toBeGreaterThan(40);
    expect(new Set(read.guids).size).toBe(read.guids.length);
    for (const guid of read.guids) expect(guid).toMatch(GUID_PATTERN);
    const again = exported(families).read;
    expect(again.guids.filter((guid) => read.guids.includes(guid))).toEqual([]);
    for (const word of ['test-journey', 'second-journey', 's1', 'staff-2', 'staff-7', 'housing'])
      expect(read.xml).not.toContain(`"${word}"`);
  });
});

describe('journeys on different progress scales', () => {
  it('get a folder of progress codes per scale, and each stage the code of its own scale', () => {
    const [test, okafor] = twoFamilies();
    const ownScale = {
      id: 'our-scale',
      version: 2,
      name: 'Our scale',
      levels: ['Low', 'Middle', 'High'].map((label, index) => ({
        value: index + 1,
        label,
        description: `${label} on our scale.`,
        colour: '#123456',
        icon: 'circle' as const,
      })),
    };
    const journey = JourneySchema.parse({ ...okafor!.journeys[0]!, scale: ownScale });
    const { read } = exported([test!, { ...okafor!, journeys: [journey] }]);
    expect(read.codes.filter((code) => code.name.startsWith('Progress (')).map((code) => code.name)).toEqual([
      'Progress (Stuck to independence, version 1)',
      'Progress (Our scale, version 2)',
    ]);
    const progressOf = (selection: ReadSelection) =>
      selection.codings
        .map(({ code }) => [...code.path, code.name].join(' / '))
        .filter((name) => name.startsWith('Progress'));
    expect(read.sources[0]!.selections.slice(0, 2).map(progressOf)).toEqual([
      ['Progress (Stuck to independence, version 1) / Progress: Stuck'],
      ['Progress (Stuck to independence, version 1) / Progress: Opening up'],
    ]);
    expect(read.sources[1]!.selections.slice(0, 2).map(progressOf)).toEqual([
      ['Progress (Our scale, version 2) / Progress: Low'],
      ['Progress (Our scale, version 2) / Progress: High'],
    ]);
    expect(validateProject(read.xml).valid).toBe(true);
  });
});

describe('packaging', () => {
  it('writes the same bytes for the same project, in a fixed order', () => {
    const first = exported(twoFamilies(), countingGuids()).bytes;
    const second = exported(twoFamilies(), countingGuids()).bytes;
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });

  it('writes a valid project with the Sources folder when there is nothing to export', () => {
    const { read } = exported([]);
    expect(read.entries).toEqual(['project.qde', 'Sources/']);
    expect(read.cases).toEqual([]);
    const validation = validateProject(read.xml);
    expect(validation.valid, validation.output).toBe(true);
  });
});
