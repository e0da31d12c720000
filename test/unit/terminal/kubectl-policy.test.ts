import { describe, expect, it } from 'vitest';
import { checkKubectl, KubectlPolicyError } from '#services/terminal/kubectl-policy.ts';

const refused = (line: string) => () => checkKubectl(line.split(' ').filter(Boolean));

describe('what the terminal lets kubectl do', () => {
  it.each([
    'get pods',
    'get pods -o wide',
    'get pods -owide',
    'get pods -n kube-system',
    '-n kube-system get pods',
    'get pods -A',
    'get pods -Aw',
    'get all --show-labels',
    'describe pod web-1',
    'logs web-1 -f',
    'logs web-1 -c frontend --tail 5',
    'rollout status deployment/web',
    'scale deployment web --replicas=3',
    'config view',
    'config get-contexts',
    'auth can-i create pods',
    'auth can-i list pods -n app --as=system:serviceaccount:app:ci',
    'get pods --as bob --as-group devs',
    'run s --image=busybox -- sleep 3600',
    'run s --image=busybox -- --server=https://evil.example',
    'create deployment web --image=nginx -r 2',
    'version',
    'help',
  ])('runs kubectl %s', (line) => {
    expect(() => checkKubectl(line.split(' '))).not.toThrow();
  });

  it.each([
    ['get pods --server=https://evil.example', /--server is not allowed here/],
    ['get pods --server https://evil.example', /--server is not allowed here/],
    ['get pods -s https://evil.example', /-s|--server is not allowed/],
    ['get pods -shttps://evil.example', /--server is not allowed/],
    ['-server=https://evil.example get pods', /--server is not allowed/],
    ['get pods -As https://evil.example', /--server is not allowed/],
    ['get pods --kubeconfig=/etc/kubernetes/admin.conf', /--kubeconfig is not allowed/],
    ['get pods --context other', /--context is not allowed/],
    ['get pods --cluster other', /--cluster is not allowed/],
    ['get pods --user admin', /--user is not allowed/],
    ['get pods --token abc', /--token is not allowed/],
    ['get pods --as-uid 0', /impersonating a uid/],
    ['get pods --username admin', /--username is not allowed/],
    ['get pods --password secret', /--password is not allowed/],
    ['get pods --certificate-authority=/etc/ssl/ca.pem', /TLS/],
    ['get pods --client-key /root/key.pem', /TLS/],
    ['get pods --insecure-skip-tls-verify', /TLS/],
    ['get pods --cache-dir /tmp/other', /cache/],
    ['get pods --profile=cpu --profile-output=/tmp/x', /profiling/],
    ['get pods -n --server=https://evil.example', /--server is not allowed/],
    ['apply -f /etc/passwd', /not a path on the server/],
    ['apply -f=/etc/passwd', /not a path on the server/],
    ['apply -f/etc/passwd', /not a path on the server/],
    ['apply --filename=../../secrets.yaml', /leaves your workspace/],
    ['apply -f https://raw.githubusercontent.com/x/y/app.yaml', /not URLs/],
    ['apply -f -', /standard input/],
    ['apply -k github.com/org/repo', /not URLs/],
    ['apply -k ../', /leaves your workspace/],
    ['create secret generic s --from-file=/root/.aws/credentials', /not a path on the server/],
    ['create secret generic s --from-file=creds=/root/.aws/credentials', /not a path on the server/],
    ['create configmap c --from-env-file=/proc/self/environ', /not a path on the server/],
    ['get pods -o go-template-file=/etc/passwd', /reads a template from a file/],
    ['get pods -o jsonpath-file=/etc/passwd', /reads a template from a file/],
    ['exec web-1 -- sh', /no process to run a command in/],
    ['port-forward pod/web 8080:80', /opens no ports/],
    ['proxy', /cannot open a proxy/],
    ['cp web-1:/etc/passwd x', /no file system/],
    ['edit deployment web', /open the object in the editor/],
    ['plugin list', /no kubectl plugins/],
    ['evil-plugin', /unknown or unavailable command/],
    ['config view --raw', /--raw is not allowed/],
    ['config view --flatten', /--flatten is not allowed/],
    ['config use-context other', /read-only/],
    ['config set-credentials x --token=y', /--token is not allowed|read-only/],
    ['cluster-info dump --output-directory=/tmp/dump', /--output-directory is not allowed/],
    ['get pods -Xfoo', /unknown shorthand flag: 'X'/],
  ])('refuses kubectl %s', (line, message) => {
    expect(refused(line)).toThrow(KubectlPolicyError);
    expect(refused(line)).toThrow(message);
  });

  it('names the workspace files a command reads', () => {
    expect(checkKubectl(['apply', '-f', 'app.yaml,dir/svc.yaml']).files).toEqual(['app.yaml', 'dir/svc.yaml']);
    expect(checkKubectl(['apply', '-f./app.yaml']).files).toEqual(['app.yaml']);
    expect(checkKubectl(['create', 'configmap', 'c', '--from-file=greeting=files/greeting.txt']).files).toEqual(['files/greeting.txt']);
    expect(checkKubectl(['get', 'pods']).files).toEqual([]);
  });

  it('knows which commands wait or watch', () => {
    expect(checkKubectl(['get', 'pods', '-w']).longRunning).toBe(true);
    expect(checkKubectl(['get', 'pods', '--watch']).longRunning).toBe(true);
    expect(checkKubectl(['logs', 'web', '-f']).longRunning).toBe(true);
    expect(checkKubectl(['rollout', 'status', 'deploy/web']).longRunning).toBe(true);
    expect(checkKubectl(['wait', '--for=condition=Ready', 'pod/web']).longRunning).toBe(true);
    expect(checkKubectl(['get', 'pods']).longRunning).toBe(false);
    expect(checkKubectl(['rollout', 'history', 'deploy/web']).longRunning).toBe(false);
  });
});
