import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { namespaceStrategy } from '#core/api-server/kinds/namespace/strategy.ts';
import { podStrategy } from '#core/api-server/kinds/pod/strategy.ts';
import { RESOURCES } from '#core/api-server/resources.ts';
import type { StatusCause } from '#core/api-server/field-errors.ts';
import type { KubeObject } from '#core/objects.ts';

const KINDS = new URL('../../../lambdas/core/api-server/kinds/', import.meta.url);
// Served kinds with nothing particular to them: the generic strategy serves them, and they have no folder.
const GENERIC_KINDS = ['EndpointSlice', 'ServiceAccount'];

const object = (kind: string, name: string, rest: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z' },
  ...rest,
});

describe('the strategies', () => {
  it('are each served kind\'s folder, kinds/<kind>/strategy.ts, named in the resource table', async () => {
    for (const info of RESOURCES) {
      const folder = new URL(`${info.kind.toLowerCase()}/strategy.ts`, KINDS);
      if (GENERIC_KINDS.includes(info.kind)) {
        expect(existsSync(folder), info.kind).toBe(false);
        expect(info.strategy, info.kind).toEqual({});
        continue;
      }
      const module: Record<string, unknown> = await import(folder.href);
      expect(Object.values(module), info.kind).toContain(info.strategy);
    }
  });

  it('give a pod a grace period only while a kubelet runs it', () => {
    const grace = podStrategy.gracePeriod;
    expect(grace?.(object('Pod', 'pending', { spec: { containers: [] } }), undefined)).toBe(0);
    const running = object('Pod', 'running', { spec: { nodeName: 'worker-1', terminationGracePeriodSeconds: 45 }, status: { phase: 'Running' } });
    expect(grace?.(running, undefined)).toBe(45);
    expect(grace?.(running, 5)).toBe(5);
    expect(grace?.(object('Pod', 'done', { spec: { nodeName: 'worker-1' }, status: { phase: 'Succeeded' } }), 30)).toBe(0);
  });

  it('delete a namespace in two phases, and never the three the lifecycle plugin protects', () => {
    const remove = namespaceStrategy.delete;
    expect(remove?.(object('Namespace', 'kube-system'), 0)).toMatchObject({ refused: { code: 403, message: 'namespaces "kube-system" is forbidden: this namespace may not be deleted' } });
    const marked = remove?.(object('Namespace', 'shop', { status: { phase: 'Active' } }), Date.UTC(2026, 0, 2));
    expect(marked).toMatchObject({ marked: { metadata: { deletionTimestamp: '2026-01-02T00:00:00Z', deletionGracePeriodSeconds: 0 }, status: { phase: 'Terminating' } } });
    const going = object('Namespace', 'shop', { metadata: { ...object('Namespace', 'shop').metadata, deletionTimestamp: '2026-01-02T00:00:00Z' } });
    expect(remove?.(going, Date.UTC(2026, 0, 3))).toEqual({ unchanged: going });
  });
});

describe('the batch strategies', () => {
  const wire = (kind: string, name: string, spec: Record<string, unknown>) => ({ apiVersion: 'batch/v1', kind, metadata: { name, uid: `uid-${name}` }, spec }) as never;

  it('give a new Job a selector of its uid and the job-name and controller-uid labels, unless it selects by hand', async () => {
    const { jobStrategy } = await import('#core/api-server/kinds/job/strategy.ts');
    const job = wire('Job', 'pi', { template: { metadata: { labels: { app: 'pi' } }, spec: { containers: [] } } });
    jobStrategy.defaults?.(job);
    jobStrategy.prepareForCreate?.(job);
    const spec = (job as { spec: Record<string, any> }).spec;
    expect(spec['selector']).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'uid-pi' } });
    expect(spec['template'].metadata.labels).toEqual({ app: 'pi', 'batch.kubernetes.io/controller-uid': 'uid-pi', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'uid-pi', 'job-name': 'pi' });
    // The Job had its template's labels before the generated ones were added (defaults run first, as they do on decode).
    expect((job as { metadata: { labels: unknown } }).metadata.labels).toEqual({ app: 'pi' });

    const manual = wire('Job', 'own', { manualSelector: true, selector: { matchLabels: { app: 'own' } }, template: { metadata: { labels: { app: 'own' } }, spec: { containers: [] } } });
    jobStrategy.defaults?.(manual);
    jobStrategy.prepareForCreate?.(manual);
    expect((manual as { spec: Record<string, any> }).spec['selector']).toEqual({ matchLabels: { app: 'own' } });
  });

  it('refuse a CronJob name too long for its Jobs, a TZ in the schedule and an unknown time zone', async () => {
    const { cronJobStrategy } = await import('#core/api-server/kinds/cronjob/strategy.ts');
    const spec = (extra: Record<string, unknown>) => ({ concurrencyPolicy: 'Allow', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } }, ...extra });
    const messages = (name: string, extra: Record<string, unknown>) => {
      const cronJob = wire('CronJob', name, spec(extra));
      cronJobStrategy.defaults?.(cronJob);
      return (cronJobStrategy.validate?.(cronJob) ?? []).map((c) => `${c.field}: ${c.message}`);
    };
    expect(messages('ok', { schedule: '@hourly', timeZone: 'Europe/Paris' })).toEqual([]);
    expect(messages('x'.repeat(53), { schedule: '@hourly' })).toEqual([`metadata.name: Invalid value: "${'x'.repeat(53)}": must be no more than 52 characters`]);
    expect(messages('tz', { schedule: 'TZ=UTC 0 * * * *' })).toEqual(['spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']);
    expect(messages('zone', { schedule: '0 * * * *', timeZone: 'Mars/Olympus' })).toEqual(['spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus']);
    expect(messages('policy', { schedule: '0 * * * *', concurrencyPolicy: 'Sometimes' })).toEqual(['spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"']);
  });
});

describe('the storage strategies', () => {
  const messages = (_kind: string, validated: readonly StatusCause[] | undefined) => (validated ?? []).map((c) => `${c.field}: ${c.message}`);

  it('default a claim (Filesystem, the default class, the pvc-protection finalizer) and keep an empty class as asked', async () => {
    const { persistentVolumeClaimStrategy } = await import('#core/api-server/kinds/persistentvolumeclaim/strategy.ts');
    const { Cluster } = await import('#core/cluster.ts');
    const etcd = Cluster.create({ id: 'c', name: 'c', seed: 1, workers: 2, now: Date.UTC(2026, 0, 1) }).etcd;
    const claim = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec } }) as never;
    const plain = claim({});
    persistentVolumeClaimStrategy.defaults?.(plain);
    persistentVolumeClaimStrategy.admit?.(plain, undefined as never, etcd);
    expect(plain).toMatchObject({ metadata: { finalizers: ['kubernetes.io/pvc-protection'] }, spec: { storageClassName: 'standard', volumeMode: 'Filesystem' } });
    const none = claim({ storageClassName: '' });
    persistentVolumeClaimStrategy.admit?.(none, undefined as never, etcd);
    expect((none as { spec: { storageClassName: string } }).spec.storageClassName).toBe('');
    expect(messages('', persistentVolumeClaimStrategy.validate?.(claim({ accessModes: ['ReadWriteSometimes'], resources: { requests: { storage: '0' } }, volumeMode: 'Tape' })))).toEqual([
      'spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
      'spec.resources[storage]: Invalid value: "0": must be greater than zero',
      'spec.volumeMode: Unsupported value: "Tape": supported values: "Block", "Filesystem"',
    ]);
    expect(messages('', persistentVolumeClaimStrategy.validateUpdate?.(claim({ accessModes: ['ReadWriteMany'] }), claim({})))).toEqual([
      'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    ]);
  });

  it('default a volume made by hand to Retain, and refuse one without capacity or a source', async () => {
    const { persistentVolumeStrategy } = await import('#core/api-server/kinds/persistentvolume/strategy.ts');
    const volume = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'v' }, spec: { accessModes: ['ReadWriteOnce'] } } as never;
    persistentVolumeStrategy.defaults?.(volume);
    persistentVolumeStrategy.admit?.(volume, undefined as never, undefined as never);
    expect(volume).toMatchObject({ metadata: { finalizers: ['kubernetes.io/pv-protection'] }, spec: { persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' } });
    expect(messages('', persistentVolumeStrategy.validate?.(volume))).toEqual(['spec.capacity: Required value', 'spec: Required value: must specify a volume type']);
  });

  it('default a class to Delete and Immediate, and keep its provisioner and binding mode fixed', async () => {
    const { storageClassStrategy } = await import('#core/api-server/kinds/storageclass/strategy.ts');
    const sc = (fields: Record<string, unknown>) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, ...fields }) as never;
    const made = sc({ provisioner: 'local.csi.kubelab.dev' });
    storageClassStrategy.defaults?.(made);
    expect(made).toMatchObject({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
    expect(messages('', storageClassStrategy.validate?.(sc({ volumeBindingMode: 'Later' })))).toEqual([
      'provisioner: Required value',
      'volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"',
    ]);
    expect(messages('', storageClassStrategy.validateUpdate?.(sc({ provisioner: 'other', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' }), made))).toEqual([
      'provisioner: Forbidden: updates to provisioner are forbidden.',
    ]);
  });
});
