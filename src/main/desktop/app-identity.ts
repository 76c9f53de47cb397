// Names the operating system knows the app by. APP_ID must equal electron-builder.yml's appId:
// Windows matches notifications to the Start-menu shortcut by it (AppUserModelID), macOS uses it
// as the bundle identifier. A unit test reads the YAML and compares.

export const APP_ID = 'io.github.trigger-happy.desktop';
export const PRODUCT_NAME = 'Trigger Happy';
