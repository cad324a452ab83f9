// Loads and validates locations/*.yaml; a broken file names the file, the line and the field.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readYamlFile, zodToConfigError } from '../platform/config.ts';
import { ConfigError } from '../platform/errors.ts';
import { locationSchema, type Location } from '../location-schema.ts';

export function loadLocationFile(file: string): Location {
  const { data, lineOf } = readYamlFile(file);
  const parsed = locationSchema.safeParse(data);
  if (!parsed.success) throw zodToConfigError(parsed.error, file, lineOf);
  const expectedId = file.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
  if (parsed.data.id !== expectedId) throw new ConfigError(`id "${parsed.data.id}" does not match the file name "${expectedId}"`, { file, line: lineOf(['id']), field: 'id' });
  return parsed.data;
}

export function listLocationIds(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => f.replace(/\.ya?ml$/, ''))
    .sort();
}

export function loadLocation(dir: string, id: string): Location {
  const ids = listLocationIds(dir);
  if (!ids.includes(id)) throw new ConfigError(`unknown location "${id}" (known: ${ids.join(', ')})`, { file: dir, field: 'location' });
  return loadLocationFile(join(dir, `${id}.yaml`));
}

export function loadAllLocations(dir: string): Location[] {
  return listLocationIds(dir).map((id) => loadLocationFile(join(dir, `${id}.yaml`)));
}
