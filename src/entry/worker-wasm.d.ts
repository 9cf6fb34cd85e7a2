// wrangler and the vitest pool bundle a `.wasm` import as a precompiled WebAssembly.Module
// (workerd refuses to compile WASM from bytes at run time).
declare module '*.wasm' {
  const module: object
  export default module
}
