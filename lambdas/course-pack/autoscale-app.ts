/** Exercise: the Kubernetes docs' HorizontalPodAutoscaler walkthrough: php-apache, kubectl autoscale, a load generator, kubectl top. */
import type { ExerciseInput } from '#services/grading/exercise-schema.ts';

/** The walkthrough's php-apache Deployment: 200m of CPU requested, 500m at most. */
export const PHP_APACHE = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'php-apache' },
  spec: {
    selector: { matchLabels: { run: 'php-apache' } },
    template: {
      metadata: { labels: { run: 'php-apache' } },
      spec: { containers: [{ name: 'php-apache', image: 'registry.k8s.io/hpa-example', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '500m' }, requests: { cpu: '200m' } } }] },
    },
  },
};

/** Its Service. */
export const PHP_APACHE_SERVICE = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'php-apache', labels: { run: 'php-apache' } }, spec: { ports: [{ port: 80 }], selector: { run: 'php-apache' } } };

/** What `kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10` creates, in autoscaling/v2. */
export const PHP_APACHE_HPA = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'php-apache' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' },
    minReplicas: 1,
    maxReplicas: 10,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
  },
};

/** The walkthrough's load generator, as a pod (`kubectl run load-generator ...`). */
export const LOAD_GENERATOR = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'load-generator' },
  spec: { restartPolicy: 'Never', containers: [{ name: 'load-generator', image: 'busybox:1.28', command: ['/bin/sh', '-c', 'while sleep 0.01; do wget -q -O- http://php-apache; done'] }] },
};

export const autoscaleApp: ExerciseInput = {
  id: 'autoscale-app',
  title: 'Scale on load with a HorizontalPodAutoscaler',
  order: 71,
  summary: 'kubectl autoscale, kubectl top and a load generator: the cluster adds pods when they are busy and removes them when they are not.',
  instructions: `# Scale on load with a HorizontalPodAutoscaler

\`kubectl scale\` sets a number of pods by hand. A **HorizontalPodAutoscaler** (HPA) sets it for
you: every 15 seconds the **controller manager** reads how busy the pods are from the
**metrics-server** (the CPU each pod used over the last window, the numbers \`kubectl top\` shows)
and sets the Deployment's replicas to \`ceil(replicas × current / target)\`, between a minimum and a
maximum. It waits five minutes before it scales down, so a short lull does not remove pods.

1. Run the walkthrough's php-apache server: each request to it costs CPU. Save this as
   \`php-apache.yaml\` and apply it:

   \`\`\`yaml
   apiVersion: apps/v1
   kind: Deployment
   metadata:
     name: php-apache
   spec:
     selector:
       matchLabels:
         run: php-apache
     template:
       metadata:
         labels:
           run: php-apache
       spec:
         containers:
         - name: php-apache
           image: registry.k8s.io/hpa-example
           ports:
           - containerPort: 80
           resources:
             limits:
               cpu: 500m
             requests:
               cpu: 200m
   ---
   apiVersion: v1
   kind: Service
   metadata:
     name: php-apache
     labels:
       run: php-apache
   spec:
     ports:
     - port: 80
     selector:
       run: php-apache
   \`\`\`

   \`\`\`sh
   kubectl apply -f php-apache.yaml
   kubectl top pods
   \`\`\`

   A pod has metrics once it has run for a whole window (15 s); until then \`kubectl top\` says so.

2. Autoscale it: keep the average CPU at 50% of what each pod requests, with 1 to 10 pods.

   \`\`\`sh
   kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10
   kubectl get hpa
   \`\`\`

3. Put load on it: a pod that asks php-apache for a page a hundred times a second, and watch the
   HPA's TARGETS climb and its REPLICAS follow.

   \`\`\`sh
   kubectl run load-generator --image=busybox:1.28 --restart=Never -- /bin/sh -c "while sleep 0.01; do wget -q -O- http://php-apache; done"
   kubectl get hpa php-apache --watch
   kubectl top pods --sort-by=cpu
   kubectl describe hpa php-apache
   \`\`\`

4. Stop the load and watch the HPA scale back down once its five-minute window has passed.

   \`\`\`sh
   kubectl delete pod load-generator
   kubectl get deployment php-apache --watch
   \`\`\``,
  hints: [
    '`kubectl describe hpa php-apache` shows the metric against its target, the conditions (AbleToScale, ScalingActive, ScalingLimited) and the SuccessfulRescale events with the reason for each new size.',
    'An HPA computes utilization from the pods\' CPU requests: without `resources.requests.cpu` it says `missing request for cpu` and does not scale.',
    'It scales up by at most max(2 × current, 4) pods in one step (ScaleUpLimit), and down only to the highest size it recommended in the last five minutes (ScaleDownStabilized).',
    'The fast-forward button moves the cluster\'s clock on, so the five minutes pass at once.',
  ],
  startingState: { objects: [], settleSeconds: 0 },
  checks: [
    {
      id: 'hpa-scaled',
      type: 'hpaScaled',
      title: 'An HPA keeps php-apache between 1 and 10 pods at 50% CPU, and has scaled it up under load',
      hpa: { target: 'php-apache' },
      minReplicas: 1,
      maxReplicas: 10,
      cpuUtilization: 50,
      points: 3,
    },
    {
      id: 'the-formula',
      type: 'multipleChoice',
      title: 'How the HPA picks a size',
      question: 'Three php-apache pods run at 100% of their CPU request and the HPA targets 50%. How many pods does it ask for?',
      options: [
        { id: 'four', text: '4' },
        { id: 'six', text: '6' },
        { id: 'ten', text: '10, its maximum' },
        { id: 'three', text: '3: it scales one pod at a time' },
      ],
      correct: ['six'],
      points: 1,
    },
    {
      id: 'who-measures',
      type: 'shortAnswer',
      title: 'Who measures',
      question: 'Which add-on serves the CPU use that `kubectl top` and the HPA read (the API group metrics.k8s.io)?',
      accept: ['metrics-server', 'metrics server', 'the metrics-server', 'the metrics server'],
      points: 1,
    },
  ],
  solution: {
    steps: [
      { do: 'apply', objects: [PHP_APACHE, PHP_APACHE_SERVICE] },
      { do: 'wait', seconds: 30 },
      { do: 'apply', objects: [PHP_APACHE_HPA, LOAD_GENERATOR] },
      { do: 'wait', seconds: 90 },
      { do: 'delete', kind: 'Pod', name: 'load-generator' },
      { do: 'answer', answers: { 'the-formula': 'six', 'who-measures': 'metrics-server' } },
    ],
  },
};
