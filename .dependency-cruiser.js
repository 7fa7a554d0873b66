/**
 * The layers and rooms of the code, checked by `npm run lint` (see ARCHITECTURE.md): core stays pure, the page never
 * reaches into the server, shared types stand alone, and no import circle appears.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'core-stays-pure',
      comment: 'src/core is plain TypeScript: it never imports the Apps Script adapters, the entry points, the page or the fakes.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(src/(gas|server|client)|sandbox)/' },
    },
    {
      name: 'client-not-server',
      comment: 'The page talks to the server only through google.script.run (src/client/api.ts), never by importing it.',
      severity: 'error',
      from: { path: '^src/client/' },
      to: { path: '^(src/(gas|server)|sandbox)/' },
    },
    {
      name: 'gas-not-entry-points',
      comment: 'Adapters never import the entry points that use them, the page or the fakes.',
      severity: 'error',
      from: { path: '^src/gas/' },
      to: { path: '^(src/(server|client)|sandbox)/' },
    },
    {
      name: 'server-not-page',
      comment: 'Entry points never import the page or the fakes.',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^(src/client|sandbox)/' },
    },
    {
      name: 'shared-stands-alone',
      comment: 'src/shared holds the types of page and server and imports nothing but itself.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { pathNot: '^src/shared/' },
    },
    {
      name: 'records-stand-alone',
      comment: 'src/core/records (the Góp ý columns and cells) is what every room builds on: it imports no other room.',
      severity: 'error',
      from: { path: '^src/core/records/' },
      to: { path: '^src/core/', pathNot: '^src/core/records/' },
    },
    {
      name: 'common-only-records',
      comment: 'src/core/common (ports, HTML escaping, time) builds on records only.',
      severity: 'error',
      from: { path: '^src/core/common/' },
      to: { path: '^src/core/', pathNot: '^src/core/(common|records)/' },
    },
    {
      name: 'fakes-model-google',
      comment: 'The fakes model Apps Script services: from src they may use only the pure core.',
      severity: 'error',
      from: { path: '^sandbox/fakes/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'no-circular',
      comment: 'No import circle in src/ or sandbox/ (type-only imports count too).',
      severity: 'error',
      from: { path: '^(src|sandbox)/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves.',
      severity: 'error',
      from: { path: '^(src|sandbox)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(build|node_modules|\\.local)/' },
  },
};
