/** What the schema cannot catch is refused before writing; what it can, xmllint does catch. */
import { describe, expect, it } from 'vitest';
import {
  codePointLength,
  projectProblems,
  projectXml,
  QdpxProjectError,
  qdpxProjectFromJourneys,
  type QdpxProject,
  type QdpxTextSource,
} from '../../../src/qdpx/index.ts';
import { OPTIONS, twoFamilies } from './families.ts';
import { validateProject } from './xmllint.ts';

const project = () => qdpxProjectFromJourneys(twoFamilies(), OPTIONS);

/** The project with its first source changed. */
function withSource(change: (source: QdpxTextSource) => QdpxTextSource): QdpxProject {
  const base = project();
  const [first, ...rest] = base.cases;
  return { ...base, cases: [{ ...first!, sources: first!.sources.map(change) }, ...rest] };
}

describe('checking a project before writing it', () => {
  it('finds nothing wrong with a project made from journeys', () => {
    expect(projectProblems(project())).toEqual([]);
  });

  it('refuses a selection outside its text, counted in code points', () => {
    const broken = withSource((source) => ({
      ...source,
      text: '🎉🎉',
      selections: [{ ...source.selections[0]!, start: 1, end: 3 }],
    }));
    expect(codePointLength('🎉🎉')).toBe(2);
    expect(() => projectXml(broken)).toThrow(QdpxProjectError);
    expect(projectProblems(broken)).toEqual([
      expect.stringContaining("runs from 1 to 3, outside the text's 2 code points"),
    ]);
  });

  it('refuses a coding with a code not in the codebook, or with a folder', () => {
    const base = project();
    const folder = base.codes.find((code) => !code.isCodable)!.guid;
    const broken = withSource((source) => ({
      ...source,
      selections: source.selections.map((selection, index) =>
        index === 0
          ? {
              ...selection,
              codings: [
                { ...selection.codings[0]!, code: '11111111-2222-4333-8444-555555555555' },
                { ...selection.codings[1]!, code: folder },
              ],
            }
          : selection,
      ),
    }));
    expect(projectProblems(broken)).toEqual([
      expect.stringContaining('is coded with 11111111-2222-4333-8444-555555555555, not a codable code'),
      expect.stringMatching(/is coded with .*, not a codable code/),
    ]);
  });

  it('refuses repeated guids, unknown users, bad values and text that is not plain', () => {
    const base = withSource((source) => ({
      ...source,
      guid: source.selections[0]!.guid,
      creatingUser: '99999999-9999-4999-8999-999999999999',
      text: `${source.text}\r\n`,
    }));
    const [first, ...rest] = base.cases;
    const broken: QdpxProject = {
      ...base,
      cases: [{ ...first!, values: [{ ...first!.values[0]!, type: 'Boolean', value: true }] }, ...rest],
    };
    const problems = projectProblems(broken);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/gives variable "Family type" a Boolean value; it is Text/);
    expect(problems.join('\n')).toMatch(/names user 99999999-9999-4999-8999-999999999999, who is not among the users/);
    expect(problems.join('\n')).toMatch(/has carriage returns or characters XML cannot carry/);
    expect(problems.join('\n')).toMatch(/reuses guid/);
  });
});

describe('validating with xmllint', () => {
  it('rejects a document that breaks the schema, so a pass means something', () => {
    const xml = projectXml(project()).replace(/ isCodable="(true|false)"/, '');
    const validation = validateProject(xml);
    expect(validation.valid).toBe(false);
    expect(validation.output).toContain("The attribute 'isCodable' is required but missing");
  });

  it('fails, naming the Debian package, when xmllint is not installed', () => {
    expect(() => validateProject(projectXml(project()), 'xmllint-that-is-not-installed')).toThrow(
      /install the Debian package libxml2-utils/,
    );
  });
});
