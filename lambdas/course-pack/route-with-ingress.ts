/** Exercise: route HTTP by host and path with an Ingress, through the simulated ingress-nginx. */
import type { ExerciseInput, Manifest } from '#services/grading/exercise-schema.ts';

/** ingress-nginx's IngressClass, made the default: creating it installs the simulated controller. */
export const NGINX_CLASS = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'IngressClass',
  metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
  spec: { controller: 'k8s.io/ingress-nginx' },
};

/** What `kubectl create ingress shop --class=nginx --rule="shop.example.com/*=shop:80" --rule="shop.example.com/orders*=orders:80"` creates. */
export const SHOP_INGRESS = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'shop' },
  spec: {
    ingressClassName: 'nginx',
    rules: [
      {
        host: 'shop.example.com',
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: { service: { name: 'shop', port: { number: 80 } } } },
            { path: '/orders', pathType: 'Prefix', backend: { service: { name: 'orders', port: { number: 80 } } } },
          ],
        },
      },
    ],
  },
};

/** A web app `name`: a Deployment of nginx and its ClusterIP Service on port 80. */
function webApp(name: string, replicas: number): Manifest[] {
  const labels = { app: name };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels },
      spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name, image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } } },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name, labels }, spec: { selector: labels, ports: [{ port: 80, targetPort: 80 }] } },
  ];
}

export const routeWithIngress: ExerciseInput = {
  id: 'route-with-ingress',
  title: 'Route by host and path with an Ingress',
  order: 69,
  summary: 'One address for two apps: an ingress controller, an Ingress with host and path rules, curl through it.',
  instructions: `# Route by host and path with an Ingress

Your namespace runs two apps, each behind a ClusterIP Service: \`shop\` (the web shop) and
\`orders\` (its order API). A LoadBalancer Service for each would cost a load balancer each. An
**Ingress** puts both behind one address: it is a list of HTTP rules (a host, a path) and the
Service each sends to. An **ingress controller** (here a simulated ingress-nginx) reads the
Ingresses and does the routing; without one, an Ingress does nothing.

1. Install the controller. ingress-nginx serves the IngressClasses whose \`controller\` is
   \`k8s.io/ingress-nginx\`; creating its class is what installing it takes in Kubelab. Save this
   as \`class.yaml\` and apply it (\`kubectl apply -f class.yaml\`):

   \`\`\`yaml
   apiVersion: networking.k8s.io/v1
   kind: IngressClass
   metadata:
     name: nginx
     annotations:
       ingressclass.kubernetes.io/is-default-class: "true"
   spec:
     controller: k8s.io/ingress-nginx
   \`\`\`

   The annotation makes it the default: an Ingress that names no class gets this one.

2. Send \`shop.example.com\` to the shop, and everything under \`/orders\` to the order API:

   \`\`\`sh
   kubectl create ingress shop --class=nginx --rule="shop.example.com/*=shop:80" --rule="shop.example.com/orders*=orders:80"
   kubectl get ingress shop
   \`\`\`

   A \`*\` at the end of a path makes it a **Prefix** rule (\`/orders\` matches \`/orders\` and
   \`/orders/42\`, not \`/ordersx\`); without it the rule is **Exact**. When several rules match,
   the longest path wins. After a moment ADDRESS shows the controller's load balancer.

3. Send requests through it. The controller chooses by the request's \`Host\` header, so give it
   one (or let curl resolve the name with \`--resolve\`):

   \`\`\`sh
   curl -H 'Host: shop.example.com' http://<ADDRESS>/
   curl -H 'Host: shop.example.com' http://<ADDRESS>/orders/42
   curl --resolve shop.example.com:80:<ADDRESS> http://shop.example.com/orders/42
   \`\`\`

   The line under each answer says which Ingress rule and Service, then which pod, answered.
   \`kubectl describe ingress shop\` shows the rules, each backend's endpoints, and the
   controller's events.

4. Try a host no rule names: \`curl -H 'Host: other.example.com' http://<ADDRESS>/\`.`,
  hints: [
    'Quote each --rule: unquoted, your shell may expand the `*`.',
    'ADDRESS stays empty while no ingress controller serves the Ingress\'s class: check `kubectl get ingressclass` and the CLASS column of `kubectl get ingress`.',
    'A rule written `shop.example.com/orders=orders:80` (no `*`) is Exact: it matches `/orders` only, not `/orders/42`.',
    'curl sends the URL\'s host as the Host header: `curl http://<ADDRESS>/` asks for the address itself, which no rule names.',
  ],
  startingState: { objects: [...webApp('shop', 2), ...webApp('orders', 1)], settleSeconds: 60 },
  checks: [
    {
      id: 'controller',
      type: 'expression',
      title: 'An ingress controller is installed',
      select: { kind: 'IngressClass' },
      where: [{ path: '.spec.controller', op: 'eq', value: 'k8s.io/ingress-nginx' }],
      feedback: 'Apply the nginx IngressClass of step 1: its controller is k8s.io/ingress-nginx',
      points: 1,
    },
    { id: 'orders-routed', type: 'ingressRoutes', title: 'shop.example.com/orders/42 reaches the order API', host: 'shop.example.com', path: '/orders/42', service: { name: 'orders' }, points: 3 },
    { id: 'shop-routed', type: 'ingressRoutes', title: 'shop.example.com/ reaches the shop', host: 'shop.example.com', path: '/', service: { name: 'shop' }, points: 2 },
    {
      id: 'unknown-host',
      type: 'multipleChoice',
      title: 'A host no rule names',
      question: 'What answers `curl -H \'Host: other.example.com\' http://<ADDRESS>/`?',
      options: [
        { id: 'shop', text: 'The shop: the controller sends what matches no rule to the first Service' },
        { id: 'not-found', text: 'The controller itself, with 404 Not Found from its default backend' },
        { id: 'unavailable', text: 'The controller, with 503 Service Temporarily Unavailable' },
        { id: 'refused', text: 'Nothing: the connection is refused' },
      ],
      correct: ['not-found'],
      points: 1,
    },
  ],
  solution: {
    steps: [
      { do: 'apply', objects: [NGINX_CLASS, SHOP_INGRESS] },
      { do: 'wait', seconds: 5 },
      { do: 'answer', answers: { 'unknown-host': 'not-found' } },
    ],
  },
};
