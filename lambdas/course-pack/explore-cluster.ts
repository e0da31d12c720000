/** Exercise 1: find the seed's anatomy of a cluster in a real one: nodes, the control plane in kube-system, kube-proxy everywhere. */
import type { ExerciseInput } from '#services/grading/exercise-schema.ts';

export const exploreCluster: ExerciseInput = {
  id: 'explore-cluster',
  title: 'Explore your cluster',
  order: 10,
  summary: 'Find the master node, the worker nodes and the components of the control plane.',
  instructions: `# Explore your cluster

A Kubernetes cluster is a set of machines (nodes): one **master node** that runs the control
plane, and **worker nodes** that run your applications. Your cluster is ready; let's look at it.

1. List the nodes and their roles:

   \`\`\`sh
   kubectl get nodes -o wide
   \`\`\`

   The node with the role \`control-plane\` is the master node. The others are workers.

2. The control plane's components run as pods in the \`kube-system\` namespace:

   \`\`\`sh
   kubectl get pods -n kube-system -o wide
   \`\`\`

   Find the **API server** (\`kube-apiserver\`), the **scheduler** (\`kube-scheduler\`), the
   **controller manager** (\`kube-controller-manager\`), the **cloud controller**
   (\`cloud-controller-manager\`) and **etcd**. The \`NODE\` column says where each runs.

3. Some components run on *every* node, workers included. Which one? (Look at the \`NODE\`
   column again, and at \`kubectl get daemonsets -n kube-system\`.)

Answer the questions below, then press **Check my work**.`,
  hints: [
    '`kubectl get nodes` shows the ROLES column; the master node has the role control-plane.',
    'Add `-o wide` to `kubectl get pods` to see which node each pod runs on.',
    'A DaemonSet runs one pod on every node.',
  ],
  // It looks for the master node: a kubeadm cluster's, whatever the cohort's clusters are.
  startingState: { flavour: 'kubeadm' },
  checks: [
    {
      id: 'control-plane-node',
      type: 'shortAnswer',
      title: 'The master node',
      question: 'What is the name of the node that runs the control plane (the master node)?',
      acceptFrom: { select: { kind: 'Node', labels: { 'node-role.kubernetes.io/control-plane': '' } }, path: '.metadata.name' },
      points: 1,
    },
    {
      id: 'worker-count',
      type: 'shortAnswer',
      title: 'Worker nodes',
      question: 'How many worker nodes does your cluster have?',
      accept: ['2', 'two'],
      points: 1,
    },
    {
      id: 'control-plane-namespace',
      type: 'shortAnswer',
      title: "The control plane's namespace",
      question: "In which namespace do the control plane's pods run?",
      accept: ['kube-system'],
      points: 1,
    },
    {
      id: 'scheduler-node',
      type: 'shortAnswer',
      title: 'Where the scheduler runs',
      question: 'On which node does the scheduler (kube-scheduler) run?',
      acceptFrom: { select: { kind: 'Pod', namespace: 'kube-system', labels: { component: 'kube-scheduler' } }, path: '.spec.nodeName' },
      points: 1,
    },
    {
      id: 'on-every-node',
      type: 'multipleChoice',
      title: 'A component on every node',
      question: 'Which of these runs a pod on every node, worker nodes included?',
      options: [
        { id: 'kube-proxy', text: 'kube-proxy' },
        { id: 'kube-scheduler', text: 'kube-scheduler' },
        { id: 'etcd', text: 'etcd' },
        { id: 'kube-controller-manager', text: 'kube-controller-manager' },
      ],
      correct: ['kube-proxy'],
      points: 1,
    },
  ],
  solution: {
    steps: [
      { do: 'answerFrom', check: 'control-plane-node', select: { kind: 'Node', labels: { 'node-role.kubernetes.io/control-plane': '' } }, path: '.metadata.name' },
      { do: 'answer', answers: { 'worker-count': '2', 'control-plane-namespace': 'kube-system', 'on-every-node': 'kube-proxy' } },
      { do: 'answerFrom', check: 'scheduler-node', select: { kind: 'Pod', namespace: 'kube-system', labels: { component: 'kube-scheduler' } }, path: '.spec.nodeName' },
    ],
  },
};
