import { describe, expect, it } from 'vitest';
import { evaluateAnswerCheck, normalize } from '#services/grading/answer-checks.ts';
import { ExerciseSchema, type ExerciseInput } from '#services/grading/exercise-schema.ts';
import { gradeExercise, learnerView, summarize } from '#services/grading/grade.ts';
import { check, deployment, staticCluster } from './fixtures.ts';

const exercise = (input: Partial<ExerciseInput> = {}) =>
  ExerciseSchema.parse({
    id: 'ex',
    title: 'Deploy',
    instructions: 'Do it.',
    checks: [
      { id: 'ready', type: 'deploymentAvailable', title: 'Two ready replicas', workload: { image: 'nginx' }, replicas: 2, points: 3 },
      { id: 'spread', type: 'podsSpread', title: 'Spread', workload: { image: 'nginx' }, minNodes: 2, hidden: true, points: 1, feedback: 'Look at the NODE column.' },
      { id: 'q', type: 'shortAnswer', title: 'Question', question: 'Which namespace?', accept: ['kube-system'], points: 1 },
    ],
    ...input,
  });

describe('grading an exercise', () => {
  it('gives each check all its points or none, with partial credit overall', () => {
    const cluster = staticCluster();
    deployment(cluster, { name: 'web', replicas: 2, nodes: ['worker-1'] });
    const outcome = gradeExercise(exercise(), cluster, { q: 'Kube-System ' });
    expect(outcome).toMatchObject({ score: 4, maxScore: 5, status: 'partial' });
    expect(outcome.checks.map((c) => [c.id, c.passed, c.points, c.maxPoints])).toEqual([
      ['ready', true, 3, 3],
      ['spread', false, 0, 1],
      ['q', true, 1, 1],
    ]);
    expect(outcome.checks[1]?.message).toBe('the ready pods of Deployment "web" run on 1 node (worker-1); they should be spread over at least 2. Look at the NODE column.');
  });

  it('says failed when nothing passes and passed when everything does', () => {
    const cluster = staticCluster();
    expect(gradeExercise(exercise(), cluster, {}).status).toBe('failed');
    deployment(cluster, { name: 'web', replicas: 2 });
    expect(gradeExercise(exercise(), cluster, { q: 'kube-system' })).toMatchObject({ score: 5, maxScore: 5, status: 'passed' });
  });

  it('shows learners neither the title, the message nor the points of hidden checks', () => {
    const cluster = staticCluster();
    deployment(cluster, { name: 'web', replicas: 2, nodes: ['worker-1'] });
    const view = learnerView(gradeExercise(exercise(), cluster, { q: 'kube-system' }));
    expect(view).toMatchObject({ score: 4, maxScore: 4, status: 'passed', hiddenChecks: 1 });
    expect(JSON.stringify(view)).not.toMatch(/spread|NODE column/i);
  });

  it('counts informational checks (0 points) for the status only', () => {
    expect(summarize([{ id: 'a', title: 'a', type: 'podsSpread', passed: false, points: 0, maxPoints: 0, message: '', hidden: false }]).status).toBe('failed');
  });
});

describe('answer checks', () => {
  const cluster = staticCluster();
  const choice = check({ id: 'c', title: 'c', type: 'multipleChoice', question: '?', options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }, { id: 'c', text: 'C' }], correct: ['a', 'b'] });

  it('multiple choice wants exactly the right options, and never gives them away', () => {
    expect(evaluateAnswerCheck(choice, { c: ['b', 'a'] }, cluster)).toEqual({ passed: true, message: 'right' });
    expect(evaluateAnswerCheck(choice, { c: ['a'] }, cluster)).toEqual({ passed: false, message: 'not right yet: choose every option that applies, and only those' });
    expect(evaluateAnswerCheck(choice, { c: ['a', 'b', 'c'] }, cluster).passed).toBe(false);
    expect(evaluateAnswerCheck(choice, { c: 'z' }, cluster).message).toBe('"z" is not one of the options');
    expect(evaluateAnswerCheck(choice, {}, cluster)).toEqual({ passed: false, message: 'not answered yet' });
  });

  it('short answers ignore case, spaces, quotes and a full stop; or come from the learner\'s own cluster', () => {
    const fromCluster = check({ id: 's', title: 's', type: 'shortAnswer', question: 'Where does etcd run?', acceptFrom: { select: { kind: 'Pod', namespace: 'kube-system', labels: { component: 'etcd' } }, path: '.spec.nodeName' } });
    expect(evaluateAnswerCheck(fromCluster, { s: ' "Control-Plane". ' }, cluster).passed).toBe(true);
    expect(evaluateAnswerCheck(fromCluster, { s: 'worker-1' }, cluster)).toEqual({ passed: false, message: '"worker-1" is not the answer; look again' });
    expect(normalize('  Kube   System. ')).toBe('kube system');
  });
});
