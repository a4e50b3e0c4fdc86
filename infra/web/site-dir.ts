/**
 * Where the web stack takes the site from: the built web app (`npm run build:web` → dist/web), or,
 * when it has not been built, a one-page placeholder so the app still synthesizes (tests, a first
 * `npm run synth`). Deploying the placeholder is never what you want: the app warns.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { REPO_ROOT } from '../bundling';

export interface SiteDir {
  path: string;
  /** True when `webDir` held no index.html and the placeholder page is used. */
  placeholder: boolean;
}

const PLACEHOLDER_HTML = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Peegel</title></head>
  <body><p>The Peegel web app was not built before this deployment. Run <code>npm run build</code> and deploy again.</p></body>
</html>
`;

export function resolveSiteDir(webDir: string): SiteDir {
  const path = isAbsolute(webDir) ? webDir : join(REPO_ROOT, webDir);
  if (existsSync(join(path, 'index.html'))) return { path, placeholder: false };
  const placeholder = join(tmpdir(), 'peegel-web-placeholder');
  mkdirSync(placeholder, { recursive: true });
  writeFileSync(join(placeholder, 'index.html'), PLACEHOLDER_HTML);
  return { path: placeholder, placeholder: true };
}
