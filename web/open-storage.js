// Opens Sundown's database while app.wasm is still downloading and
// compiling, so that the app finds it open instead of waiting for it once it
// runs (store.OpenIndexedDB takes sundownStorage and opens the database
// itself when it is missing or failed). It reads every key, the values
// that are neither days nor the calendar file (settings, the checklist,
// sync state) and the last week's days: what the first page needs. Other
// tabs' changes heard meanwhile are kept for the app to apply. The names,
// the version and the key prefix are package store's (kv_idb_js.go,
// store.go); a test compares them.
(() => {
  const heard = [];
  let changes;
  if (self.BroadcastChannel) {
    changes = new BroadcastChannel("sundown-kv");
    changes.onmessage = (event) => heard.push(event.data);
  }
  const opening = new Promise((resolve, reject) => {
    const open = indexedDB.open("sundown", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("kv");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction("kv", "readonly");
      const kv = tx.objectStore("kv");
      const keys = kv.getAllKeys();
      // Days are "sundown/day/…" ("0" is the character after "/"); the
      // calendar file is "sundown/meetings/file".
      const spans = [
        IDBKeyRange.upperBound("sundown/day/", true),
        IDBKeyRange.bound("sundown/day0", "sundown/meetings/file", false, true),
        IDBKeyRange.lowerBound("sundown/meetings/file", true),
      ];
      // And the last week's days, by this device's calendar: Today shows
      // today, and looks back for the last workday and the first move
      // planned at the last shutdown.
      const two = (n) => String(n).padStart(2, "0");
      const dayKey = (daysAgo) => {
        const d = new Date();
        d.setDate(d.getDate() - daysAgo);
        return `sundown/day/${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
      };
      spans.push(IDBKeyRange.bound(dayKey(7), dayKey(0)));
      const reads = spans.map((span) => [kv.getAllKeys(span), kv.getAll(span)]);
      tx.oncomplete = () => {
        const values = {};
        for (const [k, v] of reads) {
          k.result.forEach((key, i) => (values[key] = v.result[i]));
        }
        resolve({ db, keys: keys.result, values, changes, heard });
      };
      tx.onabort = () => reject(tx.error);
    };
  });
  // The app reads the answer, whatever it is; a refusal is the app's to
  // explain (it opens the database itself, and its own channel, and says
  // why it cannot).
  opening.catch(() => changes && changes.close());
  self.sundownStorage = opening;
})();
