import sodium from "libsodium-wrappers";

// libsodium is WebAssembly and must finish loading before any call; doing it once here lets every
// other module use it synchronously.
await sodium.ready;

/** The initialised libsodium instance shared by receipt codes, keyed hashes and sealing. */
export { sodium };
