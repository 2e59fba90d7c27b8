/**
 * The code under test in these examples: a client that swaps a DCS instance's master and standby
 * (v2 API, `POST …/swap`, 204 when done) and retries answers in the 5xx range. Yours would be
 * your own client, or an official SDK pointed at the mock's URL.
 */
export async function swapWithRetry(endpoint, project, instance, { tries = 3, delayMs = 10 } = {}) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${endpoint}/v2/${project}/instances/${instance}/swap`, { method: 'POST' });
    if (res.status === 204) return attempt;
    const body = await res.text();
    if (res.status < 500 || attempt >= tries) throw new Error(`swap failed after ${attempt} tries: ${res.status} ${body}`);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}
