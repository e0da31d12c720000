/** Exercise 5: roll out a new image, read the history, roll back: the deployment controller's revisions. */
import type { ExerciseInput } from '#services/grading/exercise-schema.ts';
import { APP, APP_WORKLOAD, deployment, FRONTEND_IMAGE, service } from './workshop-app.ts';

export const NEW_FRONTEND_IMAGE = 'nginx:1.28';

export const rollout: ExerciseInput = {
  id: 'rollout',
  title: 'Roll out a new version, then roll back',
  order: 50,
  summary: 'Update the front end image with a rolling update, then undo it.',
  instructions: `# Roll out a new version, then roll back

The app runs the front end on \`${FRONTEND_IMAGE}\`. Release \`${NEW_FRONTEND_IMAGE}\`:

\`\`\`sh
kubectl set image deployment/${APP} frontend=${NEW_FRONTEND_IMAGE}
kubectl rollout status deployment/${APP}
kubectl get replicasets
\`\`\`

The **deployment controller** creates a new ReplicaSet and moves the pods over a few at a
time (a *rolling update*), so the app never stops serving. Look at the history:

\`\`\`sh
kubectl rollout history deployment/${APP}
\`\`\`

Now pretend the new version is broken, and go back:

\`\`\`sh
kubectl rollout undo deployment/${APP}
kubectl rollout history deployment/${APP}
\`\`\`

Answer the question below, then press **Check my work**.`,
  hints: ['An undo is a new rollout of the old template: the old revision comes back with a new number.', '`kubectl describe deployment` shows the image the pods run now.'],
  startingState: { objects: [deployment(2), service()], settleSeconds: 60 },
  checks: [
    { id: 'rolled-out', type: 'rolloutHappened', title: 'A new version was rolled out and rolled back', workload: APP_WORKLOAD, minRevision: 3, points: 2 },
    { id: 'original-image', type: 'containerImage', title: `The front end runs ${FRONTEND_IMAGE} again`, workload: APP_WORKLOAD, container: 'frontend', image: FRONTEND_IMAGE, points: 2 },
    { id: 'available', type: 'deploymentAvailable', title: 'Two replicas are ready', workload: APP_WORKLOAD, replicas: 2, points: 1 },
    {
      id: 'history',
      type: 'multipleChoice',
      title: 'The history after the undo',
      question: 'After the undo, which revisions does `kubectl rollout history` list?',
      options: [
        { id: '1-2', text: '1 and 2' },
        { id: '2-3', text: '2 and 3' },
        { id: '1-2-3', text: '1, 2 and 3' },
        { id: '1', text: 'only 1' },
      ],
      correct: ['2-3'],
      points: 1,
    },
  ],
  solution: {
    steps: [
      { do: 'setImage', deployment: APP, container: 'frontend', image: NEW_FRONTEND_IMAGE },
      { do: 'wait', seconds: 90 },
      { do: 'rolloutUndo', deployment: APP },
      { do: 'wait', seconds: 90 },
      { do: 'answer', answers: { history: '2-3' } },
    ],
  },
};
