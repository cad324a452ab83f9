// RDF of the catalogue records: a small JSON-LD → triples expansion driven by the bundled DCAT-AP-CZ 2024-05-28 context,
// and an N-Triples and a Turtle writer (the LKOD's "Turtle variant"). It covers exactly the context's features (terms,
// prefixes, @id/@type coercion, typed literals, @language containers, the default @language) — no jsonld package is
// installed, and this is checked against jsonld.js's own N-Triples of the official example (rdf.test.ts).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Term = { t: 'iri'; v: string } | { t: 'bnode'; v: string } | { t: 'lit'; v: string; lang?: string; dt?: string };
export interface Triple { s: Term; p: string; o: Term }

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

interface TermDef { id: string; type?: string; container?: string }

const CONTEXT_FILE = join(dirname(fileURLToPath(import.meta.url)), 'dcat-ap-cz', 'rozhraní-katalogů-otevřených-dat-2024-05-28.jsonld');

/** Reads a JSON-LD context (one object, no scoped contexts) into prefixes and term definitions. */
export function createJsonLdToRdf(contextFile = CONTEXT_FILE) {
  const ctx = (JSON.parse(readFileSync(contextFile, 'utf8')) as { '@context': Record<string, unknown> })['@context'];
  const prefixes: Record<string, string> = {};
  const terms = new Map<string, TermDef>();
  const defaultLang = typeof ctx['@language'] === 'string' ? ctx['@language'] : undefined;
  for (const [k, v] of Object.entries(ctx)) if (typeof v === 'string' && /[/#]$/.test(v) && !k.startsWith('@')) prefixes[k] = v;
  const expand = (x: string): string => {
    if (x.startsWith('@')) return x;
    const i = x.indexOf(':');
    if (i > 0 && prefixes[x.slice(0, i)] && !x.slice(i + 1).startsWith('//')) return prefixes[x.slice(0, i)] + x.slice(i + 1);
    return x;
  };
  for (const [k, v] of Object.entries(ctx)) {
    if (k.startsWith('@') || k in prefixes) continue;
    if (typeof v === 'string') terms.set(k, { id: expand(v) });
    else if (v && typeof v === 'object') {
      const d = v as Record<string, string>;
      terms.set(k, { id: expand(d['@id']), type: d['@type'] ? expand(d['@type']) : undefined, container: d['@container'] });
    }
  }
  const typeIri = (x: string) => (terms.get(x)?.id ?? expand(x));

  function triples(doc: Record<string, unknown>): Triple[] {
    const out: Triple[] = [];
    let blank = 0;
    const literal = (value: unknown, def: TermDef | undefined, lang?: string): Term => {
      if (typeof value === 'number') return { t: 'lit', v: String(value), dt: XSD + (Number.isInteger(value) ? 'integer' : 'double') };
      if (typeof value === 'boolean') return { t: 'lit', v: String(value), dt: XSD + 'boolean' };
      const v = String(value);
      if (def?.type === '@id') return { t: 'iri', v };
      if (def?.type) return { t: 'lit', v, dt: def.type };
      return lang ?? defaultLang ? { t: 'lit', v, lang: lang ?? defaultLang } : { t: 'lit', v, dt: XSD + 'string' };
    };
    const node = (n: Record<string, unknown>): Term => {
      const subject: Term = typeof n['iri'] === 'string' ? { t: 'iri', v: n['iri'] } : { t: 'bnode', v: `b${blank++}` };
      for (const [k, raw] of Object.entries(n)) {
        if (k === '@context' || k === 'iri') continue;
        const values = Array.isArray(raw) ? raw : [raw];
        if (k === 'typ') {
          for (const t of values) out.push({ s: subject, p: RDF_TYPE, o: { t: 'iri', v: typeIri(String(t)) } });
          continue;
        }
        const def = terms.get(k);
        if (!def) continue; // not in the context: JSON-LD drops it too
        for (const v of values) {
          if (v === null || v === undefined) continue;
          if (def.container === '@language' && typeof v === 'object' && !Array.isArray(v)) {
            for (const [lang, s] of Object.entries(v as Record<string, unknown>)) for (const x of Array.isArray(s) ? s : [s]) out.push({ s: subject, p: def.id, o: { t: 'lit', v: String(x), lang: lang.toLowerCase() } });
          } else if (typeof v === 'object') out.push({ s: subject, p: def.id, o: node(v as Record<string, unknown>) });
          else out.push({ s: subject, p: def.id, o: literal(v, def) });
        }
      }
      return subject;
    };
    node(doc);
    return out;
  }
  return { triples, prefixes };
}
export type JsonLdToRdf = ReturnType<typeof createJsonLdToRdf>;

const escLiteral = (s: string) => s.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!);
const escIri = (s: string) => s.replace(/[\x00-\x20<>"{}|^`\\]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function lit(o: Extract<Term, { t: 'lit' }>, iri: (x: string) => string): string {
  const base = `"${escLiteral(o.v)}"`;
  if (o.lang) return `${base}@${o.lang}`;
  if (o.dt && o.dt !== XSD + 'string') return `${base}^^${iri(o.dt)}`;
  return base;
}

export function toNTriples(ts: Triple[]): string {
  const term = (x: Term) => (x.t === 'iri' ? `<${escIri(x.v)}>` : x.t === 'bnode' ? `_:${x.v}` : lit(x, (i) => `<${escIri(i)}>`));
  return ts.map((t) => `${term(t.s)} <${escIri(t.p)}> ${term(t.o)} .\n`).join('');
}

/** Turtle: prefixed names where the local part is plain ASCII, one block per subject, single-use blank nodes inline. */
export function toTurtle(ts: Triple[], prefixes: Record<string, string>): string {
  const used = new Set<string>();
  const pre = Object.entries(prefixes).sort((a, b) => b[1].length - a[1].length);
  const iri = (x: string) => {
    for (const [p, ns] of pre) {
      if (x.startsWith(ns) && /^[A-Za-z][A-Za-z0-9_-]*$/.test(x.slice(ns.length))) {
        used.add(p);
        return `${p}:${x.slice(ns.length)}`;
      }
    }
    return `<${escIri(x)}>`;
  };
  const bySubject = new Map<string, Triple[]>();
  const key = (x: Term) => `${x.t}:${x.v}`;
  const refs = new Map<string, number>();
  for (const t of ts) {
    const k = key(t.s);
    if (!bySubject.has(k)) bySubject.set(k, []);
    bySubject.get(k)!.push(t);
    if (t.o.t === 'bnode') refs.set(key(t.o), (refs.get(key(t.o)) ?? 0) + 1);
  }
  const inline = (k: string) => k.startsWith('bnode:') && refs.get(k) === 1;
  const obj = (o: Term, depth: number): string => {
    if (o.t === 'iri') return iri(o.v);
    if (o.t === 'lit') return lit(o, iri);
    return inline(key(o)) ? `[\n${body(key(o), depth + 1)}\n${'  '.repeat(depth)}]` : `_:${o.v}`;
  };
  const body = (k: string, depth: number): string => {
    const groups = new Map<string, Term[]>();
    for (const t of bySubject.get(k) ?? []) {
      if (!groups.has(t.p)) groups.set(t.p, []);
      groups.get(t.p)!.push(t.o);
    }
    const ind = '  '.repeat(depth);
    return [...groups].map(([p, os]) => `${ind}${p === RDF_TYPE ? 'a' : iri(p)} ${os.map((o) => obj(o, depth)).join(', ')}`).join(' ;\n');
  };
  const blocks: string[] = [];
  for (const [k, list] of bySubject) {
    if (inline(k)) continue;
    const s = list[0].s;
    blocks.push(`${s.t === 'iri' ? iri(s.v) : `_:${s.v}`}\n${body(k, 1)} .`);
  }
  const head = [...used].sort().map((p) => `@prefix ${p}: <${prefixes[p]}> .`).join('\n');
  return `${head}${head ? '\n\n' : ''}${blocks.join('\n\n')}\n`;
}
