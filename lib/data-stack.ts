/**
 * Kubelab's stateful resources. Kept apart from the stateless stack so that redeploying,
 * replacing or deleting the API never touches learners' data.
 */
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableEncryptionV2, TableV2, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { INDEXES, KEY, TTL_ATTRIBUTE } from '#adapters/dynamo/table-definition.ts';

/** Properties of the KubelabDataStack. */
export interface KubelabDataStackProps extends StackProps {}

/** The DynamoDB table holding clusters, cohorts, learners and tokens. */
export class KubelabDataStack extends Stack {
  /**
   * The single table, as the interface rather than the TableV2 construct: other stacks may name
   * it and grant on it, but cannot add indexes or replicas to it from outside this stack.
   * ITableV2 rather than the wider ITable so the type says what the table is (a TableV2,
   * AWS::DynamoDB::GlobalTable) and carries its `grants`.
   */
  readonly table: ITableV2;

  constructor(scope: Construct, id: string, props: KubelabDataStackProps = {}) {
    super(scope, id, props);

    // The id 'Table' is a contract: changing it makes CloudFormation create a new, empty table.
    // TableV2 rather than Table because moving from one to the other later would mean
    // replacing (or re-importing) this table, and TableV2 is where CDK's DynamoDB work goes.
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: KEY.partition, type: AttributeType.STRING },
      sortKey: { name: KEY.sort, type: AttributeType.STRING },
      globalSecondaryIndexes: INDEXES.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partition, type: AttributeType.STRING },
        sortKey: { name: index.sort, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      })),
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      // The live picture's push function reads it for the VERSION items a save marks stable
      // (lib/constructs/picture-channel.ts): the old image tells that mark (pending taken away)
      // from the item's other writes.
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      encryption: TableEncryptionV2.awsManagedKey(),
      // Learners' clusters and grades outlive any deployment; deleting the stack keeps the table,
      // and deleting the table itself (console, CLI, a stray script) is refused until an operator
      // turns deletion protection off on purpose (docs/DEPLOY.md, "Teardown").
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
  }
}
