/**
 * OpenAPI definitions of rbac.authorization.k8s.io/v1 as a v1.32 API server publishes them (from
 * k8s.io/api rbac/v1 types.go at v0.32.9): Roles and ClusterRoles of PolicyRules, and the bindings'
 * roleRef and subjects. Field names are checked against the published API by
 * test/core/api-server/openapi-fields.test.ts.
 */
import { atomic, type Definitions, kind, list } from '../dsl.ts';

/** rbac.authorization.k8s.io/v1. */
export const RBAC: Definitions = {
  "rbac.AggregationRule": { p: { clusterRoleSelectors: ["[]meta.LabelSelector", atomic] } },
  "rbac.ClusterRole": kind({ aggregationRule: "rbac.AggregationRule", rules: ["[]rbac.PolicyRule", atomic] }),
  "rbac.ClusterRoleBinding": { ...kind({ roleRef: "rbac.RoleRef", subjects: ["[]rbac.Subject", atomic] }), r: ["roleRef"] },
  "rbac.ClusterRoleBindingList": list("rbac.ClusterRoleBinding"),
  "rbac.ClusterRoleList": list("rbac.ClusterRole"),
  "rbac.PolicyRule": {
    r: ["verbs"],
    p: {
      apiGroups: ["[]string", atomic],
      nonResourceURLs: ["[]string", atomic],
      resourceNames: ["[]string", atomic],
      resources: ["[]string", atomic],
      verbs: ["[]string", atomic],
    },
  },
  "rbac.Role": kind({ rules: ["[]rbac.PolicyRule", atomic] }),
  "rbac.RoleBinding": { ...kind({ roleRef: "rbac.RoleRef", subjects: ["[]rbac.Subject", atomic] }), r: ["roleRef"] },
  "rbac.RoleBindingList": list("rbac.RoleBinding"),
  "rbac.RoleList": list("rbac.Role"),
  "rbac.RoleRef": { r: ["apiGroup", "kind", "name"], p: { apiGroup: "string", kind: "string", name: "string" } },
  "rbac.Subject": { r: ["kind", "name"], p: { apiGroup: "string", kind: "string", name: "string", namespace: "string" } },
};
