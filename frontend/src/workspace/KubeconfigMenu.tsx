/** "Use your own kubectl", in the top bar: downloads GET /v1/me/kubeconfig as a file, and says how to use it. */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { CourseApi } from '../api.ts';
import { problemText } from '../problem-text.ts';

export function KubeconfigMenu({ api, clusterId }: { api: CourseApi; clusterId: string }) {
  const busy = useSignal(false);
  const error = useSignal<string | undefined>(undefined);
  const file = `kubelab-${clusterId}.kubeconfig`;
  const menu = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    // Like any menu: Escape or a click elsewhere closes it.
    const close = (event: Event) => {
      const details = menu.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !details.contains(event.target as Node)) {
        details.open = false;
        if (event instanceof KeyboardEvent) details.querySelector('summary')?.focus();
      }
    };
    document.addEventListener('keydown', close);
    document.addEventListener('pointerdown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('pointerdown', close);
    };
  }, []);
  const download = async () => {
    busy.value = true;
    error.value = undefined;
    try {
      const text = await api.kubeconfig();
      const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = file;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (caught) {
      error.value = problemText(caught);
    } finally {
      busy.value = false;
    }
  };
  return (
    <details class="menu kubeconfig" ref={menu}>
      <summary>Use your own kubectl</summary>
      <div class="menu-body" role="group" aria-labelledby="kubeconfig-title">
        <h2 id="kubeconfig-title">Your cluster from your own computer</h2>
        <p>Download your kubeconfig, then run kubectl v1.32 (or one close to it) in a terminal:</p>
        <button type="button" class="secondary" onClick={download} disabled={busy.value}>
          {busy.value ? 'Preparing…' : 'Download kubeconfig'}
        </button>
        {error.value && (
          <p class="panel-error" role="alert">
            {error.value}
          </p>
        )}
        <pre class="commands" aria-label="Commands to run on your computer">
          <code>{`export KUBECONFIG=~/Downloads/${file}\nkubectl get nodes`}</code>
        </pre>
        <p class="hint">The file holds your token: keep it private.</p>
      </div>
    </details>
  );
}
