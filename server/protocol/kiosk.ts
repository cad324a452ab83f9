// The board channel's contract (ws at /kiosk/ws): what the site sends a board and what a board sends back. The site
// (kiosk/display-hub.ts, kiosk-service.ts) and the board's browser code (kiosk-client/*.js, type-checked with JSDoc
// `import('../server/protocol/kiosk.ts')`) both use these types; the board → site messages are checked with zod.
import { z } from 'zod';
import type { AnnouncementPayload, CommandName, DeparturesPayload, DisplayConfig, EmergencyView } from '../kiosk/index.ts';

/** Site → board. Every frame also carries `serverTime` (ms since epoch), from which the board keeps its clock. */
export type BoardMessage =
  | { type: 'hello'; displayId: string; display: DisplayConfig | null; contentVersion: string; clientVersion: string }
  | { type: 'departures.updated'; board: DeparturesPayload }
  | { type: 'announcements.updated'; announcements: AnnouncementPayload[] }
  | { type: 'emergency.updated'; emergency: EmergencyView | null }
  | { type: 'config.updated'; display: DisplayConfig | null; contentVersion: string }
  | { type: 'content.updated'; contentVersion: string }
  /** every tick and in answer to a heartbeat: the current board version, so a board knows it is up to date */
  | { type: 'tick'; boardVersion?: string }
  | { type: 'heartbeat.ack'; boardVersion?: string }
  | { type: 'auth.ok' }
  | { type: 'command'; command: CommandName; seconds?: number };

export type BoardMessageType = BoardMessage['type'];
/** the fields of one message type besides `type` */
export type BoardPayload<T extends BoardMessageType> = Omit<Extract<BoardMessage, { type: T }>, 'type'>;
export type BoardFrame = BoardMessage & { serverTime: number };

/** Board → site: a heartbeat (what it shows, its versions and health), counted only after `auth`. */
export const heartbeatMessage = z.object({
  type: z.literal('heartbeat'),
  clientVersion: z.string().max(64).optional(),
  contentVersion: z.string().max(64).optional(),
  boardVersion: z.string().max(64).optional(),
  shows: z.string().max(32).optional(),
  heapBytes: z.number().int().nonnegative().nullable().optional(),
  uptimeSeconds: z.number().int().nonnegative().optional(),
  clockOffsetMs: z.number().int().optional(),
});

/** Board → site: the display's key (from the board URL's fragment) proves the board is the display. */
export const authMessage = z.object({ type: z.literal('auth'), key: z.string().max(128) });

export type DisplayMessage = z.infer<typeof heartbeatMessage> | z.infer<typeof authMessage>;
