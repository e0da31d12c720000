/**
 * Exercise 2, on EKS: the seed's lab as its workshop ran it, on a cluster shaped as `eksctl create
 * cluster --nodes=2` makes it (the eks flavour): the same app, checks and solution as deploy-app,
 * with the differences a learner meets on EKS pointed out.
 */
import type { ExerciseInput } from '#services/grading/exercise-schema.ts';
import { deployApp } from './deploy-app.ts';
import { APP } from './workshop-app.ts';

export const deployAppEks: ExerciseInput = {
  ...deployApp,
  id: 'deploy-app-eks',
  title: 'Deploy the app on EKS',
  order: 21,
  summary: "The same app on a cluster like the workshop's own: EKS, made with eksctl, two worker nodes.",
  instructions: `# Deploy the app on EKS

The workshop ran this lab on **Amazon EKS**, on a cluster made with

\`\`\`sh
eksctl create cluster --name kubelab --nodes=2
\`\`\`

Your cluster for this exercise is shaped the same way. Look at it first:

\`\`\`sh
kubectl get nodes -o wide
kubectl get pods -A
\`\`\`

- Both nodes are **worker nodes**, named after their private address in the VPC
  (\`ip-192-168-….us-west-2.compute.internal\`). There is no master node: AWS runs the
  **control plane** (API server, etcd, scheduler, controller manager) for you, out of sight.
- In \`kube-system\` you find \`aws-node\` (the VPC CNI, which gives pods addresses of the VPC),
  \`kube-proxy\` and \`coredns\`.

${deployApp.instructions.replace(/^# Deploy the app\n\n/, '').replace('Answer with that address', 'On EKS it is the DNS name of an Elastic Load Balancer (`….us-west-2.elb.amazonaws.com`).\nAnswer with that address')}`,
  hints: [
    ...(deployApp.hints ?? []),
    `On EKS a load balancer has a DNS name, not an IP: \`kubectl get service ${APP} -o wide\` shows all of it.`,
  ],
  startingState: { flavour: 'eks', workers: 2 },
};
