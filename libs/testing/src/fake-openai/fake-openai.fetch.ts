/**
 * A `fetch` for `new OpenAI({ fetch: sameRealmFetch })` in jest when a test asserts on client timeouts.
 *
 * Jest runs each test file in its own vm realm, but Node's global fetch throws its AbortError (a DOMException) from
 * the main realm. The SDK's `err instanceof Error` check then fails, it rebuilds the error as `Error('{}')`, loses
 * the 'AbortError' name and reports a timeout as a plain APIConnectionError. Re-throwing from the test's realm keeps
 * the name, so the SDK raises APIConnectionTimeoutError as it does outside jest.
 */
export const sameRealmFetch: typeof fetch = async (input, init) => {
  try {
    return await fetch(input, init);
  } catch (err: unknown) {
    if (err instanceof Error) throw err;
    const { name, message } = (err ?? {}) as { name?: unknown; message?: unknown };
    throw Object.assign(new Error(String(message ?? err)), { name: typeof name === 'string' ? name : 'Error', cause: err });
  }
};
