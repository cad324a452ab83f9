// Offline check of catalogue and dataset records against the official DCAT-AP-CZ 2024-05-28 JSON Schemas (bundled in
// dcat-ap-cz/, origin in test/fixtures/dcat-ap-cz/README.md). Ajv needs unicodeRegExp:false (OFN patterns such as
// `^mailto\:` are invalid under the u flag) and encodeURI on the Czech $id/$ref values.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

export const DCAT_CONTEXT = 'https://ofn.gov.cz/dcat-ap-cz-rozhraní-katalogů-otevřených-dat/2024-05-28/kontexty/rozhraní-katalogů-otevřených-dat.jsonld';
const SCHEMA_BASE = 'https://ofn.gov.cz/dcat-ap-cz-rozhraní-katalogů-otevřených-dat/2024-05-28/schémata/';

export interface RecordProblem {
  /** JSON pointer of the offending field, e.g. /distribuce/0/podmínky_užití */
  field: string;
  message: string;
}

function encodeIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(encodeIds);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = (k === '$id' || k === '$ref') && typeof v === 'string' ? encodeURI(decodeURI(v)) : encodeIds(v);
    return out;
  }
  return node;
}

export function createRecordValidator(dir = join(dirname(fileURLToPath(import.meta.url)), 'dcat-ap-cz')) {
  // validateSchema off: the basic-type schemas declare draft 2019-09, whose keywords here 2020-12 reads alike
  const ajv = new Ajv2020({ allErrors: true, strict: false, unicodeRegExp: false, validateSchema: false });
  const addFormats = (addFormatsModule as unknown as { default?: (a: Ajv2020) => void }).default ?? (addFormatsModule as unknown as (a: Ajv2020) => void);
  addFormats(ajv);
  // RFC 3987 IRIs: absolute, no whitespace (ajv-formats has no "iri")
  ajv.addFormat('iri', /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i);
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) ajv.addSchema(encodeIds(JSON.parse(readFileSync(join(dir, f), 'utf8'))) as object);
  const get = (name: string): ValidateFunction => {
    const v = ajv.getSchema(encodeURI(SCHEMA_BASE + name));
    if (!v) throw new Error(`DCAT-AP-CZ schema ${name} is not bundled in ${dir}`);
    return v;
  };
  const catalog = get('katalog.json');
  const dataset = get('datová-sada.json');
  const problems = (v: ValidateFunction): RecordProblem[] =>
    (v.errors ?? []).map((e) => ({ field: e.instancePath || '/', message: `${e.message ?? 'invalid'}${e.params && 'missingProperty' in e.params ? ` (${String(e.params.missingProperty)})` : ''}` }));
  /** Extra rules the schemas leave to the harvester: https only (NKOD), no file and service in one distribution. */
  const httpsRules = (rec: Record<string, unknown>): RecordProblem[] => {
    const out: RecordProblem[] = [];
    const dists = Array.isArray(rec['distribuce']) ? (rec['distribuce'] as Record<string, unknown>[]) : [];
    dists.forEach((d, i) => {
      for (const k of ['přístupové_url', 'soubor_ke_stažení'])
        if (typeof d[k] === 'string' && !(d[k] as string).startsWith('https://')) out.push({ field: `/distribuce/${i}/${k}`, message: 'must be an https: URL' });
      if (d['přístupová_služba'] && d['soubor_ke_stažení']) out.push({ field: `/distribuce/${i}`, message: 'a distribution is either a file or a service, never both' });
    });
    return out;
  };
  return {
    catalog(rec: unknown): RecordProblem[] {
      return catalog(rec) ? [] : problems(catalog);
    },
    dataset(rec: unknown): RecordProblem[] {
      const base = dataset(rec) ? [] : problems(dataset);
      return [...base, ...(rec && typeof rec === 'object' ? httpsRules(rec as Record<string, unknown>) : [])];
    },
  };
}
export type RecordValidator = ReturnType<typeof createRecordValidator>;
