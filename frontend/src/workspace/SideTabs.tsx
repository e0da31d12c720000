/**
 * The right column as tabs, "Your cluster", "Exercises" and "Real container": at 1280×800 each
 * needs the column's full height. All stay mounted, so switching keeps what each shows (an opened
 * exercise, its results). Keyboard: the WAI-ARIA tabs pattern (arrows, Home, End move between the tabs).
 */
import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import './side-tabs.css';

export interface SideTab {
  readonly id: string;
  readonly label: string;
  readonly content: ComponentChildren;
}

export function SideTabs({ tabs, label }: { tabs: readonly SideTab[]; label: string }) {
  const selected = useSignal(tabs[0]?.id);
  const list = useRef<HTMLDivElement>(null);
  const select = (index: number) => {
    const tab = tabs[(index + tabs.length) % tabs.length];
    if (!tab) return;
    selected.value = tab.id;
    list.current?.querySelector<HTMLElement>(`#tab-${tab.id}`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const at = tabs.findIndex((t) => t.id === selected.value);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    select(to);
  };
  return (
    <div class="side-tabs">
      <div class="side-tablist" role="tablist" aria-label={label} ref={list} onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={selected.value === tab.id}
            aria-controls={`tabpanel-${tab.id}`}
            tabIndex={selected.value === tab.id ? 0 : -1}
            onClick={() => (selected.value = tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div key={tab.id} class="side-tabpanel" role="tabpanel" id={`tabpanel-${tab.id}`} aria-labelledby={`tab-${tab.id}`} hidden={selected.value !== tab.id}>
          {tab.content}
        </div>
      ))}
    </div>
  );
}
