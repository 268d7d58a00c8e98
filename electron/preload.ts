/**
 * The preload of the app window (sandboxed, built as CommonJS): puts the typed bridge on
 * `window.marshrut` and nothing else. See bridge.ts.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { exposeBridge } from './bridge';

exposeBridge(contextBridge, ipcRenderer, webUtils);
