/**
 * The seed lab's app as the workshop's manifest (`woof-woof-app-deploy.yaml`) lays it out: a
 * Deployment `woof-woof-app-deployment` of two replicas labelled `app: woofwoof`, whose pod runs
 * four containers from the workshop's private ECR repository with `imagePullPolicy: Always` (the
 * API on 9000, embedding search on 9010, the model server on 9020, the front end on 80), and a
 * LoadBalancer Service `woof-woof-app-service` exposing the four ports. Written out here, in the
 * file's own layout, so tests can apply it unchanged or edit it as a learner would.
 */

const REGISTRY = '783966730108.dkr.ecr.us-east-1.amazonaws.com/computefest2021';

/** The four parts of the app: container name, image tag, port. */
const PARTS = [
  ['backendapi', 'woofwoof-backend-api', 9000],
  ['embeddingsearch', 'woofwoof-embedding-search', 9010],
  ['modelserver', 'woofwoof-model-server', 9020],
  ['frontend', 'woofwoof-frontend', 80],
] as const;

const container = ([name, tag, port]: (typeof PARTS)[number]) =>
  `      - name: ${name}\n        image: ${REGISTRY}:${tag}\n        imagePullPolicy: Always\n        ports:\n        - containerPort: ${port}\n`;

const servicePort = ([name, , port]: (typeof PARTS)[number]) =>
  `    - name: ${name}\n      protocol: TCP\n      port: ${port}\n      targetPort: ${port}\n`;

/** The manifest's text: the Deployment, `---`, the Service. */
export const WORKSHOP_MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: woof-woof-app-deployment
  labels:
    app: woofwoof
spec:
  replicas: 2
  selector:
    matchLabels:
      app: woofwoof
  template:
    metadata:
      labels:
        app: woofwoof
    spec:
      containers:
${PARTS.map(container).join('')}---
apiVersion: v1
kind: Service
metadata:
  name: woof-woof-app-service
spec:
  type: LoadBalancer
  selector:
    app: woofwoof
  ports:
${PARTS.map(servicePort).join('')}`;
