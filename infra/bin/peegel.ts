/** `cdk` entry point (see cdk.json). Configuration: infra/config.ts. */
import { App } from 'aws-cdk-lib';
import { buildPeegel } from '../app';

const app = new App();
const { warnings } = buildPeegel(app);
for (const warning of warnings) process.stderr.write(`[peegel] warning: ${warning}\n`);
