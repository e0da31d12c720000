/**
 * Jobs and CronJobs through /usr/bin/kubectl v1.32: create job (protobuf), get with v1.32's
 * columns, logs job/x, describe, the docs' pi Job applied from YAML, create cronjob, create job
 * --from=cronjob/x, get all, delete with the pods going too, and the refusals' wording.
 */
import { describe, expect, it } from 'vitest';
import { kubectlSession, watchedLines } from './support.ts';

const session = kubectlSession('Ada');
const { kubectl, fails } = session;

/** The Job of https://kubernetes.io/docs/concepts/workloads/controllers/job/#running-an-example-job. */
const PI_JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: pi-docs
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
`;

const rows = (text: string) => text.trimEnd().split('\n').map((line) => line.trim().split(/\s{2,}/));

describe('Jobs with kubectl', () => {
  it('creates a Job that runs, completes, and shows its output and history', async () => {
    expect(await kubectl('create', 'job', 'pi', '--image=busybox', '--', 'sh', '-c', 'echo done')).toBe('job.batch/pi created\n');
    const running = rows(await kubectl('get', 'jobs'));
    expect(running[0]).toEqual(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']);
    expect(running[1]?.slice(0, 3)).toEqual(['pi', 'Running', '0/1']);

    session.lab.advance(15_000);
    const done = rows(await kubectl('get', 'jobs'));
    expect(done[1]?.slice(0, 3)).toEqual(['pi', 'Complete', '1/1']);
    // Pulling busybox, starting, echo: a couple of seconds of simulated time (the clock also runs on while kubectl works).
    expect(done[1]?.[3]).toMatch(/^[1-5]s$/);
    const wide = rows(await kubectl('get', 'job', 'pi', '-o', 'wide'));
    expect(wide[0]).toEqual(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(wide[1]?.slice(5, 7)).toEqual(['pi', 'busybox']);
    expect(wide[1]?.[7]).toMatch(/^batch\.kubernetes\.io\/controller-uid=[0-9a-f-]{36}$/);
    expect(await kubectl('logs', 'job/pi')).toBe('done\n');

    const pods = await kubectl('get', 'pods', '-l', 'job-name=pi', '-o', 'jsonpath={.items[*].status.phase} {.items[*].metadata.ownerReferences[0].kind}');
    expect(pods).toBe('Succeeded Job');

    const described = await kubectl('describe', 'job', 'pi');
    expect(described).toMatch(/^Name: {13}pi\nNamespace: {8}default\nSelector: {9}batch\.kubernetes\.io\/controller-uid=/);
    for (const line of ['Parallelism:      1', 'Completions:      1', 'Completion Mode:  NonIndexed', 'Suspend:          false', 'Backoff Limit:    6', 'Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed']) {
      expect(described).toContain(`\n${line}\n`);
    }
    expect(described).toMatch(/\nDuration: {9}[1-5]s\n/);
    expect(described).toMatch(/Normal {2}SuccessfulCreate {2}\S+ +job-controller {2}Created pod: pi-[a-z0-9]{5}\n/);
    expect(described).toMatch(/Normal {2}Completed +\S+ +job-controller {2}Job completed\n/);
  });

  it('runs the documentation’s pi Job from YAML: perl prints 2000 digits and the Job completes', async () => {
    const applied = await session.learner.kubectl(['apply', '-f', '-'], { input: PI_JOB });
    expect(applied).toMatchObject({ code: 0, stdout: 'job.batch/pi-docs created\n', stderr: '' });
    session.lab.advance(60_000);
    expect(await kubectl('get', 'job', 'pi-docs', '-o', 'jsonpath={.status.succeeded} {.status.conditions[*].type} {.spec.backoffLimit}')).toBe('1 SuccessCriteriaMet Complete 4');
    const digits = await kubectl('logs', 'job/pi-docs');
    expect(digits).toMatch(/^3\.14159265358979323846264338327950288419716939937510\d{1949}\n$/);
  });

  it('refuses a Job whose pods would restart forever, as v1.32 words it', async () => {
    const manifest = PI_JOB.replace('pi-docs', 'forever').replace('      restartPolicy: Never\n', '');
    const applied = await session.learner.kubectl(['apply', '-f', '-'], { input: manifest });
    expect(applied.code).toBe(1);
    expect(applied.stderr).toBe(
      'The Job "forever" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"\n',
    );
  });

  it('shows a Job going from Running to Complete with get -w', async () => {
    const lines = await watchedLines(session.learner, ['jobs', '-l', 'job-name=watched'], async () => {
      await kubectl('create', 'job', 'watched', '--image=busybox', '--', 'sh', '-c', 'sleep 5; echo ok');
      await new Promise((r) => setTimeout(r, 1_500));
      session.lab.advance(30_000);
    });
    expect(lines[0]).toMatch(/^NAME +STATUS +COMPLETIONS +DURATION +AGE$/);
    const statuses = lines.slice(1).map((line) => line.split(/ +/)[1]);
    expect(statuses[0]).toBe('Running');
    expect(statuses.at(-1)).toBe('Complete');
    expect(lines.at(-1)).toMatch(/^watched +Complete +1\/1 +\d+s +\d+s$/);
  });

  it('deletes a Job’s pods with it', async () => {
    expect(await kubectl('create', 'job', 'sleeper', '--image=busybox', '--', 'sleep', '600')).toBe('job.batch/sleeper created\n');
    session.lab.advance(5_000);
    expect(await kubectl('get', 'pods', '-l', 'job-name=sleeper', '-o', 'name')).toMatch(/^pod\/sleeper-[a-z0-9]{5}\n$/);
    expect(await kubectl('delete', 'job', 'sleeper')).toBe('job.batch "sleeper" deleted\n');
    session.lab.advance(40_000);
    expect(await kubectl('get', 'pods', '-l', 'job-name=sleeper', '-o', 'name')).toBe('');
    expect(await fails('get', 'job', 'sleeper')).toBe('Error from server (NotFound): jobs.batch "sleeper" not found\n');
  });
});

describe('CronJobs with kubectl', () => {
  it('creates a CronJob that schedules Jobs on the simulated clock, and a Job from it by hand', async () => {
    expect(await kubectl('create', 'cronjob', 'hello', '--image=busybox', '--schedule=*/1 * * * *', '--', 'echo', 'hello')).toBe('cronjob.batch/hello created\n');
    const fresh = rows(await kubectl('get', 'cronjobs'));
    expect(fresh[0]).toEqual(['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE']);
    expect(fresh[1]?.slice(0, 6)).toEqual(['hello', '*/1 * * * *', '<none>', 'False', '0', '<none>']);
    expect(await kubectl('get', 'cj', 'hello', '-o', 'jsonpath={.spec.concurrencyPolicy} {.spec.successfulJobsHistoryLimit} {.spec.failedJobsHistoryLimit} {.spec.jobTemplate.spec.template.spec.restartPolicy}')).toBe('Allow 3 1 OnFailure');

    expect(await kubectl('create', 'job', 'hello-now', '--from=cronjob/hello')).toBe('job.batch/hello-now created\n');
    expect(await kubectl('get', 'job', 'hello-now', '-o', 'jsonpath={.metadata.annotations.cronjob\\.kubernetes\\.io/instantiate} {.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}')).toBe('manual CronJob/hello');

    session.lab.advance(65_000);
    const scheduled = (await kubectl('get', 'jobs', '-o', 'name')).split('\n').filter((name) => /^job\.batch\/hello-\d+$/.test(name));
    expect(scheduled.length).toBeGreaterThanOrEqual(1);
    expect(await kubectl('logs', scheduled[0]!)).toBe('hello\n');
    const after = rows(await kubectl('get', 'cronjobs'));
    expect(after[1]?.[5]).toMatch(/^\d+s$/);
    const described = await kubectl('describe', 'cronjob', 'hello');
    expect(described).toContain('\nSchedule:                      */1 * * * *\n');
    expect(described).toContain('\nConcurrency Policy:            Allow\n');
    expect(described).toMatch(/Normal {3}SuccessfulCreate +.+cronjob-controller {2}Created job hello-\d+\n/);
    expect(described).toMatch(/Normal {3}SawCompletedJob +.+cronjob-controller {2}Saw completed job: hello-\d+, condition: Complete\n/);
    expect(described).toMatch(/Warning {2}UnexpectedJob +.+cronjob-controller {2}Saw a job that the controller did not create or forgot: hello-now\n/);
  });

  it('lists Jobs and CronJobs in kubectl get all, and cj and the all category in api-resources', async () => {
    const all = await kubectl('get', 'all');
    expect(all).toMatch(/\nNAME +SCHEDULE +TIMEZONE +SUSPEND +ACTIVE +LAST SCHEDULE +AGE\ncronjob\.batch\/hello /);
    expect(all).toMatch(/\nNAME +STATUS +COMPLETIONS +DURATION +AGE\n(job\.batch\/\S+ .*\n)*job\.batch\/hello-now +Complete +1\/1 /);
    const resources = rows(await kubectl('api-resources', '--api-group=batch', '-o', 'wide'));
    expect(resources.slice(1).map((row) => [row[0], row[1], row[2], row.at(-1)])).toEqual([
      ['cronjobs', 'cj', 'batch/v1', 'all'],
      ['jobs', 'batch/v1', 'true', 'all'],
    ]);
  });

  it('deletes a CronJob’s Jobs with it', async () => {
    expect(await kubectl('delete', 'cronjob', 'hello')).toBe('cronjob.batch "hello" deleted\n');
    session.lab.advance(40_000);
    expect((await kubectl('get', 'jobs', '-o', 'name')).split('\n').filter((name) => name.startsWith('job.batch/hello'))).toEqual([]);
  });

  it('refuses a schedule cron cannot read, with robfig/cron’s words', async () => {
    expect(await fails('create', 'cronjob', 'bad', '--image=busybox', '--schedule=*/1 * * *')).toBe(
      'error: failed to create cronjob: CronJob.batch "bad" is invalid: spec.schedule: Invalid value: "*/1 * * *": expected exactly 5 fields, found 4: [*/1 * * *]\n',
    );
  });
});
