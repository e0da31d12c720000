/** Exercise 9: the seed's anatomy of a cluster: which component does what, on the master node and on the workers. */
import type { CheckInput, ExerciseInput } from '#services/grading/exercise-schema.ts';

const COMPONENTS = [
  { id: 'api-server', text: 'API server' },
  { id: 'scheduler', text: 'Scheduler' },
  { id: 'controller-manager', text: 'Controller manager' },
  { id: 'cloud-controller', text: 'Cloud controller' },
  { id: 'etcd', text: 'etcd' },
  { id: 'container-runtime', text: 'Container runtime' },
  { id: 'kubelet', text: 'Kubelet' },
  { id: 'kube-proxy', text: 'Kube-proxy' },
];

const which = (id: string, question: string, correct: string): CheckInput => ({
  id,
  type: 'multipleChoice',
  title: question.replace(/^Which component /, '').replace(/\?$/, ''),
  question,
  options: COMPONENTS,
  correct: [correct],
  points: 1,
});

export const components: ExerciseInput = {
  id: 'which-component',
  title: 'Which component does what',
  order: 80,
  summary: 'The anatomy of a cluster: the master node and the worker nodes.',
  instructions: `# Which component does what

The **master node** manages the worker nodes: the API server, the scheduler, the controller
manager, the cloud controller and etcd. Each **worker node** runs a container runtime, a
kubelet and kube-proxy. You met all of them in the previous exercises: \`kubectl get events\`
names the one that did each thing (the \`SOURCE\` column with \`-o wide\`).

For each task, choose the component that does it.`,
  hints: ['Only one component is the way in: every kubectl command talks to it.', 'Three components run on every worker node.'],
  checks: [
    which('way-in', 'Which component is the one way in: the one kubectl (and everything else) talks to?', 'api-server'),
    which('assigns-nodes', 'Which component assigns each new pod to a worker node?', 'scheduler'),
    which('node-failures', 'Which component keeps track of worker nodes, handles node failures and replicates pods when needed?', 'controller-manager'),
    which('cloud-resources', 'Which component asks the cloud provider for nodes, IP addresses and load balancers?', 'cloud-controller'),
    which('stores-state', "Which component stores the cluster's state and configuration?", 'etcd'),
    which('pulls-images', 'Which component pulls a container image and runs it on a worker node?', 'container-runtime'),
    which('manages-containers', 'Which component talks to the API server and manages the containers on its node?', 'kubelet'),
    which('balances-traffic', 'Which component balances network traffic between the application and the outside world?', 'kube-proxy'),
  ],
  solution: {
    steps: [
      {
        do: 'answer',
        answers: {
          'way-in': 'api-server',
          'assigns-nodes': 'scheduler',
          'node-failures': 'controller-manager',
          'cloud-resources': 'cloud-controller',
          'stores-state': 'etcd',
          'pulls-images': 'container-runtime',
          'manages-containers': 'kubelet',
          'balances-traffic': 'kube-proxy',
        },
      },
    ],
  },
};
