/**
 * A check of RBAC: the subject is allowed exactly what the step asks in a namespace, and nothing
 * more. The cluster's own authorizer (rbac/authorizer.ts) is asked a matrix of requests, as
 * `kubectl auth can-i --as` would ask them: each verb on the asked resources and on the resources
 * a beginner's roles touch. Any way of granting passes (a Role or a ClusterRole, bound by a
 * RoleBinding; a binding to the account or to its group); a request wrongly allowed names the
 * binding that allows it, one wrongly refused says what to grant.
 */
import type { Etcd } from '#core/etcd.ts';
import { type Attributes, type UserInfo, authorize, serviceAccountGroups, serviceAccountUserName } from '#core/rbac/authorizer.ts';
import type { Finding } from './cluster-checks.ts';
import type { Check } from './exercise-schema.ts';
import { andList } from './workloads.ts';

type RbacCheck = Extract<Check, { type: 'rbacAllows' }>;

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
/** The resources every exact check also asks about: what a beginner's roles name. */
const COMMON = ['pods', 'pods/log', 'pods/exec', 'services', 'configmaps', 'secrets', 'serviceaccounts', 'deployments.apps', 'jobs.batch', 'roles.rbac.authorization.k8s.io', 'rolebindings.rbac.authorization.k8s.io'];

function userOf(subject: RbacCheck['subject'], namespace: string): UserInfo {
  if (subject.kind === 'ServiceAccount') {
    const ns = subject.namespace ?? namespace;
    return { name: serviceAccountUserName(ns, subject.name), groups: serviceAccountGroups(ns) };
  }
  if (subject.kind === 'Group') return { name: 'kubelab:grader:member', groups: [subject.name, 'system:authenticated'] };
  return { name: subject.name, groups: ['system:authenticated'] };
}

function attributes(verb: string, resource: string, namespace: string): Attributes {
  const [path = '', group = ''] = [resource.split('.')[0], resource.split('.').slice(1).join('.')];
  const [plural, subresource] = path.split('/');
  return { verb, resourceRequest: true, apiGroup: group, resource: plural ?? '', ...(subresource ? { subresource } : {}), namespace };
}

/** The subject is allowed every request of `allow` in the namespace and, when exact, none other of the matrix, nor any in `elsewhere`. */
export function rbacAllows(etcd: Etcd, check: RbacCheck): Finding {
  const user = userOf(check.subject, check.namespace);
  const who = check.subject.kind === 'Group' ? `members of group ${check.subject.name}` : user.name;
  const wanted = new Set(check.allow.flatMap((grant) => grant.resources.flatMap((r) => grant.verbs.map((v) => `${v} ${r}`))));
  const resources = [...new Set([...check.allow.flatMap((g) => g.resources), ...(check.exact ? COMMON : [])])];
  const denied: string[] = [];
  for (const request of wanted) {
    const [verb = '', resource = ''] = request.split(' ');
    if (!authorize(etcd, user, attributes(verb, resource, check.namespace)).allowed) denied.push(request);
  }
  if (denied.length > 0) {
    return { passed: false, message: `${who} may not ${andList(denied)} in namespace "${check.namespace}"; grant it with a Role and a RoleBinding (kubectl auth can-i ${denied[0]} -n ${check.namespace} --as=${user.name} says no)` };
  }
  if (check.exact) {
    for (const resource of resources) {
      for (const verb of VERBS) {
        if (wanted.has(`${verb} ${resource}`)) continue;
        const decision = authorize(etcd, user, attributes(verb, resource, check.namespace));
        if (decision.allowed) return { passed: false, message: `${who} may also ${verb} ${resource} in namespace "${check.namespace}", which this step does not allow (${decision.reason.replace(/^RBAC: /, '') || 'it is a member of system:masters'})` };
      }
    }
  }
  if (check.elsewhere) {
    for (const request of wanted) {
      const [verb = '', resource = ''] = request.split(' ');
      const decision = authorize(etcd, user, attributes(verb, resource, check.elsewhere));
      if (decision.allowed) return { passed: false, message: `${who} may ${verb} ${resource} in namespace "${check.elsewhere}" too: grant it in "${check.namespace}" only, with a RoleBinding there (${decision.reason.replace(/^RBAC: /, '')})` };
    }
  }
  return { passed: true, message: `${who} may ${andList([...wanted])} in namespace "${check.namespace}"${check.exact ? ', and nothing else asked of it' : ''}` };
}
