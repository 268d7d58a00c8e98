import { describe, expect, it } from 'vitest';
import { commandForKey, isTextInput } from '../../renderer/app/keyboard';

import { key } from './support/keys';

describe('keyboard shortcuts', () => {
  it('maps the usual editor shortcuts on Windows and Linux', () => {
    expect(commandForKey(key('z', 'KeyZ', { ctrlKey: true }), false, false)).toBe('undo');
    expect(commandForKey(key('Z', 'KeyZ', { ctrlKey: true, shiftKey: true }), false, false)).toBe('redo');
    expect(commandForKey(key('y', 'KeyY', { ctrlKey: true }), false, false)).toBe('redo');
    expect(commandForKey(key('s', 'KeyS', { ctrlKey: true }), false, false)).toBe('save');
    expect(commandForKey(key('S', 'KeyS', { ctrlKey: true, shiftKey: true }), false, false)).toBe('saveAs');
    expect(commandForKey(key('o', 'KeyO', { ctrlKey: true }), false, false)).toBe('open');
    expect(commandForKey(key('n', 'KeyN', { ctrlKey: true }), false, false)).toBe('new');
    expect(commandForKey(key('Enter', 'Enter', { ctrlKey: true }), false, false)).toBe('addStep');
    expect(commandForKey(key('Delete', 'Delete'), false, false)).toBe('delete');
    expect(commandForKey(key('Backspace', 'Backspace'), false, false)).toBe('delete');
    expect(commandForKey(key('!', 'Digit1', { shiftKey: true }), false, false)).toBe('fitView');
    expect(commandForKey(key('a', 'KeyA', { ctrlKey: true }), false, false)).toBe('selectAll');
    expect(commandForKey(key('F5', 'F5'), false, false)).toBe('present');
    expect(commandForKey(key('K', 'KeyK', { ctrlKey: true, shiftKey: true }), false, false)).toBe('quickCapture');
  });

  it('works with a Russian keyboard layout (physical keys, not characters)', () => {
    expect(commandForKey(key('я', 'KeyZ', { ctrlKey: true }), false, false)).toBe('undo');
    expect(commandForKey(key('ы', 'KeyS', { ctrlKey: true }), false, false)).toBe('save');
  });

  it('uses Cmd on macOS', () => {
    expect(commandForKey(key('z', 'KeyZ', { metaKey: true }), false, true)).toBe('undo');
    expect(commandForKey(key('z', 'KeyZ', { ctrlKey: true }), false, true)).toBeNull();
  });

  it('leaves text fields their own undo, delete and select-all, but saving works everywhere', () => {
    expect(commandForKey(key('z', 'KeyZ', { ctrlKey: true }), true, false)).toBeNull();
    expect(commandForKey(key('Backspace', 'Backspace'), true, false)).toBeNull();
    expect(commandForKey(key('a', 'KeyA', { ctrlKey: true }), true, false)).toBeNull();
    expect(commandForKey(key('s', 'KeyS', { ctrlKey: true }), true, false)).toBe('save');
  });

  it('knows what a text field is', () => {
    const input = document.createElement('input');
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    expect(isTextInput(input)).toBe(true);
    expect(isTextInput(document.createElement('textarea'))).toBe(true);
    expect(isTextInput(checkbox)).toBe(false);
    expect(isTextInput(document.createElement('div'))).toBe(false);
  });
});
