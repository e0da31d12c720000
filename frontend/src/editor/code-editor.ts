/**
 * CodeMirror 6 for the editor panel: YAML, line numbers, the terminal's dark colours, Ctrl-S.
 * Imported dynamically when the learner first opens the editor, so neither the join form nor the
 * terminal waits for it. Each file keeps its own state (and undo history) while the page lives.
 */
import { indentWithTab } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorState, type Extension } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { basicSetup, EditorView } from 'codemirror';

/** The editor as the panel drives it. */
export interface CodeEditor {
  /** Shows a file: its kept state, or `content` when given (which starts a new history). */
  show(name: string, content?: string): void;
  /** The text of the file shown now. */
  text(): string;
  /** Whether a state is kept for a file. */
  has(name: string): boolean;
  /** Forgets a file's state (deleted, renamed). */
  forget(name: string): void;
  focus(): void;
  destroy(): void;
}

/** What the editor tells the panel. */
export interface CodeEditorEvents {
  readonly onChange: (name: string, text: string) => void;
  readonly onSave: () => void;
}

// The terminal's palette (GitHub dark), with every colour at AA contrast or better on #0d1117.
const highlight = HighlightStyle.define([
  { tag: tags.definition(tags.propertyName), color: '#79c0ff' },
  { tag: [tags.string, tags.special(tags.string)], color: '#a5d6ff' },
  { tag: tags.content, color: '#e6edf3' },
  { tag: tags.lineComment, color: '#8b949e', fontStyle: 'italic' },
  { tag: [tags.meta, tags.keyword], color: '#d2a8ff' },
  { tag: [tags.typeName, tags.labelName], color: '#ffa657' },
  { tag: tags.separator, color: '#8b949e' },
]);

const theme = EditorView.theme(
  {
    '&': { height: '100%', backgroundColor: '#0d1117', color: '#e6edf3', fontSize: '14px' },
    '.cm-scroller': { fontFamily: 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace', lineHeight: '1.5' },
    '.cm-content': { caretColor: '#79c0ff', padding: '0.5rem 0' },
    '.cm-cursor, .cm-dropCursor': { borderLeftColor: '#79c0ff', borderLeftWidth: '2px' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': { backgroundColor: '#264f78' },
    '.cm-gutters': { backgroundColor: '#0d1117', color: '#8b949e', border: 'none', borderRight: '1px solid #262c36' },
    '.cm-activeLineGutter': { backgroundColor: '#161b22', color: '#e6edf3' },
    '.cm-activeLine': { backgroundColor: '#161b2299' },
    '.cm-foldPlaceholder': { backgroundColor: '#262c36', border: 'none', color: '#c9d1d9' },
    '.cm-matchingBracket': { backgroundColor: '#3fb95040', outline: 'none' },
    '.cm-selectionMatch': { backgroundColor: '#3fb95026' },
    '.cm-panels': { backgroundColor: '#161b22', color: '#e6edf3' },
    '.cm-tooltip': { backgroundColor: '#161b22', color: '#e6edf3', border: '1px solid #30363d' },
    '&.cm-focused': { outline: 'none' },
  },
  { dark: true },
);

/** Makes the editor inside `parent`. */
export function createCodeEditor(parent: HTMLElement, events: CodeEditorEvents): CodeEditor {
  const states = new Map<string, EditorState>();
  let current = '';
  const extensions = (name: string): Extension => [
    basicSetup,
    yaml(),
    // Tab indents, as YAML needs; Escape then Tab leaves the editor, as in the terminal.
    keymap.of([{ key: 'Mod-s', preventDefault: true, run: () => (events.onSave(), true) }, indentWithTab]),
    syntaxHighlighting(highlight),
    theme,
    EditorView.contentAttributes.of({ 'aria-label': `Contents of ${name}` }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) events.onChange(name, update.state.doc.toString());
    }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc: '', extensions: extensions('') }) });
  return {
    show(name, content) {
      if (current) states.set(current, view.state);
      const kept = content === undefined ? states.get(name) : undefined;
      view.setState(kept ?? EditorState.create({ doc: content ?? '', extensions: extensions(name) }));
      current = name;
    },
    text: () => view.state.doc.toString(),
    has: (name) => states.has(name) || name === current,
    forget(name) {
      states.delete(name);
      if (name === current) current = '';
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
