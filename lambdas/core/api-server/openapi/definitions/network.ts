/**
 * OpenAPI definitions of core/v1 Services and Endpoints, as a v1.32 API server publishes them: field names, types, required fields,
 * patch strategies and merge keys, and the first sentences of each description. Field names are
 * checked against the published API by test/core/api-server/openapi-fields.test.ts.
 */
import { atomic, type Definitions, kind, list, mergeBy, oneOf } from '../dsl.ts';

/** Core/v1 Services and Endpoints. */
export const NETWORK: Definitions = {
  "ClientIPConfig": {
    p: {
      timeoutSeconds: "int32",
    },
  },
  "EndpointAddress": {
    r: ["ip"],
    p: {
      hostname: "string",
      ip: "string",
      nodeName: "string",
      targetRef: "ObjectReference",
    },
  },
  "EndpointPort": {
    r: ["port"],
    p: {
      appProtocol: "string",
      name: "string",
      port: "int32",
      protocol: ["string", oneOf('PROTOCOL')],
    },
  },
  "Endpoints": kind({ subsets: ["[]EndpointSubset", atomic] }),
  "EndpointsList": list("Endpoints"),
  "EndpointSubset": {
    p: {
      addresses: ["[]EndpointAddress", atomic],
      notReadyAddresses: ["[]EndpointAddress", atomic],
      ports: ["[]EndpointPort", atomic],
    },
  },
  "LoadBalancerIngress": {
    p: {
      hostname: "string",
      ip: "string",
      ipMode: "string",
      ports: ["[]PortStatus", atomic],
    },
  },
  "LoadBalancerStatus": {
    p: {
      ingress: ["[]LoadBalancerIngress", atomic],
    },
  },
  "PortStatus": {
    r: ["port","protocol"],
    p: {
      error: "string",
      port: "int32",
      protocol: ["string", oneOf('PROTOCOL')],
    },
  },
  "Service": kind({ spec: "ServiceSpec", status: "ServiceStatus" }),
  "ServiceList": list("Service"),
  "ServicePort": {
    r: ["port"],
    p: {
      appProtocol: "string",
      name: "string",
      nodePort: "int32",
      port: "int32",
      protocol: ["string", oneOf('PROTOCOL')],
      targetPort: "IntOrString",
    },
  },
  "ServiceSpec": {
    p: {
      allocateLoadBalancerNodePorts: "boolean",
      clusterIP: "string",
      clusterIPs: ["[]string", atomic],
      externalIPs: ["[]string", atomic],
      externalName: "string",
      externalTrafficPolicy: ["string", oneOf('EXTERNAL_TRAFFIC_POLICY')],
      healthCheckNodePort: "int32",
      internalTrafficPolicy: ["string", oneOf('INTERNAL_TRAFFIC_POLICY')],
      ipFamilies: ["[]string", { ...atomic, ...oneOf('IP_FAMILY') }],
      ipFamilyPolicy: ["string", oneOf('IP_FAMILY_POLICY')],
      loadBalancerClass: "string",
      loadBalancerIP: "string",
      loadBalancerSourceRanges: ["[]string", atomic],
      ports: ["[]ServicePort", mergeBy("port", ["port","protocol"])],
      publishNotReadyAddresses: "boolean",
      selector: "{}string",
      sessionAffinity: ["string", oneOf('SESSION_AFFINITY')],
      sessionAffinityConfig: "SessionAffinityConfig",
      trafficDistribution: "string",
      type: ["string", oneOf('SERVICE_TYPE')],
    },
  },
  "ServiceStatus": {
    p: {
      conditions: ["[]meta.Condition", mergeBy("type")],
      loadBalancer: "LoadBalancerStatus",
    },
  },
  "SessionAffinityConfig": {
    p: {
      clientIP: "ClientIPConfig",
    },
  },
};
