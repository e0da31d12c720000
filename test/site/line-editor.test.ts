/** The web terminal's line editing, as xterm.js hands keys to it. */
import { describe, expect, it } from 'vitest';
import { EMPTY, History, edit, insert, keyOf, lineOf, type Key, type LineState } from '../../frontend/src/terminal/line-editor.ts';

function type(keys: readonly (string | Key)[], start: LineState = EMPTY): LineState {
  return keys.reduce<LineState>((state, data) => {
    const key = keyOf(data);
    return key ? edit(state, key) : insert(state, data);
  }, start);
}

describe('keyOf', () => {
  it('names the arrows, Home and End in both cursor modes, and the control keys', () => {
    expect(['\x1b[D', '\x1bOD', '\x1b[C', '\x1b[A', '\x1b[B', '\x1b[H', '\x1bOH', '\x1b[F', '\x1b[4~'].map(keyOf)).toEqual([
      'left', 'left', 'right', 'up', 'down', 'home', 'home', 'end', 'end',
    ]);
    expect(['\r', '\x7f', '\x03', '\x0c', '\t', '\x15', '\x17', '\x1b[3~'].map(keyOf)).toEqual([
      'enter', 'backspace', 'interrupt', 'clear-screen', 'tab', 'kill-line', 'kill-word', 'delete',
    ]);
  });

  it('treats text (typed or pasted) as text, and unknown escapes as nothing', () => {
    expect(keyOf('k')).toBeUndefined();
    expect(keyOf('kubectl get pods')).toBeUndefined();
    expect(keyOf('\x1b[15~')).toBe('ignored');
    expect(keyOf('\x07')).toBe('ignored');
  });
});

describe('editing', () => {
  it('inserts at the cursor, moves left and right, deletes either side', () => {
    expect(type(['kubectl get pds', '\x1b[D', '\x1b[D', 'o'])).toEqual({ text: 'kubectl get pods', cursor: 14 });
    expect(type(['abc', '\x1b[D', '\x7f'])).toEqual({ text: 'ac', cursor: 1 });
    expect(type(['abc', '\x1b[H', '\x1b[3~'])).toEqual({ text: 'bc', cursor: 0 });
    expect(type(['abc', '\x1b[H', '\x7f', '\x1b[D'])).toEqual({ text: 'abc', cursor: 0 });
    expect(type(['abc', '\x1b[C', '\x1b[3~'])).toEqual({ text: 'abc', cursor: 3 });
  });

  it('goes home and to the end, kills to the start of the line and the word before the cursor', () => {
    expect(type(['get pods', '\x01', 'kubectl ', '\x05', ' -A'])).toEqual({ text: 'kubectl get pods -A', cursor: 19 });
    expect(type(['kubectl get pods', '\x17'])).toEqual({ text: 'kubectl get ', cursor: 12 });
    expect(type(['kubectl get pods', '\x1b[D', '\x1b[D', '\x15'])).toEqual({ text: 'ds', cursor: 0 });
  });

  it('turns pasted tabs and line breaks into spaces and drops other control characters', () => {
    expect(insert(EMPTY, 'kubectl\tget\npods\x07')).toEqual({ text: 'kubectl get pods', cursor: 16 });
  });
});

describe('History', () => {
  it('walks back and forth and gives back the draft that was being typed', () => {
    const history = new History(['kubectl get nodes', 'kubectl get pods']);
    expect(history.previous('kubectl ge')).toBe('kubectl get pods');
    expect(history.previous('ignored')).toBe('kubectl get nodes');
    expect(history.previous('ignored')).toBeUndefined();
    expect(history.next()).toBe('kubectl get pods');
    expect(history.next()).toBe('kubectl ge');
    expect(history.next()).toBeUndefined();
  });

  it('keeps no blanks or repeats, forgets the oldest past its limit, and restarts from the newest after a line runs', () => {
    const history = new History([], 2);
    for (const line of ['a', ' ', 'b', 'b', 'c']) history.add(line);
    expect(history.list()).toEqual(['b', 'c']);
    history.previous('');
    history.previous('');
    history.add('d');
    expect(history.previous('')).toBe('d');
  });

  it('puts the cursor at the end of a recalled line', () => {
    expect(lineOf('kubectl get pods')).toEqual({ text: 'kubectl get pods', cursor: 16 });
  });
});
