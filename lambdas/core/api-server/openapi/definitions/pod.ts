/**
 * OpenAPI definitions of core/v1 Pod: its spec and status, containers, probes, lifecycle hooks, environment and resources, as a v1.32 API server publishes them: field names, types, required fields,
 * patch strategies and merge keys, and the first sentences of each description. Field names are
 * checked against the published API by test/core/api-server/openapi-fields.test.ts.
 */
import { atomic, type Definitions, kind, list, mapByName, mergeBy, oneOf } from '../dsl.ts';

/** Core/v1 Pod: its spec and status, containers, probes, lifecycle hooks, environment and resources. */
export const POD: Definitions = {
  "ConfigMapEnvSource": {
    p: {
      name: "string",
      optional: "boolean",
    },
  },
  "ConfigMapKeySelector": {
    r: ["key"],
    p: {
      key: "string",
      name: "string",
      optional: "boolean",
    },
  },
  "Container": {
    r: ["name"],
    p: {
      args: ["[]string", atomic],
      command: ["[]string", atomic],
      env: ["[]EnvVar", mergeBy("name")],
      envFrom: ["[]EnvFromSource", atomic],
      image: "string",
      imagePullPolicy: ["string", oneOf('PULL_POLICY')],
      lifecycle: "Lifecycle",
      livenessProbe: "Probe",
      name: "string",
      ports: ["[]ContainerPort", mergeBy("containerPort", ["containerPort","protocol"])],
      readinessProbe: "Probe",
      resizePolicy: ["[]ContainerResizePolicy", atomic],
      resources: "ResourceRequirements",
      restartPolicy: "string",
      securityContext: "SecurityContext",
      startupProbe: "Probe",
      stdin: "boolean",
      stdinOnce: "boolean",
      terminationMessagePath: "string",
      terminationMessagePolicy: ["string", oneOf('TERMINATION_MESSAGE_POLICY')],
      tty: "boolean",
      volumeDevices: ["[]VolumeDevice", mergeBy("devicePath")],
      volumeMounts: ["[]VolumeMount", mergeBy("mountPath")],
      workingDir: "string",
    },
  },
  "ContainerPort": {
    r: ["containerPort"],
    p: {
      containerPort: "int32",
      hostIP: "string",
      hostPort: "int32",
      name: "string",
      protocol: ["string", oneOf('PROTOCOL')],
    },
  },
  "ContainerResizePolicy": {
    r: ["resourceName","restartPolicy"],
    p: {
      resourceName: "string",
      restartPolicy: "string",
    },
  },
  "ContainerState": {
    p: {
      running: "ContainerStateRunning",
      terminated: "ContainerStateTerminated",
      waiting: "ContainerStateWaiting",
    },
  },
  "ContainerStateRunning": {
    p: {
      startedAt: "Time",
    },
  },
  "ContainerStateTerminated": {
    r: ["exitCode"],
    p: {
      containerID: "string",
      exitCode: "int32",
      finishedAt: "Time",
      message: "string",
      reason: "string",
      signal: "int32",
      startedAt: "Time",
    },
  },
  "ContainerStateWaiting": {
    p: {
      message: "string",
      reason: "string",
    },
  },
  "ContainerStatus": {
    r: ["image","imageID","name","ready","restartCount"],
    p: {
      allocatedResources: "{}Quantity",
      allocatedResourcesStatus: ["[]ResourceStatus", mergeBy("name")],
      containerID: "string",
      image: "string",
      imageID: "string",
      lastState: "ContainerState",
      name: "string",
      ready: "boolean",
      resources: "ResourceRequirements",
      restartCount: "int32",
      started: "boolean",
      state: "ContainerState",
      user: "ContainerUser",
      volumeMounts: ["[]VolumeMountStatus", mergeBy("mountPath")],
    },
  },
  "EnvFromSource": {
    p: {
      configMapRef: "ConfigMapEnvSource",
      prefix: "string",
      secretRef: "SecretEnvSource",
    },
  },
  "EnvVar": {
    r: ["name"],
    p: {
      name: "string",
      value: "string",
      valueFrom: "EnvVarSource",
    },
  },
  "EnvVarSource": {
    p: {
      configMapKeyRef: "ConfigMapKeySelector",
      fieldRef: "ObjectFieldSelector",
      resourceFieldRef: "ResourceFieldSelector",
      secretKeyRef: "SecretKeySelector",
    },
  },
  "EphemeralContainer": {
    r: ["name"],
    p: {
      args: ["[]string", atomic],
      command: ["[]string", atomic],
      env: ["[]EnvVar", mergeBy("name")],
      envFrom: ["[]EnvFromSource", atomic],
      image: "string",
      imagePullPolicy: ["string", oneOf('PULL_POLICY')],
      lifecycle: "Lifecycle",
      livenessProbe: "Probe",
      name: "string",
      ports: ["[]ContainerPort", mergeBy("containerPort", ["containerPort","protocol"])],
      readinessProbe: "Probe",
      resizePolicy: ["[]ContainerResizePolicy", atomic],
      resources: "ResourceRequirements",
      restartPolicy: "string",
      securityContext: "SecurityContext",
      startupProbe: "Probe",
      stdin: "boolean",
      stdinOnce: "boolean",
      targetContainerName: "string",
      terminationMessagePath: "string",
      terminationMessagePolicy: ["string", oneOf('TERMINATION_MESSAGE_POLICY')],
      tty: "boolean",
      volumeDevices: ["[]VolumeDevice", mergeBy("devicePath")],
      volumeMounts: ["[]VolumeMount", mergeBy("mountPath")],
      workingDir: "string",
    },
  },
  "ExecAction": {
    p: {
      command: "[]string",
    },
  },
  "ForNode": { opaque: true },
  "GRPCAction": {
    r: ["port"],
    p: {
      port: "int32",
      service: "string",
    },
  },
  "HostIP": {
    r: ["ip"],
    p: {
      ip: "string",
    },
  },
  "HTTPGetAction": {
    r: ["port"],
    p: {
      host: "string",
      httpHeaders: "[]HTTPHeader",
      path: "string",
      port: "IntOrString",
      scheme: ["string", oneOf('URI_SCHEME')],
    },
  },
  "HTTPHeader": {
    r: ["name","value"],
    p: {
      name: "string",
      value: "string",
    },
  },
  "Lifecycle": {
    p: {
      postStart: "LifecycleHandler",
      preStop: "LifecycleHandler",
    },
  },
  "LifecycleHandler": {
    p: {
      exec: "ExecAction",
      httpGet: "HTTPGetAction",
      sleep: "SleepAction",
      tcpSocket: "TCPSocketAction",
    },
  },
  "LocalObjectReference": {
    p: {
      name: "string",
    },
  },
  "ObjectFieldSelector": {
    r: ["fieldPath"],
    p: {
      apiVersion: "string",
      fieldPath: "string",
    },
  },
  "Pod": kind({ spec: "PodSpec", status: "PodStatus" }),
  "PodCondition": {
    r: ["status","type"],
    p: {
      lastProbeTime: "Time",
      lastTransitionTime: "Time",
      message: "string",
      reason: "string",
      status: "string",
      type: "string",
    },
  },
  "PodIP": {
    r: ["ip"],
    p: {
      ip: "string",
    },
  },
  "PodList": list("Pod"),
  "PodResourceClaimStatus": {
    r: ["name"],
    p: {
      name: "string",
      resourceClaimName: "string",
    },
  },
  "PodSpec": {
    r: ["containers"],
    p: {
      activeDeadlineSeconds: "int64",
      affinity: "Affinity",
      automountServiceAccountToken: "boolean",
      containers: ["[]Container", mergeBy("name")],
      dnsConfig: "PodDNSConfig",
      dnsPolicy: ["string", oneOf('DNS_POLICY')],
      enableServiceLinks: "boolean",
      ephemeralContainers: ["[]EphemeralContainer", mergeBy("name")],
      hostAliases: ["[]HostAlias", mergeBy("ip")],
      hostIPC: "boolean",
      hostNetwork: "boolean",
      hostPID: "boolean",
      hostUsers: "boolean",
      hostname: "string",
      imagePullSecrets: ["[]LocalObjectReference", mergeBy("name")],
      initContainers: ["[]Container", mergeBy("name")],
      nodeName: "string",
      nodeSelector: "{}string",
      os: "PodOS",
      overhead: "{}Quantity",
      preemptionPolicy: ["string", oneOf('PREEMPTION_POLICY')],
      priority: "int32",
      priorityClassName: "string",
      readinessGates: ["[]PodReadinessGate", atomic],
      resourceClaims: ["[]PodResourceClaim", mergeBy("name", undefined, "merge,retainKeys")],
      resources: "ResourceRequirements",
      restartPolicy: ["string", oneOf('RESTART_POLICY')],
      runtimeClassName: "string",
      schedulerName: "string",
      schedulingGates: ["[]PodSchedulingGate", mergeBy("name")],
      securityContext: "PodSecurityContext",
      serviceAccount: "string",
      serviceAccountName: "string",
      setHostnameAsFQDN: "boolean",
      shareProcessNamespace: "boolean",
      subdomain: "string",
      terminationGracePeriodSeconds: "int64",
      tolerations: ["[]Toleration", atomic],
      topologySpreadConstraints: ["[]TopologySpreadConstraint", mergeBy("topologyKey", ["topologyKey","whenUnsatisfiable"])],
      volumes: ["[]Volume", mergeBy("name", undefined, "merge,retainKeys")],
    },
  },
  "PodStatus": {
    p: {
      conditions: ["[]PodCondition", mergeBy("type")],
      containerStatuses: ["[]ContainerStatus", atomic],
      ephemeralContainerStatuses: ["[]ContainerStatus", atomic],
      hostIP: "string",
      hostIPs: ["[]HostIP", mergeBy("ip")],
      initContainerStatuses: ["[]ContainerStatus", atomic],
      message: "string",
      nominatedNodeName: "string",
      phase: ["string", oneOf('POD_PHASE')],
      podIP: "string",
      podIPs: ["[]PodIP", mergeBy("ip")],
      qosClass: ["string", oneOf('QOS_CLASS')],
      reason: "string",
      resize: "string",
      resourceClaimStatuses: ["[]PodResourceClaimStatus", mergeBy("name", undefined, "merge,retainKeys")],
      startTime: "Time",
    },
  },
  "PodTemplateSpec": {
    p: {
      metadata: "meta.ObjectMeta",
      spec: "PodSpec",
    },
  },
  "Probe": {
    p: {
      exec: "ExecAction",
      failureThreshold: "int32",
      grpc: "GRPCAction",
      httpGet: "HTTPGetAction",
      initialDelaySeconds: "int32",
      periodSeconds: "int32",
      successThreshold: "int32",
      tcpSocket: "TCPSocketAction",
      terminationGracePeriodSeconds: "int64",
      timeoutSeconds: "int32",
    },
  },
  "ResourceClaim": {
    r: ["name"],
    p: {
      name: "string",
      request: "string",
    },
  },
  "ResourceFieldSelector": {
    r: ["resource"],
    p: {
      containerName: "string",
      divisor: "Quantity",
      resource: "string",
    },
  },
  "ResourceHealth": {
    r: ["resourceID"],
    p: {
      health: "string",
      resourceID: "string",
    },
  },
  "ResourceRequirements": {
    p: {
      claims: ["[]ResourceClaim", mapByName],
      limits: "{}Quantity",
      requests: "{}Quantity",
    },
  },
  "ResourceStatus": {
    r: ["name"],
    p: {
      name: "string",
      resources: "[]ResourceHealth",
    },
  },
  "SecretEnvSource": {
    p: {
      name: "string",
      optional: "boolean",
    },
  },
  "SecretKeySelector": {
    r: ["key"],
    p: {
      key: "string",
      name: "string",
      optional: "boolean",
    },
  },
  "SleepAction": {
    r: ["seconds"],
    p: {
      seconds: "int64",
    },
  },
  "TCPSocketAction": {
    r: ["port"],
    p: {
      host: "string",
      port: "IntOrString",
    },
  },
};
