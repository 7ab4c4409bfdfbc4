// go-app looks through every localStorage value for expired states of its
// own, when the app starts and once a minute, copying each value into Go.
// Sundown keeps each day in a value of its own under "sundown/", and none of
// them is a go-app state: with ten years of history that scan made start-up
// 100 ms slower and froze the page for as long every minute. Hiding
// Sundown's keys from Object.keys(localStorage), the one call go-app lists
// them with, spares them the scan; Sundown lists its keys otherwise.
(() => {
  const keys = Object.keys;
  Object.keys = function (object) {
    const all = keys(object);
    return object === window.localStorage ? all.filter((key) => !key.startsWith("sundown/")) : all;
  };
})();
