/**
 * bench:gate's local trace collector, in its own process as a Collector would be (decoding the
 * exported spans must not take the measured process's CPU): the test suite's OTLP/HTTP
 * receiver. Sends `{ url }` when listening; answers `count` with `{ spans, cpuMs }` (its CPU so far).
 */
import { startOtlpReceiver } from '@msp/tests/support/otlp';

const receiver = await startOtlpReceiver();
process.send?.({ url: receiver.url });
process.on('message', (message: unknown) => {
  if (message === 'count') {
    const { user, system } = process.cpuUsage();
    process.send?.({ spans: receiver.spans.length, cpuMs: (user + system) / 1000 });
  }
  // Only the count is needed: keep memory flat over a long run.
  receiver.spans.length = 0;
});
process.on('disconnect', () => {
  void receiver.close().then(() => process.exit(0));
});
