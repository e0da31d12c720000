/**
 * The deploy exercise graded against the workshop's own manifest: the original lab's file,
 * applied unchanged (its images in the workshop's private ECR registry), earns every point; so
 * does the same app under other names; a solution that is not the app the lab asks for does not,
 * and the failing check says what is wrong.
 */
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { Cluster } from '#core/cluster.ts';
import type { Deployment, Node, Pod, Service } from '#core/objects.ts';
import { apply } from '#services/grading/cluster-actions.ts';
import { buildStartingState, scratchCluster } from '#services/grading/cluster-setup.ts';
import type { Manifest } from '#services/grading/exercise-schema.ts';
import { gradeExercise, type GradeOutcome } from '#services/grading/grade.ts';
import { COURSE_PACK } from '../../lambdas/course-pack/index.ts';
import { WORKSHOP_MANIFEST } from './workshop-manifest.ts';


const exercise = COURSE_PACK.find((e) => e.id === 'deploy-app');
if (!exercise) throw new Error('the pack has no deploy-app exercise');
const deployApp = exercise;

/** The two documents of the file, with `edit` applied to the text first (a learner's own variant). */
function manifests(edit: (text: string) => string = (text) => text): Manifest[] {
  return YAML.parseAllDocuments(edit(WORKSHOP_MANIFEST)).map((doc) => doc.toJSON() as Manifest);
}

/** Applies the manifests to a fresh cluster of the exercise, lets a minute pass, grades with the EXTERNAL-IP as the answer. */
function applyAndGrade(objects: readonly Manifest[]): { cluster: Cluster; outcome: GradeOutcome } {
  const cluster = scratchCluster(deployApp.startingState.workers);
  expect(buildStartingState(cluster, deployApp.startingState)).toEqual([]);
  for (const object of objects) expect(apply(cluster, object)).toMatchObject({ ok: true });
  cluster.advanceTo(cluster.now + 60_000);
  const service = cluster.etcd.list<Service>('Service', 'default').find((s) => s.spec?.type === 'LoadBalancer');
  const hostname = service?.status?.loadBalancer.ingress?.[0]?.hostname;
  return { cluster, outcome: gradeExercise(deployApp, cluster, hostname ? { 'external-ip': hostname } : {}) };
}

const failures = (outcome: GradeOutcome) => Object.fromEntries(outcome.checks.filter((c) => !c.passed).map((c) => [c.id, c.message]));

describe('deploy-app and the workshop manifest', () => {
  it('the original file, applied unchanged, runs 4/4 on two pods and earns full marks', () => {
    const { cluster, outcome } = applyAndGrade(manifests());
    const pods = cluster.etcd.list<Pod>('Pod', 'default');
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(/^woof-woof-app-deployment-[a-z0-9]+-[a-z0-9]{5}$/);
      // The kubelet lists container statuses by name.
      expect(pod.status?.containerStatuses?.map((s) => [s.name, s.ready])).toEqual([['backendapi', true], ['embeddingsearch', true], ['frontend', true], ['modelserver', true]]);
    }
    expect(failures(outcome)).toEqual({});
    expect(outcome).toMatchObject({ score: 10, maxScore: 10, status: 'passed' });
  });

  it("the workshop's images are the simulated registry's own: each serves on its port even when the manifest does not declare it", () => {
    const { cluster, outcome } = applyAndGrade(manifests((text) => text.replace(/        ports:\n        - containerPort: \d+\n/g, '')));
    const deployment = cluster.etcd.get<Deployment>('Deployment', 'default', 'woof-woof-app-deployment');
    expect(deployment?.spec?.template.spec.containers.map((c) => c.ports)).toEqual([undefined, undefined, undefined, undefined]);
    expect(failures(outcome)).toEqual({});
    // The kubelet reports the catalogue's compressed size, not a stand-in's.
    const node = cluster.etcd.get<Node>('Node', undefined, 'worker-1');
    const modelServer = node?.status?.images?.find((image) => image.names.some((name) => name.endsWith(':woofwoof-model-server')));
    expect(modelServer?.sizeBytes).toBe(612_308_751);
  });

  it('the same app under other names and labels earns full marks', () => {
    const renamed = (text: string) => text.replaceAll('woof-woof-app-deployment', 'dogs').replaceAll('woof-woof-app-service', 'front-door').replaceAll('app: woofwoof', 'tier: pets');
    const { outcome } = applyAndGrade(manifests(renamed));
    expect(failures(outcome)).toEqual({});
    expect(outcome.score).toBe(10);
  });

  it('one replica is not enough, and the check says so', () => {
    const { outcome } = applyAndGrade(manifests((text) => text.replace('replicas: 2', 'replicas: 1')));
    expect(failures(outcome)).toEqual({
      'deployment-ready': 'Deployment "woof-woof-app-deployment" asks for 1 replica; this step needs 2',
      spread: 'the ready pods of Deployment "woof-woof-app-deployment" run on 1 node (worker-2); they should be spread over at least 2',
    });
  });

  it('a ClusterIP Service gives no load balancer, and the checks say so', () => {
    const { outcome } = applyAndGrade(manifests((text) => text.replace('type: LoadBalancer', 'type: ClusterIP')));
    const noLoadBalancer = 'there is no Service of type LoadBalancer in namespace "default"; found "woof-woof-app-service" (ClusterIP)';
    expect(failures(outcome)).toMatchObject({ 'load-balancer': noLoadBalancer, 'external-address': noLoadBalancer, 'external-ip': 'not answered yet' });
    expect(outcome.score).toBe(5);
  });

  it('a missing back end (no container on 9020) is not the app, and the checks say which port is missing', () => {
    const withoutModelServer = (text: string) => text.replace(/      - name: modelserver\n(?:        .*\n)+?(?=      - name: frontend)/, '');
    const objects = manifests(withoutModelServer);
    expect(JSON.stringify(objects)).not.toContain('model-server');
    const { outcome } = applyAndGrade(objects);
    const notTheApp = 'there is no Deployment listening on ports 80, 9000, 9010 and 9020 in namespace "default" (found Deployment "woof-woof-app-deployment": its pod listens on 80, 9000 and 9010, not on 9020)';
    expect(failures(outcome)['deployment-ready']).toBe(notTheApp);
    expect(Object.keys(failures(outcome)).sort()).toEqual(['deployment-ready', 'external-address', 'four-containers', 'load-balancer', 'spread']);
  });

  it('a Service that leaves out a port says which one', () => {
    const { outcome } = applyAndGrade(manifests((text) => text.replace(/    - name: modelserver\n      protocol: TCP\n(?:      .*\n){2}/, '')));
    expect(failures(outcome)).toEqual({ 'load-balancer': 'Service "woof-woof-app-service" does not expose port 9020 (it exposes 9000, 9010, 80)' });
  });
});
