#!/usr/bin/env node
// The `peron` command: loads the TypeScript sources through tsx so no build step is needed on a site box.
import { register } from 'tsx/esm/api';
register();
// `peron config --doc | head` closes the pipe early: that is not an error
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main } = await import('../server/main.ts');
await main(process.argv.slice(2), process.env);
