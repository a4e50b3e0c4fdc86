/**
 * The Peegel CDK app: three stacks split by lifetime, checked by cdk-nag.
 *
 * - `peegel-<stage>-data`: table, KMS key, app secret (stateful, termination protection);
 * - `peegel-<stage>-api`: functions, HTTP API, schedule, email permission;
 * - `peegel-<stage>-web`: site bucket and CloudFront.
 *
 * @example
 * const app = new App();
 * buildPeegel(app);
 */
import { Tags, type App } from 'aws-cdk-lib';
import type { NagPack } from 'cdk-nag';
import { loadConfig, type PeegelConfig } from './config';
import { addNagChecks } from './nag';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';
import { WebStack } from './stacks/web-stack';
import { resolveSiteDir } from './web/site-dir';

/** PUBLIC_URL until the site's address is known (see README, "Without a custom domain"). */
export const PUBLIC_URL_PLACEHOLDER = 'https://public-url-not-configured.invalid';

export interface PeegelStacks {
  config: PeegelConfig;
  data: DataStack;
  api: ApiStack;
  web: WebStack;
  /** The cdk-nag packs registered on the app. */
  nagPacks: NagPack[];
  /** Context keys still at placeholder values, and whether the web build was missing. */
  warnings: string[];
}

export function buildPeegel(app: App, config: PeegelConfig = loadConfig(app.node)): PeegelStacks {
  const env = {
    region: config.region,
    ...(config.account !== undefined && { account: config.account }),
  };
  const prefix = `peegel-${config.stage}`;
  const warnings = config.placeholders.map(
    (key) => `context "${key}" is not set; using a placeholder that will not work when deployed`,
  );

  const data = new DataStack(app, `${prefix}-data`, {
    env,
    config,
    description: 'Peegel data: DynamoDB table, KMS key, app secret',
  });

  if (config.publicUrl === undefined) {
    warnings.push(
      'context "publicUrl" is not set (and no domainName): email links and the Origin check use a placeholder; ' +
        'deploy once, then again with -c publicUrl=<the web stack SiteUrl output>',
    );
  }
  const api = new ApiStack(app, `${prefix}-api`, {
    env,
    config,
    table: data.table,
    key: data.key,
    secret: data.secret,
    liveKitSecret: data.liveKitSecret,
    originSecret: data.originSecret,
    publicUrl: config.publicUrl ?? PUBLIC_URL_PLACEHOLDER,
    description: 'Peegel API: Lambda functions, HTTP API, reminder schedule',
  });

  const site = resolveSiteDir(config.webDir);
  if (site.placeholder) {
    warnings.push(
      `${config.webDir}/index.html not found: deploying a placeholder page; run npm run build first`,
    );
  }
  const web = new WebStack(app, `${prefix}-web`, {
    env,
    config,
    apiHost: api.apiHost,
    originSecret: data.originSecret,
    siteDir: site.path,
    key: data.key,
    description: 'Peegel web: site bucket and CloudFront distribution',
  });

  Tags.of(app).add('app', 'peegel');
  Tags.of(app).add('stage', config.stage);
  const nagPacks = addNagChecks(app);

  return { config, data, api, web, nagPacks, warnings };
}
