/**
 * `project.qde`: a REFI-QDA project (QDA-XML Project schema 1.0, `schema/Project-mrt2019.xsd`)
 * written from plain data. Elements come in the order the schema's sequences require; each
 * source's text is a file of the package, named by `plainTextPath="internal://…"`.
 */
import { checkProject } from './check.ts';
import type {
  QdpxCase,
  QdpxCode,
  QdpxCoding,
  QdpxProject,
  QdpxSelection,
  QdpxTextSource,
  QdpxVariable,
  QdpxVariableValue,
} from './types.ts';
import { element, textElement, type Lines } from './xml.ts';

export const QDA_XML_NAMESPACE = 'urn:QDA-XML:project:1.0';

/** The folder of the package that `internal://` paths point into. */
export const SOURCES_FOLDER = 'Sources';

/** A source's file inside `Sources/`: named by its guid, so the name says nothing about the family. */
export function sourceFileName(source: Pick<QdpxTextSource, 'guid'>): string {
  return `${source.guid}.txt`;
}

/** xsd:dateTime in UTC, to the second. */
function dateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const description = (text: string | undefined): Lines[] =>
  text === undefined || text === '' ? [] : [textElement('Description', text)];

function code(entry: QdpxCode): Lines {
  return element(
    'Code',
    [
      ['guid', entry.guid],
      ['name', entry.name],
      ['isCodable', entry.isCodable],
      ['color', entry.color],
    ],
    [...description(entry.description), ...(entry.children ?? []).map(code)],
  );
}

function variable(entry: QdpxVariable): Lines {
  return element(
    'Variable',
    [
      ['guid', entry.guid],
      ['name', entry.name],
      ['typeOfVariable', entry.type],
    ],
    description(entry.description),
  );
}

function variableValue(value: QdpxVariableValue): Lines {
  const ref = element('VariableRef', [['targetGUID', value.variable]]);
  switch (value.type) {
    case 'Text':
      return element('VariableValue', [], [ref, textElement('TextValue', value.value)]);
    case 'Boolean':
      return element('VariableValue', [], [ref, textElement('BooleanValue', String(value.value))]);
    case 'Integer':
      return element('VariableValue', [], [ref, textElement('IntegerValue', String(value.value))]);
  }
}

function caseElement(entry: QdpxCase): Lines {
  return element(
    'Case',
    [
      ['guid', entry.guid],
      ['name', entry.name],
    ],
    [
      ...description(entry.description),
      ...entry.values.map(variableValue),
      ...entry.sources.map((source) => element('SourceRef', [['targetGUID', source.guid]])),
    ],
  );
}

function coding(entry: QdpxCoding, createdAt: string): Lines {
  return element(
    'Coding',
    [
      ['guid', entry.guid],
      ['creatingUser', entry.creatingUser],
      ['creationDateTime', createdAt],
    ],
    [element('CodeRef', [['targetGUID', entry.code]])],
  );
}

function selection(entry: QdpxSelection, createdAt: string): Lines {
  return element(
    'PlainTextSelection',
    [
      ['guid', entry.guid],
      ['name', entry.name],
      ['startPosition', entry.start],
      ['endPosition', entry.end],
      ['creatingUser', entry.creatingUser],
      ['creationDateTime', createdAt],
    ],
    [...description(entry.description), ...entry.codings.map((each) => coding(each, createdAt))],
  );
}

function textSource(entry: QdpxTextSource, createdAt: string): Lines {
  return element(
    'TextSource',
    [
      ['guid', entry.guid],
      ['name', entry.name],
      ['plainTextPath', `internal://${sourceFileName(entry)}`],
      ['creatingUser', entry.creatingUser],
      ['creationDateTime', createdAt],
    ],
    [...description(entry.description), ...entry.selections.map((each) => selection(each, createdAt))],
  );
}

/** A wrapper element, left out when it would be empty (the schema wants at least one child). */
const optional = (name: string, children: readonly Lines[]): Lines[] =>
  children.length > 0 ? [element(name, [], children)] : [];

/**
 * The project as `project.qde` text (UTF-8 once encoded). Throws `QdpxProjectError` when a
 * reference dangles, a guid repeats or a selection falls outside its text (check.ts).
 */
export function projectXml(project: QdpxProject): string {
  checkProject(project);
  const createdAt = dateTime(project.createdAt);
  const sources = project.cases.flatMap((entry) => entry.sources);
  const root = element(
    'Project',
    [
      ['xmlns', QDA_XML_NAMESPACE],
      ['name', project.name],
      ['origin', project.origin],
      ['creatingUserGUID', project.creatingUser],
      ['creationDateTime', createdAt],
    ],
    [
      ...optional(
        'Users',
        project.users.map((user) =>
          element('User', [
            ['guid', user.guid],
            ['name', user.name],
          ]),
        ),
      ),
      element('CodeBook', [], [element('Codes', [], project.codes.map(code))]),
      ...optional('Variables', project.variables.map(variable)),
      ...optional('Cases', project.cases.map(caseElement)),
      ...optional(
        'Sources',
        sources.map((source) => textSource(source, createdAt)),
      ),
      ...description(project.description),
    ],
  );
  return ['<?xml version="1.0" encoding="UTF-8"?>', ...root, ''].join('\n');
}
