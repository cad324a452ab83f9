// Test-only stand-ins until a real RDF stack is installed (NEEDS.md: n3, rdf-validate-shacl): a Turtle reader for the
// subset the official catalogue shape and Peron's own Turtle use (@prefix, IRIs, prefixed names, `a`, `;` `,`, nested
// `[ ]`, literals with escapes, @lang and ^^datatype), and a SHACL Core check of the constraints that shape uses
// (sh:targetNode, sh:targetClass, sh:property with an IRI or sh:inversePath path, sh:minCount, sh:maxCount, sh:kind,
// sh:datatype, sh:uniqueLang). Anything else in a shape is refused loudly, so the check never passes by ignoring it.
import type { Term, Triple } from '../../server/opendata/rdf.ts';

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const SH = 'http://www.w3.org/ns/shacl#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

export function parseTurtle(text: string): Triple[] {
  const prefixes: Record<string, string> = {};
  const out: Triple[] = [];
  let i = 0, blank = 0;
  const ws = () => {
    for (;;) {
      while (i < text.length && /\s/.test(text[i])) i++;
      if (text[i] === '#') while (i < text.length && text[i] !== '\n') i++;
      else return;
    }
  };
  const fail = (what: string): never => {
    throw new Error(`Turtle: ${what} at line ${text.slice(0, i).split('\n').length}: ${JSON.stringify(text.slice(i, i + 30))}`);
  };
  const unescape = (s: string) => s.replace(/\\u([0-9a-fA-F]{4})|\\(.)/g, (_, u: string | undefined, c: string) => (u ? String.fromCharCode(parseInt(u, 16)) : ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[c] ?? c));
  const iriRef = (): string => {
    const end = text.indexOf('>', i);
    const v = unescape(text.slice(i + 1, end));
    i = end + 1;
    return v;
  };
  const name = (): string => {
    const m = /^([A-Za-z][\w-]*)?:([\w\u00C0-\uFFFF-]*(?:\.[\w\u00C0-\uFFFF-]+)*)/u.exec(text.slice(i)) ?? fail('expected a name');
    i += m[0].length;
    const ns = prefixes[m[1] ?? ''] ?? fail(`unknown prefix ${m[1] ?? ''}`);
    return ns + m[2];
  };
  const iri = (): string => (text[i] === '<' ? iriRef() : name());
  const term = (): Term => {
    ws();
    if (text[i] === '<') return { t: 'iri', v: iriRef() };
    if (text[i] === '[') {
      i++;
      const b: Term = { t: 'bnode', v: `t${blank++}` };
      ws();
      if (text[i] !== ']') predicateObjects(b);
      ws();
      if (text[i++] !== ']') fail('expected ]');
      return b;
    }
    if (text[i] === '"') {
      const long = text.startsWith('"""', i);
      const q = long ? '"""' : '"';
      let j = i + q.length;
      while (!(text.startsWith(q, j) && text[j - 1] !== '\\')) j++;
      const v = unescape(text.slice(i + q.length, j));
      i = j + q.length;
      if (text[i] === '@') {
        const m = /^@([a-zA-Z-]+)/.exec(text.slice(i))!;
        i += m[0].length;
        return { t: 'lit', v, lang: m[1].toLowerCase() };
      }
      if (text.startsWith('^^', i)) {
        i += 2;
        return { t: 'lit', v, dt: iri() };
      }
      return { t: 'lit', v };
    }
    const num = /^[+-]?\d+(\.\d+)?/.exec(text.slice(i));
    if (num) {
      i += num[0].length;
      return { t: 'lit', v: num[0], dt: XSD + (num[1] ? 'decimal' : 'integer') };
    }
    if (/^true\b|^false\b/.test(text.slice(i))) {
      const v = text.startsWith('true', i) ? 'true' : 'false';
      i += v.length;
      return { t: 'lit', v, dt: XSD + 'boolean' };
    }
    return { t: 'iri', v: name() };
  };
  function predicateObjects(s: Term) {
    for (;;) {
      ws();
      const p = text[i] === 'a' && /\s/.test(text[i + 1]) ? (i++, RDF + 'type') : iri();
      for (;;) {
        out.push({ s, p, o: term() });
        ws();
        if (text[i] !== ',') break;
        i++;
      }
      if (text[i] !== ';') return;
      while (text[i] === ';') {
        i++;
        ws();
      }
      if (text[i] === '.' || text[i] === ']') return;
    }
  }
  for (;;) {
    ws();
    if (i >= text.length) return out;
    if (text.startsWith('@prefix', i)) {
      i += 7;
      ws();
      const m = /^([A-Za-z][\w-]*)?:/.exec(text.slice(i)) ?? fail('expected a prefix');
      i += m[0].length;
      ws();
      prefixes[m[1] ?? ''] = iriRef();
      ws();
      if (text[i++] !== '.') fail('expected . after @prefix');
      continue;
    }
    const s = term();
    predicateObjects(s);
    ws();
    if (text[i++] !== '.') fail('expected .');
  }
}

export interface ShaclResult { focus: string; path: string; message: string }

const SUPPORTED = new Set(['targetNode', 'targetClass', 'property', 'path', 'inversePath', 'minCount', 'maxCount', 'kind', 'datatype', 'uniqueLang', 'message', 'description']);

/** Validates data triples against shapes (the constraints listed above); returns the violations. */
export function shaclValidate(shapes: Triple[], data: Triple[]): ShaclResult[] {
  const key = (t: Term) => `${t.t}:${t.v}`;
  const of = (g: Triple[], s: Term, p: string) => g.filter((t) => key(t.s) === key(s) && t.p === p).map((t) => t.o);
  for (const t of shapes) if (t.p.startsWith(SH) && !SUPPORTED.has(t.p.slice(SH.length))) throw new Error(`shape uses ${t.p}, which this check does not implement`);
  const out: ShaclResult[] = [];
  const nodeShapes = shapes.filter((t) => t.p === RDF + 'type' && t.o.v === SH + 'NodeShape').map((t) => t.s);
  for (const shape of nodeShapes) {
    const focus: Term[] = [...of(shapes, shape, SH + 'targetNode')];
    for (const c of of(shapes, shape, SH + 'targetClass')) focus.push(...data.filter((t) => t.p === RDF + 'type' && t.o.v === c.v).map((t) => t.s));
    for (const prop of of(shapes, shape, SH + 'property')) {
      const [path] = of(shapes, prop, SH + 'path');
      const inverse = path.t === 'bnode' ? of(shapes, path, SH + 'inversePath')[0] : undefined;
      const msg = of(shapes, prop, SH + 'message')[0]?.v ?? '';
      const label = inverse ? `^${inverse.v}` : path.v;
      for (const f of focus) {
        const values = inverse ? data.filter((t) => t.p === inverse.v && key(t.o) === key(f)).map((t) => t.s) : of(data, f, path.v);
        const fail = (why: string) => out.push({ focus: f.v, path: label, message: `${why}${msg ? ` (${msg})` : ''}` });
        const min = of(shapes, prop, SH + 'minCount')[0], max = of(shapes, prop, SH + 'maxCount')[0];
        if (min && values.length < Number(min.v)) fail(`fewer than ${min.v} values`);
        if (max && values.length > Number(max.v)) fail(`more than ${max.v} values`);
        const kind = of(shapes, prop, SH + 'kind')[0]?.v;
        if (kind === SH + 'IRI' && values.some((v) => v.t !== 'iri')) fail('a value is not an IRI');
        if (kind === SH + 'Literal' && values.some((v) => v.t !== 'lit')) fail('a value is not a literal');
        const dt = of(shapes, prop, SH + 'datatype')[0]?.v;
        const dtOf = (v: Term) => (v.t !== 'lit' ? undefined : v.lang ? RDF + 'langString' : (v.dt ?? XSD + 'string'));
        if (dt && values.some((v) => dtOf(v) !== dt)) fail(`a value is not ${dt}`);
        if (of(shapes, prop, SH + 'uniqueLang')[0]?.v === 'true') {
          const langs = values.map((v) => (v.t === 'lit' ? v.lang : undefined)).filter(Boolean);
          if (new Set(langs).size !== langs.length) fail('two values share a language');
        }
      }
    }
  }
  return out;
}
