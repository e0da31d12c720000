/** Exercise: isolate an app with a NetworkPolicy, the Kubernetes documentation's declare-network-policy walkthrough. */
import type { ExerciseInput } from '#services/grading/exercise-schema.ts';

/** `kubectl create deployment nginx --image=nginx`, as the walkthrough starts. */
export const NGINX_DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nginx', labels: { app: 'nginx' } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'nginx' } },
    template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
  },
};

/** `kubectl expose deployment nginx --port=80`. */
export const NGINX_SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'nginx', labels: { app: 'nginx' } },
  spec: { ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], selector: { app: 'nginx' } },
};

/** The walkthrough's policy: only pods labelled access=true reach nginx. */
export const ACCESS_NGINX = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'access-nginx' },
  spec: { podSelector: { matchLabels: { app: 'nginx' } }, ingress: [{ from: [{ podSelector: { matchLabels: { access: 'true' } } }] }] },
};

export const isolateApp: ExerciseInput = {
  id: 'isolate-app',
  title: 'Isolate an app with a NetworkPolicy',
  order: 70,
  summary: 'Let only the pods labelled access=true reach nginx; every other connection is dropped and times out.',
  instructions: `# Isolate an app with a NetworkPolicy

By default every pod can connect to every other pod, and a Service is open to the whole cluster.
A **NetworkPolicy** selects pods by label and lists who may connect to them (**ingress**) and
where they may connect (**egress**). Once a policy selects a pod for ingress, the pod is
*isolated*: only what some policy's rules allow gets in. The network plugin (Calico, or the VPC
CNI's network policy agent on EKS) enforces it by **dropping** the other packets: the client gets
no answer and waits until it gives up, so a blocked connection *times out*; it is not refused.

An \`nginx\` Deployment runs behind a Service \`nginx\` on port 80.

1. Check that any pod can reach it now. A pod whose program is a single \`wget\` prints what it
   found in its log:

   \`\`\`sh
   kubectl run busybox --image=busybox --restart=Never -- wget --spider --timeout=1 nginx
   kubectl logs busybox
   \`\`\`

   and from the web terminal, outside the cluster: \`curl http://nginx/\`.

2. Save this policy as \`nginx-policy.yaml\` and apply it: it selects the nginx pods and lets in
   only pods labelled \`access: "true"\` of the same namespace.

   \`\`\`yaml
   apiVersion: networking.k8s.io/v1
   kind: NetworkPolicy
   metadata:
     name: access-nginx
   spec:
     podSelector:
       matchLabels:
         app: nginx
     ingress:
     - from:
       - podSelector:
           matchLabels:
             access: "true"
   \`\`\`

   \`\`\`sh
   kubectl apply -f nginx-policy.yaml
   kubectl get netpol
   kubectl describe netpol access-nginx
   \`\`\`

3. Try again without the label, then with it:

   \`\`\`sh
   kubectl run busybox2 --image=busybox --restart=Never -- wget --spider --timeout=1 nginx
   kubectl logs busybox2
   kubectl run busybox3 --labels="access=true" --image=busybox --restart=Never -- wget --spider --timeout=1 nginx
   kubectl logs busybox3
   \`\`\`

   and \`curl -m 5 http://nginx/\` from the web terminal. The live picture draws the policy over
   the pods it selects and marks the dropped connection with its name.`,
  hints: [
    'A policy applies to the pods its `spec.podSelector` selects, in its own namespace: `app: nginx` here. An empty `podSelector: {}` selects every pod of the namespace.',
    'A `from` peer with only a `podSelector` means pods of the policy\'s namespace. Adding a `namespaceSelector: {}` beside it would let in labelled pods of every namespace.',
    '`policyTypes` defaults to Ingress; a policy with `policyTypes: [Egress]` only does not isolate the nginx pods for ingress.',
    'Labels are strings: write `access: "true"` with quotes, or YAML reads a boolean and the API refuses it.',
    '`kubectl describe netpol access-nginx` says in words what the policy allows.',
  ],
  startingState: { objects: [NGINX_DEPLOYMENT, NGINX_SERVICE], settleSeconds: 60 },
  checks: [
    {
      id: 'nginx-isolated',
      type: 'networkPolicyIsolates',
      title: 'Only pods labelled access=true reach nginx on port 80',
      workload: { labels: { app: 'nginx' } },
      port: 80,
      allowFrom: { podLabels: { access: 'true' } },
      points: 3,
    },
    {
      id: 'dropped-how',
      type: 'multipleChoice',
      title: 'What a blocked client sees',
      question: 'What does busybox2’s `wget --spider --timeout=1 nginx` print once the policy is in place?',
      options: [
        { id: 'refused', text: "wget: can't connect to remote host: Connection refused" },
        { id: 'timed-out', text: 'wget: download timed out' },
        { id: 'bad-address', text: "wget: bad address 'nginx'" },
        { id: 'forbidden', text: '403 Forbidden' },
      ],
      correct: ['timed-out'],
      points: 1,
    },
  ],
  solution: {
    steps: [
      { do: 'apply', objects: [ACCESS_NGINX] },
      { do: 'wait', seconds: 5 },
      { do: 'answer', answers: { 'dropped-how': 'timed-out' } },
    ],
  },
};
