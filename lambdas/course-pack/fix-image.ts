/** Exercise 6: a Deployment whose image cannot be pulled: read the kubelet's events, fix the image. */
import type { ExerciseInput } from '#services/grading/exercise-schema.ts';

/** A tag no registry has. */
const BROKEN = 'nginx:1.27.99';

export const fixImage: ExerciseInput = {
  id: 'fix-image',
  title: 'Fix an image that cannot be pulled',
  order: 60,
  summary: 'Find out why pods never start, and fix the Deployment.',
  instructions: `# Fix an image that cannot be pulled

Someone deployed \`web\`, but its pods never become ready.

1. Look at the pods and read their events:

   \`\`\`sh
   kubectl get pods
   kubectl describe pod <one of the web pods>
   \`\`\`

   The **container runtime** could not pull the image, and the **kubelet** keeps retrying,
   waiting longer each time (\`ImagePullBackOff\`).

2. The tag does not exist. Change the image to one that does, e.g. \`nginx:1.27\`:

   \`\`\`sh
   kubectl set image deployment/web web=nginx:1.27
   kubectl rollout status deployment/web
   \`\`\``,
  hints: ['The Events at the bottom of `kubectl describe pod` say "Failed to pull image" and why.', 'Any existing nginx tag works: 1.27, 1.28, latest...'],
  startingState: {
    objects: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', labels: { app: 'web' } },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: BROKEN, ports: [{ containerPort: 80 }] }] } },
        },
      },
    ],
    settleSeconds: 60,
  },
  checks: [
    {
      id: 'status',
      type: 'multipleChoice',
      title: 'What went wrong',
      question: 'Before your fix, what did the STATUS column of `kubectl get pods` show for the web pods?',
      options: [
        { id: 'image-pull-backoff', text: 'ImagePullBackOff or ErrImagePull' },
        { id: 'crash-loop-backoff', text: 'CrashLoopBackOff' },
        { id: 'pending', text: 'Pending' },
        { id: 'completed', text: 'Completed' },
      ],
      correct: ['image-pull-backoff'],
      points: 1,
    },
    { id: 'web-ready', type: 'deploymentAvailable', title: 'Both web replicas are ready', workload: { name: 'web' }, replicas: 2, points: 3 },
    {
      id: 'no-pull-errors',
      type: 'expression',
      title: 'No web pod is stuck pulling an image',
      select: { kind: 'Pod', namespace: 'default', labels: { app: 'web' } },
      where: [{ path: '.status.containerStatuses[*].state.waiting.reason', op: 'in', value: ['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName'] }],
      count: { op: 'eq', value: 0 },
      points: 1,
    },
  ],
  solution: {
    steps: [
      { do: 'setImage', deployment: 'web', container: 'web', image: 'nginx:1.27' },
      { do: 'wait', seconds: 90 },
      { do: 'answer', answers: { status: 'image-pull-backoff' } },
    ],
  },
};
