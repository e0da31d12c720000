/**
 * The editor above the terminal: the learner's workspace files (GET/PUT/DELETE
 * /v1/me/workspace/{name}) in CodeMirror, loaded on first open. Save (Ctrl-S) writes the file;
 * Apply saves and runs `kubectl apply -f <file>` in the terminal below, where kubectl's answer
 * shows. A file opened by `kubectl edit` is saved and then replaced with `kubectl replace -f`.
 */
import { useComputed, useSignal, useSignalEffect } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ApiError, type CourseApi, type WorkspaceListing } from '../api.ts';
import { problemText, sentence } from '../problem-text.ts';
import type { EditTarget } from '../terminal/kubectl-edit.ts';
import type { CodeEditor } from './code-editor.ts';
import { editorOpen, openRequest, terminalShell } from './editor-state.ts';
import { FileList } from './FileList.tsx';
import { SplitHandle } from './SplitHandle.tsx';
import './editor.css';

/** A file as the editor holds it: what was last saved (undefined: never), the text now, and an edit's object. */
interface Buffer {
  readonly saved: string | undefined;
  readonly text: string;
  readonly edit?: EditTarget;
}

type Message = { readonly kind: 'ok' | 'error' | 'info'; readonly text: string };

// The workspace's rule for names (lambdas/services/workspace/workspace.ts), checked before a round trip.
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** The terminal with the editor above it once the learner has opened it (kept, hidden, when closed, so unsaved text stays). */
export function EditorSplit({ api, children }: { api: CourseApi; children: ComponentChildren }) {
  // A ref, not state: it only ever turns true, in the same render that shows the editor.
  const opened = useRef(false);
  if (editorOpen.value) opened.current = true;
  const share = useSignal(0.6);
  return (
    <div class={`code-desk${editorOpen.value ? ' with-editor' : ''}`} style={{ '--editor-share': share.value }}>
      {opened.current && <EditorPanel api={api} />}
      {editorOpen.value && <SplitHandle share={share} />}
      {children}
    </div>
  );
}

/** The button in the terminal's bar that shows or hides the editor. */
export function EditorToggle() {
  return (
    <button type="button" class="editor-toggle" aria-expanded={editorOpen.value} aria-controls="editor-panel" onClick={() => (editorOpen.value = !editorOpen.value)}>
      {editorOpen.value ? 'Hide editor' : 'Files and editor'}
    </button>
  );
}

function EditorPanel({ api }: { api: CourseApi }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useSignal<CodeEditor | undefined>(undefined);
  const loadError = useSignal<string | undefined>(undefined);
  const listing = useSignal<WorkspaceListing | undefined>(undefined);
  const buffers = useSignal<Readonly<Record<string, Buffer>>>({});
  const current = useSignal<string | undefined>(undefined);
  const busy = useSignal<string | undefined>(undefined);
  const message = useSignal<Message | undefined>(undefined);

  const setBuffer = (name: string, buffer: Buffer | undefined) => {
    // peek: a write from the request effect must not make that effect depend on every buffer.
    const { [name]: _old, ...rest } = buffers.peek();
    buffers.value = buffer ? { ...rest, [name]: buffer } : rest;
  };
  const refreshListing = async () => {
    listing.value = await api.workspace();
  };

  useEffect(() => {
    let gone = false;
    void (async () => {
      try {
        const [{ createCodeEditor }] = await Promise.all([import('./code-editor.ts'), refreshListing()]);
        if (gone || !host.current) return;
        // Setting the editor lets the request effect take a waiting request at once: ask first.
        const requested = Boolean(openRequest.value);
        editor.value = createCodeEditor(host.current, {
          onChange: (name, text) => {
            const buffer = buffers.value[name];
            if (buffer && buffer.text !== text) setBuffer(name, { ...buffer, text });
          },
          onSave: () => void save(),
        });
        const first = listing.value?.files[0]?.name;
        if (!requested && first) await select(first);
      } catch (error) {
        loadError.value = problemText(error);
      }
    })();
    return () => {
      gone = true;
      editor.value?.destroy();
    };
  }, []);

  // A request from elsewhere (kubectl edit, an exercise) is taken once the editor has loaded.
  useSignalEffect(() => {
    const request = openRequest.value;
    const view = editor.value;
    if (!request || !view) return;
    openRequest.value = undefined;
    const kept = buffers.peek()[request.name];
    // Unsaved text is never dropped without asking, not even for a new kubectl edit of the same object.
    if (kept && kept.text !== kept.saved && kept.text !== request.content) {
      if (!window.confirm(`${request.name} has unsaved changes here. Replace them with the new content?`)) return;
    }
    setBuffer(request.name, { saved: kept?.saved, text: request.content, ...(request.edit ? { edit: request.edit } : {}) });
    current.value = request.name;
    view.show(request.name, request.content);
    message.value = request.edit
      ? { kind: 'info', text: `Editing ${request.edit.resource}/${request.edit.name}. Save replaces it in the cluster.` }
      : undefined;
    view.focus();
  });

  // Leaving the page with unsaved text asks first.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (Object.values(buffers.value).some((b) => b.text !== b.saved)) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  async function select(name: string) {
    const view = editor.value;
    if (!view || name === current.value) return;
    if (buffers.value[name] && view.has(name)) {
      view.show(name);
    } else {
      try {
        const content = await api.readFile(name);
        setBuffer(name, { saved: content, text: content });
        view.show(name, content);
      } catch (error) {
        message.value = { kind: 'error', text: `Cannot open ${name}: ${problemText(error)}` };
        return;
      }
    }
    current.value = name;
    message.value = undefined;
  }

  /** Saves the file shown; for an edit, replaces the object too. Resolves false when it was not saved. */
  async function save(): Promise<boolean> {
    const name = current.value;
    const buffer = name ? buffers.value[name] : undefined;
    if (!name || !buffer || busy.value) return false;
    const text = editor.value?.text() ?? buffer.text;
    busy.value = 'Saving…';
    try {
      await api.saveFile(name, text);
      setBuffer(name, { ...buffers.value[name]!, saved: text });
      message.value = { kind: 'ok', text: `Saved ${name}.` };
      await refreshListing().catch(() => undefined);
    } catch (error) {
      message.value = { kind: 'error', text: `${name} is not saved. ${saveProblem(error)}` };
      // The workspace may have changed elsewhere (another tab, a script): show it as it is.
      await refreshListing().catch(() => undefined);
      return false;
    } finally {
      busy.value = undefined;
    }
    if (buffer.edit) await replace(name, buffer.edit);
    return true;
  }

  async function replace(name: string, target: EditTarget) {
    const answer = await runInTerminal(`kubectl replace -f ${name}`);
    if (answer?.exitCode === 0) {
      // One edit, one replace: the saved file now holds an old resourceVersion.
      setBuffer(name, { saved: buffers.value[name]?.saved, text: buffers.value[name]?.text ?? '' });
      message.value = { kind: 'ok', text: `Saved ${name} and replaced ${target.resource}/${target.name}: kubectl's answer is in the terminal.` };
    } else if (answer) {
      message.value = { kind: 'error', text: `kubectl replace failed (see the terminal). Fix the file and save again, or run kubectl edit again for the latest version.` };
    }
  }

  async function apply() {
    const name = current.value;
    if (!name || !(await save())) return;
    const answer = await runInTerminal(`kubectl apply -f ${name}`);
    if (answer) {
      message.value =
        answer.exitCode === 0 ? { kind: 'ok', text: `Applied ${name}: kubectl's answer is in the terminal.` }
        : { kind: 'error', text: `kubectl apply -f ${name} failed: the terminal says why.` };
    }
  }

  async function runInTerminal(line: string) {
    const shell = terminalShell.value;
    if (!shell) {
      message.value = { kind: 'error', text: 'The terminal is not ready yet; try again in a moment.' };
      return undefined;
    }
    busy.value = `Running ${line} in the terminal…`;
    try {
      const answer = await shell.runLine(line);
      if (!answer) message.value = { kind: 'info', text: `${line} did not run (stopped in the terminal).` };
      return answer;
    } finally {
      busy.value = undefined;
    }
  }

  /**
   * The workspace has no move: a rename deletes the old name, then saves the new one (in this
   * order, so a full workspace can rename), putting the old one back if the save is refused.
   */
  async function rename(from: string, to: string): Promise<boolean> {
    if (to === from) return true;
    if (!FILE_NAME.test(to)) return refuseName(to);
    if (fileNames.value.includes(to)) {
      message.value = { kind: 'error', text: `${to} already exists: choose another name, or delete it first.` };
      return false;
    }
    try {
      const kept = buffers.value[from];
      const onServer = listing.value?.files.some((f) => f.name === from) ?? false;
      const saved = onServer ? (kept?.saved ?? (await api.readFile(from))) : undefined;
      if (saved !== undefined) {
        await api.deleteFile(from);
        await api.saveFile(to, saved).catch(async (error: unknown) => {
          await api.saveFile(from, saved);
          throw error;
        });
      }
      const text = current.value === from ? (editor.value?.text() ?? '') : (kept?.text ?? saved ?? '');
      setBuffer(from, undefined);
      setBuffer(to, { saved, text, ...(kept?.edit ? { edit: kept.edit } : {}) });
      editor.value?.forget(from);
      if (current.value === from) {
        current.value = to;
        editor.value?.show(to, text);
      }
      message.value = { kind: 'ok', text: `Renamed ${from} to ${to}.` };
      await refreshListing();
      return true;
    } catch (error) {
      message.value = { kind: 'error', text: `${from} is not renamed. ${saveProblem(error)}` };
      await refreshListing().catch(() => undefined);
      return false;
    }
  }

  async function remove(name: string) {
    if (!window.confirm(`Delete ${name} from your workspace? This cannot be undone.`)) return;
    try {
      if (listing.value?.files.some((f) => f.name === name)) await api.deleteFile(name);
      setBuffer(name, undefined);
      editor.value?.forget(name);
      await refreshListing();
      message.value = { kind: 'ok', text: `Deleted ${name}.` };
      if (current.value === name) {
        current.value = undefined;
        const next = fileNames.value[0];
        if (next) await select(next);
        else editor.value?.show('', '');
      }
    } catch (error) {
      message.value = { kind: 'error', text: `${name} is not deleted: ${problemText(error)}` };
    }
  }

  /** A new file, unsaved until Save; an existing name opens that file. */
  function create(name: string): boolean {
    if (!FILE_NAME.test(name)) return refuseName(name);
    if (fileNames.value.includes(name)) {
      void select(name);
      return true;
    }
    setBuffer(name, { saved: undefined, text: '' });
    current.value = name;
    editor.value?.show(name, '');
    editor.value?.focus();
    message.value = { kind: 'info', text: `${name} is new: Save puts it in your workspace.` };
    return true;
  }

  function refuseName(name: string): false {
    message.value = { kind: 'error', text: `"${name}" is not a file name: use letters, digits, dots, dashes and underscores, like app.yaml.` };
    return false;
  }

  const fileNames = useComputed(() => [...new Set([...(listing.value?.files.map((f) => f.name) ?? []), ...Object.keys(buffers.value)])].sort());
  const name = current.value;
  const buffer = name ? buffers.value[name] : undefined;
  const dirty = Boolean(buffer && buffer.text !== buffer.saved);
  const state =
    busy.value ??
    (!buffer ? ''
    : buffer.saved === undefined ? 'Not saved yet'
    : dirty ? 'Unsaved changes'
    // An edit stays one until kubectl replace takes it.
    : buffer.edit ? 'Saved, not replaced'
    : 'Saved');
  return (
    <section id="editor-panel" class="editor-panel" aria-labelledby="editor-title" hidden={!editorOpen.value} onKeyDown={(event) => {
      // Ctrl-S anywhere in the panel; in the text CodeMirror's own binding has taken it already.
      if ((event.ctrlKey || event.metaKey) && event.key === 's' && !event.defaultPrevented) {
        event.preventDefault();
        void save();
      }
    }}>
      <div class="editor-bar">
        <h2 id="editor-title">Editor</h2>
        {name && (
          <span class="editor-file">
            {name}
            {buffer?.edit && <span class="editor-tag">kubectl edit</span>}
          </span>
        )}
        <span class={`editor-state${dirty ? ' dirty' : ''}`}>{state}</span>
        <div class="editor-actions">
          <button type="button" class="editor-button" disabled={!buffer || Boolean(busy.value)} onClick={() => void save()} title="Ctrl-S">
            {buffer?.edit ? 'Save and replace' : 'Save'}
          </button>
          {!buffer?.edit && (
            <button type="button" class="editor-button primary" disabled={!buffer || Boolean(busy.value)} onClick={() => void apply()} title={name ? `Save, then kubectl apply -f ${name}` : undefined}>
              Apply
            </button>
          )}
          <button type="button" class="editor-button close" aria-label="Close the editor" title="Close the editor" onClick={closeEditor}>
            ×
          </button>
        </div>
      </div>
      <div class="editor-body">
        <FileList
          names={fileNames.value}
          current={name}
          isUnsaved={(file) => Boolean(buffers.value[file] && buffers.value[file]!.text !== buffers.value[file]!.saved)}
          listing={listing.value}
          onSelect={(file) => void select(file)}
          onCreate={create}
          onRename={rename}
          onDelete={(file) => void remove(file)}
        />
        <div class="code-area">
          {/* CodeMirror's own DOM: Preact renders nothing inside it. */}
          <div class="code-host" ref={host} hidden={!name} />
          {!editor.value && !loadError.value && <p class="code-placeholder">Loading the editor…</p>}
          {loadError.value && <p class="code-placeholder error">{loadError.value}</p>}
          {editor.value && !name && <p class="code-placeholder">Choose a file, or create one with + New.</p>}
        </div>
      </div>
      <p class={`editor-message ${message.value?.kind ?? ''}`} role="status" aria-live="polite">
        {message.value?.text ?? (name ? `Ctrl-S saves. ${buffer?.edit ? '' : `Apply saves and runs kubectl apply -f ${name} in the terminal.`}` : '')}
      </p>
    </section>
  );
}

/** A refused save in words: the workspace's 422 says what is wrong without the form's lead or JSON pointers. */
function saveProblem(error: unknown): string {
  if (error instanceof ApiError && error.type === 'validation') return sentence(error.detail.replace(/#\/\w+: /g, ''));
  return problemText(error);
}

/** Closing hands the keyboard back to the button that opens the editor again. */
function closeEditor() {
  editorOpen.value = false;
  document.querySelector<HTMLElement>('.editor-toggle')?.focus();
}
