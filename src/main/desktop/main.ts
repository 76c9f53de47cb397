import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, Notification, powerMonitor, protocol, safeStorage, session, Tray } from 'electron';
import type { ContractHandlers } from '../../shared/contract';
import { IPC_EVENT_CHANNEL } from '../../shared/bridge';
import type { EngineStatus } from '../../shared/models';
import { createEngine } from '../engine/engine';
import type { Engine } from '../engine/engine-api';
import { DATA_DIR_ENV } from '../engine/data-dir';
import { systemClock, type EngineNotification, type EnginePorts } from '../engine/ports';
import { APP_ENTRY_URL, originOf, trustedOrigins } from './app-origin';
import { appMenuTemplate } from './app-menu';
import { APP_ID } from './app-identity';
import { APP_SCHEME_PRIVILEGES, handleAppProtocol } from './app-protocol';
import { applyLaunchAtLogin } from './apply-launch-at-login';
import { clearSecretConsentDialog, STORE_IN_CLEAR_BUTTON } from './clear-secret-consent';
import { createDesktopNotifier } from './desktop-notifier';
import { enginePaths } from '../engine/data-files';
import { listenForStop } from '../engine/stop-signal';
import { builtFiles } from './desktop-paths';
import { e2eHooksEnabled, installE2EHooks } from './e2e-hooks';
import { GracefulQuit } from './graceful-quit';
import { forwardContractEvents, registerContractHandlers } from './ipc-adapter';
import { launchAtLoginPlan, startsHidden } from './launch-at-login';
import { MainWindow } from './main-window';
import { openLink } from './open-link';
import { watchPowerAndNetwork } from './power-events';
import { createSafeStorageSecrets, SAFE_STORAGE_SECRETS_FILE } from './safe-storage-secrets';
import { validateSender } from './sender-validation';
import { createSettingsStore } from './settings-store';
import { TrayController } from './tray';
import { trayIconPath } from './tray-icon';
import type { TrayAction } from './tray-menu';
import { trayMenuTemplate } from './tray-menu-template';
import { hardenSession, hardenWebContents } from './web-contents-hardening';
import { mainWindowOptions } from './window-preferences';

// The desktop app's main process: lifecycle and wiring only. Every decision it applies lives in a
// pure module beside it (window preferences, navigation and link policy, sender check, tray menu,
// notification text, settings migrations) with unit tests in plain Node.

const log = (message: string) => console.log(`[trigger-happy] ${message}`);
const warn = (message: string) => console.warn(`[trigger-happy] ${message}`);

/** Longest wait for the engine to finish running cycles at quit before exiting anyway. */
const STOP_TIMEOUT_MS = 15_000;

// electron-vite sets ELECTRON_RENDERER_URL in development; a packaged app never trusts it.
const devServerUrl = (!app.isPackaged && process.env.ELECTRON_RENDERER_URL) || undefined;
const trusted = trustedOrigins(devServerUrl);
const devOrigin = devServerUrl ? originOf(devServerUrl) : null;
const files = builtFiles(import.meta.url);

// Must happen before 'ready'.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

// TRIGGER_HAPPY_HOME moves everything, Chromium's own files and the single-instance lock included,
// so a test or a second profile never touches the user's real data.
const homeOverride = process.env[DATA_DIR_ENV]?.trim();
if (homeOverride) app.setPath('userData', resolve(homeOverride));

if (!app.requestSingleInstanceLock()) {
  // Another instance runs; it was told through 'second-instance' and shows its window.
  app.quit();
} else {
  start().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    warn(`could not start: ${message}`);
    dialog.showErrorBox('Trigger Happy could not start', message);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  const mainWindow = new MainWindow({
    create: () => {
      const window = new BrowserWindow(
        mainWindowOptions({
          preloadPath: files.preloadFile,
          platform: process.platform,
          iconPath: join(app.getAppPath(), 'assets', 'icon.png'),
          allowDevTools: !app.isPackaged,
        }),
      );
      return window;
    },
    load: (window) => window.loadURL(devServerUrl ?? APP_ENTRY_URL),
    onVisibilityChange: (visible) => {
      // A tray app: a dock icon only while the window is on screen (LSUIElement hides it otherwise).
      if (process.platform !== 'darwin') return;
      if (visible) void app.dock?.show();
      else app.dock?.hide();
    },
    log,
  });
  app.on('second-instance', () => mainWindow.show());
  app.on('activate', () => mainWindow.show());
  // The app lives in the tray: no window is no reason to quit.
  app.on('window-all-closed', () => undefined);

  await app.whenReady();
  if (process.platform === 'darwin') app.dock?.hide();
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

  const hardening = { trusted, devOrigin, openLink: (url: string) => openLink(url, warn), log };
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, hardening));
  hardenSession(session.defaultSession, hardening);
  handleAppProtocol(protocol, files.rendererDir);

  const dataDir = app.getPath('userData');
  const e2e = e2eHooksEnabled(process.env);
  const requested: EngineNotification[] = [];

  const settings = createSettingsStore(dataDir, warn);
  const ports: EnginePorts = {
    paths: enginePaths(dataDir, files.workerFile),
    settings,
    secrets: createSafeStorageSecrets({
      file: join(dataDir, SAFE_STORAGE_SECRETS_FILE),
      platform: process.platform,
      safeStorage,
      confirmStoringInClear: () => {
        const parent = mainWindow.visibleWindow();
        const options = clearSecretConsentDialog();
        const answer = parent ? dialog.showMessageBoxSync(parent, options) : dialog.showMessageBoxSync(options);
        return answer === STORE_IN_CLEAR_BUTTON;
      },
      warn,
    }),
    notifier: createDesktopNotifier({
      platform: process.platform,
      isSupported: () => Notification.isSupported(),
      createNotification: (text) => new Notification({ title: text.title, body: text.body }),
      openLink: (url) => openLink(url, warn),
      showWindow: () => mainWindow.show(),
      onRequested: (notification) => {
        if (e2e) requested.push(notification);
      },
    }),
    clock: systemClock,
    desktop: true,
    isOnline: () => net.isOnline(),
  };

  const engine = await createEngine(ports);
  const handlers: ContractHandlers = engine.handlers;

  const removeIpc = registerContractHandlers(ipcMain, handlers, {
    isAppWebContents: (id) => mainWindow.webContentsId() === id,
    checkSender: (facts) => validateSender(facts, trusted),
    onRefused: (channel, reason) => warn(`refused ${channel}: ${reason}`),
  });
  const stopForwarding = forwardContractEvents(engine, (message) => mainWindow.send(IPC_EVENT_CHANNEL, message));

  const onTrayAction = (action: TrayAction) => {
    runTrayAction(action, engine, mainWindow).catch((error: unknown) =>
      warn(`${action.kind} failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  const tray = new TrayController(
    {
      createTray: (iconPath) => new Tray(iconPath),
      setMenu: (instance, entries, onAction) => (instance as Tray).setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(entries, onAction))),
      iconPath: (phase) => trayIconPath(join(app.getAppPath(), 'assets'), phase, process.platform),
      now: () => Date.now(),
      onAction: onTrayAction,
      onClick: () => mainWindow.toggle(),
    },
    await engine.handlers['engine.status']({}),
  );
  const stopStatus = engine.on('engine:status', (status: EngineStatus) => tray.update(status));

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(appMenuTemplate(process.platform, !app.isPackaged, { openWindow: () => mainWindow.show(), quit: () => app.quit() })),
  );

  const stopPower = watchPowerAndNetwork({
    powerMonitor,
    isOnline: () => net.isOnline(),
    wake: () => engine.wake(),
    log,
    setInterval: (callback, ms) => setInterval(callback, ms),
    clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
  });

  const applyLoginSetting = (enabled: boolean) => {
    const plan = launchAtLoginPlan({
      enabled,
      platform: process.platform,
      packaged: app.isPackaged,
      executable: process.env.APPIMAGE ?? process.execPath,
      home: homedir(),
      xdgConfigHome: process.env.XDG_CONFIG_HOME,
    });
    try {
      applyLaunchAtLogin(plan, app, log);
    } catch (error) {
      // A read-only autostart folder must not keep the app from starting.
      warn(`launch at login could not be ${enabled ? 'enabled' : 'disabled'}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  applyLoginSetting(settings.get().launchAtLogin);
  settings.onChange((next, previous) => {
    if (next.launchAtLogin !== previous.launchAtLogin) applyLoginSetting(next.launchAtLogin);
  });

  if (e2e) {
    installE2EHooks({
      trayEntries: () => tray.entries,
      activateTrayEntry: (id) => tray.activate(id),
      notifications: requested,
      windowVisible: () => mainWindow.isVisible(),
    });
  }

  engine.start();
  const openedAtLogin = process.platform === 'darwin' ? app.getLoginItemSettings().wasOpenedAtLogin : false;
  if (!startsHidden(process.argv, openedAtLogin)) mainWindow.show();

  // Quit: stop the engine gracefully (running cycles finish, pool and database closed), then exit.
  const quit = new GracefulQuit({
    stop: async () => {
      stopPower();
      stopStatus();
      stopForwarding();
      removeIpc();
      await engine.stop();
      tray.destroy();
    },
    quit: () => app.quit(),
    log: warn,
    timeoutMs: STOP_TIMEOUT_MS,
  });
  app.on('before-quit', (event) => {
    mainWindow.allowClose();
    quit.beforeQuit(event);
  });

  // A signal asks for the same graceful quit as the tray's Quit; a second one exits at once.
  const stop = listenForStop(() => app.exit(130));
  void stop.stopped.then(() => app.quit());
}

async function runTrayAction(action: TrayAction, engine: Engine, mainWindow: MainWindow): Promise<void> {
  switch (action.kind) {
    case 'pause':
      await engine.handlers['engine.pause']({});
      return;
    case 'resume':
      await engine.handlers['engine.resume']({});
      return;
    case 'run-now':
      await engine.handlers['engine.runNow']({});
      return;
    case 'open-window':
      mainWindow.show();
      return;
    case 'open-link':
      openLink(action.url, warn);
      return;
    case 'quit':
      app.quit();
      return;
  }
}
