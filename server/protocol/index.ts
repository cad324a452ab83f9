// What crosses a process boundary, in one place: the board channel (site ↔ board).
export * from './kiosk.ts';
