/** Exercise 7: clean up: what the original lab had to do so the cloud stopped billing. */
import type { ExerciseInput } from '#services/grading/exercise-schema.ts';
import { APP, deployment, service } from './workshop-app.ts';

export const cleanUp: ExerciseInput = {
  id: 'clean-up',
  title: 'Clean up',
  order: 75,
  summary: 'Delete the app and its load balancer so nothing is left running.',
  instructions: `# Clean up

On a real cloud, a load balancer and the nodes behind it cost money every hour, even when
nobody visits. The original lab ends with deleting the whole EKS cluster. Here, delete what
you created: the Deployment (its ReplicaSets and pods go with it: the **garbage collector**
follows their owner references) and the Service (the **cloud controller** then releases the
load balancer).

\`\`\`sh
kubectl delete service ${APP}
kubectl delete deployment ${APP}
kubectl get all
\`\`\`

When \`kubectl get all\` shows only \`service/kubernetes\`, you are done.`,
  hints: ['`kubectl delete -f app.yaml` deletes everything the file created.', 'Pods show Terminating for a few seconds before they go: that is a graceful shutdown.'],
  startingState: { objects: [deployment(2), service()], settleSeconds: 60 },
  checks: [
    { id: 'no-load-balancer', type: 'expression', title: 'No load balancer is left', select: { kind: 'Service' }, where: [{ path: '.spec.type', op: 'eq', value: 'LoadBalancer' }], count: { op: 'eq', value: 0 }, points: 2 },
    { id: 'deployment-gone', type: 'objectAbsent', title: `The ${APP} Deployment is gone`, select: { kind: 'Deployment', namespace: 'default', name: APP }, points: 1 },
    { id: 'namespace-empty', type: 'namespaceEmpty', title: 'Nothing is left in the default namespace', namespace: 'default', points: 2 },
    {
      id: 'why',
      type: 'multipleChoice',
      title: 'Why clean up',
      question: 'Why did the original lab end by deleting the EKS cluster?',
      options: [
        { id: 'cost', text: 'Its nodes and load balancer cost money every hour, even when idle' },
        { id: 'security', text: 'Kubernetes clusters cannot be secured' },
        { id: 'limit', text: 'An AWS account may only ever create one cluster' },
      ],
      correct: ['cost'],
      points: 1,
    },
  ],
  solution: {
    steps: [
      { do: 'delete', kind: 'Service', name: APP },
      { do: 'delete', kind: 'Deployment', name: APP },
      { do: 'wait', seconds: 60 },
      { do: 'answer', answers: { why: 'cost' } },
    ],
  },
};
