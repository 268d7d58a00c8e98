import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createBridge, exposeBridge } from '../../../electron/bridge';
import { BRIDGE_KEY, channelOf, DESKTOP_METHODS, EVENT_CHANNEL, type MainEvent } from '../../../shared/ipc';

function fakeIpcRenderer() {
  const emitter = new EventEmitter();
  return Object.assign(emitter, {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ channel, args })),
    send: vi.fn(),
    sendSync: vi.fn(),
  });
}

const webUtils = { getPathForFile: vi.fn((file: File) => `/dropped/${file.name}`) };

const EXPECTED_KEYS = [...DESKTOP_METHODS, 'onEvent', 'pathForFile'].sort();

describe('createBridge', () => {
  it('exposes exactly the contract methods, onEvent and pathForFile', () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge(ipc, webUtils);
    expect(Object.keys(bridge).sort()).toEqual(EXPECTED_KEYS);
    for (const value of Object.values(bridge)) {
      expect(typeof value).toBe('function');
      expect(value).not.toBe(ipc.invoke);
      expect(value).not.toBe(ipc.send);
    }
    expect(Object.values(bridge)).not.toContain(ipc);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('invokes each method on its own channel with its arguments', async () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge(ipc, webUtils) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const method of DESKTOP_METHODS) {
      const result = await bridge[method]!('a', 2);
      expect(result).toEqual({ channel: channelOf(method), args: ['a', 2] });
    }
    expect(ipc.invoke.mock.calls.map((c) => c[0])).toEqual(DESKTOP_METHODS.map((m) => `marshrut:${m}`));
    expect(ipc.send).not.toHaveBeenCalled();
  });

  it('passes only the payload of main events, and unsubscribes', () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge(ipc, webUtils);
    const listener = vi.fn();
    const off = bridge.onEvent(listener);
    const payload: MainEvent = { type: 'command', command: 'save' };
    const ipcEvent = { sender: ipc, senderId: 0 };
    ipc.emit(EVENT_CHANNEL, ipcEvent, payload);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([payload]);
    off();
    ipc.emit(EVENT_CHANNEL, ipcEvent, payload);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(ipc.listenerCount(EVENT_CHANNEL)).toBe(0);
    ipc.emit('marshrut:other', ipcEvent, payload);
    expect(() => bridge.onEvent('nope' as never)).toThrow(TypeError);
  });

  it('gives the path of a dropped file, or an empty string', () => {
    const bridge = createBridge(fakeIpcRenderer(), webUtils);
    expect(bridge.pathForFile({ name: 'map.cjm' } as File)).toBe('/dropped/map.cjm');
    const failing = createBridge(fakeIpcRenderer(), {
      getPathForFile: () => {
        throw new Error('not a File');
      },
    });
    expect(failing.pathForFile({} as File)).toBe('');
  });
});

describe('the preload entry', () => {
  it('puts only the bridge on window.marshrut', async () => {
    const exposed = new Map<string, unknown>();
    exposeBridge({ exposeInMainWorld: (key, api) => void exposed.set(key, api) }, fakeIpcRenderer(), webUtils);
    expect([...exposed.keys()]).toEqual([BRIDGE_KEY]);
    expect(Object.keys(exposed.get(BRIDGE_KEY) as object).sort()).toEqual(EXPECTED_KEYS);
  });

  it('preload.ts exposes the bridge through contextBridge and never ipcRenderer', async () => {
    const electron = await import('electron');
    const contextBridge = electron.contextBridge as unknown as { exposed: Map<string, unknown> };
    contextBridge.exposed.clear();
    const invoke = vi.spyOn(electron.ipcRenderer, 'invoke');
    await import('../../../electron/preload');
    expect([...contextBridge.exposed.keys()]).toEqual([BRIDGE_KEY]);
    const bridge = contextBridge.exposed.get(BRIDGE_KEY) as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(EXPECTED_KEYS);
    expect(Object.values(bridge)).not.toContain(electron.ipcRenderer);
    expect('ipcRenderer' in bridge).toBe(false);
    await (bridge.listRecent as () => Promise<unknown>)();
    expect(invoke).toHaveBeenCalledWith('marshrut:listRecent');
  });
});
