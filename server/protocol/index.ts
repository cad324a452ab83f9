// What crosses a process boundary, in one place: the signed release (hub → site) and the board channel
// (site ↔ board). Site and hub import these, not each other.
export * from './release.ts';
export * from './kiosk.ts';
export * from './telemetry.ts';
export * from './alerts.ts';
