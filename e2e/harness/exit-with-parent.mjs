// Preloaded (`node --import`) into the Kineo API the e2e harness starts: when the test process
// goes away in any way (even SIGKILL, which runs no exit handler), the IPC channel to it closes and
// this process stops itself the graceful way (the server's SIGTERM handler), so a test run never
// leaves an API behind.
if (process.channel) {
  // The channel must not keep the server alive on its own, only tell it when the parent is gone.
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
