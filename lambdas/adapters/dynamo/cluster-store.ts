/**
 * Clusters in DynamoDB: a base snapshot of each cluster, compressed, and beside it a small DELTA
 * item holding the cluster's version and the edit from the base to the cluster as it is now
 * (snapshot-delta.ts). A save writes the DELTA item alone, conditional on the version it read, so
 * two writers can never both win, and it costs the write units of what changed since the base (a
 * few KB) instead of the whole cluster's (25 for a lab's); when the edit grows past a share of the
 * base (COMPACT_AT), the save stores the whole snapshot as the new base instead (a compaction).
 *
 * A cluster has two base slots, `STATE` and `STATE#1`, and the DELTA item names the one its edit
 * applies to, with that base's version and writer. A compaction writes the slot the DELTA item does
 * not name, and only if that slot holds a version older than the one it writes (so it can never
 * overwrite a base a later DELTA item names), then points the DELTA item at it on the version
 * condition. Killed between the two, it leaves a base nothing names, which the next compaction
 * into that slot replaces (replaceOrphan). A reader reads the DELTA item, then the base it names,
 * and believes the base only if its version and writer are those named; otherwise (two compactions
 * came between its two reads, or the cluster was deleted) it reads both again. A process keeps the
 * base it last read or wrote of each cluster (`bases`), compressed, so a warm reader of a new
 * version reads only the DELTA item, and a writer computes its edit against it.
 *
 * A cluster stored before the DELTA item existed is its `STATE` item alone, at that item's version:
 * it is read as a base with no edit, and its first save makes its DELTA item.
 *
 * Beside them, a small VERSION item says which version the cluster is at, so a reader holding a
 * decoded copy checks it for 1 read unit where reading even the version alone from the DELTA item
 * costs that item's size (DynamoDB sizes a read by the item, projection or not). It is a hint,
 * kept so that trusting it is never wrong: a save first marks the version it is about to write as
 * pending (never lowering it), then writes the DELTA item, then marks that version stable if it is
 * still the one pending. A reader believes only a stable version; a pending or missing one sends
 * it to the DELTA item. So whatever is killed when, a stable version is the DELTA item's version:
 * the one writer that can make version n stable wrote DELTA item n, and any later writer marked
 * n + 1 pending before writing its item.
 *
 * The VERSION item also carries the cluster's health figures (core/health.ts), which the
 * instructor's matrix reads for a whole room at half a read unit a learner: a save writes them as
 * it marks its version stable, and a read that finds them changed without storing anything (the
 * live picture: pods failing at their timers) writes them again, if the version is still the one
 * it read (noteHealth).
 *
 * Bases and edits are brotli at SNAPSHOT_QUALITY (`encoding: 'br'`): smaller than gzip's default
 * level and faster to compress (docs/BENCHMARKS.md, "Stored form"). Items written before carry no
 * `encoding` and are gzip; they stay readable.
 */
import { randomBytes } from 'node:crypto';
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
import { type Compressed, PLAIN_BROTLI, compressText, decompressText } from './snapshot-compression.ts';
import { applyEdit, type Edit, SnapshotBase } from './snapshot-delta.ts';
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

/** A cluster's item as read: its DELTA item, or a base slot (a cluster stored before DELTA items: its STATE item alone). */
interface StoredItem {
  readonly version?: number;
  /** A base: the snapshot's compressed JSON. */
  readonly state?: Uint8Array;
  /** A DELTA item: the compressed edit from its base (absent: none). */
  readonly patch?: Uint8Array;
  readonly encoding?: string;
  /** A DELTA item: the slot, version and writer of its base. */
  readonly slot?: number;
  readonly base?: number;
  readonly baseWriter?: string;
  /**
   * Who wrote it, a random id per write: a base is believed only as the one its DELTA item names,
   * and a write whose answer was lost knows its own item when the SDK's retry finds it.
   */
  readonly writer?: string;
}

/** A base slot: `STATE` or `STATE#1`. */
type Slot = 0 | 1;

/**
 * What this store last read or wrote of a cluster: its version and its base, so a read of a later
 * version that names the same base reads only the DELTA item, and a save computes its edit.
 */
interface KnownBase {
  readonly version: number;
  /** False for a cluster stored before DELTA items (its STATE item alone): its first save makes one. */
  readonly hasDelta: boolean;
  readonly slot: Slot;
  readonly baseVersion: number;
  readonly baseWriter: string | undefined;
  readonly baseState: Uint8Array;
  readonly baseEncoding: string | undefined;
  /** The base as edits are computed from it, parsed at the first save that needs it. */
  parsed?: SnapshotBase;
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

/**
 * A save stores the whole snapshot as a new base once its edit would be larger than this share of
 * the base: below it, the edit's write units are fewer than a base's; above it, each later save
 * would pay for the edit again (docs/BENCHMARKS.md, "Stored form").
 */
export const COMPACT_AT = 0.5;

/** Most clusters a store keeps the base of (a Lambda instance serves many learners); the oldest are forgotten first. */
const BASES_KEPT = 256;

/** DynamoDB implementation of the cluster repository, and of the workspace kept beside each cluster. */
export class DynamoClusterStore implements ClusterRepository, ClusterHealthReader, WorkspaceRepository, CommandHistoryRepository {
  /** For the calls of every request (version, snapshot, save): see plainClientOf. */
  private readonly plain: DynamoDBClient | undefined;
  /** The base of each cluster this store last read or wrote (see the top of this file), the most recent last. */
  private readonly bases = new Map<string, KnownBase>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly options: ClusterStoreOptions,
  ) {
    this.plain = plainClientOf(client);
  }

  async create(snapshot: ClusterSnapshot): Promise<void> {
    const exists = `cluster ${snapshot.id} already exists`;
    if (!(await this.markPending(snapshot.id, 1))) throw new StaleWriteError(exists);
    const state = await this.encodeWhole(snapshot);
    const writer = newWriter();
    await this.putItem(slotKey(snapshot.id, 0), baseAttributes(snapshot, 1, state, writer), `attribute_not_exists(#pk)`, {}, exists);
    await this.putItem(deltaKey(snapshot.id), deltaAttributes(snapshot, 1, 0, 1, writer, undefined), `attribute_not_exists(#pk)`, {}, exists);
    this.remember(snapshot.id, { version: 1, hasDelta: true, slot: 0, baseVersion: 1, baseWriter: writer, baseState: state.bytes, baseEncoding: state.encoding });
    await this.markStable(snapshot.id, 1, healthOf(snapshot));
    this.know(snapshot.id, 1);
  }

  async load(id: string): Promise<StoredCluster | undefined> {
    for (let attempt = 1; ; attempt++) {
      const head = await this.getHead(id);
      if (!head) return undefined;
      const base = head.legacy ? legacyBase(head.item) : await this.baseOf(id, head.item);
      if (!base) {
        // The base it names is not (or no longer) there: compactions came between the two reads,
        // or the cluster is being deleted. Read both again.
        if (attempt > STALE_READ_RETRIES) throw new BusyError(`cluster ${JSON.stringify(id)} kept changing while it was read; nothing was changed, try again in a second`);
        await sleep(STALE_READ_DELAY_MS * attempt);
        continue;
      }
      let snapshot: unknown = await decodeSnapshot(base.baseState, base.baseEncoding);
      if (head.item.patch) snapshot = applyEdit(snapshot, await decodeEdit(head.item.patch, head.item.encoding));
      this.remember(id, base);
      this.know(id, base.version, 'at least');
      return { snapshot: snapshot as ClusterSnapshot, version: base.version };
    }
  }

  async loadVersion(id: string): Promise<number | undefined> {
    const known = this.options.soleWriter ? knownVersions.get(id) : undefined;
    if (known?.exact) return known.version;
    // Where other processes write (AWS), the VERSION item's stable version; a sole writer keeps the
    // DELTA item's own, checked against what it saved (getHead).
    if (!this.options.soleWriter) {
      const stable = await this.stableVersion(id);
      if (stable !== undefined) return stable;
    }
    const version = (await this.getHead(id, 'version'))?.item.version;
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
   * The cluster's DELTA item (`legacy`: a cluster stored before them, its STATE item), strongly
   * consistent, except that a sole writer does not take one older than what it knows the table
   * holds (knownVersions): it asks again, a little later each time, and gives up as busy, having
   * changed nothing, if the store keeps answering old.
   */
  private async getHead(id: string, only?: 'version'): Promise<{ readonly item: StoredItem; readonly legacy: boolean } | undefined> {
    const projection = only ? ['version'] : undefined;
    for (let attempt = 1; ; attempt++) {
      let item = await this.getItem(deltaKey(id), projection);
      const legacy = item === undefined;
      if (legacy) item = await this.getItem(slotKey(id, 0), projection);
      const floor = this.options.soleWriter ? knownVersions.get(id)?.version : undefined;
      const version = item?.version;
      if (floor === undefined || (version !== undefined && version >= floor)) return item && { item, legacy };
      if (attempt > STALE_READ_RETRIES) {
        throw new BusyError(
          `the embedded DynamoDB keeps answering cluster ${JSON.stringify(id)} at ${version === undefined ? 'no version' : `version ${version}`}, older than version ${floor} it stored; nothing was changed, try again in a second`,
        );
      }
      await sleep(STALE_READ_DELAY_MS * attempt);
    }
  }

  /**
   * The base a DELTA item names, from what this store kept if it is that one, else read from its
   * slot; undefined if the slot holds another (see the top of this file).
   */
  private async baseOf(id: string, head: StoredItem): Promise<KnownBase | undefined> {
    const slot = (head.slot === 1 ? 1 : 0) as Slot;
    const named = { version: head.version as number, hasDelta: true, slot, baseVersion: head.base as number, baseWriter: head.baseWriter };
    const kept = this.bases.get(id);
    if (kept && kept.slot === slot && kept.baseVersion === named.baseVersion && kept.baseWriter === named.baseWriter) return { ...kept, ...named };
    const stored = await this.getItem(slotKey(id, slot));
    if (!stored?.state || stored.version !== named.baseVersion || stored.writer !== named.baseWriter) return undefined;
    return { ...named, baseState: stored.state, baseEncoding: stored.encoding };
  }

  /** One of the cluster's items (or only some attributes), strongly consistent. */
  private async getItem(key: Record<string, string>, attributes?: readonly string[]): Promise<StoredItem | undefined> {
    const projection = attributes
      ? { ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(', '), ExpressionAttributeNames: Object.fromEntries(attributes.map((name, i) => [`#a${i}`, name])) }
      : {};
    if (!this.plain) {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.options.tableName, Key: key, ConsistentRead: true, ...projection }));
      return Item as StoredItem | undefined;
    }
    const { Item } = await this.plain.send(new GetItemCommand({ TableName: this.options.tableName, Key: plainValues(key), ConsistentRead: true, ...projection }));
    if (!Item) return undefined;
    const number = (name: string) => (Item[name]?.N === undefined ? undefined : Number(Item[name].N));
    return {
      version: number('version'),
      state: Item['state']?.B,
      patch: Item['patch']?.B,
      encoding: Item['encoding']?.S,
      slot: number('slot'),
      base: number('base'),
      baseWriter: Item['baseWriter']?.S,
      writer: Item['writer']?.S,
    };
  }

  async save(snapshot: ClusterSnapshot, expectedVersion: number): Promise<number> {
    const version = expectedVersion + 1;
    const stale = `cluster ${snapshot.id} changed since version ${expectedVersion} was read`;
    try {
      // A later version already pending means the DELTA item is past the expected one: no need to
      // pay for a write that would be refused.
      if (!(await this.markPending(snapshot.id, version))) throw new StaleWriteError(stale);
      await this.write(snapshot, expectedVersion, stale);
    } catch (error) {
      // Stale or unknown (a save that timed out may have landed): ask the table next time.
      this.unsure(snapshot.id);
      throw error;
    }
    // The figures the instructor's matrix reads for a whole room, which markStable keeps in the VERSION item.
    await this.markStable(snapshot.id, version, healthOf(snapshot));
    this.know(snapshot.id, version);
    return version;
  }

  /**
   * Writes `snapshot` as the cluster's version `expected + 1`: its edit from the base into the
   * DELTA item, or, when the edit has grown past COMPACT_AT of the base (or the base is not known
   * here, or of another schema), the whole snapshot as a new base in the other slot and the DELTA
   * item pointing at it. StaleWriteError if the DELTA item is no longer at `expected`.
   */
  private async write(snapshot: ClusterSnapshot, expected: number, stale: string): Promise<void> {
    const id = snapshot.id;
    const version = expected + 1;
    let kept = this.bases.get(id);
    if (kept?.version !== expected) kept = undefined;
    if (kept) {
      const patch = await this.editFrom(kept, snapshot);
      if (patch !== 'whole') {
        await this.putItem(deltaKey(id), deltaAttributes(snapshot, version, kept.slot, kept.baseVersion, kept.baseWriter, patch), ...deltaCondition(kept.hasDelta, expected), stale);
        this.remember(id, { ...kept, version, hasDelta: true });
        return;
      }
    }
    // A compaction. Where the DELTA item points now, if this store does not know it at `expected`.
    let current: { readonly hasDelta: boolean; readonly slot: Slot } | undefined = kept;
    if (!current) {
      const head = await this.getHead(id, undefined);
      if (head?.item.version !== expected) throw new StaleWriteError(stale);
      current = { hasDelta: !head.legacy, slot: head.legacy || head.item.slot !== 1 ? 0 : 1 };
    }
    const slot = (1 - current.slot) as Slot;
    const state = await this.encodeWhole(snapshot);
    const writer = newWriter();
    const base = baseAttributes(snapshot, version, state, writer);
    try {
      // Never over a base a DELTA item may name: any such was written at a version past `expected`.
      await this.putItem(slotKey(id, slot), base, 'attribute_not_exists(#pk) OR #version < :version', { ':version': version }, stale);
    } catch (error) {
      if (!(error instanceof StaleWriteError)) throw error;
      await this.replaceOrphan(id, slot, base, expected, stale);
    }
    await this.putItem(deltaKey(id), deltaAttributes(snapshot, version, slot, version, writer, undefined), ...deltaCondition(current.hasDelta, expected), stale);
    this.remember(id, { version, hasDelta: true, slot, baseVersion: version, baseWriter: writer, baseState: state.bytes, baseEncoding: state.encoding });
  }

  /**
   * The slot a compaction writes holds a base at its own version or later. If the DELTA item is
   * still at `expected` and names the other slot, that base is named by nothing: a compaction
   * killed (or refused) between its two writes left it. Replaces it if it is still the one read;
   * StaleWriteError otherwise (another save came first).
   */
  private async replaceOrphan(id: string, slot: Slot, base: Record<string, Attribute>, expected: number, stale: string): Promise<void> {
    const head = await this.getHead(id);
    if (head?.item.version !== expected || (!head.legacy && (head.item.slot ?? 0) === slot)) throw new StaleWriteError(stale);
    const orphan = await this.getItem(slotKey(id, slot), ['version', 'writer']);
    if (orphan?.version === undefined) throw new StaleWriteError(stale);
    await this.putItem(
      slotKey(id, slot),
      base,
      orphan.writer === undefined ? '#version = :seen AND attribute_not_exists(writer)' : '#version = :seen AND writer = :writer',
      { ':seen': orphan.version, ...(orphan.writer === undefined ? {} : { ':writer': orphan.writer }) },
      stale,
    );
  }

  /**
   * The compressed edit from the base to `snapshot` (undefined: nothing changed), or 'whole' when
   * the snapshot is to be stored whole: its edit past COMPACT_AT of the base, the base and edit
   * together past the size bound (which only a whole snapshot is checked against), or the base of
   * another schema version.
   */
  private async editFrom(kept: KnownBase, snapshot: ClusterSnapshot): Promise<Compressed | undefined | 'whole'> {
    const parsed = (kept.parsed ??= new SnapshotBase(await decompressText(kept.baseState, kept.baseEncoding)));
    if (parsed.schemaVersion !== snapshot.schemaVersion) return 'whole';
    const edit = parsed.diff(snapshot, (object) => storedText(object, this.options.verifyReusedText ?? false));
    if (edit === undefined) return undefined;
    const patch = await encodeEdit(edit, this.options.snapshotQuality);
    const baseBytes = kept.baseState.byteLength;
    if (patch.bytes.byteLength > COMPACT_AT * baseBytes || patch.bytes.byteLength + baseBytes > this.options.maxClusterBytes) return 'whole';
    return patch;
  }

  /** The whole snapshot as stored, within the size bound (ClusterTooLargeError past it). */
  private async encodeWhole(snapshot: ClusterSnapshot): Promise<Compressed> {
    const state = await encodeSnapshot(snapshot, this.options.verifyReusedText, this.options.snapshotQuality);
    if (state.bytes.byteLength > this.options.maxClusterBytes) throw new ClusterTooLargeError(state.bytes.byteLength, this.options.maxClusterBytes);
    return state;
  }

  /** Keeps what this store read or wrote of a cluster, forgetting the least recent past BASES_KEPT. */
  private remember(id: string, base: KnownBase): void {
    const kept = this.bases.get(id);
    // The same base parsed before stays parsed.
    const parsed = kept && kept.slot === base.slot && kept.baseVersion === base.baseVersion && kept.baseWriter === base.baseWriter ? kept.parsed : undefined;
    this.bases.delete(id);
    this.bases.set(id, parsed && !base.parsed ? { ...base, parsed } : base);
    if (this.bases.size > BASES_KEPT) this.bases.delete(this.bases.keys().next().value as string);
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
    const { Item } = await this.plain.send(new GetItemCommand({ TableName: this.options.tableName, Key: plainValues(versionKey(id)), ConsistentRead: true }));
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
    // The bases first: a reader between these deletes finds the DELTA item's base gone and reads
    // again, until it finds no DELTA item (and, for a cluster stored before them, no STATE item).
    await this.client.send(new DeleteCommand({ TableName: this.options.tableName, Key: slotKey(id, 0) }));
    await this.client.send(new DeleteCommand({ TableName: this.options.tableName, Key: slotKey(id, 1) }));
    await this.client.send(new DeleteCommand({ TableName: this.options.tableName, Key: deltaKey(id) }));
    // Once it is gone: a read that raced the delete may have noted the old version.
    knownVersions.delete(id);
    healthWritten.delete(id);
    this.bases.delete(id);
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

  /**
   * Puts one of the cluster's items if `condition` holds (`#pk` and `#version` name the key and the
   * version); StaleWriteError saying `whenConditionFails` otherwise.
   */
  private async putItem(
    key: Record<string, string>,
    attributes: Record<string, Attribute>,
    condition: string,
    values: Record<string, Attribute>,
    whenConditionFails: string,
  ): Promise<void> {
    const names = Object.fromEntries(Object.entries({ '#pk': KEY.partition, '#version': 'version' }).filter(([name]) => condition.includes(name)));
    const expression = {
      ConditionExpression: condition,
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    };
    const defined = Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined)) as Record<string, Exclude<Attribute, undefined>>;
    try {
      if (this.plain) {
        await this.plain.send(
          new PutItemCommand({
            TableName: this.options.tableName,
            Item: plainValues({ ...key, ...defined }),
            ...expression,
            ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: plainValues(values as Record<string, Exclude<Attribute, undefined>>) } : {}),
          }),
        );
      } else {
        await this.client.send(
          new PutCommand({
            TableName: this.options.tableName,
            Item: { ...key, ...defined },
            ...expression,
            ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
          }),
        );
      }
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // The SDK tries a call again when its answer was lost (a timeout, a reset connection); if the
      // first try landed, the second finds its own item and fails the condition. Each put carries a
      // writer of its own, so that is told from another request's write: the write landed.
      if (typeof attributes['writer'] === 'string' && (await this.getItem(key, ['writer']))?.writer === attributes['writer']) return;
      throw new StaleWriteError(whenConditionFails, { cause: error });
    }
  }
}


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

/** The stored form of a snapshot: JSON, compressed as snapshot-compression.ts does at `quality` (`verify`: see snapshotJson). */
export function encodeSnapshot(snapshot: ClusterSnapshot, verify = false, quality = SNAPSHOT_QUALITY): Promise<Compressed> {
  return compressText(snapshotJson(snapshot, verify), quality);
}

/**
 * The JSON text of each stored object, by the object: etcd never changes a stored object, it stores
 * a new one (etcd.ts), so the text of an object saved before is still its text. A save then
 * stringifies only what changed since the last one: most of a snapshot is objects (three quarters
 * of a learner's 170 KB), and stringifying was half of encoding it.
 */
const objectJson = new WeakMap<object, string>();

/**
 * An object's JSON text, from objectJson when it was stored before. With `verify` (the tests'
 * stores: ClusterStoreOptions.verifyReusedText), a reused text is checked against its object, so a
 * change made in place anywhere in the core fails instead of being stored stale.
 */
function storedText(object: object, verify: boolean): string {
  let text = objectJson.get(object);
  if (text === undefined) {
    text = JSON.stringify(object);
    objectJson.set(object, text);
  } else if (verify && text !== JSON.stringify(object)) {
    throw new Error(`stored object ${(object as { metadata?: { name?: string } }).metadata?.name ?? ''} was changed in place: etcd's objects must be replaced, never changed`);
  }
  return text;
}

/** The snapshot as JSON.stringify gives it, key for key, reusing the text of objects stored before (see storedText). */
export function snapshotJson(snapshot: ClusterSnapshot, verify = false): string {
  // Appending builds a rope the engine flattens once; joining an array of parts costs more.
  let out = '{';
  for (const [key, value] of Object.entries(snapshot)) {
    if (value === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${key === 'objects' ? objectsJson(value as Record<string, object | undefined>, verify) : JSON.stringify(value)}`;
  }
  return `${out}}`;
}

/** The `objects` map, each member's text kept by its object. */
function objectsJson(objects: Record<string, object | undefined>, verify: boolean): string {
  let out = '{';
  for (const key in objects) {
    const object = objects[key];
    if (object === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${storedText(object, verify)}`;
  }
  return `${out}}`;
}

/** The snapshot of a stored base, read as its `encoding` says: a fresh object the caller owns (see ClusterRepository.load). */
export async function decodeSnapshot(state: Uint8Array, encoding: unknown): Promise<ClusterSnapshot> {
  return JSON.parse(await decompressText(state, encoding)) as ClusterSnapshot;
}

/** An edit as the DELTA item stores it: JSON, compressed as a base is. */
function encodeEdit(edit: Edit, quality = SNAPSHOT_QUALITY): Promise<Compressed> {
  return compressText(JSON.stringify(edit), quality);
}

/** A DELTA item's edit (`encoding` the item's: brotli on items from before dictionaries). */
async function decodeEdit(patch: Uint8Array, encoding: unknown): Promise<Edit> {
  return JSON.parse(await decompressText(patch, encoding ?? PLAIN_BROTLI)) as Edit;
}

/** A value of an item's attribute as the store writes it (undefined: left out). */
type Attribute = string | number | Uint8Array | undefined;

/** A base's attributes. */
function baseAttributes(snapshot: ClusterSnapshot, version: number, state: Compressed, writer: string): Record<string, Attribute> {
  return { version, state: state.bytes, encoding: state.encoding, writer, resourceVersion: snapshot.resourceVersion, updatedAt: new Date().toISOString() };
}

/** A DELTA item's attributes: the cluster's version, its base, and the edit from it (undefined: none). */
function deltaAttributes(snapshot: ClusterSnapshot, version: number, slot: Slot, base: number, baseWriter: string | undefined, patch: Compressed | undefined): Record<string, Attribute> {
  return { version, slot, base, baseWriter, patch: patch?.bytes, encoding: patch?.encoding ?? PLAIN_BROTLI, writer: newWriter(), resourceVersion: snapshot.resourceVersion, updatedAt: new Date().toISOString() };
}

/** The condition of a save's DELTA item: still at `expected`, or, for a cluster stored before DELTA items, none yet. */
function deltaCondition(hasDelta: boolean, expected: number): [string, Record<string, Attribute>] {
  return hasDelta ? ['#version = :expected', { ':expected': expected }] : ['attribute_not_exists(#pk)', {}];
}

/** A cluster stored before DELTA items: its STATE item is its base, at its version, with no edit. */
function legacyBase(item: StoredItem): KnownBase | undefined {
  if (!item.state || item.version === undefined) return undefined;
  return { version: item.version, hasDelta: false, slot: 0, baseVersion: item.version, baseWriter: item.writer, baseState: item.state, baseEncoding: item.encoding };
}

/** Who writes a base: random, so two compactions at one version are told apart. */
function newWriter(): string {
  return randomBytes(9).toString('base64url');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Attribute values (a key's too) in the plain client's typed form. */
function plainValues(values: Record<string, Exclude<Attribute, undefined>>): Record<string, AttributeValue> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, typeof value === 'number' ? { N: String(value) } : typeof value === 'string' ? { S: value } : { B: value }]),
  );
}


/** A base slot's key: `STATE` (a cluster stored before DELTA items has only this one) or `STATE#1`. */
function slotKey(id: string, slot: Slot): Record<string, string> {
  return { [KEY.partition]: `CLUSTER#${id}`, [KEY.sort]: slot === 0 ? 'STATE' : 'STATE#1' };
}

/** The DELTA item's key: the cluster's version, its base and the edit from it. */
function deltaKey(id: string): Record<string, string> {
  return { [KEY.partition]: `CLUSTER#${id}`, [KEY.sort]: 'DELTA' };
}

/** The small item saying which version the cluster is at (see the top of this file). */
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
