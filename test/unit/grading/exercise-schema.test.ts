import { describe, expect, it } from 'vitest';
import { ExerciseSchema } from '#services/grading/exercise-schema.ts';
import { dryRunExercise } from '#services/grading/cluster-setup.ts';

const valid = {
  id: 'my-exercise',
  title: 'Mine',
  instructions: '# Do it',
  checks: [{ id: 'ready', type: 'deploymentAvailable', title: 'Ready', workload: { name: 'web' }, replicas: 1 }],
};

/** The issues zod reports, as path and message. */
function issues(document: unknown): { path: string; message: string }[] {
  const result = ExerciseSchema.safeParse(document);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('/'), message: i.message }));
}

describe('exercise documents', () => {
  it('accept a minimal document and fill in the defaults', () => {
    const exercise = ExerciseSchema.parse(valid);
    expect(exercise.startingState).toEqual({ workers: 2, objects: [], faults: [], settleSeconds: 60 });
    expect(exercise.checks[0]).toMatchObject({ points: 1, hidden: false, workload: { namespace: 'default', name: 'web' } });
    expect(exercise.order).toBe(1000);
  });

  it('refuse an unknown check type, naming the kinds there are', () => {
    const [issue] = issues({ ...valid, checks: [{ id: 'x', type: 'podsRunning', title: 'x' }] });
    expect(issue?.path).toBe('checks/0/type');
    expect(issue?.message).toMatch(/^Invalid discriminator value. Expected 'deploymentAvailable' \| 'serviceExposes'/);
  });

  it('refuse duplicate check ids, bad paths, values missing for an operator, and answers that are not options', () => {
    expect(
      issues({
        ...valid,
        checks: [
          ...valid.checks,
          { id: 'ready', type: 'namespaceEmpty', title: 'again', namespace: 'default' },
          { id: 'expr', type: 'expression', title: 'e', select: { kind: 'Pod' }, where: [{ path: 'status.phase', op: 'eq', value: 'Running' }, { path: '.spec', op: 'gt' }, { path: '.x', op: 'in', value: 'a' }] },
          { id: 'mc', type: 'multipleChoice', title: 'm', question: '?', options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }], correct: ['c'] },
          { id: 'sa', type: 'shortAnswer', title: 's', question: '?' },
        ],
      }),
    ).toEqual([
      { path: 'checks/1/id', message: 'duplicate check id "ready" (also at #/checks/0/id)' },
      { path: 'checks/2/where/0/path', message: 'unexpected "s" at character 0: steps start with ".", "[" or "[*]"' },
      { path: 'checks/2/where/1/value', message: 'operator "gt" needs a value' },
      { path: 'checks/2/where/2/value', message: 'operator "in" needs a list of values' },
      { path: 'checks/3/correct/0', message: '"c" is not one of the options (a, b)' },
      { path: 'checks/4/accept', message: 'give accepted answers in "accept", or "acceptFrom" to read the answer from the cluster' },
    ]);
  });

  it('refuse ids that are not DNS-safe slugs and unknown fields', () => {
    expect(issues({ ...valid, id: 'My Exercise' })[0]?.path).toBe('id');
    expect(issues({ ...valid, colour: 'blue' })[0]).toMatchObject({ path: '', message: expect.stringContaining('colour') });
  });

  it('refuse a solution that answers a question the exercise does not ask', () => {
    expect(issues({ ...valid, solution: { steps: [{ do: 'answer', answers: { nope: 'x' } }] } })).toEqual([{ path: 'solution/steps/0/answers/nope', message: '"nope" is not an answer check of this exercise' }]);
  });
});

describe('dry-running an exercise at upload', () => {
  it('finds starting objects the API server refuses, with their place in the document', () => {
    const exercise = ExerciseSchema.parse({
      ...valid,
      startingState: { objects: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'other' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } } }] },
    });
    const [issue] = dryRunExercise(exercise);
    expect(issue?.path).toEqual(['startingState', 'objects', 0]);
    expect(issue?.message).toBe('Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`');
  });

  it('finds a check that the reference solution cannot pass (it would fail learners who are right)', () => {
    const exercise = ExerciseSchema.parse({
      ...valid,
      checks: [{ id: 'ready', type: 'deploymentAvailable', title: 'Ready', workload: { name: 'web' }, replicas: 3 }],
      solution: {
        steps: [
          { do: 'apply', objects: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } }] },
          { do: 'wait', seconds: 60 },
        ],
      },
    });
    expect(dryRunExercise(exercise)).toEqual([{ path: ['checks', 0], message: 'the reference solution does not pass it: Deployment "web" asks for 1 replica; this step needs 3' }]);
  });

  it('finds solution steps that fail, and faults on nodes that do not exist', () => {
    const exercise = ExerciseSchema.parse({ ...valid, startingState: { faults: [{ type: 'failNode', node: 'worker-7' }] } });
    expect(dryRunExercise(exercise)).toEqual([{ path: ['startingState', 'faults', 0], message: 'nodes "worker-7" not found' }]);
    const scaling = ExerciseSchema.parse({ ...valid, solution: { steps: [{ do: 'scale', deployment: 'ghost', replicas: 2 }] } });
    expect(dryRunExercise(scaling)).toEqual([{ path: ['solution', 'steps', 0], message: 'deployments.apps "ghost" not found' }]);
  });
});
