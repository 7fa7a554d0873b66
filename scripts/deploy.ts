/**
 * Releases the box without changing the web-app URL printed on the posters.
 *
 *   npm run deploy              lint, test, build, clasp push, clasp update-deployment <the one id in deploy.json>
 *   npm run deploy -- --first   the same, but creates the deployment once and records its id in deploy.json
 *   npm run push:dev            build and push to the test copy named in .clasp.dev.json (never deploys)
 *
 * A normal release never creates a new deployment: a new one would mean a new URL and reprinted posters.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const CLASP = process.env.CLASP_BIN || 'clasp';
const DEPLOY_FILE = process.env.DEPLOY_CONFIG || path.join(ROOT, 'deploy.json');
const PLACEHOLDER = /REPLACE_WITH|PUT_THE/;

function fail(message: string): never {
  console.error(`\n✗ ${message}`);
  process.exit(1);
}

function run(cmd: string, args: string[], capture = false): string {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: capture ? ['inherit', 'pipe', 'inherit'] : 'inherit' });
  if (r.error) fail(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} ${args[0] ?? ''} failed (exit ${r.status})`);
  if (capture) process.stdout.write(r.stdout);
  return r.stdout ?? '';
}

function scriptIdOf(projectFile: string): string {
  if (!existsSync(projectFile)) fail(`${path.basename(projectFile)} is missing: see README, "Deploy for real".`);
  const id = String((JSON.parse(readFileSync(projectFile, 'utf8')) as { scriptId?: string }).scriptId ?? '');
  if (!id || PLACEHOLDER.test(id))
    fail(`${path.basename(projectFile)} has no real scriptId yet: put your Apps Script project's id there (README, step 3).`);
  return id;
}

/**
 * Typecheck, lint, build and every suite that needs no browser (npm run test:release): an admin's Windows or macOS
 * machine has no Debian Chromium; CI runs the browser suites on every change. The deploy script's own test skips it.
 */
function checks(): void {
  if (process.env.DEPLOY_SKIP_CHECKS === '1') {
    console.log('(checks skipped: DEPLOY_SKIP_CHECKS=1)');
    run('npm', ['run', 'build']);
    return;
  }
  run('npm', ['run', 'test:release']);
}

function readDeployConfig(): { deploymentId: string; [k: string]: unknown } {
  return JSON.parse(readFileSync(DEPLOY_FILE, 'utf8'));
}

function description(): string {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return `v${pkg.version} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`;
}

function main(argv: string[]): void {
  const dev = argv.includes('--dev');
  const first = argv.includes('--first');
  if (dev) {
    const projectFile = path.join(ROOT, '.clasp.dev.json');
    scriptIdOf(projectFile);
    checks();
    run(CLASP, ['-P', projectFile, 'push', '--force']);
    console.log('\n✓ Pushed to the test copy. Open it with: npx clasp -P .clasp.dev.json open-script');
    return;
  }
  scriptIdOf(process.env.CLASP_PROJECT || path.join(ROOT, '.clasp.json'));
  const config = readDeployConfig();
  if (!first && !config.deploymentId) fail('deploy.json has no deploymentId yet. The very first time, run: npm run deploy -- --first');
  if (first && config.deploymentId)
    fail(
      `deploy.json already names deployment ${config.deploymentId}. Run npm run deploy (without --first) to update it; a new deployment would change the URL on every poster.`,
    );
  checks();
  const projectArgs = process.env.CLASP_PROJECT ? ['-P', process.env.CLASP_PROJECT] : [];
  run(CLASP, [...projectArgs, 'push', '--force']);
  if (first) {
    const out = run(CLASP, [...projectArgs, 'create-deployment', '--description', description()], true);
    const id = /(AKfy[\w-]{20,})/.exec(out)?.[1] ?? /Deployed\s+(\S+)/.exec(out)?.[1];
    if (!id) fail('clasp did not print a deployment id; record it in deploy.json by hand (npx clasp list-deployments).');
    writeFileSync(DEPLOY_FILE, JSON.stringify({ ...config, deploymentId: id }, null, 2) + '\n');
    console.log(`\n✓ Deployment ${id} created and recorded in deploy.json. Commit deploy.json.`);
    console.log(`  Web app: https://script.google.com/macros/s/${id}/exec`);
    return;
  }
  run(CLASP, [...projectArgs, 'update-deployment', config.deploymentId, '--description', description()]);
  console.log(`\n✓ Deployment ${config.deploymentId} now runs the new version; the URL is unchanged.`);
}

main(process.argv.slice(2));
