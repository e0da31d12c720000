/** Exercise: run Jobs to completion; the job controller runs pods that exit, instead of keeping them running. */
import type { ExerciseInput } from '#services/grading/exercise-schema.ts';

/** The example Job of the Kubernetes documentation (concepts/workloads/controllers/job). */
const PI_JOB = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'pi' },
  spec: {
    template: { spec: { containers: [{ name: 'pi', image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }], restartPolicy: 'Never' } },
    backoffLimit: 4,
  },
};

export const runAJob: ExerciseInput = {
  id: 'run-a-job',
  title: 'Run a Job to completion',
  order: 65,
  summary: 'Run work that finishes: a Job, its pods, their logs.',
  instructions: `# Run a Job to completion

A Deployment keeps its pods running for ever: when one exits, it is restarted. Some work is
meant to finish: a batch computation, a database migration, a report. That is a **Job**: the
**controller manager**'s job controller creates pods until enough of them have **completed**
(exited with code 0), and then the Job is \`Complete\`.

1. Run a one-off Job and read what it printed:

   \`\`\`sh
   kubectl create job hello --image=busybox -- sh -c 'echo Hello from a Job'
   kubectl get jobs --watch
   kubectl logs job/hello
   \`\`\`

   The pod shows \`Completed\` in \`kubectl get pods\`; it is kept, so you can read its logs.

2. Run the example Job of the Kubernetes documentation, which computes π to 2000 digits. Save
   it as \`pi.yaml\` and apply it:

   \`\`\`yaml
   apiVersion: batch/v1
   kind: Job
   metadata:
     name: pi
   spec:
     template:
       spec:
         containers:
         - name: pi
           image: perl:5.34.0
           command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
         restartPolicy: Never
     backoffLimit: 4
   \`\`\`

   \`\`\`sh
   kubectl apply -f pi.yaml
   kubectl describe job pi
   kubectl logs job/pi
   \`\`\`

   \`kubectl describe job pi\` shows the events of the job controller: \`SuccessfulCreate\` when it
   created the pod, \`Completed\` when the pod succeeded.`,
  hints: [
    'Without `restartPolicy: Never` (or `OnFailure`) the API server refuses the Job: a pod that always restarts never completes.',
    '`kubectl get jobs` shows STATUS Complete and COMPLETIONS 1/1 when a Job is done.',
    'A CronJob creates a Job on a schedule: try `kubectl create cronjob tick --image=busybox --schedule="*/1 * * * *" -- date`.',
  ],
  startingState: { objects: [], settleSeconds: 0 },
  checks: [
    { id: 'hello-complete', type: 'jobCompleted', title: 'The hello Job completed', job: { name: 'hello' }, points: 2 },
    { id: 'pi-complete', type: 'jobCompleted', title: 'A Job computed π with perl', job: { image: 'perl' }, points: 2 },
    {
      id: 'pi-digits',
      type: 'shortAnswer',
      title: 'You read the Job’s output',
      question: 'What are the first six characters `kubectl logs job/pi` prints?',
      accept: ['3.1415'],
      points: 1,
    },
    {
      id: 'restart-policy',
      type: 'multipleChoice',
      title: 'Why a Job’s pods do not restart for ever',
      question: "Which restartPolicy values may a Job's pod template have? (Choose all that apply.)",
      options: [
        { id: 'always', text: 'Always' },
        { id: 'on-failure', text: 'OnFailure' },
        { id: 'never', text: 'Never' },
      ],
      correct: ['on-failure', 'never'],
      points: 1,
    },
  ],
  solution: {
    steps: [
      {
        do: 'apply',
        objects: [
          {
            apiVersion: 'batch/v1',
            kind: 'Job',
            metadata: { name: 'hello' },
            spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'hello', image: 'busybox', command: ['sh', '-c', 'echo Hello from a Job'] }] } } },
          },
          PI_JOB,
        ],
      },
      { do: 'wait', seconds: 60 },
      { do: 'answer', answers: { 'pi-digits': '3.1415', 'restart-policy': ['on-failure', 'never'] } },
    ],
  },
};
