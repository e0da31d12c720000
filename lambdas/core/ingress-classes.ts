/**
 * IngressClasses as the API server's DefaultIngressClass admission plugin and the simulated
 * ingress-nginx controller read them: which class is the default (the
 * `ingressclass.kubernetes.io/is-default-class` annotation, "true" only), and which class an
 * Ingress belongs to (spec.ingressClassName, else the deprecated `kubernetes.io/ingress.class`
 * annotation, as ingress-nginx reads it).
 */
import type { Ingress, IngressClass } from './objects.ts';

/** The annotation that makes a class the default. */
export const IS_DEFAULT_INGRESS_CLASS = 'ingressclass.kubernetes.io/is-default-class';
/** The deprecated annotation naming an Ingress's class. */
export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
/** The controller name the simulated ingress-nginx acts for (spec.controller of its classes). */
export const NGINX_CONTROLLER = 'k8s.io/ingress-nginx';

/** True when the class carries the default annotation. */
export function isDefaultIngressClass(ingressClass: IngressClass): boolean {
  return ingressClass.metadata.annotations?.[IS_DEFAULT_INGRESS_CLASS] === 'true';
}

/** The default class as the plugin picks it: of several defaults, the newest (then by name), as v1.32 does. */
export function pickDefaultIngressClass(classes: readonly IngressClass[]): IngressClass | undefined {
  const defaults = classes.filter(isDefaultIngressClass);
  defaults.sort((a, b) =>
    a.metadata.creationTimestamp === b.metadata.creationTimestamp ? a.metadata.name.localeCompare(b.metadata.name) : a.metadata.creationTimestamp < b.metadata.creationTimestamp ? 1 : -1,
  );
  return defaults[0];
}

/** The class an Ingress names: spec.ingressClassName, else the annotation; undefined when it names none. */
export function ingressClassOf(ingress: Ingress): string | undefined {
  return ingress.spec?.ingressClassName ?? ingress.metadata.annotations?.[INGRESS_CLASS_ANNOTATION];
}
