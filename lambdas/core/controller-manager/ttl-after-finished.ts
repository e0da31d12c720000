/**
 * The TTL-after-finished controller (controller manager: "ttl-after-finished-controller"): a
 * finished Job with spec.ttlSecondsAfterFinished is deleted that many seconds after it finished,
 * in the foreground as the real controller deletes it, so its pods go first.
 */
import { objectKey } from '../etcd.ts';
import type { Controller } from '../controller.ts';
import type { Job } from '../objects.ts';
import { rfc3339 } from '../time.ts';
import { FOREGROUND } from './garbage-collector.ts';
import { finishedAt, isFinished } from './job.ts';

/** The ttl-after-finished-controller. */
export const ttlAfterFinishedController: Controller = {
  name: 'ttl-after-finished-controller',
  component: 'controller-manager',
  watches: [{ kind: 'Job' }],
  reconcile(key, ctx) {
    const job = ctx.etcd.getByKey<Job>(key);
    const ttl = job?.spec?.ttlSecondsAfterFinished;
    if (!job || ttl === undefined || ttl === null || job.metadata.deletionTimestamp || !isFinished(job)) return;
    const expires = (finishedAt(job) ?? ctx.now) + ttl * 1000;
    if (expires > ctx.now) return ctx.at(expires, objectKey('Job', job.metadata.namespace, job.metadata.name));
    ctx.update({
      ...job,
      metadata: { ...job.metadata, deletionTimestamp: rfc3339(ctx.now), deletionGracePeriodSeconds: 0, finalizers: [...(job.metadata.finalizers ?? []), FOREGROUND] },
    });
  },
};

