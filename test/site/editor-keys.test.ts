/** Which keys undo and which redo, on Windows and Linux (Ctrl) and on a Mac (Cmd). */
import { describe, expect, it } from 'vitest';
import { undoKeyOf } from '../../site/islands/common/editor-keys.ts';

const press = (key: string, keys: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean } = {}) => ({
  key,
  ctrlKey: keys.ctrl ?? false,
  metaKey: keys.meta ?? false,
  shiftKey: keys.shift ?? false,
  altKey: keys.alt ?? false,
});

describe('undoKeyOf', () => {
  it('undoes with Ctrl+Z or Cmd+Z', () => {
    expect(undoKeyOf(press('z', { ctrl: true }))).toBe('undo');
    expect(undoKeyOf(press('z', { meta: true }))).toBe('undo');
  });

  it('redoes with Ctrl+Shift+Z, Cmd+Shift+Z (the key then reads "Z") and Ctrl+Y', () => {
    expect(undoKeyOf(press('Z', { ctrl: true, shift: true }))).toBe('redo');
    expect(undoKeyOf(press('Z', { meta: true, shift: true }))).toBe('redo');
    expect(undoKeyOf(press('y', { ctrl: true }))).toBe('redo');
  });

  it('leaves other keys alone: Z alone, Alt with them, Cmd+Y (a Mac browser’s history)', () => {
    expect(undoKeyOf(press('z'))).toBeUndefined();
    expect(undoKeyOf(press('z', { ctrl: true, alt: true }))).toBeUndefined();
    expect(undoKeyOf(press('y', { meta: true }))).toBeUndefined();
    expect(undoKeyOf(press('x', { ctrl: true }))).toBeUndefined();
  });
});
