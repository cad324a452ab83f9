// Open-data config: the catalogue's publisher and contact, the hub's build schedule, development mode for http IRIs.
import { z } from 'zod';

export const opendataConfig = z
  .strictObject({
    publisher: z
      .string()
      .default('https://rpp-opendata.egon.gov.cz/odrpp/zdroj/orgán-veřejné-moci/70891508')
      .describe('dct:publisher of the catalogue: the OVM IRI from RPP (default Liberecký kraj, IČO 70891508), unencoded'),
    contactName: z.string().default('Krajský úřad Libereckého kraje – správce katalogu Peron').describe('the catalogue\'s contact point (vcard:fn)'),
    contactEmail: z.email().default('otevrena-data@peron.example').describe('the catalogue\'s contact e-mail (published as a mailto: IRI); set the county\'s real address'),
    buildMinutes: z.number().int().min(1).default(60).describe('hub: how often the county datasets are rebuilt from telemetry and feeds'),
    development: z
      .boolean()
      .default(false)
      .describe('hub: serve /lkod even when hub.publicUrl is not https: (records are then not NKOD-valid); never in production'),
  })
  .prefault({});
