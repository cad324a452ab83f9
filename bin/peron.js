#!/usr/bin/env node
// The `peron` command. Node.js 24 runs the TypeScript sources itself (type stripping; tsconfig has
// erasableSyntaxOnly so tsc refuses anything Node could not strip): no transpiler and no build step on a site box.
// Measured (bench/startup.bench.ts): type stripping vs a tsc build to dist/ differ by a few ms for `--help`,
// and stripping keeps one tree (no dist/ paths to resolve), so Peron ships its sources.
process.stdout.on('error', (err) => {
  // `peron config --doc | head` closes the pipe early: that is not an error
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(`peron: Node.js ${process.versions.node} is too old; Peron needs Node.js 24 LTS (see README, "Install")\n`);
  process.exit(1);
}
// V8's compile cache (and Node's cache of stripped TypeScript) makes every start after the first one faster;
// the systemd units point NODE_COMPILE_CACHE at a CacheDirectory so it survives PrivateTmp.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.(process.env.NODE_COMPILE_CACHE);
const { main } = await import('../server/main.ts');
await main(process.argv.slice(2), process.env);
