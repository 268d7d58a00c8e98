/**
 * What the preload exposes to the page: one function per method of the IPC contract, each an
 * `invoke` on its own channel, plus `onEvent` and `pathForFile`. Nothing else: never
 * `ipcRenderer` itself, and listeners never see the IpcRendererEvent (whose `sender` is the
 * ipcRenderer). Kept apart from preload.ts so tests can build it with fakes.
 */
import {
  BRIDGE_KEY,
  channelOf,
  DESKTOP_METHODS,
  EVENT_CHANNEL,
  type DesktopApi,
  type DesktopBridge,
  type MainEvent,
} from '../shared/ipc';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface WebUtilsLike {
  getPathForFile(file: File): string;
}

export interface ContextBridgeLike {
  exposeInMainWorld(key: string, api: unknown): void;
}

export function createBridge(ipcRenderer: IpcRendererLike, webUtils: WebUtilsLike): DesktopBridge {
  const methods = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of DESKTOP_METHODS) {
    const channel = channelOf(method);
    methods[method] = (...args: unknown[]) => ipcRenderer.invoke(channel, ...args);
  }
  const bridge: DesktopBridge = {
    ...(methods as unknown as DesktopApi),
    onEvent(listener: (event: MainEvent) => void) {
      if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
      const wrapped = (_event: unknown, payload: unknown) => listener(payload as MainEvent);
      ipcRenderer.on(EVENT_CHANNEL, wrapped);
      return () => {
        ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
      };
    },
    pathForFile(file: File) {
      try {
        return webUtils.getPathForFile(file);
      } catch {
        return '';
      }
    },
  };
  return Object.freeze(bridge);
}

export function exposeBridge(contextBridge: ContextBridgeLike, ipcRenderer: IpcRendererLike, webUtils: WebUtilsLike): void {
  contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipcRenderer, webUtils));
}
