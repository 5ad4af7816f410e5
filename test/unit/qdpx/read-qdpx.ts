/**
 * Reads a `.qdpx` back, as an analysis program would, for tests: unzips it (fflate), parses
 * `project.qde` (linkedom) and follows every reference, so a test can compare what came out with
 * what went in. Throws on anything a reader could not follow (a missing file, a dangling guid).
 */
import { strFromU8, unzipSync } from 'fflate';
import { DOMParser } from 'linkedom';

export interface ReadCode {
  guid: string;
  name: string;
  isCodable: boolean;
  color: string | undefined;
  description: string | undefined;
  /** Names of the folders above it, outermost first. */
  path: string[];
}

export interface ReadCoding {
  guid: string;
  code: ReadCode;
  creatingUser: string;
}

export interface ReadSelection {
  guid: string;
  name: string;
  start: number;
  end: number;
  /** The source's text from `start` to `end`, counted in code points. */
  text: string;
  description: string | undefined;
  creatingUser: string;
  codings: ReadCoding[];
}

export interface ReadSource {
  guid: string;
  name: string;
  description: string | undefined;
  plainTextPath: string;
  /** The zip entry the path points at. */
  file: string;
  text: string;
  creatingUser: string;
  selections: ReadSelection[];
}

export interface ReadCase {
  guid: string;
  name: string;
  /** Variable name to value, typed as its element says. */
  values: Record<string, string | boolean | number>;
  sources: ReadSource[];
}

export interface ReadQdpx {
  /** Zip entries, in the order they are stored. */
  entries: string[];
  xml: string;
  project: { name: string; origin: string; creatingUser: string; creationDateTime: string };
  users: { guid: string; name: string }[];
  codes: ReadCode[];
  variables: { guid: string; name: string; type: string }[];
  cases: ReadCase[];
  sources: ReadSource[];
  /** Every guid attribute in the document, in document order. */
  guids: string[];
}

type Node = Element;

const children = (parent: Node, name: string): Node[] =>
  [...parent.children].filter((child) => child.localName === name);
const child = (parent: Node, name: string): Node | undefined => children(parent, name)[0];
/** An attribute's value as written: in XML, linkedom's `getAttribute` escapes `&`, `<` and `>` again. */
const optionalAttribute = (element: Node, name: string): string | undefined =>
  element.getAttributeNode(name)?.value ?? undefined;
function attribute(element: Node, name: string): string {
  const value = optionalAttribute(element, name);
  if (value === undefined) throw new Error(`<${element.localName}> has no ${name}`);
  return value;
}
const textOf = (element: Node | undefined): string | undefined => (element ? (element.textContent ?? '') : undefined);

export function readQdpx(bytes: Uint8Array): ReadQdpx {
  const zip = unzipSync(bytes);
  const entries = Object.keys(zip);
  const file = (name: string): string => {
    const data = zip[name];
    if (!data) throw new Error(`the package has no ${name} (it has ${entries.join(', ')})`);
    return strFromU8(data);
  };
  const xml = file('project.qde');
  const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement as unknown as Node;
  if (root.localName !== 'Project' || optionalAttribute(root, 'xmlns') !== 'urn:QDA-XML:project:1.0')
    throw new Error('project.qde is not a QDA-XML project');

  const users = children(child(root, 'Users') ?? root, 'User').map((user) => ({
    guid: attribute(user, 'guid'),
    name: attribute(user, 'name'),
  }));
  const codes: ReadCode[] = [];
  const readCodes = (parent: Node, path: string[]) => {
    for (const code of children(parent, 'Code')) {
      const read: ReadCode = {
        guid: attribute(code, 'guid'),
        name: attribute(code, 'name'),
        isCodable: attribute(code, 'isCodable') === 'true',
        color: optionalAttribute(code, 'color'),
        description: textOf(child(code, 'Description')),
        path,
      };
      codes.push(read);
      readCodes(code, [...path, read.name]);
    }
  };
  const codebook = child(root, 'CodeBook');
  if (codebook) readCodes(child(codebook, 'Codes')!, []);
  const codeByGuid = new Map(codes.map((code) => [code.guid, code]));
  const variables = children(child(root, 'Variables') ?? root, 'Variable').map((variable) => ({
    guid: attribute(variable, 'guid'),
    name: attribute(variable, 'name'),
    type: attribute(variable, 'typeOfVariable'),
  }));
  const variableByGuid = new Map(variables.map((variable) => [variable.guid, variable]));

  const sources = children(child(root, 'Sources') ?? root, 'TextSource').map((source): ReadSource => {
    const plainTextPath = attribute(source, 'plainTextPath');
    if (!plainTextPath.startsWith('internal://')) throw new Error(`${plainTextPath} is not inside the package`);
    const name = `Sources/${plainTextPath.slice('internal://'.length)}`;
    const text = file(name);
    const codePoints = [...text];
    return {
      guid: attribute(source, 'guid'),
      name: attribute(source, 'name'),
      description: textOf(child(source, 'Description')),
      plainTextPath,
      file: name,
      text,
      creatingUser: attribute(source, 'creatingUser'),
      selections: children(source, 'PlainTextSelection').map((selection) => {
        const start = Number(attribute(selection, 'startPosition'));
        const end = Number(attribute(selection, 'endPosition'));
        return {
          guid: attribute(selection, 'guid'),
          name: attribute(selection, 'name'),
          start,
          end,
          text: codePoints.slice(start, end).join(''),
          description: textOf(child(selection, 'Description')),
          creatingUser: attribute(selection, 'creatingUser'),
          codings: children(selection, 'Coding').map((coding) => {
            const target = attribute(child(coding, 'CodeRef')!, 'targetGUID');
            const code = codeByGuid.get(target);
            if (!code) throw new Error(`a coding refers to code ${target}, which is not in the codebook`);
            return { guid: attribute(coding, 'guid'), code, creatingUser: attribute(coding, 'creatingUser') };
          }),
        };
      }),
    };
  });
  const sourceByGuid = new Map(sources.map((source) => [source.guid, source]));

  const cases = children(child(root, 'Cases') ?? root, 'Case').map((entry): ReadCase => {
    const values: ReadCase['values'] = {};
    for (const value of children(entry, 'VariableValue')) {
      const target = attribute(child(value, 'VariableRef')!, 'targetGUID');
      const variable = variableByGuid.get(target);
      if (!variable) throw new Error(`a case value refers to variable ${target}, which is not declared`);
      const [typed] = [...value.children].filter((each) => each.localName !== 'VariableRef');
      const raw = typed?.textContent ?? '';
      values[variable.name] =
        typed?.localName === 'BooleanValue' ? raw === 'true' : typed?.localName === 'IntegerValue' ? Number(raw) : raw;
    }
    return {
      guid: attribute(entry, 'guid'),
      name: attribute(entry, 'name'),
      values,
      sources: children(entry, 'SourceRef').map((ref) => {
        const source = sourceByGuid.get(attribute(ref, 'targetGUID'));
        if (!source) throw new Error(`case ${attribute(entry, 'name')} refers to a source that is not there`);
        return source;
      }),
    };
  });

  return {
    entries,
    xml,
    project: {
      name: attribute(root, 'name'),
      origin: attribute(root, 'origin'),
      creatingUser: attribute(root, 'creatingUserGUID'),
      creationDateTime: attribute(root, 'creationDateTime'),
    },
    users,
    codes,
    variables,
    cases,
    sources,
    guids: [...root.querySelectorAll('[guid]')].map((element) => attribute(element as Node, 'guid')),
  };
}
