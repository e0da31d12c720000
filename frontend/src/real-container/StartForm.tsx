/**
 * Starting a real task, two ways: an image and the port it serves on, or a Deployment of the
 * learner's cluster. The API checks everything (the allowlist, the port, the size); its problems
 * come back beside the field they point at, the others above the form.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { RealTaskRequest } from '../api.ts';
import type { Field, PlacedProblems } from './real-task.ts';

interface Props {
  readonly busy: boolean;
  readonly problems: PlacedProblems;
  readonly onStart: (request: RealTaskRequest) => void;
}

export function StartForm({ busy, problems, onStart }: Props) {
  const way = useSignal<'image' | 'deployment'>('image');
  const image = useSignal('');
  const port = useSignal('80');
  const deployment = useSignal('');
  const namespace = useSignal('');
  const form = useRef<HTMLFormElement>(null);
  // A refusal takes the keyboard to the first field it names, which reads out its problem.
  useEffect(() => {
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [problems]);
  const submit = (event: Event) => {
    event.preventDefault();
    if (busy) return;
    onStart(
      way.value === 'image'
        ? { image: image.value.trim(), port: Number(port.value) }
        : { deployment: deployment.value.trim(), ...(namespace.value.trim() ? { namespace: namespace.value.trim() } : {}) },
    );
  };
  const problem = (field: Field) => problems.fields[field];
  return (
    <div class="rc-start">
      {problems.general && (
        <p class="form-error" role="alert">
          {problems.general}
        </p>
      )}
      <form class="rc-form" ref={form} onSubmit={submit} noValidate aria-busy={busy}>
        <fieldset class="rc-ways">
          <legend>What to run</legend>
          <label class="rc-way">
            <input type="radio" name="rc-way" value="image" checked={way.value === 'image'} onChange={() => (way.value = 'image')} />
            An image
          </label>
          <label class="rc-way">
            <input type="radio" name="rc-way" value="deployment" checked={way.value === 'deployment'} onChange={() => (way.value = 'deployment')} />A Deployment of your cluster
          </label>
        </fieldset>
        {way.value === 'image' ? (
          <div class="rc-fields">
            <TextField id="rc-image" label="Image" value={image.value} onInput={(v) => (image.value = v)} problem={problem('image')} hint="One your cohort allows, e.g. nginx:1.27." placeholder="nginx:1.27" mono required />
            <TextField id="rc-port" label="Port" value={port.value} onInput={(v) => (port.value = v)} problem={problem('port')} hint="The port it serves on." port required />
          </div>
        ) : (
          <div class="rc-fields">
            <TextField id="rc-deployment" label="Deployment" value={deployment.value} onInput={(v) => (deployment.value = v)} problem={problem('deployment')} placeholder="web" mono required />
            <TextField id="rc-namespace" label="Namespace (optional)" value={namespace.value} onInput={(v) => (namespace.value = v)} problem={problem('namespace')} placeholder="default" mono />
            <p class="hint">Every container of its pod runs in one task, with the ports it declares.</p>
          </div>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy && <span class="spinner" aria-hidden="true" />}
          {busy ? 'Starting…' : 'Start'}
        </button>
      </form>
    </div>
  );
}

interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly problem: string | undefined;
  readonly hint?: string;
  readonly mono?: boolean;
  readonly placeholder?: string;
  readonly required?: boolean;
  /** A port: a number field. */
  readonly port?: boolean;
}

/** A labelled input with its hint and, when the API refused it, its problem (both read out with it). */
function TextField({ id, label, value, onInput, problem, hint, mono, placeholder, required, port }: FieldProps) {
  const described = [hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        {...(port ? { type: 'number', inputMode: 'numeric', min: 1, max: 65535 } : { type: 'text' })}
        placeholder={placeholder}
        required={required}
        name={id}
        class={mono ? 'code-input' : undefined}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
        autoComplete="off"
        spellcheck={false}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {problem && (
        <p class="field-problem" id={`${id}-problem`}>
          {problem}
        </p>
      )}
    </div>
  );
}
