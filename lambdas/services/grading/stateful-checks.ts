/**
 * Checks of state that stays: a StatefulSet whose pods <name>-0 to <name>-(n-1) are Running and
 * Ready (with, if asked, the headless Service that gives them their names in DNS), and claims
 * that are Bound (and mounted by a running pod, of a class, of a size). A shortfall names the
 * first pod or claim that is not there yet and why, in the words kubectl describe would give.
 */
import { parseQuantity } from '#core/api-server/quantity.ts';
import type { Etcd } from '#core/etcd.ts';
import { mapSelects } from '#core/labels.ts';
import type { PersistentVolumeClaim, Pod, Service, StatefulSet, StorageClass } from '#core/objects.ts';
import { controllerOf, isReady } from '#core/pods.ts';
import { claimClass, claimNamesOf } from '#core/volumes.ts';
import type { Finding } from './cluster-checks.ts';
import type { Check } from './exercise-schema.ts';
import { andList, isTerminating, labelText, nameList, plural, sameImage } from './workloads.ts';

type StatefulSetCheck = Extract<Check, { type: 'statefulSetReady' }>;
type ClaimCheck = Extract<Check, { type: 'claimBound' }>;

/** Pods <name>-0 to <name>-(replicas-1) of a fitting StatefulSet are Running and Ready, and its Service headless if asked. */
export function statefulSetReady(etcd: Etcd, check: StatefulSetCheck): Finding {
  const want = check.statefulSet;
  const sets = etcd.list<StatefulSet>('StatefulSet', want.namespace).filter((sts) => !isTerminating(sts));
  const fitting = sets.filter((sts) => statefulSetMisfit(sts, want) === undefined);
  if (fitting.length === 0) {
    const what = `StatefulSet${want.name ? ` named "${want.name}"` : ''}${want.image ? ` running ${want.image}` : ''}${want.labels ? ` with pod labels ${labelText(want.labels)}` : ''}`;
    const found = sets.length > 0 ? ` (found ${sets.map((s) => `StatefulSet "${s.metadata.name}": ${statefulSetMisfit(s, want)}`).join('; ')})` : '';
    return { passed: false, message: `there is no ${what} in namespace "${want.namespace}"${found}` };
  }
  let first: Finding | undefined;
  for (const sts of fitting) {
    const finding = statefulSetFinding(etcd, sts, check);
    if (finding.passed) return finding;
    first ??= finding;
  }
  return first as Finding;
}

function statefulSetMisfit(sts: StatefulSet, want: StatefulSetCheck['statefulSet']): string | undefined {
  if (want.name !== undefined && sts.metadata.name !== want.name) return `it is not named "${want.name}"`;
  const template = sts.spec?.template;
  const labels = template?.metadata?.labels ?? {};
  if (Object.entries(want.labels ?? {}).some(([key, value]) => labels[key] !== value)) return `its pods are labelled ${labelText(labels)}`;
  const containers = template?.spec.containers ?? [];
  if (want.image !== undefined && !containers.some((c) => sameImage(c.image, want.image!))) return `it runs ${containers.map((c) => c.image).join(', ') || 'no image'}`;
  return undefined;
}

function statefulSetFinding(etcd: Etcd, sts: StatefulSet, check: StatefulSetCheck): Finding {
  const { name: setName, namespace = 'default', uid } = sts.metadata;
  const name = `StatefulSet "${setName}"`;
  const wanted = sts.spec?.replicas ?? 1;
  if (wanted !== check.replicas) return { passed: false, message: `${name} asks for ${wanted} ${plural(wanted, 'replica')}; this step needs ${check.replicas} (kubectl scale sts ${setName} --replicas=${check.replicas})` };
  const names = Array.from({ length: check.replicas }, (_, i) => `${setName}-${i}`);
  const ordered = (sts.spec?.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
  const pending = names.map((podName, i) => ({ podName, why: podShortfall(etcd.get<Pod>('Pod', namespace, podName), uid, name, ordered && i > 0 ? names[i - 1] : undefined) })).filter((p) => p.why);
  if (pending.length > 0) {
    const [{ podName, why }] = pending as [{ podName: string; why: string }];
    const ready = check.replicas - pending.length;
    return { passed: false, message: `${name} has ${ready} of ${check.replicas} pods Running and Ready: ${podName} ${why}` };
  }
  const service = check.headlessService ? governingService(etcd, sts) : undefined;
  if (service && !service.passed) return service;
  return { passed: true, message: `${name} has ${check.replicas} ${plural(check.replicas, 'pod')} Running and Ready: ${andList(names)}${service ? `; ${service.message}` : ''}` };
}

/** Why a StatefulSet's pod is not Running and Ready yet, or undefined when it is. */
function podShortfall(pod: Pod | undefined, owner: string, setName: string, previous: string | undefined): string | undefined {
  if (!pod) return `does not exist yet${previous ? ` (the controller creates it once ${previous} is Running and Ready)` : ''}; see kubectl describe sts for its events`;
  if (controllerOf(pod)?.uid !== owner) return `is not a pod of ${setName}: delete it so the StatefulSet can create its own`;
  if (isTerminating(pod)) return 'is terminating; the controller makes it again once it is gone';
  const phase = pod.status?.phase ?? 'Pending';
  if (phase === 'Running' && isReady(pod)) return undefined;
  const waiting = pod.status?.containerStatuses?.find((c) => c.state?.waiting)?.state?.waiting?.reason;
  const unscheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False')?.message;
  const detail = phase === 'Running' ? ' but not Ready' : waiting ? ` (${waiting})` : unscheduled ? ` (${unscheduled})` : '';
  return `is ${phase}${detail}; see why with kubectl describe pod ${pod.metadata.name}`;
}

/** The StatefulSet's serviceName names a headless Service that selects its pods. */
function governingService(etcd: Etcd, sts: StatefulSet): Finding {
  const name = `StatefulSet "${sts.metadata.name}"`;
  const serviceName = sts.spec?.serviceName;
  if (!serviceName) return { passed: false, message: `${name} names no serviceName; give it the name of a headless Service (clusterIP: None) that selects its pods` };
  const service = etcd.get<Service>('Service', sts.metadata.namespace, serviceName);
  if (!service || isTerminating(service)) return { passed: false, message: `${name} names serviceName "${serviceName}", but there is no Service "${serviceName}": create one with clusterIP: None that selects its pods` };
  const label = `Service "${serviceName}"`;
  if (service.spec?.clusterIP !== 'None') {
    return { passed: false, message: `${label} is not headless (its clusterIP is ${service.spec?.clusterIP ?? 'unset'}); clusterIP cannot change, so delete it and create it again with clusterIP: None` };
  }
  const podLabels = sts.spec?.template.metadata?.labels;
  if (!mapSelects(service.spec?.selector, podLabels)) {
    return { passed: false, message: `${label} selects ${labelText(service.spec?.selector)}, which does not match the pods of ${name} (labelled ${labelText(podLabels)})` };
  }
  return { passed: true, message: `the headless ${label} selects them` };
}

/** Enough fitting claims are Bound, each mounted by a Running pod if asked. */
export function claimBound(etcd: Etcd, check: ClaimCheck): Finding {
  const want = check.claim;
  const claims = etcd.list<PersistentVolumeClaim>('PersistentVolumeClaim', want.namespace).filter((c) => !isTerminating(c));
  const fitting = claims.filter((c) => claimMisfit(c, want) === undefined);
  if (fitting.length === 0) {
    const what = `PersistentVolumeClaim${want.name ? ` "${want.name}"` : ''}${want.storageClass ? ` of StorageClass "${want.storageClass}"` : ''}${want.minSize ? ` of at least ${want.minSize}` : ''}`;
    const found = claims.length > 0 ? ` (found ${claims.slice(0, 4).map((c) => `"${c.metadata.name}": ${claimMisfit(c, want)}`).join('; ')})` : '';
    return { passed: false, message: `there is no ${what} in namespace "${want.namespace}"${found}` };
  }
  const pods = etcd.list<Pod>('Pod', want.namespace);
  const findings = fitting.map((claim) => claimFinding(etcd, claim, pods, check.mounted));
  const passed = findings.filter((f) => f.passed);
  const failed = findings.find((f) => !f.passed);
  if (check.count === 1) return passed[0] ?? (failed as Finding);
  const state = check.mounted ? 'Bound and mounted by a Running pod' : 'Bound';
  if (passed.length >= check.count) return { passed: true, message: `${passed.length} PersistentVolumeClaims are ${state}: ${nameList(fitting.filter((_, i) => findings[i]?.passed))}` };
  const next = failed ? `; ${failed.message}` : `; there ${fitting.length === 1 ? 'is' : 'are'} only ${fitting.length}: ${nameList(fitting)}`;
  return { passed: false, message: `${passed.length} of ${check.count} PersistentVolumeClaims are ${state}${next}` };
}

function claimMisfit(claim: PersistentVolumeClaim, want: ClaimCheck['claim']): string | undefined {
  if (want.name !== undefined && claim.metadata.name !== want.name) return `it is not named "${want.name}"`;
  const storageClass = claimClass(claim);
  if (want.storageClass !== undefined && storageClass !== want.storageClass) return storageClass ? `its StorageClass is "${storageClass}"` : 'it names no StorageClass';
  if (want.minSize !== undefined) {
    const size = claim.status?.capacity?.['storage'] ?? claim.spec?.resources?.requests?.['storage'] ?? '0';
    if (bytes(size) < bytes(want.minSize)) return `it is ${size}, less than ${want.minSize}`;
  }
  return undefined;
}

const bytes = (quantity: string) => {
  const parsed = parseQuantity(quantity);
  return parsed.ok ? parsed.value : 0;
};

function claimFinding(etcd: Etcd, claim: PersistentVolumeClaim, pods: readonly Pod[], mounted: boolean): Finding {
  const claimName = claim.metadata.name;
  const name = `PersistentVolumeClaim "${claimName}"`;
  const phase = claim.status?.phase ?? 'Pending';
  const users = pods.filter((pod) => !isTerminating(pod) && claimNamesOf(pod).includes(claimName));
  if (phase === 'Lost') return { passed: false, message: `${name} is Lost: its volume "${claim.spec?.volumeName}" is gone; delete the claim and create it again` };
  if (phase !== 'Bound') {
    const className = claimClass(claim);
    const storageClass = className ? etcd.get<StorageClass>('StorageClass', undefined, className) : undefined;
    let why = `; see why with kubectl describe pvc ${claimName}`;
    if (className && !storageClass) why = `: there is no StorageClass "${className}" (see kubectl get storageclass)`;
    else if (storageClass?.volumeBindingMode === 'WaitForFirstConsumer' && !users.some((pod) => pod.spec?.nodeName)) {
      why = `: StorageClass "${className}" binds a claim once a pod that uses it is scheduled (WaitForFirstConsumer), and ${users.length > 0 ? `${nameList(users)} ${users.length === 1 ? 'is' : 'are'} not scheduled yet` : 'no pod uses it yet'}`;
    }
    return { passed: false, message: `${name} is ${phase}${why}` };
  }
  const bound = `${name} is Bound to ${claim.spec?.volumeName} (${claim.status?.capacity?.['storage'] ?? 'no capacity'})`;
  if (!mounted) return { passed: true, message: bound };
  const running = users.filter((pod) => pod.status?.phase === 'Running');
  if (running.length === 0) {
    const others = users.length > 0 ? ` (${nameList(users)} ${users.length === 1 ? 'names it but is' : 'name it but are'} not Running)` : '';
    return { passed: false, message: `${bound}, but no Running pod mounts it${others}; kubectl describe pvc ${claimName} shows Used By` };
  }
  return { passed: true, message: `${bound} and mounted by ${plural(running.length, 'pod')} ${nameList(running)}` };
}
