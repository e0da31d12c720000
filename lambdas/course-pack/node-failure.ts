/** Exercise 4: a worker node fails; the controller manager notices and the app's pods move to healthy nodes. */
import type { ExerciseInput } from '#services/grading/exercise-schema.ts';
import { APP_WORKLOAD, deployment, service } from './workshop-app.ts';

export const nodeFailure: ExerciseInput = {
  id: 'node-failure',
  title: 'Survive a worker node failure',
  order: 40,
  summary: 'A worker node stops; watch the controller manager replace its pods elsewhere.',
  instructions: `# Survive a worker node failure

Your cluster has three worker nodes and the app runs three replicas. A moment ago,
**worker-1 failed**: its machine stopped, so its **kubelet** no longer reports to the API server.

1. Watch the nodes. After about 40 seconds without a heartbeat, the **controller manager**'s
   node lifecycle controller marks the node \`NotReady\`:

   \`\`\`sh
   kubectl get nodes --watch
   \`\`\`

2. Watch the pods. The pods on the failed node stop being ready; after five minutes
   (their toleration of the \`node.kubernetes.io/unreachable\` taint) they are evicted, and the
   ReplicaSet controller creates replacements that the scheduler puts on healthy nodes:

   \`\`\`sh
   kubectl get pods -o wide --watch
   kubectl describe node worker-1
   \`\`\`

The app is back when three replicas are ready again and none of its pods is left on the
failed node (evicted pods show \`Terminating\` until the node comes back: that is expected).`,
  hints: [
    'Nothing to type but patience: Kubernetes heals the app by itself. That is the point.',
    '`kubectl get events --sort-by=.lastTimestamp` tells the story: NodeNotReady, TaintManagerEviction, SuccessfulCreate, Scheduled.',
    'In a hurry? `kubectl drain worker-1 --ignore-daemonsets` moves the pods off at once.',
  ],
  // Its fault names worker-1: a kubeadm cluster's node, whatever the cohort's clusters are.
  startingState: { flavour: 'kubeadm', workers: 3, objects: [deployment(3), service()], settleSeconds: 60, faults: [{ type: 'failNode', node: 'worker-1' }] },
  checks: [
    {
      id: 'failed-node',
      type: 'shortAnswer',
      title: 'The failed node',
      question: 'Which node is NotReady?',
      accept: ['worker-1'],
      points: 1,
    },
    {
      id: 'which-component',
      type: 'multipleChoice',
      title: 'Who noticed',
      question: 'Which component of the master node noticed the failure and had the pods replaced?',
      options: [
        { id: 'scheduler', text: 'the scheduler' },
        { id: 'controller-manager', text: 'the controller manager' },
        { id: 'etcd', text: 'etcd' },
        { id: 'cloud-controller', text: 'the cloud controller' },
      ],
      correct: ['controller-manager'],
      points: 1,
    },
    { id: 'three-ready', type: 'deploymentAvailable', title: 'Three replicas are ready again', workload: APP_WORKLOAD, replicas: 3, points: 2 },
    { id: 'off-failed-node', type: 'noPodsOnNode', title: 'No pod of the app is left on worker-1', node: 'worker-1', workload: APP_WORKLOAD, points: 2 },
    { id: 'spread', type: 'podsSpread', title: 'The replicas run on the two healthy nodes', workload: APP_WORKLOAD, minNodes: 2, points: 1 },
  ],
  solution: {
    steps: [
      { do: 'wait', seconds: 400 },
      { do: 'answer', answers: { 'failed-node': 'worker-1', 'which-component': 'controller-manager' } },
    ],
  },
};
