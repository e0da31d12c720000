/**
 * What the editor shares with the rest of the page, without loading it: whether it is open, what
 * another part asked it to show, and the terminal its Apply and Save run lines in.
 */
import { signal } from '@preact/signals';
import type { EditTarget } from '../terminal/kubectl-edit.ts';
import type { KubectlShell, ObjectEdit } from '../terminal/shell.ts';

/** A file another part of the page asked the editor to show. */
export interface OpenRequest {
  readonly name: string;
  readonly content: string;
  /** Set for `kubectl edit`: Save replaces this object with `kubectl replace -f`. */
  readonly edit?: EditTarget;
}

/** Whether the editor is shown above the terminal. */
export const editorOpen = signal(false);

/** The latest request to show a file, taken by the editor once it has loaded. */
export const openRequest = signal<OpenRequest | undefined>(undefined);

/** The page's terminal, where Apply and an edit's Save run their kubectl line as if typed. */
export const terminalShell = signal<KubectlShell | undefined>(undefined);

/**
 * Opens `name` (a workspace file name, `app.yaml`) in the editor with `content`, not yet saved:
 * the learner's Save writes it to their workspace, Apply runs `kubectl apply -f <name>`. For any
 * component (the exercises panel's manifests); the editor loads first if it has not yet.
 */
export function openInEditor(name: string, content: string): void {
  openRequest.value = { name, content };
  editorOpen.value = true;
}

/** Where the terminal's `kubectl edit` opens the object it read. */
export function openObjectEdit(edit: ObjectEdit): void {
  openRequest.value = { name: edit.fileName, content: edit.content, edit: edit.target };
  editorOpen.value = true;
}
