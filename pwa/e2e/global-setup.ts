// Starts one server for all e2e files: the real `gongzhi` binary serving a fresh build of pwa/dist.
//   GONGZHI_BIN           server binary (default /work/target/debug/gongzhi)
//   GONGZHI_E2E_BASE_URL  use an already running server instead (then nothing is built or started)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const pwaDir = resolve(fileURLToPath(new URL('..', import.meta.url)));
const outDir = join(pwaDir, 'e2e', 'out');

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => ok(port));
    });
  });
}

async function waitHealthy(baseUrl: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`gongzhi exited early (${child.exitCode ?? child.signalCode}); see ${logFile}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`gongzhi did not answer GET /healthz with 200 within 60 s; see ${logFile}`);
}

export default async function setup(project: TestProject) {
  const external = process.env['GONGZHI_E2E_BASE_URL'];
  if (external) {
    project.provide('baseUrl', external.replace(/\/$/, ''));
    return;
  }

  // Always test the current sources: build dist/ first (about 1 s).
  const vite = spawnSync(process.execPath, [join(pwaDir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: pwaDir,
    stdio: 'inherit',
    // vitest sets NODE_ENV=test, which would make vite emit a development bundle (and no SW registration).
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (vite.status !== 0) throw new Error('vite build failed');

  const bin = process.env['GONGZHI_BIN'] ?? '/work/target/debug/gongzhi';
  if (!existsSync(bin)) {
    throw new Error(`server binary not found: ${bin}. Build it (cargo build) or set GONGZHI_BIN.`);
  }

  mkdirSync(outDir, { recursive: true });
  const logFile = join(outDir, 'server.log');
  const log = createWriteStream(logFile);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'gongzhi-e2e-'));
  const child = spawn(bin, [], {
    env: {
      ...process.env,
      GONGZHI_HOST: '127.0.0.1',
      GONGZHI_PORT: String(port),
      GONGZHI_DATA_DIR: dataDir,
      GONGZHI_PWA_DIR: join(pwaDir, 'dist'),
      // The push tests register a loopback endpoint; the server refuses loopback and
      // private hosts unless told this is a test (and then only ever calls loopback).
      GONGZHI_PUSH_ALLOW_HTTP: 'true',
      // One demo resident files for every test file: far more than the hourly limit a person
      // gets (its own test is in tests/tests/api/security.rs).
      GONGZHI_FILING_MAX_PER_HOUR: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(baseUrl, child, logFile);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  project.provide('baseUrl', baseUrl);

  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
