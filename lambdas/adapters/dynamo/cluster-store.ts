/**
 * Clusters in DynamoDB: one item per cluster holding the compressed snapshot and a version
 * number. Every save is a conditional put on that version, so two writers can never both win.
 *
 * Beside it, a small VERSION item says which version the cluster is at, so a reader holding a
 * decoded copy checks it for 1 read unit where reading even the version alone from the cluster item
 * costs the whole item's (8 to 9 units for a learner's cluster: DynamoDB sizes a read by the item,
 * projection or not). It is a hint, kept so that trusting it is never wrong: a save first marks the
 * version it is about to write as pending (never lowering it), then writes the cluster item, then
 * marks that version stable if it is still the one pending. A reader believes only a stable
 * version; a pending or missing one sends it to the cluster item, as before. So whatever is killed
 * when, a stable version is the cluster item's version: the one writer that can make version n
 * stable wrote cluster item n, and any later writer marked n + 1 pending before writing its item.
 *
 * The VERSION item also carries the cluster's health figures (core/health.ts), which the
 * instructor's matrix reads for a whole room at half a read unit a learner: a save writes them as
 * it marks its version stable, and a read that finds them changed without storing anything (the
 * live picture: pods failing at their timers) writes them again, if the version is still the one
 * it read (noteHealth).
 *
 * The snapshot is brotli at SNAPSHOT_QUALITY (`encoding: 'br'`): smaller than gzip's default level
 * and faster to compress (docs/BENCHMARKS.md, "Stored form"). Items written before carry no
 * `encoding` and are gzip; they stay readable and become brotli at their next save.
 */
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from 'node:zlib';
import { GetItemCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClusterSnapshot } from '#core/cluster.ts';
import { type ClusterHealth, healthOf } from '#core/health.ts';
import { BusyError, ClusterTooLargeError, StaleWriteError } from '#services/errors.ts';
import type { ClusterChangeNotifier } from '#services/picture-changes.ts';
import type { ClusterHealthReader, ClusterRepository, StoredClusterHealth, StoredCluster } from '#services/ports.ts';
import type { CommandHistoryRepository, CommandRecord, StoredCommands } from '#services/terminal/command-history.ts';
import type { StoredWorkspace, WorkspaceFile, WorkspaceRepository } from '#services/workspace/workspace.ts';
import { isConditionFailure, plainClientOf, updateIf } from './client.ts';
import { KEY } from './table-definition.ts';

/** Settings of the cluster store. */
export interface ClusterStoreOptions {
  readonly tableName: string;
  /** Largest compressed snapshot accepted, in bytes (DynamoDB items stop at 400 KB). */
  readonly maxClusterBytes: number;
  /**
   * This process is the table's only writer (local mode: the embedded DynamoDB's LevelDB lock
   * guarantees it), so the versions this process saved or read are the stored ones and
   * `loadVersion` answers from them without a request. Never on AWS, where Lambda instances
   * share the table. Default false.
   */
  readonly soleWriter?: boolean;
  /**
   * Check the stored text of each object saved before against the object at every save, so a
   * change made in place anywhere in the core fails loudly instead of being stored stale (see
   * snapshotJson). The tests turn it on; it costs a JSON.stringify per object per save. Default false.
   */
  readonly verifyReusedText?: boolean;
  /** Brotli's quality for the snapshot (1 to 11). Default SNAPSHOT_QUALITY. */
  readonly snapshotQuality?: number;
  /**
   * Told each time a save made a version stable (the VERSION item's mark): local mode's push to the
   * live picture (services/picture-changes.ts). On AWS the table's stream carries the same news.
   */
  readonly onStable?: ClusterChangeNotifier;
}

/**
 * For a sole writer, what this process knows of each cluster's stored version, shared by every
 * store of the process (local mode composes one per handler):
 *
 * - `version`: the lowest version the cluster can have in the table: the latest this process
 *   saved or read, never lowered; forgotten only when the cluster is deleted;
 * - `exact`: whether the table holds exactly that, so `loadVersion` answers without a request.
 *   A refused or unknown save (one that timed out may have landed) leaves the table at that
 *   version or later, so the version stays as a bound and is no longer exact.
 *
 * The bound is a second line against the embedded DynamoDB, which has been seen to break it:
 * with the iterators dynalite left open (closed since: embedded-dynamo.ts), its LevelDB store
 * answered some reads with a cluster item several versions old, and dynalite checks a write's
 * condition with such a read too, so a save based on one landed and put the old cluster back
 * (docs/ARCHITECTURE.md, "The embedded DynamoDB's stale reads"). A read below the bound is
 * therefore not believed: it is asked again, and if the store keeps answering old, the request
 * is refused as busy instead of going on from it.
 */
const knownVersions = new Map<string, { readonly version: number; readonly exact: boolean }>();

/** A cluster's item as read: its snapshot's bytes and encoding, and its version. */
interface ClusterItem {
  readonly state?: unknown;
  readonly encoding?: unknown;
  readonly version?: unknown;
}

/** How often, and how long apart, a read below the floor is asked again before the request gives up. */
const STALE_READ_RETRIES = 12;
const STALE_READ_DELAY_MS = 25;


/**
 * The health figures this process last wrote to each cluster's VERSION item, with their version,
 * so a read writes them only when they differ (noteHealth). A hint: forgetting one costs a write.
 */
const healthWritten = new Map<string, string>();
/** Most clusters healthWritten remembers; the oldest are forgotten first. */
const HEALTH_WRITTEN_MAX = 10_000;

/** BatchGetItem's most keys a call. */
const BATCH_GET_KEYS = 100;
/** How often keys DynamoDB left unprocessed (throttled) are asked again, a little later each time. */
const BATCH_GET_RETRIES = 5;

/** DynamoDB implementation of the cluster repository, and of the workspace kept beside each cluster. */
export class DynamoClusterStore implements ClusterRepository, ClusterHealthReader, WorkspaceRepository, CommandHistoryRepository {
  /** For the calls of every request (version, snapshot, save): see plainClientOf. */
  private readonly plain: DynamoDBClient | undefined;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly options: ClusterStoreOptions,
  ) {
    this.plain = plainClientOf(client);
  }

  async create(snapshot: ClusterSnapshot): Promise<void> {
    if (!(await this.markPending(snapshot.id, 1))) throw new StaleWriteError(`cluster ${snapshot.id} already exists`);
    const health = await this.put(snapshot, 1, `attribute_not_exists(${KEY.partition})`, {}, `cluster ${snapshot.id} already exists`);
    await this.markStable(snapshot.id, 1, health);
    this.know(snapshot.id, 1);
  }

  async load(id: string): Promise<StoredCluster | undefined> {
    const item = await this.getCurrentItem(id);
    if (!item) return undefined;
    this.know(id, item.version as number, 'at least');
    return { snapshot: decodeSnapshot(item.state as Uint8Array, item.encoding), version: item.version as number };
  }

  async loadVersion(id: string): Promise<number | undefined> {
    const known = this.options.soleWriter ? knownVersions.get(id) : undefined;
    if (known?.exact) return known.version;
    // Where other processes write (AWS), the VERSION item's stable version; a sole writer keeps the
    // cluster item's own, checked against what it saved (getCurrentItem).
    if (!this.options.soleWriter) {
      const stable = await this.stableVersion(id);
      if (stable !== undefined) return stable;
    }
    const version = (await this.getCurrentItem(id, 'version'))?.version as number | undefined;
    if (version !== undefined) this.know(id, version, 'at least');
    return version;
  }

  /**
   * The health figures of each cluster's VERSION item (written at every save, and by a read that
   * found them changed), a hundred clusters a request: what the instructor's matrix shows for a
   * room without reading a snapshot, half a read unit a cluster. Eventually consistent, as a
   * dashboard may be a second behind; a cluster not found, or not saved since the figures moved to
   * the VERSION item, is left out.
   */
  async healthOf(ids: readonly string[]): Promise<ReadonlyMap<string, StoredClusterHealth>> {
    const found = new Map<string, StoredClusterHealth>();
    const unique = [...new Set(ids)];
    for (let start = 0; start < unique.length; start += BATCH_GET_KEYS) {
      let keys: Record<string, unknown>[] = unique.slice(start, start + BATCH_GET_KEYS).map(versionKey);
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt > BATCH_GET_RETRIES) throw new BusyError(`the table kept ${keys.length} clusters' health unread (throttled); try again in a second`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, STALE_READ_DELAY_MS * 2 ** attempt));
        const { Responses, UnprocessedKeys } = await this.client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.options.tableName]: {
                Keys: keys,
                ProjectionExpression: '#pk, #pods, #failing, #changed, #saved',
                ExpressionAttributeNames: { '#pk': KEY.partition, '#pods': 'pods', '#failing': 'failingPods', '#changed': 'changedAt', '#saved': 'updatedAt' },
              },
            },
          }),
        );
        for (const item of Responses?.[this.options.tableName] ?? []) {
          // Saved before the figures were kept: nothing to say until its next save.
          if (typeof item['pods'] !== 'number') continue;
          found.set(String(item[KEY.partition]).slice('CLUSTER#'.length), {
            pods: item['pods'],
            failingPods: item['failingPods'] as number,
            lastChangeAt: item['changedAt'] as number,
            savedAt: item['updatedAt'] as string,
          });
        }
        keys = (UnprocessedKeys?.[this.options.tableName]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return found;
  }

  /**
   * The cluster's item as getItem reads it, except that a sole writer does not take one older than
   * what it knows the table holds (knownVersions): it asks again, a little later each time, and
   * gives up as busy, having changed nothing, if the store keeps answering old.
   */
  private async getCurrentItem(id: string, only?: 'version'): Promise<ClusterItem | undefined> {
    for (let attempt = 1; ; attempt++) {
      const item = await this.getItem(id, only);
      const floor = this.options.soleWriter ? knownVersions.get(id)?.version : undefined;
      const version = item?.version as number | undefined;
      if (floor === undefined || (version !== undefined && version >= floor)) return item;
      if (attempt > STALE_READ_RETRIES) {
        throw new BusyError(
          `the embedded DynamoDB keeps answering cluster ${JSON.stringify(id)} at ${version === undefined ? 'no version' : `version ${version}`}, older than version ${floor} it stored; nothing was changed, try again in a second`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, STALE_READ_DELAY_MS * attempt));
    }
  }

  /** The cluster's item (or only its version), strongly consistent. */
  private async getItem(id: string, only?: 'version'): Promise<ClusterItem | undefined> {
    const projection = only ? { ProjectionExpression: '#version', ExpressionAttributeNames: { '#version': 'version' } } : {};
    if (!this.plain) {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.options.tableName, Key: clusterKey(id), ConsistentRead: true, ...projection }));
      return Item;
    }
    const { Item } = await this.plain.send(new GetItemCommand({ TableName: this.options.tableName, Key: plainKey(clusterKey(id)), ConsistentRead: true, ...projection }));
    if (!Item) return undefined;
    return { state: Item['state']?.B, encoding: Item['encoding']?.S, version: Item['version']?.N === undefined ? undefined : Number(Item['version'].N) };
  }

  async save(snapshot: ClusterSnapshot, expectedVersion: number): Promise<number> {
    const version = expectedVersion + 1;
    const stale = `cluster ${snapshot.id} changed since version ${expectedVersion} was read`;
    let health: ClusterHealth;
    try {
      // A later version already pending means the cluster item is past the expected one: no need
      // to pay for a cluster-sized write that would be refused.
      if (!(await this.markPending(snapshot.id, version))) throw new StaleWriteError(stale);
      health = await this.put(snapshot, version, 'version = :expected', { ':expected': expectedVersion }, stale);
    } catch (error) {
      // Stale or unknown (a save that timed out may have landed): ask the table next time.
      this.unsure(snapshot.id);
      throw error;
    }
    await this.markStable(snapshot.id, version, health);
    this.know(snapshot.id, version);
    return version;
  }

  /**
   * A read saw the cluster at stored version `version` with these health figures, without storing
   * it (the live picture brings a cluster to the present without saving: KubeApiService.view).
   * Writes them to the VERSION item if they differ from what this process last wrote and the item
   * is still at that version, stable; otherwise does nothing. Never fails the read.
   */
  async noteHealth(id: string, version: number, health: ClusterHealth): Promise<void> {
    const key = healthKey(version, health);
    if (healthWritten.get(id) === key) return;
    try {
      const written = await updateIf(this.client, {
        TableName: this.options.tableName,
        Key: versionKey(id),
        UpdateExpression: 'SET pods = :pods, failingPods = :failing, changedAt = :changed, updatedAt = :at',
        ConditionExpression: '#version = :version AND attribute_not_exists(pending)',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': version, ...healthValues(health) },
      });
      if (written) rememberHealth(id, key);
    } catch {
      // The figures wait for the next save or read; the read itself is answered.
    }
  }

  /**
   * Marks `version` pending in the VERSION item unless a later one is: false if one is (another
   * request read a later cluster item). Two writers racing from the same version both mark it; the
   * cluster item's condition picks one.
   */
  private async markPending(id: string, version: number): Promise<boolean> {
    // An update, not a put: the health figures stay those of the version before until this one is stable.
    return updateIf(this.client, {
      TableName: this.options.tableName,
      Key: versionKey(id),
      UpdateExpression: 'SET #version = :version, pending = :pending',
      ConditionExpression: 'attribute_not_exists(#version) OR #version <= :version',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':version': version, ':pending': true },
    });
  }

  /**
   * Marks `version` stable, with the health figures of its snapshot, if it is still the one
   * pending; otherwise (a later writer marked its own) leaves the item alone. Called only once the
   * cluster item holds `version`. It never fails the save, which has landed: if it cannot be
   * written, readers go to the cluster item.
   */
  private async markStable(id: string, version: number, health: ClusterHealth): Promise<void> {
    try {
      const written = await updateIf(this.client, {
        TableName: this.options.tableName,
        Key: versionKey(id),
        UpdateExpression: 'SET pods = :pods, failingPods = :failing, changedAt = :changed, updatedAt = :at REMOVE pending',
        ConditionExpression: '#version = :version AND pending = :pending',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': version, ':pending': true, ...healthValues(health) },
      });
      if (written) {
        rememberHealth(id, healthKey(version, health));
        this.options.onStable?.(id, version);
      }
    } catch {
      // The call failed: the version stays pending.
    }
  }

  /** The VERSION item's version if it is stable (see above); undefined if it is pending or missing. */
  private async stableVersion(id: string): Promise<number | undefined> {
    if (!this.plain) {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.options.tableName, Key: versionKey(id), ConsistentRead: true }));
      return Item && Item['pending'] !== true && typeof Item['version'] === 'number' ? Item['version'] : undefined;
    }
    const { Item } = await this.plain.send(new GetItemCommand({ TableName: this.options.tableName, Key: plainKey(versionKey(id)), ConsistentRead: true }));
    if (!Item || Item['pending']?.BOOL === true || Item['version']?.N === undefined) return undefined;
    return Number(Item['version'].N);
  }

  /** Notes a cluster's stored version for a sole writer; a read never lowers what a save noted. */
  private know(id: string, version: number, rule: 'exactly' | 'at least' = 'exactly'): void {
    if (!this.options.soleWriter) return;
    const known = knownVersions.get(id);
    if (rule === 'at least' && known !== undefined && known.version > version) return;
    knownVersions.set(id, { version, exact: true });
  }

  /** The table holds a cluster's known version or a later one: ask it next time. */
  private unsure(id: string): void {
    const known = knownVersions.get(id);
    if (known) knownVersions.set(id, { version: known.version, exact: false });
  }

  async delete(id: string): Promise<void> {
    this.unsure(id);
    await this.client.send(new DeleteCommand({ TableName: this.options.tableName, Key: clusterKey(id) }));
    // Once it is gone: a read that raced the delete may have noted the old version.
    knownVersions.delete(id);
    healthWritten.delete(id);
    await this.client.send(new DeleteCommand({ TableName: this.options.tableName, Key: workspaceKey(id) }));
    await this.client.send(new DeleteCommand({ TableName: this.options.tableName, Key: versionKey(id) }));
    await this.client.send(new DeleteCommand({ TableName: this.options.tableName, Key: commandsKey(id) }));
  }

  async loadCommands(clusterId: string): Promise<StoredCommands | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.options.tableName, Key: commandsKey(clusterId), ConsistentRead: true }));
    if (!Item) return undefined;
    return { commands: JSON.parse(Item['commands'] as string) as CommandRecord[], version: Item['version'] as number };
  }

  saveCommands(clusterId: string, commands: readonly CommandRecord[], expectedVersion: number): Promise<void> {
    return this.putVersioned(commandsKey(clusterId), { commands: JSON.stringify(commands) }, expectedVersion, `the terminal history of cluster ${clusterId}`);
  }

  async loadWorkspace(clusterId: string): Promise<StoredWorkspace | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.options.tableName, Key: workspaceKey(clusterId), ConsistentRead: true }));
    if (!Item) return undefined;
    return { files: JSON.parse(Item['files'] as string) as Record<string, WorkspaceFile>, version: Item['version'] as number };
  }

  saveWorkspace(clusterId: string, files: Readonly<Record<string, WorkspaceFile>>, expectedVersion: number): Promise<void> {
    // The files as one JSON string: any file name is fine, and the item stays one attribute wide.
    return this.putVersioned(workspaceKey(clusterId), { files: JSON.stringify(files), updatedAt: new Date().toISOString() }, expectedVersion, `the workspace of cluster ${clusterId}`);
  }

  /**
   * Puts an item kept beside a cluster (its workspace, its terminal lines) at `expectedVersion + 1`
   * if it is still at `expectedVersion` (0: not there yet); StaleWriteError naming `what` otherwise.
   */
  private async putVersioned(key: Record<string, string>, attributes: Record<string, unknown>, expectedVersion: number, what: string): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: { ...key, version: expectedVersion + 1, ...attributes },
          ...(expectedVersion === 0
            ? { ConditionExpression: `attribute_not_exists(${KEY.partition})` }
            : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new StaleWriteError(`${what} changed since version ${expectedVersion} was read`, { cause: error });
      throw error;
    }
  }

  private async put(
    snapshot: ClusterSnapshot,
    version: number,
    condition: string,
    values: Record<string, number>,
    whenConditionFails: string,
  ): Promise<ClusterHealth> {
    const state = encodeSnapshot(snapshot, this.options.verifyReusedText, this.options.snapshotQuality);
    if (state.byteLength > this.options.maxClusterBytes) {
      throw new ClusterTooLargeError(state.byteLength, this.options.maxClusterBytes);
    }
    const item = {
      ...clusterKey(snapshot.id),
      version,
      state,
      encoding: ENCODING,
      resourceVersion: snapshot.resourceVersion,
      updatedAt: new Date().toISOString(),
    };
    try {
      if (this.plain) {
        await this.plain.send(
          new PutItemCommand({
            TableName: this.options.tableName,
            Item: {
              ...plainKey(clusterKey(snapshot.id)),
              version: { N: String(version) },
              state: { B: state },
              encoding: { S: ENCODING },
              resourceVersion: { N: String(snapshot.resourceVersion) },
              updatedAt: { S: item.updatedAt },
            },
            ConditionExpression: condition,
            ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { N: String(v) }])) } : {}),
          }),
        );
      } else {
        await this.client.send(
          new PutCommand({
            TableName: this.options.tableName,
            Item: item,
            ConditionExpression: condition,
            ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
          }),
        );
      }
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new StaleWriteError(whenConditionFails, { cause: error });
      }
      throw error;
    }
    // The figures the instructor's matrix reads for a whole room, which markStable keeps in the VERSION item.
    return healthOf(snapshot);
  }
}

/** How `state` is compressed; absent on older items, which are gzip. */
export const ENCODING = 'br';

/**
 * Brotli's quality for the stored snapshot. Each KB of the item is a write unit at every save, and
 * quality 5 stores a lab's cluster a fifth smaller than quality 1 for about a millisecond more of
 * compression, which on AWS costs far less than the units it saves (`npx tsx
 * bench/snapshot-encoding.ts`, docs/BENCHMARKS.md "Stored form"). Past 7 the time grows tenfold.
 */
export const SNAPSHOT_QUALITY = 5;

/**
 * The quality local mode stores at: there a byte costs nothing but the CPU the whole class shares
 * (docs/BENCHMARKS.md, "A whole class at once"), and quality 1 compresses four times as fast.
 */
export const LOCAL_SNAPSHOT_QUALITY = 1;

/** The stored form of a snapshot: JSON, brotli at SNAPSHOT_QUALITY (`verify`: see snapshotJson). */
export function encodeSnapshot(snapshot: ClusterSnapshot, verify = false, quality = SNAPSHOT_QUALITY): Buffer {
  const json = snapshotJson(snapshot, verify);
  return brotliCompressSync(json, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: json.length,
    },
  });
}

/**
 * The JSON text of each stored object with its key, by the object: etcd never changes a stored object, it
 * stores a new one (etcd.ts), so the text of an object saved before is still its text. A save
 * then stringifies only what changed since the last one: most of a snapshot is objects (three
 * quarters of a learner's 170 KB), and stringifying was half of encoding it.
 */
const objectJson = new WeakMap<object, string>();

/**
 * The snapshot as JSON.stringify gives it, key for key, reusing the text of objects stored before.
 * With `verify` (the tests' stores: ClusterStoreOptions.verifyReusedText), each reused text is
 * checked against its object, so a change made in place anywhere in the core fails instead of
 * being stored stale.
 */
export function snapshotJson(snapshot: ClusterSnapshot, verify = false): string {
  // Appending builds a rope the engine flattens once; joining an array of parts costs more.
  let out = '{';
  for (const [key, value] of Object.entries(snapshot)) {
    if (value === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${key === 'objects' ? objectsJson(value as Record<string, object | undefined>, verify) : JSON.stringify(value)}`;
  }
  return `${out}}`;
}

/** The `objects` map; each member's text (`"key":{...}`) kept by its object. */
function objectsJson(objects: Record<string, object | undefined>, verify: boolean): string {
  let out = '{';
  for (const key in objects) {
    const object = objects[key];
    if (object === undefined) continue;
    let member = objectJson.get(object);
    if (member === undefined) {
      member = `${JSON.stringify(key)}:${JSON.stringify(object)}`;
      objectJson.set(object, member);
    } else if (verify && member !== `${JSON.stringify(key)}:${JSON.stringify(object)}`) {
      throw new Error(`stored object ${key} was changed in place: etcd's objects must be replaced, never changed`);
    }
    out += out.length > 1 ? `,${member}` : member;
  }
  return `${out}}`;
}

/** The snapshot of a stored item (`encoding` absent: gzip): a fresh object the caller owns (see ClusterRepository.load). */
export function decodeSnapshot(state: Uint8Array, encoding: unknown): ClusterSnapshot {
  const json = encoding === ENCODING ? brotliDecompressSync(state) : gunzipSync(state);
  return JSON.parse(json.toString('utf8')) as ClusterSnapshot;
}

/** A key in the plain client's typed form. */
function plainKey(key: Record<string, string>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(key).map(([name, value]) => [name, { S: value }]));
}

function clusterKey(id: string): Record<string, string> {
  return { [KEY.partition]: `CLUSTER#${id}`, [KEY.sort]: 'STATE' };
}

/** The small item saying which version the cluster item is at (see the top of this file). */
function versionKey(clusterId: string): Record<string, string> {
  return { [KEY.partition]: `CLUSTER#${clusterId}`, [KEY.sort]: 'VERSION' };
}

function workspaceKey(clusterId: string): Record<string, string> {
  return { [KEY.partition]: `CLUSTER#${clusterId}`, [KEY.sort]: 'WORKSPACE' };
}

function commandsKey(clusterId: string): Record<string, string> {
  return { [KEY.partition]: `CLUSTER#${clusterId}`, [KEY.sort]: 'COMMANDS' };
}

/** A version's health figures as healthWritten compares them. */
function healthKey(version: number, health: ClusterHealth): string {
  return `${version}:${health.pods}:${health.failingPods}:${health.lastChangeAt}`;
}

function rememberHealth(id: string, key: string): void {
  healthWritten.delete(id);
  healthWritten.set(id, key);
  if (healthWritten.size > HEALTH_WRITTEN_MAX) healthWritten.delete(healthWritten.keys().next().value as string);
}

/** The health figures as the VERSION item's attributes, with when they were taken. */
function healthValues(health: ClusterHealth): Record<string, number | string> {
  return { ':pods': health.pods, ':failing': health.failingPods, ':changed': health.lastChangeAt, ':at': new Date().toISOString() };
}
