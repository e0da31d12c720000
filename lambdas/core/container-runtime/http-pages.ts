/**
 * What the catalogue's web servers answer a `GET /`: nginx's welcome page (as of 1.21, and the
 * page before it), httpd's "It works!", http-echo's text, whoami's report, and the pages the
 * tutorials' sample apps serve (catalogue `httpBody`), or the index.html mounted at nginx's or
 * httpd's document root (a ConfigMap's, or a persistent volume's). busybox's wget counts its
 * bytes, the web terminal's curl prints it.
 */
import { compareVersions } from './versions.ts';
import { servedBody } from './builds.ts';
import type { ProcessSpec } from './process.ts';

const NGINX_FOOTER = `</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;
const NGINX_HEAD = '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\n';

/** nginx's welcome page: 615 bytes from 1.21 on (dark-mode aware), 612 before. */
function nginxPage(version: string | undefined): string {
  const modern = version === undefined || compareVersions(version, '1.21.0') >= 0;
  const style = modern
    ? 'html { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n'
    : '    body {\n        width: 35em;\n        margin: 0 auto;\n        font-family: Tahoma, Verdana, Arial, sans-serif;\n    }\n';
  return NGINX_HEAD + style + NGINX_FOOTER;
}

/** Where the web servers of the catalogue serve files from, by program. */
const DOCUMENT_ROOTS: Readonly<Record<string, string>> = { nginx: '/usr/share/nginx/html', 'httpd-foreground': '/usr/local/apache2/htdocs' };

/** The value of a `-flag=value` or `-flag value` argument. */
function flag(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    for (const prefix of [`-${name}=`, `--${name}=`]) if (arg.startsWith(prefix)) return arg.slice(prefix.length);
    if (arg === `-${name}` || arg === `--${name}`) return args[i + 1];
  }
  return undefined;
}

/** What the container's server answers a GET for `/` from `clientIP`; undefined where Kubelab knows no page. */
export function httpPage(spec: ProcessSpec, pod: { readonly name: string; readonly ip: string }, port: number, clientIP = '10.0.0.10'): string | undefined {
  const args = [...(spec.container.command ?? []), ...(spec.container.args ?? [])];
  const known = servedBody(spec.image, spec.build, pod.name);
  if (known !== undefined) return known;
  const root = DOCUMENT_ROOTS[spec.image.program];
  const mounted = root === undefined ? undefined : spec.files?.[`${root}/index.html`];
  if (mounted !== undefined) return mounted;
  switch (spec.image.program) {
    case 'nginx':
      return nginxPage(spec.build?.version);
    case 'httpd-foreground':
      return '<html><body><h1>It works!</h1></body></html>\n';
    case 'http-echo': {
      const text = flag(args, 'text') ?? spec.env['ECHO_TEXT'];
      return text === undefined ? undefined : `${text}\n`;
    }
    case 'whoami':
      return [`Hostname: ${pod.name}`, 'IP: 127.0.0.1', `IP: ${pod.ip}`, `RemoteAddr: ${clientIP}:${40_000 + (port % 20_000)}`, 'GET / HTTP/1.1', `Host: ${pod.ip}:${port}`, 'User-Agent: curl/8.5.0', 'Accept: */*', '', ''].join('\r\n');
    default:
      return undefined;
  }
}
