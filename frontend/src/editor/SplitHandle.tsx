/**
 * The bar between the editor and the terminal: drag it, or focus it and press ↑ / ↓, to give
 * either more of the height. `share` is the editor's part of it.
 */
import type { Signal } from '@preact/signals';

const MIN = 0.25;
const MAX = 0.75;
const STEP = 0.05;

export function SplitHandle({ share }: { share: Signal<number> }) {
  const set = (value: number) => (share.value = Math.min(MAX, Math.max(MIN, value)));
  const onPointerDown = (event: PointerEvent) => {
    const handle = event.currentTarget as HTMLElement;
    const desk = handle.parentElement;
    if (!desk) return;
    handle.setPointerCapture(event.pointerId);
    const move = (moved: PointerEvent) => {
      const box = desk.getBoundingClientRect();
      set((moved.clientY - box.top) / box.height);
    };
    const stop = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', stop);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', stop);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowUp') set(share.value - STEP);
    else if (event.key === 'ArrowDown') set(share.value + STEP);
    else return;
    event.preventDefault();
  };
  return (
    <div
      class="split-handle"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Editor and terminal heights"
      aria-controls="editor-panel"
      aria-valuemin={MIN * 100}
      aria-valuemax={MAX * 100}
      aria-valuenow={Math.round(share.value * 100)}
      tabIndex={0}
      title="Drag, or press ↑ and ↓, to share the height between the editor and the terminal"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
