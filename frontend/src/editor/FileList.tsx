/**
 * The editor's list of workspace files: choose one, make a new one, rename or delete one (the
 * panel does the work and says what happened; this only collects names).
 */
import { useSignal } from '@preact/signals';
import type { WorkspaceListing } from '../api.ts';

interface Props {
  readonly names: readonly string[];
  readonly current: string | undefined;
  readonly isUnsaved: (name: string) => boolean;
  readonly listing: WorkspaceListing | undefined;
  readonly onSelect: (name: string) => void;
  /** Whether the name was taken (then the form closes). */
  readonly onCreate: (name: string) => boolean;
  readonly onRename: (from: string, to: string) => Promise<boolean>;
  readonly onDelete: (name: string) => void;
}

export function FileList({ names, current, isUnsaved, listing, onSelect, onCreate, onRename, onDelete }: Props) {
  const creating = useSignal(false);
  const newName = useSignal('');
  const renaming = useSignal<string | undefined>(undefined);
  const renameTo = useSignal('');
  const submitNew = (event: Event) => {
    event.preventDefault();
    if (!onCreate(newName.value.trim())) return;
    creating.value = false;
    newName.value = '';
  };
  const submitRename = async (event: Event, from: string) => {
    event.preventDefault();
    if (await onRename(from, renameTo.value.trim())) renaming.value = undefined;
  };
  return (
    <nav class="file-list" aria-label="Your workspace files">
      <div class="files-head">
        <h3>Files</h3>
        <button type="button" class="editor-button small" aria-expanded={creating.value} onClick={() => (creating.value = !creating.value)}>
          + New
        </button>
      </div>
      {creating.value && (
        <form class="new-file" onSubmit={submitNew}>
          <label for="new-file-name">New file name</label>
          <input
            id="new-file-name"
            value={newName.value}
            placeholder="app.yaml"
            autoFocus
            spellcheck={false}
            autoComplete="off"
            onInput={(e) => (newName.value = e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Escape' && (creating.value = false)}
          />
          <button type="submit" class="editor-button small primary">Create</button>
        </form>
      )}
      <ul>
        {names.map((file) => {
          const unsaved = isUnsaved(file);
          if (renaming.value === file) {
            return (
              <li key={file} class="renaming">
                <form class="rename-file" onSubmit={(event) => void submitRename(event, file)}>
                  <input
                    aria-label={`New name for ${file}`}
                    value={renameTo.value}
                    autoFocus
                    spellcheck={false}
                    autoComplete="off"
                    onInput={(e) => (renameTo.value = e.currentTarget.value)}
                    onKeyDown={(e) => e.key === 'Escape' && (renaming.value = undefined)}
                  />
                </form>
              </li>
            );
          }
          return (
            <li key={file} class={file === current ? 'current' : ''}>
              <button type="button" class="file-name" title={file} aria-current={file === current ? 'true' : undefined} onClick={() => onSelect(file)}>
                {file}
                {unsaved && (
                  <span class="unsaved-dot" title="Unsaved changes">
                    <span class="visually-hidden"> (unsaved)</span>
                  </span>
                )}
              </button>
              <button type="button" class="file-action" aria-label={`Rename ${file}`} title={`Rename ${file}`} onClick={() => ((renameTo.value = file), (renaming.value = file))}>
                <PencilIcon />
              </button>
              <button type="button" class="file-action delete" aria-label={`Delete ${file}`} title={`Delete ${file}`} onClick={() => onDelete(file)}>
                <TrashIcon />
              </button>
            </li>
          );
        })}
      </ul>
      {names.length === 0 && listing && <p class="files-empty">No files yet. Create one, such as app.yaml.</p>}
      {listing && (
        <p class="files-usage">
          {listing.files.length} of {listing.maxFiles} files
          <br />
          {(listing.usedBytes / 1024).toFixed(1)} of {listing.maxBytes / 1024} KiB used
        </p>
      )}
    </nav>
  );
}

function PencilIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round">
      <path d="M10.5 2.5l3 3-8 8H2.5v-3l8-8zM9 4l3 3" />
    </svg>
  );
}

function TrashIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round">
      <path d="M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.5h6.6L12 4M6.5 6.5v5M9.5 6.5v5" />
    </svg>
  );
}
