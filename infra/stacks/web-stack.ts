/**
 * The site and the CDN: the built web app in a private, versioned S3 bucket, served by CloudFront
 * through origin access control, with `/api/*` routed to the HTTP API on the same origin (session
 * cookies stay first-party, no CORS) and security headers on every response. CloudFront adds the
 * origin secret to every API request (a Secrets Manager dynamic reference, resolved by
 * CloudFormation; the value is never in the template), and the API refuses requests without it.
 */
import {
  CfnOutput,
  DefaultStackSynthesizer,
  Duration,
  RemovalPolicy,
  SecretValue,
  Stack,
  Token,
  type StackProps,
} from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectOwnership,
  type CfnBucket,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { LOG_RETENTION } from '../api/app-function';
import type { PeegelConfig } from '../config';
import { acknowledge } from '../nag';
import {
  CLIENT_IP_FUNCTION,
  ORIGIN_SECRET_HEADER,
  SPA_REWRITE_FUNCTION,
} from '../web/edge-functions';
import {
  contentSecurityPolicy,
  HSTS_MAX_AGE_SECONDS,
  PERMISSIONS_POLICY,
} from '../web/security-headers';

export interface WebStackProps extends StackProps {
  config: PeegelConfig;
  /** Host name of the HTTP API (its execute-api endpoint). */
  apiHost: string;
  /** Folder with the built site (index.html + assets/). */
  siteDir: string;
  /** Encrypts the deployment helper's log group. */
  key: IKey;
  /** Its value goes into the API origin's {@link ORIGIN_SECRET_HEADER}. */
  originSecret: ISecret;
}

/** The path pattern CloudFront sends to the API. */
export const API_PATH_PATTERN = '/api/*';

export class WebStack extends Stack {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly siteUrl: string;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.bucket = new Bucket(this, 'SiteBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      // Only built files live here; keeping the bucket on stack deletion avoids a custom resource
      // that empties it. README "Tearing it down" says how to remove it by hand.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.bucket, {
      'AwsSolutions-S1':
        'The bucket holds only the public build of the web app and is read solely by CloudFront, so server access logs would record nothing but CloudFront fetches.',
      'HIPAA.Security-S3BucketLoggingEnabled':
        'The bucket holds only the public build of the web app and is read solely by CloudFront, so server access logs would record nothing but CloudFront fetches.',
      'HIPAA.Security-S3BucketReplicationEnabled':
        'The content is rebuilt from the repository on every deployment, so a replica would add cost without protecting anything.',
      'HIPAA.Security-S3DefaultEncryptionKMS':
        'The bucket holds only the public web app (no personal data), so S3-managed encryption suffices and avoids giving CloudFront a KMS key grant.',
    });

    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `Peegel ${config.stage} security headers`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(config.livekitUrl),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.SAME_ORIGIN, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: PERMISSIONS_POLICY, override: true },
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
        ],
      },
    });

    const spaRewrite = new CloudFrontFunction(this, 'SpaRewrite', {
      comment: 'Serve index.html for app paths',
      code: FunctionCode.fromInline(SPA_REWRITE_FUNCTION),
      runtime: FunctionRuntime.JS_2_0,
    });
    const clientIp = new CloudFrontFunction(this, 'ClientIp', {
      comment: 'Pass the viewer IP to the API',
      code: FunctionCode.fromInline(CLIENT_IP_FUNCTION),
      runtime: FunctionRuntime.JS_2_0,
    });

    const customDomain =
      config.domainName !== undefined && config.certificateArn !== undefined
        ? {
            domainNames: [config.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', config.certificateArn),
          }
        : undefined;

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Peegel ${config.stage}`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America and Europe edges: the users are in the EU, and it is the cheapest class.
      priceClass: PriceClass.PRICE_CLASS_100,
      ...(customDomain && {
        ...customDomain,
        minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [
          { function: spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        [API_PATH_PATTERN]: {
          origin: new HttpOrigin(props.apiHost, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [OriginSslPolicy.TLS_V1_2],
            readTimeout: Duration.seconds(30),
            customHeaders: { [ORIGIN_SECRET_HEADER]: originSecretReference(props) },
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Every viewer header, cookie and query string except Host, which must be the API's own.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
          functionAssociations: [
            { function: clientIp, eventType: FunctionEventType.VIEWER_REQUEST },
          ],
        },
      },
    });
    acknowledge(this.distribution, {
      'AwsSolutions-CFR1':
        'Couples and therapists join sessions from wherever they are, so the site is not restricted by country.',
      'AwsSolutions-CFR2':
        'The app rate-limits sign-in and token attempts itself and the API stage is throttled; a WAF web ACL (us-east-1, about 6 USD a month) can be added when traffic warrants it.',
      'AwsSolutions-CFR3':
        'CloudFront standard logs would record full URLs and client IPs of therapy clients; API requests are logged by the API access log with ids only.',
      ...(customDomain === undefined && {
        'AwsSolutions-CFR4':
          'Without a custom domain the distribution uses the default *.cloudfront.net certificate, whose TLS policy cannot be chosen; set domainName and certificateArn for TLSv1.2_2021.',
      }),
    });

    // Hashed build files first (kept across deployments so open tabs can still load old chunks),
    // then everything else with no-cache so a new index.html is picked up at once.
    const handlerLogs = new LogGroup(this, 'DeploymentLogs', {
      retention: LOG_RETENTION,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const handlerRole = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the built web app into the site bucket',
    });
    handlerLogs.grantWrite(handlerRole);
    const site = Source.asset(props.siteDir);
    const assets = new BucketDeployment(this, 'DeployAssets', {
      sources: [site],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: ['assets/*'],
      prune: false,
      cacheControl: [
        CacheControl.setPublic(),
        CacheControl.maxAge(Duration.days(365)),
        CacheControl.immutable(),
      ],
      role: handlerRole,
      logGroup: handlerLogs,
    });
    const pages = new BucketDeployment(this, 'DeployPages', {
      sources: [site],
      destinationBucket: this.bucket,
      exclude: ['assets/*'],
      prune: true,
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      role: handlerRole,
      logGroup: handlerLogs,
    });
    pages.node.addDependency(assets);
    this.acknowledgeDeploymentHandler(handlerRole);

    this.siteUrl = `https://${config.domainName ?? this.distribution.distributionDomainName}`;
    new CfnOutput(this, 'SiteUrl', { value: this.siteUrl });
    new CfnOutput(this, 'DistributionDomainName', {
      value: this.distribution.distributionDomainName,
      description: 'Point the custom domain here (CNAME or Route 53 alias)',
    });
  }

  /**
   * BucketDeployment's copy handler is aws-cdk-lib's own code and policy; it runs only while
   * CloudFormation deploys the site.
   */
  private acknowledgeDeploymentHandler(role: Role): void {
    const stack = Stack.of(this);
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const assetBucket = `arn:${stack.partition}:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${account}-${stack.region}`;
    const siteBucketId = stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    const grant =
      'CDK BucketDeployment grants its copy handler this standard action group, limited to the CDK asset bucket and the site bucket.';
    acknowledge(role, {
      'AwsSolutions-IAM5[Action::s3:GetBucket*]': grant,
      'AwsSolutions-IAM5[Action::s3:GetObject*]': grant,
      'AwsSolutions-IAM5[Action::s3:List*]': grant,
      'AwsSolutions-IAM5[Action::s3:Abort*]': grant,
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]': grant,
      [`AwsSolutions-IAM5[Resource::${assetBucket}/*]`]:
        'The copy handler reads the uploaded site archive from the CDK bootstrap asset bucket, whose object keys are content hashes.',
      [`AwsSolutions-IAM5[Resource::<${siteBucketId}.Arn>/*]`]:
        'The copy handler uploads and prunes the objects of the site bucket, which holds nothing else.',
      'AwsSolutions-IAM5[Resource::*]':
        'CDK BucketDeployment grants cloudfront:CreateInvalidation and GetInvalidation on * so the handler can invalidate the cache after copying.',
      'HIPAA.Security-IAMNoInlinePolicy':
        'CDK BucketDeployment adds its grants to the handler role as an inline policy and offers no way to direct them to a managed policy.',
    });
    const handler = stack.node.children.find((c) =>
      c.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (handler === undefined) throw new Error('BucketDeployment handler not found');
    acknowledge(handler, {
      'AwsSolutions-L1':
        'The runtime of the BucketDeployment handler is chosen and updated by aws-cdk-lib, not by this app.',
      'HIPAA.Security-LambdaInsideVPC':
        'The handler runs only during deployments and talks only to the S3 and CloudFront APIs.',
      'HIPAA.Security-LambdaConcurrency':
        'The handler runs once per site deployment, so its concurrency is bounded by deployments.',
      'HIPAA.Security-LambdaDLQ':
        'CloudFormation invokes the handler as a custom resource and reports its failure in the deployment itself.',
    });
  }
}

/**
 * `{{resolve:secretsmanager:…}}` for the origin secret: CloudFormation puts the value into the
 * distribution at deploy time, so it never appears in the template or the cloud assembly. With
 * `originSecretVersion` set (after a rotation, README "Security") the reference names that
 * version, which changes the template and makes CloudFormation hand the new value to CloudFront.
 */
function originSecretReference(props: WebStackProps): string {
  const versionId = props.config.originSecretVersion;
  return SecretValue.secretsManager(props.originSecret.secretArn, {
    ...(versionId !== undefined && { versionId }),
  }).unsafeUnwrap();
}
