// Runs once, in jest's parent process, before the test workers start (they inherit
// its environment): builds run by tests must not leave build servers behind (see
// src/cli/serverLaunch.ts). The tests of that behaviour ask for it explicitly.
export default function globalSetup() {
  process.env.LAYERMAKE_SERVER ??= 'off';
}
