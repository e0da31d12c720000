/**
 * OpenAPI definitions of the storage kinds as a v1.32 API server publishes them (from k8s.io/api
 * core/v1 and storage/v1 types.go at v0.32.9): PersistentVolume, PersistentVolumeClaim and
 * StorageClass, with their statuses. The volume sources a simulated cluster never provisions are
 * free-form (opaque). Field names are checked against the published API by
 * test/core/api-server/openapi-fields.test.ts.
 */
import { atomic, type Definitions, kind, list, mergeBy, oneOf } from '../dsl.ts';

/** Core/v1 PersistentVolumes and PersistentVolumeClaims, storage.k8s.io/v1 StorageClasses. */
export const STORAGE: Definitions = {
  "AzureFilePersistentVolumeSource": { opaque: true },
  "CephFSPersistentVolumeSource": { opaque: true },
  "CinderPersistentVolumeSource": { opaque: true },
  "CSIPersistentVolumeSource": {
    r: ["driver", "volumeHandle"],
    p: {
      controllerExpandSecretRef: "SecretReference",
      controllerPublishSecretRef: "SecretReference",
      driver: "string",
      fsType: "string",
      nodeExpandSecretRef: "SecretReference",
      nodePublishSecretRef: "SecretReference",
      nodeStageSecretRef: "SecretReference",
      readOnly: "boolean",
      volumeAttributes: "{}string",
      volumeHandle: "string",
    },
  },
  "FlexPersistentVolumeSource": { opaque: true },
  "GlusterfsPersistentVolumeSource": { opaque: true },
  "ISCSIPersistentVolumeSource": { opaque: true },
  "LocalVolumeSource": {
    r: ["path"],
    p: {
      fsType: "string",
      path: "string",
    },
  },
  "ModifyVolumeStatus": {
    r: ["status"],
    p: {
      status: "string",
      targetVolumeAttributesClassName: "string",
    },
  },
  "PersistentVolume": kind({ spec: "PersistentVolumeSpec", status: "PersistentVolumeStatus" }),
  "PersistentVolumeClaim": kind({ spec: "PersistentVolumeClaimSpec", status: "PersistentVolumeClaimStatus" }),
  "PersistentVolumeClaimCondition": {
    r: ["type", "status"],
    p: {
      lastProbeTime: "Time",
      lastTransitionTime: "Time",
      message: "string",
      reason: "string",
      status: "string",
      type: "string",
    },
  },
  "PersistentVolumeClaimList": list("PersistentVolumeClaim"),
  "PersistentVolumeClaimStatus": {
    p: {
      accessModes: ["[]string", atomic],
      allocatedResourceStatuses: "{}string",
      allocatedResources: "{}Quantity",
      capacity: "{}Quantity",
      conditions: ["[]PersistentVolumeClaimCondition", mergeBy("type")],
      currentVolumeAttributesClassName: "string",
      modifyVolumeStatus: "ModifyVolumeStatus",
      phase: ["string", oneOf('CLAIM_PHASE')],
    },
  },
  "PersistentVolumeList": list("PersistentVolume"),
  "PersistentVolumeSpec": {
    p: {
      accessModes: ["[]string", atomic],
      awsElasticBlockStore: "AWSElasticBlockStoreVolumeSource",
      azureDisk: "AzureDiskVolumeSource",
      azureFile: "AzureFilePersistentVolumeSource",
      capacity: "{}Quantity",
      cephfs: "CephFSPersistentVolumeSource",
      cinder: "CinderPersistentVolumeSource",
      claimRef: "ObjectReference",
      csi: "CSIPersistentVolumeSource",
      fc: "FCVolumeSource",
      flexVolume: "FlexPersistentVolumeSource",
      flocker: "FlockerVolumeSource",
      gcePersistentDisk: "GCEPersistentDiskVolumeSource",
      glusterfs: "GlusterfsPersistentVolumeSource",
      hostPath: "HostPathVolumeSource",
      iscsi: "ISCSIPersistentVolumeSource",
      local: "LocalVolumeSource",
      mountOptions: ["[]string", atomic],
      nfs: "NFSVolumeSource",
      nodeAffinity: "VolumeNodeAffinity",
      persistentVolumeReclaimPolicy: ["string", oneOf('RECLAIM_POLICY')],
      photonPersistentDisk: "PhotonPersistentDiskVolumeSource",
      portworxVolume: "PortworxVolumeSource",
      quobyte: "QuobyteVolumeSource",
      rbd: "RBDPersistentVolumeSource",
      scaleIO: "ScaleIOPersistentVolumeSource",
      storageClassName: "string",
      storageos: "StorageOSPersistentVolumeSource",
      volumeAttributesClassName: "string",
      volumeMode: ["string", oneOf('VOLUME_MODE')],
      vsphereVolume: "VsphereVirtualDiskVolumeSource",
    },
  },
  "PersistentVolumeStatus": {
    p: {
      lastPhaseTransitionTime: "Time",
      message: "string",
      phase: ["string", oneOf('VOLUME_PHASE')],
      reason: "string",
    },
  },
  "RBDPersistentVolumeSource": { opaque: true },
  "ScaleIOPersistentVolumeSource": { opaque: true },
  "SecretReference": {
    p: {
      name: "string",
      namespace: "string",
    },
  },
  "StorageOSPersistentVolumeSource": { opaque: true },
  "TopologySelectorLabelRequirement": {
    r: ["key", "values"],
    p: {
      key: "string",
      values: ["[]string", atomic],
    },
  },
  "TopologySelectorTerm": {
    p: {
      matchLabelExpressions: ["[]TopologySelectorLabelRequirement", atomic],
    },
  },
  "VolumeNodeAffinity": {
    p: {
      required: "NodeSelector",
    },
  },
  "storage.StorageClass": {
    r: ["provisioner"],
    p: {
      allowVolumeExpansion: "boolean",
      allowedTopologies: ["[]TopologySelectorTerm", atomic],
      apiVersion: "string",
      kind: "string",
      metadata: "meta.ObjectMeta",
      mountOptions: ["[]string", atomic],
      parameters: "{}string",
      provisioner: "string",
      reclaimPolicy: ["string", oneOf('RECLAIM_POLICY')],
      volumeBindingMode: ["string", oneOf('VOLUME_BINDING_MODE')],
    },
  },
  "storage.StorageClassList": list("storage.StorageClass"),
};
