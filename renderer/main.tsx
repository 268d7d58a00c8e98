import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import './panels/panels.css';
import { createFromTemplate, isTemplateId, loadBundledTemplate, SAMPLE_TEMPLATE_ID, TEMPLATES } from '../templates/sample';
import { BRIDGE_KEY, type DesktopBridge } from '../shared/ipc';
import type { Locale } from '../shared/i18n';
import { App } from './app/App';
import { ControllerContext } from './app/context';
import { createController } from './app/controller';
import { i18next, initI18n } from './i18n';
import { createBrowserPlatform } from './platform/browser';
import { createDesktopPlatform } from './platform/desktop';
import type { Platform } from './platform/types';
import { refreshCatalogs } from './guidance/manager';
import { useAppStore } from './store';
import { AUTOSAVE_DELAY_MS, startAutosave } from './files/autosave';
import { viewMoving } from './canvas/Canvas';

/** The sample map (driver's licence, as-is) as a new, unsaved document. */
const loadSample = (locale: Locale) => createFromTemplate(SAMPLE_TEMPLATE_ID, locale);

/** The bundled templates, for comparisons and "new from template". */
const templates = {
  load: (id: string, locale: Locale) => (isTemplateId(id) ? loadBundledTemplate(id, locale) : null),
  byFileName: (fileName: string) => TEMPLATES.find((t) => t.file?.split('/').pop() === fileName)?.id ?? null,
};

async function boot() {
  const bridge = (window as unknown as Record<string, DesktopBridge | undefined>)[BRIDGE_KEY];
  const platform: Platform = bridge
    ? createDesktopPlatform(bridge)
    : createBrowserPlatform(
        {
          askUnsaved: (name) =>
            new Promise((resolve) => useAppStore.getState().openDialog({ kind: 'unsaved', name, resolve })),
        },
        () => useAppStore.getState().locale,
      );
  const startup = await platform.startup();
  initI18n(startup.locale);
  document.documentElement.lang = startup.locale;
  useAppStore.setState({ locale: startup.locale, version: startup.version });
  refreshCatalogs(useAppStore);
  useAppStore.subscribe((state, previous) => {
    if (state.locale !== previous.locale) {
      void i18next.changeLanguage(state.locale);
      document.documentElement.lang = state.locale;
    }
  });

  const controller = createController(useAppStore, platform, loadSample, templates);
  // The file named at start opens before the first render unless it must ask first (someone else
  // has it open): then its dialog shows once the page is up.
  if (!startup.file) controller.openSample();
  const opening = startup.file ? controller.loadOpened(startup.file) : Promise.resolve(true);
  void controller.refreshRecent();

  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <ControllerContext.Provider value={controller}>
        <App platform={platform} />
      </ControllerContext.Provider>
    </StrictMode>,
  );
  if (!(await opening)) controller.openSample();
  // Then work a crashed session left behind.
  await controller.offerRecovery();
  startAutosave(useAppStore, platform, AUTOSAVE_DELAY_MS, viewMoving);
}

void boot();
