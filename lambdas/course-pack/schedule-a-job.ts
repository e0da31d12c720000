/** Exercise: run a Job on a schedule; the cronjob controller creates Jobs at each scheduled minute. */
import type { ExerciseInput } from '#services/grading/exercise-schema.ts';

/** What `kubectl create cronjob clock --image=busybox --schedule="*\/1 * * * *" -- date` creates. */
export const CLOCK_CRONJOB = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'clock' },
  spec: {
    schedule: '*/1 * * * *',
    jobTemplate: { metadata: { name: 'clock' }, spec: { template: { spec: { containers: [{ name: 'clock', image: 'busybox', command: ['date'] }], restartPolicy: 'OnFailure' } } } },
  },
};

export const scheduleAJob: ExerciseInput = {
  id: 'schedule-a-job',
  title: 'Schedule a Job with a CronJob',
  order: 67,
  summary: 'Run a Job every minute: a CronJob, the Jobs it creates, their logs.',
  instructions: `# Schedule a Job with a CronJob

Some work is done again and again: a nightly backup, a report every hour. On a Linux machine,
**cron** starts it. In Kubernetes it is a **CronJob**: at every time its \`schedule\` names, the
**controller manager**'s cronjob controller creates a Job from the CronJob's \`jobTemplate\`, and
the job controller runs that Job's pod to completion.

A schedule has five fields, as in cron: minute, hour, day of the month, month, day of the week.
\`*/1 * * * *\` (or \`* * * * *\`) is every minute; \`0 3 * * *\` is every day at 03:00.

1. Create a CronJob that prints the date every minute:

   \`\`\`sh
   kubectl create cronjob clock --image=busybox --schedule="*/1 * * * *" -- date
   kubectl get cronjobs
   \`\`\`

   LAST SCHEDULE is \`<none>\`: nothing has run yet.

2. Wait for the next whole minute and watch the CronJob's first Job appear and complete:

   \`\`\`sh
   kubectl get jobs --watch
   \`\`\`

   Each Job is named after the CronJob and the minute it was scheduled for (\`clock-29453761\`:
   minutes since 1970). Press Ctrl-C to stop watching.

3. Read what a run printed, and what the controller did:

   \`\`\`sh
   kubectl logs job/<one of the Jobs>
   kubectl describe cronjob clock
   \`\`\`

   The events show \`SuccessfulCreate\` for each Job it created and \`SawCompletedJob\` when one
   finished. Leave the CronJob running: after a few minutes, \`kubectl get jobs\` shows that it
   keeps only the last few completed Jobs.

The Kubernetes documentation's example does the same from YAML (\`kubectl apply -f\`):

\`\`\`yaml
apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox:1.28
            imagePullPolicy: IfNotPresent
            command:
            - /bin/sh
            - -c
            - date; echo Hello from the Kubernetes cluster
          restartPolicy: OnFailure
\`\`\``,
  hints: [
    'Quote the schedule on the command line: unquoted, your shell expands the `*` into file names.',
    'A Job made by hand with `kubectl create job --from=cronjob/clock` runs at once, but it does not show that the schedule works: wait for the next minute.',
    '`kubectl get cronjob clock` shows LAST SCHEDULE once the first Job was created; `kubectl get jobs` shows COMPLETIONS 1/1 when it is done.',
    'The date that `date` prints is the pod\'s clock; a container has no time zone of its own unless you give it one.',
  ],
  startingState: { objects: [], settleSeconds: 0 },
  checks: [
    {
      id: 'runs-every-minute',
      type: 'cronJobScheduled',
      title: 'A CronJob runs every minute, and a run completed',
      cronJob: {},
      schedule: '* * * * *',
      points: 3,
    },
    {
      id: 'prints-the-date',
      type: 'expression',
      title: 'Its Jobs print the date',
      select: { kind: 'CronJob' },
      // Every word of every container's command and args: `-- date` on the command line, `args: [date]` or `sh -c "date; ..."` all pass.
      where: [{ path: '.spec.jobTemplate.spec.template.spec.containers[*][*][*]', op: 'contains', value: 'date' }],
      feedback: 'Its container should run date (its command or args): kubectl create cronjob clock --image=busybox --schedule="*/1 * * * *" -- date',
      points: 1,
    },
    {
      id: 'time-zone',
      type: 'shortAnswer',
      title: 'You read a run’s output',
      question: 'Read one of its Jobs with `kubectl logs job/<name>`: which time zone does the date it printed name?',
      accept: ['UTC', 'Coordinated Universal Time'],
      points: 1,
    },
    {
      id: 'history-limit',
      type: 'multipleChoice',
      title: 'How many finished Jobs a CronJob keeps',
      question: 'Left running, how many completed Jobs does a CronJob keep by default (successfulJobsHistoryLimit)?',
      options: [
        { id: 'one', text: '1' },
        { id: 'three', text: '3' },
        { id: 'ten', text: '10' },
        { id: 'all', text: 'All of them, until the CronJob is deleted' },
      ],
      correct: ['three'],
      points: 1,
    },
  ],
  solution: {
    steps: [
      { do: 'apply', objects: [CLOCK_CRONJOB] },
      { do: 'wait', seconds: 90 },
      { do: 'answer', answers: { 'time-zone': 'UTC', 'history-limit': 'three' } },
    ],
  },
};
