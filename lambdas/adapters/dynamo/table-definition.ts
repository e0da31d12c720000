/**
 * The one description of Kubelab's DynamoDB table. The CDK stack builds the AWS table from it
 * and local mode creates the embedded table from it, so the two can never drift apart.
 *
 * Single-table layout (see docs/ARCHITECTURE.md):
 *   pk = CLUSTER#<id>     sk = DELTA                      a simulated cluster's version, the base slot it builds on, the edit since (cluster-store.ts)
 *   pk = CLUSTER#<id>     sk = STATE, STATE#1             the cluster's two base slots (a whole compressed snapshot each, version, writer)
 *   pk = CLUSTER#<id>     sk = VERSION                    which version DELTA is at, for a 1-unit version check, and the health figures
 *   pk = CLUSTER#<id>     sk = WORKSPACE                  the learner's workspace files beside it (JSON, version)
 *   pk = CLUSTER#<id>     sk = COMMANDS                   the learner's last 20 web-terminal lines (JSON, version)
 *   pk = CLUSTER#<id>     sk = CONN#<connectionId>        a live picture's open socket (learnerId; TTL 2 h; connection-store.ts)
 *   pk = CONNECTION#<id>  sk = CONNECTION                 that socket's cluster, for its $disconnect (TTL 2 h)
 *   pk = COHORT#<id>      sk = COHORT                     a cohort (learnerCount: seats taken, by atomic counter)
 *   pk = COHORT#<id>      sk = LEARNER#<id>               a learner enrolled in the cohort
 *   pk = COHORT#<id>      sk = GRADE#<learner>#<time>#<id> a grade, in the learner's history
 *   pk = COHORT#<id>      sk = LATEST#<learner>#<exercise> the latest grade (progress, CSV export)
 *   pk = COHORT#<id>      sk = ANSWERS#<learner>#<exercise> a learner's answers to an exercise's questions
 *   pk = COHORT#<id>      sk = CONTAINERS                 the cohort's running real tasks (map by learner, counter `running`)
 *   pk = COHORT#<id>      sk = CONTAINER#<learner>        a learner's last ended real task
 *   pk = JOINCODE#<code>  sk = JOINCODE                   the cohort a join code opens
 *   pk = TOKEN#<sha256>   sk = TOKEN                      a bearer token, stored only as its hash
 *   pk = EXERCISE#<id>    sk = EXERCISE                   an instructor's exercise document
 *   pk = IDEMPOTENCY#<k>  sk = IDEMPOTENCY                a request's answer under an Idempotency-Key (TTL a day)
 *   gsi1pk = COHORTS          gsi1sk = <createdAt>#<id>   lists cohorts newest first
 *   gsi1pk = TOKENS#<kind>    gsi1sk = <createdAt>#<id>   lists admin and grader tokens
 *   gsi1pk = EXERCISES        gsi1sk = <id>               lists instructors' exercises
 *   gsi1pk = CONTAINERS       gsi1sk = <cohortId>         lists the cohorts that run real tasks (for the reaper)
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** Attribute names of the primary key. */
export const KEY = { partition: 'pk', sort: 'sk' } as const;

/** Global secondary indexes: name, key attributes, all attributes projected. */
export const INDEXES = [{ name: 'gsi1', partition: 'gsi1pk', sort: 'gsi1sk' }] as const;

/** Epoch-seconds attribute DynamoDB's TTL uses to expire items (e.g. expired tokens). */
export const TTL_ATTRIBUTE = 'expiresAt';

/** CreateTable input for a table of this shape; local mode uses it for the embedded server. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: KEY.partition, AttributeType: 'S' },
      { AttributeName: KEY.sort, AttributeType: 'S' },
      ...INDEXES.flatMap((index) => [
        { AttributeName: index.partition, AttributeType: 'S' as const },
        { AttributeName: index.sort, AttributeType: 'S' as const },
      ]),
    ],
    KeySchema: [
      { AttributeName: KEY.partition, KeyType: 'HASH' },
      { AttributeName: KEY.sort, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: INDEXES.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partition, KeyType: 'HASH' },
        { AttributeName: index.sort, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}
