/**
 * The deploy script's command lines, checked without calling Google. Fake `npm`, `npx` and `clasp` executables come
 * first on PATH and each appends its arguments, as one JSON line, to a shared record, so the record is the exact
 * ordered sequence of commands the script ran. The script runs the way package.json runs it (its "deploy" and
 * "push:dev" entries through `sh -c`, as npm does), inside a temporary copy of scripts/deploy.ts and the repository's
 * deploy files: the repository's own deploy.json is never written.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };
const REPO_DEPLOY_JSON = readFileSync(path.join(ROOT, 'deploy.json'), 'utf8');

/** Obviously made-up ids. */
const RECORDED_ID = 'AKfycbFAKE-recorded-deployment-for-tests-0000';
const CREATED_ID = 'AKfycbFAKE-created-by-first-deploy-tests-0000';

const CHECKS = ['npm', 'run', 'test:release'];
const BUILD = ['npm', 'run', 'build'];
const PUSH = ['clasp', 'push', '--force'];
const DEV_PUSH = ['clasp', '-P', '.clasp.dev.json', 'push', '--force'];
const DESCRIPTION = expect.stringMatching(new RegExp(`^v${PKG.version.replace(/\./g, '\\.')} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`));

/** What the fakes do besides recording: clasp create-deployment prints what clasp 3 prints. */
const FAKE = `
const fs = require('node:fs');
const cfg = JSON.parse(fs.readFileSync(__dirname + '/fake.json', 'utf8'));
const [name, ...args] = process.argv.slice(2);
fs.appendFileSync(cfg.log, JSON.stringify([name, ...args]) + '\\n');
fs.appendFileSync(cfg.envLog, JSON.stringify({ name, BOX_BUILD_DIR: process.env.BOX_BUILD_DIR ?? null,
  clasp_config_project: process.env.clasp_config_project ?? null }) + '\\n');
if ([name, ...args].join(' ') === cfg.fail) { console.error('fake ' + name + ': failing as told'); process.exit(1); }
if (name === 'clasp' && args.includes('create-deployment')) console.log('Deployed ' + cfg.createdId + ' @1');
`;

type Options = {
  /** deploy.json's deploymentId (the rest of the repository's deploy.json is kept). */
  deploymentId?: string;
  /** .clasp.json's scriptId; 'committed' keeps the repository's file as committed. */
  scriptId?: string | 'committed';
  /** .clasp.dev.json's scriptId (made from .clasp.dev.example.json); null: no .clasp.dev.json, as in a fresh clone. */
  devScriptId?: string | null;
  /** The one command line (space-joined, e.g. 'npm run test:release') whose fake exits 1. */
  fail?: string;
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function sandbox({
  deploymentId = RECORDED_ID,
  scriptId = 'FAKE-SCRIPT-ID-123',
  devScriptId = 'FAKE-DEV-SCRIPT-ID-456',
  fail,
}: Options = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'deploy-test-'));
  dirs.push(dir);
  const repo = path.join(dir, 'repo');
  const bin = path.join(dir, 'bin');
  const log = path.join(dir, 'calls.jsonl');
  const envLog = path.join(dir, 'env.jsonl');
  mkdirSync(path.join(repo, 'scripts'), { recursive: true });
  mkdirSync(bin);
  copyFileSync(path.join(ROOT, 'scripts/deploy.ts'), path.join(repo, 'scripts/deploy.ts'));
  for (const file of ['package.json', 'deploy.json', '.clasp.json']) copyFileSync(path.join(ROOT, file), path.join(repo, file));
  const deployFile = path.join(repo, 'deploy.json');
  writeFileSync(deployFile, JSON.stringify({ ...JSON.parse(REPO_DEPLOY_JSON), deploymentId }, null, 2) + '\n');
  if (scriptId !== 'committed') {
    const committed = JSON.parse(readFileSync(path.join(ROOT, '.clasp.json'), 'utf8'));
    writeFileSync(path.join(repo, '.clasp.json'), JSON.stringify({ ...committed, scriptId }));
  }
  if (devScriptId !== null) {
    const example = JSON.parse(readFileSync(path.join(ROOT, '.clasp.dev.example.json'), 'utf8'));
    writeFileSync(path.join(repo, '.clasp.dev.json'), JSON.stringify({ ...example, scriptId: devScriptId }));
  }

  writeFileSync(path.join(bin, 'fake.js'), FAKE);
  writeFileSync(path.join(bin, 'fake.json'), JSON.stringify({ log, envLog, fail, createdId: CREATED_ID }));
  for (const name of ['npm', 'npx', 'clasp']) {
    writeFileSync(path.join(bin, name), `#!/bin/sh\nexec "${process.execPath}" "${path.join(bin, 'fake.js')}" ${name} "$@"\n`);
    chmodSync(path.join(bin, name), 0o755);
  }

  /** `npm run <script> -- <args>`: package.json's command line, with the fakes first on PATH. */
  const npmRun = (script: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync('sh', ['-c', `${PKG.scripts[script]} "$@"`, script, ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: {
        ...process.env,
        ...env,
        PATH: [bin, path.join(ROOT, 'node_modules/.bin'), process.env.PATH].join(path.delimiter),
      },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, error: r.error };
  };
  const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);
  const calls = (): string[][] => lines(log).map((l) => JSON.parse(l));
  const envs = (): { name: string; BOX_BUILD_DIR: string | null; clasp_config_project: string | null }[] =>
    lines(envLog).map((l) => JSON.parse(l));
  const deployJson = () => readFileSync(deployFile, 'utf8');
  return { npmRun, calls, envs, deployJson };
}

/** Exit 0, or fail showing what the script printed. */
function succeeded(r: { status: number | null; stdout: string; stderr: string; error?: Error }): void {
  if (r.status !== 0) throw new Error(`the script exited ${r.status ?? r.error?.message}:\n${r.stdout}\n${r.stderr}`);
}

/** No clasp call that makes a deployment: create-deployment, or its alias deploy. */
function deploymentsCreated(calls: string[][]): string[][] {
  return calls.filter((c) => c[0] === 'clasp' && (c.includes('create-deployment') || c.includes('deploy')));
}

test('package.json runs the deploy script for deploy and push:dev', () => {
  expect(PKG.scripts.deploy).toBe('tsx scripts/deploy.ts');
  expect(PKG.scripts['push:dev']).toBe('tsx scripts/deploy.ts --dev');
});

describe('npm run deploy', () => {
  test('runs the checks, then clasp push, then clasp update-deployment of the id in deploy.json, and creates nothing', () => {
    const t = sandbox();
    const before = t.deployJson();
    const r = t.npmRun('deploy');
    succeeded(r);
    expect(t.calls()).toEqual([CHECKS, PUSH, ['clasp', 'update-deployment', RECORDED_ID, '--description', DESCRIPTION]]);
    expect(deploymentsCreated(t.calls())).toEqual([]);
    expect(t.deployJson()).toBe(before);
    expect(r.stdout).toContain(`✓ Deployment ${RECORDED_ID} now runs the new version; the URL is unchanged.`);
  });

  test('-- --first creates exactly one deployment, records its id in deploy.json, and later releases update it', () => {
    const t = sandbox({ deploymentId: '' });
    const r = t.npmRun('deploy', ['--first']);
    succeeded(r);
    expect(t.calls()).toEqual([CHECKS, PUSH, ['clasp', 'create-deployment', '--description', DESCRIPTION]]);
    const recorded = JSON.parse(t.deployJson());
    expect(recorded).toEqual({ ...JSON.parse(REPO_DEPLOY_JSON), deploymentId: CREATED_ID });
    expect(r.stdout).toContain(`https://script.google.com/macros/s/${CREATED_ID}/exec`);

    const again = t.npmRun('deploy', ['--first']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`deploy.json already names deployment ${CREATED_ID}`);
    expect(t.calls()).toHaveLength(3);

    const release = t.npmRun('deploy');
    succeeded(release);
    expect(t.calls().slice(3)).toEqual([CHECKS, PUSH, ['clasp', 'update-deployment', CREATED_ID, '--description', DESCRIPTION]]);
    expect(deploymentsCreated(t.calls())).toHaveLength(1);
  });

  test('-- --first treats a placeholder id as none recorded', () => {
    const t = sandbox({ deploymentId: 'REPLACE_WITH_THE_DEPLOYMENT_ID' });
    succeeded(t.npmRun('deploy', ['--first']));
    expect(deploymentsCreated(t.calls())).toHaveLength(1);
    expect(JSON.parse(t.deployJson()).deploymentId).toBe(CREATED_ID);
  });

  test.each([
    ['empty', '', /deploy\.json has no deploymentId yet\. The very first time, run: npm run deploy -- --first/],
    [
      'a placeholder',
      'REPLACE_WITH_THE_DEPLOYMENT_ID',
      /deploy\.json has no deploymentId yet\. The very first time, run: npm run deploy -- --first/,
    ],
    [
      'not an id',
      'see the README',
      /deploymentId "see the README" is not a deployment id: copy the right one from npx clasp list-deployments/,
    ],
  ])('refuses with a clear message and runs nothing when the deployment id is %s', (_what, deploymentId, message) => {
    const t = sandbox({ deploymentId });
    const before = t.deployJson();
    const r = t.npmRun('deploy');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(t.calls()).toEqual([]);
    expect(t.deployJson()).toBe(before);
  });

  test('refuses the repository .clasp.json as committed (placeholder script id) before running anything', () => {
    const t = sandbox({ scriptId: 'committed' });
    const r = t.npmRun('deploy');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\.clasp\.json has no real scriptId yet/);
    expect(t.calls()).toEqual([]);
  });

  test('the checks and clasp get neither BOX_BUILD_DIR nor clasp_config_project: clasp pushes what the checks built', () => {
    const t = sandbox();
    const r = t.npmRun('deploy', [], { BOX_BUILD_DIR: '/tmp/elsewhere', clasp_config_project: '/tmp/other/.clasp.json' });
    succeeded(r);
    expect(t.envs()).toEqual(['npm', 'clasp', 'clasp'].map((name) => ({ name, BOX_BUILD_DIR: null, clasp_config_project: null })));
  });
});

describe('npm run push:dev', () => {
  test('builds, then runs clasp -P .clasp.dev.json push, and never deploys', () => {
    const t = sandbox();
    const before = t.deployJson();
    const r = t.npmRun('push:dev');
    succeeded(r);
    expect(t.calls()).toEqual([BUILD, DEV_PUSH]);
    expect(t.calls().filter((c) => c.some((a) => /deploy/.test(a)))).toEqual([]);
    expect(t.deployJson()).toBe(before);
  });

  test('refuses without a .clasp.dev.json (a fresh clone has only the example) or with its placeholder id', () => {
    const missing = sandbox({ devScriptId: null });
    const r = missing.npmRun('push:dev');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\.clasp\.dev\.json is missing/);
    expect(missing.calls()).toEqual([]);

    const placeholder = sandbox({ devScriptId: 'PUT_THE_TEST_COPY_SCRIPT_ID_HERE' });
    const p = placeholder.npmRun('push:dev');
    expect(p.status).toBe(1);
    expect(p.stderr).toMatch(/\.clasp\.dev\.json has no real scriptId yet/);
    expect(placeholder.calls()).toEqual([]);
  });
});

describe('a failing step stops the release', () => {
  test.each([
    ['npm run deploy', 'deploy', [], 'npm run test:release'],
    ['npm run deploy -- --first', 'deploy', ['--first'], 'npm run test:release'],
    ['npm run push:dev', 'push:dev', [], 'npm run build'],
  ])('%s: a failing check calls no clasp at all', (_name, script, args, check) => {
    const t = sandbox({ deploymentId: args.includes('--first') ? '' : RECORDED_ID, fail: check });
    const before = t.deployJson();
    const r = t.npmRun(script, args);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`✗ ${check} failed (exit 1)`);
    expect(t.calls()).toEqual([check.split(' ')]);
    expect(t.deployJson()).toBe(before);
  });

  test('a failing clasp push updates no deployment', () => {
    const t = sandbox({ fail: 'clasp push --force' });
    const r = t.npmRun('deploy');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('✗ clasp push --force failed (exit 1)');
    expect(t.calls()).toEqual([CHECKS, PUSH]);
  });
});

test("the repository's own deploy.json is never written (runs last)", () => {
  expect(readFileSync(path.join(ROOT, 'deploy.json'), 'utf8')).toBe(REPO_DEPLOY_JSON);
});
