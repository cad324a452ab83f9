#!/usr/bin/env node
// The `peron` command: loads the TypeScript sources through tsx so no build step is needed on a site box.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../server/main.ts');
await main(process.argv.slice(2), process.env);
