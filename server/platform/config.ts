// Configuration: defaults < YAML file < env PERON_* < command-line flags, validated once by a zod schema and frozen.
import { readFileSync } from 'node:fs';
import { parseDocument, LineCounter, visit } from 'yaml';
import { z } from 'zod';
import { ConfigError } from './errors.ts';

/** PERON_ env name of a config path: captive.uamSecret → PERON_CAPTIVE_UAM_SECRET. */
export function envName(path: string[]): string {
  return 'PERON_' + path.map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('_');
}

function unwrap(s: z.ZodType): z.ZodType {
  let cur: z.ZodType = s;
  for (let i = 0; i < 10; i++) {
    const def = (cur as unknown as { _zod: { def: { type: string; innerType?: z.ZodType } } })._zod.def;
    if ((def.type === 'default' || def.type === 'optional' || def.type === 'nullable' || def.type === 'prefault') && def.innerType) cur = def.innerType;
    else break;
  }
  return cur;
}

export interface ConfigLeaf { path: string[]; env: string; description: string; schema: z.ZodType }

/** Every leaf key of the schema with its env name and doc, for env mapping and the README configuration table. */
export function configLeaves(schema: z.ZodType, prefix: string[] = []): ConfigLeaf[] {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) {
    return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([k, v]) => configLeaves(v, [...prefix, k]));
  }
  return [{ path: prefix, env: envName(prefix), description: schema.description ?? inner.description ?? '', schema }];
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown) {
  let cur = obj;
  for (const p of path.slice(0, -1)) {
    if (typeof cur[p] !== 'object' || cur[p] === null) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[path[path.length - 1]] = value;
}

function mergeDeep(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && out[k] && typeof out[k] === 'object' && !Array.isArray(out[k])) {
      out[k] = mergeDeep(out[k] as Record<string, unknown>, v as Record<string, unknown>);
    } else out[k] = v;
  }
  return out;
}

/** The zod type names a leaf accepts (through unions), to decode an env string by the schema, not by its look. */
function leafTypes(s: z.ZodType): Set<string> {
  const inner = unwrap(s);
  const def = (inner as unknown as { _zod: { def: { type: string; options?: z.ZodType[]; in?: z.ZodType } } })._zod.def;
  if (def.type === 'union' && def.options) return new Set(def.options.flatMap((o) => [...leafTypes(o)]));
  if (def.type === 'pipe' && def.in) return leafTypes(def.in);
  return new Set([def.type]);
}

/** Decodes an env value by the schema's type: a string key keeps "1234567890" a string (a numeric secret). */
function decodeByType(v: string, schema: z.ZodType): unknown {
  const types = leafTypes(schema);
  if (types.has('string') || types.has('enum') || types.has('literal')) {
    if (!types.has('number') && !types.has('boolean') && !types.has('array') && !types.has('object')) return v;
  }
  return decodeScalar(v);
}

/** Flag values are strings: numbers, booleans and JSON arrays/objects are decoded. */
function decodeScalar(v: string): unknown {
  const s = v.trim();
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  if (/^[[{]/.test(s)) {
    try { return JSON.parse(s); } catch { /* keep as string */ }
  }
  return v;
}

export interface LoadConfigOptions<S extends z.ZodType> {
  schema: S;
  file?: string;
  env?: Record<string, string | undefined>;
  /** dotted path → value, from flags such as --port or --set http.port=8080 */
  flags?: Record<string, unknown>;
}

const MAX_YAML_ALIASES = 100;

/** Reads a YAML file into a plain object; syntax errors name the file and line. */
export function readYamlFile(file: string): { data: unknown; lineOf: (path: (string | number)[]) => number | undefined } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read file (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { file, cause: err });
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    let line = e.pos ? lc.linePos(e.pos[0]).line : undefined;
    if (e.code === 'MISSING_CHAR' && e.pos) {
      // an unclosed quote is found at the end of the text: name the line where the quoted value opens
      visit(doc, { Scalar(_k, n) { if ((n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE') && n.range && n.range[0] <= e.pos[0] && n.range[1] >= e.pos[0]) line = lc.linePos(n.range[0]).line; } });
    }
    throw new ConfigError(`invalid YAML: ${e.message.split('\n')[0]}`, { file, line });
  }
  const lineOf = (path: (string | number)[]) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      const pair = n > 0 ? findKeyNode(doc, path.slice(0, n)) : undefined;
      const pos = pair ?? node?.range?.[0];
      if (pos !== undefined) return lc.linePos(pos).line;
    }
    return undefined;
  };
  let data: unknown;
  try {
    // a "billion laughs" of nested aliases is refused before it expands (config and location files need few)
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (err) {
    throw new ConfigError(`invalid YAML: ${(err as Error).message} (at most ${MAX_YAML_ALIASES} alias expansions)`, { file, cause: err });
  }
  return { data, lineOf };
}

function findKeyNode(doc: ReturnType<typeof parseDocument>, path: (string | number)[]): number | undefined {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
  const items = (parent as { items?: { key?: { value?: unknown; range?: number[] }; range?: number[] }[] } | null)?.items;
  if (!items) return undefined;
  const last = path[path.length - 1];
  if (typeof last === 'number') return (items[last] as { range?: number[] } | undefined)?.range?.[0];
  const pair = items.find((p) => p.key && (p.key as { value?: unknown }).value === last);
  return pair?.key?.range?.[0];
}

/** Turns the first zod issue into a ConfigError naming file, line and field. */
export function zodToConfigError(err: z.ZodError, file?: string, lineOf?: (p: (string | number)[]) => number | undefined): ConfigError {
  const issue = err.issues[0];
  let path = issue.path as (string | number)[];
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    path = [...path, issue.keys[0]];
    message = `unknown key "${issue.keys[0]}"`;
  }
  return new ConfigError(message, { file, line: lineOf?.(path), field: path.join('.') || undefined, cause: err });
}

export function loadConfig<S extends z.ZodType>(opts: LoadConfigOptions<S>): Readonly<z.infer<S>> {
  let raw: Record<string, unknown> = {};
  let lineOf: ((p: (string | number)[]) => number | undefined) | undefined;
  if (opts.file) {
    const y = readYamlFile(opts.file);
    lineOf = y.lineOf;
    if (y.data !== null && y.data !== undefined) {
      if (typeof y.data !== 'object' || Array.isArray(y.data)) throw new ConfigError('expected a mapping at the top level', { file: opts.file, line: 1 });
      raw = y.data as Record<string, unknown>;
    }
  }
  const env = opts.env ?? {};
  const fromEnv: Record<string, unknown> = {};
  for (const leaf of configLeaves(opts.schema)) {
    const v = env[leaf.env];
    const vf = env[leaf.env + '_FILE'];
    if (vf !== undefined) {
      try {
        setPath(fromEnv, leaf.path, readFileSync(vf, 'utf8').trim());
      } catch (err) {
        throw new ConfigError(`cannot read ${leaf.env}_FILE`, { file: vf, field: leaf.path.join('.'), cause: err });
      }
    } else if (v !== undefined) setPath(fromEnv, leaf.path, decodeByType(v, leaf.schema));
  }
  for (const k of Object.keys(env)) {
    if (k.startsWith('PERON_') && !['PERON_CONFIG'].includes(k) && !configLeaves(opts.schema).some((l) => l.env === k || l.env + '_FILE' === k)) {
      throw new ConfigError(`unknown environment variable ${k}`, { field: k });
    }
  }
  const fromFlags: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts.flags ?? {})) setPath(fromFlags, k.split('.'), typeof v === 'string' ? decodeScalar(v) : v);
  const merged = mergeDeep(mergeDeep(raw, fromEnv), fromFlags);
  const parsed = opts.schema.safeParse(merged);
  if (!parsed.success) {
    const issuePath = parsed.error.issues[0].path.map(String);
    const inFile = opts.file && getPath(raw, issuePath) !== undefined && getPath(fromEnv, issuePath) === undefined && getPath(fromFlags, issuePath) === undefined;
    throw zodToConfigError(parsed.error, inFile || parsed.error.issues[0].code === 'unrecognized_keys' ? opts.file : undefined, inFile ? lineOf : undefined);
  }
  return deepFreeze(parsed.data) as Readonly<z.infer<S>>;
}

function getPath(obj: unknown, path: string[]): unknown {
  let cur = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

export function deepFreeze<T>(o: T): T {
  // Buffers and other typed arrays cannot be frozen (TypeError); release files are Buffers.
  if (o && typeof o === 'object' && !Object.isFrozen(o) && !ArrayBuffer.isView(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

const SECRET_KEY = /(secret|password|token|keys?|hashKey)$/i;

/** A copy of the config fit for the log: every secret-looking value replaced by "***". */
export function maskSecrets(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => maskSecrets(x, key));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskSecrets(x, k)]));
  if (SECRET_KEY.test(key) && v !== undefined && v !== '') return '***';
  return v;
}
