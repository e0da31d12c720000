/**
 * OpenAPI definitions of networking.k8s.io/v1 NetworkPolicies as a v1.32 API server publishes them
 * (from k8s.io/api networking/v1 types.go at v0.32.9): no status, every list atomic. Field names
 * are checked against the published API by test/core/api-server/openapi-fields.test.ts.
 */
import { atomic, type Definitions, kind, list, oneOf } from '../dsl.ts';

/** Networking.k8s.io/v1 NetworkPolicies. */
export const NETWORKING: Definitions = {
  "networking.IPBlock": {
    r: ["cidr"],
    p: {
      cidr: "string",
      except: ["[]string", atomic],
    },
  },
  "networking.NetworkPolicy": kind({ spec: "networking.NetworkPolicySpec" }),
  "networking.NetworkPolicyEgressRule": {
    p: {
      ports: ["[]networking.NetworkPolicyPort", atomic],
      to: ["[]networking.NetworkPolicyPeer", atomic],
    },
  },
  "networking.NetworkPolicyIngressRule": {
    p: {
      from: ["[]networking.NetworkPolicyPeer", atomic],
      ports: ["[]networking.NetworkPolicyPort", atomic],
    },
  },
  "networking.NetworkPolicyList": list("networking.NetworkPolicy"),
  "networking.NetworkPolicyPeer": {
    p: {
      ipBlock: "networking.IPBlock",
      namespaceSelector: "meta.LabelSelector",
      podSelector: "meta.LabelSelector",
    },
  },
  "networking.NetworkPolicyPort": {
    p: {
      endPort: "int32",
      port: "IntOrString",
      protocol: ["string", oneOf('PROTOCOL')],
    },
  },
  "networking.NetworkPolicySpec": {
    r: ["podSelector"],
    p: {
      egress: ["[]networking.NetworkPolicyEgressRule", atomic],
      ingress: ["[]networking.NetworkPolicyIngressRule", atomic],
      podSelector: "meta.LabelSelector",
      policyTypes: ["[]string", { ...atomic, ...oneOf('POLICY_TYPE') }],
    },
  },
};
