/**
 * The deploy script's clasp command lines, checked with a fake `clasp` that records its arguments. Nothing calls Google.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

function setup(deploymentId: string, scriptId = 'FAKE-SCRIPT-ID-123') {
  const dir = mkdtempSync(path.join(tmpdir(), 'deploy-'));
  const log = path.join(dir, 'clasp.log');
  const bin = path.join(dir, 'clasp');
  writeFileSync(
    bin,
    `#!/bin/sh\necho "$@" >> "${log}"\ncase "$*" in *create-deployment*) echo "Deployed AKfycbFAKEdeploymentIdForTests0123456789 @7";; esac\n`,
  );
  chmodSync(bin, 0o755);
  const deployFile = path.join(dir, 'deploy.json');
  writeFileSync(deployFile, JSON.stringify({ deploymentId }));
  const project = path.join(dir, '.clasp.json');
  writeFileSync(project, JSON.stringify({ scriptId, rootDir: 'build' }));
  const run = (...args: string[]) =>
    spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/deploy.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        CLASP_BIN: bin,
        DEPLOY_CONFIG: deployFile,
        CLASP_PROJECT: project,
        DEPLOY_SKIP_CHECKS: '1',
        BOX_BUILD_DIR: path.join(dir, 'build'),
      },
    });
  const calls = () => (readFileSync(log, { encoding: 'utf8', flag: 'a+' }) || '').trim().split('\n').filter(Boolean);
  return { run, calls, deployFile, project };
}

test('a normal release pushes and updates the one recorded deployment, never creating one', () => {
  const t = setup('AKfycbEXISTINGdeployment000000000000');
  const r = t.run();
  expect(r.status).toBe(0);
  expect(t.calls()).toEqual([
    `-P ${t.project} push --force`,
    expect.stringMatching(
      new RegExp(`^-P ${t.project.replace(/[.]/g, '\\.')} update-deployment AKfycbEXISTINGdeployment000000000000 --description v`),
    ),
  ]);
  expect(t.calls().join('\n')).not.toMatch(/create-deployment/);
});

test('--first creates the deployment once and records its id', () => {
  const t = setup('');
  const r = t.run('--first');
  expect(r.status).toBe(0);
  expect(t.calls()[1]).toMatch(/create-deployment --description/);
  expect(JSON.parse(readFileSync(t.deployFile, 'utf8')).deploymentId).toBe('AKfycbFAKEdeploymentIdForTests0123456789');
  const again = t.run('--first');
  expect(again.status).not.toBe(0);
  expect(again.stderr).toMatch(/already names deployment/);
});

test('without a recorded deployment a normal release refuses and calls nothing', () => {
  const t = setup('');
  const r = t.run();
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(/npm run deploy -- --first/);
  expect(t.calls()).toEqual([]);
});

test('a placeholder script id is refused before anything runs', () => {
  const t = setup('AKfycbX', 'REPLACE_WITH_YOUR_SCRIPT_ID');
  const r = t.run();
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(/no real scriptId/);
  expect(t.calls()).toEqual([]);
});
