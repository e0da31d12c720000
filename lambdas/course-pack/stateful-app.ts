/** Exercise: keep state with a StatefulSet: stable pod names, ordered start, a claim per pod that outlives it. */
import type { ExerciseInput } from '#services/grading/exercise-schema.ts';

/** The headless Service of the Kubernetes docs' StatefulSet example (concepts/workloads/controllers/statefulset). */
export const NGINX_HEADLESS = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'nginx', labels: { app: 'nginx' } },
  spec: { ports: [{ port: 80, name: 'web' }], clusterIP: 'None', selector: { app: 'nginx' } },
};

/** The command of the init container that leaves a line in the pod's volume each time the pod starts. */
const LOG_START = 'echo "$(hostname) started" >> /usr/share/nginx/html/index.html';

/** The docs' StatefulSet `web` on two replicas, its claims `www` from the default StorageClass; an init container writes into each. */
export const WEB_STATEFULSET = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web' },
  spec: {
    selector: { matchLabels: { app: 'nginx' } },
    serviceName: 'nginx',
    replicas: 2,
    minReadySeconds: 10,
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: {
        terminationGracePeriodSeconds: 10,
        initContainers: [{ name: 'log-start', image: 'busybox:1.37', command: ['sh', '-c', LOG_START], volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }],
        containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.24', ports: [{ containerPort: 80, name: 'web' }], volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }],
      },
    },
    volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
  },
};

export const statefulApp: ExerciseInput = {
  id: 'stateful-app',
  title: 'Keep state with a StatefulSet',
  order: 68,
  summary: 'Pods with stable names that start in order, each with its own persistent volume.',
  instructions: `# Keep state with a StatefulSet

The pods of a Deployment are interchangeable: random names, any of them replaced by a new one.
A database is not like that: each member has its own data and is known by name. That is a
**StatefulSet**: its pods are named \`<name>-0\`, \`<name>-1\`, ... and keep their names; by
default the **controller manager** creates them one at a time, \`web-1\` only once \`web-0\` is
Running and Ready; and each pod gets its own **PersistentVolumeClaim** from the
\`volumeClaimTemplates\`, which stays when the pod goes. A **headless Service**
(\`clusterIP: None\`) gives each pod a DNS name of its own: \`web-0.nginx\`.

1. Save the Kubernetes documentation's example, on two replicas and with an init container that
   writes a line into the pod's volume each time the pod starts, as \`web.yaml\` and apply it:

   \`\`\`yaml
   apiVersion: v1
   kind: Service
   metadata:
     name: nginx
     labels:
       app: nginx
   spec:
     ports:
     - port: 80
       name: web
     clusterIP: None
     selector:
       app: nginx
   ---
   apiVersion: apps/v1
   kind: StatefulSet
   metadata:
     name: web
   spec:
     selector:
       matchLabels:
         app: nginx
     serviceName: "nginx"
     replicas: 2
     minReadySeconds: 10
     template:
       metadata:
         labels:
           app: nginx
       spec:
         terminationGracePeriodSeconds: 10
         initContainers:
         - name: log-start
           image: busybox:1.37
           command: ["sh", "-c", '${LOG_START}']
           volumeMounts:
           - name: www
             mountPath: /usr/share/nginx/html
         containers:
         - name: nginx
           image: registry.k8s.io/nginx-slim:0.24
           ports:
           - containerPort: 80
             name: web
           volumeMounts:
           - name: www
             mountPath: /usr/share/nginx/html
     volumeClaimTemplates:
     - metadata:
         name: www
       spec:
         accessModes: [ "ReadWriteOnce" ]
         resources:
           requests:
             storage: 1Gi
   \`\`\`

   \`\`\`sh
   kubectl apply -f web.yaml
   kubectl get pods -l app=nginx --watch
   \`\`\`

   \`web-0\` starts first; \`web-1\` is created only once \`web-0\` is Running and Ready.

2. See the claims: one per pod, named \`<template>-<pod>\`. The cluster's default StorageClass
   (\`standard\`) provisions a volume for each when its pod is scheduled:

   \`\`\`sh
   kubectl get pvc
   kubectl get pv
   kubectl describe sts web
   \`\`\`

3. From the web terminal, reach each pod by its own name through the headless Service. nginx
   serves the file the init container wrote:

   \`\`\`sh
   curl http://web-0.nginx/
   curl http://web-1.nginx/
   \`\`\`

4. Delete \`web-0\` and watch it come back, with the same name and the same claim, then ask it
   again: what was written before is still there.

   \`\`\`sh
   kubectl delete pod web-0
   kubectl get pods -l app=nginx --watch
   kubectl get pod web-0 -o jsonpath='{.spec.volumes[0].persistentVolumeClaim.claimName}'
   curl http://web-0.nginx/
   \`\`\``,
  hints: [
    'Without `clusterIP: None` the Service gets a virtual IP and no per-pod DNS names; clusterIP cannot be changed, so delete the Service and create it again.',
    '`kubectl describe pvc www-web-0` says why a claim is still Pending; with the default class it waits for the first pod that uses it (WaitForFirstConsumer).',
    '`kubectl describe sts web` lists the claims it makes and the controller\'s events (`create Claim www-web-0 Pod web-0 in StatefulSet web success`).',
    'Scaling down removes the highest ordinal first and keeps its claim: scale back up and the pod gets its old volume again.',
  ],
  // Its claims use the default StorageClass, which an EKS cluster (since 1.30) does not have.
  startingState: { flavour: 'kubeadm', objects: [], settleSeconds: 0 },
  checks: [
    {
      id: 'pods-ready',
      type: 'statefulSetReady',
      title: 'A StatefulSet runs two Ready pods under a headless Service',
      statefulSet: {},
      replicas: 2,
      headlessService: true,
      points: 3,
    },
    {
      id: 'claims-bound',
      type: 'claimBound',
      title: 'Each pod mounts its own bound claim of at least 1Gi',
      claim: { minSize: '1Gi' },
      count: 2,
      mounted: true,
      points: 2,
    },
    {
      id: 'start-order',
      type: 'multipleChoice',
      title: 'The order pods start in',
      question: 'With the default podManagementPolicy (OrderedReady), when does the StatefulSet controller create web-1?',
      options: [
        { id: 'together', text: 'At the same time as web-0' },
        { id: 'after-ready', text: 'Once web-0 is Running and Ready' },
        { id: 'after-claim', text: 'Once the claim of web-0 is Bound, whether web-0 runs or not' },
        { id: 'random', text: 'In any order the scheduler picks' },
      ],
      correct: ['after-ready'],
      points: 1,
    },
    {
      id: 'claim-kept',
      type: 'shortAnswer',
      title: 'A pod keeps its claim',
      question: 'After you deleted pod web-0 and it came back, which PersistentVolumeClaim does the new web-0 mount?',
      accept: ['www-web-0', 'persistentvolumeclaim/www-web-0', 'pvc/www-web-0'],
      points: 1,
    },
    {
      id: 'data-kept',
      type: 'shortAnswer',
      title: 'What a pod wrote outlives it',
      question: 'After web-0 was deleted once and came back, how many lines does `curl http://web-0.nginx/` print?',
      accept: ['2', 'two'],
      points: 1,
    },
  ],
  solution: {
    steps: [
      { do: 'apply', objects: [NGINX_HEADLESS, WEB_STATEFULSET] },
      { do: 'wait', seconds: 60 },
      { do: 'delete', kind: 'Pod', name: 'web-0' },
      { do: 'wait', seconds: 30 },
      { do: 'answer', answers: { 'start-order': 'after-ready', 'claim-kept': 'www-web-0', 'data-kept': '2' } },
    ],
  },
};
