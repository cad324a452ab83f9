// DCAT-AP-CZ 2024-05-28 records ("DCAT-AP Dokumenty", what NKOD harvests): the catalogue and one complete record per
// dataset with all its distributions and data services. IRIs are ASCII paths under the hub's public URL.
import { DATASETS, MEDIA_TYPES, type BuiltDataset, type DatasetDef } from './datasets.ts';
import { DCAT_CONTEXT } from './validate.ts';

/** Liberecký kraj, IČO 70891508 (RPP), written unencoded as the OVM check compares raw Unicode. */
export const LIBERECKY_KRAJ = 'https://rpp-opendata.egon.gov.cz/odrpp/zdroj/orgán-veřejné-moci/70891508';
/** RÚIAN VÚSC 78 = Liberecký kraj */
export const REGION_RUIAN = 'https://linked.cuzk.cz/resource/ruian/vusc/78';

export interface CatalogSettings {
  /** the hub's public base URL, https: (no trailing slash) */
  publicUrl: string;
  publisher: string;
  contactName: { cs: string; en?: string };
  contactEmail: string;
  title: { cs: string; en: string };
  description: { cs: string; en: string };
}

/** Terms of use (pu:specifikace), all four parts. Plain counts and timetables: no copyright work, no protected
 * database, no personal data (DIA: no CC BY "just in case" on unprotected data). */
export const TERMS = {
  typ: 'Specifikace podmínek užití',
  autorské_dílo: 'https://data.gov.cz/podmínky-užití/neobsahuje-autorská-díla/',
  databáze_jako_autorské_dílo: 'https://data.gov.cz/podmínky-užití/není-autorskoprávně-chráněnou-databází/',
  databáze_chráněná_zvláštními_právy: 'https://data.gov.cz/podmínky-užití/není-chráněna-zvláštním-právem-pořizovatele-databáze/',
  osobní_údaje: 'https://data.gov.cz/podmínky-užití/neobsahuje-osobní-údaje/',
} as const;

/** Terms for an original database (DIA: CC BY only where the selection or arrangement is the author's own creation
 * and it is not an official work): the database under CC BY 4.0 with its author, the rest as TERMS. */
export function termsFor(terms: 'none' | 'cc-by' = 'none', author = ''): Record<string, unknown> {
  return terms === 'cc-by' ? { ...TERMS, databáze_jako_autorské_dílo: 'https://creativecommons.org/licenses/by/4.0/', autor_databáze: { cs: author } } : TERMS;
}

/** What the county admin set on a dataset beyond its definition (catalogue-edits.ts). */
export interface RecordOverrides {
  contact?: { name: string; email: string };
  terms?: 'none' | 'cc-by';
  author?: string;
}

export class CatalogUrlError extends Error {}

/** Refuses a catalogue whose IRIs would not be https: (the schemas and NKOD require it) unless in development mode. */
export function checkPublicUrl(publicUrl: string, development: boolean): string {
  const base = publicUrl.replace(/\/+$/, '');
  let u: URL;
  try {
    u = new URL(base);
  } catch {
    throw new CatalogUrlError(`hub.publicUrl "${publicUrl}" is not a URL`);
  }
  if (u.protocol !== 'https:' && !development)
    throw new CatalogUrlError(`hub.publicUrl "${publicUrl}" is not https:, so the catalogue's IRIs would not be either (NKOD and the DCAT-AP-CZ schemas require https:); set hub.publicUrl to the hub's https address, or opendata.development: true for a local test`);
  return base;
}

export const catalogIri = (base: string) => `${base}/lkod/katalog.jsonld`;
export const datasetIri = (base: string, slug: string) => `${base}/lkod/datove-sady/${slug}`;
export const downloadUrl = (base: string, slug: string, file: string) => `${base}/data/${slug}/${file}`;

function contact(s: CatalogSettings) {
  return { typ: 'Organizace', jméno: s.contactName, 'e-mail': `mailto:${s.contactEmail}` };
}

export function catalogRecord(s: CatalogSettings, slugs: string[]): Record<string, unknown> {
  return {
    '@context': DCAT_CONTEXT,
    iri: catalogIri(s.publicUrl),
    typ: 'Katalog',
    název: s.title,
    popis: s.description,
    poskytovatel: s.publisher,
    kontaktní_bod: contact(s),
    domovská_stránka: `${s.publicUrl}/data`,
    datová_sada: slugs.map((slug) => datasetIri(s.publicUrl, slug)),
  };
}

export function datasetRecord(s: CatalogSettings, built: BuiltDataset, def: DatasetDef = DATASETS[built.slug], over: RecordOverrides = {}): Record<string, unknown> {
  if (!def) throw new Error(`no dataset definition for ${built.slug}`);
  const terms = termsFor(over.terms, over.author);
  const contactPoint = over.contact ? { typ: 'Organizace', jméno: { cs: over.contact.name }, 'e-mail': `mailto:${over.contact.email}` } : contact(s);
  const iri = datasetIri(s.publicUrl, def.slug);
  const distribuce: Record<string, unknown>[] = built.files.map((f) => ({
    iri: `${iri}/distribuce/${f.name.replace(/[^a-z0-9-]/gi, '-')}`,
    typ: 'Distribuce',
    název: { cs: f.title.cs, en: f.title.en },
    podmínky_užití: terms,
    přístupové_url: downloadUrl(s.publicUrl, def.slug, f.name),
    soubor_ke_stažení: downloadUrl(s.publicUrl, def.slug, f.name),
    formát: `http://publications.europa.eu/resource/authority/file-type/${f.format}`,
    typ_média: `http://www.iana.org/assignments/media-types/${MEDIA_TYPES[f.format]}`,
  }));
  if (def.service) {
    const endpoint = `${s.publicUrl}${def.service.path}`;
    distribuce.push({
      iri: `${iri}/distribuce/api`,
      typ: 'Distribuce',
      název: { cs: def.service.title.cs, en: def.service.title.en },
      podmínky_užití: terms,
      přístupové_url: endpoint,
      přístupová_služba: {
        iri: `${iri}/sluzba/api`,
        typ: 'Datová služba',
        název: { cs: def.service.title.cs, en: def.service.title.en },
        přístupový_bod: endpoint,
        popis_přístupového_bodu: `${s.publicUrl}${def.service.openapi}`,
        specifikace: ['https://spec.openapis.org/oas/v3.1.0'],
      },
    });
  }
  const rec: Record<string, unknown> = {
    '@context': DCAT_CONTEXT,
    iri,
    typ: 'Datová sada',
    název: { cs: def.title.cs, en: def.title.en },
    popis: { cs: def.description.cs, en: def.description.en },
    poskytovatel: s.publisher,
    téma: def.themes.map((t) => `http://publications.europa.eu/resource/authority/data-theme/${t}`),
    periodicita_aktualizace: `http://publications.europa.eu/resource/authority/frequency/${def.frequency}`,
    klíčové_slovo: def.keywords,
    prvek_rúian: [built.spatial ?? REGION_RUIAN],
    geografické_území: ['http://publications.europa.eu/resource/authority/country/CZE'],
    kontaktní_bod: contactPoint,
    dokumentace: `${s.publicUrl}/data/${def.slug}`,
    právní_předpis: ['http://data.europa.eu/eli/dir/2019/1024/oj'],
    distribuce,
  };
  if (def.eurovoc.length) rec['koncept_euroVoc'] = def.eurovoc.map((e) => `http://eurovoc.europa.eu/${e}`);
  if (built.temporalStart) rec['časové_pokrytí'] = { typ: 'Časový interval', začátek: built.temporalStart };
  if (def.temporalResolution) rec['časové_rozlišení'] = def.temporalResolution;
  if (def.conformsTo) rec['specifikace'] = def.conformsTo;
  return rec;
}
