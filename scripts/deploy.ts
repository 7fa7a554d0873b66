/**
 * Releases the box without changing the web-app URLs. One script, two web-app deployments, because who may open a
 * web app is part of a version's manifest: the public one (residents, access ANYONE_ANONYMOUS) and the owner's admin
 * page (access MYSELF, so Google itself signs the owner in). Both execute as the deploying account.
 *
 *   npm run deploy              clasp list-deployments (each deployment deploy.json records must still exist; a
 *                               deleted one is explained and nothing happens), npm run test:release (typecheck,
 *                               lint, build, tests); then the admin manifest in
 *                               build/appsscript.json, clasp push, clasp update-deployment <adminDeploymentId>; then
 *                               the public manifest, clasp push, clasp update-deployment <deploymentId>. The code
 *                               pushed last (what triggers run, what clasp status lists) is the same code, with the
 *                               public manifest.
 *   npm run deploy -- --first   the same, but clasp create-deployment for each deployment deploy.json does not name
 *                               yet, and record its id there; refused while the project has a deployment
 *                               deploy.json does not name (clasp list-deployments), which would be a new URL
 *   npm run push:dev            npm run build, clasp -P .clasp.dev.json push (the test copy; never deploys)
 *
 * A normal release never creates a new deployment: a new one would mean a new URL and reprinted posters.
 * `clasp` and `npm` are found on PATH: `npm run` puts the project's own clasp (node_modules/.bin) there.
 * test/deploy.test.ts runs this file with recording fakes of both first on PATH.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const DEPLOY_FILE = path.join(ROOT, 'deploy.json');
const MANIFEST = path.join(ROOT, 'appsscript.json');
const BUILT_MANIFEST = path.join(ROOT, 'build', 'appsscript.json');
const DEV_PROJECT = '.clasp.dev.json';
const PLACEHOLDER = /REPLACE_WITH|PUT_THE/;

/**
 * What the checks build is what clasp pushes: clasp always pushes build/ (rootDir in .clasp.json), so a
 * BOX_BUILD_DIR meant for parallel work must not send the build elsewhere, and clasp must use the project file
 * checked here, not one named by clasp's own clasp_config_project variable.
 */
const CHILD_ENV: NodeJS.ProcessEnv = { ...process.env };
delete CHILD_ENV.BOX_BUILD_DIR;
delete CHILD_ENV.clasp_config_project;

/** The web-app access last written to build/appsscript.json by this run ('' before any). */
let builtAccess = '';

function fail(message: string): never {
  console.error(`\n✗ ${message}`);
  const was = builtAccess;
  builtAccess = '';
  if (was === 'MYSELF') {
    // Never leave the admin page's manifest in build/ for a later plain push.
    writeManifest('ANYONE_ANONYMOUS');
    console.error(
      '  build/appsscript.json is the public manifest again; the project may hold the admin one until the next npm run deploy.',
    );
  }
  process.exit(1);
}

const WINDOWS = process.platform === 'win32';

/** One argument for cmd.exe: plain words as they are, anything else in double quotes. */
function quoteForCmd(arg: string): string {
  return /^[\w.\-/:=@]+$/.test(arg) ? arg : `"${arg.replace(/"/g, '""')}"`;
}

function run(cmd: string, args: string[], capture = false): string {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  // On Windows npm and clasp are .cmd scripts, which only a shell starts; the arguments are quoted for cmd.exe.
  const r = spawnSync(WINDOWS ? [cmd, ...args.map(quoteForCmd)].join(' ') : cmd, WINDOWS ? [] : args, {
    shell: WINDOWS,
    cwd: ROOT,
    env: CHILD_ENV,
    encoding: 'utf8',
    stdio: capture ? ['inherit', 'pipe', 'inherit'] : 'inherit',
  });
  if (r.error) {
    const hint =
      (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? ` (run it through npm run, which puts the project's ${cmd} on PATH)` : '';
    fail(`could not run ${cmd}: ${r.error.message}${hint}`);
  }
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
  if (capture) process.stdout.write(r.stdout);
  return r.stdout ?? '';
}

function scriptIdOf(projectFile: string): string {
  const name = path.basename(projectFile);
  if (!existsSync(projectFile)) fail(`${name} is missing: see README, "Deploy for real".`);
  let id = '';
  try {
    id = String((JSON.parse(readFileSync(projectFile, 'utf8')) as { scriptId?: string }).scriptId ?? '');
  } catch (e) {
    fail(`${name} is not valid JSON: ${(e as Error).message}`);
  }
  if (!id || PLACEHOLDER.test(id)) fail(`${name} has no real scriptId yet: put your Apps Script project's id there (README, step 3).`);
  return id;
}

type DeployConfig = { deploymentId?: unknown; adminDeploymentId?: unknown; [k: string]: unknown };

/** The two deployments: deploy.json's key, who opens it, what the manifest lets in, how clasp describes it. */
const TARGETS = [
  { key: 'adminDeploymentId', who: "the owner's admin page", access: 'MYSELF', suffix: ' (admin page)' },
  { key: 'deploymentId', who: 'residents', access: 'ANYONE_ANONYMOUS', suffix: '' },
] as const;
type Target = (typeof TARGETS)[number];

function readDeployConfig(): DeployConfig {
  if (!existsSync(DEPLOY_FILE)) fail('deploy.json is missing: restore it from git (it records the one deployment id).');
  try {
    const config = JSON.parse(readFileSync(DEPLOY_FILE, 'utf8')) as unknown;
    if (config && typeof config === 'object' && !Array.isArray(config)) return config as DeployConfig;
  } catch {}
  return fail('deploy.json is not a JSON object: restore it from git (it records the one deployment id).');
}

/** The recorded id, '' when none is recorded yet (empty or an obvious placeholder). */
function recordedId(config: DeployConfig, key: Target['key']): string {
  const id = config[key];
  if (id === undefined || id === null || id === '' || (typeof id === 'string' && PLACEHOLDER.test(id))) return '';
  if (typeof id !== 'string' || !/^[\w-]+$/.test(id))
    fail(`deploy.json's ${key} ${JSON.stringify(id)} is not a deployment id: copy the right one from npx clasp list-deployments.`);
  return id;
}

/** build/appsscript.json: the repository's manifest with the web app's access set for one deployment. */
function writeManifest(access: Target['access']): void {
  let manifest: { webapp?: Record<string, unknown>; [k: string]: unknown };
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  } catch (e) {
    return fail(`appsscript.json cannot be read: ${(e as Error).message}`);
  }
  manifest.webapp = { ...manifest.webapp, executeAs: 'USER_DEPLOYING', access };
  mkdirSync(path.dirname(BUILT_MANIFEST), { recursive: true });
  writeFileSync(BUILT_MANIFEST, JSON.stringify(manifest, null, 2) + '\n');
  builtAccess = access;
}

function execUrl(id: string, query = ''): string {
  return `https://script.google.com/macros/s/${id}/exec${query}`;
}

function description(): string {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return `v${pkg.version} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`;
}

/** Typecheck, lint, build and every suite that needs no browser: an admin's machine may have no Debian Chromium;
 *  CI runs the browser suites on every change. */
function checks(): void {
  run('npm', ['run', 'test:release']);
}

/** The project's deployments as clasp list-deployments --json prints them (read-only). */
function listDeployments(): { deploymentId?: unknown; versionNumber?: unknown; description?: unknown }[] {
  const out = run('clasp', ['list-deployments', '--json'], true);
  let list: unknown;
  try {
    list = JSON.parse(out);
  } catch {}
  if (!Array.isArray(list)) fail('clasp list-deployments --json did not print a list of deployments: check npx clasp login.');
  return list as { deploymentId?: unknown; versionNumber?: unknown; description?: unknown }[];
}

/**
 * Before --first creates a deployment: the project's versioned deployments that deploy.json does not name. A
 * deploy.json emptied or lost (a fresh clone, a reset) must not turn a release into a new URL while the deployment
 * on the posters still exists.
 */
function unrecordedDeployments(list: ReturnType<typeof listDeployments>, recorded: string[]): string[] {
  return list
    .filter((d) => typeof d.deploymentId === 'string' && d.versionNumber !== undefined && d.versionNumber !== null)
    .filter((d) => !recorded.includes(d.deploymentId as string))
    .map((d) => `${d.deploymentId as string} @${String(d.versionNumber)} ${String(d.description ?? '')}`.trim());
}

/**
 * A deployment deploy.json records that the project no longer has (deleted under Deploy → Manage deployments):
 * clasp update-deployment would fail with a bare error. Said before anything is pushed, with what it means and what
 * to do; a new deployment is never made here, since it is a new URL.
 */
function missingDeploymentMessage(target: Target, id: string): string {
  const lines = [
    `deploy.json's ${target.key} ${id} (${target.who}) is not a deployment of this project any more: clasp list-deployments does not list it. It was probably deleted in the Apps Script editor (Deploy → Manage deployments); a deleted deployment cannot be restored. Nothing was pushed or created.`,
  ];
  if (target.key === 'deploymentId') {
    lines.push(
      `Its URL, ${execUrl(id)}, no longer opens the box: every poster printed with it, and every link sent with it, leads nowhere.`,
      'What to do:',
      '  1. If deploy.json simply holds a wrong id (a typo, another project), put the right one there (npx clasp list-deployments lists them) and run npm run deploy again.',
      '  2. Otherwise empty deploymentId in deploy.json and run npm run deploy -- --first: it makes a new deployment for residents (a new URL), records its id, and prints the URL. Commit deploy.json.',
      '  3. Put the new URL in "Đường dẫn cho poster (tùy chọn)" in Cấu hình, press "Tạo lại toàn bộ poster" on the admin page and reprint the posters (or point the ward\'s short link, if the posters carry one, at the new URL).',
    );
  } else {
    lines.push(
      `Its URL, ${execUrl(id, '?view=admin')}, no longer opens the admin page. No poster carries it.`,
      'What to do:',
      '  1. If deploy.json simply holds a wrong id (a typo, another project), put the right one there (npx clasp list-deployments lists them) and run npm run deploy again.',
      "  2. Otherwise empty adminDeploymentId in deploy.json and run npm run deploy -- --first: it makes a new admin deployment (a new URL), records its id and prints the URL; the residents' URL stays. Commit deploy.json and bookmark the new admin address.",
    );
  }
  return lines.join('\n  ');
}

function main(argv: string[]): void {
  const dev = argv.includes('--dev');
  const first = argv.includes('--first');
  if (dev) {
    scriptIdOf(path.join(ROOT, DEV_PROJECT));
    run('npm', ['run', 'build']);
    run('clasp', ['-P', DEV_PROJECT, 'push', '--force']);
    console.log(`\n✓ Pushed to the test copy. Open it with: npx clasp -P ${DEV_PROJECT} open-script`);
    return;
  }
  scriptIdOf(path.join(ROOT, '.clasp.json'));
  const config = readDeployConfig();
  const ids = { adminDeploymentId: recordedId(config, 'adminDeploymentId'), deploymentId: recordedId(config, 'deploymentId') };
  if (!first && !ids.deploymentId) fail('deploy.json has no deploymentId yet. The very first time, run: npm run deploy -- --first');
  if (!first && !ids.adminDeploymentId)
    fail(
      "deploy.json has no adminDeploymentId yet (the owner's admin page). Run npm run deploy -- --first: it creates only the missing deployment, and the residents' URL stays.",
    );
  if (first && ids.deploymentId && ids.adminDeploymentId)
    fail(
      `deploy.json already names deployments ${ids.adminDeploymentId} (admin page) and ${ids.deploymentId} (residents). Run npm run deploy (without --first) to update them; a new deployment would change the URL on every poster.`,
    );
  // Read-only, before anything is built or pushed: every recorded deployment must still exist.
  const deployments = listDeployments();
  const existing = deployments.map((d) => d.deploymentId).filter((id): id is string => typeof id === 'string');
  for (const target of TARGETS) {
    const id = ids[target.key];
    if (id && !existing.includes(id)) fail(missingDeploymentMessage(target, id));
  }
  if (first) {
    const unrecorded = unrecordedDeployments(deployments, Object.values(ids).filter(Boolean));
    if (unrecorded.length)
      fail(
        `the project already has deployment${unrecorded.length > 1 ? 's' : ''} that deploy.json does not name:\n    ${unrecorded.join('\n    ')}\n  A new deployment would be a new URL and reprinted posters. Put the residents' id (the one in the posters' /exec address) in deploy.json's deploymentId and the admin page's ("(admin page)" in its description) in adminDeploymentId, then run npm run deploy.`,
      );
  }
  checks();
  const desc = description();
  const created: Target[] = [];
  // The admin page first, the public web app last: the code pushed last carries the public manifest.
  for (const target of TARGETS) {
    writeManifest(target.access);
    run('clasp', ['push', '--force']);
    const id = ids[target.key];
    if (id) {
      run('clasp', ['update-deployment', id, '--description', desc + target.suffix]);
      continue;
    }
    const out = run('clasp', ['create-deployment', '--description', desc + target.suffix], true);
    const made = /(AKfy[\w-]{20,})/.exec(out)?.[1] ?? /Deployed\s+(\S+)/.exec(out)?.[1];
    if (!made)
      fail(`clasp did not print a deployment id for ${target.who}; record it in deploy.json by hand (npx clasp list-deployments).`);
    ids[target.key] = made;
    created.push(target);
    // Recorded at once, so a failure later never loses it.
    writeFileSync(DEPLOY_FILE, JSON.stringify({ ...config, ...ids }, null, 2) + '\n');
  }
  for (const target of created) console.log(`\n✓ Deployment ${ids[target.key]} for ${target.who} created and recorded in deploy.json.`);
  if (created.length) console.log('  Commit deploy.json.');
  const updated = TARGETS.filter((t) => !created.includes(t)).map((t) => ids[t.key]);
  if (updated.length)
    console.log(`\n✓ Deployment${updated.length > 1 ? 's' : ''} ${updated.join(' and ')} now run the new version; the URLs are unchanged.`);
  console.log(`  Residents (posters):      ${execUrl(ids.deploymentId)}`);
  console.log(`  Admin page (owner only):  ${execUrl(ids.adminDeploymentId, '?view=admin')}`);
}

main(process.argv.slice(2));
