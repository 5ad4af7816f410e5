/**
 * The `.qdpx` file: a zip of `project.qde` and each source's text in `Sources/`, all UTF-8
 * (without a byte-order mark, which some readers would count as a character and so shift every
 * selection by one). Entries come in a fixed order, project first, then sources as the cases list
 * them, each dated with the export time: the same project always zips to the same bytes on the
 * same machine (zip times are local).
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { projectXml, SOURCES_FOLDER, sourceFileName } from './project.ts';
import type { QdpxProject } from './types.ts';

/** The project document's name inside the package. */
const PROJECT_FILE = 'project.qde';

/** The project as a `.qdpx` file. Throws `QdpxProjectError` as `projectXml` does. */
export function qdpxPackage(project: QdpxProject): Uint8Array {
  const files: Zippable = {
    [PROJECT_FILE]: strToU8(projectXml(project)),
    // The folder even when empty: importers list it before reading sources.
    [`${SOURCES_FOLDER}/`]: new Uint8Array(0),
  };
  for (const entry of project.cases)
    for (const source of entry.sources) files[`${SOURCES_FOLDER}/${sourceFileName(source)}`] = strToU8(source.text);
  return zipSync(files, { level: 6, mtime: project.createdAt });
}
