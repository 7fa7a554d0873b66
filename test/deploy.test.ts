/**
 * The deploy script's command lines, checked without calling Google. Fake `npm`, `npx` and `clasp` executables come
 * first on PATH and each appends its arguments, as one JSON line, to a shared record, so the record is the exact
 * ordered sequence of commands the script ran; each `clasp push` also records the web-app access of the manifest it
 * would push. The script runs the way package.json runs it (its "deploy" and "push:dev" entries through `sh -c`, as
 * npm does), inside a temporary copy of scripts/deploy.ts and the repository's deploy files: the repository's own
 * deploy.json is never written.
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
const RECORDED_ADMIN_ID = 'AKfycbFAKE-recorded-admin-page-for-tests-0000';
/** What the fake clasp prints for its first, second… create-deployment. */
const CREATED_IDS = ['AKfycbFAKE-created-by-first-deploy-tests-0001', 'AKfycbFAKE-created-by-first-deploy-tests-0002'];

const CHECKS = ['npm', 'run', 'test:release'];
const BUILD = ['npm', 'run', 'build'];
const PUSH = ['clasp', 'push', '--force'];
const DEV_PUSH = ['clasp', '-P', '.clasp.dev.json', 'push', '--force'];
const VERSION_AND_TIME = `^v${PKG.version.replace(/\./g, '\\.')} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d`;
const DESCRIPTION = expect.stringMatching(new RegExp(`${VERSION_AND_TIME}$`));
const ADMIN_DESCRIPTION = expect.stringMatching(new RegExp(`${VERSION_AND_TIME} \\(admin page\\)$`));
const update = (id: string, admin = false) => ['clasp', 'update-deployment', id, '--description', admin ? ADMIN_DESCRIPTION : DESCRIPTION];
const create = (admin = false) => ['clasp', 'create-deployment', '--description', admin ? ADMIN_DESCRIPTION : DESCRIPTION];
const LIST = ['clasp', 'list-deployments', '--json'];
/** A release: the recorded deployments looked up, the admin page's manifest pushed and its deployment updated, then the public one's. */
const RELEASE = [LIST, CHECKS, PUSH, update(RECORDED_ADMIN_ID, true), PUSH, update(RECORDED_ID)];

/**
 * What the fakes do besides recording: clasp push records the web-app access of build/appsscript.json (what it would
 * push); clasp create-deployment prints what clasp 3 prints, a new id each time.
 */
const FAKE = `
const fs = require('node:fs');
const cfg = JSON.parse(fs.readFileSync(__dirname + '/fake.json', 'utf8'));
const [name, ...args] = process.argv.slice(2);
fs.appendFileSync(cfg.log, JSON.stringify([name, ...args]) + '\\n');
fs.appendFileSync(cfg.envLog, JSON.stringify({ name, BOX_BUILD_DIR: process.env.BOX_BUILD_DIR ?? null,
  clasp_config_project: process.env.clasp_config_project ?? null }) + '\\n');
const line = [name, ...args].join(' ');
if (cfg.fail && (cfg.fail.endsWith('*') ? line.startsWith(cfg.fail.slice(0, -1)) : line === cfg.fail)) { console.error('fake ' + name + ': failing as told'); process.exit(1); }
if (name === 'clasp' && args[0] === 'update-deployment' && (cfg.deletedIds ?? []).includes(args[1])) {
  // What clasp says for a deployment that no longer exists: nothing that names the cause.
  console.error('Error: Requested entity was not found.');
  process.exit(1);
}
if (name === 'clasp' && args[0] === 'push') {
  const manifest = JSON.parse(fs.readFileSync(process.cwd() + '/build/appsscript.json', 'utf8'));
  fs.appendFileSync(cfg.pushLog, JSON.stringify(manifest.webapp.access) + '\\n');
}
if (name === 'clasp' && args[0] === 'list-deployments') {
  // The project's deployments: @HEAD, the ones deploy.json records but those the test says were deleted, and any
  // the test says deploy.json lost.
  const recorded = JSON.parse(fs.readFileSync(process.cwd() + '/deploy.json', 'utf8'));
  const ids = [recorded.adminDeploymentId, recorded.deploymentId, ...(cfg.lostIds ?? [])]
    .filter((id) => /^AKfy/.test(id ?? '') && !(cfg.deletedIds ?? []).includes(id));
  console.log(JSON.stringify([{ deploymentId: 'AKfycbFAKE-head', description: '' }, ...ids.map((deploymentId, i) => ({ deploymentId, versionNumber: i + 1, description: 'v0.1.0' }))]));
}
if (name === 'clasp' && args.includes('create-deployment')) {
  const n = fs.existsSync(cfg.createdCount) ? Number(fs.readFileSync(cfg.createdCount, 'utf8')) : 0;
  fs.writeFileSync(cfg.createdCount, String(n + 1));
  console.log('Deployed ' + cfg.createdIds[n] + ' @' + (n + 1));
}
`;

type Options = {
  /** deploy.json's deploymentId (the rest of the repository's deploy.json is kept). */
  deploymentId?: string;
  /** deploy.json's adminDeploymentId; null: the key left out, as in an older deploy.json. */
  adminDeploymentId?: string | null;
  /** .clasp.json's scriptId; 'committed' keeps the repository's file as committed. */
  scriptId?: string | 'committed';
  /** .clasp.dev.json's scriptId (made from .clasp.dev.example.json); null: no .clasp.dev.json, as in a fresh clone. */
  devScriptId?: string | null;
  /** The one command line (space-joined, e.g. 'npm run test:release') whose fake exits 1; ending in `*`, every line that starts with the rest. */
  fail?: string;
  /** Deployments the project has that deploy.json does not name (clasp list-deployments lists them). */
  lostIds?: string[];
  /** Deployments deploy.json records that were deleted in the Apps Script editor (clasp list-deployments leaves them out). */
  deletedIds?: string[];
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function sandbox({
  deploymentId = RECORDED_ID,
  adminDeploymentId = RECORDED_ADMIN_ID,
  scriptId = 'FAKE-SCRIPT-ID-123',
  devScriptId = 'FAKE-DEV-SCRIPT-ID-456',
  fail,
  lostIds,
  deletedIds,
}: Options = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'deploy-test-'));
  dirs.push(dir);
  const repo = path.join(dir, 'repo');
  const bin = path.join(dir, 'bin');
  const log = path.join(dir, 'calls.jsonl');
  const envLog = path.join(dir, 'env.jsonl');
  const pushLog = path.join(dir, 'pushes.jsonl');
  mkdirSync(path.join(repo, 'scripts'), { recursive: true });
  mkdirSync(bin);
  copyFileSync(path.join(ROOT, 'scripts/deploy.ts'), path.join(repo, 'scripts/deploy.ts'));
  for (const file of ['package.json', 'deploy.json', '.clasp.json', 'appsscript.json'])
    copyFileSync(path.join(ROOT, file), path.join(repo, file));
  const deployFile = path.join(repo, 'deploy.json');
  const deployJsonOf = { ...JSON.parse(REPO_DEPLOY_JSON), deploymentId, adminDeploymentId };
  if (adminDeploymentId === null) delete deployJsonOf.adminDeploymentId;
  writeFileSync(deployFile, JSON.stringify(deployJsonOf, null, 2) + '\n');
  if (scriptId !== 'committed') {
    const committed = JSON.parse(readFileSync(path.join(ROOT, '.clasp.json'), 'utf8'));
    writeFileSync(path.join(repo, '.clasp.json'), JSON.stringify({ ...committed, scriptId }));
  }
  if (devScriptId !== null) {
    const example = JSON.parse(readFileSync(path.join(ROOT, '.clasp.dev.example.json'), 'utf8'));
    writeFileSync(path.join(repo, '.clasp.dev.json'), JSON.stringify({ ...example, scriptId: devScriptId }));
  }

  writeFileSync(path.join(bin, 'fake.js'), FAKE);
  writeFileSync(
    path.join(bin, 'fake.json'),
    JSON.stringify({
      log,
      envLog,
      pushLog,
      fail,
      lostIds,
      deletedIds,
      createdIds: CREATED_IDS,
      createdCount: path.join(dir, 'created.txt'),
    }),
  );
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
  /** The web-app access of the manifest each clasp push sent, in order. */
  const pushed = (): string[] => lines(pushLog).map((l) => JSON.parse(l));
  const builtManifest = () => JSON.parse(readFileSync(path.join(repo, 'build', 'appsscript.json'), 'utf8'));
  return { npmRun, calls, envs, deployJson, pushed, builtManifest };
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
  test('runs the checks, then pushes and updates the admin deployment, then the public one, and creates nothing', () => {
    const t = sandbox();
    const before = t.deployJson();
    const r = t.npmRun('deploy');
    succeeded(r);
    expect(t.calls()).toEqual(RELEASE);
    // Who may open each web app is in its version's manifest: the admin page's says MYSELF.
    expect(t.pushed()).toEqual(['MYSELF', 'ANYONE_ANONYMOUS']);
    // The code pushed last, and the manifest left in build/, are the public web app's.
    expect(t.builtManifest().webapp).toEqual({ executeAs: 'USER_DEPLOYING', access: 'ANYONE_ANONYMOUS' });
    expect(t.builtManifest().oauthScopes).toEqual(JSON.parse(readFileSync(path.join(ROOT, 'appsscript.json'), 'utf8')).oauthScopes);
    expect(deploymentsCreated(t.calls())).toEqual([]);
    expect(t.deployJson()).toBe(before);
    expect(r.stdout).toContain(`✓ Deployments ${RECORDED_ADMIN_ID} and ${RECORDED_ID} now run the new version; the URLs are unchanged.`);
    expect(r.stdout).toContain(`https://script.google.com/macros/s/${RECORDED_ADMIN_ID}/exec?view=admin`);
  });

  test('-- --first creates both deployments (admin page first), records their ids, and later releases update them', () => {
    const t = sandbox({ deploymentId: '', adminDeploymentId: '' });
    const r = t.npmRun('deploy', ['--first']);
    succeeded(r);
    expect(t.calls()).toEqual([LIST, CHECKS, PUSH, create(true), PUSH, create()]);
    expect(t.pushed()).toEqual(['MYSELF', 'ANYONE_ANONYMOUS']);
    const [adminId, publicId] = CREATED_IDS;
    const recorded = JSON.parse(t.deployJson());
    expect(recorded).toEqual({ ...JSON.parse(REPO_DEPLOY_JSON), deploymentId: publicId, adminDeploymentId: adminId });
    expect(r.stdout).toContain(`https://script.google.com/macros/s/${publicId}/exec`);
    expect(r.stdout).toContain(`https://script.google.com/macros/s/${adminId}/exec?view=admin`);

    const again = t.npmRun('deploy', ['--first']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`deploy.json already names deployments ${adminId} (admin page) and ${publicId} (residents)`);
    expect(t.calls()).toHaveLength(6);

    const release = t.npmRun('deploy');
    succeeded(release);
    expect(t.calls().slice(6)).toEqual([LIST, CHECKS, PUSH, update(adminId, true), PUSH, update(publicId)]);
    expect(deploymentsCreated(t.calls())).toHaveLength(2);
  });

  test("a box deployed before the admin page had its deployment: -- --first adds only that one; the residents' URL stays", () => {
    const t = sandbox({ adminDeploymentId: null });
    const plain = t.npmRun('deploy');
    expect(plain.status).toBe(1);
    expect(plain.stderr).toContain('deploy.json has no adminDeploymentId yet');
    expect(t.calls()).toEqual([]);
    succeeded(t.npmRun('deploy', ['--first']));
    expect(t.calls()).toEqual([LIST, CHECKS, PUSH, create(true), PUSH, update(RECORDED_ID)]);
    expect(JSON.parse(t.deployJson())).toMatchObject({ deploymentId: RECORDED_ID, adminDeploymentId: CREATED_IDS[0] });
  });

  test('-- --first with a deploy.json emptied (a fresh clone) while the deployments exist creates nothing and names them', () => {
    const lost = ['AKfycbFAKE-lost-admin-page-for-tests-0000', 'AKfycbFAKE-lost-residents-for-tests-0000'];
    const t = sandbox({ deploymentId: '', adminDeploymentId: '', lostIds: lost });
    const before = t.deployJson();
    const plain = t.npmRun('deploy');
    expect(plain.stderr).toContain('The very first time, run: npm run deploy -- --first');
    const r = t.npmRun('deploy', ['--first']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('the project already has deployments that deploy.json does not name:\n    ' + lost[0]);
    expect(r.stderr).toContain(lost[1]);
    expect(r.stderr).toContain("A new deployment would be a new URL and reprinted posters. Put the residents' id");
    expect(t.calls()).toEqual([LIST]);
    expect(t.deployJson()).toBe(before);
  });

  test('-- --first treats placeholder ids as none recorded', () => {
    const t = sandbox({ deploymentId: 'REPLACE_WITH_THE_DEPLOYMENT_ID', adminDeploymentId: 'REPLACE_WITH_THE_DEPLOYMENT_ID' });
    succeeded(t.npmRun('deploy', ['--first']));
    expect(deploymentsCreated(t.calls())).toHaveLength(2);
    expect(JSON.parse(t.deployJson())).toMatchObject({ adminDeploymentId: CREATED_IDS[0], deploymentId: CREATED_IDS[1] });
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

  test('refuses an admin deployment id that is not one, naming the key', () => {
    const t = sandbox({ adminDeploymentId: 'the admin one' });
    const r = t.npmRun('deploy');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/adminDeploymentId "the admin one" is not a deployment id/);
    expect(t.calls()).toEqual([]);
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
    expect(t.envs()).toEqual(
      ['clasp', 'npm', 'clasp', 'clasp', 'clasp', 'clasp'].map((name) => ({ name, BOX_BUILD_DIR: null, clasp_config_project: null })),
    );
  });
});

describe('a recorded deployment deleted in the Apps Script editor', () => {
  test("the residents' one: says what happened and what to do, before anything is built, pushed or created", () => {
    const t = sandbox({ deletedIds: [RECORDED_ID] });
    const before = t.deployJson();
    const r = t.npmRun('deploy');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `deploy.json's deploymentId ${RECORDED_ID} (residents) is not a deployment of this project any more: clasp list-deployments does not list it.`,
    );
    expect(r.stderr).toContain('Nothing was pushed or created.');
    expect(r.stderr).toContain(
      `Its URL, https://script.google.com/macros/s/${RECORDED_ID}/exec, no longer opens the box: every poster printed with it`,
    );
    expect(r.stderr).toContain('empty deploymentId in deploy.json and run npm run deploy -- --first');
    expect(r.stderr).toMatch(/Tạo lại toàn bộ poster" on the admin page and reprint the posters/);
    expect(t.calls()).toEqual([LIST]);
    expect(deploymentsCreated(t.calls())).toEqual([]);
    expect(t.deployJson()).toBe(before);
  });

  test("the admin page's: says the residents' URL is not concerned and how to make a new admin deployment", () => {
    const t = sandbox({ deletedIds: [RECORDED_ADMIN_ID] });
    const r = t.npmRun('deploy');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`deploy.json's adminDeploymentId ${RECORDED_ADMIN_ID} (the owner's admin page) is not a deployment`);
    expect(r.stderr).toContain('empty adminDeploymentId in deploy.json and run npm run deploy -- --first: it makes a new admin deployment');
    expect(r.stderr).not.toContain(`${RECORDED_ID} (residents)`);
    expect(t.calls()).toEqual([LIST]);
  });

  test('-- --first with a deleted one still recorded creates nothing either', () => {
    const t = sandbox({ adminDeploymentId: '', deletedIds: [RECORDED_ID] });
    const before = t.deployJson();
    const r = t.npmRun('deploy', ['--first']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`deploy.json's deploymentId ${RECORDED_ID} (residents) is not a deployment of this project any more`);
    expect(t.calls()).toEqual([LIST]);
    expect(t.deployJson()).toBe(before);
  });

  test('once the id is emptied, -- --first makes the new deployment and records it', () => {
    const t = sandbox({ deploymentId: '', deletedIds: [RECORDED_ID] });
    succeeded(t.npmRun('deploy', ['--first']));
    expect(t.calls()).toEqual([LIST, CHECKS, PUSH, update(RECORDED_ADMIN_ID, true), PUSH, create()]);
    expect(JSON.parse(t.deployJson())).toMatchObject({ adminDeploymentId: RECORDED_ADMIN_ID, deploymentId: CREATED_IDS[0] });
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
  ])('%s: a failing check calls no clasp but the read-only list of deployments', (_name, script, args, check) => {
    const first = args.includes('--first');
    const listed = script === 'deploy';
    const t = sandbox({ deploymentId: first ? '' : RECORDED_ID, adminDeploymentId: first ? '' : RECORDED_ADMIN_ID, fail: check });
    const before = t.deployJson();
    const r = t.npmRun(script, args);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`✗ ${check} failed (exit 1)`);
    expect(t.calls()).toEqual(listed ? [LIST, check.split(' ')] : [check.split(' ')]);
    expect(t.deployJson()).toBe(before);
  });

  test('a failing clasp push updates no deployment, and build/ keeps the public manifest', () => {
    const t = sandbox({ fail: 'clasp push --force' });
    const r = t.npmRun('deploy');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('✗ clasp push --force failed (exit 1)');
    expect(t.calls()).toEqual([LIST, CHECKS, PUSH]);
    expect(t.builtManifest().webapp.access).toBe('ANYONE_ANONYMOUS');
  });

  test('a failing update of the admin deployment stops before the public one is touched', () => {
    // The description carries the minute of the release, so the fake fails on the command line's start.
    const f = sandbox({ fail: `clasp update-deployment ${RECORDED_ADMIN_ID} --description *` });
    const r = f.npmRun('deploy');
    expect(r.status).toBe(1);
    expect(f.calls()).toEqual([LIST, CHECKS, PUSH, update(RECORDED_ADMIN_ID, true)]);
    expect(f.builtManifest().webapp.access).toBe('ANYONE_ANONYMOUS');
  });
});

test("the repository's own deploy.json is never written (runs last)", () => {
  expect(readFileSync(path.join(ROOT, 'deploy.json'), 'utf8')).toBe(REPO_DEPLOY_JSON);
});
