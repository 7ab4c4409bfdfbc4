// Reads the meetings of days out of the user's calendar file off the
// page's thread, with a small Go program of its own (cmd/sundown-calendar)
// built to web/calendar.wasm: only someone who chose a calendar loads it.
importScripts("/wasm_exec.js");

const go = new Go();
const ready = WebAssembly.instantiateStreaming(fetch("/web/calendar.wasm"), go.importObject)
  .then((result) => { go.run(result.instance); });

onmessage = async (event) => {
  const { calendar, days } = event.data;
  try {
    await ready;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    postMessage(self.sundownMeetings(calendar, days, zone));
  } catch (err) {
    postMessage({ error: String(err) });
  }
};
