/**
 * What the schema cannot say about a project: that every reference points at something in it,
 * that guids are unique, and that each selection lies inside its text. A file that broke these
 * would validate and still lose codings, or import as someone else's words, in the analysis
 * software; so `project.ts` refuses to write one.
 */
import { GUID_PATTERN } from './guid.ts';
import type { Guid, QdpxCode, QdpxProject } from './types.ts';
import { plainText } from './xml.ts';

export class QdpxProjectError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`not a consistent REFI-QDA project: ${problems.join('; ')}`);
    this.name = 'QdpxProjectError';
    this.problems = problems;
  }
}

/** The length of a text in Unicode code points, the unit of REFI-QDA's text positions. */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

function allCodes(codes: readonly QdpxCode[]): QdpxCode[] {
  return codes.flatMap((code) => [code, ...allCodes(code.children ?? [])]);
}

/** Every problem with the project, in document order; none when it can be written. */
export function projectProblems(project: QdpxProject): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const guid = (value: Guid, what: string) => {
    if (!GUID_PATTERN.test(value)) problems.push(`${what} has guid "${value}", which is not a UUID`);
    else if (seen.has(value.toLowerCase())) problems.push(`${what} reuses guid ${value}`);
    seen.add(value.toLowerCase());
  };

  const users = new Set(project.users.map((user) => user.guid));
  const user = (value: Guid, what: string) => {
    if (!users.has(value)) problems.push(`${what} names user ${value}, who is not among the users`);
  };
  if (Number.isNaN(project.createdAt.getTime())) problems.push('the project has no valid creation time');
  project.users.forEach((entry, index) => guid(entry.guid, `user ${index + 1}`));
  user(project.creatingUser, 'the project');

  const codes = allCodes(project.codes);
  if (codes.length === 0) problems.push('the codebook has no codes');
  const codable = new Set<Guid>();
  for (const code of codes) {
    guid(code.guid, `code "${code.name}"`);
    if (code.isCodable) codable.add(code.guid);
    if (code.color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(code.color))
      problems.push(`code "${code.name}" has colour "${code.color}", not #rrggbb`);
  }

  const variables = new Map(project.variables.map((variable) => [variable.guid, variable]));
  project.variables.forEach((variable) => guid(variable.guid, `variable "${variable.name}"`));

  for (const entry of project.cases) {
    const where = `case "${entry.name}"`;
    guid(entry.guid, where);
    for (const value of entry.values) {
      const variable = variables.get(value.variable);
      if (!variable) problems.push(`${where} has a value for variable ${value.variable}, which is not declared`);
      else if (variable.type !== value.type)
        problems.push(`${where} gives variable "${variable.name}" a ${value.type} value; it is ${variable.type}`);
      else if (value.type === 'Integer' && !Number.isInteger(value.value))
        problems.push(`${where} gives variable "${variable.name}" ${value.value}, not a whole number`);
    }
    for (const source of entry.sources) {
      const at = `source "${source.name}"`;
      guid(source.guid, at);
      user(source.creatingUser, at);
      if (source.text !== plainText(source.text))
        problems.push(`${at} has carriage returns or characters XML cannot carry; make it with plainText()`);
      const length = codePointLength(source.text);
      for (const selection of source.selections) {
        const inside = `selection "${selection.name}" of ${at}`;
        guid(selection.guid, inside);
        user(selection.creatingUser, inside);
        const { start, end } = selection;
        if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > length)
          problems.push(`${inside} runs from ${start} to ${end}, outside the text's ${length} code points`);
        for (const coding of selection.codings) {
          guid(coding.guid, `a coding of ${inside}`);
          user(coding.creatingUser, `a coding of ${inside}`);
          if (!codable.has(coding.code)) problems.push(`${inside} is coded with ${coding.code}, not a codable code`);
        }
      }
    }
  }
  return problems;
}

/** The project, unchanged, or a `QdpxProjectError` listing everything wrong with it. */
export function checkProject(project: QdpxProject): QdpxProject {
  const problems = projectProblems(project);
  if (problems.length > 0) throw new QdpxProjectError(problems);
  return project;
}
