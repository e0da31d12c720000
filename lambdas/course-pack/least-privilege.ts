/** Exercise: give a service account only what it needs, with a Role and a RoleBinding, and check it with kubectl auth can-i. */
import type { ExerciseInput } from '#services/grading/exercise-schema.ts';

const RBAC = 'rbac.authorization.k8s.io/v1';

export const leastPrivilege: ExerciseInput = {
  id: 'least-privilege',
  title: 'Give a service account only what it needs',
  order: 72,
  summary: 'RBAC: a Role, a RoleBinding, a service account token and kubectl auth can-i.',
  instructions: `# Give a service account only what it needs

Every request to the **API server** is first **authenticated** (who is asking?) and then
**authorized** (may they do this?). Your own kubeconfig is the cluster's administrator, as the
creator of an EKS cluster is: a member of \`system:masters\`, allowed everything. Programs that
run in the cluster (a CI job, a dashboard, an operator) use a **ServiceAccount** instead, and get
only what **RBAC** rules grant them: a **Role** lists what may be done (verbs on resources), a
**RoleBinding** grants a Role to users, groups or service accounts, in its namespace only.

A CI job in the namespace \`app\` needs to read pods (get, list and watch) and nothing else.

1. Create the namespace and the service account:

   \`\`\`sh
   kubectl create namespace app
   kubectl create serviceaccount ci -n app
   \`\`\`

2. Ask what the account may do before anything grants it anything:

   \`\`\`sh
   kubectl auth can-i list pods -n app --as=system:serviceaccount:app:ci
   \`\`\`

3. Create a Role that reads pods, and bind it to the account:

   \`\`\`sh
   kubectl create role pod-reader --verb=get,list,watch --resource=pods -n app
   kubectl create rolebinding ci-reads-pods --role=pod-reader --serviceaccount=app:ci -n app
   kubectl describe rolebinding ci-reads-pods -n app
   \`\`\`

4. Check the account's rights again:

   \`\`\`sh
   kubectl auth can-i --list -n app --as=system:serviceaccount:app:ci
   kubectl auth can-i delete pods -n app --as=system:serviceaccount:app:ci
   \`\`\`

5. With kubectl on your own machine (download your kubeconfig), use the account's token as the
   CI job would: \`kubectl create token\` prints one, valid for an hour and only on this cluster.

   \`\`\`sh
   TOKEN=$(kubectl create token ci -n app)
   kubectl get pods -n app --token=$TOKEN
   kubectl get pods -n default --token=$TOKEN
   \`\`\`

   The last command is refused with a **403 Forbidden** that names the user and what it may not do.`,
  hints: [
    'A service account acts as the user `system:serviceaccount:<namespace>:<name>`; `--as=` takes that name.',
    '`kubectl auth can-i delete pods -n app --as=...` answers no when the account may not: that is what this step wants.',
    'A ClusterRoleBinding grants everywhere: the account would read pods in every namespace. Bind in `app` with a RoleBinding (it may refer to a ClusterRole such as `view`, which grants far more than pods, though).',
  ],
  startingState: { objects: [], settleSeconds: 0 },
  checks: [
    {
      id: 'ci-reads-pods',
      type: 'rbacAllows',
      title: 'The ci service account may read pods in app, and nothing else',
      subject: { kind: 'ServiceAccount', name: 'ci', namespace: 'app' },
      namespace: 'app',
      allow: [{ verbs: ['get', 'list', 'watch'], resources: ['pods'] }],
      exact: true,
      elsewhere: 'default',
      points: 3,
    },
    {
      id: 'forbidden-code',
      type: 'multipleChoice',
      title: 'You read the refusal',
      question: 'What does the API server answer when the ci account lists pods in the namespace default?',
      options: [
        { id: 'unauthorized', text: '401 Unauthorized: the token is not valid' },
        { id: 'forbidden', text: '403 Forbidden: the account is known but no rule allows it' },
        { id: 'not-found', text: '404 Not Found: the pods are hidden from it' },
      ],
      correct: ['forbidden'],
      points: 1,
    },
  ],
  solution: {
    steps: [
      {
        do: 'apply',
        objects: [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } },
          { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'ci', namespace: 'app' } },
          { apiVersion: RBAC, kind: 'Role', metadata: { name: 'pod-reader', namespace: 'app' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }] },
          {
            apiVersion: RBAC,
            kind: 'RoleBinding',
            metadata: { name: 'ci-reads-pods', namespace: 'app' },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
            subjects: [{ kind: 'ServiceAccount', name: 'ci', namespace: 'app' }],
          },
        ],
      },
      { do: 'answer', answers: { 'forbidden-code': ['forbidden'] } },
    ],
  },
};
