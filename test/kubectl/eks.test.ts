/**
 * The eks flavour with a real kubectl (/usr/bin/kubectl v1.32): a learner of a cohort whose
 * cluster settings say `eks` meets the cluster `eksctl create cluster --nodes=2` makes, and plays
 * the seed's lab on it. Tables are compared with golden files (UPDATE_GOLDEN=1 rewrites them).
 *
 * Where the reference comes from (what an EKS 1.32 cluster made by eksctl prints):
 * - the add-ons (names, labels, images `602401143452.dkr.ecr.<region>.amazonaws.com/eks/coredns:
 *   v1.11.4-eksbuild.10`, kube-proxy `v1.32.0-minimal-eksbuild.2`, VPC CNI `v1.19.2-eksbuild.1` with
 *   its network policy agent, aws-node READY 2/2) from eksctl's assets for 1.32
 *   (eksctl-io/eksctl pkg/addons/default/assets/coredns-1.32.json) and AWS's add-on version tables;
 * - the nodes (`ip-192-168-x-y.<region>.compute.internal`, no ROLES, VERSION `v1.32.x-eks-<hash>`,
 *   an EXTERNAL-IP in a public subnet, OS-IMAGE `Amazon Linux 2023.x`, kernel `6.1.x amzn2023`,
 *   `containerd://1.7.x`) from the EKS-optimized AL2023 AMI's release notes and `kubectl eks nodes`
 *   listings in public issues (surajincloud/kubectl-eks #39, #100);
 * - the Service range 10.100.0.0/16 (`kubernetes` 10.100.0.1, `kube-dns` 10.100.0.10), which EKS
 *   picks when the VPC (eksctl's 192.168.0.0/16) is outside 10.0.0.0/8;
 * - the columns from kubectl's own printers (pkg/printers/internalversion/printers.go at v1.32.9).
 * Names and addresses that differ between clusters are written as `x`, `y` and `xxxxx`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { golden, startKubectlLab, type KubectlLab, type Learner } from './support.ts';

let lab: KubectlLab;
let learner: Learner;
beforeAll(async () => {
  lab = await startKubectlLab();
  learner = await lab.enrol('Pavlos', { cluster: { flavour: 'eks' } });
  // eksctl returns once the add-ons run: CoreDNS's images are pulled a minute later.
  lab.advance(60_000);
});
afterAll(() => lab?.stop());

async function kubectl(...args: string[]): Promise<string> {
  const result = await learner.kubectl(args);
  expect(result.stderr, `kubectl ${args.join(' ')}`).toBe('');
  expect(result.code, `kubectl ${args.join(' ')}`).toBe(0);
  return result.stdout;
}

/** What differs from one eks cluster to another: node and pod addresses, daemon pods' suffixes. */
function eksNormalise(text: string): string {
  return text
    .replace(/\bip-192-168-\d+-\d+\./g, 'ip-192-168-x-y.')
    .replace(/\b192\.168\.\d+\.\d+\b/g, '192.168.x.y')
    .replace(/\b35\.\d+\.\d+\.\d+\b/g, '35.x.y.z')
    .replace(/\b(aws-node|kube-proxy)-[a-z0-9]{5}\b/g, '$1-xxxxx')
    .replace(/\bv1\.32\.\d+-eks-[0-9a-f]{7}\b/g, 'v1.32.x-eks-xxxxxxx');
}

describe('an eks cluster with a real kubectl', () => {
  it('get nodes -o wide: two workers named by their private DNS name, no control plane', async () => {
    const nodes = await kubectl('get', 'nodes', '-o', 'wide');
    expect(nodes).toMatch(/^ip-192-168-\d+-\d+\.us-west-2\.compute\.internal +Ready +<none> +\S+ +v1\.32\.3-eks-473151a +192\.168\.\d+\.\d+ +35\.\d+\.\d+\.\d+ +Amazon Linux 2023\.7\.20250428 +6\.1\.132-147\.221\.amzn2023\.x86_64 +containerd:\/\/1\.7\.27$/m);
    expect(nodes).not.toContain('control-plane');
    await golden('eks-get-nodes-wide.txt', eksNormalise(nodes));
  });

  it('get pods -A -o wide: aws-node and kube-proxy on every node, CoreDNS with VPC addresses, no static pods', async () => {
    const pods = await kubectl('get', 'pods', '-A', '-o', 'wide');
    expect(pods).toMatch(/^kube-system +aws-node-\w{5} +2\/2 +Running/m);
    expect(pods).toMatch(/^kube-system +coredns-\w+-\w{5} +1\/1 +Running +0 +\S+ +192\.168\.\d+\.\d+ +ip-192-168-/m);
    expect(pods).not.toMatch(/kube-apiserver|etcd-|kube-scheduler|kube-controller-manager/);
    await golden('eks-get-pods-all-wide.txt', eksNormalise(pods));
  });

  it('get svc -A: kubernetes at 10.100.0.1 and kube-dns at 10.100.0.10', async () => {
    const services = await kubectl('get', 'svc', '-A');
    expect(services).toMatch(/^default +kubernetes +ClusterIP +10\.100\.0\.1 +<none> +443\/TCP /m);
    expect(services).toMatch(/^kube-system +kube-dns +ClusterIP +10\.100\.0\.10 +<none> +53\/UDP,53\/TCP,9153\/TCP /m);
    await golden('eks-get-svc-all.txt', eksNormalise(services));
  });

  it('get ds,deploy -A -o wide: the add-ons with the images of EKS\'s registry', async () => {
    await golden('eks-get-ds-deploy.txt', eksNormalise(await kubectl('get', 'ds,deploy', '-A', '-o', 'wide')));
  });

  it('get cs and get sc: a healthy control plane AWS runs, and gp2', async () => {
    const cs = await learner.kubectl(['get', 'cs']);
    expect(cs.stderr).toBe('Warning: v1 ComponentStatus is deprecated in v1.19+\n');
    expect(cs.stdout.split('\n').slice(1).filter(Boolean).map((line) => line.split(/\s+/).slice(0, 2).join(' '))).toEqual(['scheduler Healthy', 'controller-manager Healthy', 'etcd-0 Healthy']);
    expect(await kubectl('get', 'sc')).toMatch(/^gp2 +kubernetes\.io\/aws-ebs +Delete +WaitForFirstConsumer +false +\S+$/m);
  });

  it("runs the seed's lab: a new Service's address is from 10.100.0.0/16, its load balancer an ELB in us-west-2, its pods on VPC addresses", async () => {
    const manifest = new URL('./fixtures/lab.yaml', import.meta.url).pathname;
    expect(await kubectl('apply', '-f', manifest)).toBe('deployment.apps/kubelab-lab created\nservice/kubelab-lab created\n');
    lab.advance(60_000);
    const service = await kubectl('get', 'svc', 'kubelab-lab');
    expect(service).toMatch(/^kubelab-lab +LoadBalancer +10\.100\.\d+\.\d+ +a[0-9a-f]{31}-\d{10}\.us-west-2\.elb\.amazonaws\.com +80:3\d{4}\/TCP/m);
    const pods = await kubectl('get', 'pods', '-l', 'app=kubelab-lab', '-o', 'wide');
    expect(pods.match(/4\/4 +Running +0 +\S+ +192\.168\.\d+\.\d+ +ip-192-168-\d+-\d+\.us-west-2\.compute\.internal/g)).toHaveLength(2);
  });
});

describe("the seed's deploy exercise on EKS, played with a real kubectl", () => {
  it('starts deploy-app-eks on an EKS cluster, applies the instructions\' YAML, answers the ELB name and passes', { timeout: 60_000 }, async () => {
    const grace = await lab.enrol('Grace');
    const start = await fetch(`${lab.url}/v1/me/exercises/deploy-app-eks/start`, { method: 'POST', headers: { authorization: `Bearer ${grace.token}` } });
    expect(start.status).toBe(200);
    const run = async (args: string[], input?: string) => {
      const result = await grace.kubectl(args, input === undefined ? {} : { input });
      expect(result.stderr, `kubectl ${args.join(' ')}`).toBe('');
      return result.stdout;
    };
    // The cluster is EKS's now: two ip-192-168 workers, no control-plane node.
    expect((await run(['get', 'nodes', '-o', 'name'])).trim().split('\n')).toEqual([expect.stringMatching(/^node\/ip-192-168-\d+-\d+\.us-west-2\.compute\.internal$/), expect.stringMatching(/^node\/ip-192-168-\d+-\d+\.us-west-2\.compute\.internal$/)]);
    const { COURSE_PACK } = await import('../../lambdas/course-pack/index.ts');
    const instructions = COURSE_PACK.find((e) => e.id === 'deploy-app-eks')?.instructions ?? '';
    const [, indent = '', yaml = ''] = /^( *)```yaml\n([\s\S]*?)^\1```$/m.exec(instructions) ?? [];
    const manifest = yaml.split('\n').map((line) => line.slice(indent.length)).join('\n');
    expect(await run(['apply', '-f', '-'], manifest)).toBe('deployment.apps/workshop-app created\nservice/workshop-app created\n');
    lab.advance(60_000);
    const address = (await run(['get', 'service', 'workshop-app', '-o', 'jsonpath={.status.loadBalancer.ingress[0].hostname}'])).trim();
    expect(address).toMatch(/^a[0-9a-f]{31}-\d{10}\.us-west-2\.elb\.amazonaws\.com$/);
    await lab.services.grading.submitAnswers(grace.cohortId, grace.id, 'deploy-app-eks', { 'external-ip': address });
    const grade = await lab.services.grading.grade({ cohortId: grace.cohortId, learnerId: grace.id, exerciseId: 'deploy-app-eks' }, 'admin');
    expect(grade.checks.filter((c) => !c.passed)).toEqual([]);
    expect(grade).toMatchObject({ status: 'passed', score: grade.maxScore });
  });
});
