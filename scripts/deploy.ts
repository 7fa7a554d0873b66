/**
 * Releases the box without changing the web-app URL printed on the posters.
 *
 *   npm run deploy              npm run test:release (typecheck, lint, build, tests), clasp push,
 *                               clasp update-deployment <the one id in deploy.json>
 *   npm run deploy -- --first   the same, but clasp create-deployment once and record its id in deploy.json
 *   npm run push:dev            npm run build, clasp -P .clasp.dev.json push (the test copy; never deploys)
 *
 * A normal release never creates a new deployment: a new one would mean a new URL and reprinted posters.
 * `clasp` and `npm` are found on PATH: `npm run` puts the project's own clasp (node_modules/.bin) there.
 * test/deploy.test.ts runs this file with recording fakes of both first on PATH.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const DEPLOY_FILE = path.join(ROOT, 'deploy.json');
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

function fail(message: string): never {
  console.error(`\n✗ ${message}`);
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

type DeployConfig = { deploymentId?: unknown; [k: string]: unknown };

function readDeployConfig(): DeployConfig {
  if (!existsSync(DEPLOY_FILE)) fail('deploy.json is missing: restore it from git (it records the one deployment id).');
  try {
    const config = JSON.parse(readFileSync(DEPLOY_FILE, 'utf8')) as unknown;
    if (config && typeof config === 'object' && !Array.isArray(config)) return config as DeployConfig;
  } catch {}
  return fail('deploy.json is not a JSON object: restore it from git (it records the one deployment id).');
}

/** The recorded id, '' when none is recorded yet (empty or an obvious placeholder). */
function recordedId(config: DeployConfig): string {
  const id = config.deploymentId;
  if (id === undefined || id === null || id === '' || (typeof id === 'string' && PLACEHOLDER.test(id))) return '';
  if (typeof id !== 'string' || !/^[\w-]+$/.test(id))
    fail(`deploy.json's deploymentId ${JSON.stringify(id)} is not a deployment id: copy the right one from npx clasp list-deployments.`);
  return id;
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
  const deploymentId = recordedId(config);
  if (!first && !deploymentId) fail('deploy.json has no deploymentId yet. The very first time, run: npm run deploy -- --first');
  if (first && deploymentId)
    fail(
      `deploy.json already names deployment ${deploymentId}. Run npm run deploy (without --first) to update it; a new deployment would change the URL on every poster.`,
    );
  checks();
  run('clasp', ['push', '--force']);
  if (first) {
    const out = run('clasp', ['create-deployment', '--description', description()], true);
    const id = /(AKfy[\w-]{20,})/.exec(out)?.[1] ?? /Deployed\s+(\S+)/.exec(out)?.[1];
    if (!id) fail('clasp did not print a deployment id; record it in deploy.json by hand (npx clasp list-deployments).');
    writeFileSync(DEPLOY_FILE, JSON.stringify({ ...config, deploymentId: id }, null, 2) + '\n');
    console.log(`\n✓ Deployment ${id} created and recorded in deploy.json. Commit deploy.json.`);
    console.log(`  Web app: https://script.google.com/macros/s/${id}/exec`);
    return;
  }
  run('clasp', ['update-deployment', deploymentId, '--description', description()]);
  console.log(`\n✓ Deployment ${deploymentId} now runs the new version; the URL is unchanged.`);
}

main(process.argv.slice(2));
