/**
 * The embedded DynamoDB's own process (embedded-dynamo.ts, `ownProcess`): starts dynalite on the
 * data directory given as its argument (none: in memory), tells the parent its port over the IPC
 * channel, and closes its store and exits when the channel closes, which it does when the parent
 * stops or dies.
 */
import { EmbeddedDynamoError, startDynalite, type ChildMessage } from './embedded-dynamo.ts';

const send = (message: ChildMessage) => process.send?.(message);

if (!process.send) {
  console.error('dynamo-process.ts runs as a child of the local server, started by embedded-dynamo.ts');
  process.exit(2);
}
try {
  const server = await startDynalite(process.argv[2]);
  process.once('disconnect', () => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  // Ctrl-C in a terminal reaches the whole process group: the parent stops this process in order.
  process.on('SIGINT', () => undefined);
  const port = Number(new URL(server.endpoint).port);
  send({ port });
} catch (error) {
  send({ error: error instanceof EmbeddedDynamoError ? error.message : `cannot start the embedded DynamoDB: ${String(error)}` });
  process.exit(1);
}
