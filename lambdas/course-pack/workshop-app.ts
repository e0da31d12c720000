/**
 * The seed's lab application: one Deployment whose pod has four containers (a front end on
 * port 80 and three back ends on 9000, 9010 and 9020) and a LoadBalancer Service exposing all
 * four. The images are ones the simulated registries hold: nginx serves the front end and
 * hashicorp/http-echo (with -listen) stands in for each back end.
 */
import type { Manifest } from '#services/grading/exercise-schema.ts';

// Imported, not bundled: a function's bundle leaves yaml to the copy beside it, and a static import
// would load it on every cold start rather than with the course pack (lambdas/adapters/http/yaml.ts).
const { stringify } = await import('yaml');

/** The app's name, label value and namespace. */
export const APP = 'workshop-app';
export const NAMESPACE = 'default';
export const FRONTEND_IMAGE = 'nginx:1.27';
export const BACKEND_IMAGE = 'hashicorp/http-echo:1.0.0';
export const BACKENDS = [
  { name: 'api-service', port: 9000 },
  { name: 'data-service', port: 9010 },
  { name: 'model-service', port: 9020 },
] as const;
export const PORTS = [80, ...BACKENDS.map((b) => b.port)];

/** The Deployment, with `replicas` replicas and the front end at `frontendImage`. */
export function deployment(replicas = 2, frontendImage = FRONTEND_IMAGE): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: APP, labels: { app: APP } },
    spec: {
      replicas,
      selector: { matchLabels: { app: APP } },
      template: {
        metadata: { labels: { app: APP } },
        spec: {
          containers: [
            { name: 'frontend', image: frontendImage, ports: [{ containerPort: 80 }] },
            ...BACKENDS.map((b) => ({ name: b.name, image: BACKEND_IMAGE, args: [`-listen=:${b.port}`, `-text=hello from ${b.name}`], ports: [{ containerPort: b.port }] })),
          ],
        },
      },
    },
  };
}

/** The LoadBalancer Service exposing the four ports. */
export function service(): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: APP, labels: { app: APP } },
    spec: {
      type: 'LoadBalancer',
      selector: { app: APP },
      ports: [
        { name: 'frontend', port: 80, targetPort: 80 },
        ...BACKENDS.map((b) => ({ name: b.name.replace('-service', ''), port: b.port, targetPort: b.port })),
      ],
    },
  };
}

/** The manifest file learners apply, as YAML (two documents). */
export function manifestYaml(): string {
  return [deployment(), service()].map((m) => stringify(m)).join('---\n');
}

/**
 * The Deployment of the lab, as checks find it: any whose pod listens on the app's four ports,
 * whatever its name, labels or images (the workshop's own ECR images, nginx and http-echo, ...).
 */
export const APP_WORKLOAD = { namespace: NAMESPACE, ports: PORTS };
