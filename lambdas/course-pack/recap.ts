/** Exercise 8: the recap of days 1 to 3 that opens the seed: virtual environments, containers, virtual machines. */
import type { CheckInput, ExerciseInput } from '#services/grading/exercise-schema.ts';

const KINDS = [
  { id: 'virtual-environments', text: 'Virtual environments' },
  { id: 'containers', text: 'Containers' },
  { id: 'virtual-machines', text: 'Virtual machines' },
];

const pick = (id: string, title: string, question: string, correct: string): CheckInput => ({ id, type: 'multipleChoice', title, question, options: KINDS, correct: [correct], points: 1 });

export const recap: ExerciseInput = {
  id: 'recap-days-1-3',
  title: 'Recap: environments, containers, virtual machines',
  order: 5,
  summary: 'What each way of packaging an app isolates, and what it costs.',
  instructions: `# Recap of days 1 to 3

Before Kubernetes, three ways to run an app without "it works on my machine":

| | pros | cons |
|---|---|---|
| **Virtual environments** | remove complexity (each app its own dependencies) | do not isolate from the OS |
| **Containers** | lightweight | issues with security, scalability and control |
| **Virtual machines** | isolate the guest OS from the host | intensive use of the hardware |

Containers let us break a complex application into smaller ones (**microservices**). But
many containers on many machines need managing: starting them, restarting them, spreading
them, connecting them. That is what Kubernetes does.

Answer the questions below.`,
  hints: ['Think about what sits between the app and the hardware in each case: an interpreter, a shared kernel, or a whole guest OS.'],
  checks: [
    pick('isolates-os', 'Isolation from the host', 'Which isolates a guest operating system from the host?', 'virtual-machines'),
    pick('lightweight', 'Lightweight, with caveats', 'Which is lightweight, but raises issues of security, scalability and control?', 'containers'),
    pick('no-os-isolation', 'Dependencies only', 'Which removes the complexity of conflicting dependencies but does not isolate the app from the OS?', 'virtual-environments'),
    pick('hardware', 'The heaviest', 'Which makes the most intensive use of the hardware?', 'virtual-machines'),
    {
      id: 'fixed-so-far',
      type: 'multipleChoice',
      title: 'What days 1 to 3 fixed',
      question: 'Which problems did days 1 to 3 fix? Choose every one that applies.',
      options: [
        { id: 'conflicting-os', text: 'Conflicts between different operating systems' },
        { id: 'dependencies', text: 'Different dependencies' },
        { id: 'strange-behaviour', text: '"Inexplicable" strange behaviour' },
        { id: 'orchestration', text: 'Managing many microservices on many machines' },
      ],
      correct: ['conflicting-os', 'dependencies', 'strange-behaviour'],
      points: 2,
    },
    {
      id: 'why-kubernetes',
      type: 'shortAnswer',
      title: 'What manages containers',
      question: 'Which open-source platform, introduced by Google in 2014, manages containers across a cluster of machines?',
      accept: ['Kubernetes', 'K8s'],
      points: 1,
    },
  ],
  solution: {
    steps: [
      {
        do: 'answer',
        answers: {
          'isolates-os': 'virtual-machines',
          lightweight: 'containers',
          'no-os-isolation': 'virtual-environments',
          hardware: 'virtual-machines',
          'fixed-so-far': ['conflicting-os', 'dependencies', 'strange-behaviour'],
          'why-kubernetes': 'Kubernetes',
        },
      },
    ],
  },
};
