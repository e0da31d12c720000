/**
 * An exercise's instructions: Markdown rendered by marked and sanitized by DOMPurify (instructors
 * write them, and an uploaded exercise must not run script in a learner's page). Each code block
 * gets a "Copy" button, so a command or the manifest goes to the terminal or an editor as written,
 * and a manifest an "Open in editor" button that puts it in the learner's editor, ready to apply.
 */
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { openInEditor } from '../editor/editor-state.ts';

const COPIED_MS = 1500;

// Links open beside the page: following one must not take the learner away from their terminal.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/** The instructions as safe HTML; a first heading that repeats the exercise's title is left out (the panel shows it). */
export function instructionsHtml(markdown: string, title: string): string {
  const first = /^\s*#\s+(.+)\n/.exec(markdown);
  const body = first && first[1]?.trim() === title.trim() ? markdown.slice(first[0].length) : markdown;
  return DOMPurify.sanitize(marked.parse(body, { async: false, gfm: true }));
}

export function Instructions({ markdown, title }: { markdown: string; title: string }) {
  const host = useRef<HTMLDivElement>(null);
  const html = useMemo(() => instructionsHtml(markdown, title), [markdown, title]);
  const fileName = /kubectl apply -f (\S+\.ya?ml)\b/.exec(markdown)?.[1] ?? 'app.yaml';
  useEffect(() => {
    const timers: ReturnType<typeof setTimeout>[] = [];
    host.current?.querySelectorAll('pre').forEach((pre, index) => {
      const code = pre.querySelector('code') ?? pre;
      const language = /language-(\w+)/.exec(code.className)?.[1];
      const commands = /^\s*kubectl\b/m.test(code.textContent ?? '');
      const label = commands ? 'Commands' : language === 'yaml' || language === 'yml' ? 'YAML' : (language ?? 'Code');
      const bar = document.createElement('div');
      bar.className = 'code-bar';
      const name = document.createElement('span');
      name.textContent = label;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'copy-code';
      button.textContent = 'Copy';
      button.setAttribute('aria-label', `Copy ${commands ? 'the commands' : label === 'YAML' ? 'the YAML' : 'the code'} (block ${index + 1})`);
      button.addEventListener('click', () => {
        void navigator.clipboard?.writeText((code.textContent ?? '').replace(/\n$/, '')).then(
          () => {
            button.textContent = 'Copied';
            timers.push(setTimeout(() => (button.textContent = 'Copy'), COPIED_MS));
          },
          () => (button.textContent = 'Select and copy'),
        );
      });
      bar.append(name, button);
      if (label === 'YAML') {
        // One click from the exercise's manifest to the learner's workspace, under the name the instructions apply.
        const open = document.createElement('button');
        open.type = 'button';
        open.className = 'copy-code';
        open.textContent = 'Open in editor';
        open.setAttribute('aria-label', `Open the YAML in the editor as ${fileName} (block ${index + 1})`);
        open.addEventListener('click', () => openInEditor(fileName, (code.textContent ?? '').replace(/\n$/, '\n')));
        bar.append(open);
      }
      const wrap = document.createElement('div');
      wrap.className = 'code-block';
      pre.replaceWith(wrap);
      wrap.append(bar, pre);
      // Focusable, so a long line scrolls sideways with the keyboard too.
      pre.tabIndex = 0;
    });
    return () => timers.forEach(clearTimeout);
  }, [html, fileName]);
  return <div class="instructions" ref={host} dangerouslySetInnerHTML={{ __html: html }} />;
}
