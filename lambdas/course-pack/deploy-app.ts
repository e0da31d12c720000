/** Exercise 2: the seed's lab itself: apply the four-container app with a LoadBalancer Service and find its external address. */
import type { ExerciseInput } from '#services/grading/exercise-schema.ts';
import { APP, APP_WORKLOAD, deployment, manifestYaml, PORTS, service } from './workshop-app.ts';

export const deployApp: ExerciseInput = {
  id: 'deploy-app',
  title: 'Deploy the app',
  order: 20,
  summary: 'Run the four-container app on two replicas behind a load balancer, and find its address.',
  instructions: `# Deploy the app

Our app has a front end (port 80) and three back ends (ports 9000, 9010 and 9020). They run
as four containers of one pod. A **Deployment** keeps two copies (replicas) of that pod
running; a **Service** of type \`LoadBalancer\` gives the app one address from the outside.

1. Save this manifest as \`app.yaml\`:

   \`\`\`yaml
${manifestYaml().trimEnd().split('\n').map((line) => `   ${line}`).join('\n')}
   \`\`\`

2. Apply it and watch the pods start. They go from \`ContainerCreating\` to \`Running\` as the
   **container runtime** pulls the images and the **kubelet** starts the containers:

   \`\`\`sh
   kubectl apply -f app.yaml
   kubectl get all
   kubectl get pods -o wide --watch
   \`\`\`

3. The **cloud controller** asks the cloud for a load balancer. When it is ready, the
   service's \`EXTERNAL-IP\` column shows its address:

   \`\`\`sh
   kubectl get service ${APP}
   \`\`\`

Answer with that address, then press **Check my work**.`,
  hints: [
    'READY 4/4 means all four containers of a pod are running.',
    'The EXTERNAL-IP stays <pending> for a few seconds while the load balancer is provisioned.',
    'If a pod stays Pending, `kubectl describe pod <name>` shows the scheduler\'s reason in its events.',
  ],
  checks: [
    { id: 'deployment-ready', type: 'deploymentAvailable', title: 'Two replicas of the app are ready', workload: APP_WORKLOAD, replicas: 2, points: 3 },
    {
      id: 'four-containers',
      type: 'expression',
      title: 'The pod has the four containers',
      select: { kind: 'Deployment', namespace: 'default' },
      where: [
        { path: '.spec.template.spec.containers[3]', op: 'exists' },
        { path: '.spec.template.spec.containers[4]', op: 'absent' },
      ],
      feedback: 'The front end and the three back ends run as four containers of one pod template.',
      points: 1,
    },
    { id: 'load-balancer', type: 'serviceExposes', title: 'A LoadBalancer Service exposes 80, 9000, 9010 and 9020', serviceType: 'LoadBalancer', ports: PORTS, selects: APP_WORKLOAD, points: 3 },
    { id: 'external-address', type: 'serviceExposes', title: 'The load balancer has an external address', serviceType: 'LoadBalancer', ports: [80], selects: APP_WORKLOAD, externalAddress: true, points: 1 },
    {
      id: 'external-ip',
      type: 'shortAnswer',
      title: 'You found the external address',
      question: "What is your service's EXTERNAL-IP?",
      acceptFrom: { select: { kind: 'Service', namespace: 'default' }, path: '.status.loadBalancer.ingress[*].hostname' },
      points: 1,
    },
    { id: 'spread', type: 'podsSpread', title: 'The replicas run on different worker nodes', workload: APP_WORKLOAD, minNodes: 2, hidden: true, points: 1 },
  ],
  solution: {
    steps: [
      { do: 'apply', objects: [deployment(), service()] },
      { do: 'wait', seconds: 60 },
      { do: 'answerFrom', check: 'external-ip', select: { kind: 'Service', namespace: 'default', name: APP }, path: '.status.loadBalancer.ingress[0].hostname' },
    ],
  },
};
