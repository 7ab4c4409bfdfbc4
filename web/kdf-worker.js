// Derives the sync passphrase key with Argon2id off the page's thread, so
// Sundown keeps answering while the key is made. The work is done by a
// small Go program (cmd/sundown-kdf) built to web/kdf.wasm.
importScripts("/wasm_exec.js");

const go = new Go();
const ready = WebAssembly.instantiateStreaming(fetch("/web/kdf.wasm"), go.importObject)
  .then((result) => { go.run(result.instance); });

onmessage = async (event) => {
  const { passphrase, salt, time, memoryKiB, threads, keyLength } = event.data;
  try {
    await ready;
    const key = self.sundownDeriveKey(passphrase, salt, time, memoryKiB, threads, keyLength);
    postMessage({ key });
  } catch (err) {
    postMessage({ error: String(err) });
  }
};
