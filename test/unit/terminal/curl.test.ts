import { describe, expect, it } from 'vitest';
import { CurlUsageError, formatCurl, parseCurl } from '#services/terminal/curl.ts';

describe('the terminal\'s curl', () => {
  it('reads URLs as curl does: scheme, host, port and path', () => {
    expect(parseCurl(['http://web:8080/healthz'])).toMatchObject({ host: 'web', port: 8080, path: '/healthz', count: 1 });
    expect(parseCurl(['web'])).toMatchObject({ host: 'web', port: 80, path: '/' });
    expect(parseCurl(['-sv', '10.96.0.12'])).toMatchObject({ host: '10.96.0.12', verbose: true, silent: true });
    expect(parseCurl(['--repeat', '20', 'a1b2.us-east-1.elb.amazonaws.com:9000'])).toMatchObject({ host: 'a1b2.us-east-1.elb.amazonaws.com', port: 9000, count: 20 });
  });

  it.each([
    [[], /no URL specified/],
    [['-H', 'Accept: text/html', 'web'], /sends a Host header only/],
    [['--resolve', 'foo.example', 'web'], /--resolve <host>:<port>:<address>/],
    [['-X', 'POST', 'web'], /option -X: is not available here/],
    [['--repeat', '1000', 'web'], /from 1 to 100/],
    [['web', 'api'], /one URL at a time/],
    [['http://web:99999/'], /Port number/],
  ])('says what is wrong with curl %j', (args, message) => {
    expect(() => parseCurl(args)).toThrow(CurlUsageError);
    expect(() => parseCurl(args)).toThrow(message);
  });

  it('reads the Host header, --resolve and -k, and https on port 443', () => {
    expect(parseCurl(['-H', 'Host: foo.bar.com', 'http://elb.example/api?x=1'])).toMatchObject({ host: 'elb.example', port: 80, path: '/api?x=1', hostHeader: 'foo.bar.com', scheme: 'http' });
    expect(parseCurl(['-HHost:Foo.Bar.com', 'elb.example'])).toMatchObject({ hostHeader: 'Foo.Bar.com' });
    expect(parseCurl(['--resolve', 'foo.bar.com:443:elb.example', '-k', 'https://foo.bar.com/'])).toMatchObject({ host: 'elb.example', port: 443, hostHeader: 'foo.bar.com', scheme: 'https', insecure: true });
    // --resolve applies to its host and port only.
    expect(parseCurl(['--resolve', 'foo.bar.com:443:elb.example', 'http://foo.bar.com/'])).toMatchObject({ host: 'foo.bar.com', port: 80 });
    expect(parseCurl(['http://web/'])).not.toHaveProperty('hostHeader');
  });

  it('refuses https anywhere but at an ingress controller, whose answers it prints with their status', () => {
    const plain = formatCurl(parseCurl(['https://web/']), [{ ok: true, via: 'dns', service: 'default/web', address: '10.96.0.9', pod: 'web-1', podIP: '10.244.1.9', port: 80, endpoints: 1, page: 'hi\n' }]);
    expect(plain).toEqual({ stdout: '', stderr: 'curl: (35) the simulated containers serve plain http: use http:// (https is served by an ingress controller)\n', exitCode: 35 });
    const missing = formatCurl(parseCurl(['-i', 'http://elb.example/nothing']), [{ ok: true, via: 'ingress-controller', status: 404, address: 'elb.example', page: '<html>404</html>\n', detail: 'no rule matches' }]);
    expect(missing.stdout).toBe('HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 17\r\n\r\n<html>404</html>\n');
    expect(missing.stderr).toBe('ingress-nginx: no rule matches\n');
    expect(missing.exitCode).toBe(0);
    const refused = formatCurl(parseCurl(['https://elb.example/']), [{ ok: false, reason: 'certificate', message: 'SSL certificate problem: self-signed certificate', detail: 'no TLS section', address: 'elb.example' }]);
    expect(refused).toEqual({ stdout: '', stderr: 'ingress-nginx: no TLS section\ncurl: (60) SSL certificate problem: self-signed certificate\n', exitCode: 60 });
  });

  it('tells a timed-out connection and an unknown page apart, with curl\'s exit codes', () => {
    const command = parseCurl(['http://10.0.1.11:30080/']);
    const timedOut = formatCurl(command, [{ ok: false, reason: 'timed-out', message: 'Failed to connect to 10.0.1.11 port 30080: Connection timed out', detail: 'node worker-1 is down' }]);
    expect(timedOut).toEqual({ stdout: '', stderr: 'kube-proxy: node worker-1 is down\ncurl: (28) Failed to connect to 10.0.1.11 port 30080: Connection timed out\n', exitCode: 28 });
    const own = formatCurl(command, [{ ok: true, via: 'node-port', service: 'default/shop', address: '10.0.1.11', pod: 'shop-1', podIP: '10.244.1.9', node: 'worker-1', port: 8080, endpoints: 1 }]);
    expect(own.stdout).toBe('');
    expect(own.stderr).toBe('kube-proxy: sent through a NodePort of service default/shop to pod shop-1 (10.244.1.9:8080) on worker-1, one of 1 ready endpoint (Kubelab does not know what its program answers, so the body is empty)\n');
  });

  it('waits out a connection a NetworkPolicy dropped: (28) after -m or the kernel’s 130 s, the routing line naming the policy', () => {
    expect(parseCurl(['-m', '5', 'web'])).toMatchObject({ timeoutSeconds: 5 });
    expect(parseCurl(['--connect-timeout=2', '--max-time', '3', 'web'])).toMatchObject({ timeoutSeconds: 2 });
    expect(() => parseCurl(['-m', 'soon', 'web'])).toThrow('curl: option -m: expected a proper numerical parameter');
    const verdict = { allowed: false as const, direction: 'ingress' as const, pod: 'default/nginx-1', policies: ['access-nginx'], defaultDeny: false };
    const drop = { ok: false as const, reason: 'timed-out' as const, message: 'Failed to connect to nginx port 80 after 130000 ms: Timeout was reached', detail: 'sent through service default/nginx to pod nginx-1 (10.244.1.5:80) on worker-1, where NetworkPolicy access-nginx lets no traffic from 198.51.100.7 in: the packets are dropped', address: '10.96.0.20', dropped: { pod: 'nginx-1', podIP: '10.244.1.5', node: 'worker-1', port: 80, service: 'default/nginx', verdict } };
    expect(formatCurl(parseCurl(['-m', '5', 'http://nginx/']), [drop])).toEqual({
      stdout: '',
      stderr: `network policy: ${drop.detail} (curl waited 5 s of simulated time; the terminal did not)\ncurl: (28) Failed to connect to nginx port 80 after 5000 ms: Timeout was reached\n`,
      exitCode: 28,
    });
    expect(formatCurl(parseCurl(['-s', 'nginx']), [drop])).toEqual({ stdout: '', stderr: 'curl: (28) Failed to connect to nginx port 80 after 130000 ms: Timeout was reached\n', exitCode: 28 });
  });
});
