import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The document of an example stack file in resources/examples (without its kind, version and name). */
export function exampleStackDocument(file: string): Record<string, unknown> {
  const {
    kind: _kind,
    version: _version,
    name: _name,
    shared: _shared,
    ...document
  } = parse(readFileSync(path.resolve('resources/examples', file), 'utf8')) as Record<string, unknown>;
  return document;
}
