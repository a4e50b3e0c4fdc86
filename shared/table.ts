/**
 * The one DynamoDB table definition. `infra/` deploys it (TableV2) and local mode creates it in
 * dynalite from the same description, so the two never drift apart.
 *
 * Items (pk / sk):
 * - `THERAPIST#<id>` / `PROFILE`     therapist profile, settings and availability
 * - `THERAPIST#<id>` / `CALENDAR`    every booked interval of the therapist (the no-overlap lock)
 * - `EMAIL#<email>`  / `EMAIL`       unique email → therapist id
 * - `SLUG#<slug>`    / `SLUG`        unique public slug → therapist id
 * - `SIGNIN#<hash>`  / `SIGNIN`      single-use sign-in link (expiresAt)
 * - `AUTH#<hash>`    / `AUTH`        therapist session (expiresAt)
 * - `BOOKING#<id>`   / `BOOKING`     a booking (gsi1: therapist's bookings by start)
 * - `INVITE#<hash>`  / `INVITE`      a partner's personal invite token (expiresAt)
 * - `IDEM#<scope>#<key>` / `IDEM`    idempotency record (expiresAt)
 * - `RATE#<scope>#<key>#<window>` / `RATE`  rate-limit counter (expiresAt)
 * - `REMINDER`       / `<sendAt>#<bookingId>#<kind>`  pending reminder emails
 * - `SESSION#<id>`   / `STATE#OVERLAY` · `STATE#LOBBY#<A|B>` · `STATE#ENDED` · `EVENT#<iso>#<uuid>` · `HOOK#<eventId>`  live session (see functions/sessions/repo.ts)
 */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: [{ indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
} as const;

/** Default table name for local mode and tests; deployments get a generated name. */
export const LOCAL_TABLE_NAME = 'peegel';

/** The `CreateTable` input for a DynamoDB-compatible server (local mode, tests). */
export function createTableInput(tableName: string) {
  const keyNames = [TABLE.partitionKey, TABLE.sortKey, ...TABLE.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: TABLE.indexes.map((i) => ({
      IndexName: i.indexName,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: i.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
