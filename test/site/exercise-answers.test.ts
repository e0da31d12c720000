/** The exercises panel's answers: which are saved, and a refused save in the learner's words. */
import { describe, expect, it } from 'vitest';
import { ApiError, type ExerciseCheck } from '../../frontend/src/api.ts';
import { refusalText, sameAnswer } from '../../frontend/src/exercises/answers.ts';

const checks: ExerciseCheck[] = [
  { id: 'external-ip', title: 'You found the external address', type: 'shortAnswer', points: 1, question: "What is your service's EXTERNAL-IP?" },
  { id: 'isolates-os', title: 'Isolation from the host', type: 'multipleChoice', points: 1, question: 'Which?', options: [{ id: 'containers', text: 'Containers' }] },
];

describe('sameAnswer', () => {
  it('compares texts exactly and option lists in any order', () => {
    expect(sameAnswer('a', 'a')).toBe(true);
    expect(sameAnswer('a', 'A')).toBe(false);
    expect(sameAnswer(['x', 'y'], ['y', 'x'])).toBe(true);
    expect(sameAnswer(['x'], ['x', 'y'])).toBe(false);
    expect(sameAnswer('x', ['x'])).toBe(false);
    expect(sameAnswer(undefined, 'x')).toBe(false);
    expect(sameAnswer(undefined, undefined)).toBe(true);
  });
});

describe('refusalText', () => {
  it("names the question by its title where the API's 422 points at it", () => {
    // The details as the answers route words them (see test/api/course-grading.test.ts).
    const option = new ApiError(422, 'validation', 'the answers do not fit the exercise: #/answers/isolates-os: "zzz" is not an option (options: virtual-environments, containers, virtual-machines)');
    expect(refusalText(option, { checks })).toBe('Not saved: “Isolation from the host”: "zzz" is not an option (options: virtual-environments, containers, virtual-machines).');
    const tooLong = new ApiError(422, 'validation', 'the request body is invalid: #/answers/external-ip: Too big: expected string to have <=300 characters');
    expect(refusalText(tooLong, { checks })).toBe('Not saved: “You found the external address”: Too big: expected string to have <=300 characters.');
  });

  it('says what other failures are', () => {
    expect(refusalText(new ApiError(0, 'network', 'Kubelab cannot be reached: check your connection and try again.'), { checks })).toBe('Not saved. Kubelab cannot be reached: check your connection and try again.');
  });
});
