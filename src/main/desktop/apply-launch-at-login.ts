import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LaunchAtLoginPlan } from './launch-at-login';

// Carries out a launch-at-login plan: Electron's login item on macOS and Windows, the XDG
// autostart file on Linux.

export interface LoginItemApi {
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

export function applyLaunchAtLogin(plan: LaunchAtLoginPlan, app: LoginItemApi, log: (message: string) => void): void {
  switch (plan.kind) {
    case 'login-item':
      app.setLoginItemSettings({ openAtLogin: plan.openAtLogin, args: plan.args });
      return;
    case 'autostart-file':
      if (plan.contents === null) {
        rmSync(plan.file, { force: true });
      } else {
        mkdirSync(dirname(plan.file), { recursive: true });
        writeFileSync(plan.file, plan.contents, { mode: 0o644 });
      }
      return;
    case 'unsupported':
      log(plan.reason);
      return;
  }
}
