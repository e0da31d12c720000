/**
 * The sample applications of the Kubernetes documentation's tutorials (Kubernetes Basics,
 * Hello Minikube, the GKE quickstart, Services): what each serves and prints, as the real images
 * do, so a learner following a tutorial word for word sees what the tutorial shows.
 */
import type { CatalogueImage } from './catalogue.ts';

/** The tutorials' sample images, for the built-in catalogue. */
export const TUTORIAL_IMAGES: readonly CatalogueImage[] = [
  {
    // Kubernetes Basics: a Node.js 6 server; the tutorial's rolling update moves to v2 (from jocatalin's repository).
    name: 'gcr.io/google-samples/kubernetes-bootcamp',
    mirrors: ['docker.io/jocatalin/kubernetes-bootcamp'],
    summary: 'the Kubernetes Basics app: answers "Hello Kubernetes bootcamp! | Running on: <pod> | v=1" on port 8080, logs each request',
    builds: [
      { tags: ['v1'], sizeBytes: 80_364_127, version: '1' },
      { tags: ['v2'], sizeBytes: 80_364_251, version: '2' },
    ],
    entrypoint: [],
    cmd: ['node', 'server.js'],
    shell: 'bash',
    program: 'node',
    behaviour: { kind: 'serves', ports: [8080], readyAfterMs: 300 },
    logStyle: 'bootcamp',
    httpBody: 'Hello Kubernetes bootcamp! | Running on: {hostname} | v={version}\n',
  },
  {
    // Hello Minikube: `kubectl create deployment hello-node --image=...agnhost:2.39 -- /agnhost netexec --http-port=8080`.
    name: 'registry.k8s.io/e2e-test-images/agnhost',
    mirrors: ['k8s.gcr.io/e2e-test-images/agnhost'],
    summary: 'the e2e tests\' multi-tool: `netexec --http-port=8080` serves there and logs it; as shipped (`pause`) it sleeps',
    builds: [
      { tags: ['2.52'], sizeBytes: 53_284_617, version: '2.52' },
      { tags: ['2.39'], sizeBytes: 51_944_862, version: '2.39' },
    ],
    // Every 2.x release is published, and no line tag: `agnhost:2` does not exist.
    versions: { releases: '2.20-52', shortTags: false },
    entrypoint: ['/agnhost'],
    cmd: ['pause'],
    shell: 'bash',
    program: 'agnhost',
    behaviour: { kind: 'serves', ports: [], readyAfterMs: 20 },
    logStyle: 'agnhost',
  },
  {
    name: 'registry.k8s.io/echoserver',
    mirrors: ['k8s.gcr.io/echoserver'],
    summary: 'nginx that answers every request with the request it saw, on port 8080 (8443 for TLS)',
    builds: [{ tags: ['1.10'], sizeBytes: 46_332_719, version: '1.10' }],
    entrypoint: [],
    cmd: ['/usr/local/bin/run.sh'],
    shell: 'sh',
    program: 'run.sh',
    behaviour: { kind: 'serves', ports: [8080], readyAfterMs: 400 },
    logStyle: 'echoserver',
  },
  {
    // The StatefulSet tutorials' web server (nginx 1.27 on a small base); its document root is the docs' `www` claim's mount.
    // Sizes are approximate: what the simulation pulls, not a published manifest's.
    name: 'registry.k8s.io/nginx-slim',
    mirrors: ['k8s.gcr.io/nginx-slim'],
    summary: 'the StatefulSet tutorials\' nginx: serves /usr/share/nginx/html on port 80',
    builds: [
      { tags: ['0.24'], sizeBytes: 46_982_305, version: '1.27.0' },
      { tags: ['0.21'], sizeBytes: 46_411_872, version: '1.25.3' },
      { tags: ['0.8'], sizeBytes: 52_647_481, version: '1.9.1' },
    ],
    entrypoint: [],
    cmd: ['nginx', '-g', 'daemon off;'],
    shell: 'sh',
    program: 'nginx',
    behaviour: { kind: 'serves', ports: [80], readyAfterMs: 150 },
    logStyle: 'nginx',
  },
  {
    // The DaemonSet page's log collector (fluentd-elasticsearch): it tails the node's logs and serves nothing.
    // Sizes are approximate: what the simulation pulls, not a published manifest's.
    name: 'quay.io/fluentd_elasticsearch/fluentd',
    summary: 'the DaemonSet docs\' fluentd: collects the node\'s logs for Elasticsearch, serves no port',
    builds: [
      { tags: ['v2.5.2'], sizeBytes: 62_190_344, version: '2.5.2' },
      { tags: ['v2.5.1'], sizeBytes: 62_187_912, version: '2.5.1' },
    ],
    entrypoint: [],
    cmd: ['fluentd'],
    shell: 'bash',
    program: 'fluentd',
    behaviour: { kind: 'serves', ports: [], readyAfterMs: 1_000 },
    logStyle: 'generic',
  },
  {
    // The GKE quickstart's Go server; PORT moves it.
    name: 'gcr.io/google-samples/hello-app',
    mirrors: ['us-docker.pkg.dev/google-samples/containers/gke/hello-app'],
    summary: 'answers "Hello, world!", its version and the pod\'s hostname on port 8080 ($PORT), logs each request',
    builds: [
      { tags: ['2.0'], sizeBytes: 4_291_875, version: '2.0.0' },
      { tags: ['1.0'], sizeBytes: 4_227_312, version: '1.0.0' },
    ],
    entrypoint: [],
    cmd: ['/hello-app'],
    shell: 'none',
    program: 'hello-app',
    behaviour: { kind: 'serves', ports: [8080], readyAfterMs: 10 },
    logStyle: 'hello-app',
    httpBody: 'Hello, world!\nVersion: {version}\nHostname: {hostname}\n',
  },
  {
    // The HorizontalPodAutoscaler walkthrough's php-apache: index.php runs a million square roots and answers "OK!".
    name: 'registry.k8s.io/hpa-example',
    mirrors: ['k8s.gcr.io/hpa-example'],
    summary: 'the HPA walkthrough\'s php-apache: answers "OK!" on port 80 after a CPU-heavy loop, so load shows as CPU use',
    builds: [{ tags: ['latest'], sizeBytes: 181_862_105 }],
    entrypoint: [],
    cmd: ['apache2-foreground'],
    shell: 'bash',
    program: 'apache2-foreground',
    behaviour: { kind: 'serves', ports: [80], readyAfterMs: 400 },
    logStyle: 'httpd',
    httpBody: 'OK!',
    usage: { idleMillicores: 1, memoryBytes: 9_437_184, cpuMsPerRequest: 6 },
  },
];
