// The `guestProfile` section of a location: what an accepted guest gets (RADIUS Access-Accept attributes).
import { z } from 'zod';

export const guestProfileSection = z
  .strictObject({
    sessionTimeout: z.number().int().min(60).default(7200).describe('seconds; RADIUS Session-Timeout'),
    idleTimeout: z.number().int().min(60).default(900).describe('seconds; RADIUS Idle-Timeout'),
    interimInterval: z.number().int().min(60).default(300).describe('seconds; Acct-Interim-Interval (RFC 2869 §5.16: not under 60)'),
    downKbps: z.number().int().min(64).default(10000).describe('download limit in kbit/s'),
    upKbps: z.number().int().min(64).default(2000).describe('upload limit in kbit/s'),
    rememberDays: z.number().int().min(0).max(90).default(1).describe('how long an acceptance lets the same MAC back in'),
    randomizedMacs: z.enum(['remember', 'portal-each-time']).default('remember').describe('whether locally administered MACs are remembered'),
  })
  .default({ sessionTimeout: 7200, idleTimeout: 900, interimInterval: 300, downKbps: 10000, upKbps: 2000, rememberDays: 1, randomizedMacs: 'remember' });
