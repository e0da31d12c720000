/**
 * OpenAPI definitions of core/v1 Services and Endpoints, as a v1.32 API server publishes them: field names, types, required fields,
 * patch strategies and merge keys, and the first sentences of each description. Field names are
 * checked against the published API by test/core/api-server/openapi-fields.test.ts.
 */
import { atomic, type Definitions, mergeBy, oneOf } from '../dsl.ts';
import { EXTERNAL_TRAFFIC_POLICY, INTERNAL_TRAFFIC_POLICY, IP_FAMILY, IP_FAMILY_POLICY, PROTOCOL, SERVICE_TYPE, SESSION_AFFINITY } from '../enums.ts';

/** Core/v1 Services and Endpoints. */
export const NETWORK: Definitions = {
  "ClientIPConfig": {
    d: "ClientIPConfig represents the configurations of Client IP based session affinity.",
    p: {
      timeoutSeconds: ["int32", "timeoutSeconds specifies the seconds of ClientIP type session sticky time. The value must be >0 && <=86400(for 1 day) if ServiceAffinity == \"ClientIP\". Default value is 10800(for 3 hours)."],
    },
  },
  "EndpointAddress": {
    d: "EndpointAddress is a tuple that describes single IP address.",
    r: ["ip"],
    p: {
      hostname: ["string", "The Hostname of this endpoint"],
      ip: ["string", "The IP of this endpoint. May not be loopback (127.0.0.0/8 or ::1), link-local (169.254.0.0/16 or fe80::/10), or link-local multicast (224.0.0.0/24 or ff02::/16)."],
      nodeName: ["string", "Optional: Node hosting this endpoint. This can be used to determine endpoints local to a node."],
      targetRef: ["ObjectReference", "ObjectReference contains enough information to let you inspect or modify the referred object."],
    },
  },
  "EndpointPort": {
    d: "EndpointPort is a tuple that describes a single port.",
    r: ["port"],
    p: {
      appProtocol: ["string", "The application protocol for this port. This is used as a hint for implementations to offer richer behavior for protocols that they understand. This field follows standard Kubernetes label syntax."],
      name: ["string", "The name of this port. This must match the 'name' field in the corresponding ServicePort. Must be a DNS_LABEL."],
      port: ["int32", "The port number of the endpoint."],
      protocol: ["string", "The IP protocol for this port. Must be UDP, TCP, or SCTP. Default is TCP.", oneOf(PROTOCOL)],
    },
  },
  "Endpoints": {
    d: "Endpoints is a collection of endpoints that implement the actual service.",
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
      subsets: ["[]EndpointSubset", "The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share.", atomic],
    },
  },
  "EndpointsList": {
    d: "EndpointsList is a list of endpoints.",
    r: ["items"],
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      items: ["[]Endpoints", "List of endpoints."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ListMeta", "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"],
    },
  },
  "EndpointSubset": {
    d: "EndpointSubset is a group of addresses with a common set of ports. The expanded set of endpoints is the Cartesian product of Addresses x Ports.",
    p: {
      addresses: ["[]EndpointAddress", "IP addresses which offer the related ports that are marked as ready. These endpoints should be considered safe for load balancers and clients to utilize.", atomic],
      notReadyAddresses: ["[]EndpointAddress", "IP addresses which offer the related ports but are not currently marked as ready because they have not yet finished starting, have recently failed a readiness check, or have recently failed a liveness check.", atomic],
      ports: ["[]EndpointPort", "Port numbers available on the related IP addresses.", atomic],
    },
  },
  "LoadBalancerIngress": {
    d: "LoadBalancerIngress represents the status of a load-balancer ingress point: traffic intended for the service should be sent to an ingress point.",
    p: {
      hostname: ["string", "Hostname is set for load-balancer ingress points that are DNS based (typically AWS load-balancers)"],
      ip: ["string", "IP is set for load-balancer ingress points that are IP based (typically GCE or OpenStack load-balancers)"],
      ipMode: ["string", "IPMode specifies how the load-balancer IP behaves, and may only be specified when the ip field is specified. Setting this to \"VIP\" indicates that traffic is delivered to the node with the destination set to the load-balancer's IP and port."],
      ports: ["[]PortStatus", "Ports is a list of records of service ports If used, every port defined in the service should have an entry in it", atomic],
    },
  },
  "LoadBalancerStatus": {
    d: "LoadBalancerStatus represents the status of a load-balancer.",
    p: {
      ingress: ["[]LoadBalancerIngress", "Ingress is a list containing ingress points for the load-balancer. Traffic intended for the service should be sent to these ingress points.", atomic],
    },
  },
  "PortStatus": {
    d: "PortStatus represents the error condition of a service port",
    r: ["port","protocol"],
    p: {
      error: ["string", "Error is to record the problem with the service port The format of the error shall comply with the following rules: - built-in error values shall be specified in this file and those shall use CamelCase names - cloud provider specific error values must have names that comply with the format foo.example.com/CamelCase."],
      port: ["int32", "Port is the port number of the service port of which status is recorded here"],
      protocol: ["string", "Protocol is the protocol of the service port of which status is recorded here The supported values are: \"TCP\", \"UDP\", \"SCTP\"", oneOf(PROTOCOL)],
    },
  },
  "Service": {
    d: "Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.",
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
      spec: ["ServiceSpec", "Spec defines the behavior of a service. https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"],
      status: ["ServiceStatus", "Most recently observed status of the service. Populated by the system. Read-only."],
    },
  },
  "ServiceList": {
    d: "ServiceList holds a list of services.",
    r: ["items"],
    p: {
      apiVersion: ["string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values."],
      items: ["[]Service", "List of services"],
      kind: ["string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated."],
      metadata: ["meta.ListMeta", "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"],
    },
  },
  "ServicePort": {
    d: "ServicePort contains information on service's port.",
    r: ["port"],
    p: {
      appProtocol: ["string", "The application protocol for this port. This is used as a hint for implementations to offer richer behavior for protocols that they understand. This field follows standard Kubernetes label syntax."],
      name: ["string", "The name of this port within the service. This must be a DNS_LABEL. All ports within a ServiceSpec must have unique names."],
      nodePort: ["int32", "The port on each node on which this service is exposed when type is NodePort or LoadBalancer. Usually assigned by the system. If a value is specified, in-range, and not in use it will be used, otherwise the operation will fail."],
      port: ["int32", "The port that will be exposed by this service."],
      protocol: ["string", "The IP protocol for this port. Supports \"TCP\", \"UDP\", and \"SCTP\". Default is TCP.", oneOf(PROTOCOL)],
      targetPort: ["IntOrString", "Number or name of the port to access on the pods targeted by the service. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME. If this is a string, it will be looked up as a named port in the target Pod's container ports."],
    },
  },
  "ServiceSpec": {
    d: "ServiceSpec describes the attributes that a user creates on a service.",
    p: {
      allocateLoadBalancerNodePorts: ["boolean", "allocateLoadBalancerNodePorts defines if NodePorts will be automatically allocated for services with type LoadBalancer. Default is \"true\". It may be set to \"false\" if the cluster load-balancer does not rely on NodePorts."],
      clusterIP: ["string", "clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail."],
      clusterIPs: ["[]string", "ClusterIPs is a list of IP addresses assigned to this service, and are usually assigned randomly.", atomic],
      externalIPs: ["[]string", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service. These IPs are not managed by Kubernetes. The user is responsible for ensuring that traffic arrives at a node with this IP.", atomic],
      externalName: ["string", "externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g. a DNS CNAME record). No proxying will be involved."],
      externalTrafficPolicy: ["string", "externalTrafficPolicy describes how nodes distribute service traffic they receive on one of the Service's \"externally-facing\" addresses (NodePorts, ExternalIPs, and LoadBalancer IPs).", oneOf(EXTERNAL_TRAFFIC_POLICY)],
      healthCheckNodePort: ["int32", "healthCheckNodePort specifies the healthcheck nodePort for the service. This only applies when type is set to LoadBalancer and externalTrafficPolicy is set to Local. If a value is specified, is in-range, and is not in use, it will be used."],
      internalTrafficPolicy: ["string", "InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP.", oneOf(INTERNAL_TRAFFIC_POLICY)],
      ipFamilies: ["[]string", "IPFamilies is a list of IP families (e.g. IPv4, IPv6) assigned to this service. This field is usually assigned automatically based on cluster configuration and the ipFamilyPolicy field.", { ...atomic, ...oneOf(IP_FAMILY) }],
      ipFamilyPolicy: ["string", "IPFamilyPolicy represents the dual-stack-ness requested or required by this Service. If there is no value provided, then this field will be set to SingleStack.", oneOf(IP_FAMILY_POLICY)],
      loadBalancerClass: ["string", "loadBalancerClass is the class of the load balancer implementation this Service belongs to. If specified, the value of this field must be a label-style identifier, with an optional prefix, e.g. \"internal-vip\" or \"example.com/internal-vip\"."],
      loadBalancerIP: ["string", "Only applies to Service Type: LoadBalancer. This feature depends on whether the underlying cloud-provider supports specifying the loadBalancerIP when a load balancer is created. This field will be ignored if the cloud-provider does not support the feature."],
      loadBalancerSourceRanges: ["[]string", "If specified and supported by the platform, this will restrict traffic through the cloud-provider load-balancer will be restricted to the specified client IPs.", atomic],
      ports: ["[]ServicePort", "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies", mergeBy("port", ["port","protocol"])],
      publishNotReadyAddresses: ["boolean", "publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready."],
      selector: ["{}string", "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify."],
      sessionAffinity: ["string", "Supports \"ClientIP\" and \"None\". Used to maintain session affinity. Enable client IP based session affinity.", oneOf(SESSION_AFFINITY)],
      sessionAffinityConfig: ["SessionAffinityConfig", "sessionAffinityConfig contains the configurations of session affinity."],
      trafficDistribution: ["string", "TrafficDistribution offers a way to express preferences for how traffic is distributed to Service endpoints. Implementations can use this field as a hint, but are not required to guarantee strict adherence."],
      type: ["string", "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.", oneOf(SERVICE_TYPE)],
    },
  },
  "ServiceStatus": {
    d: "ServiceStatus represents the current status of a service.",
    p: {
      conditions: ["[]meta.Condition", "Current service state", mergeBy("type")],
      loadBalancer: ["LoadBalancerStatus", "LoadBalancer contains the current status of the load-balancer, if one is present."],
    },
  },
  "SessionAffinityConfig": {
    d: "SessionAffinityConfig represents the configurations of session affinity.",
    p: {
      clientIP: ["ClientIPConfig", "ClientIPConfig represents the configurations of Client IP based session affinity."],
    },
  },
};
