/** Exercise 3: scale the app; the ReplicaSet controller adds pods and the scheduler spreads them. */
import type { ExerciseInput } from '#services/grading/exercise-schema.ts';
import { APP, APP_WORKLOAD, deployment, PORTS, service } from './workshop-app.ts';

export const scaleApp: ExerciseInput = {
  id: 'scale-app',
  title: 'Scale the app',
  order: 30,
  summary: 'Run four replicas instead of two, and see where the scheduler puts them.',
  instructions: `# Scale the app

Your cluster runs the app with two replicas (this exercise starts with it deployed). More
visitors are coming: run **four**.

\`\`\`sh
kubectl scale deployment ${APP} --replicas=4
kubectl get pods -o wide --watch
\`\`\`

The **controller manager**'s ReplicaSet controller creates the missing pods; the
**scheduler** picks a worker node for each (it never picks the master node, which is
tainted \`NoSchedule\`), spreading replicas over the nodes. The Service sends traffic to all
four as soon as they are ready: \`kubectl get endpoints ${APP}\` lists them.`,
  hints: ['You can also change `replicas:` in app.yaml and `kubectl apply -f app.yaml` again.', '`kubectl get deployment` shows READY 4/4 when all four replicas are ready.'],
  startingState: { objects: [deployment(2), service()], settleSeconds: 60 },
  checks: [
    { id: 'four-replicas', type: 'deploymentAvailable', title: 'Four replicas are ready', workload: APP_WORKLOAD, replicas: 4, points: 3 },
    { id: 'spread', type: 'podsSpread', title: 'The replicas are spread over both worker nodes', workload: APP_WORKLOAD, minNodes: 2, points: 1 },
    { id: 'still-served', type: 'serviceExposes', title: 'The Service still selects the app', serviceType: 'LoadBalancer', ports: PORTS, selects: APP_WORKLOAD, points: 1 },
    {
      id: 'endpoints',
      type: 'expression',
      title: 'The Service has four ready endpoints',
      select: { kind: 'Endpoints', namespace: 'default' },
      where: [{ path: '.subsets[0].addresses[3].ip', op: 'exists' }],
      feedback: 'kubectl get endpoints lists the pod addresses a Service sends traffic to; only ready pods are listed.',
      points: 1,
    },
  ],
  solution: { steps: [{ do: 'scale', deployment: APP, replicas: 4 }, { do: 'wait', seconds: 60 }] },
};
