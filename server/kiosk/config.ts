// Site config for station display screens.
import { z } from 'zod';

export const kioskConfig = z
  .strictObject({
    notLiveAfterSeconds: z.number().int().min(5).default(60).describe('a board shows "not live since" after this long without the server'),
    unavailableAfterSeconds: z.number().int().min(60).default(900).describe('after this long it shows "information unavailable" instead of old data'),
  })
  .prefault({});
