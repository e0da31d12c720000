/**
 * The exercise document: what an instructor uploads (JSON or YAML) and what the built-in pack is
 * written in. One zod/mini schema validates uploads, types the engine and generates the OpenAPI
 * description, so a document that passes here cannot fail at grading time: check ids are unique,
 * paths parse, answer options exist (the cross-field rules at the bottom).
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { parseCron } from '#core/cron.ts';
import { CLUSTER_FLAVOURS } from '#core/flavours.ts';
import { OPERATORS, parsePath } from './paths.ts';

// English messages ("Invalid discriminator value. Expected ...") wherever the schema is used, not only behind HTTP.
z.config(en());

/**
 * Builds the schemas. zod builds a schema's parts as it is declared, about 11 ms of CPU for these,
 * so they are built when first used (a parse, or the OpenAPI document), not on every cold start
 * of the course API whose routes name them.
 */
function build() {

  const SLUG = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
  const slug = (what: string) =>
    z.string().check(z.regex(SLUG, `${what} must be lowercase letters, digits and "-", 1 to 63 characters, starting and ending with a letter or digit`));
  const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
  const labelMap = z.record(z.string().check(z.minLength(1), z.maxLength(253)), z.string().check(z.maxLength(63)));
  const kindName = z.string().check(z.regex(/^[A-Z][A-Za-z0-9]{0,62}$/, 'a kind is a Kubernetes kind in CamelCase, e.g. "Deployment"'));
  const namespaceName = slug('a namespace');

  /** Which Deployment a check is about: any that fits every criterion given, whatever its name unless `name` is set. */
  const WorkloadSchema = z.strictObject({
    namespace: z._default(namespaceName, 'default'),
    name: z.optional(text(253)),
    /** Labels the Deployment's pod template must carry. */
    labels: z.optional(labelMap),
    /** An image one of its containers runs (`nginx` equals `docker.io/library/nginx:latest`). */
    image: z.optional(text(512)),
    /** Ports its pod listens on, every one (a declared containerPort, or where the image's program serves): what the app does, whatever image does it. */
    ports: z.optional(z.array(z.number().check(z.int(), z.minimum(1), z.maximum(65535))).check(z.minLength(1), z.maxLength(20))),
  });

  /** Which Job a check is about: any that fits every criterion given, whatever its name unless `name` is set. */
  const JobSchema = z.strictObject({
    namespace: z._default(namespaceName, 'default'),
    name: z.optional(text(253)),
    /** An image one of its containers runs (`perl` equals `docker.io/library/perl:latest`). */
    image: z.optional(text(512)),
  });

  /** Which StatefulSet a check is about: any that fits every criterion given, whatever its name unless `name` is set. */
  const StatefulSetSchema = z.strictObject({
    namespace: z._default(namespaceName, 'default'),
    name: z.optional(text(253)),
    /** Labels its pod template must carry. */
    labels: z.optional(labelMap),
    /** An image one of its containers runs (`nginx` equals `docker.io/library/nginx:latest`). */
    image: z.optional(text(512)),
  });

  /** Which PersistentVolumeClaims a check is about: any that fit every criterion given. */
  const ClaimSchema = z.strictObject({
    namespace: z._default(namespaceName, 'default'),
    name: z.optional(text(253)),
    /** The StorageClass it was provisioned from (its `storageClassName`, or the default class it was given). */
    storageClass: z.optional(text(253)),
    /** The least capacity it must have, a quantity as in `resources.requests.storage` (`1Gi`). */
    minSize: z.optional(z.string().check(z.regex(/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/, 'a size is a quantity such as "1Gi" or "500Mi"'))),
  });

  /** Who an RBAC check asks for: a service account (in `namespace`), a user, or a member of a group, as a binding's subject names them. */
  const SubjectSchema = z.strictObject({
    kind: z.enum(['ServiceAccount', 'User', 'Group']),
    name: text(253),
    namespace: z.optional(namespaceName),
  });
  const VERB = z.enum(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection']);
  /** A resource as `kubectl auth can-i` names it: `pods`, `pods/log`, `deployments.apps`. */
  const resourceName = z.string().check(z.regex(/^[a-z][a-z0-9-]*(\/[a-z]+)?(\.[a-z0-9.-]+)?$/, 'a resource is a plural name, with its subresource and group if any: "pods", "pods/log", "deployments.apps"'));
  const GrantSchema = z.strictObject({
    verbs: z.array(VERB).check(z.minLength(1), z.maxLength(8)),
    resources: z.array(resourceName).check(z.minLength(1), z.maxLength(20)),
  });

  /** Fields every check has. */
  const base = {
    id: slug('a check id'),
    title: text(200),
    /** Points for passing; 0 makes an ungraded, informational check. */
    points: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(100)), 1),
    /** Hidden checks count towards the grade but learners never see them. */
    hidden: z._default(z.boolean(), false),
    /** Added to the failure message, e.g. a pointer to the right section of the instructions. */
    feedback: z.optional(text(500)),
  };

  const comparisonOp = z.enum(OPERATORS);
  const scalar = z.union([z.string().check(z.maxLength(1000)), z.number(), z.boolean(), z.null()]);

  /** One field comparison of an expression check: `{ path: ".status.readyReplicas", op: "gte", value: 2 }`. */
  const ComparisonSchema = z.strictObject({
    path: z.string().check(z.minLength(1), z.maxLength(256)),
    op: comparisonOp,
    value: z.optional(z.union([scalar, z.array(scalar).check(z.maxLength(50))])),
    /** With a path that fans out (`[*]`): must any value match (default) or all of them? */
    quantifier: z._default(z.enum(['any', 'all']), 'any'),
  });

  /** Which objects an expression check looks at. */
  const SelectSchema = z.strictObject({
    kind: kindName,
    namespace: z.optional(namespaceName),
    name: z.optional(text(253)),
    labels: z.optional(labelMap),
  });

  const count = z.strictObject({ op: z.enum(['eq', 'gte', 'lte', 'gt', 'lt']), value: z.number().check(z.int(), z.minimum(0)) });

  const answerText = text(300);

  /** The check kinds; each is a pure function of the cluster (or of the learner's answers). */
  const CheckSchema = z.discriminatedUnion('type', [
    z.strictObject({ ...base, type: z.literal('deploymentAvailable'), workload: WorkloadSchema, replicas: z.number().check(z.int(), z.minimum(0), z.maximum(1000)) }),
    z.strictObject({
      ...base,
      type: z.literal('serviceExposes'),
      namespace: z._default(namespaceName, 'default'),
      serviceType: z.optional(z.enum(['ClusterIP', 'NodePort', 'LoadBalancer'])),
      ports: z.array(z.number().check(z.int(), z.minimum(1), z.maximum(65535))).check(z.minLength(1), z.maxLength(20)),
      selects: WorkloadSchema,
      /** Also require the load balancer's external address (the cloud controller's work). */
      externalAddress: z._default(z.boolean(), false),
    }),
    z.strictObject({ ...base, type: z.literal('podsSpread'), workload: WorkloadSchema, minNodes: z.number().check(z.int(), z.minimum(1), z.maximum(1000)) }),
    z.strictObject({ ...base, type: z.literal('noPodsOnNode'), node: text(253), workload: z.optional(WorkloadSchema) }),
    z.strictObject({ ...base, type: z.literal('containerImage'), workload: WorkloadSchema, container: z.optional(text(63)), image: text(512) }),
    z.strictObject({ ...base, type: z.literal('rolloutHappened'), workload: WorkloadSchema, minRevision: z.number().check(z.int(), z.minimum(1)) }),
    z.strictObject({ ...base, type: z.literal('objectAbsent'), select: SelectSchema }),
    z.strictObject({ ...base, type: z.literal('jobCompleted'), job: JobSchema, completions: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(1000)), 1) }),
    z.strictObject({
      ...base,
      type: z.literal('cronJobScheduled'),
      /** Which CronJob: the same criteria as a Job's. */
      cronJob: JobSchema,
      /** The schedule it must run on, as cron reads it: another spelling that fires as often passes (every minute: `* * * * *`, `0-59 * * * *`, `@every 1m`). */
      schedule: z.optional(text(100)),
      /** How many Jobs its schedule made must have completed. */
      completedJobs: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(100)), 1),
    }),
    z.strictObject({
      ...base,
      type: z.literal('statefulSetReady'),
      statefulSet: StatefulSetSchema,
      /** Pods <name>-0 to <name>-(replicas-1) must all be Running and Ready. */
      replicas: z.number().check(z.int(), z.minimum(1), z.maximum(100)),
      /** Also require its governing Service (`serviceName`): headless (`clusterIP: None`) and selecting its pods. */
      headlessService: z._default(z.boolean(), false),
    }),
    z.strictObject({
      ...base,
      type: z.literal('claimBound'),
      claim: ClaimSchema,
      /** How many fitting claims must be Bound. */
      count: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(100)), 1),
      /** Also require each to be mounted by a Running pod. */
      mounted: z._default(z.boolean(), false),
    }),
    z.strictObject({
      ...base,
      type: z.literal('ingressRoutes'),
      /** The request's Host header (absent: the ingress controller's own address, as `curl http://<address>/` sends). */
      host: z.optional(z.string().check(z.regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a host is a DNS name such as "shop.example.com"'), z.maxLength(253))),
      /** The request's path. */
      path: z._default(z.string().check(z.regex(/^\/[^\s?#]*$/, 'a path starts with "/" and has no spaces, query or fragment'), z.maxLength(1024)), '/'),
      /** The Service the ingress controller must send it to, with a ready endpoint to answer. */
      service: z.strictObject({ namespace: z._default(namespaceName, 'default'), name: text(253) }),
    }),
    z.strictObject({
      ...base,
      type: z.literal('networkPolicyIsolates'),
      /** The Deployment whose pods a NetworkPolicy must isolate. */
      workload: WorkloadSchema,
      /** The port the allowed pods must reach (and the others must not). */
      port: z.number().check(z.int(), z.minimum(1), z.maximum(65535)),
      /** Who may reach it: pods so labelled (in the workload's namespace unless `namespace` says), or every pod of `namespace`. */
      allowFrom: z.strictObject({ podLabels: z.optional(labelMap), namespace: z.optional(namespaceName) }),
    }),
    z.strictObject({
      ...base,
      type: z.literal('hpaScaled'),
      /** Which HorizontalPodAutoscaler: any that fits, whatever its name unless `name` is set; `target` names the workload it must scale. */
      hpa: z.strictObject({
        namespace: z._default(namespaceName, 'default'),
        name: z.optional(text(253)),
        target: z.optional(text(253)),
        targetKind: z._default(z.enum(['Deployment', 'ReplicaSet', 'StatefulSet']), 'Deployment'),
      }),
      minReplicas: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(1000))),
      maxReplicas: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(1000))),
      /** The CPU utilization percent it must target. */
      cpuUtilization: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(1000))),
      /** Require it to have scaled its target above its minimum (a SuccessfulRescale, or more replicas now). */
      scaledUp: z._default(z.boolean(), true),
      /** When it has not scaled yet, try it under the walkthrough's load generator on a copy of the cluster. */
      applyLoad: z._default(z.boolean(), false),
      loadSeconds: z._default(z.number().check(z.int(), z.minimum(30), z.maximum(900)), 180),
    }),
    z.strictObject({ ...base, type: z.literal('namespaceEmpty'), namespace: namespaceName }),
    z.strictObject({
      ...base,
      type: z.literal('rbacAllows'),
      subject: SubjectSchema,
      /** The namespace the requests are asked in. */
      namespace: namespaceName,
      /** What the subject must be allowed there. */
      allow: z.array(GrantSchema).check(z.minLength(1), z.maxLength(20)),
      /** Also require every other verb on these and the common resources to be refused: exactly what was asked (default). */
      exact: z._default(z.boolean(), true),
      /** A namespace where nothing of `allow` may be allowed (a RoleBinding grants in its own namespace only). */
      elsewhere: z.optional(namespaceName),
    }),
    z.strictObject({
      ...base,
      type: z.literal('expression'),
      select: SelectSchema,
      where: z._default(z.array(ComparisonSchema).check(z.maxLength(20)), []),
      /** How many selected objects must meet every comparison; default at least one. */
      count: z._default(count, { op: 'gte', value: 1 }),
    }),
    z.strictObject({
      ...base,
      type: z.literal('multipleChoice'),
      question: text(1000),
      options: z.array(z.strictObject({ id: slug('an option id'), text: text(300) })).check(z.minLength(2), z.maxLength(12)),
      /** The options a right answer picks: all of them and no others. */
      correct: z.array(slug('an option id')).check(z.minLength(1)),
    }),
    z.strictObject({
      ...base,
      type: z.literal('shortAnswer'),
      question: text(1000),
      /** Accepted answers, compared case-insensitively with spaces collapsed. */
      accept: z._default(z.array(answerText).check(z.maxLength(20)), []),
      /** Or: the answer is read from the learner's own cluster (e.g. the node the scheduler runs on). */
      acceptFrom: z.optional(z.strictObject({ select: SelectSchema, path: z.string().check(z.minLength(1), z.maxLength(256)) })),
    }),
  ]);

  /** A Kubernetes manifest: anything with apiVersion, kind and metadata.name; the API server validates the rest. */
  const ManifestSchema = z.looseObject({
    apiVersion: text(100),
    kind: kindName,
    metadata: z.looseObject({ name: text(253), namespace: z.optional(namespaceName) }),
  });

  /** A fault in the starting state or a solution step (carried out by the core's fault injection). */
  const FaultSchema = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('failNode'), node: text(253) }),
    z.strictObject({ type: z.literal('recoverNode'), node: text(253) }),
    z.strictObject({ type: z.literal('breakImage'), image: text(512) }),
  ]);

  /** What the learner's cluster looks like when the exercise starts. */
  const StartingStateSchema = z.strictObject({
    /** The shape of cluster (flavours.ts); absent: the cohort's, else kubeadm. `workers` is then eksctl's --nodes. */
    flavour: z.optional(z.enum(CLUSTER_FLAVOURS)),
    workers: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(10)), 2),
    objects: z._default(z.array(ManifestSchema).check(z.maxLength(50)), []),
    faults: z._default(z.array(FaultSchema).check(z.maxLength(10)), []),
    /** Simulated seconds to let pass after setting up, so pods are running when the learner arrives. */
    settleSeconds: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(3600)), 60),
  });

  const deploymentRef = { deployment: text(253), namespace: z._default(namespaceName, 'default') };

  /** One step of a reference solution, as a learner would do it with kubectl. */
  const SolutionStepSchema = z.discriminatedUnion('do', [
    z.strictObject({ do: z.literal('apply'), objects: z.array(ManifestSchema).check(z.minLength(1), z.maxLength(50)) }),
    z.strictObject({ do: z.literal('scale'), ...deploymentRef, replicas: z.number().check(z.int(), z.minimum(0), z.maximum(1000)) }),
    z.strictObject({ do: z.literal('setImage'), ...deploymentRef, container: text(63), image: text(512) }),
    z.strictObject({ do: z.literal('rolloutUndo'), ...deploymentRef, toRevision: z.optional(z.number().check(z.int(), z.minimum(1))) }),
    z.strictObject({ do: z.literal('delete'), kind: kindName, name: text(253), namespace: z.optional(namespaceName) }),
    z.strictObject({ do: z.literal('wait'), seconds: z.number().check(z.int(), z.minimum(1), z.maximum(3600)) }),
    z.strictObject({ do: z.literal('fault'), fault: FaultSchema }),
    z.strictObject({ do: z.literal('answer'), answers: z.record(z.string(), z.union([answerText, z.array(answerText)])) }),
    /** Answers with what the cluster shows (e.g. the EXTERNAL-IP `kubectl get svc` prints), as a learner reads it off. */
    z.strictObject({ do: z.literal('answerFrom'), check: slug('a check id'), select: SelectSchema, path: z.string().check(z.minLength(1), z.maxLength(256)) }),
  ]);

  /** An exercise document. */
  const ExerciseSchema = z
    .strictObject({
      id: slug('an exercise id'),
      title: text(200),
      /** Position in the course; lower comes first. */
      order: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(10_000)), 1000),
      summary: z.optional(text(500)),
      /** Markdown shown to the learner. */
      instructions: text(20_000),
      startingState: z._default(StartingStateSchema, { workers: 2, objects: [], faults: [], settleSeconds: 60 }),
      checks: z.array(CheckSchema).check(z.minLength(1), z.maxLength(50)),
      hints: z._default(z.array(text(2000)).check(z.maxLength(20)), []),
      /** How an instructor would solve it; never shown to learners, proven by the pack's tests. */
      solution: z.optional(z.strictObject({ steps: z.array(SolutionStepSchema).check(z.maxLength(100)) })),
    })
    .check(
      z.superRefine((exercise, ctx) => {
        const issue = (path: (string | number)[], message: string, input: unknown) => ctx.issues.push({ code: 'custom', message, input, path });
        const seen = new Map<string, number>();
        exercise.checks.forEach((check, i) => {
          const first = seen.get(check.id);
          if (first !== undefined) issue(['checks', i, 'id'], `duplicate check id ${JSON.stringify(check.id)} (also at #/checks/${first}/id)`, check.id);
          else seen.set(check.id, i);
          if (check.type === 'expression') {
            check.where.forEach((comparison, j) => {
              const parsed = parsePath(comparison.path);
              if (!parsed.ok) issue(['checks', i, 'where', j, 'path'], parsed.error, comparison.path);
              const needsValue = comparison.op !== 'exists' && comparison.op !== 'absent';
              if (needsValue && comparison.value === undefined) issue(['checks', i, 'where', j, 'value'], `operator "${comparison.op}" needs a value`, undefined);
              if (comparison.op === 'in' && !Array.isArray(comparison.value)) issue(['checks', i, 'where', j, 'value'], 'operator "in" needs a list of values', comparison.value);
            });
          }
          if (check.type === 'cronJobScheduled' && check.schedule !== undefined) {
            const parsed = parseCron(check.schedule);
            if (!parsed.ok) issue(['checks', i, 'schedule'], `a schedule cron cannot read: ${parsed.message}`, check.schedule);
          }
          if (check.type === 'multipleChoice') {
            const options = new Set(check.options.map((option) => option.id));
            if (options.size !== check.options.length) issue(['checks', i, 'options'], 'option ids must be unique', check.options);
            check.correct.forEach((id, j) => {
              if (!options.has(id)) issue(['checks', i, 'correct', j], `"${id}" is not one of the options (${[...options].join(', ')})`, id);
            });
          }
          if (check.type === 'shortAnswer') {
            if (check.accept.length === 0 && !check.acceptFrom) issue(['checks', i, 'accept'], 'give accepted answers in "accept", or "acceptFrom" to read the answer from the cluster', check.accept);
            if (check.acceptFrom) {
              const parsed = parsePath(check.acceptFrom.path);
              if (!parsed.ok) issue(['checks', i, 'acceptFrom', 'path'], parsed.error, check.acceptFrom.path);
            }
          }
        });
        const isQuestion = (id: string) => exercise.checks.some((c) => c.id === id && (c.type === 'multipleChoice' || c.type === 'shortAnswer'));
        exercise.solution?.steps.forEach((step, i) => {
          if (step.do === 'answer') {
            for (const id of Object.keys(step.answers)) {
              if (!isQuestion(id)) issue(['solution', 'steps', i, 'answers', id], `"${id}" is not an answer check of this exercise`, id);
            }
          }
          if (step.do === 'answerFrom') {
            if (!isQuestion(step.check)) issue(['solution', 'steps', i, 'check'], `"${step.check}" is not an answer check of this exercise`, step.check);
            const parsed = parsePath(step.path);
            if (!parsed.ok) issue(['solution', 'steps', i, 'path'], parsed.error, step.path);
          }
        });
      }),
    );
  return { WorkloadSchema, ComparisonSchema, SelectSchema, CheckSchema, ManifestSchema, FaultSchema, StartingStateSchema, SolutionStepSchema, ExerciseSchema };
}

type Schemas = ReturnType<typeof build>;
let built: Schemas | undefined;

/** The schemas themselves, built on the first call. */
export function exerciseSchemas(): Schemas {
  built ??= build();
  return built;
}

/** An exercise document: validates uploads and the built-in pack. */
export const ExerciseSchema = z.lazy(() => exerciseSchemas().ExerciseSchema);
/** One check of an exercise. */
export const CheckSchema = z.lazy(() => exerciseSchemas().CheckSchema);

/** A validated exercise (defaults filled in). */
export type Exercise = z.infer<Schemas['ExerciseSchema']>;
/** An exercise as written (defaults may be left out). */
export type ExerciseInput = z.input<Schemas['ExerciseSchema']>;
export type Check = z.infer<Schemas['CheckSchema']>;
/** A check as written (defaults may be left out). */
export type CheckInput = z.input<Schemas['CheckSchema']>;
export type Workload = z.infer<Schemas['WorkloadSchema']>;
export type Select = z.infer<Schemas['SelectSchema']>;
export type Comparison = z.infer<Schemas['ComparisonSchema']>;
export type Fault = z.infer<Schemas['FaultSchema']>;
export type Manifest = z.infer<Schemas['ManifestSchema']>;
export type SolutionStep = z.infer<Schemas['SolutionStepSchema']>;
export type StartingState = z.infer<Schemas['StartingStateSchema']>;

/** True for the check kinds a learner answers rather than builds. */
export function isAnswerCheck(check: Check): check is Extract<Check, { type: 'multipleChoice' | 'shortAnswer' }> {
  return check.type === 'multipleChoice' || check.type === 'shortAnswer';
}
