/**
 * OpenAPI definitions of networking.k8s.io/v1 Ingresses, IngressClasses and NetworkPolicies as a
 * v1.32 API server publishes them (from k8s.io/api networking/v1 types.go at v0.32.9). Field names
 * are checked against the published API by test/core/api-server/openapi-fields.test.ts.
 */
import { atomic, type Definitions, kind, list, oneOf } from '../dsl.ts';

/** networking.k8s.io/v1 Ingresses, IngressClasses and NetworkPolicies. */
export const NETWORKING: Definitions = {
  "networking.HTTPIngressPath": {
    r: ["pathType","backend"],
    p: {
      backend: "networking.IngressBackend",
      path: "string",
      pathType: ["string", oneOf('PATH_TYPE')],
    },
  },
  "networking.HTTPIngressRuleValue": {
    r: ["paths"],
    p: {
      paths: ["[]networking.HTTPIngressPath", atomic],
    },
  },
  "networking.IPBlock": {
    r: ["cidr"],
    p: {
      cidr: "string",
      except: ["[]string", atomic],
    },
  },
  "networking.Ingress": kind({ spec: "networking.IngressSpec", status: "networking.IngressStatus" }),
  "networking.IngressBackend": {
    p: {
      resource: "TypedLocalObjectReference",
      service: "networking.IngressServiceBackend",
    },
  },
  "networking.IngressClass": kind({ spec: "networking.IngressClassSpec" }),
  "networking.IngressClassList": list("networking.IngressClass"),
  "networking.IngressClassParametersReference": {
    r: ["kind","name"],
    p: {
      apiGroup: "string",
      kind: "string",
      name: "string",
      namespace: "string",
      scope: "string",
    },
  },
  "networking.IngressClassSpec": {
    p: {
      controller: "string",
      parameters: "networking.IngressClassParametersReference",
    },
  },
  "networking.IngressList": list("networking.Ingress"),
  "networking.IngressLoadBalancerIngress": {
    p: {
      hostname: "string",
      ip: "string",
      ports: ["[]networking.IngressPortStatus", atomic],
    },
  },
  "networking.IngressLoadBalancerStatus": {
    p: {
      ingress: ["[]networking.IngressLoadBalancerIngress", atomic],
    },
  },
  "networking.IngressPortStatus": {
    r: ["port","protocol"],
    p: {
      error: "string",
      port: "int32",
      protocol: ["string", oneOf('PROTOCOL')],
    },
  },
  "networking.IngressRule": {
    p: {
      host: "string",
      http: "networking.HTTPIngressRuleValue",
    },
  },
  "networking.IngressServiceBackend": {
    r: ["name"],
    p: {
      name: "string",
      port: "networking.ServiceBackendPort",
    },
  },
  "networking.IngressSpec": {
    p: {
      defaultBackend: "networking.IngressBackend",
      ingressClassName: "string",
      rules: ["[]networking.IngressRule", atomic],
      tls: ["[]networking.IngressTLS", atomic],
    },
  },
  "networking.IngressStatus": {
    p: {
      loadBalancer: "networking.IngressLoadBalancerStatus",
    },
  },
  "networking.IngressTLS": {
    p: {
      hosts: ["[]string", atomic],
      secretName: "string",
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
  "networking.ServiceBackendPort": {
    p: {
      name: "string",
      number: "int32",
    },
  },
};
