/**
 * cdk-nag 3 rule packs, run as CDK validation plugins: with any unacknowledged finding (error or
 * warning) `app.synth()` throws, so `cdk synth`, `cdk deploy` and the infra tests all fail.
 *
 * Acknowledgements live next to the construct they concern, each naming one rule (or one finding
 * of a rule) with a one-sentence reason, through {@link acknowledge}.
 */
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, type NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** Adds the AwsSolutions and HIPAA Security packs to an app and returns them. */
export function addNagChecks(app: App): NagPack[] {
  const packs = [new AwsSolutionsChecks(app), new HIPAASecurityChecks(app)];
  Validations.of(app).addPlugins(...packs);
  return packs;
}

/**
 * Acknowledges rules on a construct and everything below it.
 *
 * @example
 * acknowledge(fn, { 'HIPAA.Security-LambdaInsideVPC': 'The function reaches only public AWS APIs.' });
 */
export function acknowledge(scope: IConstruct, reasons: Record<string, string>): void {
  for (const [id, reason] of Object.entries(reasons)) {
    Validations.of(scope).acknowledge({ id, reason });
  }
}
