/**
 * Synthesizes the real Peegel CDK app for tests: the same context (feature flags) as `cdk.json`,
 * a temp `outdir`, a small built site, and a `docker` on PATH that records any call — CDK must
 * bundle with the local esbuild and never fall back to Docker.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { buildPeegel, type PeegelStacks } from '../../infra/app';
import { REPO_ROOT } from '../../infra/bundling';

/** Context a test deployment uses; every key set, nothing left at a placeholder. */
export const TEST_CONTEXT = {
  stage: 'test',
  livekitUrl: 'wss://peegel-test.livekit.cloud',
  mailFrom: 'sessions@practice.example',
  publicUrl: 'https://d111111abcdef8.cloudfront.net',
} as const;

/** The `context` block of cdk.json (feature flags), as the CLI would pass it. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

/** A minimal built web app: index.html plus one hashed asset. */
export function testSiteDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'peegel-site-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>Peegel</title><script type="module" src="/assets/index-abc123.js"></script>',
  );
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("peegel");');
  return dir;
}

export interface Synthesized {
  app: App;
  stacks: PeegelStacks;
  assembly: CloudAssembly;
  outdir: string;
  data: Template;
  api: Template;
  web: Template;
  /** Arguments of every `docker` invocation during synthesis (expected: none). */
  dockerCalls: string[];
}

export interface SynthOptions {
  /** Extra context, overriding TEST_CONTEXT. */
  context?: Record<string, unknown>;
  /** Cloud assembly folder; a new temp folder by default. */
  outdir?: string;
  /** Change the app after it is built, before synthesis. */
  extend?: (stacks: PeegelStacks) => void;
}

/** Builds the real app and runs `app.synth()` (which runs cdk-nag and throws on findings). */
export function synthesize(options: SynthOptions = {}): Synthesized {
  const outdir = options.outdir ?? mkdtempSync(join(tmpdir(), 'peegel-cdk-'));
  // Bundling stays on even where a test ignores the code: esbuild takes a fraction of a second,
  // while skipping it makes CDK hash the whole project root (node_modules included) instead.
  const context: Record<string, unknown> = {
    ...cdkJsonContext(),
    ...TEST_CONTEXT,
    webDir: testSiteDir(),
    ...options.context,
  };

  const docker = fakeDocker();
  const path = process.env.PATH;
  process.env.PATH = `${docker.dir}${delimiter}${path ?? ''}`;
  try {
    const app = new App({ outdir, context });
    const stacks = buildPeegel(app);
    options.extend?.(stacks);
    const assembly = app.synth();
    const template = (artifactId: string) =>
      Template.fromJSON(assembly.getStackArtifact(artifactId).template as Record<string, unknown>);
    return {
      app,
      stacks,
      assembly,
      outdir,
      data: template(stacks.data.artifactId),
      api: template(stacks.api.artifactId),
      web: template(stacks.web.artifactId),
      dockerCalls: docker.calls(),
    };
  } finally {
    process.env.PATH = path;
  }
}

function fakeDocker(): { dir: string; calls: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'peegel-fake-docker-'));
  const log = join(dir, 'calls.log');
  const script = join(dir, 'docker');
  writeFileSync(script, `#!/bin/sh\necho "$*" >> '${log}'\nexit 1\n`);
  chmodSync(script, 0o755);
  return {
    dir,
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []),
  };
}
